"""Real servers on the loopback interface for the tests that meet one: an HTTP
receiver for Apprise's JSON webhook, an SMTP server (aiosmtpd), a CalDAV
server (Radicale), a stand-in for Bluesky's API, and hostile HTTP servers
(trickling, flooding, cut short). Never the internet, never a mock of the
system itself."""

from __future__ import annotations

import itertools
import json
import socket
import subprocess
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, NamedTuple

import pytest

# What here starts a server (or measures an installed `pln` talking to one). A
# test that calls one, or asks for a fixture that does, is marked slow: the
# quick run, `pytest -m "not slow"`, leaves it out, and conftest.py fails a
# test that starts one unmarked.
STARTERS = frozenset(
    (
        "webhook",
        "smtp_server",
        "mail_server",
        "hostile_smtp",
        "radicale",
        "vdirsyncer",
        "hostile_http",
        "bluesky_api",
        "run_measured",
        "imap_account",  # imap_servers.py: an account on the Dovecot of .ci/dovecot
        "hostile_imap",
        "pln_serve",  # web_servers.py: `pln serve` itself, in a process of its own
    )
)


def starters_called(*functions: Callable[..., object]) -> set[str]:
    """The STARTERS these functions name in their code (a local import, a
    global, an attribute), functions nested in them included."""

    def names(code: types.CodeType) -> set[str]:
        found = set(code.co_names)
        for const in code.co_consts:
            if isinstance(const, types.CodeType):
                found |= names(const)
        return found

    called: set[str] = set()
    for function in functions:
        code = getattr(function, "__code__", None)
        if code is not None:
            called |= names(code) & STARTERS
    return called


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Webhook:
    """What the JSON webhook received, and what it answers."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self.paths: list[str] = []
        self.status = 200
        self.port = 0

    @property
    def url(self) -> str:
        return f"json://127.0.0.1:{self.port}/"


@contextmanager
def webhook() -> Iterator[Webhook]:
    hook = Webhook()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            hook.received.append(json.loads(body))
            hook.paths.append(self.path)
            self.send_response(hook.status)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    hook.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield hook
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def smtp_server(password: str) -> Iterator[MailServer]:
    """An SMTP server that takes mail from user "pln" with `password` (AUTH over
    plain SMTP, as a local relay would); `.messages`: what it received, as text."""
    with mail_server(password, user="pln") as box:
        yield box


class Received(NamedTuple):
    sender: str  # the envelope's MAIL FROM
    recipients: list[str]  # its RCPT TO
    content: bytes  # the message as it arrived


class MailServer:
    """What an SMTP server received, and how it misbehaves: `refuse` holds
    recipients it answers 550 to; after `drop_after` messages it hangs up on
    the next one (the message is lost, as when a connection drops)."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.received: list[Received] = []
        self.refuse: set[str] = set()
        self.closing: set[str] = set()  # answered 421: the server is going away
        self.drop_after: int | None = None
        self.logins: list[tuple[bytes, bytes]] = []

    @property
    def messages(self) -> list[str]:
        return [r.content.decode("utf-8", "replace") for r in self.received]

    def parsed(self) -> list[Any]:
        from email import message_from_bytes
        from email.policy import default

        return [message_from_bytes(r.content, policy=default) for r in self.received]


