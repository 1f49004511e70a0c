"""Times of day and time zones, for events: "16:00", "4pm", "4:30 pm" and IANA
zones such as "America/Chicago"."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from plncrm.util.errors import Invalid

_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$", re.IGNORECASE)


def parse_time(text: str) -> str:
    """A time of day as "HH:MM" (24-hour)."""
    found = _TIME.match(text.strip())
    if found is None:
        raise Invalid(f"not a time of day: {text!r} (try 16:00 or 4pm)")
    hour, minute, half = int(found[1]), int(found[2] or 0), (found[3] or "").lower()[:1]
    if half:
        if not 1 <= hour <= 12:
            raise Invalid(f"not a time of day: {text!r}")
        hour = hour % 12 + (12 if half == "p" else 0)
    if hour > 23 or minute > 59:
        raise Invalid(f"not a time of day: {text!r}")
    return f"{hour:02d}:{minute:02d}"


def parse_span(text: str) -> tuple[str, str]:
    """A span of the day such as "21:00-07:00" (it may cross midnight)."""
    first, sep, last = text.replace("–", "-").partition("-")
    if not sep:
        raise Invalid(f"not a span of the day: {text!r} (try 21:00-07:00)")
    return parse_time(first), parse_time(last)


def within_span(moment: time, span: tuple[str, str]) -> bool:
    """Whether `moment` falls in the span (from its start, up to its end)."""
    start, end = time.fromisoformat(span[0]), time.fromisoformat(span[1])
    if start <= end:
        return start <= moment < end
    return moment >= start or moment < end


@cache
def zone(name: str) -> ZoneInfo:
    """The IANA time zone called `name`."""
    try:
        if not re.fullmatch(r"[A-Za-z0-9_+\-/]+", name) or ".." in name:
            raise ValueError(name)
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise Invalid(f"not a time zone: {name!r} (try America/Chicago or Europe/Berlin)") from None


def local_zone_name() -> str | None:
    """The machine's IANA zone name, when it can be known (TZ, /etc/localtime)."""
    import os
    from pathlib import Path

    env = os.environ.get("TZ", "").lstrip(":")
    if env:
        try:
            zone(env)
            return env
        except Invalid:
            return None
    try:
        target = str(Path("/etc/localtime").resolve())
    except OSError:
        return None
    marker = "zoneinfo/"
    return target.split(marker, 1)[1] if marker in target else None


def when(
    starts_on: str | None,
    ends_on: str | None = None,
    starts_at: str | None = None,
    ends_at: str | None = None,
    tz: str | None = None,
) -> str:
    """An event's dates and times in words: "2026-12-10, 16:00–17:00 America/Chicago"."""
    if not starts_on:
        return "a date to be announced"
    text = starts_on if not ends_on or ends_on == starts_on else f"{starts_on} to {ends_on}"
    if starts_at:
        text += f", {starts_at}" + (f"–{ends_at}" if ends_at else "") + (f" {tz}" if tz else "")
    return text


def abbreviation(tz: str, day: str, at: str) -> str:
    """The zone's short name at that moment ("CST", "CEST"), or its IANA name
    when it has none but an offset ("+03")."""
    from datetime import datetime

    try:
        moment = datetime.fromisoformat(f"{day}T{at}").replace(tzinfo=zone(tz))
    except (Invalid, ValueError):
        return tz
    short = moment.tzname() or tz
    return tz if short[:1] in "+-" else short


DEFAULT_LENGTH = timedelta(hours=1)  # a timed event with no end time


def span(
    first: date, last: date | None, starts_at: str | None, ends_at: str | None, tz: str | None
) -> tuple[date | datetime, date | datetime]:
    """When an event starts and ends: whole days (the end exclusive, as
    iCalendar has it) or, with a time, moments in its zone (UTC by default)."""
    last = last or first
    if not starts_at:
        return first, last + timedelta(days=1)
    where = zone(tz or "UTC")
    start = datetime.combine(first, time.fromisoformat(starts_at), tzinfo=where)
    if ends_at:
        return start, datetime.combine(last, time.fromisoformat(ends_at), tzinfo=where)
    return start, start + DEFAULT_LENGTH
