"""Human dates and intervals, parsed against a "today" the caller passes in.

Pure: nothing here reads the clock, so every rule is testable with a pinned day.

Rules worth knowing (also in the README):
- A weekday name means the next one *after* today: "monday" said on a Monday is
  the Monday a week later, never today. With ``prefer="past"`` (for "when did we
  meet") it means the most recent one *before* today.
- "next week" / "next month" / "next year" mean the first day of that period;
  "end of week" is Sunday.
- "Dec 24" without a year is the next Dec 24 (or the last one, with ``prefer="past"``).
- Intervals ("3 months", "every 2 weeks", "quarterly") are read by `util.intervals`.
- Numeric dates other than ISO (12/01/2026) are refused: day-month order is a guess.
  Sheets are the exception (`util.sheet_dates`): there the reader says the
  order of the ambiguous ones (`pln config date-order`, `--date-order`).
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from typing import Literal

from plncrm.util.bounds import FIRST_DAY, LAST_DAY
from plncrm.util.errors import Invalid
from plncrm.util.intervals import (
    AMOUNT,
    NAMED_INTERVALS,
    NUM,
    UNIT,
    amount,
    parse_interval,
    phrase_of,
)

Prefer = Literal["future", "past", "nearest"]
DateOrder = Literal["mdy", "dmy", "ymd"]
DATE_ORDERS: tuple[DateOrder, ...] = ("mdy", "dmy", "ymd")

DATE_EXAMPLES = (
    "try: 2026-12-24, today, tomorrow, yesterday, friday, last tuesday, next week, "
    "in 3 days, +2w, 3 months, 3 days ago, end of month, Dec 24"
)

WEEKDAYS = {
    "monday": 0,
    "mon": 0,
    "tuesday": 1,
    "tue": 1,
    "tues": 1,
    "wednesday": 2,
    "wed": 2,
    "thursday": 3,
    "thu": 3,
    "thur": 3,
    "thurs": 3,
    "friday": 4,
    "fri": 4,
    "saturday": 5,
    "sat": 5,
    "sunday": 6,
    "sun": 6,
}
MONTHS = {
    "jan": 1,
    "january": 1,
    "feb": 2,
    "february": 2,
    "mar": 3,
    "march": 3,
    "apr": 4,
    "april": 4,
    "may": 5,
    "jun": 6,
    "june": 6,
    "jul": 7,
    "july": 7,
    "aug": 8,
    "august": 8,
    "sep": 9,
    "sept": 9,
    "september": 9,
    "oct": 10,
    "october": 10,
    "nov": 11,
    "november": 11,
    "dec": 12,
    "december": 12,
}
_SIGNED = re.compile(rf"^([+-])\s*{NUM}\s*{UNIT}$")
_MONTH_WORD = re.compile(r"\b(" + "|".join(MONTHS) + r")\b")


def _weekday(today: date, target: int, prefer: Prefer) -> date:
    if prefer == "past":
        back = (today.weekday() - target) % 7 or 7
        return today - timedelta(days=back)
    ahead = (target - today.weekday()) % 7 or 7
    return today + timedelta(days=ahead)


def _start_of_next(today: date, unit: str, step: int) -> date:
    if unit == "week":
        monday = today - timedelta(days=today.weekday())
        return monday + timedelta(weeks=step)
    if unit == "month":
        from dateutil.relativedelta import relativedelta

        first: date = today.replace(day=1) + relativedelta(months=step)
        return first
    return date(today.year + step, 1, 1)


def _end_of(today: date, unit: str) -> date:
    if unit == "week":
        return today + timedelta(days=6 - today.weekday())
    if unit == "month":
        from dateutil.relativedelta import relativedelta

        end: date = today + relativedelta(day=31)
        return end
    return date(today.year, 12, 31)


def _month_day(phrase: str, today: date, prefer: Prefer) -> date | None:
    """ "Dec 24", "24 december 2026", "december 24th": dateutil reads it, we choose the year."""
    if not _MONTH_WORD.search(phrase) or not re.search(r"\d", phrase):
        return None
    from dateutil import parser as du_parser  # only month names need it

    cleaned = re.sub(r"(\d+)(st|nd|rd|th)\b", r"\1", phrase)
    if re.search(r"[^a-z0-9 ]", cleaned):
        return None
    try:
        # Two different default years reveal whether the text named a year.
        a = du_parser.parse(cleaned, default=datetime(2000, 1, 1), fuzzy=False)
        b = du_parser.parse(cleaned, default=datetime(2004, 1, 1), fuzzy=False)
    except (ValueError, OverflowError):
        return None
    if a.year == b.year:
        return a.date()
    month, day = a.month, a.day
    if prefer == "nearest":
        options = []
        for year in range(today.year - 1, today.year + 2):
            try:
                options.append(date(year, month, day))
            except ValueError:
                continue
        return min(options, key=lambda d: (abs((d - today).days), d)) if options else None
    step = 1 if prefer == "future" else -1
    year = today.year
    for _ in range(9):  # Feb 29 waits for a leap year
        try:
            candidate = date(year, month, day)
        except ValueError:
            year += step
            continue
        if (prefer == "future" and candidate >= today) or (prefer == "past" and candidate <= today):
            return candidate
        year += step
    return None


def parse_date(text: str, today: date, *, prefer: Prefer = "future") -> date:
    """Turn a date phrase into a date, relative to `today`, between the years
    1900 and 2200 (see `bounds`).

    `prefer` settles phrases that could point either way ("friday", "Dec 24"):
    due dates look ahead, meeting dates look back, and event dates take the
    nearest "Dec 24" (weekdays then look ahead).
    """
    try:
        day: date | None = _parse_date(text, today, prefer)
    except (OverflowError, ValueError):
        day = None
    if day is None or not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            f"date {text!r} is out of range: {FIRST_DAY.year} to {LAST_DAY.year} is allowed"
        )
    return day


def _parse_date(text: str, today: date, prefer: Prefer) -> date:
    phrase = phrase_of(text)
    if not phrase:
        raise Invalid(f"empty date; {DATE_EXAMPLES}")
    simple = {
        "today": today,
        "now": today,
        "tomorrow": today + timedelta(days=1),
        "tmrw": today + timedelta(days=1),
        "yesterday": today - timedelta(days=1),
    }
    if phrase in simple:
        return simple[phrase]
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}|\d{4}/\d{2}/\d{2}|\d{8}", phrase):
        try:
            return date.fromisoformat(phrase.replace("/", "-"))
        except ValueError as exc:
            raise Invalid(f"not a real date: {text!r} ({exc})") from None
    found = (
        _named_day(phrase, today, prefer)
        or _counted_day(phrase, today)
        or _month_day(phrase, today, prefer)
    )
    if found is None:
        raise Invalid(f"cannot read date {text!r}; {DATE_EXAMPLES}")
    return found


def _named_day(phrase: str, today: date, prefer: Prefer) -> date | None:
    """ "friday", "next tuesday", "last week", "end of month"."""
    words = phrase.split()
    if len(words) == 1 and phrase in WEEKDAYS:
        return _weekday(today, WEEKDAYS[phrase], "past" if prefer == "past" else "future")
    if len(words) == 2 and words[0] in ("next", "last", "this") and words[1] in WEEKDAYS:
        direction: Prefer = "past" if words[0] == "last" else "future"
        return _weekday(today, WEEKDAYS[words[1]], direction)
    if len(words) == 2 and words[0] in ("next", "last") and words[1] in ("week", "month", "year"):
        return _start_of_next(today, words[1], 1 if words[0] == "next" else -1)
    end = re.fullmatch(r"(?:end of (?:the )?|eo)(week|month|year|w|m|y)", phrase)
    if end:
        return _end_of(today, {"w": "week", "m": "month", "y": "year"}.get(end[1], end[1]))
    return None


def _counted_day(phrase: str, today: date) -> date | None:
    """ "in 3 days", "3 months", "2 weeks ago", "+2w", "-1m"."""
    match = re.fullmatch(rf"in {NUM}\s*{UNIT}", phrase) or AMOUNT.match(phrase)
    if match:
        return amount(match).after(today)
    match = re.fullmatch(rf"{NUM}\s*{UNIT} ago", phrase)
    if match:
        return amount(match).before(today)
    match = _SIGNED.match(phrase)
    if match:
        interval = amount(match, offset=2)
        return interval.after(today) if match[1] == "+" else interval.before(today)
    return None


_BIRTHDAY = re.compile(
    r"(?:(?P<year>\d{4})-?|--)(?P<month>\d{2})-?(?P<day>\d{2})(?:T[0-9:.]*(?:Z|[+-][0-9:]+)?)?",
    re.ASCII,
)


def parse_birthday(text: str) -> str:
    """A birthday as it is stored: "1980-04-12", or "--04-12" without a year.

    Every way in (each import, the JSON format) goes through here, so that only
    real days are stored. Also read: vCard's basic forms ("19800412", "--0412")
    and a date-time's date part ("1980-04-12T00:00:00Z"). A day without a year
    may be February 29; a year is within the years plncrm keeps (1900-2200).
    """
    found = _BIRTHDAY.fullmatch(text.strip())
    if found is not None:
        year, month, day = found["year"], int(found["month"]), int(found["day"])
        try:
            real = date(int(year) if year else 2000, month, day)  # 2000: a leap year
        except ValueError:
            real = None
        if real is not None and not year:
            return f"--{month:02d}-{day:02d}"
        if real is not None and FIRST_DAY <= real <= LAST_DAY:
            return real.isoformat()
    raise Invalid(f"not a birthday: {text!r} (YYYY-MM-DD, or --MM-DD without a year)")


def past_day(text: str, today: date) -> date:
    """A day to look back to: a date ("2026-09-01", "last monday", "3 months
    ago") or a span back from today ("30 days", "6 weeks", "+2w" alike), which
    `parse_date` would read as a day ahead."""
    phrase = phrase_of(text).lstrip("+").strip()
    if AMOUNT.fullmatch(phrase) or phrase in NAMED_INTERVALS:
        day = parse_interval(phrase).before(today)
        if not FIRST_DAY <= day <= LAST_DAY:
            raise Invalid(f"date {text!r} is out of range")
        return day
    return parse_date(text, today, prefer="past")
