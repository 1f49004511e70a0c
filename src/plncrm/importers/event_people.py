"""The people of a registrant or attendee file (`pln event import`), each
once: the rows that share an address are one person, whatever their order
(Zoom writes a row each time someone joins again). What a person did is
folded by rules that do not depend on which row came first, so that the same
rows in another order are the same people doing the same things."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import NamedTuple

from plncrm.importers.event_times import Interval, add_interval, union_minutes
from plncrm.importers.records import Record
from plncrm.util.bounds import MAX_MINUTES
from plncrm.util.text import fold


class Person(NamedTuple):
    """A platform's row about someone, held small: a `Record` costs some 3 kB
    (its two dozen lists), and a file may name a million people."""

    line: int
    name: str
    given: str | None
    family: str | None
    emails: tuple[str, ...]
    org: str | None
    role: str | None
    phones: tuple[str, ...] = ()
    notes: str | None = None  # their questions, and the columns --keep-unmapped keeps

    def record(self) -> Record:
        return Record(
            line=self.line,
            name=self.name,
            given=self.given,
            family=self.family,
            emails=list(self.emails),
            org=self.org,
            role=self.role,
            phones=list(self.phones),
            notes=self.notes,
        )


@dataclass(slots=True)
class Guest:
    """One person of the file and what they did: registered (an invitation
    answered yes), cancelled (why, when every registration of theirs was),
    came, and for how long: the union of the intervals they were in the
    session where the file gives join and leave times, plus the minutes of
    rows that give only a duration."""

    contact: Person | Record  # a plain sheet's rows are `pln import csv`'s records
    registered: bool = False
    registered_on: date | None = None
    cancelled: str | None = None
    attended: bool | None = None  # None: the file does not say
    durations: int | None = None  # minutes of the rows with no join and leave times
    intervals: list[Interval] = field(default_factory=list)
    joined_on: date | None = None
    rows: int = 1
    unknown: bool = False  # a row's duration was not understood: whether they came is unknown
    skip: str | None = None  # why they are no guest, known from the row itself
    host: bool = False  # the file's host (a Teams list's organizer): us unless my-email says

    @property
    def record(self) -> Record:
        """The contact as the import engine takes it (a new one each time from a `Person`)."""
        return self.contact if isinstance(self.contact, Record) else self.contact.record()

    def minutes(self, cap: int | None = None) -> int | None:
        """Minutes in the session, at most `cap` (the event's length) and MAX_MINUTES."""
        if not self.intervals and self.durations is None:
            return None
        spent = union_minutes(self.intervals) + (self.durations or 0)
        return min(spent, cap if cap is not None else MAX_MINUTES, MAX_MINUTES)


def _filled(record: Person | Record) -> tuple[object, ...]:
    """Which of two rows' contact speaks for the person: the one saying most,
    then the first in a fixed order (never the first in the file)."""
    said = [record.name, record.given, record.family, record.org, record.role]
    return (
        -sum(1 for v in said if v),
        -len(record.emails),
        fold(record.name),
        record.org or "",
        record.role or "",
        [fold(e) for e in record.emails],
    )


def join(had: Guest, other: Guest) -> None:
    """`other` folded into `had` (in place), the same whichever is which."""
    a, b = had.contact, other.contact
    keep, extra = (a, b) if _filled(a) <= _filled(b) else (b, a)
    seen = {fold(e) for e in keep.emails}
    more = sorted({fold(e): e for e in extra.emails if fold(e) not in seen}.items())
    emails, line = [*keep.emails, *(e for _, e in more)], min(a.line, b.line)
    if isinstance(keep, Record):
        keep.emails, keep.line = emails, line
        had.contact = keep
    else:
        had.contact = keep._replace(emails=tuple(emails), line=line)
    had.registered |= other.registered
    had.registered_on = _least(had.registered_on, other.registered_on)
    if had.cancelled is None or other.cancelled is None:
        had.cancelled = None  # one registration still stands
    else:
        had.cancelled = min(had.cancelled, other.cancelled)
    if True in (had.attended, other.attended):
        had.attended = True
    elif False in (had.attended, other.attended):
        had.attended = False
    if other.durations is not None:
        had.durations = (had.durations or 0) + other.durations
    for interval in other.intervals:
        add_interval(had.intervals, interval)
    had.joined_on = _least(had.joined_on, other.joined_on)
    had.rows += other.rows
    had.unknown |= other.unknown
    had.skip = min((w for w in (had.skip, other.skip) if w), default=None)


def _least(a: date | None, b: date | None) -> date | None:
    return min(a, b) if a and b else a or b


class People:
    """The file's people as its rows arrive: one `Guest` for the rows sharing
    any address, and for the rows with no address that share a name."""

    def __init__(self) -> None:
        self._guests: dict[int, Guest] = {}
        self._by_email: dict[str, int] = {}
        self._by_name: dict[str, int] = {}
        self._next = 0

    def add(self, guest: Guest) -> None:
        emails = [fold(e) for e in guest.contact.emails]
        if emails:
            ids = sorted({self._by_email[e] for e in emails if e in self._by_email})
        else:
            found = self._by_name.get(fold(guest.contact.name))
            ids = [] if found is None else [found]
        if not ids:
            at, self._next = self._next, self._next + 1
            self._guests[at] = guest
            if not emails:
                self._by_name[fold(guest.contact.name)] = at
            self._by_email.update((e, at) for e in emails)
            return
        into = self._guests[ids[0]]
        join(into, guest)
        for other in ids[1:]:  # a row naming two people's addresses: one person
            join(into, self._guests.pop(other))
        self._by_email.update((fold(e), ids[0]) for e in into.contact.emails)

    def guests(self) -> list[Guest]:
        """Everyone, in an order of their own (by address, then by name)."""
        return sorted(
            self._guests.values(),
            key=lambda g: (
                not g.contact.emails,
                [fold(e) for e in g.contact.emails[:1]],
                fold(g.contact.name),
                _filled(g.contact),
            ),
        )
