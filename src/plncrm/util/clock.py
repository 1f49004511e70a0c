"""The one place plncrm reads the wall clock.

Every timestamp (`created_at`, backup names, calendar stamps) and every default
"today" comes from here, so that a test pins both with one time-machine travel
(`tests/helpers.py` `Pln(day=...)`), and so that a day the user sees is always
the user's own: records are stamped in UTC, and `day_of` turns a stamp back
into the local calendar day it happened on (a contact added at 23:30 in
Chicago was added that evening, not on the next UTC day).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime, timezone

_held: ContextVar[datetime | None] = ContextVar("held", default=None)


def now() -> datetime:
    """This moment, in UTC: what records are stamped with (inside `held`, the
    moment it holds)."""
    return _held.get() or datetime.now(timezone.utc)


@contextmanager
def held() -> Iterator[datetime]:
    """Stamp everything recorded inside with one moment: what one act records
    together (a kiosk visit: meeting someone and what they chose) is then
    known as recorded together (`core.touch.recorded_together`)."""
    token = _held.set(now())
    try:
        yield now()
    finally:
        _held.reset(token)


def local_now() -> datetime:
    """This moment on the machine's clock (for file names a person reads)."""
    return datetime.now().astimezone()


def today() -> date:
    """The machine's calendar day."""
    return local_now().date()


def day_of(moment: datetime) -> date:
    """The local calendar day of a stored moment. Stamps are UTC; SQLite hands
    them back without a zone, so a naive one is read as UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone().date()
