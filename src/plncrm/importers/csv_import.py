"""Spreadsheets people keep by hand: columns found by their header names
(overridable with --map field=Header)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date

from plncrm.importers.extras import parse_day
from plncrm.importers.records import Record, Rejected, clean, split_names
from plncrm.importers.text_files import csv_reader, csv_rows, decode
from plncrm.util.errors import Invalid
from plncrm.util.files import safe_uid
from plncrm.util.social import profile_url
from plncrm.util.text import fold, formula_unsafe

FIELDS = {
    "uid": ("uid",),  # `pln export csv` writes it, so that reading the file back matches
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first": ("first name", "given name", "first", "firstname"),
    "last": ("last name", "family name", "surname", "last", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail", "emails"),
    "phone": ("phone", "mobile", "telephone", "phone number", "cell", "tel", "phones"),
    "org": ("organization", "organisation", "company", "school", "district", "employer", "org",
            "school district"),
    "role": ("title", "job title", "position", "role"),
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
}  # fmt: skip
FIELD_LABELS = {"met_on": "Met on", "last_contacted": "Last contacted"}
LINK_FIELDS = ("linkedin", "twitter", "bluesky", "mastodon", "link")
MULTI = ("email", "phone", *LINK_FIELDS, "tags", "needs", "offers", "communities")
SPLIT = re.compile(r"\s*[;,|]\s*")
PHRASES = re.compile(r"\s*[;|]\s*")  # phrases and phone numbers may contain commas


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def detect(headers: list[str], overrides: Mapping[str, str]) -> dict[str, list[int]]:
    """Which columns hold which name. "Email 2" counts as an email column too."""
    normalised = [_norm(h) for h in headers]
    mapping: dict[str, list[int]] = {}
    overrides = {k.strip().lower().replace("-", "_"): v for k, v in overrides.items()}
    for name, synonyms in FIELDS.items():
        if name in overrides:
            wanted = _norm(overrides[name])
            hits = [i for i, h in enumerate(normalised) if h == wanted]
            if not hits:
                raise Invalid(
                    f"no column {overrides[name]!r} for {name}; columns are: {', '.join(headers)}"
                )
        else:
            names = {_norm(s) for s in synonyms}
            hits = [
                i
                for i, h in enumerate(normalised)
                if h in names or re.sub(r" \d+$", "", h) in names
            ]
        if hits:
            mapping[name] = hits if name in MULTI else hits[:1]
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        raise Invalid(f"unknown name {sorted(unknown)[0]!r} in --map; fields: {', '.join(FIELDS)}")
    if "name" not in mapping and "first" not in mapping and "last" not in mapping:
        raise Invalid(
            f"no name column found; say which with --map name=HEADER (columns: {', '.join(headers)})"
        )
    return mapping


@dataclass(frozen=True)
class Options:
    """How to read a sheet: `overrides` (field → header) beat the headers'
    names; `split` is the separator of several values in one cell (tags,
    emails, links, communities); `keep_unused` keeps the unread columns in
    notes as "Column: value" lines; `today` reads dates such as "Nov 20"."""

    today: date
    overrides: Mapping[str, str] = field(default_factory=dict)
    split: str | None = None
    keep_unused: bool = False


def _dialect(text: str) -> type[csv.Dialect] | csv.Dialect:
    """The separator the header row uses most (",", ";" or a tab), quotes
    doubled as every spreadsheet writes them. The sniffer guessed from the
    first rows, and a quote on a cell's second line (our own export's notes)
    made it read doubled quotes as two cells' ends."""
    header = text.split("\n", 1)[0]
    counts = {sep: header.count(sep) for sep in ",;\t"}
    best = max(counts, key=lambda sep: counts[sep])
    if counts[best]:
        return type("Sheet", (csv.excel,), {"delimiter": best})
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read(
    data: bytes, options: Options, unused: list[str] | None = None
) -> Iterator[Record | Rejected]:
    """The rows as records. The headers of columns no field reads are added to `unused`."""
    text = decode(data)
    reader = csv_reader(io.StringIO(text, newline=""), _dialect(text))
    try:
        headers = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise Invalid(f"cannot read the header row: {exc}") from None
    headers = [h.strip() for h in headers]
    mapping = detect(headers, options.overrides)
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
        record = _record(line, [formula_unsafe(c) for c in row], mapping, options)
        if options.keep_unused:
            kept = [f"{h}: {row[i].strip()}" for i, h in left if i < len(row) and row[i].strip()]
            if kept:
                record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])
        yield record


def _record(line: int, row: list[str], mapping: dict[str, list[int]], options: Options) -> Record:
    listed = re.compile(r"\s*" + re.escape(options.split) + r"\s*") if options.split else SPLIT
    kept: list[str] = []
    warnings: list[str] = []

    def cells(field: str) -> list[str]:
        return [row[i].strip() for i in mapping.get(field, []) if i < len(row) and row[i].strip()]

    def many(field: str, split: re.Pattern[str] = listed) -> list[str]:
        return [part for cell in cells(field) for part in split.split(cell) if part]

    def first(field: str) -> str | None:
        found = cells(field)
        return found[0] if found else None

    def day(field: str) -> date | None:
        text = first(field)
        if text is None:
            return None
        found = parse_day(text, options.today)
        if found is None:
            header = FIELD_LABELS.get(field, field)
            kept.append(f"{header}: {text}")
            warnings.append(f"{header} {text!r} is not a date")
        return found

    uid = clean(first("uid"))
    if uid and not safe_uid(uid):  # it would name their card's file: a path, too long, ...
        kept.append(f"uid: {uid}")
        warnings.append(f"uid {uid[:80]!r} cannot be a uid (a new one was given)")
        uid = None
    name = first("name") or split_names(" ".join(cells("first")), " ".join(cells("last")))
    links = [profile_url(kind, value) for kind in LINK_FIELDS for value in many(kind)]
    record = Record(
        line=line, name=name, emails=many("email"), phones=many("phone", PHRASES), links=links,
        tags=many("tags"), needs=many("needs", PHRASES), offers=many("offers", PHRASES), org=clean(first("org")),
        role=clean(first("role")), notes=first("notes"), birthday=clean(first("birthday")), uid=uid,
        met_at=clean(first("met_at")), met_on=day("met_on"), via=clean(first("via")),
        cadence=clean(first("cadence")), communities=many("communities"),
        last_contacted=day("last_contacted"), given=clean(" ".join(cells("first"))),
        family=clean(" ".join(cells("last"))),
    )  # fmt: skip
    if kept:
        record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])
    record.warnings = warnings
    return record
