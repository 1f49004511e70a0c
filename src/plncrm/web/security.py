"""Who may see the owner's pages, and what every response carries.

The owner signs in once with the token `pln serve` prints (`/?token=…`): it is
exchanged for a session cookie (HttpOnly, SameSite=Strict) and then is used up,
so a link seen over a shoulder or kept in a browser's history opens nothing.
Sessions live in memory only: stopping the server signs everyone out. Every
form carries its session's CSRF token, checked before a POST reads the store.
"""

from __future__ import annotations

import hmac
import secrets
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from plncrm.util.bounds import MAX_WEB_FORM

COOKIE = "pln_session"
CSRF_FIELD = "csrf"
MAX_SESSIONS = 16  # one printed token makes one; a bound all the same

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


def _strict(cookie: bytes) -> bool:
    """Whether a Set-Cookie value keeps the cookie from scripts and other sites:
    one that does not is never sent (a guard should a page ever set one)."""
    flags = {part.strip().lower() for part in cookie.split(b";")[1:]}
    return b"httponly" in flags and b"samesite=strict" in flags


@dataclass
class Session:
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

    token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    sessions: dict[str, Session] = field(default_factory=dict)
    used: bool = False

    def sign_in(self, offered: str) -> str | None:
        """A new session's id for the right token, once; None otherwise."""
        if self.used or not hmac.compare_digest(offered.encode(), self.token.encode()):
            return None
        self.used = True
        if len(self.sessions) >= MAX_SESSIONS:
            self.sessions.pop(next(iter(self.sessions)))
        session_id = secrets.token_urlsafe(32)
        self.sessions[session_id] = Session()
        return session_id

    def session(self, request: Request) -> Session | None:
        found = request.cookies.get(COOKIE, "")
        return self.sessions.get(found) if found else None


def set_session_cookie(response: Response, session_id: str) -> None:
    response.set_cookie(COOKIE, session_id, httponly=True, samesite="strict", path="/")


def csrf_ok(session: Session, form: FormData) -> bool:
    offered = form.get(CSRF_FIELD)
    return isinstance(offered, str) and hmac.compare_digest(offered.encode(), session.csrf.encode())


Page = Callable[[Request, Session, FormData | None], Awaitable[Response]]


def owner_only(
    gate: Gate, refused: Callable[[Request, int, str], Response]
) -> Callable[[Page], Callable[[Request], Awaitable[Response]]]:
    """Wrap an owner's page: without the session cookie, 401; a POST without
    its session's CSRF token, 403; both before the page reads anything.
    The page gets the session and, for a POST, the form already read."""

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
            return await page(request, session, form)

        guarded.__name__ = page.__name__
        guarded.__doc__ = page.__doc__
        return guarded

    return wrap
