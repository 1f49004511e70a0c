"""Ripples: everyone who came into the network through a person, directly and
onward, and what came of each connection."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from plncrm.store.models import Contact, InteractionContact, Introduction

MAX_DEPTH = 8


@dataclass
class Ripple:
    contact: Contact
    how: str  # "root" | "via" (they brought this person to us) | "intro" (we introduced them)
    result: str  # what came of it, in words
    children: list[Ripple] = field(default_factory=list)

    def size(self) -> int:
        return sum(1 + child.size() for child in self.children)


def _touches(session: Session, contact_ids: list[int]) -> dict[int, int]:
    if not contact_ids:
        return {}
    rows = session.execute(
        select(col(InteractionContact.contact_id), func.count())
        .where(
            col(InteractionContact.contact_id).in_(contact_ids),
            col(InteractionContact.role) == "with",
        )
        .group_by(col(InteractionContact.contact_id))
    ).all()
    return dict(rows)


def _via_result(contact: Contact, touches: int) -> str:
    last = f", last {contact.last_contacted.isoformat()}" if contact.last_contacted else ""
    return f"{touches} interaction{'s' if touches != 1 else ''}{last}"


def _intro_result(intro: Introduction) -> str:
    if intro.outcome:
        return f"introduced {intro.introduced_on}: {intro.outcome}" + (
            f" ({intro.outcome_note})" if intro.outcome_note else ""
        )
    return f"introduced {intro.introduced_on}, outcome pending"


def build(session: Session, root: Contact) -> Ripple:
    """A breadth-first walk over "via" links and introductions that were made."""
    tree = Ripple(root, "root", "")
    seen = {root.id}
    queue = deque([(tree, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        cid = node.contact.id
        brought = list(
            session.execute(
                select(Contact).where(col(Contact.via_id) == cid).order_by(col(Contact.name_key))
            ).scalars()
        )
        made = list(
            session.execute(
                select(Introduction)
                .where(or_(col(Introduction.a_id) == cid, col(Introduction.b_id) == cid))
                .where(col(Introduction.introduced_on).is_not(None))
                .order_by(col(Introduction.introduced_on))
            ).scalars()
        )
        touches = _touches(session, [c.id for c in brought if c.id is not None])
        for contact in brought:
            if contact.id in seen:
                continue
            seen.add(contact.id)
            child = Ripple(contact, "via", _via_result(contact, touches.get(contact.id or 0, 0)))
            node.children.append(child)
            queue.append((child, depth + 1))
        for intro in made:
            other_id = intro.b_id if intro.a_id == cid else intro.a_id
            if other_id in seen:
                continue
            other = session.get(Contact, other_id)
            if other is None:
                continue
            seen.add(other_id)
            child = Ripple(other, "intro", _intro_result(intro))
            node.children.append(child)
            queue.append((child, depth + 1))
    return tree
