"""Events: conferences, webinars, chats, PD sessions and meetups; who we met
there, whom we invited, who came, and whom we have thanked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plncrm.core import interactions, refs
from plncrm.store.db import Db, add_row, connection, fetch
from plncrm.store.kinds import EVENT_KINDS, FOLLOW_UP_OPEN, GUARD, RSVP_ANSWERS
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Event, EventGuest, FollowUp
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.text import fold, one_line, strip_controls
from plncrm.util.times import local_zone_name, parse_time, zone

if TYPE_CHECKING:
    from sqlmodel import Session


def find(source: Reader | Session, name: str) -> Event | None:
    found = fetch(connection(source), Event, "name_key = :key ORDER BY id LIMIT 1",
                  {"key": fold(name)})  # fmt: skip
    return found[0] if found else None


def resolve(source: Reader | Session, ref: str) -> Event:
    """An event by id, exact name, or a unique part of its name."""
    event: Event = refs.named(source, Event, ref, "event", "events")
    return event


def _clean_name(name: str) -> str:
    clean = " ".join(strip_controls(name).split())
    if not clean:
        raise Invalid("an event needs a name")
    return clean


def find_or_create(
    source: Db | Session, name: str, on: date | None = None, *, exact: bool = False
) -> Event:
    """The event called `name` (or the one event whose name contains it), created
    (dated `on`) if the network has none yet. Several partial matches are an error.
    With `exact` (a name read from a file, not typed), only the same name counts
    (ignoring case, accents and spaces): "Conf 2" is never "Conf 21"."""
    clean = _clean_name(name)
    try:
        event: Event | None = (
            find(source, clean)  # a number names an event ("2026"), never an id here
            if exact or clean.lstrip("#").isdigit()
            else resolve(source, clean)
        )
    except NotFound:
        event = None
    if event is None:
        event = Event(name=clean, name_key=fold(clean), starts_on=on, created_at=clock.now())
        add_row(connection(source), event)
    return event


@dataclass
class EventFields:
    name: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    where: str | None = None
    kind: str | None = None
    hosted: bool | None = None
    starts_at: str | None = None  # "16:00" ('' clears the time)
    ends_at: str | None = None
    tz: str | None = None


def _apply(event: Event, fields: EventFields) -> None:
    if fields.kind is not None and fields.kind not in EVENT_KINDS:
        raise Invalid(f"kind is one of: {', '.join(EVENT_KINDS)}")
    if fields.name is not None:
        event.name = _clean_name(fields.name)
        event.name_key = fold(event.name)
    if fields.kind is not None:
        event.kind = fields.kind
    starts = fields.starts_on or event.starts_on
    ends = fields.ends_on or event.ends_on
    if starts and ends and ends < starts:
        raise Invalid("an event cannot end before it starts")
    for attr in ("starts_on", "ends_on", "hosted"):
        value = getattr(fields, attr)
        if value is not None:
            setattr(event, attr, value)
    if fields.where is not None:
        event.where = one_line(fields.where) or None
    _apply_times(event, fields)


def _apply_times(event: Event, fields: EventFields) -> None:
    """The time of day and its zone: the machine's zone unless given."""
    for attr in ("starts_at", "ends_at"):
        value = getattr(fields, attr)
        if value is not None:
            setattr(event, attr, parse_time(value) if value.strip() else None)
    if fields.tz is not None:
        event.tz = zone(fields.tz.strip()).key if fields.tz.strip() else None
    elif event.starts_at and not event.tz:
        event.tz = local_zone_name() or "UTC"
    if event.ends_at and not event.starts_at:
        raise Invalid("an end time needs a start time (--at)")
    same_day = not event.ends_on or event.ends_on == event.starts_on
    if event.starts_at and event.ends_at and same_day and event.ends_at <= event.starts_at:
        raise Invalid("an event cannot end before it starts")


def add(session: Session, fields: EventFields) -> Event:
    assert fields.name is not None
    if find(session, fields.name) is not None:
        raise Conflict(
            f"there is already an event called {one_line(fields.name)!r}; change it with pln event edit"
        )
    event = Event(name="", name_key="", created_at=clock.now())
    _apply(event, fields)
    session.add(event)
    session.flush()
    return event


