"""The owner's pages that read: today's agenda, search, a contact's card.
Each reads what the command of the same name reads (`pln due`, `pln search`,
`pln show`), through the same functions."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.responses import Response

from plncrm.web.templating import page

if TYPE_CHECKING:
    from datetime import date

    from starlette.datastructures import FormData
    from starlette.requests import Request

    from plncrm.agenda.handles import AgendaView
    from plncrm.core.view_shapes import ContactView
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
            # A group line (everyone met at an event): its people, each a link.
            "group": item.get("group") or [],
            "more": _more(item),
        }
        for item, what in zip(shown, whats, strict=True)
    ]
    return {"today": today, "lines": lines, "hidden": max(0, len(items) - len(shown))}


def _more(item: AgendaView) -> int:
    """How many more a group line stands for than it names (those read are capped)."""
    people = item.get("ref", {}).get("people")
    return max(0, int(people) - len(item.get("group") or [])) if people is not None else 0


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
    """A contact's card as `pln show` prints it (the same `contact_card`
    read): its labelled values, what there is to do (each with Done), the
    resources that answer their needs, and the latest of their timeline."""
    from plncrm.core.contact_card import with_resources
    from plncrm.render.contacts import TO_DO, card_rows

    env = backend(request)
    with env.reading() as reader:
        view, offered = with_resources(reader, str(request.path_params["contact_id"]))
    rows = [
        (label, value.split("\n"))
        for label, value, _ in card_rows(view, view.get("introduced") or [], env.today())
        if label != TO_DO  # drawn below, each with its button
    ]
    return page(
        request,
        "card.html",
        view=view,
        rows=rows,
        to_do=_to_do(view, env.today()),
        offered=[{**o, "href": _web_link(o["link"])} for o in offered],
        csrf=session.csrf,
        said=session.told(),
    )


def _to_do(view: ContactView, today: date) -> list[dict[str, Any]]:
    """The open follow-ups as `pln show`'s "to do" row words each."""
    from plncrm.render import when

    return [
        {
            "id": task["id"],
            "title": task["title"],
            "due": when(task["due"], today),
            "snoozed": task["snoozed_until"] if task["status"] == "snoozed" else None,
        }
        for task in view.get("follow_ups") or []
    ]


def _web_link(link: str | None) -> str | None:
    """A resource's link as a page may point to it: http(s) only."""
    return link if link and link.lower().startswith(("https://", "http://")) else None
