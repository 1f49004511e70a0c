"""The HTML report drawn from a report document (`pln report --json`'s shape,
tests/fixtures/report_document.json): self-contained, the numbers the series
hold, text from the store escaped, the heat map's months those of the period.
The page in a real browser: test_report_browser.py."""

from __future__ import annotations

import copy
import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from plncrm.render.report_charts import whole_ticks
from plncrm.render.report_heat_map import month_marks
from plncrm.render.report_html import page

FIXTURE = Path(__file__).parent / "fixtures" / "report_document.json"


def document() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text())
    return doc


def embedded(html: str) -> Any:
    found = re.search(r'<script type="application/json" id="pln-report">(.*?)</script>', html)
    assert found, "the series are embedded"
    return json.loads(found.group(1))


def test_the_page_carries_the_series_it_draws_and_asks_no_other_host() -> None:
    doc = document()
    html = page(doc)
    assert html.startswith("<!DOCTYPE html>")
    assert '<meta name="viewport"' in html
    assert "prefers-color-scheme:dark" in html
    assert "@media print" in html
    assert embedded(html) == {
        k: doc.get(k) for k in ("period", "series", "compare", "hosted_events")
    }
    # No script but the data, nothing fetched: no src, no link, no url(), no @import.
    assert re.findall(r"<script[^>]*>", html) == [
        '<script type="application/json" id="pln-report">'
    ]
    for fetching in ("src=", "<link", "url(", "@import", "href="):
        assert fetching not in html
    hosts = set(re.findall(r"https?://[^\s\"'<>)]+", html))
    assert hosts <= {"http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"}
    assert page(document()) == html, "the same data, the same bytes (no random ids, no date)"


def test_every_chart_has_a_reading_above_it_and_its_numbers_below() -> None:
    html = page(document())
    charts = re.findall(r'data-chart="([^"]+)"', html)
    assert charts == [
        "Follow-up speed",
        "Growth",
        "Past their cadence",
        "How late",
        "Introduction funnel",
        "Introductions over time",
        "Give and take",
        "Activity",
    ]
    assert html.count('<p class="reading">') == len(charts)
    assert html.count("<table>") == len(charts)
    assert html.count("<caption>") == len(charts)
    for reading in (
        "Of 52 met at 2 events, 23 followed up within 2 days (your goal); "
        "40 within a week; 10 never.",
        "99 contacts added; most came from events (42).",
        "9 people past their cadence at the end of 2026-11, down from 14 at the end of 2026-09.",
        "9 people late today; 3 of them over 90 days.",
        "8 introductions proposed: 5 agreed by both, 4 made, 2 with a good outcome.",
        "You gave help 14 times and received it 9 times; 5 resources given.",
        "17 touchpoints on 4 of 91 days; the busiest was 2026-09-14 (9).",
    ):
        assert f'<p class="reading">{reading}</p>' in html


def test_one_event_is_read_as_the_issue_words_it() -> None:
    doc = document()
    speed = doc["series"]["follow_up_speed"]
    speed["events"] = speed["events"][:1]
    speed["goal_days"] = None
    html = page(doc)
    reading = "Of 40 met at ISTE 2026, 31 followed up within a week; 9 never."
    assert f'<p class="reading">{reading}</p>' in html


def test_the_tables_hold_the_series_numbers() -> None:
    html = page(document())
    rows = re.findall(r"<tr><th scope=\"row\">([^<]*)</th>((?:<td>[^<]*</td>)*)</tr>", html)
    cells = {name: re.findall(r"<td>([^<]*)</td>", tds) for name, tds in rows}
    assert cells["ISTE 2026"] == ["2026-09-14", "40", "10", "18", "31", "31", "9"]
    assert rows[2][0] == "2026-09"  # growth, by source then the total
    assert re.findall(r"<td>([^<]*)</td>", rows[2][1]) == ["30", "2", "1", "0", "0", "3", "36"]
    assert cells["over 90 days"] == ["3"]
    assert cells["good outcome"] == ["2", "25%"]
    assert cells["Sep 2026"] == ["11", "2", "2026-09-14 (9)"]


def speed_rows(html: str) -> list[tuple[str, list[str]]]:
    """The follow-up speed table's rows: each event's name and its cells."""
    section = html[html.index('<section id="follow-up-speed">') : html.index('id="growth"')]
    rows = re.findall(r'<tr><th scope="row">([^<]*)</th>((?:<td>[^<]*</td>)*)</tr>', section)
    return [(name, re.findall(r"<td>([^<]*)</td>", cells)) for name, cells in rows]


