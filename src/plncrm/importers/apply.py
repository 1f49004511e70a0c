"""The one matching and merging engine every import goes through.

`apply` matches each record against the store (`known`), adds what is new, merges what
adds something to a known contact, and skips the rest. The caller runs it in one
transaction, so a failure or Ctrl-C changes nothing, and importing the same file
twice adds nothing the second time.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

from plncrm.core import cadences, organisations, strikeouts
from plncrm.core.names import PARTS, NameParts, alternate, from_email
from plncrm.core.phones import normalise
from plncrm.importers import self_typed
from plncrm.importers.extras import Row, apply_extras
from plncrm.importers.known import Known
from plncrm.importers.meetings import arm, first_met, record_met
from plncrm.importers.merging import (
    INSERT_DETAIL,
    absorb,
    connect,
    details,
    insert_ids,
    merge_into,
)
from plncrm.importers.records import (
    Named,
    Record,
    Rejected,
    Report,
    check,
    clean,
    settle_birthday,
    tidy_name,
    with_kept,
)
from plncrm.reads import settings
from plncrm.store import journal, textsearch
from plncrm.store.db import Db, connection
from plncrm.store.db import value as first_value
from plncrm.store.schema import new_uid
from plncrm.util import clock
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, strip_controls

if TYPE_CHECKING:
    from sqlmodel import Session

BATCH = 1000
_NAME = "SELECT name FROM contact WHERE id = :id"
EXAMPLES = 20  # "where we met" values kept as notes, and dates the date order read, in a report


@dataclass(frozen=True)
class Met:
    """Where the imported people were met (business cards from a booth)."""

    event_id: int
    event_name: str
    on: date | None  # None: the event has no date yet, nor did the import give one
    # Only the rows of these lines were met there (None: every row): at a
    # conference we did not host, those who came, not everyone who bought a ticket.
    lines: frozenset[int] | None = None

    def covers(self, line: int) -> bool:
        """Whether the row of `line` was met there."""
        return self.lines is None or line in self.lines


def apply(
    into: Db | Session,
    records: Iterable[Record | Rejected],
    *,
    strict: bool = False,
    connected_note: str = "Connected",
    source: str = "import",
    met: Met | None = None,
    today: date,
    among: Collection[int] | None = None,
    self_typed: str | None = None,
) -> Report:
    """Add or merge every record; rejections are counted (or, with `strict`, fatal).
    With `met`, new contacts are recorded as met there, and known ones get a
    touchpoint at that event signed by the importing member (once) and, like
    the new ones, a strike-out follow-up unless one is open. `among`: only
    these contacts are read and matched (the kiosk: those holding its address).
    `self_typed`: where the people typed the rows themselves (a registration
    form), matched then by email alone and changing nothing stored about a
    known contact, what differs kept on a note (`self_typed`)."""
    db = connection(into)
    db.lock("contacts")  # two members importing overlapping files take turns
    # What it adds, the strike-out follow-ups too, is recorded for `pln undo`
    # in one statement a table; the search index takes the contacts in one pass.
    with journal.bulk(db):
        with textsearch.deferred(db) as changed:
            run = _apply(db, records, strict, connected_note, source, met, today, among, self_typed)
            changed |= run.touched
        return _settle(db, run, met, today)


def _settle(db: Db, run: _Run, met: Met | None, today: date) -> Report:
    """Once every record is written: each row's extras, keep-in-touch dates,
    the meetings (`met`, and those the rows name) and their follow-ups."""
    report, touched, merged, matched = run.report, run.touched, run.merged, run.matched
    added = touched - merged
    report.new_ids, report.known_ids = added, set(matched)
    # Each organisation a merge wrote, as a record (new contacts were given theirs).
    organisations.place(db, sorted(touched), run.finder())
    if run.typed is not None:
        self_typed.notes(db, report, run.typed, today)
    rows = run.extra_rows(added)
    met_again = apply_extras(db, rows, report, today)
    if not settings.load(db).tag_cadences:
        # Without tag defaults, only a cadence or a touch the import gave moves a
        # contact's keep-in-touch date: those of a merge, and those a row's
        # extras set (`add-contact --cadence` computes it the same way).
        touched = (touched & merged) | {
            row.contact_id
            for row in rows
            if row.record.cadence
            or row.record.last_contacted
            or row.record.met_on
            or row.record.met_at
        }
    if touched:
        cadences.refresh(db, sorted(touched))
    again: list[strikeouts.Meeting] = []  # known people met there: visitors like any other
    if met and run.met_known:
        record_met(db, run.met_known, met.event_id, met.event_name, met.on or today, first=met.on)
        again = [
            strikeouts.Meeting(cid, met.on or today, met.event_id, met.event_name)
            for cid in sorted(run.met_known)
        ]
    if met and (met.lines is None or met.lines):
        report.met_at.insert(0, met.event_name)
        if met.on is None:
            report.undated.insert(0, met.event_name)
    first = first_met(db, added, today) if met or report.met_at or run.dated else []
    if met_again:  # a row naming where someone already known was met: the same
        by_event: dict[tuple[int, str, date], list[int]] = {}
        for m in met_again:
            assert m.event_id is not None
            assert m.event_name is not None
            by_event.setdefault((m.event_id, m.event_name, m.on), []).append(m.contact_id)
        for (event_id, name, on), ids in by_event.items():
            record_met(db, ids, event_id, name, on)
        again += met_again
    if first or again:
        arm(db, [*first, *again], report, today)
    return report


@dataclass
class _Run:
    """One import's state: records held back to be written in batches (under
    negative placeholder ids, so that later rows can match them), and what the
    import touched, merged and matched."""

    db: Db
    known: Known
    note: str
    source: str
    met: Met | None
    today: date
    region: str = ""  # `pln config phone-region`
    now: datetime = field(default_factory=clock.now)
    report: Report = field(default_factory=Report)
    pending: dict[int, Record] = field(default_factory=dict)  # placeholder → record not yet written
    real: dict[int, int] = field(default_factory=dict)  # placeholder → id once written
    touched: set[int] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)
    matched: set[int] = field(default_factory=set)  # contacts already stored that the file names
    met_known: set[int] = field(default_factory=set)  # those of them met there (`Met.lines`)
    extras: dict[int, Record] = field(default_factory=dict)  # contact or placeholder → its extras
    dated: bool = False  # a row gave a meeting date
    orgs: organisations.Finder | None = None  # the organisation records, once loaded
    typed: str | None = None  # where people typed the rows themselves (`self_typed`)

    def finder(self) -> organisations.Finder:
        """The organisation records, loaded at the first row that names one."""
        if self.orgs is None:
            self.orgs = organisations.Finder(self.db)
        return self.orgs

    def take(self, item: Record) -> None:
        item.phones = [normalise(p, self.region) for p in item.phones]
        tidy_name(item)
        other = alternate(item.name, NameParts(item.given, item.family))
        if other and fold(other) not in {fold(a) for a in item.akas}:
            item.akas.append(other)
        if item.org and item.org.strip():  # a name merged or renamed away: the record's
            item.org = self.finder().written(item.org)
        found = self.known.match(item, by_email=self.typed is not None and bool(item.emails))
        if found is not None and found < 0:
            found = self.real.get(found, found)
        self.dated |= item.met_on is not None
        if found is not None and found > 0 and item.has_extras():
            self.extras.setdefault(found, item)
        if found is None:
            if item.has_extras():
                self.extras[-(len(self.real) + len(self.pending) + 1)] = item
            if len(self.pending) >= BATCH:
                self.write_pending()
            placeholder = -(len(self.real) + len(self.pending) + 1)
            self.known.remember(placeholder, item)
            self.pending[placeholder] = item
            self.report.added += 1
        elif found < 0:
            absorbed = absorb(self.pending[found], item, f"{self.source}, {self.today}")
            if absorbed:
                self.known.remember(found, item)
            self._count(absorbed, found, clean(self.pending[found].name) or "")
        else:
            self.matched.add(found)
            met_here = self.met_there(found, item.line)
            if self.typed is not None:
                item = self_typed.as_known(self.db, found, item, self.known, self.report)
            changed = merge_into(
                self.db,
                found,
                item,
                self.known,
                self.note,
                self.now,
                today=self.today,
                updated=self.report.updated,
                source=self.source,
                former=self.report.former_jobs,
                met_today=met_here and self.met is not None and self.met.on == self.today,
            )
            if changed:
                self.touched.add(found)
                self.merged.add(found)
            name = first_value(self.db, _NAME, {"id": found}) if changed else None
            self._count(changed, found, name or "")

    def met_there(self, contact_id: int, line: int) -> bool:
        """Whether the known contact of the row at `line` was met there (kept)."""
        if self.met is None or not self.met.covers(line):
            return False
        self.met_known.add(contact_id)
        return True

    def extra_rows(self, added: set[int]) -> list[Row]:
        rows = []
        for key, record in self.extras.items():
            contact_id = self.real.get(key, key)
            rows.append(Row(contact_id, record, contact_id in added, contact_id in self.merged))
        return rows

    def _count(self, merged: bool, contact_id: int, name: str) -> None:
        """A row that matched a contact (a placeholder: one this file adds)."""
        if merged:
            self.report.merged += 1
            self.report.merged_people.append(Named(contact_id, name))
        else:
            self.report.skipped += 1

    def named_again(self) -> None:
        """The contacts merged into that this file added, under their ids."""
        self.report.merged_people = [
            Named(self.real.get(p.id, p.id), p.name) for p in self.report.merged_people
        ]

    def write_pending(self) -> None:
        if not self.pending:
            return
        met, db = self.met, self.db
        member = db.member or None
        batch = list(self.pending.items())
        rows = [
            {
                "name": clean(r.name),
                "name_key": fold(clean(r.name) or ""),
                "org": clean(r.org),
                "org_id": self.finder().resolve(org) if (org := clean(r.org)) else None,
                "role": clean(r.role),
                "notes": with_kept(
                    (strip_controls(r.notes).strip() or None) if r.notes else None, r.kept
                ),
                "birthday": clean(r.birthday),
                "last_contacted": r.connected_on,
                "archived": False,
                "uid": r.uid or new_uid(),
                **{part: clean(getattr(r, part)) for part in PARTS},
                "pronouns": r.pronouns,
                "source": self.source,
                "created_at": self.now,
                "created_by": member,
                "met_event_id": met.event_id if met and met.covers(r.line) else None,
                "met_on": met.on if met and met.covers(r.line) else None,
            }
            for _, r in batch
        ]
        ids = insert_ids(db, "contact", rows)
        rows_of_details: list[dict[str, object]] = []
        for contact_id, (placeholder, record) in zip(ids, batch, strict=True):
            self.real[placeholder] = contact_id
            self.report.added_people.append(Named(contact_id, clean(record.name) or ""))
            self.known.written(contact_id, placeholder)
            if record.connected_on:
                self.known.connected.add((contact_id, record.connected_on))
            rows_of_details += details(contact_id, record, set())
        if rows_of_details:
            db.many(INSERT_DETAIL, rows_of_details)
        connect(
            db,
            [(cid, r.connected_on) for cid, (_, r) in zip(ids, batch, strict=True)],
            self.note,
            self.now,
        )
        self.touched.update(ids)
        self.pending.clear()


def _examples(into: list[str], values: list[str]) -> None:
    """Add the values not listed yet, up to EXAMPLES of them (a summary names them)."""
    for value in values:
        if len(into) < EXAMPLES and value not in into:
            into.append(value)


def _apply(
    db: Db,
    records: Iterable[Record | Rejected],
    strict: bool,
    connected_note: str,
    source: str,
    met: Met | None,
    today: date,
    among: Collection[int] | None = None,
    typed: str | None = None,
) -> _Run:
    known = Known(db, among)
    run = _Run(db, known, connected_note, source, met, today, settings.load(db).phone_region)
    run.typed = typed
    for item in records:
        if isinstance(item, Record) and not item.name.strip() and item.emails:
            item.name = from_email(item.emails[0])  # until a name is known
        problem = item.reason if isinstance(item, Rejected) else check(item)
        if problem:
            if strict:
                raise Invalid(f"line {item.line}: {problem}")
            run.report.rejected.append(Rejected(item.line, problem))
            continue
        assert isinstance(item, Record)
        settle_birthday(item)  # only real days are stored; any other text goes to the notes
        _examples(run.report.not_events, item.not_events)
        _examples(run.report.ambiguous_dates, item.ambiguous_dates)
        run.take(item)  # matching may keep a shared address in notes: a warning too
        run.report.warnings += [Rejected(item.line, w + ", kept in notes") for w in item.warnings]
    run.write_pending()
    run.named_again()
    return run
