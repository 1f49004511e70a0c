"""IMAP servers on the loopback interface: an account of its own on the
throwaway Dovecot that `.ci/dovecot` starts (PLN_TEST_IMAP), and hostile
servers that trickle, never end a line, or offer no TLS. Their starters are
in servers.STARTERS: a test that uses one is marked slow."""

from __future__ import annotations

import imaplib
import os
import socket
import socketserver
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NamedTuple
from urllib.parse import urlsplit

import pytest

NEEDS_DOVECOT = "needs Dovecot (set PLN_TEST_IMAP)"
HAS_DOVECOT = bool(os.environ.get("PLN_TEST_IMAP"))
SENT = "Sent Items"  # the folder .ci/dovecot marks \Sent, named as Outlook's


class ImapBox(NamedTuple):
    """A fresh account on the test Dovecot: an empty INBOX and Sent Items of
    its own, whatever other tests do beside it."""

    port: int  # STARTTLS
    tls_port: int  # imaps
    user: str
    password: str
    ca: str  # the server's certificate, for SSL_CERT_FILE

    def url(self, *, tls: bool = False) -> str:
        """The account as `pln config mail.imap` takes it (no password)."""
        if tls:
            return f"imaps://{self.user}@127.0.0.1:{self.tls_port}"
        return f"imap://{self.user}@127.0.0.1:{self.port}"

    def client(self) -> imaplib.IMAP4:
        """A logged-in client of the test's own (no TLS: it is on loopback)."""
        client = imaplib.IMAP4("127.0.0.1", self.port, timeout=10)
        client.login(self.user, self.password)
        return client

    def append(self, folder: str, *messages: bytes) -> None:
        client = self.client()
        try:
            for message in messages:
                kind, said = client.append(f'"{folder}"', None, None, message)
                assert kind == "OK", said
        finally:
            client.logout()

    def flags(self, folder: str) -> list[bytes]:
        """Each message's flags in `folder` (\\Seen among them, or not)."""
        client = self.client()
        try:
            client.select(f'"{folder}"', readonly=True)
            _, data = client.fetch("1:*", "(FLAGS)")
            return [d for d in data if isinstance(d, bytes)]
        finally:
            client.logout()


@contextmanager
def imap_account() -> Iterator[ImapBox]:
    """A new account (pln@RANDOM: .ci/dovecot's one user, under a name of its
    own) on the Dovecot of PLN_TEST_IMAP; skips the test without one."""
    if not HAS_DOVECOT:
        pytest.skip(NEEDS_DOVECOT)
    plain = urlsplit(os.environ["PLN_TEST_IMAP"])
    tls = urlsplit(os.environ.get("PLN_TEST_IMAPS", ""))
    assert plain.port
    assert plain.username
    assert plain.password
    yield ImapBox(
        plain.port,
        tls.port or 0,
        f"{plain.username}@t{uuid.uuid4().hex[:12]}",
        plain.password,
        os.environ.get("PLN_TEST_IMAP_CA", ""),
    )


HOSTILE = ("trickle", "endless-line", "no-starttls")


class HostileImap:
    def __init__(self, how: str, host: str) -> None:
        assert how in HOSTILE, how
        self.how, self.host = how, host
        self.port = 0
        self.heard: list[bytes] = []  # every command line it received
        self.stop = threading.Event()

    def url(self) -> str:
        return f"imap://me@{self.host}:{self.port}"


@contextmanager
def hostile_imap(how: str, host: str = "127.0.0.1") -> Iterator[HostileImap]:
    """An IMAP server on `host` (any 127.x address) that misbehaves: "trickle"
    sends its greeting a byte at a time, forever; "endless-line" sends one
    line that never ends; "no-starttls" is polite but offers no TLS, and
    records what it hears (a password must never come)."""
    hostile = HostileImap(how, host)

    class Handler(socketserver.StreamRequestHandler):
        def handle(self) -> None:
            try:
                if how == "trickle":
                    while not hostile.stop.is_set():
                        self.wfile.write(b"*")
                        self.wfile.flush()
                        time.sleep(0.05)
                elif how == "endless-line":
                    self.wfile.write(b"* OK ")
                    while not hostile.stop.is_set():
                        self.wfile.write(b"x" * 65_536)
                else:
                    self._polite()
            except OSError:  # the client gave up: what it should do
                return

        def _polite(self) -> None:
            self.wfile.write(b"* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] hello\r\n")
            while line := self.rfile.readline(10_000):
                hostile.heard.append(line)
                tag = line.split(b" ", 1)[0]
                if b" CAPABILITY" in line.upper():
                    self.wfile.write(b"* CAPABILITY IMAP4rev1 AUTH=PLAIN\r\n")
                    self.wfile.write(tag + b" OK done\r\n")
                elif b" LOGOUT" in line.upper():
                    self.wfile.write(b"* BYE\r\n" + tag + b" OK bye\r\n")
                    return
                else:
                    self.wfile.write(tag + b" NO not here\r\n")

    class Server(socketserver.ThreadingTCPServer):
        daemon_threads = True
        allow_reuse_address = True

    server = Server((host, 0), Handler)
    hostile.port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield hostile
    finally:
        hostile.stop.set()
        server.shutdown()
        server.server_close()


def closed_port() -> int:
    """A port on 127.0.0.1 where nothing listens."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
