"""Team members: the person (PLN_USER) on whose behalf a session writes, who
owns which follow-up, and who the team is.

A member is just a name: the first thing they record makes them one. The
transaction carries the current member (`Db.member`, from
`store.engine.transaction(member=...)` or `Environment.writing`); every new row
with a `created_by` column is stamped with it (`store.db.add_row`, or the
session's flush), so core functions need not pass it around.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from plncrm.store.db import Db, connection
from plncrm.store.kinds import FOLLOW_UP_OPEN as OPEN
from plncrm.store.plain import Reader
from plncrm.util.errors import Invalid, NotFound
from plncrm.util.text import one_line

if TYPE_CHECKING:
    from sqlmodel import Session


def current(source: Db | Session) -> str | None:
    member = connection(source).member
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


_NAMES = (
    "SELECT created_by FROM contact UNION SELECT created_by FROM interaction "
    "UNION SELECT created_by FROM follow_up UNION SELECT owner FROM follow_up"
)
# Counted under names no column has: `store.plain` types columns by name.
_COUNTS = (
    "SELECT owner, count(*), "
    "sum(CASE WHEN coalesce(snoozed_until, due) < :today THEN 1 ELSE 0 END) "
    "FROM follow_up WHERE status IN :open GROUP BY owner"
)


def team(source: Reader | Session, today: date) -> list[Member]:
    """Everyone who has recorded something or owns a follow-up, with their open
    and overdue follow-ups; unassigned ones are counted under no name ('')."""
    db = connection(source)
    known = {name for (name,) in db.tuples(_NAMES) if name}
    counts = {
        owner or "": (int(total), int(late or 0))
        for owner, total, late in db.tuples(_COUNTS, {"today": today, "open": list(OPEN)})
    }
    members = [Member(name, *counts.get(name, (0, 0))) for name in sorted(known, key=str.casefold)]
    if "" in counts:
        members.append(Member("", *counts[""]))
    return members


# Every table whose rows name the member who recorded them (`created_by`), with
# the word `pln team claim` counts them by; a contact's "met by" comes from
# these (the contact's and its touchpoints' `created_by`).
SIGNED = (
    ("contact", "contact"),
    ("interaction", "interaction"),
    ("follow-up", "follow_up"),
    ("event", "event"),
    ("community", "community"),
    ("introduction", "introduction"),
)


@dataclass(frozen=True)
class Claim:
    """What `claim` moved from `old` to `new`."""

    old: str
    new: str
    assigned: int  # follow-ups that were `old`'s task, open or not
    recorded: dict[str, int]  # rows `old` recorded, by kind (SIGNED), only those with some

    @property
    def moved(self) -> int:
        return self.assigned + sum(self.recorded.values())


def claim(source: Db | Session, old: str) -> Claim:
    """Make everything that names `old` the current member's: the follow-ups
    assigned to `old` and every row `old` recorded (so "met by" too), in the
    command's one transaction (journaled like any command, so `pln undo`
    takes it back). For a store one person began under their login name."""
    db = connection(source)
    me = current(db)
    if not me:
        raise Invalid("no current member: set PLN_USER to the name to claim for")
    name = clean_name(old)
    if name == me:
        raise Invalid(f"{name!r} is you already: set PLN_USER to your own name first")
    names = {"old": name, "me": me}
    assigned = db.execute("UPDATE follow_up SET owner = :me WHERE owner = :old", names)
    recorded = {}
    for word, table in SIGNED:
        moved = db.execute(f"UPDATE {table} SET created_by = :me WHERE created_by = :old", names)
        if moved:
            recorded[word] = moved
    found = Claim(name, me, assigned, recorded)
    if not found.moved:
        raise NotFound(f"nothing is {name}'s: pln team lists the members")
    return found
