"""Spreadsheets people keep by hand: columns found by their header names
(overridable with --map field=Header)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from plncrm.importers.records import (
    ColumnOrder,
    Record,
    Rejected,
    clean,
    not_an_event,
    split_names,
)
from plncrm.importers.text_files import csv_reader, csv_rows, decode
from plncrm.util.dates import DateOrder
from plncrm.util.errors import Invalid, PlnError
from plncrm.util.files import safe_uid
from plncrm.util.sheet_dates import parse_sheet_date
from plncrm.util.social import profile_url
from plncrm.util.text import fold, formula_unsafe

FIELDS = {
    "uid": ("uid",),  # `pln export csv` writes it, so that reading the file back matches
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first": ("first name", "given name", "first", "firstname"),
    "last": ("last name", "family name", "surname", "last", "lastname"),
    "middle": ("middle name", "middle names", "middle", "additional names"),
    "prefix": ("prefix", "name prefix", "honorific"),
    "suffix": ("suffix", "name suffix"),
    "other_names": ("other names", "other name", "also known as", "aka"),
    "pronouns": ("pronouns", "pronoun"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "emails"),
    "phone": ("phone", "mobile", "telephone", "phone number", "cell", "tel", "phones"),
    "org": (
        "organization",
        "organisation",
        "company",
        "school",
        "district",
        "employer",
        "org",
        "school district",
    ),
    "role": ("title", "job title", "position", "role"),
    "past_roles": ("past roles", "past role", "previous roles", "former roles"),
    "tags": ("tags", "labels", "categories", "groups", "tag", "interests", "topics"),
    "notes": ("notes", "note", "comments", "comment"),
    "linkedin": ("linkedin", "linkedin url", "linkedin profile"),
    "twitter": ("twitter", "twitter x", "x", "twitter handle", "x handle"),
    "bluesky": ("bluesky", "bsky", "bluesky handle"),
    "mastodon": ("mastodon", "fediverse", "mastodon handle"),
    "link": ("url", "website", "profile", "link", "links", "web", "homepage"),
    "needs": ("needs", "looking for"),
    "offers": ("offers", "can help with"),
    "met_at": ("met at", "where we met", "where met", "event", "met at event", "conference"),
    "met_on": ("met on", "date met", "when we met", "when met", "date", "met date"),
    "via": ("via", "introduced by", "referred by", "met through", "referral"),
    "cadence": ("cadence", "keep in touch", "stay in touch", "frequency", "follow up every"),
    "communities": ("communities", "community"),
    "birthday": ("birthday", "date of birth", "dob", "birth date", "bday"),
    "last_contacted": ("last contacted", "last contact", "last touch", "last in touch"),
}
FIELD_LABELS = {"met_on": "Met on", "last_contacted": "Last contacted"}
LINK_FIELDS = ("linkedin", "twitter", "bluesky", "mastodon", "link")
MULTI = (
    "email",
    "phone",
    *LINK_FIELDS,
    "tags",
    "needs",
    "offers",
    "communities",
    "other_names",
    "past_roles",
)
SPLIT = re.compile(r"\s*[;,|]\s*")
PHRASES = re.compile(r"\s*[;|]\s*")  # phrases and phone numbers may contain commas
LINES = re.compile(r"\s*[\r\n]+\s*")  # a cell of several lines: one value a line


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def _known(normalised: str) -> str | None:
    """The field a normalised header names ("email 2" too), or None."""
    bare = re.sub(r" \d+$", "", normalised)
    return next((f for f, names in _SYNONYMS.items() if normalised in names or bare in names), None)


def _one_field(header: str) -> str:
    """A header that names two fields ("Notes/Interests", "Interests; Notes",
    "Email or phone") as the one it is read as: the first field known, or notes
    when it names notes, whose text is kept whole (as tags, "asked about
    pricing, call in May" would be cut in two). Any other header as it is."""
    whole = _norm(header)
    if _known(whole):
        return whole
    parts = [_norm(p) for p in re.split(r"\s*(?:[;/|&+]|\band\b|\bor\b)\s*", fold(header))]
    fields = [(_known(p), p) for p in parts if p]
    named = [(f, p) for f, p in fields if f]
    if len(fields) < 2 or not named:
        return whole
    return next((p for f, p in named if f == "notes"), named[0][1])


_SYNONYMS = {name: {_norm(s) for s in synonyms} for name, synonyms in FIELDS.items()}


def detect(headers: list[str], overrides: Mapping[str, str]) -> dict[str, list[int]]:
    """Which columns hold which name. "Email 2" counts as an email column too,
    and "Interests; Notes" as notes (`_one_field`)."""
    named = [_norm(h) for h in headers]
    normalised = [_one_field(h) for h in headers]
    mapping: dict[str, list[int]] = {}
    overrides = {k.strip().lower().replace("-", "_"): v for k, v in overrides.items()}
    for name in FIELDS:
        if name in overrides:
            wanted = _norm(overrides[name])
            hits = [i for i, h in enumerate(named) if h == wanted]
            if not hits:
                raise Invalid(
                    f"no column {overrides[name]!r} for {name}; columns are: {', '.join(headers)}"
                )
        else:
            hits = [i for i, h in enumerate(normalised) if _known(h) == name]
        if hits:
            mapping[name] = hits if name in MULTI else hits[:1]
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        raise Invalid(f"unknown name {sorted(unknown)[0]!r} in --map; fields: {', '.join(FIELDS)}")
    if "name" not in mapping and "first" not in mapping and "last" not in mapping:
        raise Invalid(
            "no name column found; say which with --map name=HEADER "
            f"(columns: {', '.join(headers)})"
        )
    return mapping


@dataclass(frozen=True)
class Options:
    """How to read a sheet: `overrides` (field → header) beat the headers'
    names; `split` is the separator of several values in one cell (tags,
    emails, links, communities); `keep_unused` keeps the unread columns in
    notes as "Column: value" lines; `today` reads dates such as "Nov 20";
    `date_order` reads those such as 3/4/2026 (`util.sheet_dates.parse_sheet_date`)."""

    today: date
    overrides: Mapping[str, str] = field(default_factory=dict)
    split: str | None = None
    keep_unused: bool = False
    date_order: DateOrder = "dmy"
    order_set: bool = True  # --date-order or `pln config date-order`: never overruled by a column


DATE_FIELDS = ("met_on", "last_contacted")
_SLASHED = re.compile(r"\s*(\d{1,2})[/-](\d{1,2})[/-](\d{4}|\d{2})\b")
EXAMPLES = 20  # dates kept to name in a summary


def _dialect(text: str) -> type[csv.Dialect]:
    """The separator the header row uses most outside quotes (",", ";" or a
    tab), and the quote always `"`, doubled inside a cell (RFC 4180, as every
    spreadsheet writes them). Guessing the quote from a sample took the
    apostrophes of a nickname ('Bernie') for quotes and split every quoted
    cell with a comma; a quote on a cell's second line (our own export's
    notes) made doubled quotes read as two cells' ends. A header of one
    column is read with commas."""
    header = re.sub(r'"[^"]*"', "", text.split("\n", 1)[0])
    counts = {sep: header.count(sep) for sep in ",;\t"}
    best = max(counts, key=lambda sep: counts[sep]) if any(counts.values()) else ","
    return type("Sheet", (csv.excel,), {"delimiter": best, "quotechar": '"', "doublequote": True})


def one_way(text: str, today: date) -> DateOrder | None:
    """The order a numeric date with slashes or dashes shows by reading only
    one way ("9/17/2026": month first; "17/9/2026": day first), or None."""
    found = _SLASHED.match(text)
    if not found:
        return None
    a, b = int(found[1]), int(found[2])
    if (a > 12) == (b > 12):
        return None
    try:
        parse_sheet_date(text, today, "mdy")
    except PlnError:  # no real day either way (2/30/2026)
        return None
    return "dmy" if a > 12 else "mdy"


def column_orders(
    text: str,
    dialect: type[csv.Dialect],
    headers: list[str],
    mapping: dict[str, list[int]],
    today: date,
) -> dict[str, ColumnOrder]:
    """Each date column holding a date that reads only one way, and none
    that reads only the other: read in that order throughout, so that one
    column is never read two ways (`read` adds the dates it decided)."""
    columns = {f: mapping[f][0] for f in DATE_FIELDS if f in mapping}
    shown: dict[str, dict[DateOrder, str]] = {f: {} for f in columns}  # order → first date
    reader = csv_reader(io.StringIO(text, newline=""), dialect)
    rows = csv_rows(reader)
    next(rows, None)  # the header row
    for _, row in rows:
        if isinstance(row, csv.Error):
            continue
        for name, at in columns.items():
            cell = row[at].strip() if at < len(row) else ""
            order = one_way(cell, today) if cell else None
            if order is not None:
                shown[name].setdefault(order, cell)
    found = {}
    for name, orders in shown.items():
        if len(orders) == 1:
            ((order, because),) = orders.items()
            found[name] = ColumnOrder(headers[columns[name]], order, because)
    return found


def read(
    data: bytes,
    options: Options,
    unused: list[str] | None = None,
    orders: list[ColumnOrder] | None = None,
) -> Iterator[Record | Rejected]:
    """The rows as records. The headers of columns no field reads are added
    to `unused`; the date columns read in an order their own dates show,
    where it decided a date, to `orders` (`column_orders`)."""
    text = decode(data)
    dialect = _dialect(text)
    reader = csv_reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise Invalid(f"cannot read the header row: {exc}") from None
    headers = [h.strip() for h in headers]
    mapping = detect(headers, options.overrides)
    by_column: dict[str, ColumnOrder] = {}
    if not options.order_set and any(f in mapping for f in DATE_FIELDS):
        by_column = column_orders(text, dialect, headers, mapping, options.today)
    if orders is not None:
        orders.extend(found for found in by_column.values())
    met_header = headers[mapping["met_at"][0]] if "met_at" in mapping else "Met at"
    used = {i for hits in mapping.values() for i in hits}
    left = [(i, h) for i, h in enumerate(headers) if i not in used and h]
    if unused is not None:
        unused.extend(h for _, h in left)
    for line, row in csv_rows(reader):
        if isinstance(row, csv.Error):
            yield Rejected(line, f"unreadable CSV: {row}")
            continue
        if not any(c.strip() for c in row):
            continue
        record = _record(line, [formula_unsafe(c) for c in row], mapping, options, by_column)
        if record.met_at and not_an_event(record.met_at):  # a podcast, a chat, a friend
            record.kept.append(f"{met_header}: {record.met_at}")
            record.not_events.append(record.met_at)
            record.met_at = None
        if options.keep_unused:
            kept = [f"{h}: {row[i].strip()}" for i, h in left if i < len(row) and row[i].strip()]
            if kept:
                record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])
        yield record


