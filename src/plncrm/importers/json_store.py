"""Importing a whole-store JSON document (see `exporters.json_store`), once
`json_format` has checked it.

Into an empty store everything is restored with its ids and uids, so exporting
again gives the same document. Into a store that already holds data, records
are matched and merged instead: first by uid (so a store's own export, imported
again, adds nothing, namesakes included), then contacts like any import (email,
link, name at a compatible organisation), events and communities by name, and
interactions, follow-ups and introductions that are already there by content.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plncrm.core import cadences
from plncrm.core.contacts import detail_key
from plncrm.core.document import DETAIL_LISTS
from plncrm.core.snoozes import EVENT, INTRO, KEEP_IN_TOUCH, MET, parse
from plncrm.importers.json_schema import Document
from plncrm.importers.known import Known
from plncrm.importers.merging import insert_sql, merge_into
from plncrm.importers.records import (
    Named,
    Record,
    Rejected,
    Report,
    settle_birthday,
    with_kept,
)
from plncrm.reads import settings
from plncrm.reads.settings import check_setting
from plncrm.store.db import Db, add_row, connection, fetch, get_row, save, value
from plncrm.store.schema import (
    TABLES,
    AgendaSnooze,
    Community,
    CommunityMember,
    Contact,
    ContactDetail,
    DistinctPair,
    Event,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
    Setting,
    columns,
    names,
    new_uid,
    values,
)
from plncrm.util import clock
from plncrm.util.text import fold

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlmodel import Session


def _model(model: type[Any], record: BaseModel, **extra: Any) -> Any:
    """A row of `model` from a document's record; a value the record leaves
    empty takes the column's default (a uid the document lacks: a fresh one)."""
    fields = names(model)
    taken = {k: v for k, v in record if k in fields and v is not None}
    return model(**{**taken, **extra})


def _insert_all(db: Db, rows: Sequence[Any]) -> None:
    """Insert rows of one table, ids and all, in one executemany; each new
    row is recorded as created by the writing member when it names no one."""
    if not rows:
        return
    found = [values(row) for row in rows]
    for row in found:
        if row.get("id", 0) is None:
            del row["id"]
        if "created_by" in row and row["created_by"] is None:
            row["created_by"] = db.member or None
    table = rows[0].__tablename__
    by_columns: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for row in found:
        by_columns.setdefault(tuple(row), []).append(row)
    for listed, same in by_columns.items():
        db.many(insert_sql(table, listed), same)


_COUNTED = ("contact", "event", "community", "interaction", "follow_up", "introduction")


def is_empty(source: Db | Session) -> bool:
    db = connection(source)
    return all(value(db, f"SELECT count(*) FROM {table}") == 0 for table in _COUNTED)


def _birthdays(doc: Document, report: Report) -> dict[int, list[str]]:
    """Each contact's birthday as stored (`records.settle_birthday`); one that
    is no real day moves to the notes and is reported. Returns the lines kept,
    by contact id, for contacts that are merged into known ones."""
    kept: dict[int, list[str]] = {}
    for i, c in enumerate(doc.contacts):
        probe = Record(line=0, name=c.name, birthday=c.birthday)
        settle_birthday(probe)
        c.birthday = probe.birthday
        if probe.kept:
            kept[c.id] = probe.kept
            c.notes = with_kept(c.notes, probe.kept)
            report.warnings += [
                Rejected(0, f"contacts[{i}] ({c.name}): {w}, kept in notes") for w in probe.warnings
            ]
    return kept


def _settings(db: Db, doc: Document, report: Report, *, restoring: bool) -> None:
    """The document's preferences, never its settings of a machine or a secret
    (`reads.settings.NOT_EXPORTED`: where the agenda is sent, the calendar
    folder pln writes into): a file from someone else must not send your
    agenda to them nor write where they say; those are named as left out.

    Restoring (an empty store), the preferences are taken where the store has
    none, each named in the summary (`my-name` signs drafts). Merging into a
    store that has data, none is taken: the store's own stay, and those the
    file sets otherwise are named."""
    here = settings.effective(db)
    for raw_key, raw_value in doc.settings.items():
        key, value = check_setting(raw_key, raw_value)
        if key in settings.NOT_EXPORTED:
            report.settings_left_out.append(key)
        elif restoring and get_row(db, Setting, key) is None:
            add_row(db, Setting(key=key, value=value))
            report.settings_taken.append(key)
        elif here.get(key, "") != value:
            report.settings_kept.append(key)


