"""Real servers on the loopback interface for the tests that meet one: an HTTP
receiver for Apprise's JSON webhook, an SMTP server (aiosmtpd), and a CalDAV
server (Radicale). Never the internet, never a mock of the system itself."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest


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


class Mailbox:
    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[str] = []


@contextmanager
def smtp_server(password: str) -> Iterator[Mailbox]:
    """An SMTP server that takes mail from user "pln" with `password` (AUTH over
    plain SMTP, as a local relay would)."""
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    box = Mailbox(free_port())

    class Handler:
        async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
            box.messages.append(envelope.content.decode("utf-8", "replace"))
            return "250 OK"

    def check(
        server: object, session: object, envelope: object, mechanism: str, data: Any
    ) -> AuthResult:
        ok = data.login == b"pln" and data.password == password.encode()
        return AuthResult(success=ok, handled=False)  # aiosmtpd answers 535 itself

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port, authenticator=check,
                            auth_require_tls=False, auth_exclude_mechanism=["LOGIN"])  # fmt: skip
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


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
        [sys.executable, "-m", "radicale", f"--storage-filesystem-folder={folder / 'collections'}",
         f"--server-hosts=127.0.0.1:{port}", "--auth-type=htpasswd",
         f"--auth-htpasswd-filename={users}", "--auth-htpasswd-encryption=plain",
         "--logging-level=warning"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
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
