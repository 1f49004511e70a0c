"""Reading what the report needs from the store, once."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import TYPE_CHECKING

from plncrm.core import cadences, communities, followups, gifts, snoozes, strikeouts
from plncrm.core.strikeouts import Waiting
from plncrm.core.touch import follows_up, stamped
from plncrm.reads import events, settings
from plncrm.report import hosted
from plncrm.report.periods import Period
from plncrm.store.db import connection
from plncrm.store.kinds import GUARD
from plncrm.store.plain import Reader, day, moment
from plncrm.util import clock
from plncrm.util.intervals import Interval

if TYPE_CHECKING:
    from sqlmodel import Session


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    added_on: date
    source: str | None = None
    met_on: date | None = None
    met_event: str | None = None
    via: str | None = None
    communities: tuple[str, ...] = ()
    last_contacted: date | None = None
    cadence: Interval | None = None
    touch_until: date | None = None  # keeping in touch snoozed or dismissed until this day


@dataclass(frozen=True, slots=True)
class Touch:
    contact_id: int
    day: date
    kind: str
    role: str = "with"
    has_address: bool = True  # an email address, for what reaches someone only there
    recorded: datetime | None = None  # when it was recorded (`touch.follows_up_meeting`)
    resource: bool = False  # a free resource given (`pln give`)


@dataclass(frozen=True, slots=True)
class Intro:
    id: int
    a: int
    b: int
    proposed_on: date
    a_answer: str | None = None
    b_answer: str | None = None
    introduced_on: date | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Guard:
    """A strike-out follow-up: for whom, due when, and whether it is done."""

    contact_id: int
    due: date
    status: str
    done_on: date | None = None


@dataclass
class Facts:
    people: list[Person] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    intros: list[Intro] = field(default_factory=list)
    guard_days: int = 2
    waiting: list[Waiting] = field(default_factory=list)  # open strike-out guards
    met_again: list[tuple[int, date]] = field(
        default_factory=list
    )  # (contact, day) met again at an event
    guards: list[Guard] = field(default_factory=list)  # strike-out follow-ups, open or not
    # When meeting each contact met in the period and touched was recorded: what
    # was recorded with it is no follow-up (the only ones whose follow-up is counted).
    meetings: dict[int, set[datetime]] = field(default_factory=dict)
    # Resources given in the period, and how many of those given one were in touch again.
    resources: gifts.Returns = field(default_factory=lambda: gifts.Returns(0, 0, 0))
    hosted_events: list[hosted.Hosted] = field(default_factory=list)  # events we ran, guests
    # Each contact's last interaction before the first day read (the period's, or the
    # period before's: `for_period`), the touches after it: dormancy at each week's end.
    last_before: dict[int, date] = field(default_factory=dict)
    goal_days: int | None = None  # follow-up-goal: days to follow up people met
    kiosk: frozenset[int] = frozenset()  # contacts who came in through the visitor kiosk


_PEOPLE = """
SELECT c.id, c.name, c.created_at, c.source, c.met_on, e.name, via.name, c.last_contacted,
       c.cadence
FROM contact c LEFT JOIN event e ON e.id = c.met_event_id LEFT JOIN contact via ON via.id = c.via_id
WHERE c.archived = :no{mine}
"""
_TOUCHES = """
SELECT ic.contact_id, i.happened_on, i.kind, ic.role, i.created_at, i.resource_id
FROM interaction_contact ic JOIN interaction i ON i.id = ic.interaction_id
WHERE i.happened_on >= :since{mine}
"""
# "+ic.contact_id": SQLite then reads interaction_contact in its own order, each
# interaction by its key, and groups in memory (0.2 s at 500,000 interactions);
# grouped by the column it walked the contact index, a row lookup apiece (0.8 s).
_BEFORE = """
SELECT +ic.contact_id, max(i.happened_on)
FROM interaction_contact ic JOIN interaction i ON i.id = ic.interaction_id
WHERE ic.role = 'with' AND i.happened_on < :since GROUP BY 1
"""
_INTROS = (
    "SELECT id, a_id, b_id, proposed_on, a_answer, b_answer, introduced_on, outcome "
    "FROM introduction{mine}"
)
_GUARDS = (
    "SELECT contact_id, due, status, done_on FROM follow_up WHERE source = :guard "
    "AND contact_id IS NOT NULL AND (due >= :since OR done_on >= :since)"
)


def for_period(
    source: Reader | Session,
    period: Period,
    member: str | None = None,
    before: Period | None = None,
) -> tuple[Facts, Facts | None]:
    """The facts of `period` and, with `before`, of the period before it, read
    in one pass from its start: the same people, and the touches of both (at
    50,000 contacts a second read took 1.3 s and 60 MB more); only the
    resources given are each period's own."""
    if before is None:
        return gather(source, period.start, member, period.end), None
    found = gather(source, period.start, member, period.end, read_from=before.start)
    return found, replace(found, resources=gifts.returns(source, before.start, before.end))


