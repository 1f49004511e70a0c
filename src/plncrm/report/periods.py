"""The report's period: what `--period` and `--since` name, the one before it
(`--compare previous`), and the weeks or months its series are counted in.
Pure: `today` is an argument, so a period is the same whatever the clock."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from plncrm.util.bounds import FIRST_DAY, LAST_DAY
from plncrm.util.errors import Invalid

WEEKS_UP_TO_DAYS = 120  # a period this long or shorter is counted in weeks, a longer one in months
PERIOD_EXAMPLES = (
    "quarter, month, last quarter, last month, 2026-Q3, 2026-09 or 2026-09-01..2026-11-30"
)
_QUARTER = re.compile(r"(\d{4})-[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Period:
    """Days `start` to `end`, both counted; `end` is never after today. `kind`
    names the one before it ("quarter", "month", else a FROM..TO); `months`,
    the whole months it spans from `start` before today cut it (0: not whole
    months), says what the one before is: as many months, else as many days."""

    start: date
    end: date
    label: str
    kind: str = "days"  # "quarter", "month" or "days"
    months: int = 0

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def unit(self) -> str:
        return "week" if self.days <= WEEKS_UP_TO_DAYS else "month"


def _quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _quarter_label(start: date) -> str:
    return f"{start.year}-Q{(start.month - 1) // 3 + 1}"


def _whole(kind: str, start: date, today: date) -> Period:
    """The quarter or month starting on `start`, up to today at the latest."""
    if start > today:
        raise Invalid(f"the period has not started yet: it starts on {start.isoformat()}")
    months = 3 if kind == "quarter" else 1
    end = min(_add_months(start, months) - timedelta(days=1), today)
    label = _quarter_label(start) if kind == "quarter" else f"{start:%Y-%m}"
    return Period(start, end, label, kind, months)


def _months_spanned(start: date, end: date) -> int:
    """How many whole months `start`..`end` is (0: it does not start on a
    first and end on a last day)."""
    after = end + timedelta(days=1)
    if start.day != 1 or after.day != 1:
        return 0
    return (after.year - start.year) * 12 + after.month - start.month


def since(start: date, today: date) -> Period:
    """`--since START`: from that day to today."""
    if start > today:
        raise Invalid("--since must be a day in the past")
    return Period(start, today, f"since {start.isoformat()}")


def parse(text: str, today: date) -> Period:
    """`--period`: quarter or month (the current one, up to today; "this
    quarter", "this month"), "last quarter", "last month", 2026-Q3, 2026-09,
    or FROM..TO (a date phrase, a month or a quarter at either end; TO left
    out: today)."""
    phrase = text.strip()
    word = " ".join(phrase.lower().split())
    if word in ("quarter", "this quarter"):
        return _whole("quarter", _quarter_start(today), today)
    if word in ("month", "this month"):
        return _whole("month", today.replace(day=1), today)
    if word == "last quarter":
        return _whole("quarter", _add_months(_quarter_start(today), -3), today)
    if word == "last month":
        return _whole("month", _add_months(today, -1), today)
    if found := _QUARTER.fullmatch(phrase):
        year, quarter = int(found[1]), int(found[2])
        return _whole("quarter", _checked(year, 3 * quarter - 2, text), today)
    if found := _MONTH.fullmatch(phrase):
        return _whole("month", _checked(int(found[1]), int(found[2]), text), today)
    if ".." in phrase:
        first, _, last = phrase.partition("..")
        if not first.strip():
            raise Invalid(
                f"the period {text!r} needs its FROM: FROM..TO (TO left out: today); "
                "--since DAY for everything from a day"
            )
        start = _end_of(first, text, today, last_day=False)
        end = _end_of(last, text, today, last_day=True) if last.strip() else today
        if end < start:
            raise Invalid(f"the period {text!r} ends before it starts")
        if start > today:
            raise Invalid(f"the period has not started yet: it starts on {start.isoformat()}")
        months = _months_spanned(start, end)
        end = min(end, today)
        return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", months=months)
    raise Invalid(f"not a period: {text!r} (try {PERIOD_EXAMPLES})")


def _end_of(phrase: str, text: str, today: date, last_day: bool) -> date:
    """One end of FROM..TO: a day, or a month or quarter (2026-09, 2026-Q3),
    whose first day starts the period and whose last day ends it."""
    from plncrm.util.dates import parse_date

    phrase = phrase.strip()
    months = 3 if (quarter := _QUARTER.fullmatch(phrase)) else 1
    if quarter:
        first = _checked(int(quarter[1]), 3 * int(quarter[2]) - 2, text)
    elif month := _MONTH.fullmatch(phrase):
        first = _checked(int(month[1]), int(month[2]), text)
    else:
        return parse_date(phrase, today, prefer="past")
    return _add_months(first, months) - timedelta(days=1) if last_day else first


def _checked(year: int, month: int, text: str) -> date:
    if not FIRST_DAY.year <= year <= LAST_DAY.year:
        raise Invalid(
            f"the period {text!r} is out of range: {FIRST_DAY.year} to {LAST_DAY.year} is allowed"
        )
    if not 1 <= month <= 12:
        raise Invalid(f"not a period: {text!r} (try {PERIOD_EXAMPLES})")
    return date(year, month, 1)


def previous(period: Period) -> Period:
    """The period before: for whole months (a month, a quarter, 2026-09..2026-11),
    as many whole months before; when today cuts this one short, as many days
    of them as this one has, so that the two compare like with like (the
    first 60 days of Q4 against the first 60 of Q3, labelled "2026-Q3 to
    08-29": not all of Q3). Else as many days just before it. Refused when
    it would start before 1900: nothing there to compare with."""
    if period.months:
        start = _add_months(period.start, -period.months)  # from 1900: year 1600 at least
        last = period.start - timedelta(days=1)
        if period.end < _add_months(period.start, period.months) - timedelta(days=1):
            last = min(last, start + timedelta(days=period.days - 1))  # cut short by today
    else:
        last = period.start - timedelta(days=1)
        start = last - timedelta(days=period.days - 1)
    if start < FIRST_DAY:
        raise Invalid(
            f"nothing before {FIRST_DAY.year} to compare with: the period before "
            f"{period.label} would start in {start.year}"
        )
    label = f"{start.isoformat()}..{last.isoformat()}"
    if period.kind in ("quarter", "month"):
        whole = _whole(period.kind, start, last)
        label = whole.label
        if last < _add_months(start, period.months) - timedelta(days=1):
            label = f"{whole.label} to {last:%m-%d}"  # a part: the first days of it
    return Period(start, last, label, period.kind, period.months)


def buckets(period: Period) -> list[tuple[str, date, date]]:
    """The weeks (Monday to Sunday, labelled by their first day in the period)
    or months ("2026-09") of the period, each cut to the period's days."""
    found: list[tuple[str, date, date]] = []
    day = period.start
    while day <= period.end:
        if period.unit == "week":
            nxt = day + timedelta(days=7 - day.weekday())
            label = day.isoformat()
        else:
            nxt = _add_months(day, 1)
            label = f"{day:%Y-%m}"
        last = min(nxt - timedelta(days=1), period.end)
        found.append((label, day, last))
        day = nxt
    return found


def month_spans(period: Period) -> list[tuple[str, date, date]]:
    """The months ("2026-09") the period has days in, each cut to the period."""
    found: list[tuple[str, date, date]] = []
    day = period.start
    while day <= period.end:
        nxt = _add_months(day, 1)
        found.append((f"{day:%Y-%m}", day, min(nxt - timedelta(days=1), period.end)))
        day = nxt
    return found


def month_names(period: Period) -> list[str]:
    """The months the period has days in, in order ("Sep", "Oct", "Nov")."""
    names: list[str] = []
    day = period.start.replace(day=1)
    while day <= period.end:
        names.append(MONTHS[day.month - 1])
        day = _add_months(day, 1)
    return names


def view(period: Period) -> dict[str, Any]:
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "label": period.label,
        "unit": period.unit,
    }
