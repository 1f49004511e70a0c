"""One event as a calendar invitation (`pln event ics`), to attach to
invitation and reminder emails: a timed event in its own time zone, or an
all-day one when it has no time."""

from __future__ import annotations

from datetime import date, datetime

from plncrm.store.models import Event
from plncrm.util import clock
from plncrm.util.errors import Invalid
from plncrm.util.times import span


def build(event: Event, organiser: str = "", stamp: datetime | None = None) -> bytes:
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    if event.starts_on is None:
        raise Invalid(f"{event.name} has no date yet: pln event edit {event.id} --on DATE")
    calendar = Calendar()
    calendar.add("prodid", "-//plncrm//pln event//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    entry = CalendarEvent()
    entry.add("uid", f"{event.uid or event.id}@plncrm")
    entry.add("dtstamp", stamp or clock.now())
    start, end = _span(event, event.starts_on)
    entry.add("dtstart", start)
    entry.add("dtend", end)
    entry.add("summary", event.name)
    if event.where:
        entry.add("location", event.where)
        if event.where.startswith(("http://", "https://")):
            entry.add("url", event.where)
    if organiser:
        entry.add("description", f"Hosted by {organiser}")
    calendar.add_component(entry)
    if event.starts_at:
        calendar.add_missing_timezones()  # a VTIMEZONE for the TZID: Outlook needs one
    return bytes(calendar.to_ical())


def _span(event: Event, first: date) -> tuple[date | datetime, date | datetime]:
    return span(first, event.ends_on, event.starts_at, event.ends_at, event.tz)
