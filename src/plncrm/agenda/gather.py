"""Gathering the facts the scheduler needs from the store, for one morning's agenda.

Only what can be due by the horizon is read (open tasks by an index on status
and due date, dormant contacts by `touch_due`), so the work does not grow with
the size of the network. Plain SQL through `store.plain`: on SQLite `pln due`
reads with the standard library alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from plncrm.agenda import event_facts
from plncrm.agenda import rank as scheduler
from plncrm.core.lateness import waiting_query
from plncrm.core.touch import effective_cadence
from plncrm.reads import settings
from plncrm.store.kinds import (
    ATTENDED,
    FOLLOW_UP_OPEN,
    GUARD,
    HANDLE_KEEP_IN_TOUCH,
    INTRO_OPEN,
    JOB_CHANGE,
)
from plncrm.store.plain import Reader, Row, Source, reader
from plncrm.util import clock
from plncrm.util.batches import chunks

_OPEN = ", ".join(f"'{s}'" for s in FOLLOW_UP_OPEN)
# Written as in the partial index (migration 0007), so that the index is used.
IS_OPEN = f"status IN ({_OPEN})"
SHOWING = "coalesce(snoozed_until, due)"

PEOPLE = """
SELECT c.id, c.name, c.last_contacted, c.met_on, c.created_at, c.via_id, c.cadence,
       c.archived, c.org, e.name AS met_at
FROM contact c LEFT JOIN event e ON e.id = c.met_event_id
WHERE c.id IN :ids
"""
# `kind || ''`: no index on kind, so the contact's own rows are read (the primary
# key's index) rather than every tag in the network. The same on both engines.
TAGS = "SELECT contact_id, key FROM contact_detail WHERE kind || '' = 'tag' AND contact_id IN :ids"


def people(
    reader: Reader, ids: Iterable[int], prefs: settings.Preferences
) -> dict[int, scheduler.Person]:
    """Scheduler facts for these contacts, two queries per 500."""
    result = {}
    # Tags matter to the agenda only through important tags and tag cadences.
    tagged = bool(prefs.important_tags or prefs.tag_cadences)
    for chunk in chunks(sorted(set(ids))):
        tags: dict[int, set[str]] = {}
        for row in reader.rows(TAGS, {"ids": chunk}) if tagged else ():
            tags.setdefault(row["contact_id"], set()).add(row["key"])
        for c in reader.rows(PEOPLE, {"ids": chunk}):
            own_tags = frozenset(tags.get(c["id"], ()))
            result[c["id"]] = scheduler.Person(
                id=c["id"],
                name=c["name"],
                last_contacted=c["last_contacted"],
                met_on=c["met_on"],
                met_at=c["met_at"],
                added_on=clock.day_of(c["created_at"]),
                introduced=c["via_id"] is not None,
                tags=own_tags,
                cadence=effective_cadence(c["cadence"], own_tags, prefs.tag_cadences),
                archived=c["archived"],
                org=c["org"],
            )
    return result


CAP = (
    50  # at least this many of each kind are ranked (more with a larger --limit); the oldest first
)
COUNT_CAP = 500  # a backlog is counted exactly up to this many of each kind
INTRO_CAP = 40  # an introduction names two people: their facts are most of the reading


@dataclass(frozen=True)
class Scope:
    """Whose agenda: `member`'s follow-ups and, when `shared`, also nobody's
    follow-ups and everything that is no one's task (keep-in-touch,
    introductions, events). No scope at all means the whole team's."""

    member: str | None
    shared: bool = True

    def tasks(self) -> str:
        """The follow-ups in scope, as an SQL condition on `:member`."""
        if not self.shared:
            return "owner = :member"
        if self.member is None:
            return "owner IS NULL"  # a store without members: nobody's tasks
        return "(owner = :member OR owner IS NULL)"


Kind = tuple[str, str]  # what one kind of item reads, and the order to read it in


def _open_tasks(scope: Scope | None) -> list[Kind]:
    """Overdue or due, coming up, and strike-out guards: three queries on
    `:today`, `:horizon` and `:member`."""
    within = f" AND {scope.tasks()}" if scope else ""
    return [
        (
            f"SELECT * FROM follow_up WHERE {IS_OPEN} AND source != '{GUARD}' "
            f"AND {SHOWING} <= :today{within}",
            SHOWING,
        ),
        (
            f"SELECT * FROM follow_up WHERE {IS_OPEN} AND source != '{GUARD}' "
            f"AND {SHOWING} > :today AND {SHOWING} <= :horizon{within}",
            SHOWING,
        ),
        # Who is still waiting, snoozed to a day within the window at the latest.
        (
            waiting_query(
                "f.*", f"(f.snoozed_until IS NULL OR f.snoozed_until <= :horizon){within}"
            ),
            "f.due",
        ),
    ]


