"""Dates as spreadsheets write them: serial day numbers, numeric dates in a
day-month order the reader chooses (`pln config date-order`, `--date-order`),
and the order a machine's region suggests. Pure, like `util.dates`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from plncrm.util.bounds import FIRST_DAY, LAST_DAY
from plncrm.util.dates import DATE_EXAMPLES, DateOrder, parse_date
from plncrm.util.errors import Invalid

MONTH_FIRST_REGIONS = frozenset({"US", "CA", "PH"})  # where 3/4/2026 is March 4

# Spreadsheets count days from 1899-12-30 (Lotus's leap-year bug kept); a
# five-digit serial is a day between 1927 and 2173.
_SERIAL_EPOCH = date(1899, 12, 30)
_SERIAL = re.compile(r"(\d{5})(?:\.\d+)?")
_NUMERIC = re.compile(r"(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})")
_TIME_AFTER = re.compile(r"(?:[ t]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:am|pm)?)$")


@dataclass(frozen=True)
class SheetDate:
    """A day read from a sheet; `ambiguous` when the date order chose it (3/4/2026)."""

    day: date
    ambiguous: bool = False


def default_date_order(phone_region: str, locale_name: str) -> DateOrder:
    """The order of ambiguous numeric dates when none is set: month first in
    the US, Canada and the Philippines, day first elsewhere. The phone region
    (`pln config phone-region`) says where the user is; else the locale's
    territory ("en_US.UTF-8"); with neither, day first."""
    region = phone_region.strip().upper()
    if not region:
        territory = re.match(r"[a-zA-Z]{2,3}_([a-zA-Z]{2})\b", locale_name.strip())
        region = territory[1].upper() if territory else ""
    return "mdy" if region in MONTH_FIRST_REGIONS else "dmy"


def parse_sheet_date(text: str, today: date, order: DateOrder) -> SheetDate:
    """A date cell as people type them: ISO (2026-09-17), numbers in the
    reader's order (9/17/2026 or 17/9/2026, 17.9.2026 always day first, a
    year first always year-month-day), spelled months ("Sept 17, 2026", "17
    September 2026"), a spreadsheet's serial number (46282), or any phrase
    `parse_date` reads (looking back: "Nov 20" is the last one). A time after
    the date is ignored. Only when both readings of a numeric date are real
    days does `order` decide, and the result says so. `order` "ymd" reads a
    year-last date day first."""
    phrase = _TIME_AFTER.sub("", " ".join(text.strip().lower().split()))
    serial = _SERIAL.fullmatch(phrase)
    if serial:
        return SheetDate(_in_range(_SERIAL_EPOCH + timedelta(days=int(serial[1])), text))
    numeric = _NUMERIC.fullmatch(phrase)
    if numeric and not (len(numeric[1]) == 4 and numeric[2] == "-"):  # ISO: parse_date
        return _numeric(numeric, text, today, order)
    # "Sept. 17, 2026": the dot of an abbreviated month, the "th" of a day.
    phrase = re.sub(r"\b([a-z]{3,4})\.", r"\1", phrase)
    return SheetDate(parse_date(phrase, today, prefer="past"))


def _numeric(found: re.Match[str], text: str, today: date, order: DateOrder) -> SheetDate:
    first, sep, second, last = found[1], found[2], int(found[3]), found[4]
    if len(first) == 4:
        return SheetDate(_day(int(first), second, int(last), text))
    if len(first) > 2 or len(last) not in (2, 4):
        raise Invalid(f"cannot read date {text!r}; {DATE_EXAMPLES}")
    year = int(last) if len(last) == 4 else _century(int(last), today)
    a, b = int(first), second
    readings = {(m, d) for m, d in ((a, b), (b, a)) if _real(year, m, d)}
    if not readings:
        raise Invalid(f"not a real date: {text!r}")
    if len(readings) == 1:
        ((month, day),) = readings
        if sep == "." and (month, day) != (b, a):  # 9.17.2026 is no day-first date
            raise Invalid(f"not a real date: {text!r} (day.month.year)")
        return SheetDate(_in_range(date(year, month, day), text))
    day_first = sep == "." or order != "mdy"
    month, day = (b, a) if day_first else (a, b)
    return SheetDate(_in_range(date(year, month, day), text), ambiguous=sep != ".")


def _century(year: int, today: date) -> int:
    """A two-digit year as the nearest one not more than 20 years ahead."""
    full = today.year // 100 * 100 + year
    return full - 100 if full > today.year + 20 else full


def _real(year: int, month: int, day: int) -> bool:
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _day(year: int, month: int, day: int, text: str) -> date:
    try:
        return _in_range(date(year, month, day), text)
    except ValueError as exc:
        raise Invalid(f"not a real date: {text!r} ({exc})") from None


def _in_range(day: date, text: str) -> date:
    if not FIRST_DAY <= day <= LAST_DAY:
        raise Invalid(
            f"date {text!r} is out of range: {FIRST_DAY.year} to {LAST_DAY.year} is allowed"
        )
    return day
