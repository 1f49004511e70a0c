"""Interactions (touchpoints): what happened with whom, and when.

This is the only place that writes interactions, so each contact's
`last_contacted` stays the date of its latest one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from plncrm.core import cadences, followups
from plncrm.store.kinds import ATTENDED, INTERACTION_KINDS
from plncrm.store.models import Contact, FollowUp, Interaction, InteractionContact
from plncrm.util import clock
from plncrm.util.bounds import check_id
from plncrm.util.errors import Invalid, NotFound
from plncrm.util.text import strip_controls


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


def get(session: Session, interaction_id: int) -> Interaction:
    found = session.get(Interaction, check_id(interaction_id))
    if found is None:
        raise NotFound(f"no interaction with id {interaction_id} (pln show REF lists them)")
    return found


def people_in(session: Session, interaction: Interaction, role: str = "with") -> list[Contact]:
    """The contacts an interaction was with (or, with role "about", about)."""
    return list(
        session.execute(
            select(Contact)
            .join(InteractionContact, col(InteractionContact.contact_id) == col(Contact.id))
            .where(
                col(InteractionContact.interaction_id) == interaction.id,
                col(InteractionContact.role) == role,
            )
            .order_by(col(Contact.name_key))
        ).scalars()
    )


def edit(
    session: Session, interaction: Interaction, today: date, *, on: date | None = None,
    kind: str | None = None, note: str | None = None, people: Sequence[Contact] | None = None,
) -> Interaction:  # fmt: skip
    """Correct an interaction: its day, kind, note or the people it was with.
    Everyone's last contact is recounted, before and after."""
    if on is not None and on > today:
        raise Invalid(
            f"{on.isoformat()} has not happened yet: an interaction records what happened"
        )
    if kind is not None and kind not in INTERACTION_KINDS:
        raise Invalid(f"unknown kind {kind!r}; choose from {', '.join(INTERACTION_KINDS)}")
    if people is not None and not people:
        raise Invalid("an interaction needs at least one contact")
    touched = {c.id for c in people_in(session, interaction) if c.id is not None}
    if on is not None:
        interaction.happened_on = on
    if kind is not None:
        interaction.kind = kind
    if note is not None:
        interaction.note = strip_controls(note).strip() or None
    if people is not None:
        session.execute(
            delete(InteractionContact).where(
                col(InteractionContact.interaction_id) == interaction.id,
                col(InteractionContact.role) == "with",
            )
        )
        for contact_id in {c.id for c in people if c.id is not None}:
            session.add(
                InteractionContact(interaction_id=interaction.id or 0, contact_id=contact_id)
            )
            touched.add(contact_id)
    session.add(interaction)
    session.flush()
    _recount(session, touched)
    return interaction


def remove(session: Session, interaction: Interaction) -> list[Contact]:
    """Delete an interaction; return the people it was with (their last contact recounted)."""
    people = people_in(session, interaction)
    session.delete(interaction)
    session.flush()
    _recount(session, {c.id for c in people if c.id is not None})
    return people


def move_event_day(session: Session, event_id: int, old_day: date | None, new_day: date) -> None:
    """An event's first day moved: being there (kind `event`) moves with it,
    for those recorded on its old first day, or, when it had none, on the day
    they were recorded (an import's "met at" for an event with no date yet)."""
    rows = session.execute(
        select(Interaction).where(col(Interaction.event_id) == event_id, col(Interaction.kind) == ATTENDED)
    ).scalars().all()  # fmt: skip
    moved = [i for i in rows if i.happened_on != new_day and (
        i.happened_on == old_day if old_day else i.happened_on == clock.day_of(i.created_at))]  # fmt: skip
    if not moved:
        return
    for interaction in moved:
        interaction.happened_on = new_day
        session.add(interaction)
    session.flush()
    people = session.execute(
        select(col(InteractionContact.contact_id)).where(
            col(InteractionContact.interaction_id).in_([i.id for i in moved])
        )
    ).scalars()
    _recount(session, set(people))


def _recount(session: Session, contact_ids: set[int]) -> None:
    """Each contact's last contact: the day of their latest interaction "with" them."""
    for contact_id in contact_ids:
        latest = session.execute(
            select(func.max(Interaction.happened_on))
            .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
            .where(
                col(InteractionContact.contact_id) == contact_id,
                col(InteractionContact.role) == "with",
            )
        ).scalar()
        contact = session.get(Contact, contact_id)
        if contact is not None:
            contact.last_contacted = latest
            session.add(contact)
    session.flush()
    cadences.refresh(session, sorted(contact_ids))
