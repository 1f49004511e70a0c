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

from typing import Any

from pydantic import BaseModel
from sqlalchemy import func, select, text
from sqlmodel import Session, col

from plncrm.core import cadences
from plncrm.core.contacts import detail_key
from plncrm.core.document import DETAIL_LISTS
from plncrm.core.preferences import check_setting
from plncrm.core.snoozes import EVENT, INTRO, KEEP_IN_TOUCH, MET, parse
from plncrm.importers.json_schema import Document
from plncrm.importers.known import Known
from plncrm.importers.merging import merge_into
from plncrm.importers.records import (
    Named,
    Record,
    Rejected,
    Report,
    settle_birthday,
    with_kept,
)
from plncrm.reads import settings
from plncrm.store.engine import lock
from plncrm.store.models import (
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
    new_uid,
)
from plncrm.store.plain import SessionReader
from plncrm.store.schema import names
from plncrm.store.tables import metadata
from plncrm.util import clock
from plncrm.util.text import fold


def _model(model: type[Any], record: BaseModel, **extra: Any) -> Any:
    fields = names(model)
    values = {k: v for k, v in record if k in fields}
    return model(**{**values, **extra})


def is_empty(session: Session) -> bool:
    return all(
        not session.execute(select(func.count()).select_from(model)).scalar()
        for model in (Contact, Event, Community, Interaction, FollowUp, Introduction)
    )


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


def _settings(session: Session, doc: Document, report: Report, *, restoring: bool) -> None:
    """The document's preferences, never its settings of a machine or a secret
    (`reads.settings.NOT_EXPORTED`: where the agenda is sent, the calendar
    folder pln writes into): a file from someone else must not send your
    agenda to them nor write where they say; those are named as left out.

    Restoring (an empty store), the preferences are taken where the store has
    none, each named in the summary (`my-name` signs drafts). Merging into a
    store that has data, none is taken: the store's own stay, and those the
    file sets otherwise are named."""
    here = settings.effective(SessionReader(session))
    for raw_key, raw_value in doc.settings.items():
        key, value = check_setting(raw_key, raw_value)
        if key in settings.NOT_EXPORTED:
            report.settings_left_out.append(key)
        elif restoring and session.get(Setting, key) is None:
            session.add(Setting(key=key, value=value))
            report.settings_taken.append(key)
        elif here.get(key, "") != value:
            report.settings_kept.append(key)


def restore(session: Session, doc: Document) -> Report:
    """Load a document into an empty store (settings aside), keeping every id."""
    report = Report(
        added=len(doc.contacts),
        cleaned=list(doc.cleaned),
        added_people=[Named(c.id, c.name) for c in doc.contacts],
    )
    _birthdays(doc, report)
    for e in doc.events:
        session.add(_model(Event, e, name_key=fold(e.name)))
    session.flush()
    _restore_contacts(session, doc)
    for community in doc.communities:
        session.add(_model(Community, community, name_key=fold(community.name)))
        for m in community.members:
            session.add(_model(CommunityMember, m, community_id=community.id))
    for i in doc.introductions:
        low, high = sorted((i.a_id, i.b_id))
        session.add(_model(Introduction, i, low_id=low, high_id=high))
    session.flush()
    for interaction in doc.interactions:
        session.add(_model(Interaction, interaction))
        for p in interaction.contacts:
            session.add(
                InteractionContact(interaction_id=interaction.id, contact_id=p.id, role=p.role)
            )
    for f in doc.follow_ups:
        session.add(_model(FollowUp, f))
    for g in doc.event_guests:
        session.add(_model(EventGuest, g))
    for a in doc.agenda_snoozes:
        session.add(AgendaSnooze(handle=a.handle.lower(), until=a.until))
    for d in doc.distinct_pairs:
        low, high = sorted((d.low_id, d.high_id))
        session.add(
            DistinctPair(low_id=low, high_id=high, marked_on=d.marked_on, created_by=d.created_by)
        )
    _settings(session, doc, report, restoring=True)
    session.flush()
    _continue_ids(session)
    cadences.refresh(session)
    return report


