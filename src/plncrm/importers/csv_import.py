"""Spreadsheets people keep by hand: columns found by their header names
(overridable with --map field=Header)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping

from plncrm.importers.records import Record, Rejected, clean, split_names
from plncrm.importers.text_files import csv_reader, csv_rows, decode
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, formula_unsafe

FIELDS = {
    "name": ("name", "full name", "display name", "contact", "contact name"),
    "first": ("first name", "given name", "first", "firstname"),
    "last": ("last name", "family name", "surname", "last", "lastname"),
    "email": ("email", "e-mail", "email address", "e-mail address", "mail"),
    "phone": ("phone", "mobile", "telephone", "phone number", "cell", "tel"),
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
    "tags": ("tags", "labels", "categories", "groups", "tag"),
    "notes": ("notes", "note", "comments", "comment"),
    "link": (
        "url",
        "linkedin",
        "website",
        "profile",
        "link",
        "web",
        "linkedin url",
        "twitter",
        "twitter x",
        "bluesky",
        "mastodon",
    ),
    "needs": ("needs", "looking for"),
    "offers": ("offers", "can help with"),
}
MULTI = ("email", "phone", "link", "tags", "needs", "offers")
SPLIT = re.compile(r"\s*[;,|]\s*")
PHRASES = re.compile(r"\s*[;|]\s*")  # phrases and phone numbers may contain commas


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", fold(header)).strip()


def detect(headers: list[str], overrides: Mapping[str, str]) -> dict[str, list[int]]:
    """Which columns hold which field. "Email 2" counts as an email column too."""
    normalised = [_norm(h) for h in headers]
    mapping: dict[str, list[int]] = {}
    for field, synonyms in FIELDS.items():
        if field in overrides:
            wanted = _norm(overrides[field])
            hits = [i for i, h in enumerate(normalised) if h == wanted]
            if not hits:
                raise Invalid(
                    f"no column {overrides[field]!r} for {field}; columns are: {', '.join(headers)}"
                )
        else:
            names = {_norm(s) for s in synonyms}
            hits = [
                i
                for i, h in enumerate(normalised)
                if h in names or re.sub(r" \d+$", "", h) in names
            ]
        if hits:
            mapping[field] = hits if field in MULTI else hits[:1]
    unknown = set(overrides) - set(FIELDS)
    if unknown:
        raise Invalid(f"unknown field {sorted(unknown)[0]!r} in --map; fields: {', '.join(FIELDS)}")
    if "name" not in mapping and "first" not in mapping and "last" not in mapping:
        raise Invalid(
            f"no name column found; say which with --map name=HEADER (columns: {', '.join(headers)})"
        )
    return mapping


def read(
    data: bytes,
    overrides: Mapping[str, str] | None = None,
    unused: list[str] | None = None,
    keep_unused: bool = False,
) -> Iterator[Record | Rejected]:
    """The rows as records. The headers of columns no field reads are added to
    `unused`; with `keep_unused`, their values go into each contact's notes as
    "Column: value" lines."""
    text = decode(data)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
            text[:4096], delimiters=",;\t"
        )
    except csv.Error:
        dialect = csv.excel
    reader = csv_reader(io.StringIO(text, newline=""), dialect)
    try:
        headers = next(reader)
    except StopIteration:
        return
    except csv.Error as exc:
        raise Invalid(f"cannot read the header row: {exc}") from None
    headers = [h.strip() for h in headers]
    mapping = detect(headers, overrides or {})
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
        record = _record(line, [formula_unsafe(c) for c in row], mapping)
        if keep_unused:
            kept = [f"{h}: {row[i].strip()}" for i, h in left if i < len(row) and row[i].strip()]
            if kept:
                record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])
        yield record


def _record(line: int, row: list[str], mapping: dict[str, list[int]]) -> Record:
    def cells(field: str) -> list[str]:
        return [row[i].strip() for i in mapping.get(field, []) if i < len(row) and row[i].strip()]

    def many(field: str, split: re.Pattern[str] = SPLIT) -> list[str]:
        return [part for cell in cells(field) for part in split.split(cell) if part]

    def first(field: str) -> str | None:
        found = cells(field)
        return found[0] if found else None

    name = first("name") or split_names(" ".join(cells("first")), " ".join(cells("last")))
    return Record(
        line=line, name=name, emails=many("email"), phones=many("phone", PHRASES), links=many("link"),
        tags=many("tags"), needs=many("needs", PHRASES), offers=many("offers", PHRASES), org=clean(first("org")),
        role=clean(first("role")), notes=first("notes"),
    )  # fmt: skip
