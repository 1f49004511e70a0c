from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.report import figures
from plncrm.report.facts import Facts, Intro, Person, Touch
from plncrm.util.intervals import Interval

TODAY = date(2026, 11, 29)
SINCE = date(2026, 9, 1)


@pytest.fixture
def facts() -> Facts:
    people = [
        Person(1, "Ana", added_on=date(2026, 11, 1), met_on=date(2026, 11, 1), met_event="ISTE"),
        Person(2, "Ben", added_on=date(2026, 11, 1), met_on=date(2026, 11, 1), met_event="ISTE"),
        Person(3, "Cy", added_on=date(2026, 11, 20), met_on=date(2026, 11, 20), met_event="NCTM"),
        Person(4, "Di", added_on=date(2026, 10, 5), via="Ana"),
        Person(
            5,
            "Eve",
            added_on=date(2026, 10, 5),
            source="linkedin",
            last_contacted=date(2026, 6, 1),
            cadence=Interval(1, "month"),
        ),
        Person(
            6,
            "Fay",
            added_on=date(2025, 1, 1),
            met_on=date(2025, 1, 10),
            met_event="ISTE 2025",
            communities=("#edchat",),
            last_contacted=date(2026, 11, 1),
            cadence=Interval(3, "month"),
        ),
        Person(
            7,
            "Gus",
            added_on=date(2025, 1, 1),
            met_on=date(2025, 1, 10),
            met_event="ISTE 2025",
            communities=("#edchat",),
            last_contacted=date(2025, 2, 1),
            cadence=Interval(1, "year"),
        ),
    ]
    touches = [
        Touch(1, date(2026, 11, 1), "event"),  # meeting at the event is not a follow-up
        Touch(1, date(2026, 11, 2), "email"),
        Touch(2, date(2026, 11, 8), "call"),
        Touch(6, date(2026, 11, 1), "gave"),
        Touch(6, date(2026, 11, 1), "gave"),
        Touch(7, date(2026, 10, 1), "received"),
        Touch(4, date(2026, 11, 2), "intro", role="about"),
    ]
    intros = [
        Intro(1, 1, 2, date(2026, 10, 1), "yes", "yes", date(2026, 10, 5), "working-together"),
        Intro(2, 1, 3, date(2026, 10, 1), "yes", "yes", date(2026, 10, 5), "not-a-fit"),
        Intro(3, 4, 5, date(2026, 11, 1), "yes", None),
        Intro(
            4, 6, 7, date(2025, 1, 1), "yes", "yes", date(2025, 1, 2), "met"
        ),  # before the period
    ]
    return Facts(people=people, touches=touches, intros=intros, guard_days=2)


def test_activity_counts_touchpoints_per_day(facts: Facts) -> None:
    a = figures.activity(facts.touches, SINCE, TODAY)
    assert a["days"] == {"2026-10-01": 1, "2026-11-01": 3, "2026-11-02": 1, "2026-11-08": 1}
    assert (a["total"], a["active_days"], a["period_days"]) == (6, 4, 90)
    assert a["busiest"] == {"date": "2026-11-01", "count": 3}


def test_growth_by_origin(facts: Facts) -> None:
    assert figures.growth(facts.people, SINCE, TODAY) == {
        "added": 5,
        "by_origin": [
            {"origin": "event: ISTE", "count": 2},
            {"origin": "event: NCTM", "count": 1},
            {"origin": "introductions", "count": 1},
            {"origin": "import: linkedin", "count": 1},
        ],
    }


def test_strikeouts(facts: Facts) -> None:
    from plncrm.core.strikeouts import Waiting

    cy = next(p for p in facts.people if p.name == "Cy")
    guards = [Waiting(cy.id, cy.name, 1, cy.met_event, cy.met_on, task_id=7)]
    s = figures.strikeouts(facts.people, facts.touches, SINCE, TODAY, 2, guards)
    assert (s["met"], s["followed_up_in_window"], s["rate"], s["median_days_to_follow_up"]) == (
        3,
        1,
        0.333,
        4,
    )
    assert s["waiting"] == [{"id": 3, "name": "Cy", "met_at": "NCTM", "days": 9}]


