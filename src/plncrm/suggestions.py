"""Gathering what `scheduler.suggestions` needs to suggest introductions."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.models import Community, CommunityMember, Contact, ContactDetail, Introduction
from plncrm.scheduler.suggestions import Member, Suggestion, suggest
from plncrm.text import fold, keywords


def members(session: Session) -> list[Member]:
    needs: dict[int, list[tuple[str, frozenset[str]]]] = {}
    offers: dict[int, list[tuple[str, frozenset[str]]]] = {}
    groups: dict[int, set[str]] = {}
    rows = session.execute(
        select(
            col(ContactDetail.contact_id),
            col(ContactDetail.kind),
            col(ContactDetail.value),
            col(ContactDetail.key),
        )
        .where(col(ContactDetail.kind).in_(("need", "offer", "tag")))
        .order_by(col(ContactDetail.position))
    )
    for contact_id, kind, value, key in rows:
        if kind == "tag":
            groups.setdefault(contact_id, set()).add(f"tag:{key}")
        else:
            target = needs if kind == "need" else offers
            target.setdefault(contact_id, []).append((value, keywords(value)))
    groups_from_communities(session, groups)
    people = session.execute(
        select(
            col(Contact.id), col(Contact.name), col(Contact.org), col(Contact.last_contacted)
        ).where(col(Contact.archived).is_(False))
    )
    return [
        Member(
            id=cid,
            name=name,
            org=fold(org) if org else None,
            needs=tuple(needs.get(cid, ())),
            offers=tuple(offers.get(cid, ())),
            groups=frozenset(groups.get(cid, ())),
            last_contacted=last,
        )
        for cid, name, org, last in people
    ]


def groups_from_communities(session: Session, groups: dict[int, set[str]]) -> None:
    """Community memberships count as groups, like tags."""
    rows = session.execute(
        select(col(CommunityMember.contact_id), col(Community.name)).join(
            Community, col(Community.id) == col(CommunityMember.community_id)
        )
    )
    for contact_id, name in rows:
        groups.setdefault(contact_id, set()).add(f"community:{name}")


def connected_pairs(session: Session) -> set[tuple[int, int]]:
    """Pairs never to suggest: already introduced, declined or in progress, or one brought the other."""
    pairs = {
        (low, high)
        for low, high in session.execute(
            select(col(Introduction.low_id), col(Introduction.high_id)).where(
                col(Introduction.status) != "cancelled"
            )
        )
    }
    for cid, via in session.execute(
        select(col(Contact.id), col(Contact.via_id)).where(col(Contact.via_id).is_not(None))
    ):
        pairs.add((min(cid, via), max(cid, via)))
    return pairs


def suggestions(
    session: Session,
    today: date,
    *,
    focus: Contact | None = None,
    limit: int = 10,
    same_org: bool = False,
) -> list[Suggestion]:
    return suggest(
        members(session),
        today,
        excluded=connected_pairs(session),
        focus=focus.id if focus else None,
        limit=limit,
        same_org=same_org,
    )
