"""Recording that the importing member met people they already had: several
members collecting the same business cards at a booth all show as having met
them (`pln show`'s "met by")."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core import contacts, interactions, members
from plncrm.store.models import Interaction, InteractionContact
from plncrm.util.batches import chunks


def record_met(
    session: Session,
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
    member = members.current(session)
    wanted = sorted(set(contact_ids))
    people = contacts.get_many(session, wanted)
    done: set[int] = {
        cid
        for cid, person in people.items()
        if person.met_event_id == event_id and person.created_by == member
    }
    for chunk in chunks(wanted):
        query = (
            select(col(InteractionContact.contact_id))
            .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
            .where(
                col(Interaction.event_id) == event_id,
                col(Interaction.created_by).is_not_distinct_from(member),
                col(InteractionContact.contact_id).in_(chunk),
            )
        )
        done.update(session.execute(query).scalars())
    logged = 0
    for cid in wanted:
        if cid not in done and cid in people:
            interactions.log(
                session,
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
            session.add(person)
    session.flush()
    return logged