def _restore_contacts(session: Session, doc: Document) -> None:
    """Contacts with their details; who came via whom once all of them exist."""
    for c in doc.contacts:
        session.add(_model(Contact, c, name_key=fold(c.name), via_id=None))
    session.flush()
    for c in doc.contacts:
        for kind, plural in DETAIL_LISTS.items():
            for position, value in enumerate(getattr(c, plural)):
                session.add(
                    ContactDetail(
                        contact_id=c.id,
                        kind=kind,
                        value=value,
                        key=detail_key(kind, value),
                        position=position,
                    )
                )
        if c.via_id:
            person = session.get(Contact, c.id)
            assert person is not None
            person.via_id = c.via_id


def _continue_ids(session: Session) -> None:
    """Restored rows keep their ids; PostgreSQL's id sequences must then carry
    on after them, and after every id they gave before (rows deleted before
    the restore: a number is never given twice). SQLite's AUTOINCREMENT
    counters already do both."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            sequence = session.execute(
                text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
            ).scalar()
            if sequence is None:
                continue
            last, called = session.execute(
                text(f"SELECT last_value, is_called FROM {sequence}")
            ).one()
            highest = session.execute(
                text(f"SELECT coalesce(max(id), 0) FROM {table.name}")
            ).scalar()
            given = max(int(last) if called else int(last) - 1, int(highest or 0))
            session.execute(
                text("SELECT setval(:sequence, :value, :called)"),
                {"sequence": sequence, "value": max(given, 1), "called": given > 0},
            )


def _uids(session: Session, model: Any) -> dict[str, int]:
    """uid → id of every record of `model` in the store."""
    rows = session.execute(select(model.uid, model.id).where(model.uid.is_not(None)))
    return {str(uid): int(record_id) for uid, record_id in rows.all()}


def _own_uid(uid: str | None, taken: dict[str, int]) -> str:
    """The document's uid for a record added to the store, unless it is taken."""
    return uid if uid and uid not in taken else new_uid()


def merge(session: Session, doc: Document) -> Report:
    """Load a document into a store that has data, matching instead of duplicating."""
    lock(session, "contacts")
    report = Report(cleaned=list(doc.cleaned))
    kept = _birthdays(doc, report)
    events = _by_name(session, Event, doc.events)
    contacts = _merge_contacts(session, doc, events, report, kept)
    communities = _by_name(session, Community, doc.communities)
    for community in doc.communities:
        for m in community.members:
            pair = (communities[community.id], contacts[m.contact_id])
            if session.get(CommunityMember, pair) is None:
                session.add(
                    CommunityMember(community_id=pair[0], contact_id=pair[1], joined_on=m.joined_on)
                )
    intros = _merge_intros(session, doc, contacts)
    _merge_interactions(session, doc, contacts, events, intros)
    _merge_follow_ups(session, doc, contacts, events)
    for g in doc.event_guests:
        event_id, contact_id = events[g.event_id], contacts[g.contact_id]
        if session.get(EventGuest, (event_id, contact_id)) is None:
            session.add(_model(EventGuest, g, event_id=event_id, contact_id=contact_id))
    _merge_marks(session, doc, {KEEP_IN_TOUCH: contacts, INTRO: intros, EVENT: events, MET: events})
    _settings(session, doc, report, restoring=False)
    session.flush()
    cadences.refresh(session)
    return report


def _merge_contacts(
    session: Session,
    doc: Document,
    events: dict[int, int],
    report: Report,
    kept: dict[int, list[str]],
) -> dict[int, int]:
    """Each contact of the document matched (by uid, else like any import) or
    added; returns old id → id in this store."""
    known = Known(session)
    now = clock.now()
    by_uid = _uids(session, Contact)
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
            session.add(person)
            session.flush()
            found = person.id
            merge_into(session, found, record, known, "", now)
            known.remember(found, record)
            by_uid[person.uid] = found
            report.added += 1
            report.added_people.append(Named(found, person.name))
        elif merge_into(session, found, record, known, "", now):
            report.merged += 1
            merged = session.get(Contact, found)
            report.merged_people.append(Named(found, merged.name if merged else record.name))
        else:
            report.skipped += 1
        contacts[c.id] = found
        taken.add(found)
    for c in doc.contacts:
        person = session.get(Contact, contacts[c.id])
        if person is not None and c.via_id in contacts and person.via_id is None:
            person.via_id = contacts[c.via_id]
    return contacts


