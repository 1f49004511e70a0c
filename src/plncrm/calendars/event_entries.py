"""Hosted events as calendar entries: whole days, or their start and end in
their own zone (also the invitation `pln event ics` writes)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone

from plncrm.calendars.entries import CalendarItem, Only
from plncrm.store.plain import Reader
from plncrm.util.times import span

EVENTS = "SELECT * FROM event WHERE hosted AND coalesce(ends_on, starts_on) >= :today"


def hosted(reader: Reader, params: dict[str, object], only: Only | None) -> Iterator[CalendarItem]:
    """The hosted events not over yet (`params["today"]`), at their times."""
    if only is not None and not only.events:
        return
    sql = EVENTS if only is None else EVENTS + " AND id IN :events"
    rows = reader.rows(sql, {**params, "events": list(only.events) if only else []})
    for row in rows:
        if row["starts_on"] is None:
            continue
        yield event_item(
            f"event-{row['id']}",
            row["name"],
            row["starts_on"],
            row["ends_on"],
            row["starts_at"],
            row["ends_at"],
            row["tz"],
            row["where"],
            f"Hosted by you; guests: pln event show {row['id']}",
        )


def event_item(
    uid: str,
    name: str,
    first: date,
    last: date | None,
    starts_at: str | None,
    ends_at: str | None,
    tz: str | None,
    where: str | None,
    description: str,
) -> CalendarItem:
    """An event as an entry: whole days from `first` to `last`, or from its
    start to its end (moments in UTC; `tz` says the zone an invitation shows)."""
    start, end = span(first, last, starts_at, ends_at, tz)
    utc = [m.astimezone(timezone.utc) if isinstance(m, datetime) else None for m in (start, end)]
    return CalendarItem(
        uid,
        name,
        first,
        description,
        "event",
        utc[0],
        utc[1],
        where or "",
        until=last,
        tz=(tz or "UTC") if starts_at else "",
    )
