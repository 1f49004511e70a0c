"""Communities of interest and recurring chats, and who belongs to them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.core import refs
from plncrm.store.db import Db, add_row, connection, fetch
from plncrm.store.plain import Reader
from plncrm.store.schema import Community, Contact
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.errors import Conflict, Invalid
from plncrm.util.text import fold, one_line

if TYPE_CHECKING:
    from sqlmodel import Session


def resolve(source: Reader | Session, ref: str) -> Community:
    """A community by id, exact name, or a unique part of its name."""
    community: Community = refs.named(source, Community, ref, "community", "communities")
    return community


def add(
    into: Db | Session,
    name: str,
    *,
    focus: str | None = None,
    where: str | None = None,
    mine: bool = False,
) -> Community:
    clean = one_line(name)
    if not clean:
        raise Invalid("a community needs a name")
    db = connection(into)
    if fetch(db, Community, "name_key = :key", {"key": fold(clean)}):
        raise Conflict(f"there is already a community called {clean!r}")
    community = Community(
        name=clean,
        name_key=fold(clean),
        focus=one_line(focus) if focus else None,
        where=one_line(where) if where else None,
        mine=mine,
        created_at=clock.now(),
    )
    return add_row(db, community)


def join(
    into: Db | Session, community: Community, people: Sequence[Contact], on: date
) -> list[Contact]:
    db = connection(into)
    joined = []
    for person in {p.id: p for p in people}.values():
        added = db.execute(
            "INSERT INTO community_member (community_id, contact_id, joined_on) "
            "VALUES (:community, :contact, :on) ON CONFLICT DO NOTHING",
            {"community": community.id, "contact": person.id, "on": on},
        )
        if added:
            joined.append(person)
    return joined


def leave(into: Db | Session, community: Community, people: Sequence[Contact]) -> list[Contact]:
    db = connection(into)
    left = []
    for person in people:
        removed = db.execute(
            "DELETE FROM community_member "
            "WHERE community_id = :community AND contact_id = :contact",
            {"community": community.id, "contact": person.id},
        )
        if removed:
            left.append(person)
    return left


def members(source: Reader | Session, community: Community) -> list[Contact]:
    return fetch(
        connection(source),
        Contact,
        "id IN (SELECT contact_id FROM community_member WHERE community_id = :c) ORDER BY name_key",
        {"c": community.id},
    )


def list_communities(source: Reader | Session) -> list[tuple[Community, int]]:
    db = connection(source)
    sizes = dict(
        db.tuples("SELECT community_id, count(*) FROM community_member GROUP BY community_id")
    )
    return [(c, sizes.get(c.id, 0)) for c in fetch(db, Community, "1 = 1 ORDER BY name_key")]


_NAMES = (
    "SELECT m.contact_id, c.name FROM community_member m "
    "JOIN community c ON c.id = m.community_id {where} ORDER BY c.name_key"
)


def memberships(source: Reader | Session) -> dict[int, list[str]]:
    """Community names of every contact who is in one."""
    result: dict[int, list[str]] = {}
    for contact_id, name in connection(source).tuples(_NAMES.format(where="")):
        result.setdefault(contact_id, []).append(name)
    return result


def of_contacts(source: Reader | Session, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """Community names per contact."""
    db = connection(source)
    result: dict[int, list[str]] = {}
    for chunk in chunks(contact_ids):
        for contact_id, name in db.tuples(
            _NAMES.format(where="WHERE m.contact_id IN :ids"), {"ids": chunk}
        ):
            result.setdefault(contact_id, []).append(name)
    return result