def _by_name(session: Session, model: Any, rows: list[Any]) -> dict[int, int]:
    """Old id → id in this store (same uid, else same name), creating those not there yet."""
    by_uid = _uids(session, model)
    mapping: dict[int, int] = {}
    for data in rows:
        found = by_uid.get(data.uid) if data.uid else None
        if found is None:
            existing = session.execute(
                select(model).where(col(model.name_key) == fold(data.name))
            ).scalar()
            if existing is None:
                existing = _model(
                    model, data, id=None, uid=_own_uid(data.uid, by_uid), name_key=fold(data.name)
                )
                session.add(existing)
                session.flush()
                by_uid[existing.uid] = existing.id
            found = existing.id
        mapping[data.id] = found
    return mapping


def _merge_intros(session: Session, doc: Document, contacts: dict[int, int]) -> dict[int, int]:
    by_uid = _uids(session, Introduction)
    mapping: dict[int, int] = {}
    for i in doc.introductions:
        if i.uid and i.uid in by_uid:
            mapping[i.id] = by_uid[i.uid]
            continue
        a, b = contacts[i.a_id], contacts[i.b_id]
        if a == b:
            continue
        low, high = sorted((a, b))
        existing = session.execute(
            select(Introduction).where(
                col(Introduction.low_id) == low,
                col(Introduction.high_id) == high,
                col(Introduction.proposed_on) == i.proposed_on,
            )
        ).scalar()
        if existing is None:
            existing = _model(
                Introduction,
                i,
                id=None,
                uid=_own_uid(i.uid, by_uid),
                a_id=a,
                b_id=b,
                low_id=low,
                high_id=high,
            )
            session.add(existing)
            session.flush()
        mapping[i.id] = existing.id
    return mapping


def _merge_interactions(
    session: Session,
    doc: Document,
    contacts: dict[int, int],
    events: dict[int, int],
    intros: dict[int, int],
) -> None:
    by_uid = _uids(session, Interaction)
    for i in doc.interactions:
        people = {(contacts[p.id], p.role) for p in i.contacts}
        if not people or (i.uid and i.uid in by_uid):
            continue
        note = col(Interaction.note)
        same_note = note.is_(None) if i.note is None else note == i.note
        candidates = (
            session.execute(
                select(Interaction.id)  # type: ignore[call-overload]
                .join(
                    InteractionContact,
                    col(InteractionContact.interaction_id) == col(Interaction.id),
                )
                .where(
                    col(Interaction.happened_on) == i.happened_on,
                    col(Interaction.kind) == i.kind,
                    same_note,
                    col(InteractionContact.contact_id).in_([p for p, _ in people]),
                )
            )
            .scalars()
            .all()
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
        session.add(record)
        session.flush()
        for contact_id, role in people:
            session.add(
                InteractionContact(interaction_id=record.id, contact_id=contact_id, role=role)
            )
            person = session.get(Contact, contact_id)
            if (
                person is not None
                and role == "with"
                and (person.last_contacted is None or person.last_contacted < i.happened_on)
            ):
                person.last_contacted = i.happened_on


def _merge_follow_ups(
    session: Session, doc: Document, contacts: dict[int, int], events: dict[int, int]
) -> None:
    by_uid = _uids(session, FollowUp)
    for f in doc.follow_ups:
        if f.uid and f.uid in by_uid:
            continue
        contact_id = contacts[f.contact_id] if f.contact_id else None
        of = col(FollowUp.contact_id)
        same_contact = of.is_(None) if contact_id is None else of == contact_id
        exists = session.execute(
            select(FollowUp.id).where(  # type: ignore[call-overload]
                col(FollowUp.title) == f.title,
                col(FollowUp.due) == f.due,
                col(FollowUp.status) == f.status,
                same_contact,
            )
        ).first()
        if exists is None:
            session.add(
                _model(
                    FollowUp,
                    f,
                    id=None,
                    uid=_own_uid(f.uid, by_uid),
                    contact_id=contact_id,
                    event_id=events.get(f.event_id or 0),
                )
            )


def _merge_marks(session: Session, doc: Document, ids: dict[str, dict[int, int]]) -> None:
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
        existing = session.get(AgendaSnooze, key)
        if existing is None:
            session.add(AgendaSnooze(handle=key, until=a.until))
        elif existing.until < a.until:
            existing.until = a.until
    contacts = ids[KEEP_IN_TOUCH]
    for d in doc.distinct_pairs:
        low, high = sorted((contacts[d.low_id], contacts[d.high_id]))
        if low != high and session.get(DistinctPair, (low, high)) is None:
            session.add(
                DistinctPair(
                    low_id=low, high_id=high, marked_on=d.marked_on, created_by=d.created_by
                )
            )