def _record(
    line: int,
    row: list[str],
    mapping: dict[str, list[int]],
    options: Options,
    by_column: Mapping[str, ColumnOrder],
) -> Record:
    listed = re.compile(r"\s*" + re.escape(options.split) + r"\s*") if options.split else SPLIT
    kept: list[str] = []
    warnings: list[str] = []
    ambiguous: list[str] = []

    def cells(field: str) -> list[str]:
        return [row[i].strip() for i in mapping.get(field, []) if i < len(row) and row[i].strip()]

    def many(field: str, split: re.Pattern[str] = listed) -> list[str]:
        return [part for cell in cells(field) for part in split.split(cell) if part]

    def first(field: str) -> str | None:
        found = cells(field)
        return found[0] if found else None

    def lines(field: str) -> list[str]:
        """Names and roles, which may hold commas: a cell with a line break
        is one a line (as `export csv` writes those holding ; or |, even one
        alone), else separated by ; or |."""
        raw = [row[i] for i in mapping.get(field, []) if i < len(row)]
        return [
            part.strip()
            for cell in raw
            for part in (LINES if "\n" in cell else PHRASES).split(cell.strip())
            if part.strip()
        ]

    def day(field: str) -> date | None:
        text = first(field)
        if text is None:
            return None
        column = by_column.get(field)
        try:
            found = parse_sheet_date(
                text, options.today, column.order if column else options.date_order
            )
        except PlnError:
            header = FIELD_LABELS.get(field, field)
            kept.append(f"{header}: {text}")
            warnings.append(f"{header} {text!r} is not a date")
            return None
        if found.ambiguous and column is None:
            ambiguous.append(text)
        elif (
            found.ambiguous
            and column is not None
            and len(column.dates) < EXAMPLES
            and text not in column.dates
        ):
            column.dates.append(text)
        return found.day

    uid = clean(first("uid"))
    if uid and not safe_uid(uid):  # it would name their card's file: a path, too long, ...
        kept.append(f"uid: {uid}")
        warnings.append(f"uid {uid[:80]!r} cannot be a uid (a new one was given)")
        uid = None
    name = first("name") or split_names(" ".join(cells("first")), " ".join(cells("last")))
    links = [profile_url(kind, value) for kind in LINK_FIELDS for value in many(kind)]
    record = Record(
        line=line,
        name=name,
        emails=many("email"),
        phones=many("phone", PHRASES),
        links=links,
        tags=many("tags"),
        needs=many("needs", PHRASES),
        offers=many("offers", PHRASES),
        org=clean(first("org")),
        role=clean(first("role")),
        notes=first("notes"),
        birthday=clean(first("birthday")),
        uid=uid,
        met_at=clean(first("met_at")),
        met_on=day("met_on"),
        via=clean(first("via")),
        cadence=clean(first("cadence")),
        communities=many("communities"),
        last_contacted=day("last_contacted"),
        given=clean(" ".join(cells("first"))),
        family=clean(" ".join(cells("last"))),
        pronouns=clean(first("pronouns")),
        middle=clean(first("middle")),
        prefix=clean(first("prefix")),
        suffix=clean(first("suffix")),
        akas=lines("other_names"),
        past_roles=lines("past_roles"),
    )
    if kept:
        record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])
    record.warnings = warnings
    record.ambiguous_dates = ambiguous
    return record
