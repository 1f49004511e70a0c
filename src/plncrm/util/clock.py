"""The one place plncrm reads the wall clock.

Every timestamp (`created_at`, backup names, calendar stamps) and every default
"today" comes from here, so that a test pins time in one place
(time-machine, or `Environment(clock=...)` for "today")."""

from __future__ import annotations

from datetime import date, datetime, timezone


def now() -> datetime:
    """This moment, in UTC: what records are stamped with."""
    return datetime.now(timezone.utc)


def local_now() -> datetime:
    """This moment on the machine's clock (for file names a person reads)."""
    return datetime.now().astimezone()


def today() -> date:
    """The machine's calendar day."""
    return date.today()
