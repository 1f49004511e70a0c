"""Calendar items as iCalendar text, written by hand rather than through the
icalendar library: a first sync writes tens of thousands of entries, and
building each as icalendar objects cost a fifth of a millisecond. The tests
read every shape back with icalendar.

An item's fingerprint stands for its text: a re-sync compares fingerprints
(kept in the vdir's state file) before it renders anything, and a file is
compared without the stamp of when it was written (`DTSTAMP`), so that an
unchanged item never looks changed.
"""

from __future__ import annotations

import marshal
import re
import zlib
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any

from plncrm.calendars.entries import CalendarItem

FORMAT = 2  # raise when the text written for the same item changes: every file is rewritten
DOMAIN = "plncrm"
PRODID = "-//plncrm//pln//EN"  # every calendar pln writes: the agenda, its files, invitations
EARLY_WARNING = timedelta(minutes=30)  # a timed event starting before the alarm time


def fingerprint(key: tuple[Any, ...], alarm: time | None) -> int:
    """A number that changes whenever the text of the entry drawn from `key`
    would (see `entries.Entry`). Keys of plain values are serialised by
    `marshal` (a sixth of the cost of `repr`); dates (PostgreSQL's) by `repr`."""
    seed = zlib.crc32(f"{FORMAT}{alarm}".encode())
    try:
        data = marshal.dumps(key)
    except ValueError:
        data = repr(key).encode()
    return zlib.crc32(data, seed)


def _text(value: str) -> str:
    """A TEXT value: control characters gone, the rest escaped."""
    if not value.isprintable():  # newlines, escapes, bidirectional controls: the slow path
        from plncrm.util.text import strip_controls

        value = strip_controls(value.replace("\r\n", "\n"))
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\n", "\\n")


def _long(name: str, value: str) -> str:
    """A property whose text may pass 75 octets, folded."""
    return _fold(f"{name}:{_text(value)}")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next after a space (RFC 5545),
    never inside a character."""
    if len(line) <= 18 or (len(line) <= 75 and line.isascii()):
        return line
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, start, limit = [], 0, 75
    while start < len(data):
        end = min(start + limit, len(data))
        while end < len(data) and (data[end] & 0xC0) == 0x80:
            end -= 1
        parts.append(data[start:end].decode())
        start, limit = end, 74
    return "\r\n ".join(parts)


@lru_cache(maxsize=4096)  # a calendar has few distinct days
def _day(value: date) -> str:
    return f"{value.year:04d}{value.month:02d}{value.day:02d}"


@lru_cache(maxsize=4096)
def _next_day(value: date) -> str:
    return _day(value + timedelta(days=1))


def _moment(value: datetime) -> str:
    return f"{_local(value)}Z"


def _local(value: datetime) -> str:
    return f"{_day(value)}T{value.hour:02d}{value.minute:02d}{value.second:02d}"


def _when(name: str, moment: datetime, tz: str) -> str:
    """DTSTART or DTEND: in UTC, or in the item's zone (an invitation shows
    the time where the event happens)."""
    if not tz:
        return f"{name}:{_moment(moment)}"
    from plncrm.util.times import zone

    return f"{name};TZID={tz}:{_local(moment.astimezone(zone(tz)))}"


def _duration(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    sign, seconds = ("-" if seconds < 0 else ""), abs(seconds)
    hours, minutes = divmod(seconds // 60, 60)
    return f"{sign}PT{hours}H{minutes}M"


@lru_cache(maxsize=16)
def _from_midnight(alarm: time) -> str:
    return _duration(timedelta(hours=alarm.hour, minutes=alarm.minute))


def _trigger(item: CalendarItem, alarm: time) -> str:
    """The alarm at `alarm` on the day; for a timed event that starts before
    then, EARLY_WARNING before it starts."""
    if item.start is None:
        return _from_midnight(alarm)
    at = timedelta(hours=alarm.hour, minutes=alarm.minute)
    start = item.start.astimezone()  # the machine's clock decides what 9:00 means
    since_midnight = timedelta(hours=start.hour, minutes=start.minute)
    return _duration(at - since_midnight if at < since_midnight else -EARLY_WARNING)


def vevent(item: CalendarItem, alarm: time | None, stamp: datetime) -> list[str]:
    """The VEVENT lines of one item, long ones folded (the others are short by
    construction)."""
    lines = ["BEGIN:VEVENT", f"UID:{item.uid}@{DOMAIN}", f"DTSTAMP:{_moment(stamp)}"]
    if item.start is not None:
        lines.append(_when("DTSTART", item.start, item.tz))
        if item.end is not None:
            lines.append(_when("DTEND", item.end, item.tz))
    else:
        lines.append(f"DTSTART;VALUE=DATE:{_day(item.day)}")
        lines.append(f"DTEND;VALUE=DATE:{_next_day(item.until or item.day)}")
    summary = _long("SUMMARY", item.summary)
    busy = "OPAQUE" if item.category == "event" else "TRANSPARENT"  # a reminder blocks no time
    lines += [summary, f"TRANSP:{busy}"]
    if item.description:
        lines.append(_long("DESCRIPTION", item.description))
    if item.location:
        lines.append(_long("LOCATION", item.location))
        if item.location.startswith(("https://", "http://")):  # a video call: one tap to join
            lines.append(_fold("URL:" + "".join(item.location.split())))  # a URI: no escapes
    lines.append(f"CATEGORIES:pln,{_text(item.category)}")
    if alarm is not None:
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            _fold("DESCRIPTION" + summary[len("SUMMARY") :].replace("\r\n ", "")),
            f"TRIGGER;RELATED=START:{_trigger(item, alarm)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def calendar(
    events: Iterable[list[str]], name: str = "pln agenda", method: str | None = None
) -> bytes:
    """A VCALENDAR around these components, folded, with CRLF line ends."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        *([f"METHOD:{method}"] if method else []),
        _long("X-WR-CALNAME", name),
    ]
    for event in events:
        lines += event
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def invitation(item: CalendarItem, stamp: datetime) -> bytes:
    """One event to attach to invitations and reminders (`pln event ics`): in
    its own zone, with that zone's rules (Outlook needs them), no alarm."""
    parts = [vevent(item, None, stamp)]
    if item.tz and item.start is not None:
        from icalendar import Timezone

        last = (item.end or item.start).date() + timedelta(days=1)
        rules = Timezone.from_tzid(
            item.tz, first_date=item.start.date() - timedelta(days=1), last_date=last
        )
        parts.insert(0, rules.to_ical().decode().splitlines())
    return calendar(parts, name=item.summary, method="PUBLISH")


def one(item: CalendarItem, alarm: time | None, stamp: datetime) -> bytes:
    """A file of the vdir: one VCALENDAR holding one item."""
    return calendar([vevent(item, alarm, stamp)])


_STAMP = re.compile(rb"\r\nDTSTAMP:[^\r]*")


def same(data: bytes, item: CalendarItem, alarm: time | None) -> bool:
    """Whether a file holds exactly this item's entry, whenever it was written."""
    expected = one(item, alarm, datetime(2000, 1, 1))
    return _STAMP.sub(b"", data) == _STAMP.sub(b"", expected)
