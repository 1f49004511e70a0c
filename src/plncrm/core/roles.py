"""Past roles: what a contact did before, kept when an import (or an edit)
brings a new organisation or role. Stored as "past_role" details whose value
reads as a sentence, "Mentor at Riverside USD (until 2026-11-29)"."""

from __future__ import annotations

import re
from datetime import date

_UNTIL = re.compile(r"\s*\(until [^)]*\)\s*$")


def past_role(role: str | None, org: str | None, until: date | None) -> str:
    """A past role as it is stored and shown."""
    text = " at ".join(x for x in (role, org) if x) or "(no role)"
    return f"{text} (until {until.isoformat()})" if until else text


def without_date(value: str) -> str:
    """A past role without its "(until …)", to compare it with another."""
    return _UNTIL.sub("", value)


def until_day(text: str | None) -> date | None:
    """The day a past role's "(until 2026-10-06)" names; None if it names none."""
    found = (text or "").strip()[len("(until ") : -1].strip()
    try:
        return date.fromisoformat(found)
    except ValueError:
        return None
