"""Events as `pln events` lists them, with how many were met, invited, said
yes and came."""

from datetime import date

from plncrm.reads.rows import columns, of
from plncrm.store.kinds import ATTENDED
from plncrm.store.plain import Source, reader
from plncrm.store.schema import Event

_ENDING = "coalesce(event.ends_on, event.starts_on)"
_WHEN = {
    "upcoming": (f"WHERE {_ENDING} >= :today", "event.starts_on"),
    "past": (f"WHERE {_ENDING} < :today", "event.starts_on DESC"),
    # No date last, in a form both engines read.
    None: ("", "(event.starts_on IS NULL), event.starts_on DESC, event.id"),
}


def list_events(source: Source, today: date, when: str | None = None) -> list[Event]:
    """All events, or only `upcoming` (not yet over) or `past` ones; soonest or latest first."""
    where, order = _WHEN[when]
    sql = f"SELECT {columns(Event, 'event')} FROM event {where} ORDER BY {order}"
    return [of(Event, r) for r in reader(source).rows(sql, {"today": today})]


def happening_on(source: Source, day: date) -> list[Event]:
    """The events under way on `day` (the booth's conference first, the ones
    the user hosts last): what the pocket agenda's quick add presets "met at" to."""
    sql = (
        f"SELECT {columns(Event, 'event')} FROM event "
        f"WHERE event.starts_on <= :day AND {_ENDING} >= :day "
        "ORDER BY event.hosted, event.starts_on DESC, event.id DESC"
    )
    return [of(Event, r) for r in reader(source).rows(sql, {"day": day})]


# Met at an event: first met there (`contact.met_event_id`), or met again
# there (a touchpoint of being there, kind 'event', at that event: a booth
# scan of someone known, `pln log REF --at EVENT`), except the guests who came
# to an event we hosted (attending ours is being there, not meeting someone;
# checked in at someone else's is being met there, as an import says). The event's
# touchpoints are found first (one pass over `interaction`, which has no index
# of events), then their people by key: joined the other way round, SQLite
# walked every row of `interaction_contact` (0.28 s at 500,000 interactions).
_AGAIN = f"""
FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id
WHERE i.id IN (SELECT id FROM interaction WHERE kind = '{ATTENDED}' AND event_id {{events}})
  AND ic.role = 'with'
  AND NOT EXISTS (SELECT 1 FROM event_guest g JOIN event e ON e.id = g.event_id
                  WHERE g.event_id = i.event_id AND g.contact_id = ic.contact_id
                  AND g.attended AND e.hosted)
"""
# The ids of the contacts met at the event :met_event_id.
MET_THERE = f"""
SELECT id FROM contact WHERE met_event_id = :met_event_id
UNION SELECT ic.contact_id {_AGAIN.format(events="= :met_event_id")}
"""
MET = f"""
SELECT event_id, count(DISTINCT contact_id) AS n FROM (
  SELECT met_event_id AS event_id, id AS contact_id FROM contact WHERE met_event_id IN :ids
  UNION SELECT i.event_id, ic.contact_id {_AGAIN.format(events="IN :ids")}
) met GROUP BY event_id
"""
# Counted under names no column has: `store.plain` types columns by name.
GUESTS = """
SELECT event_id,
       sum(CASE WHEN invited_on IS NOT NULL THEN 1 ELSE 0 END) AS invited,
       sum(CASE WHEN rsvp = 'yes' THEN 1 ELSE 0 END) AS yes,
       sum(CASE WHEN attended THEN 1 ELSE 0 END) AS came
FROM event_guest WHERE event_id IN :ids GROUP BY event_id
"""


def met_there(source: Source, event_id: int) -> dict[int, date | None]:
    """The contacts met at the event, first or again, each with the first day
    met there (None: first met there before the event had a date)."""
    sql = f"""
    SELECT id AS contact_id, met_on AS happened_on FROM contact WHERE met_event_id = :met_event_id
    UNION SELECT ic.contact_id, i.happened_on {_AGAIN.format(events="= :met_event_id")}
    """
    days: dict[int, date | None] = {}
    for row in reader(source).rows(sql, {"met_event_id": event_id}):
        cid, day = int(row["contact_id"]), row["happened_on"]
        days[cid] = min((d for d in (days.get(cid), day) if d is not None), default=None)
    return days


def met_again(source: Source, since: date) -> list[tuple[int, date]]:
    """(contact id, day) of each meeting again at an event since `since`."""
    sql = (
        f"SELECT ic.contact_id AS contact_id, i.happened_on AS happened_on "
        f"{_AGAIN.format(events='IS NOT NULL')} AND i.happened_on >= :since"
    )
    return [
        (int(r["contact_id"]), r["happened_on"]) for r in reader(source).rows(sql, {"since": since})
    ]


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
