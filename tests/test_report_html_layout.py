"""The HTML report's layout in a real Chromium (tests/browser.py), drawn from
a report document (tests/fixtures/report_document.json) at its worst: long
event names do not overprint each other in the follow-up chart's legend, and
the glance table with --compare fits a 360-pixel phone (issue 33)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from plncrm.render.report_html import page

pytestmark = pytest.mark.slow

FIXTURE = Path(__file__).parent / "fixtures" / "report_document.json"
LONG_NAMES = [
    "WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW",  # the widest letters there are, in the left column
    "The Reading League Annual Conference",
    "EdCamp Chicago",
    "CUE Fall 2026",
    "Learning Forward Annual Conference",
    "ASCD Leadership Summit",
    "State Literacy Association Fall Summit",
    "Reading Recovery Council Conference",
    "NCTE Annual Convention 2026 — Secondary Section",  # the ninth: in the table only
]

# Every legend's boxes (its swatch and its words), as the browser lays them out.
LEGEND_BOXES = """chart => [...chart.querySelectorAll('.legend')].flatMap((g, i) =>
  [...g.querySelectorAll('rect, text')].map(e => {
    const r = e.getBoundingClientRect();
    return {legend: i, x: r.left, y: r.top, right: r.right, bottom: r.bottom};
  }))"""


def document() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(FIXTURE.read_text())
    events = []
    for n, name in enumerate(LONG_NAMES):
        met = 40 - n
        within = {"1": n, "2": n + 2, "7": 2 * n + 3, "30": 2 * n + 5}
        events.append({"event": name, "day": "2026-09-14", "met": met, "within": within})
        events[-1]["never"] = met - within["30"]
    doc["series"]["follow_up_speed"]["events"] = events
    doc["headline"] = {"touchpoints": 1217, "late": 1219, "follow_up_rate": 0.4}
    doc["compare"] = {
        "period": {"from": "2026-06-01", "to": "2026-08-31", "label": "2026-06-01..2026-08-31"},
        "figures": {"touchpoints": 20_317, "late": 1070, "follow_up_rate": 0.25},
        "change": {"touchpoints": -19_100, "late": 149, "follow_up_rate": 0.15},
    }
    return doc


def overlapping(boxes: list[dict[str, Any]]) -> list[tuple[int, int]]:
    """The pairs of legends whose boxes intersect (a pixel of slack)."""
    found = set()
    for a in boxes:
        for b in boxes:
            if a["legend"] >= b["legend"]:
                continue
            if (
                a["x"] < b["right"] - 1
                and b["x"] < a["right"] - 1
                and a["y"] < b["bottom"] - 1
                and b["y"] < a["bottom"] - 1
            ):
                found.add((a["legend"], b["legend"]))
    return sorted(found)


@pytest.mark.parametrize("width", [1280, 900, 360])
def test_the_follow_up_legend_never_overprints(tmp_path: Path, chromium: Any, width: int) -> None:
    target = tmp_path / "report.html"
    target.write_text(page(document()))
    context = chromium.new_context(viewport={"width": width, "height": 900})
    browser_page = context.new_page()
    browser_page.goto(target.as_uri())
    charts = browser_page.locator("svg[data-chart]")
    for i in range(charts.count()):
        chart = charts.nth(i)
        boxes = chart.evaluate(LEGEND_BOXES)
        assert overlapping(boxes) == [], chart.get_attribute("data-chart")
        frame = chart.bounding_box()
        assert frame is not None
        for box in boxes:  # inside the chart, not cut off at its edge
            assert box["right"] <= frame["x"] + frame["width"] + 1, box
            assert box["bottom"] <= frame["y"] + frame["height"] + 1, box
    legend = browser_page.locator('[data-chart="Follow-up speed"] .legend')
    assert legend.count() == 8 + 1  # the 8 largest events and the goal
    context.close()


def test_the_glance_table_with_a_comparison_fits_a_phone(tmp_path: Path, chromium: Any) -> None:
    target = tmp_path / "report.html"
    target.write_text(page(document()))
    context = chromium.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    browser_page = context.new_page()
    browser_page.goto(target.as_uri())
    wide = browser_page.evaluate(
        """() => [...document.querySelectorAll('header, header *')]
          .filter(e => e.getBoundingClientRect().right > 360 || e.scrollWidth > e.clientWidth)
          .map(e => e.tagName + ' ' + e.textContent.slice(0, 30))"""
    )
    assert wide == []
    assert browser_page.evaluate("document.documentElement.scrollWidth") <= 360
    caption = browser_page.locator("header caption").text_content()
    assert caption == "At a glance, against 2026-06-01 to 2026-08-31"
    context.close()
