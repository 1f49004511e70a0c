"""The visitor kiosk (`pln serve --kiosk EVENT`): a form on a tablet at the
booth, and nothing else. No sign-in, and no page that lists or shows anyone.

A visitor fills the form in; the visit is recorded in one journaled
transaction (`importers.visitors.record`) and the browser is sent on
(POST-redirect-GET) to a thank-you page with each chosen resource as a QR code.
That page can be opened once: after its pause (the Refresh header) or a tap,
the form is blank again, and Back finds nothing of the last visitor (every
response `no-store`; the form is never filled in by the server and keeps no
state of its own, `autocomplete="off"`).

What keeps a bot or a prankster from filling the store: each form carries a
token of its own, good once (the CSRF token: no session is needed); a field
hidden from people that a bot fills in (the honeypot: answered as if all went
well, nothing kept); and at most `kiosk.per-minute` submissions a minute
(429, nothing read or kept)."""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import TYPE_CHECKING

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from plncrm.importers.visitors import Booth, Offer, Visit, read_visit, record
from plncrm.util import qr
from plncrm.util.bounds import MAX_WEB_FORM
from plncrm.util.errors import PlnError
from plncrm.web import security
from plncrm.web.templating import STATIC, page, status_of

if TYPE_CHECKING:
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

    from plncrm.web.backend import Backend

HONEYPOT = "website"  # the field people never see (hidden); a bot fills it in
PAUSE_SECONDS = 20  # the thank-you page, then the blank form again
FORM_TTL = 12 * 3600  # a form left open this long is refused (filled in again)
MAX_FORMS = 4096  # forms handed out and not yet sent; the oldest go first
FORMS_PER_MINUTE = 60  # forms one client may ask for: asking for more would push others' out
BUSY = "Many visitors at once: please try again in a minute."
THANKS_TTL = 600  # a thank-you page not opened by then is gone
MAX_THANKS = 32
QR_SCALE = 5


@dataclass(frozen=True)
class Thanks:
    """What a thank-you page shows: the resources chosen, and whether the
    visit was kept (nothing of the visitor themselves)."""

    offers: tuple[Offer, ...]
    kept: bool
    invited: bool = False  # kept, and on the list for the hosted event


@dataclass
class Tally:
    """What the kiosk took while it ran, for the line `pln serve --kiosk` says
    when it stops (counts only: the terminal may face the booth)."""

    kept: int = 0  # visitors recorded
    unconsented: int = 0  # thanked, nothing kept
    bots: int = 0  # the hidden field filled in
    turned_away: int = 0  # over the per-minute limit

    def took(self, *, bot: bool, kept: bool) -> None:
        if bot:
            self.bots += 1
        elif kept:
            self.kept += 1
        else:
            self.unconsented += 1


class Once:
    """Tokens good once and for a while (forms handed out, thank-you pages),
    at most `size` of them. Used only on the event loop: no lock."""

    def __init__(self, size: int, ttl: float) -> None:
        self.size, self.ttl = size, ttl
        self.held: OrderedDict[str, tuple[float, Thanks | None]] = OrderedDict()

    def issue(self, value: Thanks | None = None) -> str:
        token = secrets.token_urlsafe(24)
        self.held[token] = (time.monotonic(), value)
        while len(self.held) > self.size:
            self.held.popitem(last=False)
        return token

    def take(self, token: str) -> tuple[bool, Thanks | None]:
        """Whether `token` was held and still fresh (it is gone either way), and its value."""
        found = self.held.pop(token, None) if token else None
        if found is None or time.monotonic() - found[0] > self.ttl:
            return False, None
        return True, found[1]


class Limit:
    """At most `per_minute` of something in any minute (a sliding window), for
    each client (its address) and, at `overall` times that, for all of them:
    one prankster is slowed without locking the booth's tablet out."""

    def __init__(self, per_minute: int, overall: int = 10, clients: int = 1024) -> None:
        self.per_minute, self.overall, self.clients = per_minute, per_minute * overall, clients
        self.seen: OrderedDict[str, deque[float]] = OrderedDict()
        self.all: deque[float] = deque()

    def allow(self, client: str) -> bool:
        now = time.monotonic()
        mine = self.seen.pop(client, None) or deque()
        self.seen[client] = mine  # the most recent client last; the oldest go first
        while len(self.seen) > self.clients:
            self.seen.popitem(last=False)
        for window in (mine, self.all):
            while window and now - window[0] >= 60:
                window.popleft()
        if len(mine) >= self.per_minute or len(self.all) >= self.overall:
            return False
        mine.append(now)
        self.all.append(now)
        return True


