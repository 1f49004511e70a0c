"""Running the app: a socket pln binds itself (so the address it prints is
the one it listens on, the port chosen by the system when none is given),
served by uvicorn until Ctrl-C, with no access log (an address may carry the
sign-in token)."""

from __future__ import annotations

import contextlib
import errno
import socket
from typing import TYPE_CHECKING

from plncrm.util.errors import Conflict, Invalid

if TYPE_CHECKING:
    from starlette.types import ASGIApp

LOOPBACK = "127.0.0.1"
EVERYWHERE = "0.0.0.0"  # only with --lan, which says so


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


def run(app: ASGIApp, sock: socket.socket) -> None:
    """Serve `app` on `sock` until Ctrl-C (or SIGTERM): requests under way
    finish, then the server stops."""
    import uvicorn

    config = uvicorn.Config(
        app,
        access_log=False,
        log_level="warning",
        lifespan="off",
        server_header=False,
        date_header=False,
        timeout_graceful_shutdown=5,
    )
    # uvicorn raises the Ctrl-C it stopped on again, once it has stopped.
    with contextlib.suppress(KeyboardInterrupt):
        uvicorn.Server(config).run(sockets=[sock])
