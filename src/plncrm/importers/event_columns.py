"""Which columns of a registrant or attendee file `pln event import` reads,
which are the platform's own bookkeeping (an order number, a form's response
id), and which it leaves: those that hold anything are named in the summary
("Not imported"), or with --keep-unmapped kept in the new contact's notes as
"Column: value", so that no fact a file holds is dropped without a word.
Phones and the questions registrants typed are read: the phone as the
contact's, the questions into their notes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence

from plncrm.importers.event_people import Person
from plncrm.importers.records import Record
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, formula_unsafe, one_line

# Read by the row readers (`event_rows`), under any format.
CONTACT = frozenset(
    {
        "first name",
        "last name",
        "email",
        "user email",
        "organization",
        "organisation",
        "company",
        "school",
        "job title",
        "title",
        "role in purchase process",
    }
)
PHONES = (
    "phone",
    "phone number",
    "cell phone",
    "mobile phone",
    "mobile",
    "home phone",
    "work phone",
)
QUESTIONS = ("questions comments", "questions", "comments", "question")
# The platform's own columns: how it keeps the registration, never a fact about the person.
BOOKKEEPING: dict[str, frozenset[str]] = {
    "zoom-attendees": frozenset(
        {
            "attended",
            "user name original name",
            "name original name",
            "join time",
            "leave time",
            "time in session minutes",
            "duration minutes",
            "is guest",
            "guest",
            "registration time",
            "approval status",
            "recording consent",
            "in waiting room",
            "source name",
        }
    ),
    "zoom-registrants": frozenset({"registration time", "approval status", "source name"}),
    "eventbrite": frozenset(
        {
            "order",
            "order date",
            "quantity",
            "ticket type",
            "attendee",
            "group",
            "order type",
            "currency",
            "total paid",
            "fees paid",
            "eventbrite fees",
            "eventbrite payment processing",
            "attendee status",
            "barcode",
            "checked in date",
        }
    ),
    "teams": frozenset(
        {"name", "first join", "last leave", "in meeting duration", "participant id upn", "role"}
    ),
    # A form's own: its response's id and times. Its account's email and name
    # are the person's when filled, and read; empty, nothing is lost.
    "microsoft-forms": frozenset({"id", "start time", "completion time", "last modified time"}),
    "google-forms": frozenset({"timestamp"}),
    "csv": frozenset(),
}
DESCRIBED = {  # what a file of each format is, for a --format that does not fit it
    "zoom-registrants": "a Zoom registration report",
    "zoom-attendees": "a Zoom attendee report (or a meeting's participants)",
    "eventbrite": "an Eventbrite attendee report",
    "google-forms": "a Google Forms responses sheet",
    "microsoft-forms": "a Microsoft Forms responses sheet",
    "teams": "a Teams attendance list",
}
EMPTY = ("", "-", "--")


def refusal(seen: str | None, forced: str | None, formats: Sequence[str]) -> str:
    """Why a file is refused: with a --format it does not fit, what it looks
    like and the --format that reads it."""
    if forced is not None and seen is not None:
        return (
            f"this looks like {DESCRIBED[seen]}, not {DESCRIBED.get(forced, forced)}: "
            f"--format {seen} reads it (or leave --format out: pln recognises it)"
        )
    return (
        f"not a registrant or attendee file pln knows: expected one of {', '.join(formats)} "
        "(or --format csv with --map for any other sheet)"
    )


MAPPED = ("notes", "phone")  # what --map adds to a platform's file (the rest it reads)


def mapped(fmt: str, header: Sequence[str], overrides: Mapping[str, str]) -> dict[str, int]:
    """The columns --map names on a platform's file, by field: notes and
    phone add to what the format reads; another field, or a column the file
    does not have, is refused."""
    found: dict[str, int] = {}
    named = [norm(h) for h in header]
    for field, column in overrides.items():
        if field not in MAPPED:
            raise Invalid(
                f"--map {field}= on {DESCRIBED[fmt]}: it takes {' or '.join(MAPPED)} "
                "(the format reads the rest; --format csv reads it as a plain sheet)"
            )
        if norm(column) not in named:
            listed = ", ".join(shown(h) for h in header)
            raise Invalid(f"no column {column!r} for {field}; columns are: {listed}")
        found[field] = named.index(norm(column))
    return found


class Columns:
    """A platform file's columns by what becomes of them: read, the
    platform's bookkeeping, or left (and whether any row fills them).
    `chosen`: the columns --map adds, by field (`mapped`)."""

    def __init__(
        self,
        fmt: str,
        header: Sequence[str],
        normed: Sequence[str],
        keep: bool,
        chosen: Mapping[str, int] | None = None,
    ) -> None:
        self.header = [shown(h) for h in header]
        skip = CONTACT | BOOKKEEPING[fmt] | set(PHONES) | set(QUESTIONS)
        chosen = chosen or {}
        self.phones = [i for i, h in enumerate(normed) if h in PHONES] + [
            i for f, i in chosen.items() if f == "phone"
        ]
        self.questions = [i for i, h in enumerate(normed) if h in QUESTIONS] + [
            i for f, i in chosen.items() if f == "notes"
        ]
        picked = set(chosen.values())
        self.left = [i for i, h in enumerate(normed) if h and h not in skip and i not in picked]
        self.keep = keep
        self.filled: set[int] = set()

    def fill(self, person: Person, row: Sequence[str]) -> Person:
        """The person with the row's phones and questions (and with `keep`
        the columns left), noting which left columns the row fills."""
        phones = tuple(v for v in self._values(row, self.phones) if v not in person.phones)
        lines = [f"{self.header[i]}: {row[i].strip()}" for i in self._at(row, self.questions)]
        left = self._at(row, self.left)
        self.filled.update(left)
        if self.keep:
            lines += [f"{self.header[i]}: {row[i].strip()}" for i in left]
        if not phones and not lines:
            return person
        notes = "\n".join([*([person.notes] if person.notes else []), *lines]) or None
        return person._replace(phones=(*person.phones, *phones), notes=notes)

    def unused(self) -> list[str]:
        """The left columns some row fills, in the file's order."""
        return [self.header[i] for i in self.left if i in self.filled]

    def _at(self, row: Sequence[str], where: Iterable[int]) -> list[int]:
        return [i for i in where if i < len(row) and row[i].strip() not in EMPTY]

    def _values(self, row: Sequence[str], where: Iterable[int]) -> list[str]:
        return [row[i].strip() for i in self._at(row, where)]


