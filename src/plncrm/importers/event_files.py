"""Registrant and attendee files of the platforms webinars run on (`pln event
import`): Zoom's registration and attendee reports, Eventbrite's attendee
report, Google and Microsoft Forms responses, a Teams attendance list, and a
plain sheet. Each is recognised from its content (title lines and sections
before the real header, UTF-16 and tabs for Teams) and read into one `Guest` a
person: the contact as a `Record`, and what they did about the event."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from plncrm.importers import csv_import
from plncrm.importers.records import Record, Rejected, clean, split_names
from plncrm.importers.text_files import csv_reader, csv_rows, decode
from plncrm.util.bounds import MAX_MINUTES
from plncrm.util.dates import DateOrder
from plncrm.util.errors import Invalid, PlnError
from plncrm.util.sheet_dates import parse_sheet_date
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
CANCELLED = ("cancel", "denied", "rejected", "refunded", "deleted", "not attending", "declined")
HEADER_LOOK = 80  # rows searched for the real header, past title lines and sections


@dataclass
class Guest:
    """One person of the file and what they did: registered (an invitation
    answered yes), cancelled (why the registration no longer counts), came."""

    record: Record
    registered: bool = False
    registered_on: date | None = None
    cancelled: str | None = None
    attended: bool | None = None  # None: the file does not say
    minutes: int | None = None
    joined_on: date | None = None
    rows: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class Sheet:
    """A file read: its format, its people and the rows it could not read."""

    format: str
    guests: list[Guest]
    rejected: list[Rejected]
    unused: list[str] = field(default_factory=list)


def norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def minutes_of(text: str) -> int | None:
    """Minutes as the platforms write them: "47", "1h 2m 3s" (Teams), "1:02:03"."""
    t = text.strip().lower()
    found = _minutes(t)
    return found if found is None or found <= MAX_MINUTES else None


def _minutes(t: str) -> int | None:
    if re.fullmatch(r"\d{1,9}(\.\d+)?", t):
        return int(float(t))
    spelled = re.fullmatch(r"(?:(\d+)\s*h\w*)?\s*(?:(\d+)\s*m\w*)?\s*(?:(\d+)\s*s\w*)?", t)
    if spelled and any(spelled.groups()):
        return int(spelled[1] or 0) * 60 + int(spelled[2] or 0)
    clock = re.fullmatch(r"(\d+):(\d{2})(?::(\d{2}))?", t)
    if clock:
        return int(clock[1]) * 60 + int(clock[2]) if clock[3] else int(clock[1])
    return None


def day_of(text: str, today: date, order: DateOrder) -> date | None:
    """The day of a moment as exported ("Nov 18, 2026 4:00 PM", "11/18/26,
    4:01:00 PM", "2026-11-01 14:03:22-05:00"); None when there is none ("--")."""
    t = re.sub(r"(?<=\d)T(?=\d{2}:)", " ", text.strip())
    t = re.split(r",?\s+\d{1,2}:\d{2}", t, maxsplit=1)[0].strip()
    if not t or not any(ch.isdigit() for ch in t):
        return None
    try:
        return parse_sheet_date(t, today, order).day
    except PlnError:
        return None


def file_order(rows: Iterable[list[str]], today: date, default: DateOrder) -> DateOrder:
    """The order a file's numeric dates are in when one of them reads only one
    way (11/13/26: month first) and none only the other, else `default`: the
    exporter's locale wrote them all one way."""
    shown = {
        order
        for row in rows
        for cell in row
        if (order := csv_import.one_way(cell.strip(), today)) is not None
    }
    return shown.pop() if len(shown) == 1 else default


def _dialect(text: str) -> type[csv.Dialect]:
    head = text[:4000]
    sep = "\t" if head.count("\t") > head.count(",") else ","
    return type("Export", (csv.excel,), {"delimiter": sep})


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
    for at, (_, row) in enumerate(rows[:HEADER_LOOK]):
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
) -> Sheet:
    """The file's people, in the format its content shows (or `forced`)."""
    if forced is not None and forced not in FORMATS:
        raise Invalid(f"--format is one of: {', '.join(FORMATS)}")
    if forced == "csv" or (overrides and forced is None):
        return _plain(data, today, order, dict(overrides or {}))
    text = decode(data)
    read_rows = list(csv_rows(csv_reader(io.StringIO(text, newline=""), _dialect(text))))
    rows = [(line, row) for line, row in read_rows if not isinstance(row, csv.Error)]
    found = _header(rows, forced)
    if found is None:
        expected = ", ".join(FORMATS[:-1])
        raise Invalid(
            "not a registrant or attendee file pln knows: expected one of "
            f"{expected} (or --format csv with --map for any other sheet)"
        )
    at, fmt = found
    if fmt in ("google-forms", "microsoft-forms"):
        return _plain(data, today, order, dict(overrides or {}), fmt)
    headers = [norm(h) for h in rows[at][1]]
    order = file_order((row for _, row in rows[at + 1 :]), today, order)
    reader = _READERS[fmt]
    guests: dict[str, Guest] = {}
    for line, row in rows[at + 1 :]:
        if len([c for c in row if c.strip()]) <= 1:
            if guests or len(row) == 1:
                break  # the next section (Teams' "3. In-Meeting Activities", Zoom's others)
            continue
        cells = dict(zip(headers, [formula_unsafe(c.strip()) for c in row], strict=False))
        guest = reader(line, cells, today, order)
        if guest is not None:
            _add(guests, guest)
    rejected = [
        Rejected(line, f"unreadable: {row}")
        for line, row in read_rows
        if isinstance(row, csv.Error)
    ]
    return Sheet(fmt, list(guests.values()), rejected)