@contextmanager
def mail_server(
    password: str = "app-password-1", user: str = "me", login: bool = True
) -> Iterator[MailServer]:
    """An SMTP server on 127.0.0.1 (aiosmtpd) taking mail from `user` with
    `password`, as a provider's submission port does (without TLS: loopback);
    without `login`, a relay that takes mail from anyone and offers no AUTH."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    box = MailServer(free_port())

    class Handler:
        async def handle_RCPT(
            self, server: object, session: object, envelope: Any, address: str, options: Any
        ) -> str:
            if address in box.refuse:
                return "550 5.1.1 no such mailbox here"
            if address in box.closing:
                return "421 4.3.2 shutting down for maintenance"
            envelope.rcpt_tos.append(address)
            return "250 OK"

        async def handle_DATA(self, server: Any, session: object, envelope: Any) -> str:
            if box.drop_after is not None and len(box.received) >= box.drop_after:
                server.transport.close()
                return "421 going away"
            box.received.append(
                Received(envelope.mail_from, list(envelope.rcpt_tos), bytes(envelope.content))
            )
            return "250 OK"

    def check(
        server: object, session: object, envelope: object, mechanism: str, data: Any
    ) -> AuthResult:
        box.logins.append((data.login, data.password))
        ok = data.login == user.encode() and data.password == password.encode()
        return AuthResult(success=ok, handled=False)

    options: dict[str, Any] = (
        {"authenticator": check, "auth_require_tls": False, "auth_exclude_mechanism": ["LOGIN"]}
        if login
        else {}
    )
    controller = Controller(
        Handler(), hostname="127.0.0.1", port=box.port, decode_data=False, **options
    )
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@contextmanager
def hostile_smtp(how: str) -> Iterator[int]:
    """An SMTP server on 127.0.0.1 (its port) that greets `how`: "trickle",
    a byte every 0.2 s of a greeting that never ends; "endless", greeting
    lines without end, as fast as they are read."""
    stop = threading.Event()
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(0.2)

    def greet(conn: socket.socket) -> None:
        with conn:
            try:
                while not stop.is_set():
                    if how == "trickle":
                        for byte in b"220-still here\r\n":
                            conn.sendall(bytes([byte]))
                            if stop.wait(0.2):
                                return
                    else:
                        conn.sendall(b"220-" + b"A" * 70 + b"\r\n")
            except OSError:
                return

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                continue
            threading.Thread(target=greet, args=(conn,), daemon=True).start()

    threading.Thread(target=serve, daemon=True).start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        listener.close()


VDIRSYNCER = Path(sys.executable).with_name("vdirsyncer")


def vdirsyncer(config: Path, *args: str) -> None:
    """Run the installed vdirsyncer with `config`, answering yes to its questions."""
    if not VDIRSYNCER.exists():
        pytest.skip("vdirsyncer is not installed (pip install -e '.[dev]')")
    result = subprocess.run(
        [str(VDIRSYNCER), "-c", str(config), *args],
        input="y\n",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr


class CalDav:
    def __init__(self, port: int, user: str, password: str) -> None:
        self.port, self.user, self.password = port, user, password

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def client(self) -> Any:
        import caldav

        return caldav.DAVClient(self.base, username=self.user, password=self.password)


@contextmanager
def radicale(folder: Path, user: str = "pln", password: str = "s3cret-dav") -> Iterator[CalDav]:
    """Radicale on 127.0.0.1 with one htpasswd user; skips with the reason
    when it cannot start here."""
    pytest.importorskip("radicale", reason="Radicale is not installed (pip install -e '.[dev]')")
    folder.mkdir(parents=True, exist_ok=True)
    users = folder / "users"
    users.write_text(f"{user}:{password}\n")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "radicale",
            f"--storage-filesystem-folder={folder / 'collections'}",
            f"--server-hosts=127.0.0.1:{port}",
            "--auth-type=htpasswd",
            f"--auth-htpasswd-filename={users}",
            "--auth-htpasswd-encryption=plain",
            "--logging-level=warning",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        for _ in range(100):
            if process.poll() is not None:
                pytest.skip(f"Radicale could not start: {process.stderr.read().decode()[-300:]}")  # type: ignore[union-attr]
            try:
                socket.create_connection(("127.0.0.1", port), 0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.skip("Radicale did not answer on 127.0.0.1 within 10 s")
        yield CalDav(port, user, password)
    finally:
        process.terminate()
        process.wait(10)


# How a hostile server answers (`misbehave`): headers one byte at a time, for
# ever; the headers at once, then a body one byte at a time; an endless body,
# with no length (read until closed), with a length of 3 GB, or chunked; a
# length of 1,000 bytes, then 10 bytes and the connection closed.
MISBEHAVIOURS = (
    "trickle-headers",
    "trickle-body",
    "flood",
    "flood-declared",
    "flood-chunked",
    "short",
)
TRICKLE = 0.02  # seconds between two bytes of a trickle


def misbehave(handler: BaseHTTPRequestHandler, how: str, stop: threading.Event) -> None:
    """Answer `handler`'s request the hostile way `how`, until `stop` is set
    or the client hangs up."""
    out = handler.wfile
    handler.close_connection = True
    try:
        if how == "trickle-headers":
            for byte in itertools.cycle(b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 50):
                if stop.is_set():
                    return
                out.write(bytes([byte]))
                out.flush()
                time.sleep(TRICKLE)
        length = {"trickle-body": 1_000_000, "flood-declared": 3_000_000_000, "short": 1_000}
        head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
        if how in length:
            head += f"Content-Length: {length[how]}\r\n"
        elif how == "flood-chunked":
            head += "Transfer-Encoding: chunked\r\n"
        out.write((head + "Connection: close\r\n\r\n").encode())
        out.flush()
        if how == "short":
            out.write(b'{"items": [')
            return
        chunk = b" " * 65_536
        if how == "flood-chunked":
            chunk = b"%x\r\n%s\r\n" % (len(chunk), chunk)
        while not stop.is_set():
            if how == "trickle-body":
                out.write(b" ")
                out.flush()
                time.sleep(TRICKLE)
            else:
                out.write(chunk)
    except OSError:  # the client gave up: what it should do
        return


class Hostile:
    def __init__(self, how: str) -> None:
        assert how in MISBEHAVIOURS, how
        self.how = how
        self.port = 0
        self.requests = 0
        self.stop = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def hostile_http(how: str) -> Iterator[Hostile]:
    """An HTTP server on 127.0.0.1 that answers every GET and POST the way
    `how` says (`MISBEHAVIOURS`)."""
    server_state = Hostile(how)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            server_state.requests += 1
            misbehave(self, server_state.how, server_state.stop)

        def do_POST(self) -> None:
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            self.do_GET()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server_state.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server_state
    finally:
        server_state.stop.set()
        server.shutdown()
        server.server_close()


class FakeBluesky:
    """A local stand-in for Bluesky's public API (app.bsky.graph.getStarterPack,
    getList with pages, com.atproto.identity.resolveHandle), answering in its
    real shapes; `rate_limited` answers that many requests 429 first (with
    `retry_after` as Retry-After), `malformed` answers getList with a body
    that is not JSON, `body` with these bytes instead, `looping` with pages
    of people without a handle, each with a new cursor (or always the same
    one: "same"), and `misbehave` in one of the hostile ways
    (`MISBEHAVIOURS`)."""

    def __init__(self, people: int) -> None:
        self.port = 0
        self.rate_limited = 0
        self.retry_after = "1"
        self.malformed = False
        self.body: bytes | None = None
        self.looping: str | None = None
        self.misbehave: str | None = None
        self.stop = threading.Event()
        self.requests: list[str] = []
        self.did = "did:plc:edusky0maths0pack"
        names = ["Ana Lima", "Conor O'Brien", "田中 浩", "Zoë Brooks", "Ana Lima"]
        self.profiles = [
            {
                "did": f"did:plc:teacher{i:04d}",
                "handle": f"teacher{i}.bsky.social",
                "displayName": f"{names[i % len(names)]} {i}" if i % 7 else "",
                "description": f"Maths teacher #{i}; number talks, #EduSky",
                "avatar": f"https://cdn.example/{i}.jpg",
                "labels": [],
            }
            for i in range(people)
        ]

    @property
    def api(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def answer(self, path: str, query: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        self.requests.append(path)
        method = path.removeprefix("/xrpc/")
        if method == "com.atproto.identity.resolveHandle":
            if query.get("handle") == "edusky.bsky.social":
                return 200, {}, json.dumps({"did": self.did}).encode()
            return 400, {}, b'{"error":"InvalidRequest","message":"Unable to resolve handle"}'
        list_uri = f"at://{self.did}/app.bsky.graph.list/3kmaths"
        if method == "app.bsky.graph.getStarterPack":
            if query.get("starterPack") != f"at://{self.did}/app.bsky.graph.starterpack/3kpack":
                return 400, {}, b'{"error":"NotFound","message":"Starter pack not found"}'
            pack = {
                "uri": query["starterPack"],
                "cid": "bafy",
                "indexedAt": "2026-01-01T00:00:00Z",
                "record": {
                    "$type": "app.bsky.graph.starterpack",
                    "name": "EduSky: Maths",
                    "list": list_uri,
                    "createdAt": "2026-01-01T00:00:00Z",
                },
                "creator": {"did": self.did, "handle": "edusky.bsky.social"},
                "listItemCount": len(self.profiles),
            }
            return 200, {}, json.dumps({"starterPack": pack}).encode()
        if method == "app.bsky.graph.getList":
            if self.rate_limited > 0:
                self.rate_limited -= 1
                return 429, {"Retry-After": self.retry_after}, b'{"error":"RateLimitExceeded"}'
            if self.malformed:
                return 200, {}, b"<html>upstream error</html>"
            if self.body is not None:
                return 200, {}, self.body
            if self.looping:
                cursor = "same" if self.looping == "same" else str(len(self.requests))
                items = [{"uri": "at://x", "subject": {"did": "did:plc:nohandle"}}] * 100
                looped = {"list": {"uri": list_uri}, "items": items, "cursor": cursor}
                return 200, {}, json.dumps(looped).encode()
            if query.get("list") != list_uri:
                return 400, {}, b'{"error":"InvalidRequest","message":"List not found"}'
            start, size = int(query.get("cursor") or 0), min(int(query.get("limit") or 50), 100)
            page = self.profiles[start : start + size]
            body: dict[str, Any] = {
                "list": {
                    "uri": list_uri,
                    "name": "EduSky: Maths (list)",
                    "listItemCount": len(self.profiles),
                    "purpose": "app.bsky.graph.defs#referencelist",
                },
                "items": [
                    {
                        "uri": f"at://{self.did}/app.bsky.graph.listitem/{p['did'][-4:]}",
                        "subject": p,
                    }
                    for p in page
                ],
            }
            if start + size < len(self.profiles):
                body["cursor"] = str(start + size)
            return 200, {}, json.dumps(body).encode()
        return 404, {}, b'{"error":"MethodNotImplemented"}'


@contextmanager
def bluesky_api(people: int = 150) -> Iterator[FakeBluesky]:
    from urllib.parse import parse_qsl, urlsplit

    fake = FakeBluesky(people)

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            url = urlsplit(self.path)
            if fake.misbehave and url.path == "/xrpc/app.bsky.graph.getList":
                fake.requests.append(url.path)
                misbehave(self, fake.misbehave, fake.stop)
                return
            status, headers, body = fake.answer(url.path, dict(parse_qsl(url.query)))
            self.send_response(status)
            for name, value in {"Content-Type": "application/json", **headers}.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield fake
    finally:
        fake.stop.set()
        server.shutdown()
        server.server_close()


class Measured(NamedTuple):
    returncode: int
    stdout: str
    stderr: str
    seconds: float
    peak_mb: float  # the largest resident size the process reached


# Linux carries a process's memory high-water mark across exec, so a command
# started straight from a test process that has grown to 250 MB reports at
# least 250 MB itself. A small interpreter in between starts it afresh, and
# reports that child's own peak (in KiB) on the file named first.
_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.call(sys.argv[2:])\n"
    "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss\n"
    "open(sys.argv[1], 'w').write(str(peak))\n"
    "sys.exit(code)\n"
)


def run_measured(argv: list[str], env: dict[str, str], limit: float = 120) -> Measured:
    """Run `argv` and measure it alone: its own peak memory (see `_MEASURE`),
    not the test process's nor its other children's."""
    import os
    import tempfile

    with tempfile.NamedTemporaryFile(prefix="pln-peak-", delete=False) as report:
        pass
    start = time.monotonic()
    process = subprocess.Popen(
        [sys.executable, "-c", _MEASURE, report.name, *argv],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    timer = threading.Timer(limit, process.kill)  # a hang fails the test, never the suite
    timer.start()
    errors: list[bytes] = []
    try:
        assert process.stdout is not None
        assert process.stderr is not None
        stderr = process.stderr
        reader = threading.Thread(target=lambda: errors.append(stderr.read()))
        reader.start()
        out = process.stdout.read()
        reader.join()
        process.wait()
        peak = int(Path(report.name).read_text() or 0)
    finally:
        timer.cancel()
        os.unlink(report.name)
    return Measured(
        process.returncode,
        out.decode(errors="replace"),
        b"".join(errors).decode(errors="replace"),
        time.monotonic() - start,
        peak / 1024,
    )
