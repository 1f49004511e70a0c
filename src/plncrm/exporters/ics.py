"""Open follow-ups as an iCalendar file: one all-day event per follow-up on its
due date, which calendar programs import (most ignore VTODO)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlmodel import Session

from plncrm.core import contacts
from plncrm.reads.followups import list_tasks
from plncrm.store.models import Contact
from plncrm.util import clock


def build(session: Session, stamp: datetime | None = None) -> bytes:
    from icalendar import Calendar, Event

    tasks = list_tasks(session)
    people: dict[int, Contact] = contacts.get_many(
        session, (t.contact_id for t in tasks if t.contact_id)
    )
    stamp = stamp or clock.now()
    calendar = Calendar()
    calendar.add("prodid", "-//plncrm//pln follow-ups//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "pln follow-ups")
    for task in tasks:
        day: date = task.snoozed_until or task.due
        person = people.get(task.contact_id) if task.contact_id else None
        event = Event()
        event.add("uid", f"follow-up-{task.id}@plncrm")
        event.add("dtstamp", stamp)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
        event.add("summary", f"{task.title} ({person.name})" if person else task.title)
        lines = [f"pln follow-up #{task.id}"]
        if person:
            lines.append(f"Contact: {person.name} (#{person.id})")
        if task.every:
            lines.append(f"Repeats every {task.every} (pln rolls it forward when done)")
        event.add("description", "\n".join(lines))
        event.add("categories", ["pln", task.source])
        calendar.add_component(event)
    return bytes(calendar.to_ical())
