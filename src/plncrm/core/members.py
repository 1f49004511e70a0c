"""Team members: the person (PLN_USER) on whose behalf a session writes, who
owns which follow-up, and who the team is.

A member is just a name: the first thing they record makes them one. The
session carries the current member (`store.engine.transaction(member=...)`);
every new row with a `created_by` column is stamped with it on flush, so core
functions need not pass it around.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import ColumnElement, Integer, cast, func, or_, select, union
from sqlmodel import Session, col

from plncrm.store.kinds import FOLLOW_UP_OPEN as OPEN
from plncrm.store.kinds import STEP_KINDS
from plncrm.store.models import Contact, Event, FollowUp, Interaction, InteractionContact
from plncrm.util.errors import Invalid
from plncrm.util.text import one_line


def current(session: Session) -> str | None:
    member = session.info.get("member")
    return str(member) if member else None


def clean_name(name: str) -> str:
    member = one_line(name).strip()
    if not member or member.startswith("-"):
        raise Invalid(f"not a member name: {name!r}")
    return member


@dataclass(frozen=True)
class Member:
    name: str
    open: int
    overdue: int


def team(session: Session, today: date) -> list[Member]:
    """Everyone who has recorded something or owns a follow-up, with their open
    and overdue follow-ups; unassigned ones are counted under no name ('')."""
    names = union(
        select(col(Contact.created_by).label("name")),
        select(col(Interaction.created_by)),
        select(col(FollowUp.created_by)),
        select(col(FollowUp.owner)),
    ).subquery()
    known = {row[0] for row in session.execute(select(names.c.name)) if row[0]}
    showing = func.coalesce(FollowUp.snoozed_until, FollowUp.due)
    counts = {
        owner or "": (int(total), int(late or 0))
        for owner, total, late in session.execute(
            select(
                col(FollowUp.owner),
                func.count(),
                func.sum(cast(showing < today, Integer)),
            )
            .where(col(FollowUp.status).in_(OPEN))
            .group_by(col(FollowUp.owner))
        )
    }
    members = [Member(name, *counts.get(name, (0, 0))) for name in sorted(known, key=str.casefold)]
    if "" in counts:
        members.append(Member("", *counts[""]))
    return members


def visible_to(member: str | None) -> ColumnElement[bool]:
    """Follow-ups a member sees by default: their own and nobody's."""
    if member is None:
        return col(FollowUp.owner).is_(None)
    return or_(col(FollowUp.owner) == member, col(FollowUp.owner).is_(None))


NOT_MEETING = (*STEP_KINDS, "message")


def met_by(session: Session, contact: Contact) -> dict[str, list[str]]:
    """Event name → the members who met this contact there: whoever recorded
    the contact as met there, and whoever logged a touchpoint with them at it
    (`pln log REF --at EVENT`, an import with --met-at)."""
    found: dict[str, list[str]] = {}

    def add(event: str, member: str | None) -> None:
        if member and member not in found.setdefault(event, []):
            found[event].append(member)

    if contact.met_event_id is not None:
        event = session.get(Event, contact.met_event_id)
        if event is not None:
            add(event.name, contact.created_by)
    rows = session.execute(
        select(col(Event.name), col(Interaction.created_by))
        .join(Interaction, col(Interaction.event_id) == col(Event.id))
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .where(
            col(InteractionContact.contact_id) == contact.id,
            col(InteractionContact.role) == "with",
            col(Interaction.created_by).is_not(None),
            # An invitation, an RSVP or a thank-you is not meeting someone there.
            col(Interaction.kind).not_in(NOT_MEETING),
        )
        .order_by(col(Interaction.happened_on), col(Interaction.id))
    )
    for event_name, member in rows:
        add(event_name, member)
    return {event: names for event, names in found.items() if names}