DORMANT: Kind = ("SELECT id FROM contact WHERE touch_due <= :horizon AND NOT archived", "touch_due")
# The first recorded first, in the table's own order: `status || ''` keeps the
# planner from sorting every open introduction (thousands at 50,000 contacts)
# to read the first few.
OPEN_INTROS: Kind = (
    f"SELECT * FROM introduction WHERE status || '' IN ({', '.join(repr(s) for s in INTRO_OPEN)})",
    "id",
)
SNOOZED = "SELECT handle, until FROM agenda_snooze WHERE until > :today"
# A keep-in-touch line's snooze or dismissal counts after its day too: the
# cadence starts again from it (`lateness.keep_in_touch_due`).
RESTARTED = "SELECT handle, until FROM agenda_snooze WHERE handle IN :handles"
# How many are waiting for each event they were met at (the guards `strikeouts`
# arms), not snoozed past today: those are a line of their own, in "Coming up".
WAITING = (
    waiting_query(
        "f.event_id, count(*) AS waiting",
        "f.event_id IS NOT NULL AND (f.snoozed_until IS NULL OR f.snoozed_until <= :today)",
    )
    + " GROUP BY f.event_id"
)


def _moved(task: Mapping[str, Any]) -> bool:
    """Whether a follow-up congratulates someone on a new role."""
    return bool(task["source"] == JOB_CHANGE and task["contact_id"])


def _moves(read: Reader, contact_ids: list[int]) -> dict[int, str]:
    """What each job change's line says (`job_changes`, loaded only for one)."""
    if not contact_ids:
        return {}
    from plncrm.agenda import job_changes

    return job_changes.reasons(read, contact_ids)


def _oldest(kind: Kind, cap: int | None) -> str:
    """The query reading `kind` in its order, at most `cap` of it."""
    sql, order = kind
    return f"{sql} ORDER BY {order}" + (f" LIMIT {int(cap)}" if cap else "")


def build(
    source: Source,
    today: date,
    within: int = 7,
    cap: int | None = CAP,
    scope: Scope | None = None,
) -> list[scheduler.Item]:
    """The agenda for `today`. With a `cap`, each kind of item (overdue and due
    tasks, upcoming tasks, strike-out guards, dormant contacts, introductions)
    is read oldest first up to `cap`, so a large backlog costs no more than a small one."""
    read = reader(source)
    prefs = settings.load(read)
    horizon = today + timedelta(days=within)
    params = {"today": today, "horizon": horizon, "member": scope.member if scope else None}
    tasks = [t for kind in _open_tasks(scope) for t in read.rows(_oldest(kind, cap), params)]
    everyones = scope is None or scope.shared
    dormant_ids = [r["id"] for r in read.rows(_oldest(DORMANT, cap), params)] if everyones else []
    intro_rows = read.rows(_oldest(OPEN_INTROS, cap and min(cap, INTRO_CAP))) if everyones else []
    wanted = [t["contact_id"] for t in tasks if t["contact_id"]] + dormant_ids
    wanted += [i["a_id"] for i in intro_rows] + [i["b_id"] for i in intro_rows]
    facts = people(read, wanted, prefs)  # one read for everyone the agenda names

    def lookup(ids: Iterable[int]) -> dict[int, scheduler.Person]:
        missing = [i for i in ids if i not in facts]
        facts.update(people(read, missing, prefs))
        return facts

    archived = {cid for cid, person in facts.items() if person.archived}
    tasks = [t for t in tasks if t["contact_id"] not in archived]  # archived: off the agenda
    intro_rows = [i for i in intro_rows if not {i["a_id"], i["b_id"]} & archived]
    open_intros = intros(intro_rows, facts)
    near_events = event_facts.events(read, today, lookup) if everyones else []
    again = _met_again(read, [t for t in tasks if t["source"] == GUARD and t["event_id"]])
    moves = _moves(read, [t["contact_id"] for t in tasks if _moved(t)])
    return scheduler.agenda(
        today,
        tasks=[
            scheduler.Task(
                id=t["id"],
                title=t["title"],
                due=t["due"],
                source=t["source"],
                person=_met_there(
                    facts.get(t["contact_id"]), again.get((t["contact_id"], t["event_id"]))
                )
                if t["contact_id"]
                else None,
                snoozed_until=t["snoozed_until"],
                every=t["every"],
                owner=t["owner"],
                event_id=t["event_id"],
                why=moves.get(t["contact_id"]) if _moved(t) else None,
            )
            for t in tasks
        ],
        people=[facts[i] for i in dormant_ids if i in facts],
        intros=open_intros,
        events=near_events,
        intro_wait_days=prefs.intro_wait_days,
        within=within,
        important_tags=prefs.important_tags,
        hidden=_hidden(read, params, dormant_ids),
        waiting_by_event={r["event_id"]: r["waiting"] for r in read.rows(WAITING, params)},
    )


