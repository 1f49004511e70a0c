"""Communities of interest and recurring chats, and who belongs to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from sqlalchemy import func, select
from sqlmodel import Session, col

from plncrm.core import refs
from plncrm.store.engine import insert_new
from plncrm.store.models import Community, CommunityMember, Contact
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.errors import Conflict, Invalid
from plncrm.util.text import fold, one_line


def resolve(session: Session, ref: str) -> Community:
    """A community by id, exact name, or a unique part of its name."""
    community: Community = refs.named(session, Community, ref, "community", "communities")
    return community


def add(
    session: Session,
    name: str,
    *,
    focus: str | None = None,
    where: str | None = None,
    mine: bool = False,
) -> Community:
    clean = one_line(name)
    if not clean:
        raise Invalid("a community needs a name")
    if (
        session.execute(select(Community).where(col(Community.name_key) == fold(clean))).scalar()
        is not None
    ):
        raise Conflict(f"there is already a community called {clean!r}")
    community = Community(name=clean, name_key=fold(clean), focus=one_line(focus) if focus else None,
                          where=one_line(where) if where else None, mine=mine,
                          created_at=clock.now())  # fmt: skip
    session.add(community)
    session.flush()
    return community


def join(
    session: Session, community: Community, people: Sequence[Contact], on: date
) -> list[Contact]:
    joined = []
    for person in {p.id: p for p in people}.values():
        row = {"community_id": community.id, "contact_id": person.id, "joined_on": on}
        if insert_new(session, CommunityMember, [row]):
            joined.append(person)
    session.flush()
    return joined


def leave(session: Session, community: Community, people: Sequence[Contact]) -> list[Contact]:
    left = []
    for person in people:
        row = session.get(CommunityMember, (community.id, person.id))
        if row is not None:
            session.delete(row)
            left.append(person)
    session.flush()
    return left


def members(session: Session, community: Community) -> list[Contact]:
    query = (
        select(Contact)
        .join(CommunityMember, col(CommunityMember.contact_id) == col(Contact.id))
        .where(col(CommunityMember.community_id) == community.id)
        .order_by(col(Contact.name_key))
    )
    return list(session.execute(query).scalars())


def list_communities(session: Session) -> list[tuple[Community, int]]:
    sizes = dict(
        session.execute(
            select(col(CommunityMember.community_id), func.count()).group_by(
                col(CommunityMember.community_id)
            )
        ).all()
    )
    rows = session.execute(select(Community).order_by(col(Community.name_key))).scalars()
    return [(c, sizes.get(c.id, 0)) for c in rows]


def memberships(session: Session) -> dict[int, list[str]]:
    """Community names of every contact who is in one."""
    result: dict[int, list[str]] = {}
    rows = session.execute(
        select(col(CommunityMember.contact_id), col(Community.name))
        .join(Community, col(Community.id) == col(CommunityMember.community_id))
        .order_by(col(Community.name_key))
    )
    for contact_id, name in rows:
        result.setdefault(contact_id, []).append(name)
    return result


def of_contacts(session: Session, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """Community names per contact."""
    result: dict[int, list[str]] = {}
    if not contact_ids:
        return result
    for chunk in chunks(contact_ids):
        rows = session.execute(
            select(col(CommunityMember.contact_id), col(Community.name))
            .join(Community, col(Community.id) == col(CommunityMember.community_id))
            .where(col(CommunityMember.contact_id).in_(chunk))
            .order_by(col(Community.name_key))
        )
        for contact_id, name in rows:
            result.setdefault(contact_id, []).append(name)
    return result
