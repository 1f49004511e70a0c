"""Restoring a whole-store JSON document (see `exporters.json_store`), once
`json_format` has checked it, into an empty store: everything with its ids and
uids, so exporting again gives the same document. Into a store that already
holds data, `json_merge` matches and merges instead; the two share how a
record becomes a row, birthdays and settings, which live here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plncrm.core import cadences, org_names, organisations
from plncrm.core.contacts import detail_key
from plncrm.core.document import DETAIL_LISTS
from plncrm.core.resources import joined
from plncrm.importers.json_schema import Document, ResourceDoc
from plncrm.importers.merging import insert_sql
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
from plncrm.store.db import Db, add_row, connection, get_row, value
from plncrm.store.schema import (
    TABLES,
    AgendaSnooze,
    Community,
    CommunityMember,
    Consent,
    Contact,
    ContactDetail,
    DistinctPair,
    Event,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
    Organisation,
    Resource,
    Setting,
    columns,
    names,
    values,
)
from plncrm.util.text import fold

if TYPE_CHECKING:
    from pydantic import BaseModel
    from sqlmodel import Session


def record_row(model: type[Any], record: BaseModel, **extra: Any) -> Any:
    """A row of `model` from a document's record; a value the record leaves
    empty takes the column's default (a uid the document lacks: a fresh one)."""
    fields = names(model)
    taken = {k: v for k, v in record if k in fields and v is not None}
    return model(**{**taken, **extra})


def resource_row(record: ResourceDoc, **extra: Any) -> Resource:
    """A resource's row from the document's, its tags and needs one a line."""
    tags, needs = joined(record.tags), joined(record.needs)
    row: Resource = record_row(
        Resource, record, name_key=fold(record.name), tags=tags, needs=needs, **extra
    )
    return row


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


def settle_birthdays(doc: Document, report: Report) -> dict[int, list[str]]:
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


def take_settings(db: Db, doc: Document, report: Report, *, restoring: bool) -> None:
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
    settle_birthdays(doc, report)
    _insert_all(db, [record_row(Event, e, name_key=fold(e.name)) for e in doc.events])
    _insert_all(
        db,
        [
            record_row(Organisation, o, name_key=org_names.org_key(o.name) or fold(o.name))
            for o in doc.organisations
        ],
    )
    for o in doc.organisations:
        for name in o.also_called:
            organisations.keep_alias(db, o.id, name)
    _restore_contacts(db, doc)
    _insert_all(db, [record_row(Community, c, name_key=fold(c.name)) for c in doc.communities])
    _insert_all(
        db,
        [
            record_row(CommunityMember, m, community_id=c.id)
            for c in doc.communities
            for m in c.members
        ],
    )
    intros = []
    for i in doc.introductions:
        low, high = sorted((i.a_id, i.b_id))
        intros.append(record_row(Introduction, i, low_id=low, high_id=high))
    _insert_all(db, intros)
    _insert_all(db, [resource_row(r) for r in doc.resources])
    _insert_all(db, [record_row(Interaction, i) for i in doc.interactions])
    _insert_all(
        db,
        [
            InteractionContact(interaction_id=i.id, contact_id=p.id, role=p.role)
            for i in doc.interactions
            for p in i.contacts
        ],
    )
    _insert_all(db, [record_row(FollowUp, f) for f in doc.follow_ups])
    _insert_all(db, [record_row(EventGuest, g) for g in doc.event_guests])
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
    _insert_all(db, [record_row(Consent, c) for c in doc.consents])
    take_settings(db, doc, report, restoring=True)
    _continue_ids(db)
    organisations.settle(db)  # an older document's organisations, as records
    cadences.refresh(db)
    return report


def _restore_contacts(db: Db, doc: Document) -> None:
    """Contacts with their details; who came via whom once all of them exist."""
    _insert_all(
        db, [record_row(Contact, c, name_key=fold(c.name), via_id=None) for c in doc.contacts]
    )
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
