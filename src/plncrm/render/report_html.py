"""`pln report --html`: the report as one self-contained HTML page.

Everything is inline (the charts as SVG, one stylesheet, no script but the
data), so that the file opens from a USB stick or an email attachment and
asks nothing of any other host. Each section prints on a page of its own;
the colours follow the reader's light or dark setting. Each chart has a
reading in words above it and its numbers in a table below (for screen
readers, and to check the chart against `pln report --json`, which the page
also carries, in `<script type="application/json" id="pln-report">`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from html import escape
from typing import Any

from plncrm.render import report_charts as charts
from plncrm.render.report_heat_map import heat_map
from plncrm.render.report_readings import (
    READINGS,
    bucket_unit,
    in_goal,
    month_rows,
    period_words,
)
from plncrm.util.text import one_line

STYLE = """
.h1{fill:#9be9a8}.h2{fill:#40c463}.h3{fill:#30a14e}.h4{fill:#216e39}
:root{--fg:#1d2330;--bg:#fff;--muted:#5b6475;--grid:#c9ced8;--rule:#e3e6eb;--heat0:#ebedf0}
@media (prefers-color-scheme:dark){:root{--fg:#e6e9ef;--bg:#15181d;--muted:#9aa3b2;
--grid:#3a404b;--rule:#2b313b;--heat0:#262b33}
.h1{fill:#0e4429}.h2{fill:#006d32}.h3{fill:#26a641}.h4{fill:#39d353}}
html{color-scheme:light dark}
body{margin:0 auto;max-width:54rem;padding:1rem;color:var(--fg);background:var(--bg);
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
h1{font-size:1.6rem;margin:.5rem 0 0}h2{font-size:1.25rem;margin:2rem 0 .5rem}
.period,caption{color:var(--muted)}
.reading{font-weight:600;margin:.75rem 0 .25rem}
figure{margin:0}svg{display:block;width:100%;height:auto}.heat-map{width:auto;max-width:100%}
.numbers{overflow-x:auto;margin-bottom:1rem}
table{border-collapse:collapse;font-size:.875rem;font-variant-numeric:tabular-nums}
caption{text-align:left;padding:.25rem 0}
th,td{padding:.2rem .6rem;border-bottom:1px solid var(--rule);text-align:right}
th:first-child,td:first-child{text-align:left}td,tbody th{white-space:nowrap}
@media (max-width:600px){figure{overflow-x:auto}figure svg:not(.heat-map){min-width:540px}
.glance table{width:100%}.glance th,.glance td{padding:.2rem .3rem}.glance th{white-space:normal}}
.glance caption span{white-space:nowrap}
.heat-map rect{width:13px;height:13px;rx:2px}.heat-map text{font-size:11px;fill:var(--muted)}
.good{color:#1a7f37}.bad{color:#c0392b}.h0{fill:var(--heat0)}
@page{margin:1.2cm}
@media print{:root{--fg:#000;--bg:#fff;--muted:#444;--grid:#bbb;--rule:#ccc;--heat0:#eee}
.h1{fill:#9be9a8}.h2{fill:#40c463}.h3{fill:#30a14e}.h4{fill:#216e39}
body{max-width:none;padding:0;font-size:10pt;line-height:1.3}section+section{break-before:page}
h1,h2{margin:0 0 .3rem}.reading{margin:.4rem 0 .1rem}figure{break-inside:avoid}
svg{max-height:6.2cm}.heat-map{max-height:5cm}.numbers{overflow:visible;margin-bottom:.3rem}
table{font-size:7.5pt;line-height:1.15}th,td{padding:0 .4rem}caption{padding:0}}
"""

SECTIONS = (
    ("follow_up_speed", "Follow-up speed"),
    ("growth", "Growth"),
    ("dormancy", "Dormancy"),
    ("introductions", "Introductions"),
    ("give_take", "Give and take"),
    ("activity", "Activity"),
)


def text(value: object) -> str:
    """Text from the store, safe in HTML: no control characters, escaped."""
    return escape(one_line(str(value)), quote=True)


def table(caption: str, head: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """The numbers of a chart: a header row, and each row named by its first cell."""
    cols = "".join(f'<th scope="col">{text(h)}</th>' for h in head)
    body = "".join(
        f'<tr><th scope="row">{text(row[0])}</th>'
        + "".join(f"<td>{text(v)}</td>" for v in row[1:])
        + "</tr>"
        for row in rows
    )
    return (
        f'<div class="numbers"><table><caption>{text(caption)}</caption>'
        f"<thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def figure(reading: str, svg: str, numbers: str) -> str:
    return f'<p class="reading">{text(reading)}</p><figure>{svg}</figure>{numbers}'


def _within_label(days: str) -> str:
    return f"within {days} day" + ("" if days == "1" else "s")


NO_ONE_MET = "No one met at an event in this period"
TABLED_EVENTS = 15  # the follow-up table's largest events; the rest on one row (the JSON: all)


def _others(events: Sequence[dict[str, Any]], goal: int | None) -> dict[str, Any]:
    """The events left out of the table, as one row of their sums."""
    keys = {k for e in events for k in e["within"]}
    goals = [in_goal(e, goal) for e in events] if goal is not None else [None]
    return {
        "event": f"{len(events)} other events",
        "day": "",
        "met": sum(int(e["met"]) for e in events),
        "within": {k: sum(int(e["within"].get(k) or 0) for e in events) for k in keys},
        "never": sum(int(e["never"]) for e in events),
        "within_goal": None if None in goals else sum(g or 0 for g in goals),
    }


def _within_cell(event: dict[str, Any], days: int, goal: int | None) -> object:
    """An event's count followed up within `days`: the series' bucket, or the
    goal's own count when `days` is the goal."""
    if str(days) in event["within"]:
        return event["within"][str(days)]
    return in_goal(event, days) if goal is not None and days == int(goal) else ""


def follow_up_speed(c: charts.Charts, speed: dict[str, Any]) -> str:
    """The chart, and the table of the period's events, the largest first: a
    busy team's hundred events in full ran over pages when printed."""
    keys = sorted({k for e in speed["events"] for k in e["within"]}, key=int)
    goal = speed.get("goal_days")
    events = sorted(speed["events"], key=lambda e: (-int(e["met"]), e["day"], e["event"]))
    if len(events) > TABLED_EVENTS + 1:  # one row of "1 other event" says no more than it
        events = [*events[:TABLED_EVENTS], _others(events[TABLED_EVENTS:], goal)]
    days = [int(k) for k in keys]
    if goal is not None and int(goal) not in days:  # the goal's own column, in its place
        days = sorted([*days, int(goal)])
    rows = [
        [e["event"], e["day"], e["met"], *(_within_cell(e, d, goal) for d in days), e["never"]]
        for e in events
    ]
    head = ["Event", "Day", "Met", *(_within_label(str(d)) for d in days), "Never"]
    caption = "People met at each event, and how many were followed up within so many days"
    if goal is not None:
        caption += f" (your goal: {goal} days)"
    if len(speed["events"]) > len(events):
        caption += f"; the {TABLED_EVENTS} events where most were met, then the others together"
    # An empty period's table was its header row alone: say why there is no row.
    numbers = table(caption, head, rows) if rows else f'<p class="numbers">{text(NO_ONE_MET)}</p>'
    return figure(READINGS["follow_up_speed"](speed), charts.follow_up_speed(c, speed), numbers)


def growth(c: charts.Charts, growth: dict[str, Any]) -> str:
    sources = growth["by_source"]
    buckets = growth["buckets"]
    rows = [
        [b, *(sources[s][i] for s in sources), sum(sources[s][i] for s in sources)]
        for i, b in enumerate(buckets)
    ]
    return figure(
        READINGS["growth"](growth),
        charts.stacked_bars(c, "Growth", buckets, sources, "contacts added"),
        table("Contacts added, by where they came from", ["", *sources, "total"], rows),
    )


def dormancy(c: charts.Charts, dormancy: dict[str, Any]) -> str:
    late = dormancy["lateness"]
    buckets = dormancy["buckets"]
    return figure(
        READINGS["dormancy"](dormancy),
        charts.lines(
            c,
            "Past their cadence",
            buckets,
            {"past": dormancy["late"]},
            "people past their cadence",
        ),
        table(
            f"People past their cadence at the end of each {bucket_unit(buckets)}",
            ["", "past their cadence"],
            list(zip(buckets, dormancy["late"], strict=True)),
        ),
    ) + figure(
        READINGS["lateness"](dormancy),
        charts.bars(c, "How late", late["labels"], {"people": late["counts"]}, "people late"),
        table(
            "People late today, by how late",
            ["late by", "people"],
            list(zip(late["labels"], late["counts"], strict=True)),
        ),
    )


FUNNEL_STEPS = (
    ("proposed", "proposed"),
    ("agreed", "both agreed"),
    ("introduced", "introduced"),
    ("good", "good outcome"),
)


def introductions(c: charts.Charts, intros: dict[str, Any]) -> str:
    funnel = intros["funnel"]
    proposed = funnel.get("proposed", 0)
    steps = [(name, funnel.get(key, 0)) for key, name in FUNNEL_STEPS]
    rows = [(name, n, f"{n / proposed:.0%}" if proposed else "–") for name, n in steps]
    buckets = intros["buckets"]
    trend = {"proposed": intros["proposed"], "introduced": intros["introduced"]}
    return figure(
        READINGS["introductions"](intros),
        charts.bars(
            c,
            "Introduction funnel",
            [n for n, _ in steps],
            {"introductions": [n for _, n in steps]},
            "introductions",
        ),
        table(
            "Introductions proposed in the period, step by step",
            ["step", "introductions", "of proposed"],
            rows,
        ),
    ) + figure(
        READINGS["introduction_trend"](intros),
        charts.lines(c, "Introductions over time", buckets, trend, "introductions"),
        table(
            "Introductions proposed and made",
            ["", "proposed", "introduced"],
            list(zip(buckets, intros["proposed"], intros["introduced"], strict=True)),
        ),
    )


def give_take(c: charts.Charts, gt: dict[str, Any]) -> str:
    buckets = gt["buckets"]
    series = {
        "given": gt["given"],
        "received": gt["received"],
        "resources given": gt["resources_given"],
    }
    rows = list(zip(buckets, *series.values(), strict=True))
    return figure(
        READINGS["give_take"](gt),
        charts.bars(c, "Give and take", buckets, series),
        table("Help given and received", ["", *series], rows),
    )


def activity(c: charts.Charts, act: dict[str, Any]) -> str:
    return figure(
        READINGS["activity"](act),
        heat_map(act),
        table(
            "Touchpoints by month",
            ["month", "touchpoints", "active days", "busiest day"],
            month_rows(act),
        ),
    )


DRAW = {
    "follow_up_speed": follow_up_speed,
    "growth": growth,
    "dormancy": dormancy,
    "introductions": introductions,
    "give_take": give_take,
    "activity": activity,
}


EMBEDDED = ("period", "series", "compare", "hosted_events")


def embedded(document: dict[str, Any]) -> str:
    """The series as JSON inside a script element, in ASCII with `<`, `>`
    and `&` written as escapes: no name can close the element, and no
    control or bidirectional character is in the page's source."""
    data = {k: document.get(k) for k in EMBEDDED}
    raw = json.dumps(data, sort_keys=True, separators=(",", ":"))
    return raw.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _number(value: float | None, key: str) -> str:
    if value is None:
        return "–"
    return f"{value:.0%}" if key.endswith("rate") else f"{value:g}"


def at_a_glance(document: dict[str, Any]) -> str:
    """The headline numbers; with --compare previous, the period before's
    beside them and an arrow, green when the change is good news."""
    from plncrm.render.report_trends import SAME, arrow, headline_rows

    headline = document.get("headline")
    if not headline:
        return ""
    compare = document.get("compare")
    head = ["", "this period"]
    if compare:
        head += ["period before", "change"]
    rows = []
    speed = (document.get("series") or {}).get("follow_up_speed")
    for key, words, fewer_better in headline_rows(speed):  # "within 2 days (your goal)"
        cells = [f"<td>{_number(headline.get(key), key)}</td>"]
        if compare:
            moved = compare["change"].get(key)
            mark = arrow(moved)
            good = moved is not None and moved != 0 and (moved < 0) == fewer_better
            tone = "" if not mark or mark == SAME else ' class="good"' if good else ' class="bad"'
            sign = f"{moved:+g} " if moved and not key.endswith("rate") else ""
            cells += [
                f"<td>{_number(compare['figures'].get(key), key)}</td>",
                f"<td{tone}>{sign}{mark}</td>",
            ]
        rows.append(f'<tr><th scope="row">{words}</th>{"".join(cells)}</tr>')
    cols = "".join(f'<th scope="col">{text(h)}</th>' for h in head)
    # The period before is named in the caption (as a column's head, its dates
    # made the table wider than a phone), broken between words, not in a date.
    caption = "At a glance"
    if compare:
        before = period_words(compare["period"]).split()
        caption += ", against " + " ".join(f"<span>{text(w)}</span>" for w in before)
    return (
        f'<div class="numbers glance"><table><caption>{caption}</caption>'
        f"<thead><tr>{cols}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def drawn(document: dict[str, Any]) -> int:
    """How many sections the page draws (`pln report --html FILE` says so)."""
    hosted = 1 if document.get("hosted_events") else 0
    return sum(1 for key, _ in SECTIONS if key in document["series"]) + hosted


def page(document: dict[str, Any]) -> str:
    """The whole page for the report document (`pln report --json`)."""
    from plncrm.render.report_html_events import hosted_events, waiting

    series = document["series"]
    c = charts.Charts()
    below = {"follow_up_speed": waiting(document.get("strikeouts"))}  # as the terminal's panel
    sections = "".join(
        f'<section id="{key.replace("_", "-")}"><h2>{title}</h2>'
        f"{DRAW[key](c, series[key])}{below.get(key, '')}</section>"
        for key, title in SECTIONS
        if key in series
    )
    if document.get("hosted_events"):  # the funnel of the events you hosted, when any
        drawn_events = hosted_events(c, document["hosted_events"])
        sections += f'<section id="hosted-events"><h2>Hosted events</h2>{drawn_events}</section>'
    period = period_words(document["period"])
    member = document.get("member")
    who = f": what {text(member)} recorded" if member else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        '<meta name="color-scheme" content="light dark">'
        f"<title>Network report: {text(period)}</title>"
        f"<style>{STYLE}{c.css()}</style></head><body>"
        f'<header><h1>Network report</h1><p class="period">{text(period)}{who}</p>'
        f"{at_a_glance(document)}</header>"
        f"<main>{sections}</main>"
        f'<script type="application/json" id="pln-report">{embedded(document)}</script>'
        "</body></html>\n"
    )