def test_dormancy(facts: Facts) -> None:
    d = figures.dormancy(facts.people, TODAY)
    assert (d["with_cadence"], d["overdue"], d["share"]) == (3, 2, 0.667)
    assert [(o["name"], o["days_overdue"]) for o in d["most_overdue"]] == [
        ("Gus", 301),
        ("Eve", 151),
    ]


def test_introduction_funnel(facts: Facts) -> None:
    funnel = figures.introductions(facts.intros, SINCE, TODAY)["funnel"]
    assert [(f["step"], f["count"], f["of_proposed"]) for f in funnel] == [
        ("proposed", 3, 1.0),
        ("both agreed", 2, 0.667),
        ("introduced", 2, 0.667),
        ("good outcome", 1, 0.333),
    ]
    assert funnel[3]["of_previous"] == 0.5


def test_reciprocity(facts: Facts) -> None:
    r = figures.reciprocity(facts.people, facts.touches, facts.intros, SINCE, TODAY)
    assert (r["given"], r["received"], r["introductions_made"]) == (6, 1, 2)
    assert [(b["name"], b["balance"]) for b in r["largest_imbalance"]] == [
        ("Ana", 2),
        ("Fay", 2),
        ("Ben", 1),
        ("Cy", 1),
        ("Gus", -1),
    ]


def test_lasting_relationships(facts: Facts) -> None:
    assert figures.lasting(facts.people, TODAY)["places"] == [
        {"place": "community: #edchat", "lasting": 1, "people": 2},
        {"place": "event: ISTE 2025", "lasting": 1, "people": 2},
    ]


def test_empty_store_figures() -> None:
    report = figures.build(Facts(), SINCE, TODAY)
    assert report["activity"]["total"] == 0
    assert report["strikeouts"]["rate"] is None
    assert report["introductions"]["funnel"][0] == {
        "step": "proposed",
        "count": 0,
        "of_proposed": None,
        "of_previous": None,
    }


def network(pln: Pln) -> None:
    pln(
        "add-contact",
        "Ana Lima",
        "--met-at",
        "ISTE 2026",
        "--met-on",
        "10 days ago",
        "--cadence",
        "1 month",
    )
    pln("add-contact", "Ben Ode", "--met-at", "ISTE 2026", "--met-on", "10 days ago")
    pln("log", "ana", "--on", "9 days ago", "--kind", "email", "-m", "slides")
    pln("log", "ana", "--kind", "gave", "-m", "rubric", "--on", "3 days ago")
    pln("intro", "ana", "ben", "--why", "x", "--direct")
    pln("intros", "introduce", "1")


def test_report_json_and_screen(pln: Pln) -> None:
    network(pln)
    data = pln.json("report")
    assert data["period"] == {
        "since": "2026-08-31",
        "until": "2026-11-29",
        "from": "2026-08-31",
        "to": "2026-11-29",
        "label": "since 2026-08-31",
        "unit": "week",
    }
    assert data["strikeouts"]["met"] == 2
    assert data["strikeouts"]["followed_up_in_window"] == 1
    assert [
        w["name"] for w in data["strikeouts"]["waiting"]
    ] == []  # Ben was introduced today: followed up
    assert data["introductions"]["funnel"][2]["count"] == 1
    assert data["reciprocity"]["given"] == 3
    screen = pln("report").stdout
    assert "You gave help 3 times (1 of them introductions) and received it 0 times" in screen
    for title in (
        "Activity",
        "Growth",
        "Strike-outs",
        "Dormancy",
        "Introductions",
        "Reciprocity",
        "Lasting",
    ):
        assert title in screen


def test_report_draws_within_80_columns(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "80")
    for since in ("90 days ago", "1 year ago"):
        out = pln("report", "--since", since).stdout
        assert max(len(line) for line in out.splitlines()) <= 80


