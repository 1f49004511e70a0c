"""What a spreadsheet row says beyond the contact itself: where and when they
were met, who introduced them, their keep-in-touch cadence, their communities
and when they were last in touch. Applied once every row's contact exists, so
that "via" can name someone further down the file.

New contacts take all of it; contacts already stored keep what they have and
gain only what they lacked. A value that cannot be used is kept in the
contact's notes and reported, never dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from plncrm.core import communities, contacts, events
from plncrm.core.cadences import parse_cadence
from plncrm.core.strikeouts import Meeting
from plncrm.importers.records import Named, Record, Rejected, Report, Updated, with_kept
from plncrm.store.db import Db, connection, fetch, save
from plncrm.store.schema import Community, Contact, Event, values
from plncrm.util.errors import PlnError
from plncrm.util.text import fold

if TYPE_CHECKING:
    from sqlmodel import Session

# Joining twice is no change (another member may add the same membership meanwhile).
_JOIN = (
    "INSERT INTO community_member (community_id, contact_id, joined_on) "
    "VALUES (:community_id, :contact_id, NULL) ON CONFLICT DO NOTHING"
)


@dataclass(frozen=True)
class Row:
    contact_id: int
    record: Record
    added: bool  # a new contact (takes every value) or a stored one (fills gaps)
    merged: bool = False  # a stored one the import already changed (counted as merged)


def apply_extras(
    into: Db | Session, rows: Sequence[Row], report: Report, today: date
) -> list[Meeting]:
    """Write each row's extras; the events met at are added to `report.met_at`.
    Returns the meetings of people already stored whose row names an event:
    met there again, visitors like any other (`apply` logs and arms them)."""
    again: list[Meeting] = []
    if not rows:
        return again
    db = connection(into)
    people = contacts.get_many(db, [row.contact_id for row in rows])
    found_events: dict[str, Event] = {}
    found_communities: dict[str, Community] = {}
    counted: set[int] = set()  # contacts the import had found nothing new for, until now
    for row in rows:
        contact = people.get(row.contact_id)
        if contact is None:  # pragma: no cover - written by this transaction
            continue
        before = values(contact)
        kept: list[str] = []
        record = row.record
        if record.met_at or record.met_on:
            meeting = _met(db, contact, record, row.added, found_events, report, today)
            again += [meeting] if meeting is not None else []
        kept += _introducer_and_cadence(db, contact, row, report)
        if record.last_contacted and (
            contact.last_contacted is None or contact.last_contacted < record.last_contacted
        ):
            contact.last_contacted = record.last_contacted
        joined = []
        for name in record.communities:
            key = fold(name)
            if key not in found_communities:
                found_communities[key] = _community(db, name)
            community = found_communities[key]
            member = {"community_id": community.id, "contact_id": contact.id}
            if db.execute(_JOIN, member):
                joined.append(community.name)
        if joined and not row.added:  # an existing contact changed: say so, and count it
            report.updated.append(Updated(record.line, contact.name, "joined " + ", ".join(joined)))
            _count(row, contact, report, counted)
        # Only the lines their notes do not hold yet: the same sheet imported
        # again ("Cadence: fortnightly-ish" is still no interval) adds none.
        notes = with_kept(contact.notes, kept) if kept else contact.notes
        if notes != contact.notes:
            contact.notes = notes
            if not row.added:  # a line new to someone known is a change
                _count(row, contact, report, counted)
        save(db, contact, since=before)
    return again


def _count(row: Row, contact: Contact, report: Report, counted: set[int]) -> None:
    """A stored contact the import had found nothing new for, until its
    extras: merged, not skipped (once)."""
    if not row.merged and row.contact_id not in counted:
        counted.add(row.contact_id)
        report.skipped, report.merged = report.skipped - 1, report.merged + 1
        report.merged_people.append(Named(row.contact_id, contact.name))


def _introducer_and_cadence(db: Db, contact: Contact, row: Row, report: Report) -> list[str]:
    """Set who introduced them and their cadence; what cannot be used is returned for the notes."""
    kept: list[str] = []
    record = row.record
    if record.cadence and (row.added or not contact.cadence):
        try:
            contact.cadence = parse_cadence(record.cadence)
        except PlnError:
            kept.append(f"Cadence: {record.cadence}")
            report.warnings.append(
                Rejected(record.line, f"cadence {record.cadence!r} is not an interval")
            )
    if record.via and (row.added or contact.via_id is None):
        via = _person(db, record.via)
        if via is None or via == contact.id:
            kept.append(f"Via: {record.via}")
            report.warnings.append(
                Rejected(record.line, f"via {record.via!r}: no one contact has that name")
            )
        else:
            contact.via_id = via
    return kept


def _met(
    db: Db,
    contact: Contact,
    record: Record,
    added: bool,
    found: dict[str, Event],
    report: Report,
    today: date,
) -> Meeting | None:
    """Where and when: the event (created undated when the file gives no day)
    and the day, which defaults to the event's first day. Someone already
    stored keeps where they were first met; met at an event, that meeting is
    returned."""
    event = None
    if record.met_at:
        key = fold(record.met_at)
        if key not in found:
            found[key] = events.find_or_create(db, record.met_at, on=record.met_on, exact=True)
            name = found[key].name
            if name not in report.met_at:
                report.met_at.append(name)
        event = found[key]
        if event.starts_on is None and event.name not in report.undated:
            report.undated.append(event.name)
    on = record.met_on or (event.starts_on if event else None)
    if added or (contact.met_event_id is None and contact.met_on is None):
        contact.met_event_id = event.id if event else contact.met_event_id
        contact.met_on = on
    if added or event is None:
        return None
    return Meeting(contact.id or 0, on or today, event.id, event.name)


def _person(db: Db, name: str) -> int | None:
    """The one contact called exactly `name` (any case or accents), or None."""
    ids = db.tuples(
        "SELECT id FROM contact WHERE name_key = :key LIMIT 2", {"key": fold(name.strip())}
    )
    return int(ids[0][0]) if len(ids) == 1 else None


def _community(db: Db, name: str) -> Community:
    existing = fetch(db, Community, "name_key = :key", {"key": fold(" ".join(name.split()))})
    return existing[0] if existing else communities.add(db, name)
