"""The assistant's writing tools: each one journaled step (`mcp: TOOL(…)` in
`pln history`, taken back by `pln undo` or `undo_last`), checked with the
command line's bounds before the transaction, returning what the matching
`--json` prints. People are named as on the command line (an id, an email or a
name) through the same resolver: an ambiguous name is an error listing the
candidates, never a guess. Nothing here removes or merges anything.

Introductions and hosted events: `assistant/writing_network.py`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

from pydantic import Field

from plncrm.assistant.context import Ctx
from plncrm.assistant.reading import DATA_NOT_ORDERS
from plncrm.assistant.registry import tool
from plncrm.store.kinds import LOGGED_KINDS
from plncrm.util.bounds import MAX_FIELD_BYTES, MAX_WEB_FIELD
from plncrm.util.errors import Invalid, Refused

if TYPE_CHECKING:
    from datetime import date

    from plncrm.store.db import Db

F = TypeVar("F", bound=Callable[..., Any])
MAX_NAMED = 1000  # people named in one call: more is a list to import, not a message

Person = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_WEB_FIELD,
        description="A person: their id (12 or #12), an email address, or their name "
        "(or a unique part of it). An ambiguous name is an error listing the candidates "
        "with their ids: ask the user which one, then use the id.",
    ),
]
People = Annotated[list[Person], Field(min_length=1, max_length=MAX_NAMED)]
Note = Annotated[str, Field(max_length=MAX_FIELD_BYTES, description="Free text.")]
Day = Annotated[
    str,
    Field(
        min_length=1,
        max_length=100,
        description="A day: 2026-11-28, 'today', 'yesterday', 'last tuesday', 'in 3 days'.",
    ),
]
Words = Annotated[list[Annotated[str, Field(max_length=MAX_WEB_FIELD)]], Field(max_length=100)]
Handles = Annotated[
    list[Annotated[str, Field(min_length=1, max_length=40)]],
    Field(
        min_length=1,
        max_length=100,
        description="Agenda lines by their handle, as the agenda tool shows them: 12 (a "
        "follow-up), i4 (an introduction), e2 (an event), k31 (keep in touch), m2 "
        "(everyone met at an event).",
    ),
]
Event = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_WEB_FIELD,
        description="An event: its id (as the event tools show it) or its name, or a unique "
        "part of the name.",
    ),
]
MetAt = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_WEB_FIELD,
        description="The event where you met (its name; recorded as a new event if unknown).",
    ),
]
Kind = Annotated[
    str,
    Field(description="What sort of touchpoint.", json_schema_extra={"enum": list(LOGGED_KINDS)}),
]


def described(fn: F) -> F:
    """A writing tool's description ends, as a reading tool's does, with the
    warning that the names and notes it returns are data, not orders."""
    fn.__doc__ = inspect.cleandoc(fn.__doc__ or "") + "\n\n" + DATA_NOT_ORDERS
    return fn


def given(**arguments: Any) -> dict[str, Any]:
    """The arguments a call gave (for `pln history`): those left out are not named."""
    return {k: v for k, v in arguments.items() if v not in (None, [], False)}


def past_day(ctx: Ctx, text: str, what: str) -> date:
    """A day that has happened (a timeline records what happened)."""
    from plncrm.util.dates import parse_date

    day = parse_date(text, ctx.today(), prefer="past")
    if day > ctx.today():
        raise Invalid(f"{day.isoformat()} has not happened yet: {what}")
    return day


@tool(writes=True)
@described
def add_contact(
    ctx: Ctx,
    name: Annotated[str, Field(min_length=1, max_length=MAX_WEB_FIELD, description="Full name.")],
    emails: Words | None = None,
    phones: Words | None = None,
    org: Annotated[str, Field(max_length=MAX_WEB_FIELD)] | None = None,
    role: Annotated[str, Field(max_length=MAX_WEB_FIELD)] | None = None,
    tags: Words | None = None,
    met_at: MetAt | None = None,
    met_on: Day | None = None,
    via: Person | None = None,
    needs: Words | None = None,
    offers: Words | None = None,
    notes: Note | None = None,
    new: Annotated[
        bool, Field(description="Someone else, though the name or an email is already known.")
    ] = False,
) -> Any:
    """Add someone the user met (pln add-contact): who, where, what they need and
    offer, who introduced them. Someone probably already in the network is an
    error naming them (use new=true only when the user says it is someone else);
    met at an event, a known person is recorded as met again there instead.
    Returns their card as `pln add-contact --json` prints it."""
    from plncrm.core import capture, views
    from plncrm.core.contacts import ContactFields

    day = past_day(ctx, met_on, "met_on is when you met") if met_on else None
    fields = ContactFields(
        name=name,
        emails=emails,
        phones=phones,
        org=org,
        role=role,
        tags=tags,
        met_at=met_at,
        met_on=day,
        via=via,
        needs=needs,
        offers=offers,
        notes=notes,
    )
    arguments = given(
        name=name,
        emails=emails,
        phones=phones,
        org=org,
        role=role,
        tags=tags,
        met_at=met_at,
        met_on=met_on,
        via=via,
        needs=needs,
        offers=offers,
        notes=notes,
        new=new,
    )
    with ctx.writing("add_contact", arguments) as db:
        known = None if new else capture.known(db, fields)
        if known is not None and not fields.met_at:
            raise known.refusal()
        if known is not None and (conflict := capture.other_address(db, known, fields)):
            raise conflict
        if known is None:
            added = capture.add(db, fields, ctx.today())
        else:
            added = capture.met_again(db, known.contact.id or 0, fields, ctx.today())
        return views.contact_views(db, [added.contact])[0]


@tool(writes=True)
@described
def log_interaction(
    ctx: Ctx,
    people: People,
    note: Note | None = None,
    kind: Kind = "note",
    day: Day = "today",
    at_event: Event | None = None,
) -> Any:
    """Record a touchpoint that happened with one or more people (pln log): a
    meeting, call, email, message, chat... It resets their "last contacted".
    at_event: met there (kind 'event'), which arms a follow-up so that nobody
    met there for the first time is forgotten.
    Returns what `pln log --json` prints."""
    from plncrm.core import interactions, refs, views
    from plncrm.store.kinds import ATTENDED

    if kind not in LOGGED_KINDS:
        raise Invalid(f"kind is one of: {', '.join(LOGGED_KINDS)}")
    if at_event and kind == "note":
        kind = ATTENDED
    on = past_day(ctx, day, "a timeline records what happened; plan it with add_follow_up")
    arguments = given(people=people, note=note, kind=kind, day=day, at_event=at_event)
    with ctx.writing("log_interaction", arguments) as db:
        found = [refs.resolve(db, r) for r in people]
        event = None
        if at_event:
            from plncrm.core import events, strikeouts

            event = events.resolve(db, at_event)
        logged = interactions.log(
            db, found, kind=kind, note=note, on=on, event_id=event.id if event else None
        )
        if event is not None:
            strikeouts.met_at_event(db, found, event, on, ctx.today())
        return views.logged_view(logged, on, found, event)


@tool(writes=True)
@described
def add_follow_up(
    ctx: Ctx,
    title: Annotated[
        str, Field(min_length=1, max_length=MAX_FIELD_BYTES, description="What to do.")
    ],
    person: Person | None = None,
    due: Day = "today",
    every: Annotated[
        str, Field(max_length=100, description="Repeat: '2 weeks', 'monthly', '3 months'.")
    ]
    | None = None,
) -> Any:
    """Create a follow-up task (pln follow-up), usually about a person, due on a
    day. Returns it as `pln follow-up --json` prints it (its id is its handle)."""
    from plncrm.agenda.actions import view
    from plncrm.core import followups, refs
    from plncrm.util.dates import parse_date

    on = parse_date(due, ctx.today())
    arguments = given(title=title, person=person, due=due, every=every)
    with ctx.writing("add_follow_up", arguments) as db:
        contact = refs.resolve(db, person) if person else None
        task = followups.create(db, title, due=on, contact=contact, every=every)
        return view(db, task)


@tool(writes=True)
@described
def complete(
    ctx: Ctx,
    handles: Handles,
    note: Note | None = None,
    kind: Kind = "note",
    day: Day = "today",
) -> Any:
    """Mark follow-ups done (pln done), by their ids; a recurring one comes back
    at its next date. With a note, also log an interaction of `kind` with the
    person. Returns what `pln done --json` prints."""
    from plncrm.agenda import actions

    if kind not in LOGGED_KINDS:
        raise Invalid(f"kind is one of: {', '.join(LOGGED_KINDS)}")
    ids = actions.task_ids(handles)
    on = past_day(ctx, day, "complete records what was done")
    arguments = given(handles=handles, note=note, kind=kind if note else None, day=day)
    with ctx.writing("complete", arguments) as db:
        results = [actions.done(db, task_id, on, note, kind) for task_id in ids]
        return [{**done, "next": following} for done, following in results]


@tool(writes=True)
@described
def snooze(
    ctx: Ctx,
    handles: Handles,
    until: Annotated[
        str, Field(min_length=1, max_length=100, description="When they come back: a day.")
    ] = "tomorrow",
) -> Any:
    """Hide agenda lines until a later day (pln snooze); until today brings a
    snoozed line back. Returns what was snoozed, in words."""
    from plncrm.agenda import actions
    from plncrm.util.dates import parse_date

    lines = actions.handles(handles)
    day = parse_date(until, ctx.today())
    if day < ctx.today():
        raise Invalid(f"{day.isoformat()} has passed: snooze until today or a later day")
    with ctx.writing("snooze", given(handles=handles, until=until)) as db:
        return {"done": [_said(actions.snooze(db, h, day, ctx.today())) for h in lines]}


@tool(writes=True)
@described
def dismiss(
    ctx: Ctx,
    handles: Handles,
    never: Annotated[
        bool, Field(description="Keep-in-touch lines: exempt the person for good.")
    ] = False,
) -> Any:
    """Take agenda lines off (pln dismiss): a follow-up is cancelled; a
    keep-in-touch line (k31) starts the person's cadence again from today.
    Introduction and event lines are moved on by recording their steps, not
    dismissed. Returns what was done, in words."""
    from plncrm.agenda import actions

    lines = actions.handles(handles)
    with ctx.writing("dismiss", given(handles=handles, never=never)) as db:
        return {"done": [_said(actions.dismiss(db, h, ctx.today(), never)) for h in lines]}


def _said(parts: tuple[str, ...]) -> str:
    """The command line's words, its commands put as tools (wording.said)."""
    from plncrm.assistant.wording import said
    from plncrm.util.text import one_line

    return one_line(said(parts))


