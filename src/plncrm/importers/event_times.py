"""Time spent in a session as the platforms write it (`pln event import`):
durations in each of their spellings (`DURATIONS`, an explicit table, so
that "1:00" is an hour and not a minute), join and leave moments, and a
person's attendance as the union of the intervals they were in the session
(Zoom writes one row each time someone joins again)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from functools import lru_cache

from plncrm.importers import csv_import
from plncrm.util.bounds import MAX_MINUTES
from plncrm.util.dates import DateOrder
from plncrm.util.errors import PlnError
from plncrm.util.sheet_dates import parse_sheet_date

_UNIT = r"\s*(?:{})\.?\s*"
_H = _UNIT.format("h|hr|hrs|hour|hours")
_M = _UNIT.format("m|min|mins|minute|minutes")
_S = _UNIT.format("s|sec|secs|second|seconds")
# Every spelling read, with an example and its reading; anything else is
# "not understood" (and that row's attendance unknown), never a guess.
DURATIONS: tuple[tuple[str, str, str], ...] = (
    ("65", r"(?P<m>\d{1,6})(?:\.\d+)?", "minutes (Zoom's columns, a plain sheet)"),
    ("1:05:03", r"(?P<h>\d{1,4}):(?P<m>[0-5]\d):(?P<s>[0-5]\d)", "hours:minutes:seconds"),
    ("1:05", r"(?P<h>[01]?\d|2[0-3]):(?P<m>[0-5]\d)", "hours:minutes, a first part under 24"),
    ("75:30", r"(?P<m>2[4-9]|[3-9]\d|\d{3,5}):(?P<s>[0-5]\d)", "minutes:seconds, 24 and over"),
    (
        "1h 5m 3s",
        rf"(?:(?P<h>\d{{1,4}}){_H})?(?:(?P<m>\d{{1,6}}){_M})?(?:(?P<s>\d{{1,7}}){_S})?",
        "hours, minutes, seconds spelled (Teams: 1h 5m 3s; Meet: 1 hr 5 min; 45 min)",
    ),
)
_READ = [re.compile(pattern, re.IGNORECASE) for _, pattern, _ in DURATIONS]
_CLOCK = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([ap])?\.?m?\.?", re.IGNORECASE)


def duration_table() -> str:
    """The table of `DURATIONS` for docs/events.md (`tests` compare it)."""
    rows = [f"| `{example}` | {meaning} |" for example, _, meaning in DURATIONS]
    return "\n".join(["| Written | Read as |", "|---|---|", *rows])


def minutes_of(text: str) -> int | None:
    """Whole minutes (seconds dropped) of a duration written as in
    `DURATIONS`; None when it is none of them or over MAX_MINUTES."""
    t = " ".join(text.strip().split())
    for pattern in _READ:
        found = pattern.fullmatch(t)
        if found and any(found.groups()):
            parts = found.groupdict()
            seconds = (
                int(parts.get("h") or 0) * 3600
                + int(parts.get("m") or 0) * 60
                + int(parts.get("s") or 0)
            )
            minutes = seconds // 60
            return minutes if minutes <= MAX_MINUTES else None
    return None


@lru_cache(maxsize=1 << 14)  # an export's moments repeat (to the minute, in Zoom's)
def moment_of(text: str, today: date, order: DateOrder) -> datetime | None:
    """A join or leave moment ("Nov 18, 2026 04:01 PM", "11/18/26, 4:01:00
    PM", "2026-11-18 16:01:22-05:00"), in the file's own zone (all its moments
    are); None without a day and a time."""
    t = re.sub(r"(?<=\d)T(?=\d{2}:)", " ", text.strip())
    parts = re.split(r",?\s+(?=\d{1,2}:\d{2})", t, maxsplit=1)
    if len(parts) != 2 or not any(ch.isdigit() for ch in parts[0]):
        return None
    clock = _CLOCK.match(parts[1])
    if clock is None:
        return None
    day = _day(parts[0], today, order)
    if day is None:
        return None
    hour, minute, second = int(clock[1]), int(clock[2]), int(clock[3] or 0)
    half = (clock[4] or "").lower()
    if (half and not 1 <= hour <= 12) or hour > 23 or minute > 59 or second > 59:
        return None
    if half:
        hour = hour % 12 + (12 if half == "p" else 0)
    return datetime(day.year, day.month, day.day, hour, minute, second)


@lru_cache(maxsize=1 << 14)
def day_of(text: str, today: date, order: DateOrder) -> date | None:
    """The day of a moment as exported ("Nov 18, 2026 4:00 PM", "11/18/26,
    4:01:00 PM", "2026-11-01 14:03:22-05:00"); None when there is none ("--")."""
    t = re.sub(r"(?<=\d)T(?=\d{2}:)", " ", text.strip())
    t = re.split(r",?\s+\d{1,2}:\d{2}", t, maxsplit=1)[0].strip()
    if not t or not any(ch.isdigit() for ch in t):
        return None
    return _day(t, today, order)


@lru_cache(maxsize=4096)
def _day(text: str, today: date, order: DateOrder) -> date | None:
    """`parse_sheet_date`'s day, remembered: an export writes a few days a
    million times (parsing one costs a tenth of a millisecond)."""
    try:
        return parse_sheet_date(text, today, order).day
    except PlnError:
        return None


def file_order(rows: Iterable[list[str]], today: date, default: DateOrder) -> DateOrder:
    """The order a file's numeric dates are in when one of them reads only one
    way (11/13/26: month first) and none only the other, else `default`: the
    exporter's locale wrote them all one way."""
    shown: set[DateOrder] = set()
    for row in rows:
        shown.update(o for cell in row if (o := csv_import.one_way(cell.strip(), today)))
        if len(shown) > 1:
            break  # both ways: the default decides
    return shown.pop() if len(shown) == 1 else default


Interval = tuple[datetime, datetime]
MAX_INTERVALS = 256  # joins kept apart a person; more are bridged (their gaps counted)


def add_interval(held: list[Interval], new: Interval) -> None:
    """`new` into the sorted, disjoint intervals `held` (in place): overlapping
    ones become one, so that the result is the same in any order. Past
    MAX_INTERVALS the two nearest are bridged, bounding a hostile file."""
    start, end = new
    if end < start:
        start, end = end, start
    kept = [(s, e) for s, e in held if e < start or s > end]
    merged = [(s, e) for s, e in held if not (e < start or s > end)]
    for s, e in merged:
        start, end = min(start, s), max(end, e)
    kept.append((start, end))
    kept.sort()
    while len(kept) > MAX_INTERVALS:
        gaps = [(kept[i + 1][0] - kept[i][1], i) for i in range(len(kept) - 1)]
        _, i = min(gaps)
        kept[i : i + 2] = [(kept[i][0], kept[i + 1][1])]
    held[:] = kept


def union_minutes(held: list[Interval]) -> int:
    """Whole minutes in the session: the length of the intervals' union."""
    total = sum((e - s for s, e in held), timedelta())
    return int(total.total_seconds()) // 60


def event_minutes(
    starts_on: date | None, starts_at: str | None, ends_on: date | None, ends_at: str | None
) -> int | None:
    """How long an event lasts when its start and end times are known."""
    if starts_on is None or not starts_at or not ends_at:
        return None
    try:
        start = datetime.fromisoformat(f"{starts_on.isoformat()} {starts_at}")
        end = datetime.fromisoformat(f"{(ends_on or starts_on).isoformat()} {ends_at}")
    except ValueError:
        return None
    length = int((end - start).total_seconds()) // 60
    return length if length > 0 else None
