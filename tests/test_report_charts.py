"""The HTML report's charts as drawn (issue 33, round 2): the follow-up goal
drawn whatever its value, the table's columns in order of days, long event
names cut in the legend, no legend for what is not drawn, a dashed line only
where the goal is, and tooltips that say what a number counts. Legends and
the phone's width in a real browser: test_report_browser.py."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from plncrm.render.report_html import page

FIXTURE = Path(__file__).parent / "fixtures" / "report_document.json"


def document() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text())
    return doc


def section(html: str, key: str, following: str) -> str:
    return html[html.index(f'<section id="{key}">') : html.index(f'<section id="{following}">')]


def speed_head(html: str) -> list[str]:
    return re.findall(r'<th scope="col">([^<]*)</th>', section(html, "follow-up-speed", "growth"))


@pytest.mark.parametrize(
    ("goal", "days"),
    [
        (None, [1, 2, 7, 30]),
        (2, [1, 2, 7, 30]),  # the goal is one of the buckets: no column of its own
        (3, [1, 2, 3, 7, 30]),  # was put first, before "within 1 day"
        (45, [1, 2, 7, 30, 45]),
    ],
)
def test_the_follow_up_tables_columns_are_in_order_of_days(
    goal: int | None, days: list[int]
) -> None:
    doc = document()
    doc["series"]["follow_up_speed"]["goal_days"] = goal
    within = [f"within {d} day" + ("" if d == 1 else "s") for d in days]
    assert speed_head(page(doc)) == ["Event", "Day", "Met", *within, "Never"]


def test_a_goal_past_the_axis_is_drawn_at_its_edge_and_says_so() -> None:
    """A goal of 45 days was drawn at x=45 on an axis ending at 30: outside
    the chart, and so not at all."""
    doc = document()
    doc["series"]["follow_up_speed"]["goal_days"] = 45
    chart = section(page(doc), "follow-up-speed", "growth")
    width = float(re.findall(r'class="plot"><rect x="0" y="0" width="([\d.]+)"', chart)[0])
    lines = re.findall(r'<path d="M([\d.]+) [\d.]+ L([^"]*)" class="line reactive nofill"', chart)
    goal_x, goal_rest = lines[-1]
    assert goal_rest.startswith(goal_x + " ")  # upright
    assert 0.9 * width < float(goal_x) <= width
    assert ">goal: 45 days (beyond 30)</text>" in chart
    for x in re.findall(r'cx="([\d.]+)"', chart):
        assert float(x) <= width  # no point of an event off the chart either


def test_a_goal_on_the_axis_is_a_labelled_tick() -> None:
    doc = document()
    doc["series"]["follow_up_speed"]["goal_days"] = 3
    chart = section(page(doc), "follow-up-speed", "growth")
    ticks = re.findall(
        r'<g class="guides"><path d="M[\d.]+ 0.0 v[\d.]+" class="[^"]*"/>'
        r'<text x="[\d.]+" y="[\d.]+" class="">(\d+)</text>',
        chart,
    )
    assert ticks == ["0", "1", "2", "3", "7", "30"]
    assert ">goal: 3 days</text>" in chart


def test_long_event_names_are_cut_in_the_legend_and_whole_in_its_tooltip() -> None:
    doc = document()
    long = "The Reading League Annual Conference and Expo 2026"
    doc["series"]["follow_up_speed"]["events"][0]["event"] = long
    html = page(doc)
    chart = section(html, "follow-up-speed", "growth")
    legend = chart[chart.index('class="legends"') :]
    shown = re.findall(r"<text[^>]*>([^<]*)</text>", legend)
    assert shown[0].endswith("…")
    assert long.startswith(shown[0][:-1])
    assert len(shown[0]) < len(long)
    assert f"<title>{long}</title>" in legend
    assert f'<th scope="row">{long}</th>' in html  # whole in the table


def test_the_third_series_of_a_chart_is_not_dashed() -> None:
    """The goal line's dash was a rule for every chart's third series."""
    html = page(document())
    css = html[html.index("<style>") : html.index("</style>")]
    dashed = [rule for rule in css.split("}") if "dasharray" in rule and "guide" not in rule]
    assert dashed == [
        ".pygal-chart.chart-follow-up-speed .series.serie-2{stroke-width:2;stroke-dasharray:6,4"
    ]
    for rule in css.split("}"):
        if re.search(r"\.series(\.serie-\d+)?\{", rule):
            assert rule.startswith(".pygal-chart.chart-"), rule


def legends(chart: str) -> list[str]:
    return re.findall(r'class="legend reactive activate-serie">.*?<text[^>]*>([^<]*)<', chart)


def test_an_empty_period_draws_no_legend() -> None:
    """The empty store's follow-up chart named a series "no event", and the
    growth chart six sources it drew nothing of."""
    doc = document()
    s = doc["series"]
    s["follow_up_speed"]["events"] = []
    for key in s["growth"]["by_source"]:
        s["growth"]["by_source"][key] = [0, 0, 0]
    for key in ("given", "received", "resources_given"):
        s["give_take"][key] = [0, 0, 0]
    html = page(doc)
    for key, following in (
        ("follow-up-speed", "growth"),
        ("growth", "dormancy"),
        ("give-take", "activity"),
    ):
        assert legends(section(html, key, following)) == [], key
    speed = section(html, "follow-up-speed", "growth")  # its axis in per cent, not 0 to 1
    assert re.findall(r'<text x="-5" y="[\d.]+" class="[a-z]*">([\d.]+)</text>', speed) == [
        str(n) for n in range(0, 101, 10)
    ]
    sources = document()["series"]["growth"]["by_source"]
    drawn = [name for name, counts in sources.items() if any(counts)]
    assert 1 < len(drawn) < len(sources)
    assert legends(section(page(document()), "growth", "dormancy")) == drawn


def test_tooltips_say_what_a_number_counts() -> None:
    html = page(document())
    titles = set(re.findall(r"<title>([^<]*)</title>", html))
    for said in (
        "ISTE 2026: 25% followed up within 1 day (10 of 40)",
        "2026-09: 30 contacts added (events)",
        "2026-09: 1 contact added (introductions)",
        "2026-09: 14 people past their cadence",
        "31–90 days: 1 person late",
        "proposed: 8 introductions",
        "2026-09: 1 introduction (introduced)",
        "2026-09: 5 given",
        "2026-09: 1 resource given",
        "2026-09-14: 9 touchpoints",
    ):
        assert said in titles, said


@pytest.mark.parametrize("guard", [3, 45])
def test_the_guard_days_window_is_drawn_when_no_goal_is_set(guard: int) -> None:
    """With guard-days as the window the reading said "(guard-days)" but no
    line was drawn: it is drawn, upright and named, as the goal's is."""
    doc = document()
    speed = doc["series"]["follow_up_speed"]
    speed.update(goal_days=None, window_days=guard, window="guard-days")
    chart = section(page(doc), "follow-up-speed", "growth")
    beyond = " (beyond 30)" if guard > 30 else ""
    assert f">guard-days: {guard} days{beyond}</text>" in chart
    assert ">goal:" not in chart
    lines = re.findall(r'<path d="M([\d.]+) [\d.]+ L([^"]*)" class="line reactive nofill"', chart)
    x, rest = lines[-1]
    assert rest.startswith(x + " ")  # upright
    assert len(lines) == len(speed["events"]) + 1


def test_an_empty_periods_follow_up_table_says_no_one_was_met() -> None:
    doc = document()
    doc["series"]["follow_up_speed"]["events"] = []
    speed = section(page(doc), "follow-up-speed", "growth")
    assert "No one met at an event in this period" in speed
    assert "<table" not in speed
    assert "<table" in section(page(document()), "follow-up-speed", "growth")
