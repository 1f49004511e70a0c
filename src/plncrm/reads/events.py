"""Events as `pln events` lists them, with how many were met, invited, said
yes and came."""

from datetime import date

from plncrm.reads.rows import EventRow, columns, of
from plncrm.store.plain import Source, reader

_ENDING = "coalesce(event.ends_on, event.starts_on)"
_WHEN = {
    "upcoming": (f"WHERE {_ENDING} >= :today", "event.starts_on"),
    "past": (f"WHERE {_ENDING} < :today", "event.starts_on DESC"),
    # No date last, in a form both engines read.
    None: ("", "(event.starts_on IS NULL), event.starts_on DESC, event.id"),
}


def list_events(source: Source, today: date, when: str | None = None) -> list[EventRow]:
    """All events, or only `upcoming` (not yet over) or `past` ones; soonest or latest first."""
    where, order = _WHEN[when]
    sql = f"SELECT {columns(EventRow, 'event')} FROM event {where} ORDER BY {order}"
    return [of(EventRow, r) for r in reader(source).rows(sql, {"today": today})]


MET = """
SELECT met_event_id AS event_id, count(*) AS n FROM contact
WHERE met_event_id IN :ids GROUP BY met_event_id
"""
# Counted under names no column has: `store.plain` types columns by name.
GUESTS = """
SELECT event_id,
       sum(CASE WHEN invited_on IS NOT NULL THEN 1 ELSE 0 END) AS invited,
       sum(CASE WHEN rsvp = 'yes' THEN 1 ELSE 0 END) AS yes,
       sum(CASE WHEN attended THEN 1 ELSE 0 END) AS came
FROM event_guest WHERE event_id IN :ids GROUP BY event_id
"""


def counts(source: Source, event_ids: list[int]) -> dict[int, dict[str, int]]:
    """How many were met, invited, said yes and attended, per event."""
    result = {i: {"met": 0, "invited": 0, "yes": 0, "attended": 0} for i in event_ids}
    if not event_ids:
        return result
    read = reader(source)
    for row in read.rows(MET, {"ids": event_ids}):
        result[row["event_id"]]["met"] = int(row["n"])
    for row in read.rows(GUESTS, {"ids": event_ids}):
        result[row["event_id"]].update(
            invited=int(row["invited"]), yes=int(row["yes"]), attended=int(row["came"])
        )
    return result
