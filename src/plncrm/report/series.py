"""The report's series over time, the numbers its charts draw (`pln report
--json`'s "series"): one function a chart, counted in the period's weeks or
months (`periods.buckets`). Pure: facts, the period and today in, plain
JSON-ready dicts out, so that the HTML, the terminal and `--json` agree."""

from __future__ import annotations

from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import date
from typing import Any

from plncrm.core import lateness
from plncrm.core.strikeouts import GUARD_HORIZON_DAYS
from plncrm.report import periods
from plncrm.report.facts import Facts, Intro, Person, Touch
from plncrm.report.figures import (
    GOOD_OUTCOMES,
    Late,
    follow_up_days,
    guard_cover,
    late_today,
    median_days,
)
from plncrm.report.periods import Period

SPEED_DAYS = (1, 2, 7, 30)  # follow-up speed: followed up within this many days of meeting
SOURCES = ("events", "communities", "introductions", "imports", "kiosk", "other")
# How late today's late people are: (label, fewest days, most days or None).
LATENESS = (
    ("1–7 days", 1, 7),
    ("8–30 days", 8, 30),
    ("31–90 days", 31, 90),
    ("over 90 days", 91, None),
)

Buckets = list[tuple[str, date, date]]


def _finder(buckets: Buckets) -> Callable[[date], int | None]:
    """The index of the bucket a day falls in, None outside the period."""
    starts = [first for _, first, _ in buckets]

    def at(day: date) -> int | None:
        if not buckets or day < starts[0] or day > buckets[-1][2]:
            return None
        return bisect_right(starts, day) - 1

    return at


def _counts(buckets: Buckets, days: Iterable[date]) -> list[int]:
    at = _finder(buckets)
    counts = [0] * len(buckets)
    for day in days:
        i = at(day)
        if i is not None:
            counts[i] += 1
    return counts


def _labels(buckets: Buckets) -> list[str]:
    return [label for label, _, _ in buckets]


def follow_up_speed(facts: Facts, period: Period, today: date) -> dict[str, Any]:
    """For each event where people were first met in the period: how many were
    met, how many were followed up within 1, 2, 7 and 30 days of meeting
    (cumulative: within 7 counts those within 1), and how many never yet;
    how many within the window the headline calls in time ("in_window"): the
    follow-up-goal when set ("within_goal" as well), else guard-days.
    Followed up: as the strike-out figures count it (`figures.follow_up_days`).
    Those recorded too late for a strike-out follow-up and not followed up
    since are left out, as the strike-out figures leave them out, and
    counted in "not_charted"."""
    days = follow_up_days(facts.touches, facts.guards, facts.meetings)
    covered = guard_cover(facts.guards, facts.waiting)
    goal = facts.goal_days
    window = facts.guard_days if goal is None else goal
    met: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for p in facts.people:
        if p.met_event and p.met_on and period.start <= p.met_on <= period.end:
            met[p.met_event].append((p.met_on, p.id))
    rows = []
    every: list[int] = []
    left_out = 0
    for event, people in met.items():
        delays: list[int] = []
        charted = 0
        for met_on, cid in people:
            first = min((d for d in days.get(cid, ()) if met_on <= d <= today), default=None)
            if first is None and not covered(cid, met_on):
                left_out += 1
                continue
            charted += 1
            if first is not None:
                delays.append((first - met_on).days)
        if not charted:
            continue
        every += delays
        rows.append(
            {
                "event": event,
                "day": min(on for on, _ in people).isoformat(),
                "met": charted,
                "within": {str(n): sum(1 for d in delays if d <= n) for n in SPEED_DAYS},
                "never": charted - len(delays),
                "within_goal": None if goal is None else sum(1 for d in delays if d <= goal),
                "in_window": sum(1 for d in delays if d <= window),
            }
        )
    rows.sort(key=lambda r: (r["day"], r["event"]))
    return {
        "goal_days": goal,
        "window_days": window,
        "window": "guard-days" if goal is None else "follow-up-goal",
        "median_days": median_days(every),
        "not_charted": left_out,
        "not_charted_after_days": GUARD_HORIZON_DAYS,
        "events": rows,
    }


def source_of(person: Person, kiosk: frozenset[int] = frozenset()) -> str:
    """Where someone came into the network from, one of `SOURCES`: the
    kiosk, else an event, an introduction, a community, an import, else other
    (added by hand); the order of `figures.origin`."""
    if person.id in kiosk:
        return "kiosk"
    if person.met_event:
        return "events"
    if person.via:
        return "introductions"
    if person.communities:
        return "communities"
    if person.source and person.source != "added":
        return "imports"
    return "other"


def growth(facts: Facts, period: Period) -> dict[str, Any]:
    """Contacts added in each week or month (by the day they were added), by source."""
    buckets = periods.buckets(period)
    at = _finder(buckets)
    by_source = {source: [0] * len(buckets) for source in SOURCES}
    for p in facts.people:
        i = at(p.added_on)
        if i is not None:
            by_source[source_of(p, facts.kiosk)][i] += 1
    return {"buckets": _labels(buckets), "by_source": by_source}