def restore(into: Db | Session, doc: Document) -> Report:
    """Load a document into an empty store (settings aside), keeping every id."""
    db = connection(into)
    report = Report(
        added=len(doc.contacts),
        cleaned=list(doc.cleaned),
        added_people=[Named(c.id, c.name) for c in doc.contacts],
    )
    _birthdays(doc, report)
    _insert_all(db, [_model(Event, e, name_key=fold(e.name)) for e in doc.events])
    _restore_contacts(db, doc)
    _insert_all(db, [_model(Community, c, name_key=fold(c.name)) for c in doc.communities])
    _insert_all(
        db,
        [_model(CommunityMember, m, community_id=c.id) for c in doc.communities for m in c.members],
    )
    intros = []
    for i in doc.introductions:
        low, high = sorted((i.a_id, i.b_id))
        intros.append(_model(Introduction, i, low_id=low, high_id=high))
    _insert_all(db, intros)
    _insert_all(db, [_model(Interaction, i) for i in doc.interactions])
    _insert_all(
        db,
        [
            InteractionContact(interaction_id=i.id, contact_id=p.id, role=p.role)
            for i in doc.interactions
            for p in i.contacts
        ],
    )
    _insert_all(db, [_model(FollowUp, f) for f in doc.follow_ups])
    _insert_all(db, [_model(EventGuest, g) for g in doc.event_guests])
    _insert_all(
        db, [AgendaSnooze(handle=a.handle.lower(), until=a.until) for a in doc.agenda_snoozes]
    )
    pairs = []
    for d in doc.distinct_pairs:
        low, high = sorted((d.low_id, d.high_id))
        pairs.append(
            DistinctPair(low_id=low, high_id=high, marked_on=d.marked_on, created_by=d.created_by)
        )
    _insert_all(db, pairs)
    _settings(db, doc, report, restoring=True)
    _continue_ids(db)
    cadences.refresh(db)
    return report


def _restore_contacts(db: Db, doc: Document) -> None:
    """Contacts with their details; who came via whom once all of them exist."""
    _insert_all(db, [_model(Contact, c, name_key=fold(c.name), via_id=None) for c in doc.contacts])
    _insert_all(
        db,
        [
            ContactDetail(
                contact_id=c.id,
                kind=kind,
                value=value,
                key=detail_key(kind, value),
                position=position,
            )
            for c in doc.contacts
            for kind, plural in DETAIL_LISTS.items()
            for position, value in enumerate(getattr(c, plural))
        ],
    )
    via = [{"id": c.id, "via": c.via_id} for c in doc.contacts if c.via_id]
    if via:
        db.many("UPDATE contact SET via_id = :via WHERE id = :id", via)


def _continue_ids(db: Db) -> None:
    """Restored rows keep their ids; PostgreSQL's id sequences must then carry
    on after them, and after every id they gave before (rows deleted before
    the restore: a number is never given twice). SQLite's AUTOINCREMENT
    counters already do both."""
    if db.dialect != "postgresql":
        return
    for table in TABLES:
        if not any(c.name == "id" and c.key for c in columns(table)):
            continue
        sequence = value(db, "SELECT pg_get_serial_sequence(:table, 'id')", {"table": table})
        if sequence is None:
            continue
        last, called = db.tuples(f"SELECT last_value, is_called FROM {sequence}")[0]
        highest = value(db, f"SELECT coalesce(max(id), 0) FROM {table}")
        given = max(int(last) if called else int(last) - 1, int(highest or 0))
        db.tuples(
            "SELECT setval(:sequence, :value, :called)",
            {"sequence": sequence, "value": max(given, 1), "called": given > 0},
        )


def _uids(db: Db, table: str) -> dict[str, int]:
    """uid → id of every record of `table` in the store."""
    rows = db.tuples(f"SELECT uid, id FROM {table} WHERE uid IS NOT NULL")
    return {str(uid): int(record_id) for uid, record_id in rows}


def _own_uid(uid: str | None, taken: dict[str, int]) -> str:
    """The document's uid for a record added to the store, unless it is taken."""
    return uid if uid and uid not in taken else new_uid()


