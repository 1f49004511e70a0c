"""The whole store as one JSON document (format "plncrm", version 1).

Top-level keys, each a list ordered by id: ``events``, ``contacts`` (with their
``emails``, ``phones``, ``links``, ``tags``, ``needs`` and ``offers`` inline),
``communities`` (with ``members``), ``introductions``, ``interactions`` (with the
``contacts`` who took part and their ``role``), ``follow_ups``,
``event_guests``, ``agenda_snoozes`` (agenda lines snoozed or dismissed until
a day, by handle: ``k31`` is contact 31 of the document) and
``distinct_pairs`` (two contacts marked as different people); and
``settings``, an object. Dates are ISO strings. Derived
columns (search keys, keep-in-touch dates) are left out and rebuilt on import.
Exporting, importing into an empty store and exporting again gives the same
document.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core.document import DETAIL_LISTS, FORMAT, VERSION
from plncrm.reads.settings import NOT_EXPORTED
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
)
from plncrm.store.schema import values

DERIVED = {"name_key", "touch_due", "low_id", "high_id"}


def plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row(record: Any, skip: set[str] = DERIVED) -> dict[str, Any]:
    return {name: plain(value) for name, value in values(record).items() if name not in skip}


def _all(session: Session, model: type[Any], *order: Any) -> list[Any]:
    return list(session.execute(select(model).order_by(*order)).scalars())


def build(session: Session) -> dict[str, Any]:
    details: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for d in _all(
        session,
        ContactDetail,
        col(ContactDetail.contact_id),
        col(ContactDetail.kind),
        col(ContactDetail.position),
    ):
        details[d.contact_id][d.kind].append(d.value)
    members: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for m in _all(
        session, CommunityMember, col(CommunityMember.community_id), col(CommunityMember.contact_id)
    ):
        members[m.community_id].append(
            {"contact_id": m.contact_id, "joined_on": plain(m.joined_on)}
        )
    people: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for link in _all(
        session,
        InteractionContact,
        col(InteractionContact.interaction_id),
        col(InteractionContact.contact_id),
    ):
        people[link.interaction_id].append({"id": link.contact_id, "role": link.role})
    return {
        "format": FORMAT,
        "version": VERSION,
        "events": [row(e) for e in _all(session, Event, col(Event.id))],
        "contacts": [
            {**row(c), **{plural: details[c.id][kind] for kind, plural in DETAIL_LISTS.items()}}
            for c in _all(session, Contact, col(Contact.id))
        ],
        "communities": [
            {**row(c), "members": members[c.id]}
            for c in _all(session, Community, col(Community.id))
        ],
        "introductions": [row(i) for i in _all(session, Introduction, col(Introduction.id))],
        "interactions": [
            {**row(i), "contacts": people[i.id]}
            for i in _all(session, Interaction, col(Interaction.id))
        ],
        "follow_ups": [row(f) for f in _all(session, FollowUp, col(FollowUp.id))],
        "event_guests": [
            row(g)
            for g in _all(session, EventGuest, col(EventGuest.event_id), col(EventGuest.contact_id))
        ],
        "agenda_snoozes": [
            {"handle": a.handle, "until": plain(a.until)}
            for a in _all(session, AgendaSnooze, col(AgendaSnooze.handle))
        ],
        "distinct_pairs": [
            {
                "low_id": d.low_id,
                "high_id": d.high_id,
                "marked_on": plain(d.marked_on),
                "created_by": d.created_by,
            }
            for d in _all(
                session, DistinctPair, col(DistinctPair.low_id), col(DistinctPair.high_id)
            )
        ],
        # Secrets (notification URLs) stay in the store: an export is shared and pasted.
        "settings": {
            s.key: s.value
            for s in _all(session, Setting, col(Setting.key))
            if s.key not in NOT_EXPORTED
        },
    }