def _late_at(
    people: list[Person], contacts: dict[int, list[date]], before: dict[int, date], ends: list[date]
) -> list[int]:
    """How many were past their cadence at the end of each of `ends` (in
    order), from the last interaction with each up to that day (snoozes and
    dismissals are not known back then: only today's count takes them into
    account). One walk through each person's days for all the ends."""
    late = [0] * len(ends)
    for p in people:
        seen = contacts.get(p.id, [])
        i, last = 0, before.get(p.id)
        known: tuple[date | None, date | None] | None = None
        due: date | None = None
        for k, day in enumerate(ends):
            if p.added_on > day:
                continue
            while i < len(seen) and seen[i] <= day:
                last, i = seen[i], i + 1
            met = p.met_on if p.met_on is not None and p.met_on <= day else None
            if known != (last, met):
                known = (last, met)
                due = lateness.keep_in_touch_due(p.cadence, last, met, p.added_on)
            if due is not None and lateness.is_late(due, day):
                late[k] += 1
    return late


def dormancy(
    facts: Facts, period: Period, today: date, late_now: Late | None = None
) -> dict[str, Any]:
    """People past their cadence at the end of each week or month (today's:
    the agenda's count, `figures.late_today`), and how late today's late people are."""
    buckets = periods.buckets(period)
    cadenced = [p for p in facts.people if p.cadence is not None]
    contacts: dict[int, list[date]] = defaultdict(list)
    for t in facts.touches:
        if t.role == "with":
            contacts[t.contact_id].append(t.day)
    for days in contacts.values():
        days.sort()
    now = late_today(cadenced, today) if late_now is None else late_now
    past = [last for _, _, last in buckets if last < today]
    late = _late_at(cadenced, contacts, facts.last_before, past)
    late += [len(now)] * (len(buckets) - len(past))
    counts = [
        sum(1 for _, n in now if low <= n and (high is None or n <= high))
        for _, low, high in LATENESS
    ]
    return {
        "buckets": _labels(buckets),
        "late": late,
        "lateness": {"labels": [label for label, _, _ in LATENESS], "counts": counts},
    }


def introductions(intros: list[Intro], period: Period) -> dict[str, Any]:
    """The funnel of the introductions proposed in the period (as
    `figures.introductions`), and how many were proposed and made each week."""
    buckets = periods.buckets(period)
    recent = [i for i in intros if period.start <= i.proposed_on <= period.end]
    agreed = [i for i in recent if i.a_answer == "yes" and i.b_answer == "yes"]
    made = [i for i in agreed if i.introduced_on is not None]
    return {
        "funnel": {
            "proposed": len(recent),
            "agreed": len(agreed),
            "introduced": len(made),
            "good": sum(1 for i in made if i.outcome in GOOD_OUTCOMES),
        },
        "buckets": _labels(buckets),
        "proposed": _counts(buckets, (i.proposed_on for i in intros)),
        "introduced": _counts(buckets, (i.introduced_on for i in intros if i.introduced_on)),
    }


def give_take(touches: list[Touch], intros: list[Intro], period: Period) -> dict[str, Any]:
    """Given and received each week or month, as `figures.reciprocity` counts
    them (an introduction made gives to both), and the free resources given."""
    buckets = periods.buckets(period)
    mine = [t for t in touches if t.role == "with"]
    made = [i.introduced_on for i in intros if i.introduced_on]
    given = _counts(buckets, [t.day for t in mine if t.kind == "gave"] + made + made)
    resources = (t.day for t in mine if t.kind == "gave" and t.resource)
    return {
        "buckets": _labels(buckets),
        "given": given,
        "received": _counts(buckets, (t.day for t in mine if t.kind == "received")),
        "resources_given": _counts(buckets, resources),
    }


def activity(touches: list[Touch], period: Period) -> dict[str, Any]:
    """Touchpoints per day (as `figures.activity`), the months to label the heat
    map, the busiest day and each month's totals and busiest day."""
    from plncrm.report.figures import activity as per_day
    from plncrm.report.figures import busiest

    found = per_day(touches, period.start, period.end)
    days: dict[str, int] = found["days"]
    by_month = []
    for label, first, last in periods.month_spans(period):
        mine = {d: n for d, n in days.items() if first.isoformat() <= d <= last.isoformat()}
        by_month.append(
            {
                "month": label,
                "touchpoints": sum(mine.values()),
                "active_days": len(mine),
                "busiest": busiest(mine),
            }
        )
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "days": days,
        "months": periods.month_names(period),
        "busiest": found["busiest"],
        "by_month": by_month,
    }


def build(facts: Facts, period: Period, today: date, late: Late | None = None) -> dict[str, Any]:
    """Every series of the period (`late`: `figures.late_today`, when already worked out)."""
    return {
        "follow_up_speed": follow_up_speed(facts, period, today),
        "growth": growth(facts, period),
        "dormancy": dormancy(facts, period, today, late),
        "introductions": introductions(facts.intros, period),
        "give_take": give_take(facts.touches, facts.intros, period),
        "activity": activity(facts.touches, period),
    }