# The last time each was met again at a guard's event (a known face at a booth).
MET_AGAIN = f"""
SELECT ic.contact_id, i.event_id, max(i.happened_on) AS happened_on, e.name AS met_at
FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id
JOIN event e ON e.id = i.event_id
WHERE i.kind = '{ATTENDED}' AND ic.role = 'with' AND ic.contact_id IN :ids AND i.event_id IN :events
GROUP BY ic.contact_id, i.event_id, e.name
"""


def _met_again(read: Reader, guards: list[Row]) -> dict[tuple[int, int], Row]:
    found: dict[tuple[int, int], Row] = {}
    events_ = sorted({g["event_id"] for g in guards})
    for chunk in chunks(sorted({g["contact_id"] for g in guards})):
        for row in read.rows(MET_AGAIN, {"ids": chunk, "events": events_}):
            found[(row["contact_id"], row["event_id"])] = row
    return found


def _met_there(person: scheduler.Person | None, again: Row | None) -> scheduler.Person | None:
    """A strike-out guard is about the meeting it was armed for: someone met
    again at another event than where they were first met is shown as met there."""
    if person is None or again is None or again["met_at"] == person.met_at:
        return person
    return person._replace(met_at=again["met_at"], met_on=again["happened_on"])


def _hidden(read: Reader, params: dict[str, Any], dormant: list[int]) -> dict[str, date]:
    """Lines snoozed past today, and every snooze or dismissal of the dormant
    contacts' keep-in-touch lines."""
    hidden = {r["handle"]: r["until"] for r in read.rows(SNOOZED, params)}
    for chunk in chunks(dormant):
        handles = [f"{HANDLE_KEEP_IN_TOUCH}{i}" for i in chunk]
        hidden.update((r["handle"], r["until"]) for r in read.rows(RESTARTED, {"handles": handles}))
    return hidden


def intros(rows: Iterable[Row], people_by_id: dict[int, scheduler.Person]) -> list[scheduler.Intro]:
    """Open introductions as scheduler facts."""
    return [
        scheduler.Intro(
            id=i["id"],
            a=people_by_id[i["a_id"]],
            b=people_by_id[i["b_id"]],
            why=i["why"],
            status=i["status"],
            proposed_on=i["proposed_on"],
            a_asked_on=i["a_asked_on"],
            b_asked_on=i["b_asked_on"],
            a_answer=i["a_answer"],
            b_answer=i["b_answer"],
            a_answered_on=i["a_answered_on"],
            b_answered_on=i["b_answered_on"],
            introduced_on=i["introduced_on"],
        )
        for i in rows
        if i["a_id"] in people_by_id and i["b_id"] in people_by_id
    ]


def backlog(
    source: Source, today: date, within: int = 7, scope: Scope | None = None
) -> tuple[int, bool]:
    """How many items the agenda could hold, however many were ranked, and
    whether that is a lower bound: each kind is counted up to COUNT_CAP, so
    that a backlog of tens of thousands costs no more to report than a small one."""
    horizon = today + timedelta(days=within)
    params = {"today": today, "horizon": horizon, "member": scope.member if scope else None}
    queries = [sql for sql, _ in _open_tasks(scope)]
    if scope is None or scope.shared:
        queries += [DORMANT[0], OPEN_INTROS[0]]
    counts = [_count(reader(source), sql, params) for sql in queries]
    return int(sum(counts)), any(n >= COUNT_CAP for n in counts)


def assigned_to_others(source: Source, today: date, within: int, member: str | None) -> int:
    """Open follow-ups showing by the horizon that belong to other members
    (what `pln due --all` would add), counted up to COUNT_CAP."""
    # `> ''` (owners are never empty) lets the planner take ix_follow_up_open_owner,
    # which holds only tasks that have an owner: no scan when there are none.
    others = "owner > ''" + (" AND owner != :member" if member is not None else "")
    sql = f"SELECT id FROM follow_up WHERE {IS_OPEN} AND {SHOWING} <= :horizon AND {others}"
    return _count(
        reader(source), sql, {"horizon": today + timedelta(days=within), "member": member}
    )


def _count(reader: Reader, sql: str, params: dict[str, Any]) -> int:
    counted = f"SELECT count(*) AS n FROM ({sql} LIMIT {COUNT_CAP}) AS counted"
    return int(reader.rows(counted, params)[0]["n"])
