"""The report's periods (issue 33): what `--period` names, the period
before it, its weeks and months, and the heat map's month labels."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import TODAY, Pln
from plncrm.report import periods
from plncrm.report.periods import Period
from plncrm.util.errors import Invalid


@pytest.mark.parametrize(
    ("text", "start", "end", "label", "unit"),
    [
        ("quarter", "2026-10-01", "2026-11-29", "2026-Q4", "week"),
        ("month", "2026-11-01", "2026-11-29", "2026-11", "week"),
        ("This  Month", "2026-11-01", "2026-11-29", "2026-11", "week"),
        ("this quarter", "2026-10-01", "2026-11-29", "2026-Q4", "week"),
        ("last month", "2026-10-01", "2026-10-31", "2026-10", "week"),
        ("last quarter", "2026-07-01", "2026-09-30", "2026-Q3", "week"),
        ("2026-Q3", "2026-07-01", "2026-09-30", "2026-Q3", "week"),
        ("2026-q1", "2026-01-01", "2026-03-31", "2026-Q1", "week"),
        ("2026-09", "2026-09-01", "2026-09-30", "2026-09", "week"),
        ("2026-09-15..2026-11-14", "2026-09-15", "2026-11-14", "2026-09-15..2026-11-14", "week"),
        ("2026-03-01..", "2026-03-01", "2026-11-29", "2026-03-01..2026-11-29", "month"),
        # A month or a quarter at either end: its first day at FROM, its last at TO.
        ("2026-09..2026-11-30", "2026-09-01", "2026-11-29", "2026-09-01..2026-11-29", "week"),
        ("2026-Q1..2026-Q2", "2026-01-01", "2026-06-30", "2026-01-01..2026-06-30", "month"),
        ("2026-08-15..2026-09", "2026-08-15", "2026-09-30", "2026-08-15..2026-09-30", "week"),
        ("2026-Q3..", "2026-07-01", "2026-11-29", "2026-07-01..2026-11-29", "month"),
    ],
)
def test_periods(text: str, start: str, end: str, label: str, unit: str) -> None:
    period = periods.parse(text, TODAY)
    assert periods.view(period) == {"from": start, "to": end, "label": label, "unit": unit}


@pytest.mark.parametrize(
    "text",
    [
        "2027-Q1",
        "2026-13",
        "2026-Q5",
        "soon",
        "next month",
        "last fortnight",
        "2026-11-01..2026-10-01",
        "2027-01-01..",
        "2026-Q3..2026-Q2",
        "2026-13..2026-Q4",
    ],
)
def test_periods_refused(text: str) -> None:
    with pytest.raises(Invalid):
        periods.parse(text, TODAY)


def test_the_period_before() -> None:
    def before(period: Period) -> tuple[str, str, str]:
        found = periods.previous(period)
        return found.start.isoformat(), found.end.isoformat(), found.label

    # This quarter so far (60 days) against as many days of the last one.
    assert before(periods.parse("quarter", TODAY)) == (
        "2026-07-01",
        "2026-08-29",
        "2026-Q3 to 08-29",
    )
    assert before(periods.parse("2026-Q3", TODAY)) == ("2026-04-01", "2026-06-30", "2026-Q2")
    assert before(periods.parse("month", TODAY)) == ("2026-10-01", "2026-10-29", "2026-10 to 10-29")
    assert before(periods.parse("2026-03", TODAY)) == ("2026-02-01", "2026-02-28", "2026-02")
    assert before(periods.since(date(2026, 9, 1), TODAY)) == (
        "2026-06-03",
        "2026-08-31",
        "2026-06-03..2026-08-31",
    )


@pytest.mark.parametrize(
    ("today", "text", "start", "end"),
    [
        # A whole month or quarter against the whole one before, however long.
        ("2026-12-02", "2026-11", "2026-10-01", "2026-10-31"),
        ("2026-12-02", "last month", "2026-10-01", "2026-10-31"),
        ("2026-12-02", "2026-Q1", "2025-10-01", "2025-12-31"),
        ("2026-12-02", "2026-02", "2026-01-01", "2026-01-31"),
        ("2026-12-02", "2026-03", "2026-02-01", "2026-02-28"),
        ("2024-12-02", "2024-03", "2024-02-01", "2024-02-29"),  # leap February
        ("2026-12-02", "2026-01", "2025-12-01", "2025-12-31"),
        ("2026-12-02", "2026-Q4", "2026-07-01", "2026-09-01"),
        ("2026-12-02", "last quarter", "2026-04-01", "2026-06-30"),
        ("2027-01-05", "last quarter", "2026-07-01", "2026-09-30"),
        ("2027-01-05", "last month", "2026-11-01", "2026-11-30"),
        # FROM..TO over whole months: as many whole months before.
        ("2026-12-02", "2026-11..2026-11", "2026-10-01", "2026-10-31"),
        ("2026-12-02", "2026-09-01..2026-11-30", "2026-06-01", "2026-08-31"),
        ("2026-12-02", "2026-Q1..2026-Q2", "2025-07-01", "2025-12-31"),
        ("2026-12-02", "2026-03..2026-03", "2026-02-01", "2026-02-28"),
        # Cut short by today: as many days of the one before.
        ("2026-12-02", "month", "2026-11-01", "2026-11-02"),
        ("2026-12-02", "this quarter", "2026-07-01", "2026-09-01"),
        ("2026-03-30", "month", "2026-02-01", "2026-02-28"),  # no 30th: February's end
        ("2024-03-30", "2024-03", "2024-02-01", "2024-02-29"),
        ("2026-11-15", "2026-11..2026-12", "2026-09-01", "2026-09-15"),
        # Not whole months: as many days just before.
        ("2026-12-02", "2026-11-02..2026-11-30", "2026-10-04", "2026-11-01"),
        ("2026-12-02", "2026-11..", "2026-09-30", "2026-10-31"),
    ],
)
def test_the_period_before_a_whole_month_is_the_whole_one_before(
    today: str, text: str, start: str, end: str
) -> None:
    """Issue 33: 2026-11 was compared with 2026-10-01..2026-10-30."""
    found = periods.previous(periods.parse(text, date.fromisoformat(today)))
    assert (found.start.isoformat(), found.end.isoformat()) == (start, end)


def test_weeks_start_on_mondays_and_are_cut_to_the_period() -> None:
    found = periods.buckets(Period(date(2026, 9, 16), date(2026, 10, 1), "x"))
    assert found == [
        ("2026-09-16", date(2026, 9, 16), date(2026, 9, 20)),
        ("2026-09-21", date(2026, 9, 21), date(2026, 9, 27)),
        ("2026-09-28", date(2026, 9, 28), date(2026, 10, 1)),
    ]


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        ("2026-09-01", "2026-11-30", ["Sep", "Oct", "Nov"]),
        ("2026-09-03", "2026-11-29", ["Sep", "Oct", "Nov"]),
        ("2026-09-16", "2026-12-15", ["Sep", "Oct", "Nov", "Dec"]),
        ("2026-12-10", "2027-02-05", ["Dec", "Jan", "Feb"]),
        ("2026-08-31", "2026-11-29", ["Aug", "Sep", "Oct", "Nov"]),
    ],
)
def test_the_months_of_a_period(start: str, end: str, months: list[str]) -> None:
    period = Period(date.fromisoformat(start), date.fromisoformat(end), "x")
    assert periods.month_names(period) == months


def test_heat_map_labels_are_the_periods_months() -> None:
    """For periods starting on every day of a year (mid-month too) and of
    several lengths: the heat map names only the period's months, in order,
    every one with a week or more in the period, within the map's width."""
    from plncrm.render.report import month_labels

    for offset in range(0, 366, 2):
        since = date(2025, 6, 1) + timedelta(days=offset)
        for length in (20, 45, 61, 90, 92, 120, 200, 300):
            until = since + timedelta(days=length)
            start = since - timedelta(days=since.weekday())
            weeks = (until - start).days // 7 + 1
            width = 2 if weeks <= 26 else 1
            labels = month_labels(since, until, weeks, width)
            named = periods.month_names(Period(since, until, "x"))
            days_in: dict[tuple[int, int], int] = {}
            for n in range(length + 1):
                day = since + timedelta(days=n)
                days_in[day.year, day.month] = days_in.get((day.year, day.month), 0) + 1
            needed = [periods.MONTHS[m - 1] for (_, m), n in days_in.items() if n >= 7]
            shown = labels.split()
            assert [m for m in named if m in shown] == shown, (since, until, labels)
            assert all(m in shown for m in needed), (since, until, labels)
            assert len(labels) <= weeks * width + 3, (since, until, labels)


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2026-09", "2026-08-01", "2026-08-31"),
        ("2026-09..2026-09", "2026-08-01", "2026-08-31"),
        ("2026-02", "2026-01-01", "2026-01-31"),
        ("2026-Q1", "2025-10-01", "2025-12-31"),
        ("last month", "2026-09-01", "2026-09-30"),
        ("month", "2026-10-01", "2026-10-29"),  # 29 days so far: as many of October
    ],
)
def test_the_column_before_is_that_periods_own_report(
    pln: Pln, text: str, start: str, end: str
) -> None:
    """--compare previous on a whole month or quarter sets beside it the whole
    one before (a touchpoint on its 31st counted), as its own report counts it."""
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2025", "--met-on", "2025-09-30")
    for day in ("2025-12-31", "2026-01-31", "2026-08-31", "2026-09-30", "2026-10-29"):
        pln("log", "ana", "-m", "call", "--on", day)
    data = pln.json("report", "--period", text, "--compare", "previous")
    before = data["compare"]["period"]
    assert (before["from"], before["to"]) == (start, end)
    alone = pln.json("report", "--period", f"{start}..{end}")
    assert data["compare"]["figures"] == alone["headline"]
    assert alone["headline"]["touchpoints"] == 1


