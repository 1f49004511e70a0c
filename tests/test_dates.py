from __future__ import annotations

from datetime import date

import pytest

from plncrm.util.dates import parse_date
from plncrm.util.errors import Invalid
from plncrm.util.intervals import Interval, parse_interval

SUNDAY = date(2026, 11, 29)
MONDAY = date(2026, 11, 30)


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("2026-12-24", date(2026, 12, 24)),
        ("2026/12/24", date(2026, 12, 24)),
        ("today", SUNDAY),
        ("Tomorrow", date(2026, 11, 30)),
        ("yesterday", date(2026, 11, 28)),
        ("friday", date(2026, 12, 4)),
        ("fri", date(2026, 12, 4)),
        ("next friday", date(2026, 12, 4)),
        ("sunday", date(2026, 12, 6)),  # never today
        ("last tuesday", date(2026, 11, 24)),
        ("next week", date(2026, 11, 30)),  # the Monday that starts it
        ("next month", date(2026, 12, 1)),
        ("next year", date(2027, 1, 1)),
        ("in 3 days", date(2026, 12, 2)),
        ("in a week", date(2026, 12, 6)),
        ("+2w", date(2026, 12, 13)),
        ("+10d", date(2026, 12, 9)),
        ("-1w", date(2026, 11, 22)),
        ("3 months", date(2027, 2, 28)),  # Feb has no 29th in 2027
        ("3 days ago", date(2026, 11, 26)),
        ("two weeks ago", date(2026, 11, 15)),
        ("end of month", date(2026, 11, 30)),
        ("eom", date(2026, 11, 30)),
        ("end of week", SUNDAY),
        ("end of year", date(2026, 12, 31)),
        ("Dec 24", date(2026, 12, 24)),
        ("24 December", date(2026, 12, 24)),
        ("december 24th", date(2026, 12, 24)),
        ("Nov 1", date(2027, 11, 1)),  # passed this year: the next one
        ("Mar 3 2025", date(2025, 3, 3)),
    ],
)
def test_parse_date_future(phrase: str, expected: date) -> None:
    assert parse_date(phrase, SUNDAY) == expected


def test_monday_on_a_monday_is_next_week() -> None:
    assert parse_date("monday", MONDAY) == date(2026, 12, 7)
    assert parse_date("monday", MONDAY, prefer="past") == date(2026, 11, 23)


def test_past_preference_for_meeting_dates() -> None:
    assert parse_date("tuesday", SUNDAY, prefer="past") == date(2026, 11, 24)
    assert parse_date("Dec 24", SUNDAY, prefer="past") == date(2025, 12, 24)
    assert parse_date("Nov 1", SUNDAY, prefer="past") == date(2026, 11, 1)


def test_month_ends_and_leap_years() -> None:
    assert parse_date("end of month", date(2028, 2, 10)) == date(2028, 2, 29)
    assert parse_date("end of month", date(2027, 2, 10)) == date(2027, 2, 28)
    assert parse_date("in 1 month", date(2027, 1, 31)) == date(2027, 2, 28)
    assert parse_date("in 1 year", date(2028, 2, 29)) == date(2029, 2, 28)
    assert parse_date("next month", date(2026, 12, 31)) == date(2027, 1, 1)
    # Feb 29 without a year waits for the next leap year
    assert parse_date("feb 29", SUNDAY) == date(2028, 2, 29)
    assert parse_date("feb 29", SUNDAY, prefer="past") == date(2024, 2, 29)


@pytest.mark.parametrize(
    "phrase",
    [
        "",
        "soon",
        "12/01/2026",
        "2026-02-30",
        "the day after",
        "3",
        "may",
        "friday 3pm",
        "in -3 days",
        "next fortnight",
        "Dec 24 lunch",
    ],
)
def test_unreadable_dates_are_errors_with_examples(phrase: str) -> None:
    with pytest.raises(Invalid) as info:
        parse_date(phrase, SUNDAY)
    assert "try:" in info.value.message or "not a real date" in info.value.message


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("3 months", Interval(3, "month")),
        ("every 3 months", Interval(3, "month")),
        ("every 2 weeks", Interval(2, "week")),
        ("2 weeks", Interval(2, "week")),
        ("+2w", Interval(2, "week")),
        ("10d", Interval(10, "day")),
        ("monthly", Interval(1, "month")),
        ("every month", Interval(1, "month")),
        ("quarterly", Interval(3, "month")),
        ("fortnightly", Interval(2, "week")),
        ("every other week", Interval(2, "week")),
        ("yearly", Interval(1, "year")),
        ("a year", Interval(1, "year")),
    ],
)
def test_parse_interval(phrase: str, expected: Interval) -> None:
    assert parse_interval(phrase) == expected


@pytest.mark.parametrize("phrase", ["", "sometimes", "0 days", "every", "3 fortnights"])
def test_bad_intervals(phrase: str) -> None:
    with pytest.raises(Invalid):
        parse_interval(phrase)


def test_interval_text_and_steps() -> None:
    assert str(Interval(1, "month")) == "1 month"
    assert str(Interval(3, "week")) == "3 weeks"
    # Stepping from the anchor keeps the day of month where it can.
    assert Interval(1, "month").after(date(2027, 1, 31), times=2) == date(2027, 3, 31)
    assert Interval(1, "month").after(date(2027, 1, 31)) == date(2027, 2, 28)