def _add(guests: dict[str, Guest], guest: Guest) -> None:
    """One guest a person: Zoom writes a row each time someone joins again."""
    r = guest.record
    key = fold(r.emails[0]) if r.emails else "name " + fold(r.name)
    had = guests.get(key)
    if had is None:
        guests[key] = guest
        return
    had.rows += guest.rows
    had.registered |= guest.registered
    had.registered_on = had.registered_on or guest.registered_on
    if guest.attended is not None:
        had.attended = bool(had.attended) or guest.attended
    if guest.minutes is not None:
        had.minutes = (had.minutes or 0) + guest.minutes
    days = [d for d in (had.joined_on, guest.joined_on) if d]
    had.joined_on = min(days) if days else None


def _get(cells: dict[str, str], *names: str) -> str:
    for name in names:
        value = cells.get(name, "")
        if value and value not in ("--", "-"):
            return value
    return ""


def _record(line: int, cells: dict[str, str], name: str, email: str) -> Record:
    first, last = _get(cells, "first name"), _get(cells, "last name")
    return Record(
        line=line,
        name=name or split_names(first, last),
        given=clean(first),
        family=clean(last),
        emails=[email] if email else [],
        org=clean(_get(cells, "organization", "organisation", "company", "school")),
        role=clean(_get(cells, "job title", "title", "role in purchase process")),
    )


def _cancelled(status: str) -> str | None:
    s = fold(status)
    return f"registration status {status!r}" if any(w in s for w in CANCELLED) else None


def _zoom_attendee(line: int, cells: dict[str, str], today: date, order: DateOrder) -> Guest:
    shown = _get(cells, "user name original name", "name original name")
    original = re.search(r"\(([^()]+)\)\s*$", shown)
    name = split_names(_get(cells, "first name"), _get(cells, "last name"))
    name = name or (original[1] if original else shown)
    email = _get(cells, "email", "user email")
    came = fold(_get(cells, "attended")) != "no"
    registered_on = day_of(_get(cells, "registration time"), today, order)
    return Guest(
        _record(line, cells, name, email),
        registered=registered_on is not None or "attended" in cells,
        registered_on=registered_on,
        cancelled=_cancelled(_get(cells, "approval status")),
        attended=came,
        minutes=minutes_of(_get(cells, "time in session minutes", "duration minutes"))
        if came
        else None,
        joined_on=day_of(_get(cells, "join time"), today, order) if came else None,
        rows=[line],
    )


