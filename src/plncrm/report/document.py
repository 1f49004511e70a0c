"""The report as one document (`pln report --json`, what the terminal and the
HTML report draw): the period, its figures, its series, the headline
numbers, and the period before for `--compare previous`. Pure."""

from __future__ import annotations

from datetime import date
from typing import Any

from plncrm.report import figures, periods, series
from plncrm.report.facts import Facts
from plncrm.report.periods import Period


def build(
    facts: Facts,
    period: Period,
    today: date,
    before: tuple[Facts, Period] | None = None,
    member: str | None = None,
) -> dict[str, Any]:
    """The report of `period`; with `before` (the facts and the period before
    it), the comparison with it."""
    late = figures.late_today(facts.people, today)  # 34,000 people's due days: once
    doc = figures.build(facts, period.start, today, period.end, late)
    doc["period"].update(periods.view(period))
    doc["member"] = member
    doc["series"] = series.build(facts, period, today, late)
    doc["headline"] = headline(doc)
    doc["compare"] = None
    if before is not None:
        same = before[0].people is facts.people  # read together (`facts.for_period`)
        compare_with(doc, *before, today, late if same else None)
    return doc


def compare_with(
    doc: dict[str, Any],
    facts: Facts,
    earlier: Period,
    today: date,
    late: figures.Late | None = None,
) -> None:
    """Set the period before (its facts) beside the report `doc` (`late`:
    who is late today, when already worked out from the same people)."""
    earlier_doc = figures.build(facts, earlier.start, today, earlier.end, late)
    earlier_doc["series"] = series.build(facts, earlier, today, late)
    then = headline(earlier_doc)
    doc["compare"] = {
        "period": periods.view(earlier),
        "figures": then,
        "change": change(doc["headline"], then),
    }


def headline(doc: dict[str, Any]) -> dict[str, int | float | None]:
    """The numbers a period is compared by, from its figures and series: the
    follow-up numbers are the follow-up chart's (its sums, within its window)."""
    speed = doc["series"]["follow_up_speed"]
    met = sum(e["met"] for e in speed["events"])
    in_window = sum(e["in_window"] for e in speed["events"])
    r = doc["reciprocity"]
    late = doc["series"]["dormancy"]["late"]
    return {
        "touchpoints": doc["activity"]["total"],
        "active_days": doc["activity"]["active_days"],
        "added": doc["growth"]["added"],
        "met_at_events": met,
        "followed_up_in_window": in_window,
        "follow_up_rate": round(in_window / met, 3) if met else None,
        "median_days_to_follow_up": speed["median_days"],
        "late": late[-1] if late else 0,
        "introductions_proposed": doc["series"]["introductions"]["funnel"]["proposed"],
        "introductions_made": r["introductions_made"],
        "given": r["given"],
        "received": r["received"],
        "resources_given": sum(doc["series"]["give_take"]["resources_given"]),
    }


def change(
    now: dict[str, int | float | None], then: dict[str, int | float | None]
) -> dict[str, int | float | None]:
    """This period's number less the one before's (None when either is unknown)."""
    found: dict[str, int | float | None] = {}
    for key, value in now.items():
        old = then.get(key)
        if value is None or old is None:
            found[key] = None
        else:
            found[key] = round(value - old, 3)
    return found


def team(reports: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Every member's headline numbers side by side (`--team`)."""
    first = next(iter(reports.values()), None)
    speed = first["series"]["follow_up_speed"] if first else None
    return {
        "period": first["period"] if first else None,
        # The window "in time" is counted in (the same store's settings for all).
        "follow_up": {k: speed[k] for k in ("goal_days", "window_days", "window")}
        if speed
        else None,
        "members": [{"member": name, "figures": doc["headline"]} for name, doc in reports.items()],
    }