def edit(session: Session, event: Event, fields: EventFields) -> int:
    """Change an event. When its first day moves, so does the meeting date of
    everyone whose date came from it (met there on its old first day); returns
    how many contacts that moved, for the reply to say."""
    from sqlalchemy import update
    from sqlmodel import col

    if fields.name is not None:
        other = find(session, fields.name)
        if other is not None and other.id != event.id:
            raise Conflict(f"there is already an event called {one_line(fields.name)!r}")
    old_start = event.starts_on
    _apply(event, fields)
    session.add(event)
    session.flush()
    if event.starts_on is None or event.starts_on == old_start:
        return 0
    interactions.move_event_day(session, event.id or 0, old_start, event.starts_on)
    # An event that had no date gives its first day to everyone met there undated.
    same = col(Contact.met_on).is_(None) if old_start is None else col(Contact.met_on) == old_start
    moved = session.execute(
        update(Contact).where(col(Contact.met_event_id) == event.id, same)
        .values(met_on=event.starts_on)
    )  # fmt: skip
    _move_guards(session, event)
    return int(getattr(moved, "rowcount", 0) or 0)


def _move_guards(session: Session, event: Event) -> None:
    """Open strike-out guards of people met there on its first day fall due
    `guard-days` after it."""
    from sqlalchemy import select, update
    from sqlmodel import col

    from plncrm.core import preferences

    assert event.starts_on is not None
    met_then = select(col(Contact.id)).where(
        col(Contact.met_event_id) == event.id, col(Contact.met_on) == event.starts_on
    )
    session.execute(
        update(FollowUp)
        .where(col(FollowUp.event_id) == event.id, col(FollowUp.source) == GUARD,
               col(FollowUp.status).in_(FOLLOW_UP_OPEN), col(FollowUp.contact_id).in_(met_then))
        .values(due=event.starts_on + timedelta(days=preferences.load(session).guard_days))
    )  # fmt: skip


def guest(session: Session, event: Event, contact: Contact) -> EventGuest:
    """The contact's guest row for the event, created if need be and locked
    (PostgreSQL) so that two members answering for them take turns."""
    from plncrm.store.engine import insert_new

    insert_new(session, EventGuest, [{"event_id": event.id, "contact_id": contact.id}])
    key = (event.id, contact.id)
    row = session.get(EventGuest, key, with_for_update=True, populate_existing=True)
    assert row is not None
    return row


def guests(session: Session, event: Event) -> list[tuple[EventGuest, Contact]]:
    from sqlalchemy import select
    from sqlmodel import col

    rows = session.execute(
        select(EventGuest, Contact)
        .join(Contact, col(Contact.id) == col(EventGuest.contact_id))
        .where(col(EventGuest.event_id) == event.id)
        .order_by(col(Contact.name_key))
    ).all()
    return [(g, c) for g, c in rows]


def met_there(session: Session, event: Event) -> list[tuple[Contact, date | None]]:
    """Everyone met there, first met or met again (`reads.events`), with the
    day they were first met there."""
    from sqlalchemy import select
    from sqlmodel import col

    from plncrm.reads import events as plain_events

    days = plain_events.met_there(session, event.id or 0)
    found: list[Contact] = []
    for chunk in chunks(sorted(days)):
        found += session.execute(select(Contact).where(col(Contact.id).in_(chunk))).scalars()
    return [(c, days[c.id or 0]) for c in sorted(found, key=lambda c: (c.name_key, c.id or 0))]


def invite(session: Session, event: Event, people: Sequence[Contact], on: date) -> list[Contact]:
    """Record invitations (logged on each timeline); return those newly invited."""
    invited = []
    for person in sorted({p.id: p for p in people}.values(), key=lambda p: (p.name_key, p.id or 0)):
        row = guest(session, event, person)
        if row.invited_on is not None:
            continue
        row.invited_on = on
        invited.append(person)
        interactions.log(
            session,
            [person],
            kind="invite",
            note=f"Invited to {event.name}",
            on=on,
            event_id=event.id,
        )
    session.flush()
    return invited


