"""Importing a whole-store JSON document (see `exporters.json_store`).

Into an empty store everything is restored with its ids, so exporting again
gives the same document. Into a store that already holds data, records are
matched and merged instead: contacts like any import (email, link, name at a
compatible organisation), events and communities by name, and interactions,
follow-ups and introductions that are already there are not added twice.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select, text
from sqlmodel import Session, SQLModel, col

from plncrm import cadences
from plncrm.contacts import detail_key
from plncrm.errors import Invalid
from plncrm.exporters.json_store import DETAIL_LISTS, FORMAT, VERSION
from plncrm.importers import Record, Report, _Known, _merge
from plncrm.models import (
    Community,
    CommunityMember,
    Contact,
    ContactDetail,
    Event,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
    Setting,
)
from plncrm.store.engine import lock
from plncrm.text import fold

DATE_FIELDS = {"due", "anchor", "snoozed_until", "last_contacted"}


def _value(name: str, value: Any) -> Any:
    if value is None or not isinstance(value, str):
        return value
    if name == "created_at":
        return datetime.fromisoformat(value)
    if name in DATE_FIELDS or name.endswith("_on"):
        return date.fromisoformat(value)
    return value


def _model(model: type[SQLModel], data: dict[str, Any], **extra: Any) -> Any:
    fields = model.model_fields
    values = {k: _value(k, v) for k, v in data.items() if k in fields}
    return model(**{**values, **extra})


def check(document: Any) -> dict[str, Any]:
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise Invalid('not a plncrm export (expected "format": "plncrm")')
    version = document.get("version")
    if not isinstance(version, int) or version > VERSION:
        raise Invalid(
            f"export version {version!r} is newer than this plncrm reads ({VERSION}); upgrade plncrm"
        )
    return document


def is_empty(session: Session) -> bool:
    return all(
        not session.execute(select(func.count()).select_from(model)).scalar()
        for model in (Contact, Event, Community, Interaction, FollowUp, Introduction)
    )


def restore(session: Session, document: dict[str, Any]) -> Report:
    """Load a document into an empty store, keeping every id."""
    doc = check(document)
    for e in doc.get("events", []):
        session.add(_model(Event, e, name_key=fold(e["name"])))
    session.flush()
    vias = {}
    for c in doc.get("contacts", []):
        vias[c["id"]] = c.get("via_id")
        session.add(_model(Contact, c, name_key=fold(c["name"]), via_id=None))
    session.flush()
    for c in doc.get("contacts", []):
        for kind, plural in DETAIL_LISTS.items():
            for position, value in enumerate(c.get(plural, [])):
                key = detail_key(kind, value)
                session.add(
                    ContactDetail(
                        contact_id=c["id"], kind=kind, value=value, key=key, position=position
                    )
                )
        if vias[c["id"]]:
            person = session.get(Contact, c["id"])
            assert person is not None
            person.via_id = vias[c["id"]]
    for c in doc.get("communities", []):
        session.add(_model(Community, c, name_key=fold(c["name"])))
        for m in c.get("members", []):
            session.add(_model(CommunityMember, m, community_id=c["id"]))
    for i in doc.get("introductions", []):
        low, high = sorted((i["a_id"], i["b_id"]))
        session.add(_model(Introduction, i, low_id=low, high_id=high))
    session.flush()
    for i in doc.get("interactions", []):
        session.add(_model(Interaction, i))
        for person in i.get("contacts", []):
            session.add(
                InteractionContact(
                    interaction_id=i["id"], contact_id=person["id"], role=person.get("role", "with")
                )
            )
    for f in doc.get("follow_ups", []):
        session.add(_model(FollowUp, f))
    for g in doc.get("event_guests", []):
        session.add(_model(EventGuest, g))
    for key, value in doc.get("settings", {}).items():
        session.add(Setting(key=key, value=value))
    session.flush()
    _continue_ids(session)
    cadences.refresh(session)
    return Report(added=len(doc.get("contacts", [])))


def _continue_ids(session: Session) -> None:
    """Restored rows keep their ids; PostgreSQL's id sequences must then carry
    on after them (SQLite's ids already follow the largest one)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in SQLModel.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"coalesce(max(id), 1), max(id) IS NOT NULL) FROM {table.name}"
            ))  # fmt: skip