def test_a_busy_periods_follow_up_table_keeps_to_its_largest_events() -> None:
    """A hundred events ran over pages when printed: the 15 where most were
    met, largest first, then one row for the others; the data keeps them all."""
    doc = document()
    events = [
        {
            "event": f"Event {n:03}",
            "day": f"2026-09-{n % 28 + 1:02}",
            "met": n,
            "within": {"1": n // 2, "2": n // 2, "7": n - 1, "30": n - 1},
            "never": 1,
        }
        for n in range(1, 101)
    ]
    doc["series"]["follow_up_speed"]["events"] = events
    html = page(doc)
    rows = speed_rows(html)
    assert [name for name, _ in rows] == [
        *(f"Event {n:03}" for n in range(100, 85, -1)),
        "85 other events",
    ]
    assert rows[0][1] == ["2026-09-17", "100", "50", "50", "99", "99", "1"]
    rest = range(1, 86)
    half, less = sum(n // 2 for n in rest), sum(n - 1 for n in rest)
    assert rows[-1][1] == ["", str(sum(rest)), str(half), str(half), str(less), str(less), "85"]
    assert "then the others together" in html
    assert embedded(html)["series"]["follow_up_speed"]["events"] == events
    doc["series"]["follow_up_speed"]["events"] = events[:16]  # one more is shown, not summed
    assert len(speed_rows(page(doc))) == 16


def test_dormancy_counted_in_weeks_reads_as_weeks() -> None:
    """A week is labelled by its first day: "the end of 2026-11-30" read as a day."""
    doc = document()
    doc["series"]["dormancy"].update(
        {"buckets": ["2026-09-03", "2026-09-10", "2026-11-30"], "late": [1070, 1100, 1219]}
    )
    html = page(doc)
    reading = (
        "1,219 people past their cadence at the end of the week of 2026-11-30, "
        "up from 1,070 at the end of the week of 2026-09-03."
    )
    assert f'<p class="reading">{reading}</p>' in html
    assert "<caption>People past their cadence at the end of each week</caption>" in html


def test_text_from_the_store_is_escaped_and_cannot_close_the_data() -> None:
    doc = document()
    hostile = "</script><script>alert(1)</script>\x1b[31m<b>Ev\u202ent</b>\x07"
    doc["series"]["follow_up_speed"]["events"][0]["event"] = hostile
    html = page(doc)
    assert "alert(1)</script>" not in html
    assert "<b>" not in html
    for control in ("\x1b", "\x07", "\u202e"):
        assert control not in html
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in html  # shown, literally
    assert embedded(html)["series"] == doc["series"]  # the data keeps the name as stored


def test_empty_series_read_as_nothing_yet() -> None:
    doc = document()
    s = doc["series"]
    s["follow_up_speed"]["events"] = []
    for key in ("events", "communities", "introductions", "imports", "kiosk", "other"):
        s["growth"]["by_source"][key] = [0, 0, 0]
    s["introductions"]["funnel"] = {"proposed": 0, "agreed": 0, "introduced": 0, "good": 0}
    s["activity"]["days"] = {}
    html = page(doc)
    for reading in (
        "Nobody was met at an event in this period.",
        "No contacts were added in this period.",
        "No introductions were proposed in this period.",
        "No touchpoints in this period.",
    ):
        assert reading in html
    assert len(re.findall(r'data-chart="', html)) == 8
    s["follow_up_speed"]["goal_days"] = None  # no series at all in the chart
    assert "Nothing in this period" in page(doc)


def heat_months(html: str) -> list[str]:
    return re.findall(r'<text class="month"[^>]*>([A-Z][a-z]{2})</text>', html)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2026-09-01", "2026-11-30", ["Sep", "Oct", "Nov"]),  # a quarter (the issue's bug)
        ("2026-09-16", "2026-11-29", ["Sep", "Oct", "Nov"]),  # starting mid-month
        ("2026-08-31", "2026-11-29", ["Sep", "Oct", "Nov"]),  # one day of August: no room
        ("2026-11-01", "2026-11-29", ["Nov"]),  # a month
        (
            "2025-12-01",
            "2026-11-30",
            [date(2026, m % 12 or 12, 1).strftime("%b") for m in range(12, 24)],
        ),  # a year, across January
    ],
)
def test_the_heat_map_names_the_months_of_the_period(
    start: str, end: str, months: list[str]
) -> None:
    doc = copy.deepcopy(document())
    doc["series"]["activity"].update({"from": start, "to": end})
    assert heat_months(page(doc)) == months
    assert [
        name for _, name in month_marks(date.fromisoformat(start), date.fromisoformat(end))
    ] == months


def test_each_month_label_sits_over_the_week_of_its_first_day() -> None:
    marks = month_marks(date(2026, 9, 1), date(2026, 11, 30))
    # Mon 31 Aug starts column 0; 1 Oct is in the week of Mon 28 Sep (column 4);
    # 1 Nov (a Sunday) in the week of Mon 26 Oct (column 8).
    assert marks == [(0, "Sep"), (4, "Oct"), (8, "Nov")]


def test_count_axes_tick_in_whole_numbers_from_zero() -> None:
    assert whole_ticks([3]) == [0, 1, 2, 3]
    assert whole_ticks([0]) == [0, 1]
    assert whole_ticks([14]) == [0, 2, 4, 6, 8, 10, 12, 14]
    assert whole_ticks([41]) == [0, 10, 20, 30, 40, 50]
    assert whole_ticks([50_000]) == [0, 10_000, 20_000, 30_000, 40_000, 50_000]
    assert whole_ticks([9_000]) == [0, 2_000, 4_000, 6_000, 8_000, 10_000]


def test_at_a_glance_sets_the_period_before_beside_with_arrows() -> None:
    doc = document()
    assert "At a glance" not in page(doc)  # a document without headline numbers
    doc["headline"] = {"touchpoints": 17, "late": 9, "follow_up_rate": 0.25}
    doc["compare"] = {
        "period": {"from": "2026-06-01", "to": "2026-08-31", "label": "2026-Q2.."},
        "figures": {"touchpoints": 20, "late": 14, "follow_up_rate": None},
        "change": {"touchpoints": -3, "late": -5, "follow_up_rate": None},
    }
    html = page(doc)
    rows = dict(re.findall(r'<tr><th scope="row">([^<]*)</th>(.*?)</tr>', html))
    assert rows["touchpoints"] == '<td>17</td><td>20</td><td class="bad">-3 ↓</td>'
    assert rows["past their cadence"] == '<td>9</td><td>14</td><td class="good">-5 ↓</td>'
    assert rows["share followed up within 2 days (your goal)"] == "<td>25%</td><td>–</td><td></td>"
    assert rows["given"] == "<td>–</td><td>–</td><td></td>"
    caption = "At a glance, against 2026-Q2.. (2026-06-01 to 2026-08-31)"  # a word a span
    assert f"<caption>{caption}</caption>" in re.sub("</?span>", "", html)