def merge(into: Db | Session, doc: Document) -> Report:
    """Load a document into a store that has data, matching instead of duplicating."""
    db = connection(into)
    db.lock("contacts")
    report = Report(cleaned=list(doc.cleaned))
    kept = _birthdays(doc, report)
    events = _by_name(db, Event, doc.events)
    contacts = _merge_contacts(db, doc, events, report, kept)
    communities = _by_name(db, Community, doc.communities)
    for community in doc.communities:
        for m in community.members:
            pair = (communities[community.id], contacts[m.contact_id])
            if get_row(db, CommunityMember, *pair) is None:
                add_row(
                    db,
                    CommunityMember(
                        community_id=pair[0], contact_id=pair[1], joined_on=m.joined_on
                    ),
                )
    intros = _merge_intros(db, doc, contacts)
    _merge_interactions(db, doc, contacts, events, intros)
    _merge_follow_ups(db, doc, contacts, events)
    for g in doc.event_guests:
        event_id, contact_id = events[g.event_id], contacts[g.contact_id]
        if get_row(db, EventGuest, event_id, contact_id) is None:
            add_row(db, _model(EventGuest, g, event_id=event_id, contact_id=contact_id))
    _merge_marks(db, doc, {KEEP_IN_TOUCH: contacts, INTRO: intros, EVENT: events, MET: events})
    _settings(db, doc, report, restoring=False)
    cadences.refresh(db)
    return report


def _merge_contacts(
    db: Db,
    doc: Document,
    events: dict[int, int],
    report: Report,
    kept: dict[int, list[str]],
) -> dict[int, int]:
    """Each contact of the document matched (by uid, else like any import) or
    added; returns old id → id in this store."""
    known = Known(db)
    now = clock.now()
    by_uid = _uids(db, "contact")
    contacts: dict[int, int] = {}
    # The file's contacts are distinct people (distinct uids): each may be
    # someone the store holds, never another of the file's (two Sam Lees at
    # Acme marked as different, a Bill Chen beside a William Chen).
    taken: set[int] = set()
    for c in doc.contacts:
        record = Record(
            line=0,
            name=c.name,
            org=c.org,
            role=c.role,
            notes=c.notes,
            birthday=c.birthday,
            kept=kept.get(c.id, []),
        )
        for plural in DETAIL_LISTS.values():
            getattr(record, plural).extend(getattr(c, plural))
        found = (by_uid.get(c.uid) if c.uid else None) or known.match(record)
        if found in taken:
            found = None
        if found is None:
            person = _model(
                Contact,
                c,
                id=None,
                uid=_own_uid(c.uid, by_uid),
                name_key=fold(c.name),
                via_id=None,
                met_event_id=events.get(c.met_event_id or 0),
            )
            add_row(db, person)
            found = person.id
            assert found is not None
            merge_into(db, found, record, known, "", now)
            known.remember(found, record)
            by_uid[person.uid] = found
            report.added += 1
            report.added_people.append(Named(found, person.name))
        elif merge_into(db, found, record, known, "", now):
            report.merged += 1
            name = value(db, "SELECT name FROM contact WHERE id = :id", {"id": found})
            report.merged_people.append(Named(found, name if name is not None else record.name))
        else:
            report.skipped += 1
        contacts[c.id] = found
        taken.add(found)
    for c in doc.contacts:
        person = get_row(db, Contact, contacts[c.id])
        if person is not None and c.via_id in contacts and person.via_id is None:
            person.via_id = contacts[c.via_id]
            save(db, person, "via_id")
    return contacts


def _by_name(db: Db, model: Any, rows: list[Any]) -> dict[int, int]:
    """Old id → id in this store (same uid, else same name), creating those not there yet."""
    by_uid = _uids(db, model.__tablename__)
    mapping: dict[int, int] = {}
    for data in rows:
        found = by_uid.get(data.uid) if data.uid else None
        if found is None:
            same = fetch(db, model, "name_key = :key", {"key": fold(data.name)})
            existing = same[0] if same else None
            if existing is None:
                existing = _model(
                    model, data, id=None, uid=_own_uid(data.uid, by_uid), name_key=fold(data.name)
                )
                add_row(db, existing)
                by_uid[existing.uid] = existing.id
            found = existing.id
        mapping[data.id] = found
    return mapping


