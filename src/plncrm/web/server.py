"""Running the app: a socket pln binds itself (so the address it prints is
the one it listens on, the port chosen by the system when none is given),
served by uvicorn until Ctrl-C, with no access log (an address may carry the
sign-in token).

Connections are bounded (`connections`): a request must arrive whole within
seconds, at most `most_connections()` are open at once, and running out of
open files is said once a minute."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import socket
from typing import TYPE_CHECKING

from plncrm.util.errors import Conflict, Invalid

if TYPE_CHECKING:
    from starlette.types import ASGIApp

LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"  # only with --lan, which says so
NAMES = ("127.0.0.1", "localhost")  # what a browser here may call the server

MOST_CONNECTIONS = 64  # a phone or a tablet opens six at most
KEEP_ALIVE_SECONDS = 5


def bind(host: str, port: int | None) -> socket.socket:
    """A listening socket on `host`:`port` (any free port when None)."""
    if port is not None and not 0 < port < 65536:
        raise Invalid(f"--port {port}: a port is 1 to 65535")
    # IPPROTO_TCP named, not left 0: asyncio sets TCP_NODELAY only on a socket
    # that says it is TCP, and without it every page's body waited 40 ms for
    # the headers' delayed acknowledgement.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port or 0))
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise Conflict(f"port {port} is in use: choose another with --port N") from None
        if exc.errno == errno.EACCES:
            raise Invalid(f"port {port} needs privileges: choose one above 1023") from None
        raise Invalid(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.set_inheritable(True)
    return sock


def port_of(sock: socket.socket) -> int:
    return int(sock.getsockname()[1])


def lan_address() -> str:
    """This machine's address on its local network: the one a packet to
    another network would leave from (a UDP socket is only pointed there,
    nothing is sent); the loopback address when there is no network."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.254.254.254", 9))
            address = str(probe.getsockname()[0])
        except OSError:
            return LOOPBACK
    return address if address != EVERYWHERE else LOOPBACK


def printed_host(sock: socket.socket) -> str:
    """The address pln prints for `sock`: the LAN's when it listens everywhere."""
    return lan_address() if sock.getsockname()[0] == EVERYWHERE else LOOPBACK


def known_hosts(sock: socket.socket) -> frozenset[str]:
    """The names a request may give as its Host: those pln printed or a
    browser here uses, never another site's (DNS rebinding)."""
    return frozenset({*NAMES, printed_host(sock)})


def most_connections() -> int:
    """Connections held at once: well under the open-files limit."""
    import resource

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return MOST_CONNECTIONS
    return max(4, min(MOST_CONNECTIONS, soft // 4))


def run(app: ASGIApp, sock: socket.socket) -> None:
    """Serve `app` on `sock` until Ctrl-C (or SIGTERM): requests under way
    finish, then the server stops. Only requests naming a known host
    (`known_hosts`) reach `app`."""
    import uvicorn

    from plncrm.web import connections, security

    config = uvicorn.Config(
        security.KnownHosts(app, known_hosts(sock), port_of(sock)),
        http=connections.bounded(most_connections()),
        access_log=False,
        log_level="warning",
        lifespan="off",
        server_header=False,
        date_header=False,
        timeout_keep_alive=KEEP_ALIVE_SECONDS,
        timeout_graceful_shutdown=5,
    )
    served = uvicorn.Server(config)

    async def serve() -> None:
        asyncio.get_running_loop().set_exception_handler(connections.OutOfFiles())
        await served.serve(sockets=[sock])

    # uvicorn raises the Ctrl-C it stopped on again, once it has stopped.
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve())
