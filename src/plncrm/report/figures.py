"""The report's figures, section by section. Pure: facts and dates in, plain
JSON-ready dicts out, so `--json` and the drawing show the same numbers."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from plncrm.core import lateness
from plncrm.core.strikeouts import Waiting
from plncrm.core.touch import follows_up_meeting
from plncrm.report import hosted
from plncrm.report.facts import Facts, Guard, Intro, Person, Touch
from plncrm.store.kinds import FOLLOW_UP_OPEN

LASTING_DAYS = 90
GOOD_OUTCOMES = ("met", "working-together")


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def activity(touches: list[Touch], since: date, today: date) -> dict[str, Any]:
    """Interactions per day (counted once per interaction day and contact touched)."""
    per_day = Counter(t.day for t in touches if t.role == "with" and since <= t.day <= today)
    days = {d.isoformat(): n for d, n in sorted(per_day.items())}
    return {
        "days": days,
        "total": sum(per_day.values()),
        "active_days": len(per_day),
        "period_days": (today - since).days + 1,
        "busiest": busiest(days),
    }


def busiest(days: dict[str, int]) -> dict[str, Any] | None:
    """The day with the most touchpoints; of days with as many, the latest (the
    most recent is the one to remember). The one tie-break the terminal, the
    HTML and the JSON all read."""
    found = max(days.items(), key=lambda kv: (kv[1], kv[0]), default=None)
    return {"date": found[0], "count": found[1]} if found else None


def origin(person: Person) -> str:
    """Where someone came into the network from, in words."""
    if person.met_event:
        return f"event: {person.met_event}"
    if person.via:
        return "introductions"
    if person.communities:
        return f"community: {person.communities[0]}"
    if person.source and person.source not in ("added",):
        return f"import: {person.source}"
    return "added by hand"


def growth(people: list[Person], since: date, today: date) -> dict[str, Any]:
    added = [p for p in people if since <= p.added_on <= today]
    sources = Counter(origin(p) for p in added)
    return {
        "added": len(added),
        "by_origin": [{"origin": o, "count": n} for o, n in sources.most_common()],
    }


def follow_up_days(
    touches: list[Touch], guards: Sequence[Guard], meetings: Mapping[int, set[datetime]]
) -> dict[int, list[date]]:
    """The days each contact was followed up: an interaction that follows up
    meeting them (`touch.follows_up_meeting`: not what a kiosk visit recorded
    with it), or their strike-out follow-up marked done."""
    days: dict[int, list[date]] = defaultdict(list)
    for t in touches:
        met = meetings.get(t.contact_id, set())
        if t.role == "with" and follows_up_meeting(t.kind, t.has_address, t.recorded, met):
            days[t.contact_id].append(t.day)
    for g in guards:
        if g.done_on is not None:
            days[g.contact_id].append(g.done_on)
    return days


def guard_cover(
    guards: Sequence[Guard], waiting_now: Sequence[Waiting] = ()
) -> Callable[[int, date], bool]:
    """Whether a strike-out follow-up covers meeting someone on a day: one
    due after it, or one still open from an earlier meeting
    (`core.strikeouts.arm_each`). Someone met and not covered was recorded
    too late for one (more than GUARD_HORIZON_DAYS after meeting them)."""
    covers: dict[int, list[Guard]] = defaultdict(list)
    for g in guards:
        covers[g.contact_id].append(g)
    open_now = {w.contact_id for w in waiting_now}

    def covered(cid: int, met_on: date) -> bool:
        return cid in open_now or any(
            g.due >= met_on or g.status in FOLLOW_UP_OPEN for g in covers.get(cid, ())
        )

    return covered


def median_days(delays: Sequence[int]) -> int | float | None:
    """The median of whole days, as a whole number when it is one ("1 day", not "1.0")."""
    if not delays:
        return None
    found = median(delays)
    return int(found) if found == int(found) else round(found, 1)


def strikeouts(
    people: list[Person],
    touches: list[Touch],
    since: date,
    today: date,
    guard_days: int,
    waiting_now: Sequence[Waiting] = (),
    met_again: Sequence[tuple[int, date]] = (),
    guards: Sequence[Guard] = (),
    meetings: Mapping[int, set[datetime]] | None = None,
    now: date | None = None,
) -> dict[str, Any]:
    """Of the people met at events in the period who got a strike-out
    follow-up for it: who was followed up (an interaction that follows up,
    or their strike-out follow-up marked done) and how fast; and who still
    waits (everyone with an open strike-out guard: the agenda's "Don't strike
    out", whenever they were met). Those met longer ago than strike-out
    follow-ups look back when they were recorded (a booth's cards imported
    six weeks late) got none, and, unless followed up since, are not counted
    but listed apart ("recorded_late"): so that everyone counted and not
    followed up is still waiting, or had their follow-up dismissed. How
    long each has waited is counted to `now` (today, also when the period
    ended before it), as the agenda counts it."""
    days = follow_up_days(touches, guards, meetings or {})
    covered = guard_cover(guards, waiting_now)
    waited_to = today if now is None else now
    # Each person met at an event in the period once, from their latest
    # meeting there: first met, or met again (a known face at the booth).
    met: dict[int, date] = {}
    for p in people:
        if p.met_event and p.met_on and since <= p.met_on <= today:
            met[p.id] = p.met_on
    present = {p.id for p in people}
    for cid, day in met_again:
        if cid in present and since <= day <= today and day > met.get(cid, date.min):
            met[cid] = day
    names = {p.id: p for p in people}
    late: list[dict[str, Any]] = []
    delays: list[int] = []
    in_time = 0
    for cid, met_on in sorted(met.items(), key=lambda kv: (kv[1], kv[0])):
        followed = min((d for d in days.get(cid, ()) if d >= met_on), default=None)
        if followed is None and not covered(cid, met_on):
            person = names[cid]
            first = person.met_on == met_on
            late.append(
                {
                    "id": cid,
                    "name": person.name,
                    "met_at": person.met_event if first else None,
                    "met_on": met_on.isoformat(),
                    "days": (waited_to - met_on).days,
                }
            )
            continue
        if followed is None:
            continue
        delay = (followed - met_on).days
        delays.append(delay)
        in_time += delay <= guard_days
    waiting = [
        {
            "id": w.contact_id,
            "name": w.name,
            "met_at": w.met_at,
            "days": (waited_to - w.met_on).days if w.met_on else None,
        }
        for w in waiting_now
    ]
    counted = len(met) - len(late)
    return {
        "met": counted,
        "followed_up_in_window": in_time,
        "window_days": guard_days,
        "rate": _rate(in_time, counted),
        "median_days_to_follow_up": median_days(delays),
        "waiting": waiting,
        "recorded_late": late,
    }


Late = list[tuple[Person, int]]


def late_today(people: Sequence[Person], today: date) -> Late:
    """Who is past their cadence today and by how many days: the agenda's rule
    (`core.lateness`, a snoozed or dismissed line starting again). Worked out
    once a report (`document.build`): the figures and the series both read it."""
    found = []
    for p in people:
        due = lateness.keep_in_touch_due(
            p.cadence, p.last_contacted, p.met_on, p.added_on, p.touch_until
        )
        if due is not None and lateness.is_late(due, today):
            found.append((p, lateness.days_late(due, today)))
    return found


def dormancy(
    people: list[Person], today: date, top: int = 10, late: Late | None = None
) -> dict[str, Any]:
    """The share of contacts with a cadence who are past it, and the most
    overdue: late by the agenda's rule (a dismissed line starts again)."""
    late = late_today(people, today) if late is None else late
    overdue: list[dict[str, Any]] = [
        {
            "id": p.id,
            "name": p.name,
            "days_overdue": days,
            "last_contacted": p.last_contacted.isoformat() if p.last_contacted else None,
            "cadence": str(p.cadence),
        }
        for p, days in late
    ]
    overdue.sort(key=lambda o: (-o["days_overdue"], o["name"]))
    with_cadence = sum(1 for p in people if p.cadence is not None)
    return {
        "with_cadence": with_cadence,
        "overdue": len(overdue),
        "share": _rate(len(overdue), with_cadence),
        "most_overdue": overdue[:top],
    }


def introductions(intros: list[Intro], since: date, today: date) -> dict[str, Any]:
    """The funnel for introductions proposed in the period."""
    recent = [i for i in intros if since <= i.proposed_on <= today]
    agreed = [i for i in recent if i.a_answer == "yes" and i.b_answer == "yes"]
    made = [i for i in agreed if i.introduced_on is not None]
    good = [i for i in made if i.outcome in GOOD_OUTCOMES]
    steps = [
        ("proposed", recent),
        ("both agreed", agreed),
        ("introduced", made),
        ("good outcome", good),
    ]
    funnel = []
    previous = len(recent)
    for name, group in steps:
        funnel.append(
            {
                "step": name,
                "count": len(group),
                "of_proposed": _rate(len(group), len(recent)),
                "of_previous": _rate(len(group), previous),
            }
        )
        previous = len(group)
    return {"funnel": funnel}


def reciprocity(
    people: list[Person],
    touches: list[Touch],
    intros: list[Intro],
    since: date,
    today: date,
    top: int = 5,
) -> dict[str, Any]:
    """What was given (help, resources, introductions made for them) against what was received."""
    given: dict[int, int] = defaultdict(int)
    received: dict[int, int] = defaultdict(int)
    for t in touches:
        if t.role == "with" and since <= t.day <= today:
            if t.kind == "gave":
                given[t.contact_id] += 1
            elif t.kind == "received":
                received[t.contact_id] += 1
    introductions_made = 0
    for i in intros:
        if i.introduced_on and since <= i.introduced_on <= today:
            introductions_made += 1
            given[i.a] += 1
            given[i.b] += 1
    names = {p.id: p.name for p in people}
    balance: list[dict[str, Any]] = [
        {
            "id": cid,
            "name": names[cid],
            "given": given[cid],
            "received": received[cid],
            "balance": given[cid] - received[cid],
        }
        for cid in set(given) | set(received)
        if cid in names
    ]
    balance.sort(key=lambda b: (-abs(b["balance"]), b["name"]))
    return {
        "given": sum(given.values()),
        "received": sum(received.values()),
        "introductions_made": introductions_made,
        "largest_imbalance": [b for b in balance if b["balance"]][:top],
    }


def lasting(people: list[Person], today: date, top: int = 5) -> dict[str, Any]:
    """Events and communities ranked by the relationships they started that are
    still alive: met 90+ days ago and in touch 90+ days after meeting."""
    places: dict[str, list[bool]] = defaultdict(list)
    for p in people:
        start = p.met_on or p.added_on
        if (today - start).days < LASTING_DAYS:
            continue
        alive = p.last_contacted is not None and p.last_contacted >= start + timedelta(
            days=LASTING_DAYS
        )
        if p.met_event:
            places[f"event: {p.met_event}"].append(alive)
        for community in p.communities:
            places[f"community: {community}"].append(alive)
    ranked: list[dict[str, Any]] = sorted(
        (
            {"place": place, "lasting": sum(flags), "people": len(flags)}
            for place, flags in places.items()
        ),
        key=lambda r: (-r["lasting"], -r["people"], r["place"]),
    )
    return {"places": ranked[:top]}


def build(
    facts: Facts, since: date, today: date, until: date | None = None, late: Late | None = None
) -> dict[str, Any]:
    """The figures of the days `since` to `until` (today when not given);
    what stands today (dormancy, who still waits) as of `today` (`late`:
    `late_today`'s answer, when already worked out)."""
    until = today if until is None else until
    return {
        "period": {"since": since.isoformat(), "until": until.isoformat()},
        "activity": activity(facts.touches, since, until),
        "growth": growth(facts.people, since, until),
        "strikeouts": strikeouts(
            facts.people,
            facts.touches,
            since,
            until,
            facts.guard_days,
            facts.waiting,
            facts.met_again,
            facts.guards,
            facts.meetings,
            now=today,
        ),
        "dormancy": dormancy(facts.people, today, late=late),
        "introductions": introductions(facts.intros, since, until),
        "reciprocity": reciprocity(facts.people, facts.touches, facts.intros, since, until),
        "lasting": lasting(facts.people, today),
        "resources": resources(facts),
        "hosted_events": hosted.figures(facts.hosted_events, since, until),
    }


def resources(facts: Facts) -> dict[str, Any]:
    """Free resources given in the period, and what came back: of the people
    given one, those in touch again after it (a reply, a call, a meeting)."""
    r = facts.resources
    return {
        "given": r.given,
        "people": r.people,
        "came_back": r.came_back,
        "came_back_share": _rate(r.came_back, r.people),
    }
