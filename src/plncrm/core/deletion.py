"""Deleting a contact: what goes with them, and what of other people's it
would change. Other contacts' history never changes silently: `pln rm` says
all of it, and refuses (pointing at `pln archive`) when an introduction or a
"came via" of someone else hangs on the person, unless told `--force`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plncrm.store.db import Db, connection, fetch, get_row, remove_row, value
from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Introduction

if TYPE_CHECKING:
    from sqlmodel import Session


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
        said = [
            f"{n} {word}{'s' if n != 1 else ''}" + (f" ({note})" if note else "")
            for n, word, note in parts
            if n
        ]
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


# The interactions the contact took part in, and those of them others took part in too.
_MINE = "SELECT interaction_id FROM interaction_contact WHERE contact_id = :c"
_SHARED = (
    "SELECT interaction_id FROM interaction_contact "
    f"WHERE interaction_id IN ({_MINE}) AND contact_id <> :c"
)


def effects(source: Reader | Session, contact: Contact) -> Effects:
    db = connection(source)
    cid = contact.id

    def count(sql: str, params: dict[str, object] | None = None) -> int:
        return int(value(db, sql, {"c": cid, **(params or {})}) or 0)

    found = Effects(
        interactions=count(
            "SELECT count(*) FROM interaction_contact "
            f"WHERE contact_id = :c AND interaction_id NOT IN ({_SHARED})"
        ),
        shared=count(f"SELECT count(DISTINCT interaction_id) FROM ({_SHARED}) shared"),
        open_follow_ups=count(
            "SELECT count(*) FROM follow_up WHERE contact_id = :c AND status IN :open",
            {"open": list(FOLLOW_UP_OPEN)},
        ),
        invitations=count("SELECT count(*) FROM event_guest WHERE contact_id = :c"),
        memberships=count("SELECT count(*) FROM community_member WHERE contact_id = :c"),
    )
    for intro in fetch(db, Introduction, "a_id = :c OR b_id = :c ORDER BY id", {"c": cid}):
        other = get_row(db, Contact, intro.b_id if intro.a_id == cid else intro.a_id)
        name = f"{other.name} (#{other.id})" if other else "someone"
        found.introductions.append(f"with {name}, {intro.outcome or intro.status}")
    found.brought = [
        f"{c.name} (#{c.id})" for c in fetch(db, Contact, "via_id = :c ORDER BY id", {"c": cid})
    ]
    return found


def delete_contact(source: Db | Session, contact: Contact) -> int:
    """Delete a contact and the interactions that involved only them.
    Returns how many interactions went with them."""
    assert contact.id is not None
    db = connection(source)
    removed = db.execute(
        f"DELETE FROM interaction WHERE id IN ({_MINE}) AND id NOT IN ({_SHARED})",
        {"c": contact.id},
    )
    remove_row(db, contact)
    return removed
