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

from sqlalchemy import Integer, cast, func, select, union, update
from sqlmodel import Session, col

from plncrm.store.kinds import FOLLOW_UP_OPEN as OPEN
from plncrm.store.models import Contact, FollowUp, Interaction
from plncrm.store.tables import metadata
from plncrm.util.errors import Invalid, NotFound
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


# Every table whose rows name the member who recorded them (`created_by`), with
# the word `pln team claim` counts them by; a contact's "met by" comes from
# these (the contact's and its touchpoints' `created_by`).
SIGNED = (
    ("contact", "contact"), ("interaction", "interaction"), ("follow-up", "follow_up"),
    ("event", "event"), ("community", "community"), ("introduction", "introduction"),
)  # fmt: skip


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


def claim(session: Session, old: str) -> Claim:
    """Make everything that names `old` the current member's: the follow-ups
    assigned to `old` and every row `old` recorded (so "met by" too), in the
    session's one transaction (journaled like any command, so `pln undo`
    takes it back). For a store one person began under their login name."""
    me = current(session)
    if not me:
        raise Invalid("no current member: set PLN_USER to the name to claim for")
    name = clean_name(old)
    if name == me:
        raise Invalid(f"{name!r} is you already: set PLN_USER to your own name first")
    session.flush()
    conn = session.connection()
    tables = metadata.tables
    tasks = tables["follow_up"]
    assigned = conn.execute(update(tasks).where(tasks.c.owner == name).values(owner=me)).rowcount
    recorded = {}
    for word, table_name in SIGNED:
        table = tables[table_name]
        moved = conn.execute(
            update(table).where(table.c.created_by == name).values(created_by=me)
        ).rowcount
        if moved:
            recorded[word] = moved
    found = Claim(name, me, assigned, recorded)
    if not found.moved:
        raise NotFound(f"nothing is {name}'s: pln team lists the members")
    session.expire_all()
    return found