@pytest.mark.parametrize(
    "text", ["9999-12", "0000-01", "1899-Q4", "2201-01..", "2026-09..9999-Q1", "1899-12..2026-01"]
)
def test_a_year_out_of_range_names_the_range(text: str) -> None:
    """Issue 33: 9999-12 said "not a period" while 2027-01 said "not started yet"."""
    with pytest.raises(Invalid, match="1900 to 2200"):
        periods.parse(text, TODAY)


@pytest.mark.parametrize("text", ["..2026-11", " .. ", "..2026-11-15"])
def test_from_to_without_from_says_from_is_needed(text: str) -> None:
    """Issue 33: `..2026-11` said "empty date"."""
    with pytest.raises(Invalid, match=r"needs its FROM.*--since DAY") as raised:
        periods.parse(text, TODAY)
    assert "empty date" not in str(raised.value)


@pytest.mark.parametrize(
    ("today", "text", "label"),
    [
        ("2026-12-02", "2026-Q4", "2026-Q3 to 09-01"),
        ("2026-12-02", "quarter", "2026-Q3 to 09-01"),
        ("2026-12-02", "month", "2026-11 to 11-02"),
        ("2026-03-30", "month", "2026-02"),  # all of February: whole
        ("2026-12-02", "2026-Q3", "2026-Q2"),
        ("2026-11-15", "2026-11..2026-12", "2026-09-01..2026-09-15"),
    ],
)
def test_a_part_of_a_period_before_is_labelled_as_a_part(today: str, text: str, label: str) -> None:
    """Issue 33: the first 63 days of 2026-Q3 were labelled 2026-Q3."""
    assert periods.previous(periods.parse(text, date.fromisoformat(today))).label == label