def _zoom_registrant(line: int, cells: dict[str, str], today: date, order: DateOrder) -> Guest:
    return Guest(
        _record(line, cells, "", _get(cells, "email")),
        registered=True,
        registered_on=day_of(_get(cells, "registration time"), today, order),
        cancelled=_cancelled(_get(cells, "approval status")),
        rows=[line],
    )


def _eventbrite(line: int, cells: dict[str, str], today: date, order: DateOrder) -> Guest:
    status = _get(cells, "attendee status")
    return Guest(
        _record(line, cells, "", _get(cells, "email")),
        registered=True,
        registered_on=day_of(_get(cells, "order date"), today, "ymd"),
        cancelled=_cancelled(status),
        attended=True if fold(status) == "checked in" else None,
        rows=[line],
    )


def _teams(line: int, cells: dict[str, str], today: date, order: DateOrder) -> Guest | None:
    if fold(_get(cells, "role")) == "organizer":
        return None  # ourselves, as Zoom's host section
    email = _get(cells, "email") or _get(cells, "participant id upn")
    name = re.sub(r"\s*\((guest|external|unverified)\)$", "", _get(cells, "name"), flags=re.I)
    return Guest(
        _record(line, cells, name, email if "@" in email else ""),
        attended=True,
        minutes=minutes_of(_get(cells, "in meeting duration")),
        joined_on=day_of(_get(cells, "first join"), today, order),
        rows=[line],
    )


_READERS: dict[str, Callable[[int, dict[str, str], date, DateOrder], Guest | None]] = {
    "zoom-attendees": _zoom_attendee,
    "zoom-registrants": _zoom_registrant,
    "eventbrite": _eventbrite,
    "teams": _teams,
}
_FORM_TIMES = {"google-forms": "timestamp", "microsoft-forms": "completion time"}


def _plain(
    data: bytes, today: date, order: DateOrder, overrides: dict[str, str], fmt: str = "csv"
) -> Sheet:
    """A forms sheet or any sheet (`--map`): the contact as `pln import csv`
    reads it, and the registration time, attendance and minutes besides. A
    form's response is a registration, dated when it was sent."""
    own = {k: overrides.pop(k) for k in list(overrides) if k in EVENT_FIELDS}
    text = decode(data)
    header: list[str] = next(csv_reader(io.StringIO(text, newline=""), _dialect(text)), [])
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
    cells_of = {
        line: row
        for line, row in csv_rows(csv_reader(io.StringIO(text, newline=""), _dialect(text)))
        if not isinstance(row, csv.Error)
    }
    order = file_order(cells_of.values(), today, order)
    unused: list[str] = []
    options = csv_import.Options(today, overrides, date_order=order)
    guests: dict[str, Guest] = {}
    rejected: list[Rejected] = []
    for item in csv_import.read(data, options, unused):
        if isinstance(item, Rejected):
            rejected.append(item)
            continue
        item.emails = [e for e in item.emails if "@" in e]  # Microsoft's "anonymous"
        row = cells_of.get(item.line, [])

        def cell(name: str, row: list[str] = row) -> str:
            at = columns.get(name)
            return row[at].strip() if at is not None and at < len(row) else ""

        came = cell("attended")
        attended = None if not came else fold(came) in ("yes", "y", "true", "1", "x", "checked in")
        registered_on = day_of(cell("registered"), today, order)
        _add(
            guests,
            Guest(
                item,
                registered=fmt != "csv" or registered_on is not None or "registered" in own,
                registered_on=registered_on,
                attended=attended,
                minutes=minutes_of(cell("minutes")) if cell("minutes") else None,
                rows=[item.line],
            ),
        )
    left = [h for h in unused if norm(h) not in {named[i] for i in columns.values()}]
    return Sheet(fmt, list(guests.values()), rejected, left)