def rsvp(session: Session, event: Event, person: Contact, answer: str, on: date) -> None:
    answer = answer.strip().lower()
    if answer not in RSVP_ANSWERS:
        raise Invalid(f"answer one of: {', '.join(RSVP_ANSWERS)}")
    row = guest(session, event, person)
    row.invited_on = row.invited_on or on
    row.rsvp, row.rsvp_on = answer, on
    session.flush()
    interactions.log(session, [person], kind="message", note=f"Answered {answer} to {event.name}", on=on,
                     event_id=event.id)  # fmt: skip


def attended(session: Session, event: Event, people: Sequence[Contact], on: date) -> list[Contact]:
    """Record attendance, logged as an `event` interaction on the event's day."""
    if event.starts_on and on < event.starts_on:
        raise Invalid(
            f"{event.name} starts on {event.starts_on.isoformat()}: attendance is recorded on or "
            "after that day"
        )
    marked = []
    for person in {p.id: p for p in people}.values():
        row = guest(session, event, person)
        if row.attended:
            continue
        row.attended = True
        marked.append(person)
    session.flush()
    if marked:
        interactions.log(
            session, marked, kind="event", note=f"Attended {event.name}", on=on, event_id=event.id
        )
    return marked


def thank(session: Session, event: Event, people: Sequence[Contact], on: date) -> list[Contact]:
    """Record thank-you messages sent after an event (each logged on their timeline)."""
    thanked = []
    for person in {p.id: p for p in people}.values():
        row = guest(session, event, person)
        row.thanked_on = on
        thanked.append(person)
        interactions.log(session, [person], kind="message", note=f"Thanked for coming to {event.name}", on=on,
                         event_id=event.id)  # fmt: skip
    session.flush()
    return thanked


def to_remind(session: Session, event: Event) -> list[Contact]:
    """Those who said yes and have not been reminded yet."""
    return [c for g, c in guests(session, event) if g.rsvp == "yes" and g.reminded_on is None]


def remind(session: Session, event: Event, people: Sequence[Contact], on: date) -> list[Contact]:
    """Record the reminder sent the day before (one email, logged with each of them)."""
    reminded = list({p.id: p for p in people}.values())
    for person in reminded:
        guest(session, event, person).reminded_on = on
    session.flush()
    if reminded:
        interactions.log(session, reminded, kind="email", note=f"Reminded about {event.name}", on=on,
                         event_id=event.id)  # fmt: skip
    return reminded


def get_many(session: Session, ids: Iterable[int | None]) -> dict[int, Event]:
    """The events with these ids, by id."""
    from sqlalchemy import select
    from sqlmodel import col

    found: dict[int, Event] = {}
    for chunk in chunks(sorted({i for i in ids if i})):
        rows = session.execute(select(Event).where(col(Event.id).in_(chunk))).scalars()
        found.update((e.id, e) for e in rows if e.id is not None)
    return found


def open_follow_ups(session: Session, event: Event) -> list[FollowUp]:
    """Follow-ups still to do from an event: its own, and those of the people met there."""
    from sqlalchemy import select
    from sqlmodel import col

    from plncrm.reads import events as plain_events

    still = col(FollowUp.status).in_(FOLLOW_UP_OPEN)
    found = {
        f.id: f
        for f in session.execute(
            select(FollowUp).where(still, col(FollowUp.event_id) == event.id)
        ).scalars()
    }
    for chunk in chunks(sorted(plain_events.met_there(session, event.id or 0))):
        query = select(FollowUp).where(still, col(FollowUp.contact_id).in_(chunk))
        found.update((f.id, f) for f in session.execute(query).scalars())
    return sorted(found.values(), key=lambda f: (f.due, f.id or 0))


def counts(session: Session, event_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many were met, invited, said yes and attended, per event (`reads.events`)."""
    from plncrm.reads import events as plain_events

    return plain_events.counts(session, list(event_ids))
