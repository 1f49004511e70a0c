"""An event's guests: whom we invited, what they answered, who came, whom we
thanked, reminded or sent the recording. One guest row a person and event,
each step dated and logged on their timeline."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.core import followups, interactions
from plncrm.store import schema
from plncrm.store.db import Db, connection, fetch, save
from plncrm.store.kinds import RSVP_ANSWERS
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Event, EventGuest
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from sqlmodel import Session


def guest(into: Db | Session, event: Event, contact: Contact) -> EventGuest:
    """The contact's guest row for the event, created if need be and locked
    (PostgreSQL) so that two members answering for them take turns."""
    db = connection(into)
    new = schema.values(EventGuest(event_id=event.id or 0, contact_id=contact.id or 0))
    listed = ", ".join(new)
    db.execute(
        f"INSERT INTO event_guest ({listed}) VALUES ({', '.join(':' + n for n in new)}) "
        "ON CONFLICT DO NOTHING",
        new,
    )
    lock = " FOR UPDATE" if db.dialect == "postgresql" else ""
    found = fetch(
        db, EventGuest, f"event_id = :e AND contact_id = :c{lock}", {"e": event.id, "c": contact.id}
    )
    return found[0]


def guests(source: Reader | Session, event: Event) -> list[tuple[EventGuest, Contact]]:
    db = connection(source)
    rows = {g.contact_id: g for g in fetch(db, EventGuest, "event_id = :e", {"e": event.id})}
    people = fetch(
        db,
        Contact,
        "id IN (SELECT contact_id FROM event_guest WHERE event_id = :e) ORDER BY name_key, id",
        {"e": event.id},
    )
    return [(rows[c.id or 0], c) for c in people if c.id in rows]


def invite(
    into: Db | Session,
    event: Event,
    people: Sequence[Contact],
    on: date,
    *,
    message_id: str | None = None,
) -> list[Contact]:
    """Record invitations (logged on each timeline); return those newly invited.
    `message_id`: the one person's invitation went out as that email."""
    db = connection(into)
    invited = []
    for person in sorted({p.id: p for p in people}.values(), key=lambda p: (p.name_key, p.id or 0)):
        row = guest(db, event, person)
        if row.invited_on is not None:
            continue
        row.invited_on = on
        save(db, row, "invited_on")
        invited.append(person)
        interactions.log(
            db,
            [person],
            kind="email" if message_id else "invite",
            note=f"Invited to {event.name}",
            on=on,
            event_id=event.id,
            message_id=message_id,
        )
    return invited


def rsvp_prompt(event_id: int, contact_id: int) -> str:
    """How a follow-up asks for someone's answer to an invitation (`pln mail
    scan` adds one when they reply to it): recording the answer closes it."""
    return f"record their answer: pln event rsvp {event_id} {contact_id} yes|no|maybe"


def rsvp(into: Db | Session, event: Event, person: Contact, answer: str, on: date) -> None:
    """Record someone's answer to an invitation; a follow-up that asked for it is done."""
    answer = answer.strip().lower()
    if answer not in RSVP_ANSWERS:
        raise Invalid(f"answer one of: {', '.join(RSVP_ANSWERS)}")
    db = connection(into)
    row = guest(db, event, person)
    before = schema.values(row)
    row.invited_on = row.invited_on or on
    row.rsvp, row.rsvp_on = answer, on
    save(db, row, since=before)
    interactions.log(
        db,
        [person],
        kind="message",
        note=f"Answered {answer} to {event.name}",
        on=on,
        event_id=event.id,
    )
    followups.answered(db, person.id, rsvp_prompt(event.id or 0, person.id or 0), on)


def attended(
    into: Db | Session,
    event: Event,
    people: Sequence[Contact],
    on: date,
    today: date | None = None,
) -> list[Contact]:
    """Record attendance, logged as an `event` interaction on the event's day:
    a day that has come (after `today` nobody has come yet), never before the
    event starts."""
    if today is not None and on > today:
        raise Invalid(f"{on.isoformat()} has not come yet: attendance is recorded once they came")
    if event.starts_on and on < event.starts_on:
        raise Invalid(
            f"{event.name} starts on {event.starts_on.isoformat()}: attendance is recorded on or "
            "after that day"
        )
    db = connection(into)
    first = not anyone_came(db, event)
    marked = []
    for person in {p.id: p for p in people}.values():
        row = guest(db, event, person)
        if row.attended:
            continue
        row.attended = True
        save(db, row, "attended")
        marked.append(person)
    if marked:
        interactions.log(
            db, marked, kind="event", note=f"Attended {event.name}", on=on, event_id=event.id
        )
        if first:  # the first who came: the steps after the event start, none hidden
            from plncrm.core import snoozes

            snoozes.wake_event(db, event.id or 0)
    return marked


