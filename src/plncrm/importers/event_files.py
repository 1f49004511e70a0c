"""Registrant and attendee files of the platforms webinars run on (`pln event
import`): Zoom's registration and attendee reports, Eventbrite's attendee
report, Google and Microsoft Forms responses, a Teams attendance list, and a
plain sheet. Each is recognised from its content (title lines and sections
before the real header, UTF-16 and tabs for Teams) and read into one `Guest` a
person: the contact as a `Record`, and what they did about the event."""

from __future__ import annotations

import csv
import itertools
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from plncrm.importers import csv_import, event_columns, event_rows
from plncrm.importers.event_columns import norm
from plncrm.importers.event_people import Guest, People, Person
from plncrm.importers.event_times import day_of, file_order, minutes_of
from plncrm.importers.records import Rejected
from plncrm.importers.text_files import csv_reader, csv_rows, text_stream
from plncrm.util.dates import DateOrder
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, formula_unsafe

FORMATS = (
    "zoom-registrants",
    "zoom-attendees",
    "eventbrite",
    "google-forms",
    "microsoft-forms",
    "teams",
    "csv",
)
# The headers that say which file it is: every one must be in the header row.
SIGNATURES: dict[str, tuple[tuple[str, ...], ...]] = {
    "zoom-attendees": (
        ("attended", "user name original name", "time in session minutes"),
        ("name original name", "join time", "duration minutes"),  # a meeting's participants
    ),
    "zoom-registrants": (("first name", "last name", "email", "registration time"),),
    "eventbrite": (("order", "order date", "email", "attendee status"),),
    "teams": (("name", "first join", "last leave", "in meeting duration"),),
    "microsoft-forms": (("id", "start time", "completion time"),),
    "google-forms": (("timestamp", "email address"), ("timestamp", "name")),
}
EVENT_FIELDS = {  # what a plain sheet may say beyond the contact (--map FIELD=Header)
    "registered": ("registered", "registration time", "registered on", "registration date"),
    "attended": ("attended", "came", "present"),
    "minutes": ("minutes", "duration", "time in session minutes", "duration minutes"),
}
HEADER_LOOK = 80  # rows searched for the real header, past title lines and sections


@dataclass(frozen=True)
class Sheet:
    """A file read: its format, its people and the rows it could not read."""

    format: str
    guests: list[Guest]
    rejected: list[Rejected]
    unused: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "row 7: duration '—' not understood"
    problem_count: int = 0  # all of them; `problems` holds the first `event_rows.EXAMPLES`
    length: int | None = None  # minutes the session lasted, as the platform reports it
    host: str | None = None  # the meeting host's address, on a Zoom meeting report's summary
    notices: list[str] = field(default_factory=list)  # "Email appears twice: …", by line


def _rows(data: bytes) -> Iterator[tuple[int, list[str] | csv.Error]]:
    """The file's rows as they are read, never all held: tabs or commas,
    whichever its first lines use more (Teams writes tabs)."""
    stream = text_stream(data)
    head = stream.read(4000)
    stream.seek(0)
    sep = "\t" if head.count("\t") > head.count(",") else ","
    yield from csv_rows(csv_reader(stream, type("Export", (csv.excel,), {"delimiter": sep})))


def _body(rows: Iterator[tuple[int, list[str] | csv.Error]]) -> Iterator[tuple[int, list[str]]]:
    """The rows after the header up to the next section (Teams' "3.
    In-Meeting Activities", Zoom's others); an unreadable row comes as []."""
    started = False
    for line, row in rows:
        if isinstance(row, csv.Error):
            yield line, []
            continue
        if len([c for c in row if c.strip()]) <= 1:
            if started or len(row) == 1:
                return
            continue
        started = True
        yield line, row


def recognise(headers: list[str]) -> str | None:
    named = {norm(h) for h in headers}
    for name, signatures in SIGNATURES.items():
        if any(all(col in named for col in wanted) for wanted in signatures):
            return name
    return None


