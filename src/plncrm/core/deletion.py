"""Deleting a contact: what goes with them, and what of other people's it
would change. Other contacts' history never changes silently: `pln rm` says
all of it, and refuses (pointing at `pln archive`) when an introduction or a
"came via" of someone else hangs on the person, unless told `--force`."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, func, select
from sqlmodel import Session, col

from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.models import (
    CommunityMember,
    Contact,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
)


@dataclass
class Effects:
    """What `delete_contact` would do, in words a person can check."""

    interactions: int = 0  # theirs alone: deleted
    shared: int = 0  # with others too: kept, without them
    open_follow_ups: int = 0
    invitations: int = 0
    memberships: int = 0
    introductions: list[str] = field(default_factory=list)  # "with Grace Ho (#3), working-together"
    brought: list[str] = field(default_factory=list)  # contacts who came via them

    @property
    def touches_others(self) -> bool:
        return bool(self.introductions or self.brought)

    def own(self) -> str:
        parts = [
            (self.interactions, "interaction", "only with them"),
            (self.shared, "shared interaction", "kept, without them"),
            (self.open_follow_ups, "open follow-up", ""),
            (self.invitations, "event invitation", ""),
            (self.memberships, "community membership", ""),
        ]
        said = [f"{n} {word}{'s' if n != 1 else ''}" + (f" ({note})" if note else "")
                for n, word, note in parts if n]  # fmt: skip
        return ", ".join(said) or "nothing else"

    def others(self) -> str:
        said = []
        if self.introductions:
            said.append(
                f"{len(self.introductions)} introduction(s) ({'; '.join(self.introductions)})"
            )
        if self.brought:
            said.append(f"where {', '.join(self.brought)} came from (via)")
        return " and ".join(said)


def effects(session: Session, contact: Contact) -> Effects:
    cid = contact.id
    mine = select(col(InteractionContact.interaction_id)).where(
        col(InteractionContact.contact_id) == cid
    )
    shared = select(col(InteractionContact.interaction_id)).where(
        col(InteractionContact.interaction_id).in_(mine), col(InteractionContact.contact_id) != cid
    )

    def count(query: object) -> int:
        return int(session.execute(query).scalar_one())  # type: ignore[arg-type]

    found = Effects(
        interactions=count(select(func.count()).select_from(mine.where(
            col(InteractionContact.interaction_id).not_in(shared)).subquery())),
        shared=count(select(func.count()).select_from(shared.distinct().subquery())),
        open_follow_ups=count(select(func.count()).where(
            col(FollowUp.contact_id) == cid, col(FollowUp.status).in_(FOLLOW_UP_OPEN))),
        invitations=count(select(func.count()).where(col(EventGuest.contact_id) == cid)),
        memberships=count(select(func.count()).where(col(CommunityMember.contact_id) == cid)),
    )  # fmt: skip
    for intro in session.execute(
        select(Introduction).where(
            (col(Introduction.a_id) == cid) | (col(Introduction.b_id) == cid)
        )
    ).scalars():
        other = session.get(Contact, intro.b_id if intro.a_id == cid else intro.a_id)
        name = f"{other.name} (#{other.id})" if other else "someone"
        found.introductions.append(f"with {name}, {intro.outcome or intro.status}")
    found.brought = [
        f"{c.name} (#{c.id})"
        for c in session.execute(select(Contact).where(col(Contact.via_id) == cid)).scalars()
    ]
    return found


def delete_contact(session: Session, contact: Contact) -> int:
    """Delete a contact and the interactions that involved only them.
    Returns how many interactions went with them."""
    assert contact.id is not None
    mine = select(col(InteractionContact.interaction_id)).where(
        col(InteractionContact.contact_id) == contact.id
    )
    shared = select(col(InteractionContact.interaction_id)).where(
        col(InteractionContact.interaction_id).in_(mine),
        col(InteractionContact.contact_id) != contact.id,
    )
    solo = delete(Interaction).where(
        col(Interaction.id).in_(mine), col(Interaction.id).not_in(shared)
    )
    removed = session.execute(solo).rowcount  # type: ignore[attr-defined]
    session.delete(contact)
    session.flush()
    return int(removed or 0)