def anyone_came(source: Reader | Session | Db, event: Event) -> bool:
    """Whether anyone is recorded as having come to the event."""
    found = connection(source).tuples(
        "SELECT 1 FROM event_guest WHERE event_id = :e AND attended LIMIT 1", {"e": event.id}
    )
    return bool(found)


def said_yes_unrecorded(source: Reader | Session | Db, event: Event) -> int:
    """How many said yes to an event nobody is recorded as having come to (0
    once anyone is): the agenda's "Record who came" line."""
    if anyone_came(source, event):
        return 0
    rows = connection(source).tuples(
        "SELECT count(*) FROM event_guest WHERE event_id = :e AND rsvp = 'yes'", {"e": event.id}
    )
    return int(rows[0][0])


def thank(
    into: Db | Session,
    event: Event,
    people: Sequence[Contact],
    on: date,
    *,
    message_id: str | None = None,
    by_email: bool = False,
) -> list[Contact]:
    """Record thank-you messages sent after an event (each logged on their
    timeline as an email when it went out as one, drafted or sent:
    `by_email`, or `message_id` for the one person's sent; otherwise a message)."""
    db = connection(into)
    thanked = _mark(db, event, people, "thanked_on", on)
    for person in thanked:
        interactions.log(
            db,
            [person],
            kind=after_event_kind(message_id, by_email),
            note=f"Thanked for coming to {event.name}",
            on=on,
            event_id=event.id,
            message_id=message_id,
        )
    return thanked


def after_event_kind(message_id: str | None, by_email: bool) -> str:
    """How a thank-you or the recording is logged, the one rule for both:
    an email when it went out as one (sent, or drafted as an email to
    send), a message when it is only recorded (it went some other way)."""
    return "email" if message_id or by_email else "message"


def no_shows(source: Reader | Session, event: Event) -> list[Contact]:
    """Those who said yes and did not come, not sent the recording yet."""
    return [
        c
        for g, c in guests(source, event)
        if g.rsvp == "yes" and not g.attended and g.recording_on is None
    ]


def send_recording(
    into: Db | Session,
    event: Event,
    people: Sequence[Contact],
    on: date,
    recording: str,
    *,
    message_id: str | None = None,
    by_email: bool = False,
) -> list[Contact]:
    """Record the recording sent to those who said yes and did not come: on
    each timeline (logged as a thank-you is: `after_event_kind`), and their
    guest row's `recording_on`, apart from `thanked_on`: one who turns out to
    have come after all is still owed the thank-you."""
    db = connection(into)
    sent = _mark(db, event, people, "recording_on", on)
    for person in sent:
        interactions.log(
            db,
            [person],
            kind=after_event_kind(message_id, by_email),
            note=f"Sent the recording of {event.name}: {recording}",
            on=on,
            event_id=event.id,
            message_id=message_id,
        )
    return sent


def _mark(db: Db, event: Event, people: Sequence[Contact], column: str, on: date) -> list[Contact]:
    """Each person's guest row stamped (`column`, the day of a step); the people, each once."""
    marked = list({p.id: p for p in people}.values())
    for person in marked:
        row = guest(db, event, person)
        before = schema.values(row)
        setattr(row, column, on)
        save(db, row, since=before)
    return marked


def to_remind(source: Reader | Session, event: Event) -> list[Contact]:
    """Those who said yes and have not been reminded yet."""
    return [c for g, c in guests(source, event) if g.rsvp == "yes" and g.reminded_on is None]


def remind(
    into: Db | Session,
    event: Event,
    people: Sequence[Contact],
    on: date,
    *,
    message_id: str | None = None,
) -> list[Contact]:
    """Record the reminder sent the day before (one email, logged with each of
    them; `message_id`: the one person's went out as that email)."""
    db = connection(into)
    reminded = _mark(db, event, people, "reminded_on", on)
    if reminded:
        interactions.log(
            db,
            reminded,
            kind="email",
            note=f"Reminded about {event.name}",
            on=on,
            event_id=event.id,
            message_id=message_id,
        )
    return reminded
