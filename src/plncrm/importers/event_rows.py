"""What one row of each platform's registrant or attendee file says about
one person (`event_files` finds the header and the format): the contact,
whether they registered, cancelled or came, and for how long. One reader a
format, so that a new platform is one function and one line of `READERS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta

from plncrm.importers.event_people import Guest, Person
from plncrm.importers.event_times import day_of, minutes_of, moment_of
from plncrm.importers.records import clean, split_names
from plncrm.util.dates import DateOrder
from plncrm.util.text import fold

CANCELLED = ("cancel", "denied", "rejected", "refunded", "deleted", "not attending", "declined")
EMAILS_A_CELL = 5  # addresses taken from one cell: a person's, not a mailing list's
QUESTIONED = 365  # days before the event a registration is taken as a mistake
EXAMPLES = 20  # rows not understood that the summary names (it counts them all)


@dataclass
class Reading:
    """What a row reader needs besides the row, and where it says what it could not read."""

    today: date
    order: DateOrder
    problems: list[str] = field(default_factory=list)
    count: int = 0
    undated: int = 0  # registrations with no registration time: on the import day
    notes: list[str] = field(default_factory=list)  # what was read but not kept, by line

    def problem(self, line: int, text: str) -> None:
        self.count += 1
        if len(self.problems) < EXAMPLES:
            self.problems.append(f"row {line}: {text}")

    def note(self, line: int, text: str) -> None:
        """Something a row held that was not kept, said by line (the first `EXAMPLES`)."""
        if len(self.notes) < EXAMPLES:
            self.notes.append(f"line {line}: {text}")
        elif len(self.notes) == EXAMPLES:
            self.notes.append("…and more lines like these (the first shown)")


def registered_day(
    line: int, cells: dict[str, str], at: Reading, *names: str, order: DateOrder | None = None
) -> date | None:
    """The day a row says its person registered, from the first of `names`
    the file has; one not understood is said by row (recorded on the import
    day), an empty one counted (`Reading.undated`)."""
    column = next((n for n in names if n in cells), None)
    if column is None:
        return None
    written = value_of(cells, column)
    if not written:
        at.undated += 1
        return None
    day = day_of(written, at.today, order or at.order)
    if day is None:
        said = f"registration time {written!r} not understood: recorded on the import day"
        at.problem(line, said)
    return day


def day_questioned(guest: Guest, starts_on: date | None, today: date) -> str | None:
    """A registration day to come, or long before the event (more than
    `QUESTIONED` days: a "Nov 2, 1900"): recorded on `today` (in place), and
    the line that says so."""
    on = guest.registered_on
    if on is None:
        return None
    if on > today:
        why = "a day to come"
    elif on < (starts_on or today) - timedelta(days=QUESTIONED):
        why = "more than a year before the event (questioned)"
    else:
        return None
    guest.registered_on = today
    record = guest.record
    who = record.name or (record.emails[0] if record.emails else f"line {record.line}")
    return f"line {record.line}: {who} registered on {on.isoformat()}, {why}: recorded on {today}"


def undated_said(at: Reading) -> list[str]:
    """The one line counting registrations with no registration time."""
    if not at.undated:
        return []
    many = "registration" if at.undated == 1 else "registrations"
    return [f"{at.undated:,} {many} with no registration time: recorded on the import day"]


def value_of(cells: dict[str, str], *names: str) -> str:
    for name in names:
        value = cells.get(name, "")
        if value and value not in ("--", "-"):
            return value
    return ""


def emails_in(cell: str, line: int = 0, at: Reading | None = None) -> list[str]:
    """The addresses of a cell ("a@x.org; b@y.org", "a@x.org, b@y.org", "Ana
    <a@x.org>"): the first is the person's address, the others (up to
    EMAILS_A_CELL) theirs too; those past it are named by line (`at`)."""
    parts = [p.strip("<>\"'()[]") for p in re.split(r"[;,\s]+", cell.strip()) if p]
    found = [p for p in parts if "@" in p]
    if len(found) > EMAILS_A_CELL and at is not None:
        dropped = ", ".join(found[EMAILS_A_CELL:])
        at.note(line, f"more than {EMAILS_A_CELL} addresses in one cell, not read: {dropped}")
    found = found[:EMAILS_A_CELL]
    return found if found else ([cell.strip()] if cell.strip() else [])


def _record(line: int, cells: dict[str, str], name: str, email: str, at: Reading) -> Person:
    first, last = value_of(cells, "first name"), value_of(cells, "last name")
    return Person(
        line=line,
        name=name or split_names(first, last),
        given=clean(first),
        family=clean(last),
        emails=tuple(emails_in(email, line, at)),
        org=clean(value_of(cells, "organization", "organisation", "company", "school")),
        role=clean(value_of(cells, "job title", "title", "role in purchase process")),
    )


def _cancelled(status: str) -> str | None:
    s = fold(status)
    return f"registration status {status!r}" if any(w in s for w in CANCELLED) else None


def spent(guest: Guest, line: int, cells: dict[str, str], at: Reading, *duration: str) -> None:
    """The time a row says someone was in the session: the interval between
    its join and leave times where it gives both, else its duration; a
    duration not understood leaves whether they came unknown, and is said."""
    joined = moment_of(value_of(cells, "join time"), at.today, at.order)
    left = moment_of(value_of(cells, "leave time"), at.today, at.order)
    if joined is not None and left is not None:
        guest.intervals.append((min(joined, left), max(joined, left)))
        return
    written = value_of(cells, *duration)
    if not written:
        return
    minutes = minutes_of(written)
    if minutes is None:
        at.problem(line, f"duration {written!r} not understood; registered, attendance unknown")
        guest.registered, guest.attended, guest.unknown = True, None, True
        return
    guest.durations = minutes


def _zoom_attendee(line: int, cells: dict[str, str], at: Reading) -> Guest:
    shown = value_of(cells, "user name original name", "name original name")
    original = re.search(r"\(([^()]+)\)\s*$", shown)
    name = split_names(value_of(cells, "first name"), value_of(cells, "last name"))
    name = name or (original[1] if original else shown)
    email = value_of(cells, "email", "user email")
    came = fold(value_of(cells, "attended")) != "no"
    registered_on = registered_day(line, cells, at, "registration time")
    guest = Guest(
        _record(line, cells, name, email, at),
        registered=registered_on is not None or "attended" in cells,
        registered_on=registered_on,
        cancelled=_cancelled(value_of(cells, "approval status")),
        attended=came,
        joined_on=day_of(value_of(cells, "join time"), at.today, at.order) if came else None,
    )
    if came:
        spent(guest, line, cells, at, "time in session minutes", "duration minutes")
    return guest


def _zoom_registrant(line: int, cells: dict[str, str], at: Reading) -> Guest:
    return Guest(
        _record(line, cells, "", value_of(cells, "email"), at),
        registered=True,
        registered_on=registered_day(line, cells, at, "registration time"),
        cancelled=_cancelled(value_of(cells, "approval status")),
    )


def _eventbrite(line: int, cells: dict[str, str], at: Reading) -> Guest:
    status = value_of(cells, "attendee status")
    return Guest(
        _record(line, cells, "", value_of(cells, "email"), at),
        registered=True,
        registered_on=registered_day(line, cells, at, "order date", order="ymd"),
        cancelled=_cancelled(status),
        attended=True if fold(status) == "checked in" else None,
    )


def _teams(line: int, cells: dict[str, str], at: Reading) -> Guest | None:
    organizer = fold(value_of(cells, "role")) == "organizer"  # as Zoom's host: event_skips
    email = value_of(cells, "email") or value_of(cells, "participant id upn")
    name = re.sub(r"\s*\((guest|external|unverified)\)$", "", value_of(cells, "name"), flags=re.I)
    guest = Guest(
        _record(line, cells, name, email if "@" in email else "", at),
        attended=True,
        joined_on=day_of(value_of(cells, "first join"), at.today, at.order),
        host=organizer,
    )
    # First join to last leave is no interval in the session: the duration is.
    spent(guest, line, cells, at, "in meeting duration")
    return guest


READERS: dict[str, Callable[[int, dict[str, str], Reading], Guest | None]] = {
    "zoom-attendees": _zoom_attendee,
    "zoom-registrants": _zoom_registrant,
    "eventbrite": _eventbrite,
    "teams": _teams,
}
