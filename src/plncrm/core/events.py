"""Events: conferences, webinars, chats, PD sessions and meetups; who we met
there, whom we invited, who came, and whom we have thanked."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plncrm.core import interactions, refs
from plncrm.reads import events as plain_events
from plncrm.reads import settings
from plncrm.store import schema
from plncrm.store.db import Db, add_row, connection, fetch, save
from plncrm.store.kinds import EVENT_KINDS, FOLLOW_UP_OPEN, GUARD
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Event, FollowUp
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.text import fold, one_line, strip_controls
from plncrm.util.times import local_zone_name, parse_time, zone

if TYPE_CHECKING:
    from sqlmodel import Session

    from plncrm.core.view_shapes import EventView


def find(source: Reader | Session, name: str) -> Event | None:
    where = "name_key = :key ORDER BY id LIMIT 1"
    found = fetch(connection(source), Event, where, {"key": fold(name)})
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


def met_day(event: Event, today: date) -> date:
    """The day someone was met at `event` when no day is given: today while it
    is under way (or has no days), else its first day. `pln add-contact
    --met-at`, meeting someone known again there and the pocket agenda's
    quick add all date a meeting by this one rule, as the kiosk does."""
    start = event.starts_on
    if start is None or start <= today <= (event.ends_on or start):
        return today
    return start


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


def add(into: Db | Session, fields: EventFields) -> Event:
    assert fields.name is not None
    db = connection(into)
    if find(db, fields.name) is not None:
        raise Conflict(
            f"there is already an event called {one_line(fields.name)!r}; "
            "change it with pln event edit"
        )
    event = Event(name="", name_key="", created_at=clock.now())
    _apply(event, fields)
    return add_row(db, event)


def edit(into: Db | Session, event: Event, fields: EventFields) -> int:
    """Change an event. When its first day moves, so does the meeting date of
    everyone whose date came from it (met there on its old first day); returns
    how many contacts that moved, for the reply to say."""
    db = connection(into)
    if fields.name is not None:
        other = find(db, fields.name)
        if other is not None and other.id != event.id:
            raise Conflict(f"there is already an event called {one_line(fields.name)!r}")
    old_start = event.starts_on
    before = schema.values(event)
    _apply(event, fields)
    save(db, event, since=before)
    if event.starts_on is None or event.starts_on == old_start:
        return 0
    interactions.move_event_day(db, event.id or 0, old_start, event.starts_on)
    # An event that had no date gives its first day to everyone met there undated.
    same = "met_on IS NULL" if old_start is None else "met_on = :old"
    moved = db.execute(
        f"UPDATE contact SET met_on = :new WHERE met_event_id = :e AND {same}",
        {"new": event.starts_on, "e": event.id, "old": old_start},
    )
    _move_guards(db, event)
    return moved


def _move_guards(db: Db, event: Event) -> None:
    """Open strike-out guards of people met there on its first day fall due
    `guard-days` after it."""
    assert event.starts_on is not None
    db.execute(
        "UPDATE follow_up SET due = :due WHERE event_id = :e AND source = :g "
        "AND status IN :open AND contact_id IN "
        "(SELECT id FROM contact WHERE met_event_id = :e AND met_on = :on)",
        {
            "due": event.starts_on + timedelta(days=settings.load(db).guard_days),
            "e": event.id,
            "g": GUARD,
            "open": list(FOLLOW_UP_OPEN),
            "on": event.starts_on,
        },
    )


def met_there(source: Reader | Session, event: Event) -> list[tuple[Contact, date | None]]:
    """Everyone met there, first met or met again (`reads.events`), with the
    day they were first met there."""
    db = connection(source)
    days = plain_events.met_there(db, event.id or 0)
    found: list[Contact] = []
    for chunk in chunks(sorted(days)):
        found += fetch(db, Contact, "id IN :ids", {"ids": chunk})
    return [(c, days[c.id or 0]) for c in sorted(found, key=lambda c: (c.name_key, c.id or 0))]


def get_many(source: Reader | Session, ids: Iterable[int | None]) -> dict[int, Event]:
    """The events with these ids, by id."""
    db = connection(source)
    found: dict[int, Event] = {}
    for chunk in chunks(sorted({i for i in ids if i})):
        found.update((e.id, e) for e in fetch(db, Event, "id IN :ids", {"ids": chunk}) if e.id)
    return found


def open_follow_ups(source: Reader | Session, event: Event) -> list[FollowUp]:
    """Follow-ups still to do that came from an event (the strike-outs of
    those met there, any made with it): the other tasks of people met there
    (a congratulation on a new role) are theirs, not the event's."""
    db = connection(source)
    own = fetch(
        db,
        FollowUp,
        "status IN :open AND event_id = :e",
        {"open": list(FOLLOW_UP_OPEN), "e": event.id},
    )
    return sorted(own, key=lambda f: (f.due, f.id or 0))


def counts(source: Reader | Session, event_ids: Sequence[int]) -> dict[int, dict[str, int]]:
    """How many were met, invited, said yes and attended, per event (`reads.events`)."""
    return plain_events.counts(connection(source), list(event_ids))


def card(reader: Reader, ref: str) -> EventView:
    """The event `ref` names as `pln event show --json` prints it (and the
    assistant's `event_brief` returns): its counts, whom you met there, its
    guests and what is still open from it."""
    from plncrm.core import contacts, invitations, views

    record = resolve(reader, ref)
    view = views.event_view(record, counts(reader, [record.id or 0])[record.id or 0])
    met = met_there(reader, record)
    view["met"] = [{"id": c.id, "name": c.name, "met_on": views.iso(day)} for c, day in met]
    view["guests"] = [views.guest_view(g, c) for g, c in invitations.guests(reader, record)]
    tasks = open_follow_ups(reader, record)
    people = contacts.get_many(reader, (t.contact_id for t in tasks if t.contact_id))
    view["follow_ups"] = [views.follow_up_view(t, people.get(t.contact_id or 0)) for t in tasks]
    return view
