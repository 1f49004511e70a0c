"""Recording that the importing member met people they already had: several
members collecting the same business cards at a booth all show as having met
them (`pln show`'s "met by")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

from plncrm.core import contacts, interactions
from plncrm.store.db import Db, connection, save
from plncrm.util.batches import chunks

if TYPE_CHECKING:
    from sqlmodel import Session


def record_met(
    into: Db | Session,
    contact_ids: Iterable[int],
    event_id: int,
    event_name: str,
    on: date,
    first: date | None = None,
) -> int:
    """Log one "met at EVENT" touchpoint with each contact, signed by the
    current member, unless they already have one (so re-importing adds none);
    those never met anywhere were first met there (on `first`, None for an
    event with no date yet). Returns how many were logged."""
    db = connection(into)
    member = db.member or None
    wanted = sorted(set(contact_ids))
    people = contacts.get_many(db, wanted)
    done: set[int] = {
        cid
        for cid, person in people.items()
        if person.met_event_id == event_id and person.created_by == member
    }
    same = "IS" if db.dialect == "sqlite" else "IS NOT DISTINCT FROM"
    for chunk in chunks(wanted):
        found = db.tuples(
            "SELECT ic.contact_id FROM interaction_contact ic "
            "JOIN interaction i ON i.id = ic.interaction_id "
            f"WHERE i.event_id = :event AND i.created_by {same} :member AND ic.contact_id IN :ids",
            {"event": event_id, "member": member, "ids": chunk},
        )
        done.update(cid for (cid,) in found)
    logged = 0
    for cid in wanted:
        if cid not in done and cid in people:
            interactions.log(
                db,
                [people[cid]],
                kind="event",
                note=f"Met at {event_name}",
                on=on,
                event_id=event_id,
            )
            logged += 1
    for person in people.values():
        if person.met_event_id is None and person.met_on is None:
            person.met_event_id, person.met_on = event_id, first
            save(db, person, "met_event_id", "met_on")
    return logged
