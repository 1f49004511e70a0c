"""The report's hosted events: for each one held in the period, how many
registered (said yes), how many came, and what followed (the thank-you, the
recording to those who did not come, and a follow-up beyond them), so that a
webinar's funnel reads like the introductions' one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.core.touch import follows_up
from plncrm.store.plain import day
from plncrm.util.batches import chunks

if TYPE_CHECKING:
    from plncrm.store.db import Db


@dataclass(frozen=True, slots=True)
class Guest:
    contact_id: int
    said_yes: bool
    attended: bool
    thanked: bool  # the thank-you, to one who came
    recording: bool  # the recording, to one who said yes and did not come


@dataclass(frozen=True, slots=True)
class Hosted:
    id: int
    name: str
    starts_on: date
    ends_on: date
    guests: tuple[Guest, ...] = ()
    # Those reached after it by anything other than this event's own steps
    # (the thank-you and the recording are logged with the event).
    followed_up: frozenset[int] = frozenset()


_EVENTS = (
    "SELECT id, name, starts_on, ends_on FROM event "
    "WHERE hosted = :yes AND starts_on IS NOT NULL AND coalesce(ends_on, starts_on) >= :since"
)
_GUESTS = (
    "SELECT event_id, contact_id, rsvp, attended, thanked_on, recording_on FROM event_guest "
    "WHERE event_id IN :ids"
)
_AFTER = """
SELECT ic.contact_id, i.happened_on, i.kind, i.event_id
FROM interaction_contact ic JOIN interaction i ON i.id = ic.interaction_id
WHERE ic.role = 'with' AND ic.contact_id IN :ids AND i.happened_on > :after
"""


def gather(db: Db, since: date) -> list[Hosted]:
    """The hosted events not over before `since`, with their guests and who was followed up."""
    events = db.tuples(_EVENTS, {"yes": True, "since": since})
    if not events:
        return []
    guests: dict[int, list[Guest]] = {}
    for event_id, cid, rsvp, attended, thanked_on, recording_on in db.tuples(
        _GUESTS, {"ids": [e[0] for e in events]}
    ):
        guests.setdefault(event_id, []).append(
            Guest(
                cid, rsvp == "yes", bool(attended), thanked_on is not None, recording_on is not None
            )
        )
    found = []
    for event_id, name, starts, ends in events:
        start = day(starts)
        assert start is not None
        end = day(ends) or start
        came = sorted(g.contact_id for g in guests.get(event_id, []) if g.attended)
        followed: set[int] = set()
        for chunk in chunks(came):
            for cid, _, kind, about in db.tuples(_AFTER, {"ids": chunk, "after": end}):
                if about != event_id and follows_up(kind):
                    followed.add(cid)
        found.append(
            Hosted(event_id, name, start, end, tuple(guests.get(event_id, [])), frozenset(followed))
        )
    return found


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def figures(hosted: list[Hosted], since: date, today: date) -> list[dict[str, Any]]:
    """Each hosted event held in the period (started by `today`), oldest
    first: registered → came → thanked and followed up; the no-shows and how
    many were sent the recording."""
    rows = []
    for event in sorted(hosted, key=lambda e: (e.starts_on, e.id)):
        if not (event.ends_on >= since and event.starts_on <= today):
            continue
        registered = [g for g in event.guests if g.said_yes]
        came = [g for g in event.guests if g.attended]
        no_shows = [g for g in registered if not g.attended]
        rows.append(
            {
                "id": event.id,
                "name": event.name,
                "on": event.starts_on.isoformat(),
                "registered": len(registered),
                "attended": len(came),
                "registered_attended": sum(1 for g in registered if g.attended),
                "attended_share": _rate(sum(1 for g in registered if g.attended), len(registered)),
                "thanked": sum(1 for g in came if g.thanked),
                "followed_up": sum(1 for g in came if g.contact_id in event.followed_up),
                "no_shows": len(no_shows),
                "recording_sent": sum(1 for g in no_shows if g.recording),
            }
        )
    return rows