def _header(rows: list[tuple[int, list[str]]], forced: str | None) -> tuple[int, str] | None:
    """Where the real header is and which format it says: past title lines, a
    summary and Zoom's host and panelist sections (whose headers look alike)."""
    section = ""
    for at, (_, row) in enumerate(rows):
        cells = [c for c in row if c.strip()]
        if len(cells) == 1:
            section = norm(cells[0])
        found = recognise(row)
        if found is None or section in ("host details", "panelist details"):
            continue
        if forced is None or forced == found:
            return at, found
    return None


def read(
    data: bytes,
    today: date,
    order: DateOrder,
    forced: str | None = None,
    overrides: Mapping[str, str] | None = None,
    keep: bool = False,
) -> Sheet:
    """The file's people, in the format its content shows (or `forced`),
    read as a stream: what is held is one `Guest` a person, not the rows.
    `keep`: the columns no field reads go into new contacts' notes."""
    if forced is not None and forced not in FORMATS:
        raise Invalid(f"--format is one of: {', '.join(FORMATS)}")
    if forced == "csv":
        return _plain(data, today, order, dict(overrides or {}), keep=keep)
    rows = _rows(data)
    head = [(line, row) for line, row in itertools.islice(rows, HEADER_LOOK)]
    readable = [(line, [] if isinstance(r, csv.Error) else r) for line, r in head]
    found = _header(readable, forced)
    if found is not None and found[1] in ("google-forms", "microsoft-forms"):
        return _plain(data, today, order, dict(overrides or {}), found[1], keep)
    if overrides and forced is None and found is None:  # --map: a sheet of its own
        return _plain(data, today, order, dict(overrides), keep=keep)
    if found is None:
        _unknown(readable, forced)
    assert found is not None
    at, fmt = found
    header = head[at][1]
    assert isinstance(header, list)
    headers = [norm(h) for h in header]
    chosen = event_columns.mapped(fmt, header, overrides or {})  # --map adds to the format
    columns = event_columns.Columns(fmt, header, headers, keep, chosen)
    twice = event_columns.repeated(fmt, headers)
    dated = [i for i, h in enumerate(headers) if re.search(r"\b(time|date|join|leave)\b", h)]

    def body() -> Iterator[tuple[int, list[str]]]:
        rows = _rows(data)
        for _ in itertools.islice(rows, at + 1):
            pass
        return _body(rows)

    shown = ([row[i] for i in dated if i < len(row)] for _, row in body())
    reading = event_rows.Reading(today, file_order(shown, today, order))
    reader = event_rows.READERS[fmt]
    people = People()
    rejected: list[Rejected] = []
    for line, row in body():
        if not row:
            rejected.append(Rejected(line, "unreadable: a quote or cell the CSV reader refused"))
            continue
        values = [formula_unsafe(c.strip()) for c in row]
        cells = event_columns.cells(headers, header, values, twice, line)
        guest = reader(line, cells, reading)
        if guest is not None:
            assert isinstance(guest.contact, Person)
            guest.contact = columns.fill(guest.contact, values)
            people.add(guest)
    title = [row for _, row in head[:at] if isinstance(row, list)]
    unused, host = columns.unused(), _below(title, "user email")
    everyone = people.guests()
    notices = event_columns.repeats_said(header, twice) + event_rows.undated_said(reading)
    notices += reading.notes
    problems, count = reading.problems, reading.count
    return Sheet(fmt, everyone, rejected, unused, problems, count, _length(title), host, notices)


def _unknown(head: list[tuple[int, list[str]]], forced: str | None) -> None:
    """Refuse a file no format's headers fit, or not the --format given."""
    seen = _header(head, None) if forced is not None else None
    raise Invalid(event_columns.refusal(seen[1] if seen else None, forced, FORMATS[:-1]))


def _length(title: list[list[str]]) -> int | None:
    """How long the session lasted, from the lines before the header: Zoom's
    "Actual Duration (minutes)" (its value on the next line), Teams' "Meeting
    duration"."""
    for at, row in enumerate(title):
        named = [norm(c) for c in row]
        if named[:1] == ["meeting duration"] and len(row) > 1:
            return minutes_of(row[1])
        if "actual duration minutes" in named and at + 1 < len(title):
            below = title[at + 1]
            where = named.index("actual duration minutes")
            return minutes_of(below[where]) if where < len(below) else None
    return None


