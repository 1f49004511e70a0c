"""Merging a whole-store JSON document into a store that already holds data
(into an empty one, `json_store.restore` keeps every id instead).

Records are matched, not duplicated: first by uid (so a store's own export,
imported again, adds nothing, namesakes included), then contacts like any
import (email, link, name at a compatible organisation), events and
communities by name, and interactions, follow-ups and introductions that are
already there by content.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plncrm.core import cadences, organisations
from plncrm.core.document import DETAIL_LISTS
from plncrm.core.snoozes import EVENT, INTRO, KEEP_IN_TOUCH, MET, parse
from plncrm.importers.json_schema import Document
from plncrm.importers.json_store import (
    record_row,
    resource_row,
    settle_birthdays,
    take_settings,
)
from plncrm.importers.known import Known
from plncrm.importers.merging import merge_into
from plncrm.importers.records import Named, Record, Report
from plncrm.store.db import Db, add_row, connection, fetch, get_row, save, value
from plncrm.store.schema import (
    AgendaSnooze,
    Community,
    CommunityMember,
    Consent,
    Contact,
    DistinctPair,
    Event,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
    new_uid,
)
from plncrm.util import clock
from plncrm.util.text import fold

if TYPE_CHECKING:
    from sqlmodel import Session


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
    kept = settle_birthdays(doc, report)
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
    resources = _merge_resources(db, doc)
    _merge_interactions(db, doc, contacts, events, intros, resources)
    _merge_consents(db, doc, contacts, events)
    _merge_follow_ups(db, doc, contacts, events)
    for g in doc.event_guests:
        event_id, contact_id = events[g.event_id], contacts[g.contact_id]
        if get_row(db, EventGuest, event_id, contact_id) is None:
            add_row(db, record_row(EventGuest, g, event_id=event_id, contact_id=contact_id))
    _merge_marks(db, doc, {KEEP_IN_TOUCH: contacts, INTRO: intros, EVENT: events, MET: events})
    take_settings(db, doc, report, restoring=False)
    # Each organisation the document names, found among this store's or made.
    organisations.place(db, sorted(set(contacts.values())))
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
            person = record_row(
                Contact,
                c,
                id=None,
                uid=_own_uid(c.uid, by_uid),
                name_key=fold(c.name),
                via_id=None,
                org_id=None,
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
                existing = record_row(
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
            added = record_row(
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
    resources: dict[int, int],
) -> None:
    by_uid = _uids(db, "interaction")
    for i in doc.interactions:
        people = {(contacts[p.id], p.role) for p in i.contacts}
        if not people or (i.uid and i.uid in by_uid) or _known_message(db, i.message_id):
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
        record = record_row(
            Interaction,
            i,
            id=None,
            uid=_own_uid(i.uid, by_uid),
            event_id=events.get(i.event_id or 0),
            intro_id=intros.get(i.intro_id or 0),
            resource_id=resources.get(i.resource_id or 0),
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


def _merge_resources(db: Db, doc: Document) -> dict[int, int]:
    """Old id → id here: the same uid, else the same name (the store's link
    and tags stay), else added."""
    by_uid = _uids(db, "resource")
    mapping: dict[int, int] = {}
    for r in doc.resources:
        found = by_uid.get(r.uid) if r.uid else None
        if found is None:
            found = value(db, "SELECT id FROM resource WHERE name_key = :k", {"k": fold(r.name)})
        if found is None:
            added = add_row(db, resource_row(r, id=None, uid=_own_uid(r.uid, by_uid)))
            found = int(added.id or 0)
            by_uid[added.uid or ""] = found
        mapping[r.id] = int(found)
    return mapping


def _merge_consents(
    db: Db, doc: Document, contacts: dict[int, int], events: dict[int, int]
) -> None:
    """Each consent once: the same person, wording and moment is the same consent."""
    for c in doc.consents:
        contact_id = contacts[c.contact_id]
        same = fetch(
            db,
            Consent,
            "contact_id = :c AND wording = :w AND given_at = :at",
            {"c": contact_id, "w": c.wording, "at": c.given_at},
        )
        if not same:
            row = record_row(
                Consent,
                c,
                id=None,
                contact_id=contact_id,
                event_id=events.get(c.event_id or 0),
            )
            add_row(db, row)


def _known_message(db: Db, message_id: str | None) -> bool:
    """An email whose message the store has already logged (sent, or read back)."""
    found = "SELECT 1 FROM interaction WHERE message_id = :m"
    return message_id is not None and value(db, found, {"m": message_id}) is not None


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
                record_row(
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
