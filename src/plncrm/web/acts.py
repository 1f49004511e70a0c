"""The agenda's buttons: done, snooze, dismiss. Each is one journaled
transaction through `agenda.actions`, as `pln done`, `pln snooze` and `pln
dismiss` are, and leads back to the agenda with a line naming what it acted on."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from functools import wraps
from typing import TYPE_CHECKING

from plncrm.util.bounds import MAX_WEB_FIELD
from plncrm.util.errors import Invalid, PlnError
from plncrm.web.pages import agenda_page, changed, writing_as
from plncrm.web.templating import isolated, status_of

if TYPE_CHECKING:
    from starlette.datastructures import FormData
    from starlette.requests import Request
    from starlette.responses import Response

    from plncrm.web.security import Session


def field(form: FormData | None, name: str, default: str = "", limit: int = MAX_WEB_FIELD) -> str:
    """One text field of a form, stripped, at most `limit` characters."""
    value = form.get(name) if form is not None else None
    text = value.strip() if isinstance(value, str) else default
    if len(text) > limit:
        raise Invalid(f"{name} is longer than {limit:,} characters")
    return text


def _handle(form: FormData | None) -> str:
    handle = field(form, "handle", limit=32)
    if not handle:
        raise Invalid("which line? (a handle as pln due shows it)")
    return handle


Act = Callable[["Request", "Session", "FormData | None"], Awaitable["Response"]]


def on_the_agenda(act: Act) -> Act:
    """What cannot be done is said on the agenda itself, with its status."""

    @wraps(act)
    async def acting(request: Request, session: Session, form: FormData | None) -> Response:
        try:
            return await act(request, session, form)
        except PlnError as error:
            return await agenda_page(
                request, session, None, error=error.message, status=status_of(error)
            )

    return acting


@on_the_agenda
async def done(request: Request, session: Session, form: FormData | None) -> Response:
    """Mark a follow-up done today, as `pln done ID`."""
    from plncrm.agenda import actions

    text = _handle(form)
    (task_id,) = actions.task_ids([text])
    env = writing_as(request, "done", text)
    with env.writing() as db:
        done_view, following = actions.done(db, task_id, env.today())
    said = isolated(*actions.done_said(done_view))
    if following:
        said += f"; next #{following['id']} due {following['due']}"
    return changed(request, session, said, _back(form))


def _back(form: FormData | None) -> str:
    """Where a button leads back to: the contact card it was pressed on, else
    the agenda (never anywhere else)."""
    import re

    back = field(form, "back", limit=32)
    return back if re.fullmatch(r"/contact/[0-9]{1,10}", back) else "/"


@on_the_agenda
async def snooze(request: Request, session: Session, form: FormData | None) -> Response:
    """Hide a line until a day read by pln's own date parser, as `pln snooze`."""
    from plncrm.agenda import actions
    from plncrm.util.dates import parse_date

    text = _handle(form)
    (handle,) = actions.handles([text])
    when = field(form, "until") or "tomorrow"
    env = writing_as(request, "snooze", text, "--until", when)
    until = parse_date(when, env.today())
    with env.writing() as db:
        said = actions.snooze(db, handle, until, env.today())
    return changed(request, session, isolated(*said))


@on_the_agenda
async def dismiss(request: Request, session: Session, form: FormData | None) -> Response:
    """Take a line off the agenda, as `pln dismiss`."""
    from plncrm.agenda import actions

    text = _handle(form)
    (handle,) = actions.handles([text])
    env = writing_as(request, "dismiss", text)
    with env.writing() as db:
        said = actions.dismiss(db, handle, env.today())
    return changed(request, session, isolated(*said))