async def _fields(request: Request) -> dict[str, list[str]] | None:
    """The form as sent (each field's values), or None when empty or too long."""
    if not 0 < int(request.headers.get("content-length") or 0) <= MAX_WEB_FORM:
        return None
    sent = await request.form(max_files=0, max_fields=64, max_part_size=MAX_WEB_FORM)
    return {key: [v for v in sent.getlist(key) if isinstance(v, str)] for key in sent}


def _client(request: Request) -> str:
    return request.client.host if request.client else ""


def kiosk_app(backend: Backend, booth: Booth, tally: Tally | None = None) -> ASGIApp:
    """The kiosk's three pages: the form (`/`), where it is sent (`/visit`)
    and the thank-you page (`/thanks/ID`, once); what it took, in `tally`."""
    forms, thanked = Once(MAX_FORMS, FORM_TTL), Once(MAX_THANKS, THANKS_TTL)
    tally = tally if tally is not None else Tally()
    limit, handed = Limit(booth.per_minute), Limit(FORMS_PER_MINUTE)

    def blank(request: Request, status: int = 200, error: str | None = None) -> Response:
        return page(
            request,
            "kiosk.html",
            status=status,
            error=error,
            booth=booth,
            csrf=forms.issue(),
            csrf_field=security.CSRF_FIELD,
            honeypot=HONEYPOT,
        )

    async def form(request: Request) -> Response:
        if not handed.allow(_client(request)):  # forms asked for to push others' out
            return page(request, "kiosk.html", status=429, error=BUSY, booth=booth, csrf="")
        return blank(request)

    async def visit(request: Request) -> Response:
        fields = await _fields(request)
        if fields is None:
            return blank(request, 413, "This form is empty or too long.")
        fresh, _ = forms.take((fields.get(security.CSRF_FIELD) or [""])[0])
        if not fresh:
            return blank(request, 403, "This form had expired: please fill it in again.")
        if not limit.allow(_client(request)):  # counted once the form is known to be ours
            tally.turned_away += 1
            return blank(request, 429, BUSY)
        try:
            chosen = read_visit(fields, booth)
        except PlnError as exc:
            return blank(request, status_of(exc), exc.message)
        bot = bool((fields.get(HONEYPOT) or [""])[0].strip())  # thanked, nothing kept
        try:
            kept = not bot and await run_in_threadpool(_record, backend, booth, chosen)
        except PlnError as exc:
            return blank(request, status_of(exc), exc.message)
        tally.took(bot=bot, kept=kept)
        # A bot is thanked as a visitor is: nothing tells it the field gave it away.
        seen = kept or bot
        token = thanked.issue(Thanks(chosen.chosen, seen, seen and chosen.invite))
        return RedirectResponse(f"/thanks/{token}", status_code=303)

    async def thanks(request: Request) -> Response:
        fresh, shown = thanked.take(request.path_params["token"])
        if not fresh or shown is None:
            return RedirectResponse("/", status_code=303)
        codes = [(o, qr.svg(o.link, scale=QR_SCALE, title=o.name)) for o in shown.offers]
        response = page(
            request,
            "thanks.html",
            booth=booth,
            codes=codes,
            kept=shown.kept,
            invited=shown.invited,
            pause=PAUSE_SECONDS,
        )
        response.headers["refresh"] = f"{PAUSE_SECONDS}; url=/"
        return response

    routes = [
        Route("/", form, methods=["GET"]),
        Route("/visit", visit, methods=["POST"]),
        Route("/thanks/{token}", thanks, methods=["GET"]),
        Mount("/static", StaticFiles(directory=STATIC), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: _http_error, 500: _crashed})
    return Untimed(security.SecurityHeaders(app))


class Untimed:
    """ASGI wrapper dropping the Server-Timing header: how long a visit took
    to record would hint whether the visitor was known."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def untimed(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [
                    (k, v) for k, v in message.get("headers", []) if k.lower() != b"server-timing"
                ]
            await send(message)

        await self.app(scope, receive, untimed)


def _record(backend: Backend, booth: Booth, chosen: Visit) -> bool:
    """The visit in one journaled transaction (`pln undo` takes it back)."""
    with backend.writing() as db:
        return record(db, booth, chosen, backend.today()) is not None


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return page(request, "refused.html", status=exc.status_code, error=exc.detail)


async def _crashed(request: Request, exc: Exception) -> Response:
    return page(request, "refused.html", status=500, error="Something went wrong inside pln.")
