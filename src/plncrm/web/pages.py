"""The owner's pages that read: today's agenda, search, a contact's card.
Each reads what the command of the same name reads (`pln due`, `pln search`,
`pln show`), through the same functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from plncrm.web.templating import page

if TYPE_CHECKING:
    from starlette.datastructures import FormData
    from starlette.requests import Request

    from plncrm.web.backend import Backend
    from plncrm.web.security import Session

WITHIN = 7  # days ahead, as `pln due`
LIMIT = 40  # lines, as `pln due`
SEARCH_LIMIT = 50  # contacts, as a table of `pln search`


def backend(request: Request) -> Backend:
    found: Backend = request.app.state.backend
    return found


def agenda_lines(request: Request) -> dict[str, Any]:
    """Today's agenda as `pln due` draws it: the same lines, handles, sections
    and order; each line's who-and-what as spans of text and a style."""
    from plncrm.agenda import gather as agenda
    from plncrm.agenda.handles import agenda_view
    from plncrm.render import short_date
    from plncrm.render.agenda import what_lines

    env = backend(request)
    today = env.today()
    with env.reading() as reader:
        items = agenda.build(
            reader, today, within=WITHIN, cap=agenda.CAP, scope=agenda.Scope(env.user)
        )
    shown = [agenda_view(i) for i in items[:LIMIT]]
    whats = what_lines(shown, env.user)
    lines = [
        {
            **item,
            "what": [(text, style.replace(" ", "-")) for text, style in what.spans],
            "when": short_date(item["due"], today),
            "kin": item["handle"][:1] == "k",
        }
        for item, what in zip(shown, whats, strict=True)
    ]
    return {"today": today, "lines": lines, "hidden": max(0, len(items) - len(shown))}


async def agenda_page(
    request: Request, session: Session, form: FormData | None, **shown: Any
) -> Response:
    """Today's agenda, with done, snooze and dismiss on each line."""
    return page(
        request,
        "agenda.html",
        csrf=session.csrf,
        said=session.told(),
        **agenda_lines(request),
        **shown,
    )


def changed(request: Request, session: Session, said: str, to: str = "/") -> Response:
    """After a change, the page `to` (so that reloading it changes nothing
    again), which says what was done."""
    from starlette.responses import RedirectResponse

    session.tell(said)
    return RedirectResponse(to, status_code=303)


def writing_as(request: Request, *words: str) -> Backend:
    """The backend, its next change named in `pln history` as `pln serve WORDS`."""
    env = backend(request)
    env.argv = ["serve", *words]
    return env


async def search_page(request: Request, session: Session, form: FormData | None) -> Response:
    """Contacts found by any words, as `pln search WORDS` finds them."""
    from plncrm.core import views
    from plncrm.reads import lists
    from plncrm.reads.lists import ContactFilter
    from plncrm.util.bounds import MAX_WEB_FIELD

    words = request.query_params.get("q", "").strip()[:MAX_WEB_FIELD]
    found: list[Any] = []
    more = False
    if words:
        with backend(request).reading() as reader:
            rows = lists.list_contacts(reader, ContactFilter(text=words), limit=SEARCH_LIMIT + 1)
            more = len(rows) > SEARCH_LIMIT
            found = views.contact_views(reader, rows[:SEARCH_LIMIT])
    return page(request, "search.html", words=words, found=found, more=more)


async def card_page(request: Request, session: Session, form: FormData | None) -> Response:
    """A contact's card and the latest of their timeline, as `pln show`."""
    from plncrm.core.contact_card import card
    from plncrm.render.contacts import card_rows

    env = backend(request)
    with env.reading() as reader:
        view = card(reader, str(request.path_params["contact_id"]))
    rows = [
        (label, value.split("\n"))
        for label, value, _ in card_rows(view, view.get("introduced") or [], env.today())
    ]
    return page(request, "card.html", view=view, rows=rows, said=session.told())
