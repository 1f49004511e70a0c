"""The one matching and merging engine every import goes through.

`apply` matches each record against the store (by email, then profile link,
then the same name at a compatible organisation), adds what is new, merges what
adds something to a known contact, and skips the rest. The caller runs it in one
transaction, so a failure or Ctrl-C changes nothing, and importing the same file
twice adds nothing the second time.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, insert, select
from sqlmodel import Session, col

from plncrm.core import cadences, members, preferences, strikeouts
from plncrm.core.contacts import detail_key
from plncrm.importers.extras import Row, apply_extras
from plncrm.importers.records import Record, Rejected, Report, check, clean
from plncrm.store import journal, textsearch
from plncrm.store.engine import lock
from plncrm.store.kinds import DETAIL_KINDS
from plncrm.store.models import Contact, ContactDetail, Interaction, InteractionContact, new_uid
from plncrm.util import clock
from plncrm.util.errors import Invalid
from plncrm.util.text import fold, strip_controls

BATCH = 1000


class Known:
    """What the store already holds, loaded once, so matching costs no queries."""

    def __init__(self, session: Session) -> None:
        self.by_key: dict[tuple[str, str], int] = {}
        self.keys: dict[int, set[tuple[str, str]]] = defaultdict(set)
        for contact_id, kind, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.kind), col(ContactDetail.key))
        ):
            self.keys[contact_id].add((kind, key))
            if kind in ("email", "link"):
                self.by_key.setdefault((kind, key), contact_id)
        self.by_name: dict[str, list[int]] = defaultdict(list)
        # Namesakes by which strong identifiers they lack: "email", "link" or both.
        self.lacking: dict[frozenset[str], dict[str, list[int]]] = {
            frozenset(kinds): defaultdict(list)
            for kinds in (("email",), ("link",), ("email", "link"))
        }
        self.org: dict[int, str | None] = {}
        self.by_uid: dict[str, int] = {}
        has: dict[int, set[str]] = defaultdict(set)
        for (kind, _), cid in self.by_key.items():
            has[cid].add(kind)
        for contact_id, name_key, org, uid in session.execute(
            select(col(Contact.id), col(Contact.name_key), col(Contact.org), col(Contact.uid))
        ):
            if uid:
                self.by_uid[uid] = contact_id
            self.by_name[name_key].append(contact_id)
            self._file_lacking(contact_id, name_key, has.get(contact_id, set()))
            self.org[contact_id] = fold(org) if org else None
        self.connected: set[tuple[int, date]] = {
            (contact_id, day)
            for contact_id, day in session.execute(
                select(col(InteractionContact.contact_id), col(Interaction.happened_on))
                .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
                .where(col(Interaction.kind) == "connected")
            )
        }

    def match(self, record: Record) -> int | None:
        if record.uid and record.uid in self.by_uid:
            return self.by_uid[record.uid]  # our own export, read back
        for kind in ("email", "link"):
            for value in record.values(kind):
                found = self.by_key.get((kind, detail_key(kind, value)))
                if found is not None:
                    return found
        # Two people of the same name are different people when both have
        # emails (or both have profile links) and none of them matched above.
        strong = frozenset(kind for kind in ("email", "link") if record.values(kind))
        same_name = (self.lacking[strong] if strong else self.by_name).get(fold(record.name), [])
        org = fold(record.org) if record.org else None
        found = None
        for cid in same_name:
            if not org or not self.org.get(cid) or self.org[cid] == org:
                if found is not None:
                    return None  # several could be them: never guess
                found = cid
        return found

    def _file_lacking(self, contact_id: int, name_key: str, has: set[str]) -> None:
        for kinds, names in self.lacking.items():
            if not kinds & has:
                names[name_key].append(contact_id)

    def remember(self, contact_id: int, record: Record) -> None:
        if record.uid:
            self.by_uid.setdefault(record.uid, contact_id)
        self.by_name[fold(record.name)].append(contact_id)
        self._file_lacking(
            contact_id, fold(record.name), {k for k in ("email", "link") if record.values(k)}
        )
        self.org.setdefault(contact_id, fold(record.org) if record.org else None)
        for kind in DETAIL_KINDS:
            for value in record.values(kind):
                key = detail_key(kind, value)
                self.keys[contact_id].add((kind, key))
                if kind in ("email", "link"):
                    self.by_key.setdefault((kind, key), contact_id)


def _details(
    contact_id: int, record: Record, known: set[tuple[str, str]]
) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    for kind in DETAIL_KINDS:
        position = sum(1 for k, _ in known if k == kind)
        for raw in record.values(kind):
            value = clean(raw)
            if not value:
                continue
            key = detail_key(kind, value)
            if not key or (kind, key) in known:
                continue
            known.add((kind, key))
            rows.append(
                {
                    "contact_id": contact_id,
                    "kind": kind,
                    "value": value,
                    "key": key,
                    "position": position,
                }
            )
            position += 1
    return rows


def _absorb(target: Record, extra: Record) -> bool:
    """Merge a later row of the same file into a contact not yet written; True if it added anything."""
    changed = False
    for kind in DETAIL_KINDS:
        have = {detail_key(kind, v) for v in target.values(kind)}
        for value in extra.values(kind):
            if detail_key(kind, value) not in have:
                target.values(kind).append(value)
                changed = True
    for attr in ("org", "role", "notes", "birthday", "connected_on", "met_at", "met_on", "via",
                 "cadence", "last_contacted"):  # fmt: skip
        if getattr(extra, attr) and not getattr(target, attr):
            setattr(target, attr, getattr(extra, attr))
            changed = True
    fresh = [c for c in extra.communities if fold(c) not in {fold(t) for t in target.communities}]
    target.communities += fresh
    return changed or bool(fresh)


@dataclass(frozen=True)
class Met:
    """Where the imported people were met (business cards from a booth)."""

    event_id: int
    event_name: str
    on: date | None  # None: the event has no date yet, nor did the import give one


def apply(session: Session, records: Iterable[Record | Rejected], *, strict: bool = False,
          connected_note: str = "Connected", source: str = "import", met: Met | None = None,
          today: date) -> Report:  # fmt: skip
    """Add or merge every record; rejections are counted (or, with `strict`, fatal).
    With `met`, new contacts are recorded as met there, and known ones get a
    touchpoint at that event signed by the importing member (once)."""
    lock(session, "contacts")  # two members importing overlapping files take turns
    with journal.bulk(session), textsearch.deferred(session) as changed:
        run = _apply(session, records, strict, connected_note, source, met)
        report, touched, merged, matched = run.report, run.touched, run.merged, run.matched
        changed |= touched
    added = touched - merged
    apply_extras(session, run.extra_rows(added), report)
    if not preferences.load(session).tag_cadences:
        # New contacts carry no cadence of their own; only tag defaults could apply.
        touched &= merged
    if touched:
        cadences.refresh(session, sorted(touched))
    if met and matched:
        from plncrm.importers.meetings import record_met

        record_met(session, matched, met.event_id, met.event_name, met.on or today)
    if met:
        report.met_at.insert(0, met.event_name)
        if met.on is None:
            report.undated.insert(0, met.event_name)
    if met or report.met_at or run.dated:
        report.follow_ups = strikeouts.arm(session, added, today)
    return report


@dataclass
class _Run:
    """One import's state: records held back to be written in batches (under
    negative placeholder ids, so that later rows can match them), and what the
    import touched, merged and matched."""

    session: Session
    known: Known
    note: str
    source: str
    met: Met | None
    now: datetime = field(default_factory=clock.now)
    report: Report = field(default_factory=Report)
    pending: dict[int, Record] = field(default_factory=dict)  # placeholder → record not yet written
    real: dict[int, int] = field(default_factory=dict)  # placeholder → id once written
    touched: set[int] = field(default_factory=set)
    merged: set[int] = field(default_factory=set)
    matched: set[int] = field(default_factory=set)  # contacts already stored that the file names
    extras: dict[int, Record] = field(default_factory=dict)  # contact or placeholder → its extras
    dated: bool = False  # a row gave a meeting date

    def take(self, item: Record) -> None:
        found = self.known.match(item)
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
            absorbed = _absorb(self.pending[found], item)
            if absorbed:
                self.known.remember(found, item)
            self._count(absorbed)
        else:
            self.matched.add(found)
            changed = merge_into(self.session, found, item, self.known, self.note, self.now)
            if changed:
                self.touched.add(found)
                self.merged.add(found)
            self._count(changed)

    def extra_rows(self, added: set[int]) -> list[Row]:
        rows = []
        for key, record in self.extras.items():
            contact_id = self.real.get(key, key)
            rows.append(Row(contact_id, record, contact_id in added))
        return rows

    def _count(self, merged: bool) -> None:
        if merged:
            self.report.merged += 1
        else:
            self.report.skipped += 1

    def write_pending(self) -> None:
        if not self.pending:
            return
        met, session = self.met, self.session
        batch = list(self.pending.items())
        rows = [{"name": clean(r.name), "name_key": fold(clean(r.name) or ""), "org": clean(r.org),
                 "role": clean(r.role), "notes": (strip_controls(r.notes).strip() or None) if r.notes else None,
                 "birthday": clean(r.birthday), "last_contacted": r.connected_on, "archived": False,
                 "uid": r.uid or new_uid(),
                 "source": self.source, "created_at": self.now, "created_by": members.current(session),
                 "met_event_id": met and met.event_id, "met_on": met and met.on} for _, r in batch]  # fmt: skip
        ids = _insert_ids(session, Contact, rows)
        details: list[dict[str, object]] = []
        for contact_id, (placeholder, record) in zip(ids, batch, strict=True):
            self.real[placeholder] = contact_id
            # Shared, not moved: names still point at the placeholder.
            self.known.keys[contact_id] = self.known.keys[placeholder]
            self.known.org[contact_id] = self.known.org.get(placeholder)
            if record.connected_on:
                self.known.connected.add((contact_id, record.connected_on))
            details += _details(contact_id, record, set())
        if details:
            session.execute(insert(ContactDetail), details)
        _connect(session, [(cid, r.connected_on) for cid, (_, r) in zip(ids, batch, strict=True)],
                 self.note, self.now)  # fmt: skip
        self.touched.update(ids)
        self.pending.clear()


def _apply(session: Session, records: Iterable[Record | Rejected], strict: bool, connected_note: str,
           source: str, met: Met | None) -> _Run:  # fmt: skip
    run = _Run(session, Known(session), connected_note, source, met)
    for item in records:
        problem = item.reason if isinstance(item, Rejected) else check(item)
        if problem:
            if strict:
                raise Invalid(f"line {item.line}: {problem}")
            run.report.rejected.append(Rejected(item.line, problem))
            continue
        assert isinstance(item, Record)
        run.report.warnings += [Rejected(item.line, w + ", kept in notes") for w in item.warnings]
        run.take(item)
    run.write_pending()
    return run


def _insert_ids(session: Session, model: Any, rows: list[dict[str, Any]]) -> list[int]:
    """Insert rows and return their ids, in order. SQLite: ids are given up
    front (this transaction holds the write lock), which is much faster than
    RETURNING over many rows; other databases use RETURNING."""
    if session.get_bind().dialect.name == "sqlite":
        start = (session.execute(select(func.max(model.id))).scalar() or 0) + 1
        ids = list(range(start, start + len(rows)))
        session.execute(insert(model), [{**row, "id": i} for row, i in zip(rows, ids, strict=True)])
        return ids
    result = session.execute(insert(model).returning(model.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())


def _connect(
    session: Session, pairs: Sequence[tuple[int, date | None]], note: str, now: datetime
) -> None:
    """Record "connected on" dates as each contact's first interaction."""
    dated = [(cid, day) for cid, day in pairs if day is not None]
    if not dated:
        return
    rows = [
        {
            "happened_on": day,
            "kind": "connected",
            "note": note,
            "created_at": now,
            "created_by": members.current(session),
        }
        for _, day in dated
    ]
    ids = _insert_ids(session, Interaction, rows)
    session.execute(insert(InteractionContact), [
        {"interaction_id": iid, "contact_id": cid, "role": "with"} for iid, (cid, _) in zip(ids, dated, strict=True)
    ])  # fmt: skip