def merge(session: Session, document: dict[str, Any]) -> Report:
    """Load a document into a store that has data, matching instead of duplicating."""
    doc = check(document)
    lock(session, "contacts")
    report = Report()
    events = _by_name(session, Event, doc.get("events", []))
    known = _Known(session)
    now = datetime.now().astimezone()
    contacts: dict[int, int] = {}
    for c in doc.get("contacts", []):
        record = Record(line=0, name=c["name"], org=c.get("org"), role=c.get("role"), notes=c.get("notes"),
                        birthday=c.get("birthday"))  # fmt: skip
        for plural in DETAIL_LISTS.values():
            getattr(record, plural).extend(c.get(plural, []))
        found = known.match(record)
        if found is None:
            person = _model(Contact, c, id=None, name_key=fold(c["name"]), via_id=None,
                            met_event_id=events.get(c.get("met_event_id") or 0))  # fmt: skip
            session.add(person)
            session.flush()
            found = person.id
            _merge(session, found, record, known, "", now)
            known.remember(found, record)
            report.added += 1
        elif _merge(session, found, record, known, "", now):
            report.merged += 1
        else:
            report.skipped += 1
        contacts[c["id"]] = found
    for c in doc.get("contacts", []):
        person = session.get(Contact, contacts[c["id"]])
        if person is not None and c.get("via_id") in contacts and person.via_id is None:
            person.via_id = contacts[c["via_id"]]
    communities = _by_name(session, Community, doc.get("communities", []))
    for c in doc.get("communities", []):
        for m in c.get("members", []):
            key = (communities[c["id"]], contacts.get(m["contact_id"]))
            if key[1] is not None and session.get(CommunityMember, key) is None:
                session.add(
                    CommunityMember(
                        community_id=key[0],
                        contact_id=key[1],
                        joined_on=_value("joined_on", m.get("joined_on")),
                    )
                )
    intros = _merge_intros(session, doc.get("introductions", []), contacts)
    _merge_interactions(session, doc.get("interactions", []), contacts, events, intros)
    _merge_follow_ups(session, doc.get("follow_ups", []), contacts, events)
    for g in doc.get("event_guests", []):
        event_id, contact_id = events.get(g["event_id"]), contacts.get(g["contact_id"])
        if event_id and contact_id and session.get(EventGuest, (event_id, contact_id)) is None:
            session.add(_model(EventGuest, g, event_id=event_id, contact_id=contact_id))
    for key, value in doc.get("settings", {}).items():
        if session.get(Setting, key) is None:
            session.add(Setting(key=key, value=value))
    session.flush()
    cadences.refresh(session)
    return report


def _by_name(session: Session, model: Any, rows: list[dict[str, Any]]) -> dict[int, int]:
    """Old id → id in this store, creating those not there yet."""
    mapping: dict[int, int] = {}
    for data in rows:
        existing = session.execute(
            select(model).where(col(model.name_key) == fold(data["name"]))
        ).scalar()
        if existing is None:
            existing = _model(model, data, id=None, name_key=fold(data["name"]))
            session.add(existing)
            session.flush()
        mapping[data["id"]] = existing.id
    return mapping


def _merge_intros(
    session: Session, rows: list[dict[str, Any]], contacts: dict[int, int]
) -> dict[int, int]:
    mapping: dict[int, int] = {}
    for i in rows:
        a, b = contacts.get(i["a_id"]), contacts.get(i["b_id"])
        if a is None or b is None or a == b:
            continue
        low, high = sorted((a, b))
        existing = session.execute(select(Introduction).where(
            col(Introduction.low_id) == low, col(Introduction.high_id) == high,
            col(Introduction.proposed_on) == _value("proposed_on", i["proposed_on"]),
        )).scalar()  # fmt: skip
        if existing is None:
            existing = _model(Introduction, i, id=None, a_id=a, b_id=b, low_id=low, high_id=high)
            session.add(existing)
            session.flush()
        mapping[i["id"]] = existing.id
    return mapping


def _merge_interactions(session: Session, rows: list[dict[str, Any]], contacts: dict[int, int],
                        events: dict[int, int], intros: dict[int, int]) -> None:  # fmt: skip
    for i in rows:
        people = {
            (contacts[p["id"]], p.get("role", "with"))
            for p in i.get("contacts", [])
            if p["id"] in contacts
        }
        if not people:
            continue
        day = _value("happened_on", i["happened_on"])
        candidates = session.execute(
            select(Interaction.id)  # type: ignore[call-overload]
            .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
            .where(col(Interaction.happened_on) == day, col(Interaction.kind) == i["kind"],
                   col(Interaction.note).is_(None) if i.get("note") is None else col(Interaction.note) == i["note"],
                   col(InteractionContact.contact_id).in_([p for p, _ in people]))
        ).scalars().all()  # fmt: skip
        if candidates:
            continue
        record = _model(
            Interaction,
            i,
            id=None,
            event_id=events.get(i.get("event_id") or 0),
            intro_id=intros.get(i.get("intro_id") or 0),
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
                and (person.last_contacted is None or person.last_contacted < day)
            ):
                person.last_contacted = day


def _merge_follow_ups(
    session: Session, rows: list[dict[str, Any]], contacts: dict[int, int], events: dict[int, int]
) -> None:
    for f in rows:
        contact_id = contacts.get(f["contact_id"]) if f.get("contact_id") else None
        due = _value("due", f["due"])
        exists = session.execute(select(FollowUp.id).where(  # type: ignore[call-overload]
            col(FollowUp.title) == f["title"], col(FollowUp.due) == due, col(FollowUp.status) == f["status"],
            col(FollowUp.contact_id).is_(None) if contact_id is None else col(FollowUp.contact_id) == contact_id,
        )).first()  # fmt: skip
        if exists is None:
            session.add(
                _model(
                    FollowUp,
                    f,
                    id=None,
                    contact_id=contact_id,
                    event_id=events.get(f.get("event_id") or 0),
                )
            )
