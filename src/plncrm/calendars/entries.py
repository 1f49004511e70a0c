"""What a calendar entry is, before it is drawn as iCalendar: the item, the
records a command changed (`Only`), and an entry not drawn yet (`Entry`)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, NamedTuple


class CalendarItem(NamedTuple):
    """One calendar entry. `uid` names its file (pln-UID.ics) and, with
    "@plncrm", its iCalendar UID. All day on `day` unless `start` (UTC) is set."""

    uid: str
    summary: str
    day: date
    description: str = ""
    category: str = "follow-up"
    start: datetime | None = None
    end: datetime | None = None
    location: str = ""
    until: date | None = None  # the last of several whole days
    tz: str = ""  # write `start` and `end` in this zone (an invitation), not in UTC


class Only(NamedTuple):
    """The records one command changed: only the items they can touch are read."""

    follow_ups: frozenset[int] = frozenset()
    contacts: frozenset[int] = frozenset()
    intros: frozenset[int] = frozenset()
    events: frozenset[int] = frozenset()


Entry = tuple[str, tuple[Any, ...], Callable[[], CalendarItem]]
"""An item not yet drawn: its UID, a key holding everything its text depends
on (raw rows, as the engine returns them), and how to draw it, so that a
re-sync compares keys and draws only the entries that changed. A plain
tuple: a calendar holds tens of thousands."""


class Gathered(NamedTuple):
    entries: list[Entry]
    considered: set[str]  # every UID whose entry was decided: present in `entries`, or gone

    @property
    def items(self) -> list[CalendarItem]:
        return [make() for _, _, make in self.entries]