def merge_into(
    session: Session, contact_id: int, record: Record, known: Known, note: str, now: datetime
) -> bool:
    """Add what the record knows and the contact lacks; True if anything changed."""
    new_details = _details(contact_id, record, known.keys[contact_id])
    for row in new_details:
        if row["kind"] in ("email", "link"):
            known.by_key.setdefault((str(row["kind"]), str(row["key"])), contact_id)
    contact = None
    changed = bool(new_details)
    for attr in ("org", "role", "notes", "birthday"):
        value = (
            clean(getattr(record, attr))
            if attr != "notes"
            else (record.notes or "").strip() or None
        )
        if value:
            contact = contact or session.get(Contact, contact_id)
            if contact is not None and not getattr(contact, attr):
                setattr(contact, attr, value)
                changed = True
    if record.connected_on and (contact_id, record.connected_on) not in known.connected:
        known.connected.add((contact_id, record.connected_on))
        _connect(session, [(contact_id, record.connected_on)], note, now)
        contact = contact or session.get(Contact, contact_id)
        if contact is not None and (
            contact.last_contacted is None or contact.last_contacted < record.connected_on
        ):
            contact.last_contacted = record.connected_on
        changed = True
    if new_details:
        session.execute(insert(ContactDetail), new_details)
    if contact is not None:
        session.add(contact)
        session.flush()
    return changed
