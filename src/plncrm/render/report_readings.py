"""The one-line reading above each chart of the HTML report: what a manager
would say looking at it, from the same series the chart draws."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from plncrm.util.text import counted


def period_words(period: dict[str, Any]) -> str:
    start, end = period.get("from") or period.get("since"), period.get("to") or period.get("until")
    label = period.get("label")
    span = f"{start} to {end}"
    return f"{label} ({span})" if label and str(start) not in label else span


def _within(event: dict[str, Any], days: int) -> int | None:
    value = event["within"].get(str(days))
    return None if value is None else int(value)


def in_goal(event: dict[str, Any], goal: int) -> int | None:
    """How many of an event's people were followed up within the goal: the
    series' own count, or its bucket of as many days."""
    value = event.get("within_goal")
    return _within(event, goal) if value is None else int(value)


def window(speed: dict[str, Any]) -> tuple[int | None, str]:
    """The days the headline calls "in time", and whose they are: the
    follow-up-goal ("your goal") when set, else guard-days."""
    goal = speed.get("goal_days")
    days = speed.get("window_days", goal)
    mine = speed.get("window", "guard-days" if goal is None else "follow-up-goal")
    return days, "your goal" if mine == "follow-up-goal" else "guard-days"


def in_window(event: dict[str, Any], speed: dict[str, Any]) -> int | None:
    """How many of an event's people were followed up within `window`."""
    value = event.get("in_window")
    if value is not None:
        return int(value)
    days, _ = window(speed)
    if days is None:
        return None
    return in_goal(event, days) if days == speed.get("goal_days") else _within(event, days)


def not_charted(speed: dict[str, Any]) -> str:
    """Those entered too late for a strike-out follow-up, not followed up since:
    left out of the chart (and the headline), and said so."""
    late = int(speed.get("not_charted") or 0)
    after = speed.get("not_charted_after_days", 30)
    return f"{late} entered later than {after} days after meeting: not charted." if late else ""


def follow_up_speed(speed: dict[str, Any]) -> str:
    """ "Of 40 met at 2 events, 12 followed up within 2 days (your goal); 30
    within a week; 5 never.": the chart's sums, the headline's numbers."""
    events = speed["events"]
    late = not_charted(speed)
    if not events:
        return " ".join(filter(None, ("Nobody was met at an event in this period.", late)))
    met = sum(int(e["met"]) for e in events)
    never = sum(int(e["never"]) for e in events)
    where = events[0]["event"] if len(events) == 1 else f"{len(events)} events"
    of = f"Of {met} met at {where}, "
    parts = []
    days, whose = window(speed)
    counts = [in_window(e, speed) for e in events]
    if days is not None and None not in counts:
        n = sum(c or 0 for c in counts)
        parts.append(f"{of}{n} followed up within {counted(days, 'day')} ({whose})")
    week = [_within(e, 7) for e in events]
    if None not in week and days != 7:
        n = sum(w or 0 for w in week)
        parts.append(f"{n} within a week" if parts else f"{of}{n} followed up within a week")
    said = "; ".join(parts) + f"; {never} never." if parts else f"{of}{never} never followed up."
    return f"{said} {late}" if late else said


def growth(growth: dict[str, Any]) -> str:
    totals = {s: sum(v) for s, v in growth["by_source"].items()}
    added = sum(totals.values())
    if not added:
        return "No contacts were added in this period."
    source, most = max(totals.items(), key=lambda kv: kv[1])
    return f"{counted(added, 'contact')} added; most came from {source} ({most})."


def dormancy(dormancy: dict[str, Any]) -> str:
    late, buckets = dormancy["late"], dormancy["buckets"]
    if not late:
        return "Nobody has a cadence to keep yet."
    now = late[-1]
    last = bucket_words(buckets[-1])
    if len(late) == 1 or late[0] == now:
        return f"{counted(now, 'person', 'people')} past their cadence at the end of {last}."
    trend = "down" if now < late[0] else "up"
    return (
        f"{counted(now, 'person', 'people')} past their cadence at the end of {last}, "
        f"{trend} from {late[0]:,} at the end of {bucket_words(buckets[0])}."
    )


def bucket_words(label: str) -> str:
    """A week's label is the day it starts ("the week of 2026-11-30": "the end
    of 2026-11-30" read as a day); a month's is the month ("2026-11")."""
    return f"the week of {label}" if len(label) == len("2026-11-30") else label


def bucket_unit(buckets: list[str]) -> str:
    return "week" if buckets and len(buckets[0]) == len("2026-11-30") else "month"


def lateness(dormancy: dict[str, Any]) -> str:
    labels, counts = dormancy["lateness"]["labels"], dormancy["lateness"]["counts"]
    total = sum(counts)
    if not total:
        return "Nobody is late today."
    return f"{counted(total, 'person', 'people')} late today; {counts[-1]} of them {labels[-1]}."


def introductions(intros: dict[str, Any]) -> str:
    f = intros["funnel"]
    if not f.get("proposed"):
        return "No introductions were proposed in this period."
    return (
        f"{counted(f['proposed'], 'introduction')} proposed: {f.get('agreed', 0)} agreed by both, "
        f"{f.get('introduced', 0)} made, {f.get('good', 0)} with a good outcome."
    )


def introduction_trend(intros: dict[str, Any]) -> str:
    return f"{sum(intros['proposed'])} proposed and {sum(intros['introduced'])} made in the period."


def give_take(gt: dict[str, Any]) -> str:
    given, received, resources = sum(gt["given"]), sum(gt["received"]), sum(gt["resources_given"])
    return (
        f"You gave help {counted(given, 'time')} and received it {counted(received, 'time')}; "
        f"{counted(resources, 'resource')} given."
    )


def activity(act: dict[str, Any]) -> str:
    days: dict[str, int] = act["days"]
    if not days:
        return "No touchpoints in this period."
    total = sum(days.values())
    busiest, most = act["busiest"]["date"], act["busiest"]["count"]
    span = (date.fromisoformat(act["to"]) - date.fromisoformat(act["from"])).days + 1
    return (
        f"{counted(total, 'touchpoint')} on {len(days)} of {span} days; "
        f"the busiest was {busiest} ({most})."
    )


def month_rows(act: dict[str, Any]) -> list[tuple[str, int, int, str]]:
    """Touchpoints, active days and the busiest day of each month of the period
    (the document's, with its tie-break)."""
    rows = []
    for month in act["by_month"]:
        name = date.fromisoformat(f"{month['month']}-01").strftime("%b %Y")
        top = month["busiest"]
        said = f"{top['date']} ({top['count']})" if top else "–"
        rows.append((name, month["touchpoints"], month["active_days"], said))
    return rows


READINGS: dict[str, Callable[[dict[str, Any]], str]] = {
    "follow_up_speed": follow_up_speed,
    "growth": growth,
    "dormancy": dormancy,
    "lateness": lateness,
    "introductions": introductions,
    "introduction_trend": introduction_trend,
    "give_take": give_take,
    "activity": activity,
}
