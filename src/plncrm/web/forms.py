"""Quick add and quick log: `pln add-contact` and `pln log` from a phone.
Each goes through the same core as its command (`core.capture`, a duplicate
reported in the command's words; `core.interactions`), one journaled
transaction, and answers with a line naming whom it added or logged."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plncrm.store.kinds import LOGGED_KINDS
from plncrm.util.bounds import MAX_WEB_FIELD, MAX_WEB_NOTE
from plncrm.util.errors import ExitCode, Invalid, PlnError
from plncrm.web.acts import field
from plncrm.web.pages import backend, changed, writing_as
from plncrm.web.templating import isolated, page, status_of

if TYPE_CHECKING:
    from starlette.datastructures import FormData
    from starlette.requests import Request
    from starlette.responses import Response

    from plncrm.core.capture import Known
    from plncrm.core.contacts import ContactFields
    from plncrm.web.security import Session

ADD_FIELDS = ("name", "email", "phone", "org", "role", "tags", "note", "met_at")
LOG_KINDS = tuple(k for k in LOGGED_KINDS if k not in ("event", "gave"))  # those need more


def _event_today(request: Request) -> str:
    """The event under way today, for "met at" (none: empty)."""
    from plncrm.reads.events import happening_on

    env = backend(request)
    with env.reading() as reader:
        events = happening_on(reader, env.today())
    return events[0].name if events else ""


async def add_form(
    request: Request, session: Session, form: FormData | None, **shown: Any
) -> Response:
    """The quick-add form, "met at" set to the event under way today."""
    values = shown.pop("values", None) or {
        **dict.fromkeys(ADD_FIELDS, ""),
        "met_at": _event_today(request),
    }
    shown.setdefault("ask_new", False)
    shown.setdefault("candidates", [])
    return page(
        request,
        "add.html",
        csrf=session.csrf,
        said=session.told(),
        values=values,
        **shown,
    )


def _fields(values: dict[str, str]) -> ContactFields:
    from plncrm.core.contacts import ContactFields

    tags = [t.strip() for t in values["tags"].split(",") if t.strip()]
    return ContactFields(
        name=values["name"] or None,
        emails=[values["email"]] if values["email"] else None,
        phones=[values["phone"]] if values["phone"] else None,
        org=values["org"] or None,
        role=values["role"] or None,
        tags=tags or None,
        notes=values["note"] or None,
        met_at=values["met_at"] or None,
    )


def _chosen(found: list[Known], picked: str) -> Known | None:
    """The candidate the owner picked ("same": their id), checked to be one of
    those offered; None when none was picked."""
    if not picked:
        return None
    for one in found:
        if str(one.contact.id) == picked:
            return one
    raise Invalid("pick one of those listed, or tick someone else")


async def add(request: Request, session: Session, form: FormData | None) -> Response:
    """Add someone just met, as `pln add-contact` does without a terminal:
    someone probably known already is refused (with "someone else" to tick,
    as --new), or, met at an event, recorded as met there again. Several
    namesakes are listed to pick from: pln never guesses."""
    from plncrm.core import capture

    values = {
        name: field(form, name, limit=MAX_WEB_NOTE if name == "note" else MAX_WEB_FIELD)
        for name in ADD_FIELDS
    }
    new = field(form, "new") == "yes"
    found: list[Known] = []
    try:
        if not values["name"] and not values["email"]:
            raise Invalid("a contact needs a name or an email")
        fields = _fields(values)
        env = writing_as(request, "add-contact", values["name"] or values["email"])
        known = None
        if not new:
            with env.reading() as reader:
                found = capture.candidates(reader, fields)
            known = _chosen(found, field(form, "same", limit=12)) if fields.met_at else None
            if known is None and len(found) > 1:
                raise capture.several(found)
            chosen = known is not None
            known = known or (found[0] if found else None)
            if known is not None and not fields.met_at:
                raise known.refusal()
            if known is not None and not chosen:
                with env.reading() as reader:
                    conflict = capture.other_address(reader, known, fields)
                if conflict is not None:
                    raise conflict
        with env.writing() as db:
            if known is None:
                added = capture.add(db, fields, env.today())
            else:
                added = capture.met_again(db, known.contact.id or 0, fields, env.today())
    except PlnError as error:
        return await add_form(
            request,
            session,
            None,
            values=values,
            error=error.message,
            ask_new=error.exit_code in (ExitCode.AMBIGUOUS, ExitCode.CONFLICT),
            candidates=[k.contact for k in found] if len(found) > 1 else [],
            status=status_of(error),
        )
    contact, guard = added.contact, added.guard
    if added.again_at is None:
        said = isolated("Added ", contact.name) + f" (#{contact.id})"
    else:
        said = (
            isolated("", contact.name)
            + f" (#{contact.id}) is already in your network: "
            + isolated("met again at ", added.again_at.name)
            + "; their card is unchanged"
        )
    if guard is not None:
        said += isolated(f". Follow-up #{guard.id} due {guard.due.isoformat()}: ", guard.title)
    return changed(request, session, said, "/add")


async def log_form(
    request: Request, session: Session, form: FormData | None, **shown: Any
) -> Response:
    """The quick-log form; `?ref=12` names the contact (from their card)."""
    values = shown.pop("values", None) or {
        "ref": request.query_params.get("ref", "")[:200],
        "kind": "chat",
        "note": "",
    }
    return page(
        request,
        "log.html",
        csrf=session.csrf,
        said=session.told(),
        values=values,
        kinds=LOG_KINDS,
        **shown,
    )


async def log(request: Request, session: Session, form: FormData | None) -> Response:
    """Record a touchpoint today with one contact, as `pln log REF -k KIND -m NOTE`."""
    from plncrm.core import interactions, refs

    values = {
        "ref": field(form, "ref"),
        "kind": field(form, "kind") or "chat",
        "note": field(form, "note", limit=MAX_WEB_NOTE),
    }
    try:
        if not values["ref"]:
            raise Invalid("say who: a name, an email or an id")
        if values["kind"] not in LOG_KINDS:
            raise Invalid(f"{values['kind']!r} is not a kind: {', '.join(LOG_KINDS)}")
        env = writing_as(request, "log", values["ref"], "--kind", values["kind"])
        day = env.today()
        with env.writing() as db:
            person = refs.resolve(db, values["ref"])
            interactions.log(db, [person], kind=values["kind"], note=values["note"] or None, on=day)
    except PlnError as error:
        return await log_form(
            request, session, None, values=values, error=error.message, status=status_of(error)
        )
    said = isolated(f"Logged {values['kind']} on {day.isoformat()} with ", person.name)
    return changed(request, session, said, "/log")