def gather(
    source: Reader | Session,
    since: date,
    member: str | None = None,
    until: date | None = None,
    read_from: date | None = None,
) -> Facts:
    """Plain rows, not ORM objects: the report reads every contact, and at
    260,000 of them ORM objects alone took 500 MB. With `member`, only the
    contacts, interactions and introductions that member recorded. The
    resources given from `since` to `until` (None: up to now); what happened
    from `read_from` (an earlier day: the period before as well) or `since`."""
    resources = gifts.returns(source, since, until)
    since = since if read_from is None else min(since, read_from)
    db = connection(source)
    prefs = settings.load(db)
    who = {"member": member} if member is not None else {}

    def mine(table: str, joined: str = " AND") -> str:
        return "" if member is None else f"{joined} {table}.created_by = :member"

    rows = db.tuples(_PEOPLE.format(mine=mine("c")), {"no": False, **who})
    tags: dict[int, set[str]] = {}
    if prefs.tag_cadences:
        for contact_id, key in db.tuples(
            "SELECT contact_id, key FROM contact_detail WHERE kind = :tag", {"tag": "tag"}
        ):
            tags.setdefault(contact_id, set()).add(key)
    groups = communities.memberships(db)
    restarted = snoozes.keep_in_touch_until(db)
    added_on = _local_days()
    people = [
        Person(
            id=cid,
            name=name,
            added_on=added_on(created_at),
            source=came,
            met_on=day(met_on),
            met_event=met_event,
            via=via_name,
            communities=tuple(groups.get(cid, ())),
            last_contacted=day(last),
            cadence=cadences.effective_cadence(cadence, tags.get(cid, ()), prefs.tag_cadences),
            touch_until=restarted.get(cid),
        )
        for cid, name, created_at, came, met_on, met_event, via_name, last, cadence in rows
    ]
    touches_sql = _TOUCHES.format(mine=mine("i"))
    touched = [
        (cid, _day(on), kind, role, stamped(at), resource is not None)
        for cid, on, kind, role, at, resource in db.tuples(touches_sql, {"since": since, **who})
    ]
    addressed = followups.with_email(
        db, (cid for cid, _, kind, _, _, _ in touched if not follows_up(kind, has_address=False))
    )
    touches = [
        Touch(cid, on, kind, role, cid in addressed, at, given)
        for cid, on, kind, role, at, given in touched
    ]
    met_again = events.met_again(db, since)
    # Whose follow-up is counted: those met in the period (first or again).
    met = {p.id for p in people if p.met_on is not None and p.met_on >= since}
    met.update(cid for cid, _ in met_again)
    reached = {
        t.contact_id
        for t in touches
        if t.contact_id in met and t.role == "with" and follows_up(t.kind)
    }
    intros_sql = _INTROS.format(mine=mine("introduction", " WHERE"))
    intros = [
        Intro(i, a, b, _day(proposed), a_answer, b_answer, day(introduced), outcome)
        for i, a, b, proposed, a_answer, b_answer, introduced, outcome in db.tuples(intros_sql, who)
    ]
    present = {p.id for p in people}
    cadenced = {p.id for p in people if p.cadence is not None}
    last_before = {
        int(cid): _day(on)
        for cid, on in db.tuples(_BEFORE, {"since": since})
        if int(cid) in cadenced and on is not None
    }
    guards = [
        Guard(cid, _day(due), status, day(done))
        for cid, due, status, done in db.tuples(_GUARDS, {"guard": GUARD, "since": since})
    ]
    return Facts(
        people=people,
        touches=touches,
        intros=intros,
        guard_days=prefs.guard_days,
        waiting=[w for w in strikeouts.waiting(db) if member is None or w.contact_id in present],
        met_again=met_again,
        guards=guards,
        meetings=followups.meeting_moments(db, reached),
        resources=resources,
        hosted_events=hosted.gather(db, since),
        last_before=last_before,
        kiosk=frozenset(
            int(cid)
            for (cid,) in db.tuples(
                "SELECT DISTINCT contact_id FROM consent WHERE source = 'kiosk'"
            )
        ),
        goal_days=goal_days(settings.value(db, "follow-up-goal")),
    )


def goal_days(stored: str) -> int | None:
    """The follow-up-goal setting ("2d") in days; None when unset."""
    return int(stored.rstrip("d")) if stored else None


def _day(value: object) -> date:
    """A date column that is never empty, as either engine returns it."""
    found = day(value)
    assert found is not None
    return found


def _local_days() -> Callable[[object], date]:
    """The local day of each stored moment, `clock.day_of`, worked out once a
    UTC minute (every zone is a whole number of minutes from UTC): an import
    adds thousands of people within a minute or two."""
    seen: dict[str, date] = {}

    def local(value: object) -> date:
        if not isinstance(value, str):
            return clock.day_of(_moment(value))
        found = seen.get(value[:16])
        if found is None:
            found = seen[value[:16]] = clock.day_of(_moment(value))
        return found

    return local


def _moment(value: object) -> datetime:
    found = moment(value)
    assert found is not None
    return found