def _below(title: list[list[str]], name: str) -> str | None:
    """The value under a heading of the lines before the header (a Zoom
    meeting report's summary: "User Email", the host's, on the next line)."""
    for at, row in enumerate(title[:-1]):
        named = [norm(c) for c in row]
        if name in named and named.index(name) < len(title[at + 1]):
            return title[at + 1][named.index(name)].strip() or None
    return None


_FORM_TIMES = {"google-forms": "timestamp", "microsoft-forms": "completion time"}


def _plain(
    data: bytes,
    today: date,
    order: DateOrder,
    overrides: dict[str, str],
    fmt: str = "csv",
    keep: bool = False,
) -> Sheet:
    """A forms sheet or any sheet (`--map`): the contact as `pln import csv`
    reads it, and the registration time, attendance and minutes besides. A
    form's response is a registration, dated when it was sent."""
    own = {k: overrides.pop(k) for k in list(overrides) if k in EVENT_FIELDS}
    first = next(_rows(data), (0, []))[1]
    header: list[str] = first if isinstance(first, list) else []
    named = [norm(h) for h in header]
    columns: dict[str, int] = {}
    for name, synonyms in EVENT_FIELDS.items():
        wanted = [norm(own[name])] if name in own else [norm(s) for s in synonyms]
        if fmt in _FORM_TIMES and name == "registered":
            wanted = [_FORM_TIMES[fmt]]
        hits = [i for i, h in enumerate(named) if h in wanted]
        if name in own and not hits:
            raise Invalid(f"no column {own[name]!r} for {name}; columns are: {', '.join(header)}")
        if hits:
            columns[name] = hits[0]
    if fmt == "microsoft-forms" and "email" not in overrides:
        overrides.setdefault("email", next((h for h in header if norm(h) == "email"), "Email"))
    reading = event_rows.Reading(today, file_order((r for _, r in _read_rows(data)), today, order))
    unused: list[str] = []
    options = csv_import.Options(today, overrides, date_order=reading.order)
    people = People()
    rejected: list[Rejected] = []
    rows = _read_rows(data)  # in step with the records: each record's own row
    line, row = 0, list[str]()
    spare = event_columns.Spare(header, fmt, columns.values(), unused, keep)
    for item in csv_import.read(data, options, unused):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        item.emails = [e for e in item.emails if "@" in e]  # Microsoft's "anonymous"
        while line < item.line:
            line, row = next(rows, (item.line, []))
        spare.take(item, row)

        def cell(name: str, row: list[str] = row) -> str:
            at = columns.get(name)
            return row[at].strip() if at is not None and at < len(row) else ""

        came = cell("attended")
        attended = None if not came else fold(came) in ("yes", "y", "true", "1", "x", "checked in")
        if fmt == "csv":
            registered_on = day_of(cell("registered"), today, reading.order)
        else:  # a form's response time: said when not understood, counted when empty
            when = {"registration time": cell("registered")}
            registered_on = event_rows.registered_day(item.line, when, reading, *when)
        guest = Guest(
            item,
            registered=fmt != "csv" or registered_on is not None or "registered" in own,
            registered_on=registered_on,
            attended=attended,
        )
        if attended is not False:
            event_rows.spent(guest, item.line, {"minutes": cell("minutes")}, reading, "minutes")
        people.add(guest)
    notices = event_rows.undated_said(reading)
    problems, count = reading.problems, reading.count
    return Sheet(fmt, people.guests(), rejected, spare.said(), problems, count, notices=notices)


def _read_rows(data: bytes) -> Iterator[tuple[int, list[str]]]:
    """The rows the CSV reader could read, after the header."""
    rows = _rows(data)
    next(rows, None)
    return ((line, row) for line, row in rows if isinstance(row, list))