def test_the_part_of_the_period_before_is_named_in_json_terminal_and_html(
    pln: Pln, tmp_path: Path
) -> None:
    pln("add-contact", "Ana Lima")
    data = pln.json("report", "--period", "quarter", "--compare", "previous")
    assert data["compare"]["period"]["label"] == "2026-Q3 to 08-29"
    shown = pln("report", "--period", "quarter", "--compare", "previous").stdout
    assert "2026-Q3 to 08-29" in shown
    page = tmp_path / "q.html"
    pln("report", "--period", "quarter", "--compare", "previous", "--html", str(page))
    assert "2026-Q3</span> <span>to</span> <span>08-29" in page.read_text()


@pytest.mark.parametrize(
    "text", ["1900-01..2026-12", "1900-01-01..", "1950-01..2026-11", "1900-Q1", "1900-01"]
)
def test_nothing_before_1900_to_compare_with(text: str) -> None:
    """Issue 33: 1900-01..2026-12 was compared with 1773-01-01..1899-12-04."""
    with pytest.raises(Invalid, match="nothing before 1900 to compare with"):
        periods.previous(periods.parse(text, TODAY))


def test_compare_refused_before_1900_in_the_cli(pln: Pln) -> None:
    out = pln("report", "--period", "1900-01..2026-12", "--compare", "previous", ok=False)
    assert out.exit_code == 5
    assert "nothing before 1900 to compare with" in out.stderr
    assert pln.json("report", "--period", "1900-02", "--compare", "previous")["compare"]
