"""LinkedIn's "Connections.csv", in every shape it comes in.

Current exports start with a "Notes:" preamble and a blank line before the
header, and date rows "09 Oct 2024"; older ones have no preamble, no URL
column and dates like "1/8/18, 6:14 PM"; a spreadsheet's re-save can drop the
preamble, add a byte-order mark and CRLF line endings, and write "19-Dec-25".
So the header row is found rather than skipped to.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date, datetime
from functools import cache

from plncrm.importers.records import Record, Rejected, clean, split_names
from plncrm.importers.text_files import csv_reader, csv_rows, text_stream
from plncrm.util.bounds import FIRST_DAY, LAST_DAY
from plncrm.util.errors import Invalid

DATE_FORMATS = (
    "%d %b %Y",
    "%m/%d/%y, %I:%M %p",
    "%m/%d/%Y, %I:%M %p",
    "%d-%b-%y",
    "%d-%b-%Y",
    "%m/%d/%y",
    "%m/%d/%Y",
    "%Y-%m-%d",
    "%b %d, %Y",
    "%d %B %Y",
)
COLUMNS = {
    "first name": "first",
    "last name": "last",
    "url": "url",
    "profile url": "url",
    "email address": "email",
    "email": "email",
    "company": "company",
    "position": "position",
    "connected on": "connected",
}


@cache  # an export repeats the same few hundred days; strptime is slow
def parse_date(text: str) -> date | None:
    value = " ".join(text.split())
    if not value:
        return None
    for fmt in DATE_FORMATS:
        try:
            day = datetime.strptime(value, fmt).date()
        except ValueError:
            continue
        if not FIRST_DAY <= day <= LAST_DAY:
            break
        return day
    raise ValueError(value)


def read(data: bytes) -> Iterator[Record | Rejected]:
    reader = csv_reader(text_stream(data))
    columns: dict[str, int] | None = None
    line = 0
    for line, row in csv_rows(reader):
        if isinstance(row, csv.Error):
            yield Rejected(line, f"unreadable CSV: {row}")
            continue
        cells = [c.strip().lstrip("\ufeff") for c in row]
        if columns is None:
            names = [c.casefold() for c in cells]
            if "first name" in names and "last name" in names:
                columns = {COLUMNS[n]: i for i, n in enumerate(names) if n in COLUMNS}
            continue
        if not any(cells):
            continue
        if len(cells) < len(columns):
            yield Rejected(line, f"expected {len(columns)} columns, found {len(cells)}")
            continue
        yield _record(line, cells, columns)
    if columns is None:
        raise Invalid(
            "not a LinkedIn connections export: expected a header row with First Name, "
            "Last Name, URL, Email Address, Company, Position, Connected On"
        )


def _record(line: int, cells: list[str], columns: dict[str, int]) -> Record | Rejected:
    def cell(key: str) -> str:
        index = columns.get(key)
        return cells[index] if index is not None and index < len(cells) else ""

    try:
        connected = parse_date(cell("connected"))
    except ValueError as exc:
        return Rejected(line, f"cannot read the Connected On date {exc.args[0]!r}")
    name = split_names(cell("first"), cell("last"))
    return Record(
        line=line,
        name=name,
        emails=[cell("email")] if cell("email") else [],
        links=[cell("url")] if cell("url") else [],
        org=clean(cell("company")),
        role=clean(cell("position")),
        connected_on=connected,
        given=clean(cell("first")),
        family=clean(cell("last")),
    )
