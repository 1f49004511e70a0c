"""Who may see the owner's pages, and what every response carries.

The owner signs in once with the token `pln serve` prints (`/?token=…`): it is
exchanged for a session cookie (HttpOnly, SameSite=Strict) and then is used up,
so a link seen over a shoulder or kept in a browser's history opens nothing.
Sessions live in memory only: stopping the server signs everyone out; they
also end unused for `IDLE_SECONDS`, after `LIFETIME_SECONDS`, or on "Sign
out". A browser sends a cookie to every port of the host, so each server's
cookie has a name of its own (its port): two servers never overwrite each
other's. Every form carries its session's CSRF token, checked before a POST
reads the store. Only requests naming a host pln printed are served
(`KnownHosts`: a site re-pointed at this machine by DNS is refused).
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import secrets
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from starlette.datastructures import FormData
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from plncrm.util.bounds import MAX_WEB_FORM

COOKIE = "pln_session"  # and the port: `cookie_name`
CSRF_FIELD = "csrf"
MAX_SESSIONS = 16  # one printed token makes one; a bound all the same
IDLE_SECONDS = 12 * 3600  # a session unused this long ends
LIFETIME_SECONDS = 24 * 3600  # and any session after this long
T = TypeVar("T")

# Every response: nothing fetched from elsewhere, never framed, no referrer
# (the token must not leak through one), nothing kept in a cache.
HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; form-action 'self'; "
        b"frame-ancestors 'none'; base-uri 'none'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cache-control", b"no-store"),
    (b"x-content-type-options", b"nosniff"),
)


class SecurityHeaders:
    """ASGI wrapper setting `HEADERS` on every response, errors included, and
    letting no cookie out without HttpOnly and SameSite=Strict."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        began = time.perf_counter()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                own = {name for name, _ in HEADERS}
                headers = [
                    (k, v)
                    for k, v in message.get("headers", [])
                    if k.lower() not in own and (k.lower() != b"set-cookie" or _strict(v))
                ]
                # The server's own time for the page (benchmarks/web_pages.py reads it).
                spent = f"app;dur={(time.perf_counter() - began) * 1000:.1f}".encode()
                message["headers"] = [*headers, *HEADERS, (b"server-timing", spent)]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class KnownHosts:
    """ASGI wrapper answering 400 to a request whose Host is not one of
    `hosts` (on `port`), before the app sees it: a page of another site whose
    name was re-pointed at this machine (DNS rebinding) reaches nothing. Also
    where a visitor who left mid-request (or was too slow, `server`) ends
    quietly: nobody is there to answer, and no traceback is worth writing."""

    def __init__(self, app: ASGIApp, hosts: Iterable[str], port: int) -> None:
        self.app = app
        self.hosts = frozenset(h.lower() for h in hosts)
        self.port = port

    def known(self, host: bytes) -> bool:
        name, colon, port = host.decode("latin-1").lower().rpartition(":")
        if not colon:  # no port: HTTP's own
            name, port = port, "80"
        return name in self.hosts and port == str(self.port)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        hosts = [v for k, v in scope["headers"] if k == b"host"]
        if len(hosts) != 1 or not self.known(hosts[0]):
            await _plain(send, 400, "Unknown host: open the address pln serve printed.")
            return
        with contextlib.suppress(ClientDisconnect):
            await self.app(scope, receive, send)


async def _plain(send: Send, status: int, text: str) -> None:
    body = text.encode()
    headers = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        *HEADERS,
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _strict(cookie: bytes) -> bool:
    """Whether a Set-Cookie value keeps the cookie from scripts and other sites:
    one that does not is never sent (a guard should a page ever set one)."""
    flags = {part.strip().lower() for part in cookie.split(b";")[1:]}
    return b"httponly" in flags and b"samesite=strict" in flags


def cookie_name(port: int) -> str:
    """The session cookie of the server on `port`."""
    return f"{COOKIE}_{port}"


@dataclass
class Session:
    began: float
    seen: float  # last used
    csrf: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    said: str | None = None  # what the last change did, for the page it redirects to

    def tell(self, said: str) -> None:
        self.said = said

    def told(self) -> str | None:
        """What the last change did, once."""
        said, self.said = self.said, None
        return said