def _merge_intros(db: Db, doc: Document, contacts: dict[int, int]) -> dict[int, int]:
    by_uid = _uids(db, "introduction")
    mapping: dict[int, int] = {}
    for i in doc.introductions:
        if i.uid and i.uid in by_uid:
            mapping[i.id] = by_uid[i.uid]
            continue
        a, b = contacts[i.a_id], contacts[i.b_id]
        if a == b:
            continue
        low, high = sorted((a, b))
        existing = value(
            db,
            "SELECT id FROM introduction "
            "WHERE low_id = :low AND high_id = :high AND proposed_on = :on",
            {"low": low, "high": high, "on": i.proposed_on},
        )
        if existing is None:
            added = _model(
                Introduction,
                i,
                id=None,
                uid=_own_uid(i.uid, by_uid),
                a_id=a,
                b_id=b,
                low_id=low,
                high_id=high,
            )
            existing = add_row(db, added).id
        mapping[i.id] = existing
    return mapping


def _merge_interactions(
    db: Db,
    doc: Document,
    contacts: dict[int, int],
    events: dict[int, int],
    intros: dict[int, int],
) -> None:
    by_uid = _uids(db, "interaction")
    for i in doc.interactions:
        people = {(contacts[p.id], p.role) for p in i.contacts}
        if not people or (i.uid and i.uid in by_uid):
            continue
        same_note = "i.note IS NULL" if i.note is None else "i.note = :note"
        candidates = db.tuples(
            "SELECT i.id FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            f"WHERE i.happened_on = :on AND i.kind = :kind AND {same_note} "
            "AND ic.contact_id IN :ids",
            {
                "on": i.happened_on,
                "kind": i.kind,
                "note": i.note,
                "ids": [p for p, _ in people],
            },
        )
        if candidates:
            continue
        record = _model(
            Interaction,
            i,
            id=None,
            uid=_own_uid(i.uid, by_uid),
            event_id=events.get(i.event_id or 0),
            intro_id=intros.get(i.intro_id or 0),
        )
        add_row(db, record)
        for contact_id, role in people:
            add_row(
                db, InteractionContact(interaction_id=record.id, contact_id=contact_id, role=role)
            )
            person = get_row(db, Contact, contact_id)
            if (
                person is not None
                and role == "with"
                and (person.last_contacted is None or person.last_contacted < i.happened_on)
            ):
                person.last_contacted = i.happened_on
                save(db, person, "last_contacted")


def _merge_follow_ups(
    db: Db, doc: Document, contacts: dict[int, int], events: dict[int, int]
) -> None:
    by_uid = _uids(db, "follow_up")
    for f in doc.follow_ups:
        if f.uid and f.uid in by_uid:
            continue
        contact_id = contacts[f.contact_id] if f.contact_id else None
        same_contact = "contact_id IS NULL" if contact_id is None else "contact_id = :contact"
        exists = db.tuples(
            "SELECT id FROM follow_up "
            f"WHERE title = :title AND due = :due AND status = :status AND {same_contact}",
            {"title": f.title, "due": f.due, "status": f.status, "contact": contact_id},
        )
        if not exists:
            add_row(
                db,
                _model(
                    FollowUp,
                    f,
                    id=None,
                    uid=_own_uid(f.uid, by_uid),
                    contact_id=contact_id,
                    event_id=events.get(f.event_id or 0),
                ),
            )


def _merge_marks(db: Db, doc: Document, ids: dict[str, dict[int, int]]) -> None:
    """Snoozed and dismissed agenda lines under their handles in this store
    (the later day wins where the store has the line snoozed too), and the
    pairs marked as different people (none where the two became one)."""
    for a in doc.agenda_snoozes:
        handle = parse(a.handle)
        assert handle is not None  # checked by `json_format`
        number = ids[handle.letter].get(handle.number)
        if number is None:  # an introduction of one person with themselves: not added
            continue
        key = f"{handle.letter}{number}{handle.side}"
        existing = get_row(db, AgendaSnooze, key)
        if existing is None:
            add_row(db, AgendaSnooze(handle=key, until=a.until))
        elif existing.until < a.until:
            existing.until = a.until
            save(db, existing, "until")
    contacts = ids[KEEP_IN_TOUCH]
    for d in doc.distinct_pairs:
        low, high = sorted((contacts[d.low_id], contacts[d.high_id]))
        if low != high and get_row(db, DistinctPair, low, high) is None:
            add_row(
                db,
                DistinctPair(
                    low_id=low, high_id=high, marked_on=d.marked_on, created_by=d.created_by
                ),
            )