class Spare:
    """A plain sheet's or a form's columns no field reads, less the form's
    bookkeeping: `unused` is filled by `pln import csv`'s reader once it has
    read the header, so they are found at the first row."""

    def __init__(
        self, header: Sequence[str], fmt: str, used: Iterable[int], unused: list[str], keep: bool
    ) -> None:
        self.header = [h.strip() for h in header]
        self.skip = BOOKKEEPING.get(fmt, frozenset())
        self.used, self.unused, self.keep = set(used), unused, keep
        self.left: list[int] | None = None
        self.filled: set[int] = set()

    def take(self, record: Record, row: Sequence[str]) -> None:
        """Note which columns the row fills; with `keep`, add them to the record's notes."""
        if self.left is None:
            names = set(self.unused)
            self.left = [
                i
                for i, h in enumerate(self.header)
                if h in names and norm(h) not in self.skip and i not in self.used
            ]
        values = {i: row[i].strip() for i in self.left if i < len(row) and row[i].strip()}
        self.filled.update(values)
        if self.keep and values:
            kept = [f"{shown(self.header[i])}: {formula_unsafe(v)}" for i, v in values.items()]
            record.notes = "\n".join([*([record.notes] if record.notes else []), *kept])

    def said(self) -> list[str]:
        return [shown(self.header[i]) for i in self.left or [] if i in self.filled]


def shown(header: str) -> str:
    """A header as the summary and notes show it: without control and format
    characters (a zero-width space, a soft hyphen, a byte-order mark), which
    make "Zero\u200bWidth" unlike the "ZeroWidth" a user would --map."""
    kept = (ch for ch in header if ch in "\u200c\u200d" or unicodedata.category(ch) != "Cf")
    return one_line("".join(kept))


def norm(header: str) -> str:
    """The key a header is matched by, as shown: "Zero\u200bWidth" is "ZeroWidth"."""
    return re.sub(r"[^a-z0-9]+", " ", fold(shown(header))).strip()


def repeated(fmt: str, normed: Sequence[str]) -> dict[str, list[int]]:
    """The headers the row readers read by name that a file names twice or
    more (a Zoom report ending with a second, empty Email column), with where
    each stands. Others (phones, questions, those left) are read by place: each
    column whole."""
    read = CONTACT | BOOKKEEPING[fmt]
    where: dict[str, list[int]] = {}
    for i, h in enumerate(normed):
        if h in read:
            where.setdefault(h, []).append(i)
    return {h: at for h, at in where.items() if len(at) > 1}


def repeats_said(header: Sequence[str], twice: Mapping[str, list[int]]) -> list[str]:
    """One line a repeated header, for the summary: never a column dropped silently."""
    said = []
    for at in twice.values():
        times = "twice" if len(at) == 2 else f"{len(at)} times"
        where = ", ".join(str(i + 1) for i in at)
        said.append(
            f"{shown(header[at[0]])} appears {times} (columns {where}): "
            "the first with a value read on each row"
        )
    return said


def cells(
    normed: Sequence[str],
    header: Sequence[str],
    values: Sequence[str],
    twice: Mapping[str, list[int]],
    line: int,
) -> dict[str, str]:
    """A row's values by header: a repeated header's first value that is
    filled, since the last (what a dict keeps) may be an empty column; refused
    when its columns hold two different values, as pln cannot tell which is meant."""
    found = dict(zip(normed, values, strict=False))
    for name, at in twice.items():
        said = [values[i] for i in at if i < len(values) and values[i].strip() not in EMPTY]
        if len({fold(v) for v in said}) > 1:
            raise Invalid(
                f"line {line}: {shown(header[at[0]])} appears twice and its columns "
                f"({', '.join(str(i + 1) for i in at)}) hold different values: remove or "
                "rename the one pln should not read"
            )
        found[name] = said[0] if said else ""
    return found