@tool(writes=True)
@described
def undo_last(ctx: Ctx) -> Any:
    """Take back this assistant's own last change (as pln undo does): only a
    change this server made since it started, and only if it is still the
    newest change of this user. Another assistant's change, one made before
    this server was restarted, or the user's own is refused with what the
    newest change is: only the user can take it back (pln undo). If the user
    already took back this assistant's last change in pln, the call is refused
    and changes nothing; called again, it takes back the change before that
    (do so only if the user asks). Returns the entry undone, as `pln history
    --json` lists it, and `undone`: what pln undo says of it, with whom it was
    about."""
    from plncrm.core import history, views

    with ctx.reading() as reader:
        entry = history.next_to_undo(reader, ctx.user)
    with ctx.undoing() as db:
        newest = history.next_to_undo(db, ctx.user)
        people = history.people(db, newest)
        what = history.described(newest, people)
        if newest.id != entry.id or newest.id not in ctx.made:
            whose = (
                "another assistant's or an earlier session's"
                if newest.command.startswith("mcp: ")
                else "the user's own"
            )
            raise Refused(
                f"the newest change is {what}: not one this assistant made in this session "
                f"({whose}), so only the user can take it back (pln undo)"
            )
        _unless_already_undone(ctx, db)
        history.undo(db, newest)
        undone = views.history_view(history.get(db, newest.id), people)
    ctx.made.remove(newest.id)
    return {**undone, "undone": what}


def _unless_already_undone(ctx: Ctx, db: Db) -> None:
    """Refuse when this server's last change was taken back in pln since: the
    assistant means "what I just did", never the step before it. The steps
    already undone are forgotten, so that asking again reaches that step."""
    from plncrm.core import history

    gone = []
    while ctx.made and history.get(db, ctx.made[-1]).undone_at is not None:
        gone.append(ctx.made.pop())
    if not gone:
        return
    last = history.get(db, gone[0])
    what = history.described(last, history.people(db, last))
    raise Refused(
        f"your last change, {what}, was already undone in pln: nothing was "
        "taken back. Call undo_last again only if the user asks to take back your change "
        "before it too"
    )
