"""Snoozing and dismissing the agenda lines that are not follow-ups.

An introduction's next step ("i4a" and "i4b" for each side's, "i4" for all
of it), an event's ("e2") and keeping in touch with someone ("k31") are worked
out by the scheduler from the records, not stored as tasks; hiding one until a
day is a row in `agenda_snooze` under its handle, which the agenda reads before
it ranks. Dismissing a keep-in-touch line starts that contact's cadence again
from today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from plncrm.core import cadences, intros
from plncrm.core.contacts import details_for
from plncrm.core.lateness import waiting_query
from plncrm.reads import settings
from plncrm.store.db import Db, connection, get_row, save
from plncrm.store.kinds import HANDLE_EVENT, HANDLE_INTRO, HANDLE_KEEP_IN_TOUCH, HANDLE_MET
from plncrm.store.plain import Reader, day
from plncrm.store.schema import Contact, Event, FollowUp
from plncrm.util.bounds import check_id
from plncrm.util.errors import Invalid, NotFound

if TYPE_CHECKING:
    from sqlmodel import Session

INTRO, EVENT, KEEP_IN_TOUCH, MET = HANDLE_INTRO, HANDLE_EVENT, HANDLE_KEEP_IN_TOUCH, HANDLE_MET


@dataclass(frozen=True)
class Line:
    """An agenda line that is not a follow-up, and what it is about, in words."""

    handle: str
    about: str


SIDES = ("a", "b")  # an introduction's two sides: "i4a" and "i4b" are two lines


class Handle(NamedTuple):
    letter: str
    number: int
    side: str = ""  # "a" or "b": one side of an introduction; "": all of it


def parse(text: str) -> Handle | None:
    """("i", 4) for "i4" (any case), ("i", 4, "a") for "i4a"; None if `text`
    is not such a handle."""
    letter, number = text.strip()[:1].lower(), text.strip()[1:]
    side = ""
    if letter == INTRO and number[-1:].lower() in SIDES:
        number, side = number[:-1], number[-1:].lower()
    if letter in (INTRO, EVENT, KEEP_IN_TOUCH, MET) and number.isascii() and number.isdigit():
        return Handle(letter, check_id(int(number)), side)
    return None


def describe(source: Reader | Session, letter: str, number: int, side: str = "") -> Line:
    """The line's handle and what it is about; NotFound if nothing has that id."""
    db = connection(source)
    if letter == INTRO:
        intro = intros.get(db, number)
        a, b = intros.parties(db, intro)
        if side:
            who, other = (a, b) if side == SIDES[0] else (b, a)
            return Line(
                f"{letter}{number}{side}",
                f"introduction {number}'s step with {who.name} (about meeting {other.name})",
            )
        return Line(f"{letter}{number}", f"introduction {number} ({a.name} and {b.name})")
    if letter in (EVENT, MET):
        event = get_row(db, Event, number)
        if event is None:
            raise NotFound(f"no event with id {number}")
        if letter == MET:
            return Line(f"{letter}{number}", f"everyone met at {event.name} still waiting")
        return Line(f"{letter}{number}", f"event {number} ({event.name})")
    contact = get_row(db, Contact, number)
    if contact is None:
        raise NotFound(f"no contact with id {number}")
    return Line(f"{letter}{number}", f"keeping in touch with {contact.name} (#{number})")


def keep_in_touch_until(source: Reader | Session) -> dict[int, date]:
    """Each contact whose keep-in-touch line was snoozed or dismissed, and
    until when (past days too: the cadence counts from a dismissal)."""
    rows = connection(source).tuples(
        "SELECT handle, until FROM agenda_snooze WHERE handle LIKE :k",
        {"k": f"{KEEP_IN_TOUCH}%"},
    )
    found: dict[int, date] = {}
    for text, until in rows:
        handle, stamp = parse(text), day(until)
        if handle is not None and handle[0] == KEEP_IN_TOUCH and stamp is not None:
            found[handle[1]] = stamp
    return found


def _hide(db: Db, handle: str, until: date) -> None:
    """Hide the line `handle` until `until`: a new row, or the stored one
    changed (locked by the UPDATE, so another member writing the same line at
    the same moment takes turns); the same day again changes nothing."""
    values = {"handle": handle, "until": until}
    added = db.execute(
        "INSERT INTO agenda_snooze (handle, until) VALUES (:handle, :until) ON CONFLICT DO NOTHING",
        values,
    )
    if not added:
        db.execute(
            "UPDATE agenda_snooze SET until = :until WHERE handle = :handle AND until <> :until",
            values,
        )


def snooze(source: Db | Session, line: Line, until: date, today: date) -> None:
    """Hide the line until `until`; until today brings a snoozed line back."""
    _not_past(until, today)
    if until == today:
        _wake(connection(source), line.handle, today, line.about)
    else:
        _hide(connection(source), line.handle, until)


