"""The report's series (issue 33): a small store computed by hand for each
one, the series against `pln due`, and --period, --compare, --member, --team
from the command line (the periods themselves: test_report_periods.py)."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import TODAY, Pln
from plncrm.report import figures, series
from plncrm.report.facts import Facts, Guard, Intro, Person, Touch
from plncrm.report.periods import Period
from plncrm.util.intervals import Interval

HALF = Period(date(2026, 1, 1), date(2026, 6, 30), "2026-H1")  # 181 days: counted in months
END = HALF.end  # "today" for the hand-computed store


@pytest.fixture
def facts() -> Facts:
    people = [
        Person(1, "Ana", date(2026, 2, 10), met_on=date(2026, 2, 10), met_event="ISTE"),
        Person(2, "Ben", date(2026, 2, 10), met_on=date(2026, 2, 10), met_event="ISTE"),
        Person(3, "Cy", date(2026, 2, 11), met_on=date(2026, 2, 11), met_event="ISTE"),
        Person(4, "Di", date(2026, 3, 5), via="Ana"),
        Person(5, "Eve", date(2026, 3, 20), source="linkedin"),
        Person(6, "Fay", date(2026, 4, 2), communities=("#edchat",)),
        Person(7, "Gus", date(2026, 4, 3), met_on=date(2026, 4, 3), met_event="Expo"),
        Person(
            8,
            "Hal",
            date(2025, 12, 1),
            source="added",
            last_contacted=date(2026, 5, 20),
            cadence=Interval(1, "month"),
        ),
        Person(9, "Ivy", date(2026, 5, 1), source="added"),
    ]
    touches = [
        Touch(1, date(2026, 2, 10), "event"),  # meeting them is no follow-up
        Touch(1, date(2026, 2, 11), "email"),  # Ana: 1 day
        Touch(2, date(2026, 2, 15), "call"),  # Ben: 5 days; Cy: never
        Touch(7, date(2026, 4, 3), "gave", resource=True),  # Gus: the same day
        Touch(8, date(2026, 3, 1), "call"),
        Touch(8, date(2026, 5, 20), "received"),
        Touch(6, date(2026, 4, 10), "gave"),
    ]
    intros = [
        Intro(1, 1, 2, date(2026, 2, 12), "yes", "yes", date(2026, 2, 20), "met"),
        Intro(2, 1, 3, date(2026, 3, 1), "yes", "no"),
        Intro(3, 4, 5, date(2025, 12, 20), "yes", "yes", date(2026, 1, 5), "not-a-fit"),
    ]
    return Facts(
        people=people,
        touches=touches,
        intros=intros,
        last_before={8: date(2025, 12, 15)},
        guards=[Guard(3, date(2026, 2, 13), "dismissed")],  # Cy's strike-out follow-up
        goal_days=2,
        kiosk=frozenset({7}),
    )


MONTHS = ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05", "2026-06"]


def test_follow_up_speed_per_event(facts: Facts) -> None:
    assert series.follow_up_speed(facts, HALF, END) == {
        "goal_days": 2,
        "window_days": 2,
        "window": "follow-up-goal",
        "median_days": 1,
        "not_charted": 0,
        "not_charted_after_days": 30,
        "events": [
            {
                "event": "ISTE",
                "day": "2026-02-10",
                "met": 3,
                "within": {"1": 1, "2": 1, "7": 2, "30": 2},
                "never": 1,
                "within_goal": 1,
                "in_window": 1,
            },
            {
                "event": "Expo",
                "day": "2026-04-03",
                "met": 1,
                "within": {"1": 1, "2": 1, "7": 1, "30": 1},
                "never": 0,
                "within_goal": 1,
                "in_window": 1,
            },
        ],
    }


def test_growth_by_source(facts: Facts) -> None:
    assert series.growth(facts, HALF) == {
        "buckets": MONTHS,
        "by_source": {
            "events": [0, 3, 0, 0, 0, 0],
            "communities": [0, 0, 0, 1, 0, 0],
            "introductions": [0, 0, 1, 0, 0, 0],
            "imports": [0, 0, 1, 0, 0, 0],
            "kiosk": [0, 0, 0, 1, 0, 0],
            "other": [0, 0, 0, 0, 1, 0],
        },
    }


def test_dormancy_over_time(facts: Facts) -> None:
    # Hal, every month: last in touch 15 Dec (due 15 Jan), then 1 March (due
    # 1 April), then 20 May (due 20 June): late at the end of January,
    # February and April, and today by 10 days.
    assert series.dormancy(facts, HALF, END) == {
        "buckets": MONTHS,
        "late": [1, 1, 0, 1, 0, 1],
        "lateness": {
            "labels": ["1–7 days", "8–30 days", "31–90 days", "over 90 days"],
            "counts": [0, 1, 0, 0],
        },
    }
    assert figures.dormancy(facts.people, END)["overdue"] == 1


def test_introductions_funnel_and_trend(facts: Facts) -> None:
    assert series.introductions(facts.intros, HALF) == {
        "funnel": {"proposed": 2, "agreed": 1, "introduced": 1, "good": 1},
        "buckets": MONTHS,
        "proposed": [0, 1, 1, 0, 0, 0],
        "introduced": [1, 1, 0, 0, 0, 0],
    }


def test_give_and_take(facts: Facts) -> None:
    found = series.give_take(facts.touches, facts.intros, HALF)
    assert found == {
        "buckets": MONTHS,
        "given": [2, 2, 0, 2, 0, 0],  # an introduction made gives to both
        "received": [0, 0, 0, 0, 1, 0],
        "resources_given": [0, 0, 0, 1, 0, 0],
    }
    totals = figures.reciprocity(facts.people, facts.touches, facts.intros, HALF.start, END)
    assert (sum(found["given"]), sum(found["received"])) == (totals["given"], totals["received"])


def test_activity_and_its_months(facts: Facts) -> None:
    found = series.activity(facts.touches, HALF)
    assert found == {
        "from": "2026-01-01",
        "to": "2026-06-30",
        "days": {
            "2026-02-10": 1,
            "2026-02-11": 1,
            "2026-02-15": 1,
            "2026-03-01": 1,
            "2026-04-03": 1,
            "2026-04-10": 1,
            "2026-05-20": 1,
        },
        "months": ["Jan", "Feb", "Mar", "Apr", "May", "Jun"],
        # Days as busy: the latest is the busiest (the terminal, HTML and JSON all read it).
        "busiest": {"date": "2026-05-20", "count": 1},
        "by_month": found["by_month"],
    }
    assert [
        (m["month"], m["touchpoints"], m["active_days"], (m["busiest"] or {}).get("date"))
        for m in found["by_month"]
    ] == [
        ("2026-01", 0, 0, None),
        ("2026-02", 3, 3, "2026-02-15"),
        ("2026-03", 1, 1, "2026-03-01"),
        ("2026-04", 2, 2, "2026-04-10"),
        ("2026-05", 1, 1, "2026-05-20"),
        ("2026-06", 0, 0, None),
    ]


def test_the_latest_events_speed_in_the_terminal() -> None:
    from rich.console import Console

    from plncrm.render.report_trends import SPEED_EVENTS, trends

    events = [
        {
            "event": f"Meetup {n:02}",
            "day": f"2026-10-{n:02}",
            "met": 3,
            "within": {"1": 1, "2": 1, "7": 2, "30": 2},
            "never": 1,
            "within_goal": 1,
        }
        for n in range(1, SPEED_EVENTS + 3)
    ]
    empty = {"buckets": ["2026-10"], "proposed": [0], "introduced": [0]}
    report = {
        "period": {"unit": "month"},
        "series": {
            "follow_up_speed": {"goal_days": 2, "events": events},
            "growth": {"buckets": ["2026-10"], "by_source": {"events": [30]}},
            "dormancy": {"late": [4]},
            "introductions": empty,
            "give_take": {"given": [1], "received": [2]},
        },
    }
    console = Console(width=80, record=True, markup=False, emoji=False)
    console.print(trends(report))
    out = console.export_text()
    assert "Meetup 01" not in out
    assert "Meetup 02" not in out
    assert "Meetup 03" in out
    assert "and 2 earlier events" in out
    row = next(line for line in out.splitlines() if "Meetup 10" in line)
    assert row.split() == ["Meetup", "10", "3", "1", "1", "2", "2", "1", "33%"]
    assert max(len(line) for line in out.splitlines()) <= 80


def test_sparklines() -> None:
    from plncrm.render.report_trends import sparkline

    assert sparkline([0, 1, 2, 4, 8]) == "▁▂▃▅█"  # 4 of 8: half of seven steps up
    assert sparkline([0, 0, 0]) == "▁▁▁"
    assert sparkline(list(range(1, 41)), width=4) == "▇███"  # the last four: 37 to 40


def shop(pln: Pln) -> None:
    """People met, some followed up, some past their cadence: what both the
    report and `pln due` see."""
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2026", "--met-on", "3 days ago")
    pln("add-contact", "Ben Ode", "--met-at", "ISTE 2026", "--met-on", "3 days ago")
    pln("log", "ben", "--kind", "email", "-m", "slides", "--on", "2 days ago")
    pln("add-contact", "Eve Stone", "--cadence", "1 month")
    pln("log", "eve", "-m", "coffee", "--on", "100 days ago")
    pln("add-contact", "Hal Berg", "--cadence", "1 week")
    pln("log", "hal", "-m", "call", "--on", "12 days ago")
    pln("add-contact", "Ivy Chan", "--cadence", "1 year")
    pln("log", "ivy", "-m", "call", "--on", "20 days ago")
    pln("add-contact", "Jo Park", "--cadence", "2 weeks")
    pln("log", "jo", "-m", "call", "--on", "400 days ago")


def test_series_say_what_pln_due_says(pln: Pln) -> None:
    """The same people waiting and late in the report as on the agenda."""
    shop(pln)
    report = pln.json("report", "--period", "quarter")
    agenda = pln.json("due", "-n", "0", "--all")
    waiting = {i["contact_id"] for i in agenda if i["kind"] == "met-no-follow-up"}
    assert waiting == {w["id"] for w in report["strikeouts"]["waiting"]} != set()
    late = [
        (TODAY - date.fromisoformat(i["due"])).days
        for i in agenda
        if i["kind"] == "keep-in-touch" and date.fromisoformat(i["due"]) < TODAY
    ]
    dormancy = report["series"]["dormancy"]
    bins = [(1, 7), (8, 30), (31, 90), (91, 10**6)]
    assert dormancy["lateness"]["counts"] == [
        sum(1 for d in late if low <= d <= high) for low, high in bins
    ]
    assert dormancy["late"][-1] == len(late) == report["headline"]["late"] == 3
    counts = dormancy["lateness"]["counts"]
    line = f"Late today by 1–7 days: {counts[0]}, 8–30: {counts[1]}, 31–90: {counts[2]}"
    assert line in pln("report", "--period", "quarter").stdout
    assert report["dormancy"]["overdue"] == 3


def test_period_compare_and_trends_in_80_columns(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    shop(pln)
    pln("add-contact", "Old Friend", "--met-at", "NCTM 2026", "--met-on", "2026-08-10")
    data = pln.json("report", "--period", "quarter", "--compare", "previous")
    assert data["period"]["label"] == "2026-Q4"
    compare = data["compare"]
    assert compare["period"] == {
        "from": "2026-07-01",
        "to": "2026-08-29",
        "label": "2026-Q3 to 08-29",  # the first 60 days of Q3 (issue 33)
        "unit": "week",
    }
    # Eve's coffee on 21 August; Ben's slides, Hal's and Ivy's calls this quarter.
    assert (compare["figures"]["touchpoints"], data["headline"]["touchpoints"]) == (1, 3)
    assert compare["change"]["touchpoints"] == 2
    # Jo, Eve and Hal are late today; none was back then (Jo, Hal: added since).
    assert (compare["figures"]["late"], compare["change"]["late"]) == (0, 3)
    assert data["series"]["activity"]["months"] == ["Oct", "Nov"]
    monkeypatch.setenv("COLUMNS", "80")
    out = pln("report", "--period", "quarter", "--compare", "previous").stdout
    assert max(len(line) for line in out.splitlines()) <= 80, out
    assert "Trends" in out
    assert "▁" in out
    compared = next(line for line in out.splitlines() if "touchpoints" in line.split()[1:2])
    assert compared.split() == ["│", "touchpoints", "3", "1", "↑", "│"], out
    late = [line for line in out.splitlines() if "past their cadence" in line][-1]  # compared
    assert late.split()[-4:] == ["3", "0", "↑", "│"], out


def test_the_period_before_counts_as_its_own_report(pln: Pln) -> None:
    """--compare reads both periods in one pass (`facts.for_period`): the
    column of the period before is what its own report says."""
    shop(pln)
    pln("add-contact", "Old Friend", "--met-at", "NCTM 2026", "--met-on", "2026-08-10")
    pln("log", "old friend", "--kind", "email", "--on", "2026-08-12")
    pln("resource", "add", "Number Talks", "--link", "https://example.org/talks")
    pln("give", "Number Talks", "old friend", "--on", "2026-08-20")
    data = pln.json("report", "--period", "quarter", "--compare", "previous")
    alone = pln.json("report", "--period", "2026-07-01..2026-08-29")
    assert data["compare"]["figures"] == alone["headline"]
    assert alone["headline"]["touchpoints"] == 3  # the email, the gift and Eve's coffee
    assert alone["headline"]["resources_given"] == alone["resources"]["given"] == 1
    data["compare"] = None  # and this period's own numbers are as without --compare
    assert data == pln.json("report", "--period", "quarter")


def test_heat_map_of_a_period_starting_mid_month(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("log", "ana", "--on", "2026-10-14", "-m", "call")
    for period in ("2026-09-16..2026-11-29", "2026-09-01..2026-11-29"):
        out = pln("report", "--period", period).stdout
        header = next(line for line in out.splitlines() if "Oct" in line)
        assert header.split() == ["│", "Sep", "Oct", "Nov", "│"], out
        months = pln.json("report", "--period", period)["series"]["activity"]["months"]
        assert months == ["Sep", "Oct", "Nov"]


def test_follow_up_goal_is_the_reports(pln: Pln) -> None:
    shop(pln)
    assert pln.json("report")["series"]["follow_up_speed"]["goal_days"] is None
    pln("config", "follow-up-goal", "2d")
    speed = pln.json("report")["series"]["follow_up_speed"]
    assert speed["goal_days"] == 2
    assert speed["events"] == [
        {
            "event": "ISTE 2026",
            "day": "2026-11-26",
            "met": 2,
            "within": {"1": 1, "2": 1, "7": 1, "30": 1},
            "never": 1,
            "within_goal": 1,
            "in_window": 1,
        }
    ]
    assert "≤goal 2d" in pln("report").stdout
    pln("config", "follow-up-goal", "1 week")
    assert pln.json("report")["series"]["follow_up_speed"]["goal_days"] == 7
    refused = pln("config", "follow-up-goal", "soon", ok=False)
    assert refused.exit_code != 0
    assert "2d or 1w" in refused.stderr


def test_member_counts_what_they_recorded(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2026", user="ana")
    pln("add-contact", "Ben Ode", "--cadence", "1 month", user="ben")
    pln("log", "ana", "-m", "call", user="ben")
    mine = pln.json("report", "--member", "ana")
    assert mine["member"] == "ana"
    assert (mine["headline"]["added"], mine["headline"]["touchpoints"]) == (1, 0)
    theirs = pln.json("report", "--member", "ben")
    assert (theirs["headline"]["added"], theirs["headline"]["touchpoints"]) == (1, 1)
    assert "recorded by ana" in pln("report", "--member", "ana").stdout
    said = pln("report", "--member", "ben").stdout
    assert "│ 1 touchpoint on 1 of 91 days;" in said
    assert "│ 0 of 1 contact with a cadence past it (0%)" in said


def test_team_side_by_side(pln: Pln, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2026", user="ana")
    pln("add-contact", "Ben Ode", user="ben")
    pln("add-contact", "Cy Park", user="ben")
    if store_url.startswith("sqlite"):
        refused = pln("report", "--team", ok=False)
        assert refused.exit_code != 0
        assert "PostgreSQL" in refused.stderr
        return
    team = pln.json("report", "--team")
    added = {m["member"]: m["figures"]["added"] for m in team["members"]}
    assert added == {"ana": 1, "ben": 2}
    monkeypatch.setenv("COLUMNS", "80")
    out = pln("report", "--team").stdout
    row = next(line for line in out.splitlines() if "contacts added" in line)
    assert row.split()[-2:] == ["1", "2"], out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "share followed up within 2 days (guard-days)" in out  # "in time", said exactly


def test_compare_and_team_are_checked(pln: Pln) -> None:
    assert pln("report", "--compare", "last", ok=False).exit_code != 0
    assert pln("report", "--team", "--member", "ana", ok=False).exit_code != 0
    assert "not a period" in pln("report", "--period", "soon", ok=False).stderr
    both = pln("report", "--period", "month", "--since", "2026-09-01", ok=False)
    assert "give one" in both.stderr
    pln("add-contact", "Ana Lima", user="ana")
    typo = pln("report", "--member", "anna", ok=False)
    assert typo.exit_code != 0
    assert "members: ana" in typo.stderr
