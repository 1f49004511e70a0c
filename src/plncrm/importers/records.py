"""What every file reader produces: a `Record` per person (or a `Rejected`
line, with why), checked the same way for every format; and the `Report` an
import ends with."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from plncrm.core.names import NameParts, given_and_family, looks_like_email, tidy
from plncrm.store.kinds import DETAIL_KINDS
from plncrm.util.bounds import MAX_FIELD_BYTES
from plncrm.util.dates import DateOrder, parse_birthday
from plncrm.util.errors import PlnError
from plncrm.util.text import fold, is_email, one_line, strip_controls


@dataclass
class Record:
    """One contact as read from a file, before it meets the store."""

    line: int
    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    offers: list[str] = field(default_factory=list)
    akas: list[str] = field(default_factory=list)
    past_roles: list[str] = field(default_factory=list)
    given: str | None = None
    middle: str | None = None
    family: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    pronouns: str | None = None  # "she/her": taken off the name (`names.tidy`)
    org: str | None = None
    role: str | None = None
    notes: str | None = None
    birthday: str | None = None
    connected_on: date | None = None
    # What a spreadsheet row may say beyond the contact itself (`importers.extras`).
    uid: str | None = None
    met_at: str | None = None
    met_on: date | None = None
    via: str | None = None
    cadence: str | None = None
    communities: list[str] = field(default_factory=list)
    last_contacted: date | None = None
    warnings: list[str] = field(default_factory=list)  # values not understood (kept in notes)
    kept: list[str] = field(default_factory=list)  # their lines for the notes, new contact or known
    not_events: list[str] = field(default_factory=list)  # "where we met", no event: notes
    ambiguous_dates: list[str] = field(default_factory=list)  # read in the date order (3/4/2026)

    def has_extras(self) -> bool:
        return bool(
            self.met_at
            or self.met_on
            or self.via
            or self.cadence
            or self.communities
            or self.last_contacted
        )

    def values(self, kind: str) -> list[str]:
        found: list[str] = getattr(self, _LISTS[kind])
        return found


# The list of a record that holds each kind of detail.
_LISTS = {
    "email": "emails",
    "phone": "phones",
    "link": "links",
    "tag": "tags",
    "need": "needs",
    "offer": "offers",
    "aka": "akas",
    "past_role": "past_roles",
}


@dataclass(frozen=True)
class Rejected:
    line: int
    reason: str


@dataclass(frozen=True)
class Updated:
    """A contact an import changed, and how ("role Coach → Principal")."""

    line: int
    name: str
    change: str


@dataclass(frozen=True)
class Former:
    """A file's organisation or title that is one the contact has left (one of
    their past roles): an older file than the store, so the job is kept."""

    line: int
    name: str
    former: str  # what the file has: "organisation Elmhurst CUSD 205"
    kept: str  # the job kept: "Director of Literacy at Naperville CUSD 203"


@dataclass
class ColumnOrder:
    """A date column read in the order one of its dates shows (9/17/2026 can
    only be month first), whatever the default: which, why, and the dates
    that order decided."""

    column: str
    order: DateOrder
    because: str
    dates: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "column": self.column,
            "order": self.order,
            "because": self.because,
            "dates": self.dates,
        }


@dataclass(frozen=True)
class Named:
    """A contact an import added or merged into (`org`: a dry run's, not stored yet)."""

    id: int
    name: str
    org: str | None = None


@dataclass(frozen=True)
class MetThere:
    """Someone the import records as met: where (None: at no event) and when."""

    id: int
    name: str
    event: str | None
    on: date

    def as_dict(self, new: Collection[int] = ()) -> dict[str, object]:
        """`new`: the ids of contacts a dry run added, which no store keeps (null)."""
        return {
            "id": None if self.id in new else self.id,
            "name": self.name,
            "event": self.event,
            "met_on": self.on.isoformat(),
        }


@dataclass
class Report:
    added: int = 0
    merged: int = 0
    skipped: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    dry_run: bool = False
    follow_ups: int = 0  # strike-out guards armed for the people met
    armed: list[MetThere] = field(default_factory=list)  # ...for whom, met where
    too_old: list[MetThere] = field(default_factory=list)  # met before the guards' horizon: none
    new_ids: set[int] = field(default_factory=set)  # the contacts added (a dry run's are not kept)
    known_ids: set[int] = field(default_factory=set)  # contacts already stored that it named
    added_people: list[Named] = field(default_factory=list)  # in the file's order
    merged_people: list[Named] = field(default_factory=list)  # once a row: someone may come twice

    def merged_into(self) -> list[Named]:
        """The contacts merged into, each once."""
        return list({p.id: p for p in self.merged_people}.values())

    met_at: list[str] = field(default_factory=list)  # the events they were met at
    undated: list[str] = field(default_factory=list)  # those of them with no date yet
    warnings: list[Rejected] = field(default_factory=list)  # a value not understood, kept in notes
    updated: list[Updated] = field(default_factory=list)  # newer organisations and roles taken
    unused_columns: list[str] = field(default_factory=list)  # a spreadsheet's columns not read
    kept_in_notes: bool = False  # ...but kept in each contact's notes
    settings_kept: list[str] = field(default_factory=list)  # the store's own, where a file's differ
    settings_taken: list[str] = field(default_factory=list)  # a restore's, from the file
    settings_left_out: list[str] = field(default_factory=list)  # a machine's or a secret's
    not_events: list[str] = field(default_factory=list)  # "where we met" kept as notes
    ambiguous_dates: list[str] = field(default_factory=list)  # dates the date order decided (some)
    date_order: str | None = None  # that order (`pln config date-order`), for the summary
    column_orders: list[ColumnOrder] = field(
        default_factory=list
    )  # columns read as their dates show
    former_jobs: list[Former] = field(default_factory=list)  # stale jobs, not taken
    cleaned: list[str] = field(default_factory=list)  # where control characters were taken out
    not_applied: list[Updated] = field(default_factory=list)  # what people typed (`self_typed`)
    not_applied_ids: list[int] = field(default_factory=list)  # ...about which contacts
    not_applied_before: list[str] = field(default_factory=list)  # ...noted by an earlier import

    def as_dict(self) -> dict[str, object]:
        new = self.new_ids if self.dry_run else set()
        return {
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "added_contacts": [
                {"id": None if self.dry_run else p.id, "name": p.name} for p in self.added_people
            ],
            "merged_contacts": [{"id": p.id, "name": p.name} for p in self.merged_into()],
            "rejected": [{"line": r.line, "reason": r.reason} for r in self.rejected],
            "dry_run": self.dry_run,
            "follow_ups": self.follow_ups,
            "met_at": self.met_at,
            "undated_events": self.undated,
            # As the summary says them: kept in notes (--keep-unmapped), or not imported.
            "unused_columns": [] if self.kept_in_notes else self.unused_columns,
            "kept_columns": self.unused_columns if self.kept_in_notes else [],
            "kept_in_notes": [{"line": w.line, "reason": w.reason} for w in self.warnings],
            "updated": [{"line": u.line, "name": u.name, "change": u.change} for u in self.updated],
            "settings_kept": self.settings_kept,
            "settings_taken": self.settings_taken,
            "settings_left_out": self.settings_left_out,
            "not_events": self.not_events,
            "ambiguous_dates": self.ambiguous_dates,
            "date_order": self.date_order if self.ambiguous_dates else None,
            "date_columns": [c.as_dict() for c in self.column_orders if c.dates],
            "former_jobs": [
                {"line": f.line, "name": f.name, "former": f.former, "kept": f.kept}
                for f in self.former_jobs
            ],
            "cleaned": self.cleaned,
            "not_applied": [
                {"line": u.line, "name": u.name, "typed": u.change} for u in self.not_applied
            ],
            "not_applied_before": self.not_applied_before,
            "follow_ups_for": [m.as_dict(new) for m in self.armed],
            "too_old_for_follow_ups": [m.as_dict(new) for m in self.too_old],
        }


# "Where we met" values that are no event: a podcast, a chat, a group, a
# platform, a person, a place. A word of an event ("conference", "webinar")
# makes it one whatever else it says.
_EVENT_WORDS = re.compile(
    r"\b(conf|conference|summit|expo|meetup|meet up|webinar|workshop|\w*camp|convention|"
    r"symposium|fair|booth|session|institute|hackathon|festival|retreat|gala|luncheon|keynote|"
    r"panel|unconference|roundtable)s?\b"
)
_NOT_EVENTS = re.compile(
    r"\b(podcasts?|chats?|groups?|communit(?:y|ies)|slack|discord|newsletters?|blogs?|twitter|"
    r"facebook|linkedin|instagram|reddit|tiktok|youtube|mastodon|bluesky|threads|online|"
    r"internet|google|friends?|colleagues?|co-?workers?|neighbou?rs?|referral|family|church|gym|"
    r"cafe|coffee shop|airport|flight|plane|train)\b|^[#@]\S"  # a hashtag, a handle
)
_LINK = re.compile(
    r"^(?:https?://|www\.)|\b[\w-]+\.(?:com|org|net|io|fm|edu|co|tv|me|app|social)\b"
)


def not_an_event(where: str) -> bool:
    """Whether a "where we met" value is clearly no event: a podcast, a chat,
    a group or community, a platform, a hashtag, a handle or a link, a person
    ("a friend") or a place (an airport, a gym). Anything naming an event
    ("conference", "webinar", "EdCamp") stays an event."""
    text = fold(" ".join(where.split()))
    if _LINK.search(text):
        return True
    return not _EVENT_WORDS.search(text) and bool(_NOT_EVENTS.search(text))


def clean(value: str | None) -> str | None:
    if value is None:
        return None
    text = " ".join(strip_controls(value).split())
    return text or None


def check(record: Record) -> str | None:
    """Why a record cannot be imported, or None."""
    if not record.name.strip():
        return "no name"
    for value in (
        record.name,
        record.org,
        record.role,
        record.notes,
        *(v for kind in DETAIL_KINDS for v in record.values(kind)),
    ):
        if value and len(value) > MAX_FIELD_BYTES:
            return f"a field is longer than {MAX_FIELD_BYTES:,} characters"
    for email in record.emails:
        if not is_email(email.strip()):
            return f"not an email address: {email!r}"
    return None


def settle_birthday(record: Record) -> None:
    """The record's birthday as stored (`parse_birthday`), or, when it is no
    real day, nothing: the text is kept for the notes and reported instead."""
    text = clean(record.birthday)
    if text is None:
        record.birthday = None
        return
    try:
        record.birthday = parse_birthday(text)
    except PlnError:
        record.birthday = None
        record.kept.append(f"Birthday: {text}")
        record.warnings.append(f"birthday {text!r} is not a date")


def with_kept(notes: str | None, kept: list[str]) -> str | None:
    """`notes` with each of the `kept` lines it does not hold yet, one a line."""
    lines = [line for line in dict.fromkeys(kept) if line not in (notes or "").split("\n")]
    return "\n".join([*([notes] if notes else []), *lines]) or None


def split_names(first: str | None, last: str | None) -> str:
    """A file's first and last name columns as one name, in the order the
    name's script writes them (`names.given_and_family`: First 小明, Last 王
    is 王小明). Every importer's two name columns are joined here."""
    return one_line(given_and_family(first, last))


def tidy_name(item: Record) -> None:
    """Take the pronouns, emoji and quoted nickname off a record's name, and its
    credentials and honorifics into their own parts ("Alvarez, Ed.D." → suffix
    "Ed.D."), before it is matched and stored."""
    had = NameParts(item.given, item.family, item.prefix, item.suffix, item.middle)
    found = tidy(item.name, had)
    if found.name and not looks_like_email(item.name):
        item.name = found.name
    item.pronouns = item.pronouns or found.pronouns
    # A nickname in quotes ("Bernadette 'Bernie' Walsh"): another name of theirs.
    item.akas += [a for a in found.akas if fold(a) not in {fold(b) for b in item.akas}]
    parts = found.parts  # the file's own parts, or the name's as `add-contact` splits it
    item.given, item.middle, item.family = parts.given, parts.middle or had.middle, parts.family
    # A file's prefix or suffix with no given or family name (a sheet's Prefix
    # column beside a Name): the name's split does not drop them.
    item.prefix, item.suffix = parts.prefix or had.prefix, parts.suffix or had.suffix
