"""Times of day and time zones, for events: "16:00", "4pm", "4:30 pm" and IANA
zones such as "America/Chicago"."""

from __future__ import annotations

import re
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