def _not_past(until: date, today: date) -> None:
    if until < today:
        raise Invalid("snooze until a day after today (or today: back on the agenda now)")


def _wake(db: Db, handle: str, today: date, about: str) -> None:
    """The line snoozed past today shows again today; one that is not snoozed
    is an error (a keep-in-touch line's dismissal stays: the cadence counts from it)."""
    woken = db.execute(
        "UPDATE agenda_snooze SET until = :today WHERE handle = :handle AND until > :today",
        {"handle": handle, "today": today},
    )
    if not woken:
        raise Invalid(f"{handle} ({about}) is not snoozed")


def hide_event(source: Db | Session, event_id: int, until: date) -> None:
    """Hide an event's lines until `until` (a dismissed "record who came" line)."""
    _hide(connection(source), f"{EVENT}{event_id}", until)


def wake_event(source: Db | Session, event_id: int) -> None:
    """An event's lines show again: who came was recorded, so its steps after
    it (thank-yous, the recording) are new, whatever was hidden before."""
    connection(source).execute(
        "DELETE FROM agenda_snooze WHERE handle = :handle", {"handle": f"{EVENT}{event_id}"}
    )


def wake_task(source: Db | Session, task: FollowUp, today: date) -> None:
    """`pln snooze ID --until today`: a snoozed follow-up is due again as it was."""
    if task.status != "snoozed" or task.snoozed_until is None or task.snoozed_until <= today:
        raise Invalid(f"#{task.id} is not snoozed")
    task.status, task.snoozed_until = "open", None
    save(connection(source), task, "status", "snoozed_until")


# The strike-out guards of the people met at one event still waiting: those
# showing today, or those snoozed past it.
_SHOWING_AT = waiting_query(
    "f.id", "f.event_id = :event AND (f.snoozed_until IS NULL OR f.snoozed_until <= :today)"
)
_SNOOZED_AT = waiting_query("f.id", "f.event_id = :event AND f.snoozed_until > :today")


def snooze_met(source: Db | Session, event_id: int, until: date, today: date) -> int:
    """Snooze the line of everyone met at an event still waiting ("m2"): the
    strike-out follow-ups of those it holds now, each snoozed as `pln snooze
    ID` would (someone met there later is not hidden by it); until today
    brings them back. How many it snoozed or brought back."""
    _not_past(until, today)
    db = connection(source)
    params = {"event": event_id, "today": today, "until": until}
    if until == today:
        ids = [row[0] for row in db.tuples(_SNOOZED_AT, params)]
        # A group snoozed by an earlier pln (one row for the line) comes back too.
        old = db.execute(
            "UPDATE agenda_snooze SET until = :today WHERE handle = :handle AND until > :today",
            {"handle": f"{MET}{event_id}", "today": today},
        )
        if ids:
            db.execute(
                "UPDATE follow_up SET status = 'open', snoozed_until = NULL WHERE id IN :ids",
                {"ids": ids},
            )
        if not ids and not old:
            raise Invalid(f"{MET}{event_id}: no one met there is snoozed")
        return len(ids)
    ids = [row[0] for row in db.tuples(_SHOWING_AT, params)]
    if not ids:
        raise Invalid(f"{MET}{event_id}: no one met there is waiting for a follow-up")
    db.execute(
        "UPDATE follow_up SET status = 'snoozed', snoozed_until = :until "
        "WHERE id IN :ids AND (snoozed_until IS NULL OR snoozed_until < :until)",
        {"ids": ids, "until": until},
    )
    return len(ids)


def restart_cadence(source: Db | Session, contact_id: int, today: date) -> date:
    """Dismiss a keep-in-touch line: hide it until the contact's cadence comes
    round again, counted from today. Returns that day."""
    db = connection(source)
    contact = get_row(db, Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    tags = details_for(db, [contact_id]).get(contact_id)
    cadence = cadences.effective_cadence(
        contact.cadence, tags.get("tag") if tags else [], settings.load(db).tag_cadences
    )
    if cadence is None:
        raise Invalid(f"{contact.name} (#{contact_id}) has no keep-in-touch cadence to dismiss")
    until = cadence.after(today)
    _hide(db, f"{KEEP_IN_TOUCH}{contact_id}", until)
    return until


def exempt(source: Db | Session, contact_id: int) -> Contact:
    """Dismiss a keep-in-touch line for good: the contact's cadence becomes `never`."""
    db = connection(source)
    contact = get_row(db, Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    if contact.cadence != cadences.NEVER:
        contact.cadence = cadences.NEVER
        save(db, contact, "cadence")
    cadences.refresh(db, [contact_id])
    return contact