@dataclass
class Gate:
    """The one-time sign-in token and the sessions it opened."""

    cookie: str = COOKIE
    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    sessions: dict[str, Session] = field(default_factory=dict)
    used: bool = False
    clock: Callable[[], float] = time.monotonic

    def sign_in(self, offered: str) -> str | None:
        """A new session's id for the right token, once; None otherwise."""
        if self.used or not hmac.compare_digest(offered.encode(), self.token.encode()):
            return None
        self.used = True
        if len(self.sessions) >= MAX_SESSIONS:
            self.sessions.pop(next(iter(self.sessions)))
        session_id = secrets.token_urlsafe(32)
        now = self.clock()
        self.sessions[session_id] = Session(began=now, seen=now)
        return session_id

    def session(self, request: Request) -> Session | None:
        """The request's session, if it is one and has not ended."""
        found = request.cookies.get(self.cookie, "")
        session = self.sessions.get(found) if found else None
        if session is None:
            return None
        now = self.clock()
        if now - session.seen > IDLE_SECONDS or now - session.began > LIFETIME_SECONDS:
            del self.sessions[found]
            return None
        session.seen = now
        return session

    def sign_out(self, request: Request) -> None:
        self.sessions.pop(request.cookies.get(self.cookie, ""), None)

    def set_cookie(self, response: Response, session_id: str) -> None:
        response.set_cookie(
            self.cookie,
            session_id,
            max_age=LIFETIME_SECONDS,
            httponly=True,
            samesite="strict",
            path="/",
        )

    def drop_cookie(self, response: Response) -> None:
        response.delete_cookie(self.cookie, httponly=True, samesite="strict", path="/")


def csrf_ok(session: Session, form: FormData) -> bool:
    offered = form.get(CSRF_FIELD)
    return isinstance(offered, str) and hmac.compare_digest(offered.encode(), session.csrf.encode())


Page = Callable[[Request, Session, FormData | None], Awaitable[Response]]


def owner_only(
    gate: Gate, refused: Callable[[Request, int, str], Response]
) -> Callable[[Page], Callable[[Request], Awaitable[Response]]]:
    """Wrap an owner's page: without the session cookie, 401; a POST without
    its session's CSRF token, 403; both before the page reads anything.
    The page gets the session and, for a POST, the form already read, and
    runs in `PageThread` (so a store that waits on a lock holds no other
    answer: the style sheet, a refusal)."""
    pages = PageThread()

    def wrap(page: Page) -> Callable[[Request], Awaitable[Response]]:
        async def guarded(request: Request) -> Response:
            session = gate.session(request)
            if session is None:
                return refused(request, 401, "Sign in with the link pln serve printed.")
            form: Any = None
            if request.method == "POST":
                if not 0 < int(request.headers.get("content-length") or 0) <= MAX_WEB_FORM:
                    return refused(request, 413, "This form is empty or too long.")
                form = await request.form(max_files=0, max_fields=64, max_part_size=MAX_WEB_FORM)
                if not csrf_ok(session, form):
                    return refused(request, 403, "This form has expired: open the page again.")
            return await pages.run(page(request, session, form))

        guarded.__name__ = page.__name__
        guarded.__doc__ = page.__doc__
        return guarded

    return wrap


class PageThread:
    """A thread with an event loop of its own, where the owner's pages run
    one at a time (as they ran on the server's loop: a change is named in
    `pln history` by its own words), while the server's loop goes on
    answering what needs no store."""

    def __init__(self) -> None:
        self.loop: asyncio.AbstractEventLoop | None = None
        self.lock = threading.Lock()

    async def run(self, page: Awaitable[T]) -> T:
        async def whole() -> T:
            return await page

        with self.lock:
            if self.loop is None:
                self.loop = asyncio.new_event_loop()
                thread = threading.Thread(target=self.loop.run_forever, name="pln-pages")
                thread.daemon = True
                thread.start()
        return await asyncio.wrap_future(asyncio.run_coroutine_threadsafe(whole(), self.loop))
