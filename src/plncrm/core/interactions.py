"""Interactions (touchpoints): what happened with whom, and when.

This is the only place that writes interactions, so each contact's
`last_contacted` stays the date of its latest one.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from plncrm.core import cadences, followups
from plncrm.store.kinds import INTERACTION_KINDS
from plncrm.store.models import Contact, FollowUp, Interaction, InteractionContact
from plncrm.util import clock
from plncrm.util.errors import Invalid
from plncrm.util.text import strip_controls


@dataclass
class TimelineEntry:
    interaction: Interaction
    with_others: list[Contact]
    role: str = "with"


def log(
    session: Session,
    contacts: Sequence[Contact],
    *,
    kind: str = "note",
    note: str | None = None,
    on: date,
    event_id: int | None = None,
    intro_id: int | None = None,
    about: Sequence[Contact] = (),
) -> Interaction:
    """Record one interaction with every contact given.

    `about` contacts were its subject, not part of it (the other side of an
    introduction we asked about): it shows on their timeline but does not
    count as being in touch with them.
    """
    if kind not in INTERACTION_KINDS:
        raise Invalid(f"unknown kind {kind!r}; choose from {', '.join(INTERACTION_KINDS)}")
    unique = {c.id: c for c in contacts}
    if not unique and not about:
        raise Invalid("an interaction needs at least one contact")
    cleaned = strip_controls(note).strip() if note else None
    interaction = Interaction(happened_on=on, kind=kind, note=cleaned or None, event_id=event_id,
                              intro_id=intro_id, created_at=clock.now())  # fmt: skip
    session.add(interaction)
    session.flush()
    assert interaction.id is not None
    for contact in unique.values():
        assert contact.id is not None
        session.add(InteractionContact(interaction_id=interaction.id, contact_id=contact.id))
        if contact.last_contacted is None or on > contact.last_contacted:
            contact.last_contacted = on
            session.add(contact)
    for subject in {c.id: c for c in about if c.id not in unique}.values():
        assert subject.id is not None
        session.add(
            InteractionContact(interaction_id=interaction.id, contact_id=subject.id, role="about")
        )
    session.flush()
    ids = [i for i in unique if i is not None]
    if ids:
        followups.satisfy_guards(session, ids, on, kind)
        cadences.refresh(session, ids)
    return interaction


def timeline(session: Session, contact: Contact, limit: int | None = 50) -> list[TimelineEntry]:
    """A contact's interactions, newest first, each with the other people involved."""
    query = (
        select(Interaction, col(InteractionContact.role))
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .where(col(InteractionContact.contact_id) == contact.id)
        .order_by(col(Interaction.happened_on).desc(), col(Interaction.id).desc())
    )
    if limit:
        query = query.limit(limit)
    rows = session.execute(query).all()
    ids = [interaction.id for interaction, _ in rows]
    others: dict[int, list[Contact]] = {i: [] for i in ids if i is not None}
    if ids:
        pairs = session.execute(
            select(col(InteractionContact.interaction_id), Contact)
            .join(Contact, col(Contact.id) == col(InteractionContact.contact_id))
            .where(col(InteractionContact.interaction_id).in_(ids), col(Contact.id) != contact.id)
            .order_by(col(Contact.name_key))
        ).all()
        for interaction_id, other in pairs:
            others[interaction_id].append(other)
    return [TimelineEntry(i, others.get(i.id or 0, []), role) for i, role in rows]


def count_for(session: Session, contact: Contact) -> int:
    return int(
        session.execute(
            select(func.count()).where(col(InteractionContact.contact_id) == contact.id)
        ).scalar_one()
    )


def complete_follow_up(
    session: Session, task: FollowUp, on: date, note: str | None = None, kind: str = "note"
) -> FollowUp | None:
    """Mark a follow-up done (returning a recurring one's next occurrence); a
    note about what was done goes on its contact's timeline."""
    following = followups.complete(session, task, on)
    contact = session.get(Contact, task.contact_id) if note and task.contact_id else None
    if contact is not None:
        log(session, [contact], kind=kind, note=note, on=on)
    return following