def test_a_busy_periods_growth_keeps_to_the_largest_sources() -> None:
    """Seventy events each on a row ran over two screens: the ten largest,
    then the rest in one line."""
    from io import StringIO

    from rich.console import Console

    from plncrm.render.report import draw
    from plncrm.report import document
    from plncrm.report.periods import Period

    people = [
        Person(n, f"P{n}", added_on=date(2026, 10, 1), met_on=date(2026, 10, 1), met_event=f"E{k}")
        for n, k in enumerate([k for k in range(30) for _ in range(30 - k)], start=1)
    ]
    doc = document.build(Facts(people=people), Period(SINCE, TODAY, "autumn"), TODAY)
    assert len(doc["growth"]["by_origin"]) == 30  # the JSON keeps every source
    out = StringIO()
    draw(Console(file=out, width=80, color_system=None), doc, TODAY)
    screen = out.getvalue()
    assert "event: E9 " in screen
    assert "event: E10 " not in screen
    assert "and 210 more from 20 other places: pln report --json has them all" in screen
    assert max(len(line) for line in screen.splitlines()) <= 80


def test_report_writes_the_html_report(pln: Pln, tmp_path: Path) -> None:
    """--html FILE writes the page with charts (test_report_html.py, and in a
    browser test_report_browser.py) and says so in one line, instead of
    drawing the report in the terminal; --save FILE.html is the same, and
    --save FILE.svg, once a picture of the terminal, says to use --html."""
    network(pln)
    page, saved = tmp_path / "r.html", tmp_path / "s.html"
    result = pln("report", "--html", str(page))  # says what it wrote, and draws nothing else
    size, period = round(page.stat().st_size / 1000), pln.json("report")["period"]
    said = f"Wrote {page}: 6 sections, {size} KB, {period['from']} to {period['to']}\n"
    assert result.stdout == said
    assert result.stderr == ""
    data = json.loads(pln("report", "--save", str(saved), "--json").stdout)
    for path in (page, saved):
        assert path.stat().st_mode & 0o077 == 0
    html = page.read_text()
    assert html.startswith("<!DOCTYPE html>")
    assert saved.read_text() == html
    found = re.search(r'<script type="application/json" id="pln-report">(.*?)</script>', html)
    assert found
    assert json.loads(found.group(1))["series"] == data["series"]
    svg = pln("report", "--save", str(tmp_path / "r.svg"), ok=False)
    assert svg.exit_code == 5
    assert "use --html FILE.html" in svg.stderr
    assert not (tmp_path / "r.svg").exists()
    assert pln("report", "--save", str(tmp_path / "r.pdf"), ok=False).exit_code == 5
    both = pln("report", "--html", str(page), "--save", str(saved), ok=False)
    assert both.exit_code == 5
    team = pln("report", "--team", "--html", str(tmp_path / "t.html"), ok=False)
    assert team.exit_code == 5
    assert "--html draws one report" in team.stderr


def test_report_html_to_standard_output_writes_the_page_alone(pln: Pln) -> None:
    network(pln)
    out = pln("report", "--html", "-").stdout
    assert out.startswith("<!DOCTYPE html>")
    assert out.endswith("</html>\n")
    assert pln("report", "--html", "-", "--json", ok=False).exit_code == 5


def test_empty_store_report_renders_hints(pln: Pln) -> None:
    out = pln("report").stdout
    assert "No introductions yet: try `pln suggest`." in out
    assert "0 touchpoints" in out


def test_one_busiest_day_for_the_terminal_the_html_and_the_json(pln: Pln, tmp_path: Path) -> None:
    """Issue 33: the HTML's sentence said 2026-11-19 (3) and its table 2026-11-17
    (3). Of days as busy, the latest is the busiest, everywhere."""
    for name in ("Ana Lima", "Ben Ode", "Cy Park"):
        pln("add-contact", name)
        for day in ("2026-11-17", "2026-11-19"):
            pln("log", name.split()[0], "-m", "call", "--on", day)
    pln("log", "ana", "-m", "call", "--on", "2026-11-20")
    data = pln.json("report", "--period", "2026-11")
    assert data["activity"]["busiest"] == {"date": "2026-11-19", "count": 3}
    assert data["series"]["activity"]["busiest"] == data["activity"]["busiest"]
    assert data["series"]["activity"]["by_month"][0]["busiest"] == data["activity"]["busiest"]
    assert "busiest 2026-11-19 (3)" in pln("report", "--period", "2026-11").stdout
    pln("report", "--period", "2026-11", "--html", str(tmp_path / "r.html"))
    html = (tmp_path / "r.html").read_text()
    assert "the busiest was 2026-11-19 (3)." in html
    assert "2026-11-19 (3)</td>" in html
    assert "2026-11-17 (3)" not in html
