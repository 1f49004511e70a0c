"""Not striking out: the guard that gives everyone we meet a follow-up, and
the one answer to "who is still waiting?".

Every path that records meeting someone (add-contact, edit, imports with
--met-at or --met-on) arms the guard through `arm`; `pln due` lists the open
guards and `pln report` lists `waiting`, both through the one question
`lateness.waiting_query`, so the two name the same people (the agenda
leaving aside, until its day, a guard snoozed past its window). A
touchpoint after the meeting closes the guard (`followups.satisfy_guards`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plncrm.core import followups
from plncrm.core.lateness import waiting_query
from plncrm.core.touch import follows_up, follows_up_meeting, stamped
from plncrm.reads import settings
from plncrm.store.db import Db, connection, fetch
from plncrm.store.kinds import ATTENDED, FOLLOW_UP_OPEN, GUARD, NOT_A_FOLLOW_UP
from plncrm.store.plain import Reader, day
from plncrm.store.schema import Contact, Event, FollowUp
from plncrm.util import clock
from plncrm.util.batches import chunks

if TYPE_CHECKING:
    from sqlmodel import Session

GUARD_HORIZON_DAYS = 30  # met longer ago than this: history recorded late, not a risk


def title(event_name: str | None) -> str:
    return f"Follow up after meeting at {event_name}" if event_name else "Follow up after meeting"


@dataclass(frozen=True)
class Meeting:
    """Meeting someone, at an event or not, on a day."""

    contact_id: int
    on: date
    event_id: int | None = None
    event_name: str | None = None


def arm(source: Db | Session, contact_ids: Iterable[int], today: date) -> int:
    """Give each of these contacts met in the last GUARD_HORIZON_DAYS (where
    they were first met: `met_event_id`, `met_on`) a guard follow-up, due
    `guard-days` after the meeting, unless this meeting already has one or
    they have been in touch since. Returns how many were armed."""
    db = connection(source)
    oldest = today - timedelta(days=GUARD_HORIZON_DAYS)
    armed = 0
    for chunk in chunks(sorted(set(contact_ids))):
        people = db.tuples(
            "SELECT c.id, c.met_on, c.met_event_id, e.name FROM contact c "
            "LEFT JOIN event e ON e.id = c.met_event_id WHERE c.id IN :ids AND "
            "(c.met_on >= :oldest AND c.met_on <= :today "
            "OR c.met_on IS NULL AND c.met_event_id IS NOT NULL)",
            {"ids": chunk, "oldest": oldest, "today": today},
        )
        # Met at an event with no date yet: counted from today.
        meetings = [
            Meeting(cid, day(met_on) or today, event_id, event)
            for cid, met_on, event_id, event in people
        ]
        armed += arm_meetings(db, meetings, today)
    return armed


def arm_meetings(source: Db | Session, meetings: Sequence[Meeting], today: date) -> int:
    """A guard for each meeting in the last GUARD_HORIZON_DAYS, first or not
    (a known person scanned at a booth is a visitor like any other), unless
    that person has an open guard already, this meeting has one, or they
    have been in touch since. Returns how many were armed."""
    return len(arm_each(source, meetings, today))


_INSERT_GUARD = (
    "INSERT INTO follow_up (uid, contact_id, title, due, status, source, event_id, every_from, "
    "created_at, created_by, owner) VALUES (:uid, :contact_id, :title, :due, 'open', :source, "
    ":event_id, 'done', :created_at, :member, :member)"
)


def arm_each(source: Db | Session, meetings: Sequence[Meeting], today: date) -> list[Meeting]:
    """`arm_meetings`, returning the meetings it armed a guard for (the
    latest of each person's): an import names them."""
    from plncrm.store.schema import new_uid

    db = connection(source)
    oldest = today - timedelta(days=GUARD_HORIZON_DAYS)
    # The latest meeting of each person.
    recent = {
        m.contact_id: m for m in sorted(meetings, key=lambda m: m.on) if oldest <= m.on <= today
    }
    if not recent:
        return []
    guard_days = settings.load(db).guard_days
    armed: list[Meeting] = []
    for chunk in chunks(sorted(recent)):
        covered = _guarded_or_touched(db, [(cid, recent[cid].on) for cid in chunk])
        armed += [recent[cid] for cid in chunk if cid not in covered]
    now = clock.now()
    rows = [
        {
            "uid": new_uid(),
            "contact_id": m.contact_id,
            "title": title(m.event_name),
            "due": m.on + timedelta(days=guard_days),
            "source": GUARD,
            "event_id": m.event_id,
            "created_at": now,
            "member": db.member or None,
        }
        for m in armed
    ]
    db.many(_INSERT_GUARD, rows)
    return armed


def met_at_event(
    source: Db | Session, people: Sequence[Contact], event: Event, on: date, today: date
) -> int:
    """`pln log --at EVENT`: those not met anywhere before were met there that
    day; everyone met there gets a guard like anyone else met (unless one is
    open already or they are in touch since); returns how many were armed."""
    from plncrm.store.db import save

    db = connection(source)
    for person in people:
        if person.met_event_id is None and person.met_on is None:
            person.met_event_id, person.met_on = event.id, on
            save(db, person, "met_event_id", "met_on")
    return arm_meetings(db, [Meeting(p.id or 0, on, event.id, event.name) for p in people], today)


def arm_one(source: Db | Session, contact: Contact, today: date) -> FollowUp | None:
    """`arm` for one contact: the guard it armed, or None."""
    armed = arm(source, [contact.id or 0], today)
    return open_guard(source, contact.id or 0) if armed else None


def _guarded_or_touched(db: Db, met: list[tuple[int, date]]) -> set[int]:
    """Those whose meeting has a guard already (or who have one open), or who
    were in touch since."""
    ids = [cid for cid, _ in met]
    since = dict(met)
    guarded = db.tuples(
        "SELECT contact_id, due, status FROM follow_up WHERE contact_id IN :ids AND source = :g",
        {"ids": ids, "g": GUARD},
    )
    # This meeting's guard (due after it), or one still open from an earlier meeting.
    covered = {
        cid for cid, due, status in guarded if _on(due) >= since[cid] or status in FOLLOW_UP_OPEN
    }
    touched = db.tuples(
        "SELECT ic.contact_id, i.happened_on, i.kind, i.created_at FROM interaction_contact ic "
        "JOIN interaction i ON i.id = ic.interaction_id "
        "WHERE ic.contact_id IN :ids AND ic.role = 'with' AND i.kind NOT IN :not_follow_ups",
        {"ids": ids, "not_follow_ups": list(NOT_A_FOLLOW_UP)},
    )
    since_met = [(cid, kind, at) for cid, on, kind, at in touched if _on(on) >= since[cid]]
    addressed = followups.with_email(db, (c for c, k, _ in since_met if not follows_up(k, False)))
    moments = followups.meeting_moments(db, {c for c, _, _ in since_met})
    covered |= {
        cid
        for cid, kind, at in since_met
        if follows_up_meeting(kind, cid in addressed, stamped(at), moments.get(cid, set()))
    }
    return covered


def _on(value: object) -> date:
    """A date column that is never empty, as either engine returns it."""
    found = day(value)
    assert found is not None
    return found


def open_guard(source: Reader | Session, contact_id: int) -> FollowUp | None:
    found = fetch(
        connection(source),
        FollowUp,
        "contact_id = :c AND source = :g AND status IN :open ORDER BY id DESC LIMIT 1",
        {"c": contact_id, "g": GUARD, "open": list(FOLLOW_UP_OPEN)},
    )
    return found[0] if found else None


@dataclass(frozen=True)
class Waiting:
    """Someone met who has not been followed up yet."""

    contact_id: int
    name: str
    event_id: int | None
    met_at: str | None
    met_on: date | None
    task_id: int


# The meeting a guard is about: the last time met at its event (someone known
# met again at a booth waits since then, not since first met).
_MET_ON = (
    "coalesce((SELECT max(i.happened_on) FROM interaction i "
    "JOIN interaction_contact ic ON ic.interaction_id = i.id "
    "WHERE i.kind = :attended AND i.event_id = f.event_id AND ic.contact_id = c.id), c.met_on)"
)


def waiting(source: Reader | Session, event_id: int | None = None) -> list[Waiting]:
    """Everyone with an open guard (archived contacts aside), longest waiting
    first: what the report calls "still waiting" and the agenda "Don't strike
    out" (`lateness.waiting_query`, which the agenda and the calendar narrow)."""
    narrower = "f.event_id = :event" if event_id is not None else ""
    columns = f"f.id, c.id, c.name, f.event_id, e.name, {_MET_ON} AS met"
    rows = connection(source).tuples(
        waiting_query(columns, narrower, event=True) + " ORDER BY met, c.id",
        {"attended": ATTENDED, "event": event_id},
    )
    return [
        Waiting(contact_id=cid, name=name, event_id=eid, met_at=event, met_on=day(met), task_id=tid)
        for tid, cid, name, eid, event, met in rows
    ]
