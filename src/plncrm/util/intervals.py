"""Calendar intervals ("3 months", "every 2 weeks", "quarterly", "+10d"):
how a cadence, a recurring follow-up and a span back from today are written,
read into an `Interval` that steps a day by whole months without drift.

Pure, like `dates` (which reads "in 3 days" and "2 weeks ago" with these
words); apart from it because an interval is no day: cadences and the
report step thousands of days with one.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING

from plncrm.util.bounds import MAX_INTERVAL_DAYS
from plncrm.util.errors import Invalid

if TYPE_CHECKING:  # dateutil loads on first use: most commands never step a month
    from dateutil.relativedelta import relativedelta

INTERVAL_EXAMPLES = "try: 2 weeks, 3 months, every 10 days, monthly, quarterly, +2w"

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
}
UNITS = {
    "d": "day",
    "day": "day",
    "days": "day",
    "w": "week",
    "wk": "week",
    "wks": "week",
    "week": "week",
    "weeks": "week",
    "m": "month",
    "mo": "month",
    "mos": "month",
    "month": "month",
    "months": "month",
    "y": "year",
    "yr": "year",
    "yrs": "year",
    "year": "year",
    "years": "year",
}
NAMED_INTERVALS = {
    "daily": (1, "day"),
    "weekly": (1, "week"),
    "fortnightly": (2, "week"),
    "biweekly": (2, "week"),
    "monthly": (1, "month"),
    "quarterly": (3, "month"),
    "yearly": (1, "year"),
    "annually": (1, "year"),
    "other week": (2, "week"),
    "other month": (2, "month"),
}

NUM = r"(\d+|" + "|".join(NUMBER_WORDS) + r")"
UNIT = r"(" + "|".join(sorted(UNITS, key=len, reverse=True)) + r")"
AMOUNT = re.compile(rf"^{NUM}\s*{UNIT}$")


@dataclass(frozen=True)
class Interval:
    """A calendar interval such as "3 months": month steps keep the day of month."""

    count: int
    unit: str  # day | week | month | year

    @property
    def delta(self) -> relativedelta:
        from dateutil.relativedelta import relativedelta

        return relativedelta(**{f"{self.unit}s": self.count})  # type: ignore[arg-type]

    def after(self, day: date, times: int = 1) -> date:
        """`day` moved forward by this interval `times` times, from `day` itself
        (no drift): a month or year later keeps the day of month, or ends the
        month when it has fewer days (relativedelta's rule, without its cost:
        the report moves 34,000 people's days at once)."""
        steps = self.count * times
        if self.unit == "day":
            return day + timedelta(days=steps)
        if self.unit == "week":
            return day + timedelta(weeks=steps)
        months = day.year * 12 + day.month - 1 + (steps if self.unit == "month" else 12 * steps)
        year, month = divmod(months, 12)
        last = calendar.monthrange(year, month + 1)[1] if 1 <= year <= 9999 else 31
        return day.replace(year=year, month=month + 1, day=min(day.day, last))

    def before(self, day: date) -> date:
        result: date = day - self.delta
        return result

    def approx_days(self) -> int:
        return self.count * {"day": 1, "week": 7, "month": 30, "year": 365}[self.unit]

    def __str__(self) -> str:
        return f"{self.count} {self.unit}{'' if self.count == 1 else 's'}"


def phrase_of(text: str) -> str:
    """A phrase as the readers compare it: lower case, commas and runs of space as one."""
    return " ".join(text.strip().lower().replace(",", " ").split())


def amount(match: re.Match[str], offset: int = 1) -> Interval:
    """The interval a match of `AMOUNT` (or a pattern of `NUM` and `UNIT`) names."""
    raw, unit = match.group(offset), match.group(offset + 1)
    count = int(raw) if raw.isdigit() else NUMBER_WORDS[raw]
    return Interval(count, UNITS[unit])


@lru_cache(maxsize=256)  # the report reads one of a few cadences for each of 50,000 people
def parse_interval(text: str) -> Interval:
    """Parse "3 months", "every 2 weeks", "monthly", "+10d"... into an `Interval`."""
    phrase = phrase_of(text)
    if phrase.startswith("every "):
        phrase = phrase[len("every ") :]
        if phrase in UNITS:
            phrase = "1 " + phrase
    phrase = phrase.lstrip("+").strip()
    if phrase in NAMED_INTERVALS:
        count, unit = NAMED_INTERVALS[phrase]
        return Interval(count, unit)
    match = AMOUNT.match(phrase)
    if match:
        interval = amount(match)
        if interval.count <= 0:
            raise Invalid(f"interval must be positive: {text!r}")
        if interval.approx_days() > MAX_INTERVAL_DAYS:
            raise Invalid(f"interval {text!r} is too long: up to 10 years is allowed")
        return interval
    raise Invalid(f"cannot read interval {text!r}; {INTERVAL_EXAMPLES}")
