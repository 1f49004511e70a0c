"""`pln report --html` opened in a real Chromium (tests/browser.py): nothing
but the file is requested, nothing goes wrong in the console, every chart is
drawn with a size, the page is small, it fits a phone and follows dark mode,
printing gives one page per section, and the numbers it carries are those of
`pln report --json`. It also writes docs/img/report.png, the README's picture."""

from __future__ import annotations

import math
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln

pytestmark = pytest.mark.slow

PERIOD = "2026-09-01..2026-11-29"
SECTIONS = 6  # follow-up speed, growth, dormancy, introductions, give and take, activity
CHARTS = 8
IMAGE = Path(__file__).parents[1] / "docs" / "img" / "report.png"


def network(pln: Pln, tmp_path: Path) -> int:
    """A quarter of a network's life, each step recorded on its day: two
    events and their follow-ups, an import, introductions, help given and
    received, people past their cadence. Returns how many contacts it holds."""

    def on(day: str, *args: str) -> None:
        Pln(day=date.fromisoformat(f"2026-{day}"))(*args)

    pln("config", "follow-up-goal", "2d")
    iste = ["Ana Lima", "Ben Ode", "Cy Park", "Dee Roy", "Eli Sato", "Fay Wu", "Gus Hale"]
    for name in iste:
        on("09-14", "add-contact", name, "--met-at", "ISTE 2026", "--cadence", "3 weeks")
    for name, day in (("Ana", "09-15"), ("Ben", "09-16"), ("Cy", "09-19"), ("Dee", "10-05")):
        on(day, "log", name, "--kind", "email", "-m", "slides")
    sheet = tmp_path / "contacts.csv"
    rows = [f"Person {i},person{i}@example.org" for i in range(12)]
    sheet.write_text("Name,Email\n" + "\n".join(rows) + "\n")
    on("10-05", "import", "csv", str(sheet))
    expo = ["Hal Ito", "Ivy Bell", "Jon Díaz"]
    for name in expo:
        on("10-20", "add-contact", name, "--met-at", "Fall <Expo> & Fair")
    on("10-21", "log", "hal ito", "--kind", "call", "-m", "lesson plans")
    on("10-08", "intro", "ana", "ben", "--why", "both coach math", "--direct")
    on("10-09", "intros", "introduce", "1")
    on("11-02", "intro", "cy", "dee", "--why", "rubrics")
    for day, kind, who in (("10-02", "gave", "ana"), ("11-03", "received", "ben")):
        on(day, "log", who, "--kind", kind, "-m", "a rubric")
    for day in ("09-22", "10-14", "11-10", "11-24"):
        on(day, "log", "ana", "--kind", "call", "-m", "coaching")
    return len(iste) + len(expo) + len(rows)


def test_the_html_report_in_a_browser(pln: Pln, tmp_path: Path, chromium: Any) -> None:
    contacts = network(pln, tmp_path)
    target = tmp_path / "report.html"
    pln("report", "--period", PERIOD, "--html", str(target))
    data = pln.json("report", "--period", PERIOD)
    size = target.stat().st_size
    assert size <= 100_000 * max(1, math.ceil(contacts / 10_000)), size

    url = target.as_uri()
    context = chromium.new_context(viewport={"width": 900, "height": 1100})
    requests: list[str] = []
    problems: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    page = context.new_page()
    page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else 0)
    page.on("pageerror", lambda exc: problems.append(str(exc)))
    page.goto(url)
    assert requests == [url]
    assert problems == []

    charts = page.locator("[data-chart]")
    assert charts.count() == CHARTS
    for i in range(CHARTS):
        box = charts.nth(i).bounding_box()
        assert box is not None
        assert box["width"] > 100, charts.nth(i).get_attribute("data-chart")
        assert box["height"] > 50, charts.nth(i).get_attribute("data-chart")
    assert page.locator("section").count() == SECTIONS
    assert page.locator("p.reading").count() == CHARTS
    assert page.locator("section table").count() == CHARTS
    assert page.locator("header table caption").all_text_contents() == ["At a glance"]

    shown = page.evaluate("JSON.parse(document.getElementById('pln-report').textContent)")
    assert shown["series"] == data["series"]
    assert shown["period"] == data["period"]
    months = page.locator(".heat-map text.month").all_text_contents()
    assert months == data["series"]["activity"]["months"] == ["Sep", "Oct", "Nov"]
    assert page.locator("text=Fall <Expo> & Fair").count() > 0  # the name, literally

    IMAGE.parent.mkdir(exist_ok=True)
    page.locator("#follow-up-speed").screenshot(path=str(IMAGE))  # for the README

    pdf = page.pdf(format="Letter")
    assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == SECTIONS
    context.close()


def test_the_html_report_fits_a_phone_and_follows_dark_mode(
    pln: Pln, tmp_path: Path, chromium: Any
) -> None:
    network(pln, tmp_path)
    target = tmp_path / "report.html"
    pln("report", "--html", str(target))
    for scheme, background in (("light", "rgb(255, 255, 255)"), ("dark", "rgb(21, 24, 29)")):
        context = chromium.new_context(
            viewport={"width": 360, "height": 740}, is_mobile=True, color_scheme=scheme
        )
        page = context.new_page()
        page.goto(target.as_uri())
        assert page.evaluate("getComputedStyle(document.body).backgroundColor") == background
        # Nothing wider than the phone: the tables scroll in their own box.
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        # Each chart is drawn, at least 300 pixels wide: wider than the phone,
        # it scrolls in its own box, so that its words stay legible.
        for i in range(CHARTS):
            chart = page.locator("[data-chart]").nth(i).bounding_box()
            frame = page.locator("figure").nth(i).bounding_box()
            assert chart is not None
            assert frame is not None
            assert chart["width"] >= 300
            assert frame["width"] <= 360
        context.close()


@pytest.mark.parametrize(
    "period",
    [
        "2026-08-01..2026-11-28",  # 120 days: the longest period counted in weeks (18 rows)
        "2025-12-01..2026-11-29",  # a year, in months
        "2026-11",  # a month so far
    ],
)
def test_each_section_prints_on_one_page_whatever_the_period(
    pln: Pln, tmp_path: Path, chromium: Any, period: str
) -> None:
    network(pln, tmp_path)
    target = tmp_path / "report.html"
    pln("report", "--period", period, "--html", str(target))
    context = chromium.new_context()
    page = context.new_page()
    page.goto(target.as_uri())
    for paper in ("Letter", "A4"):
        pdf = page.pdf(format=paper)
        assert len(re.findall(rb"/Type\s*/Page\b", pdf)) == SECTIONS, (period, paper)
    context.close()
