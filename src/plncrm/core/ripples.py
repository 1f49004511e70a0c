"""Ripples: everyone who came into the network through a person, directly and
onward, and what came of each connection."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plncrm.store.db import connection, fetch, get_row
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Introduction
from plncrm.util.batches import chunks

if TYPE_CHECKING:
    from sqlmodel import Session

MAX_DEPTH = 8


@dataclass
class Ripple:
    contact: Contact
    how: str  # "root" | "via" (they brought this person to us) | "intro" (we introduced them)
    result: str  # what came of it, in words
    children: list[Ripple] = field(default_factory=list)

    def size(self) -> int:
        return sum(1 + child.size() for child in self.children)


def _touches(db: Reader, contact_ids: list[int]) -> dict[int, int]:
    """How many interactions each contact took part in."""
    found: dict[int, int] = {}
    for chunk in chunks(contact_ids):
        rows = db.tuples(
            "SELECT contact_id, count(*) FROM interaction_contact "
            "WHERE contact_id IN :ids AND role = 'with' GROUP BY contact_id",
            {"ids": chunk},
        )
        found.update((int(cid), int(n)) for cid, n in rows)
    return found


def _via_result(contact: Contact, touches: int) -> str:
    last = f", last {contact.last_contacted.isoformat()}" if contact.last_contacted else ""
    return f"{touches} interaction{'s' if touches != 1 else ''}{last}"


def _intro_result(intro: Introduction) -> str:
    if intro.outcome:
        return f"introduced {intro.introduced_on}: {intro.outcome}" + (
            f" ({intro.outcome_note})" if intro.outcome_note else ""
        )
    return f"introduced {intro.introduced_on}, outcome pending"


def build(source: Reader | Session, root: Contact) -> Ripple:
    """A breadth-first walk over "via" links and introductions that were made."""
    db = connection(source)
    tree = Ripple(root, "root", "")
    seen = {root.id}
    queue = deque([(tree, 0)])
    while queue:
        node, depth = queue.popleft()
        if depth >= MAX_DEPTH:
            continue
        cid = node.contact.id
        brought = fetch(db, Contact, "via_id = :c ORDER BY name_key, id", {"c": cid})
        made = fetch(
            db,
            Introduction,
            "(a_id = :c OR b_id = :c) AND introduced_on IS NOT NULL ORDER BY introduced_on, id",
            {"c": cid},
        )
        touches = _touches(db, [c.id for c in brought if c.id is not None])
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
            other = get_row(db, Contact, other_id)
            if other is None:
                continue
            seen.add(other_id)
            child = Ripple(other, "intro", _intro_result(intro))
            node.children.append(child)
            queue.append((child, depth + 1))
    return tree
