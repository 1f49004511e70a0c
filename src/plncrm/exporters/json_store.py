"""The whole store as one JSON document (format "plncrm", version 1).

Top-level keys, each a list ordered by id: ``events``, ``contacts`` (with their
``emails``, ``phones``, ``links``, ``tags``, ``needs`` and ``offers`` inline),
``communities`` (with ``members``), ``introductions``, ``interactions`` (with the
``contacts`` who took part and their ``role``), ``follow_ups``,
``event_guests``, ``agenda_snoozes`` (agenda lines snoozed or dismissed until
a day, by handle: ``k31`` is contact 31 of the document),
``distinct_pairs`` (two contacts marked as different people), ``resources``
(free resources, with their ``tags`` and ``needs``; an interaction's
``resource_id`` names the one it gave) and ``consents`` (a contact's consent,
its wording and when); and ``settings``, an object. Dates are ISO strings. Derived
columns (search keys, keep-in-touch dates) are left out and rebuilt on import.
Exporting, importing into an empty store and exporting again gives the same
document.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timezone
from typing import TYPE_CHECKING, Any, TypeVar

from plncrm.core.document import DETAIL_LISTS, FORMAT, VERSION
from plncrm.core.resources import items
from plncrm.reads.settings import NOT_EXPORTED
from plncrm.store.db import connection, fetch
from plncrm.store.plain import Reader
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
    Organisation,
    Resource,
    Setting,
    values,
)

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")
DERIVED = {"name_key", "touch_due", "low_id", "high_id"}


def plain(value: Any) -> Any:
    """A value as the document writes it: days and moments as ISO text, a
    moment in UTC without its zone (as an SQLite store holds it), so that
    the document is the same whichever engine holds the store."""
    if isinstance(value, datetime) and value.tzinfo is not None:
        value = value.astimezone(timezone.utc).replace(tzinfo=None)
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def row(record: Any, skip: set[str] = DERIVED) -> dict[str, Any]:
    return {name: plain(value) for name, value in values(record).items() if name not in skip}


def _all(db: Reader, row_type: type[T], order: str) -> list[T]:
    return fetch(db, row_type, f"1 = 1 ORDER BY {order}")


def build(source: Reader | Session) -> dict[str, Any]:
    db = connection(source)
    details: dict[int | None, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for contact_id, kind, value in db.tuples(
        "SELECT contact_id, kind, value FROM contact_detail ORDER BY contact_id, kind, position"
    ):
        details[contact_id][kind].append(value)
    members: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for m in _all(db, CommunityMember, "community_id, contact_id"):
        members[m.community_id].append(
            {"contact_id": m.contact_id, "joined_on": plain(m.joined_on)}
        )
    also: dict[int | None, list[str]] = defaultdict(list)  # an organisation's other names
    for oid, name in db.tuples("SELECT organisation_id, name FROM organisation_alias ORDER BY id"):
        also[oid].append(name)
    people: dict[int | None, list[dict[str, Any]]] = defaultdict(list)
    for link in _all(db, InteractionContact, "interaction_id, contact_id"):
        people[link.interaction_id].append({"id": link.contact_id, "role": link.role})
    return {
        "format": FORMAT,
        "version": VERSION,
        "events": [row(e) for e in _all(db, Event, "id")],
        "organisations": [
            {**row(o), "also_called": also[o.id]} for o in _all(db, Organisation, "id")
        ],
        "contacts": [
            {**row(c), **{plural: details[c.id][kind] for kind, plural in DETAIL_LISTS.items()}}
            for c in _all(db, Contact, "id")
        ],
        "communities": [{**row(c), "members": members[c.id]} for c in _all(db, Community, "id")],
        "introductions": [row(i) for i in _all(db, Introduction, "id")],
        "interactions": [{**row(i), "contacts": people[i.id]} for i in _all(db, Interaction, "id")],
        "follow_ups": [row(f) for f in _all(db, FollowUp, "id")],
        "event_guests": [row(g) for g in _all(db, EventGuest, "event_id, contact_id")],
        "agenda_snoozes": [
            {"handle": a.handle, "until": plain(a.until)} for a in _all(db, AgendaSnooze, "handle")
        ],
        "distinct_pairs": [
            {
                "low_id": d.low_id,
                "high_id": d.high_id,
                "marked_on": plain(d.marked_on),
                "created_by": d.created_by,
            }
            for d in _all(db, DistinctPair, "low_id, high_id")
        ],
        "resources": [
            {**row(r), "tags": items(r.tags), "needs": items(r.needs)}
            for r in _all(db, Resource, "id")
        ],
        "consents": [row(c) for c in _all(db, Consent, "id")],
        # Secrets (notification URLs) stay in the store: an export is shared and pasted.
        "settings": {s.key: s.value for s in _all(db, Setting, "key") if s.key not in NOT_EXPORTED},
    }
