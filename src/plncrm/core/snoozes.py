"""Snoozing and dismissing the agenda lines that are not follow-ups.

An introduction's next step ("i4a" and "i4b" for each side's, "i4" for all of it), an event's ("e2") and keeping in touch
with someone ("k31") are worked out by the scheduler from the records, not
stored as tasks; hiding one until a day is a row in `agenda_snooze` under its
handle, which the agenda reads before it ranks. Dismissing a keep-in-touch
line starts that contact's cadence again from today.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core import cadences, intros, preferences
from plncrm.core.contacts import details_for
from plncrm.store.engine import upsert
from plncrm.store.kinds import HANDLE_EVENT, HANDLE_INTRO, HANDLE_KEEP_IN_TOUCH, HANDLE_MET
from plncrm.store.models import AgendaSnooze, Contact, Event
from plncrm.util.bounds import check_id
from plncrm.util.errors import Invalid, NotFound

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


def describe(session: Session, letter: str, number: int, side: str = "") -> Line:
    """The line's handle and what it is about; NotFound if nothing has that id."""
    if letter == INTRO:
        intro = intros.get(session, number)
        a, b = intros.parties(session, intro)
        if side:
            who, other = (a, b) if side == SIDES[0] else (b, a)
            return Line(f"{letter}{number}{side}",
                        f"introduction {number}'s step with {who.name} (about meeting {other.name})")  # fmt: skip
        return Line(f"{letter}{number}", f"introduction {number} ({a.name} and {b.name})")
    if letter in (EVENT, MET):
        event = session.get(Event, number)
        if event is None:
            raise NotFound(f"no event with id {number}")
        if letter == MET:
            return Line(f"{letter}{number}", f"everyone met at {event.name} still waiting")
        return Line(f"{letter}{number}", f"event {number} ({event.name})")
    contact = session.get(Contact, number)
    if contact is None:
        raise NotFound(f"no contact with id {number}")
    return Line(f"{letter}{number}", f"keeping in touch with {contact.name} (#{number})")


def keep_in_touch_until(session: Session) -> dict[int, date]:
    """Each contact whose keep-in-touch line was snoozed or dismissed, and
    until when (past days too: the cadence counts from a dismissal)."""
    rows = session.execute(
        select(col(AgendaSnooze.handle), col(AgendaSnooze.until)).where(
            col(AgendaSnooze.handle).like(f"{KEEP_IN_TOUCH}%")
        )
    )
    found = {}
    for text, until in rows:
        handle = parse(text)
        if handle is not None and handle[0] == KEEP_IN_TOUCH:
            found[handle[1]] = until
    return found


def snooze(session: Session, line: Line, until: date, today: date) -> None:
    if until <= today:
        raise Invalid("snooze until a day after today")
    upsert(session, AgendaSnooze, {"handle": line.handle, "until": until})


def restart_cadence(session: Session, contact_id: int, today: date) -> date:
    """Dismiss a keep-in-touch line: hide it until the contact's cadence comes
    round again, counted from today. Returns that day."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    tags = details_for(session, [contact_id]).get(contact_id)
    cadence = cadences.effective_cadence(
        contact.cadence, tags.get("tag") if tags else [], preferences.load(session).tag_cadences
    )
    if cadence is None:
        raise Invalid(f"{contact.name} (#{contact_id}) has no keep-in-touch cadence to dismiss")
    until = cadence.after(today)
    upsert(session, AgendaSnooze, {"handle": f"{KEEP_IN_TOUCH}{contact_id}", "until": until})
    return until


def exempt(session: Session, contact_id: int) -> Contact:
    """Dismiss a keep-in-touch line for good: the contact's cadence becomes `never`."""
    contact = session.get(Contact, contact_id)
    if contact is None:
        raise NotFound(f"no contact with id {contact_id}")
    contact.cadence = cadences.NEVER
    session.add(contact)
    session.flush()
    cadences.refresh(session, [contact_id])
    return contact
