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

from sqlalchemy import Integer, cast, func, select, union
from sqlmodel import Session, col

from plncrm.store.kinds import FOLLOW_UP_OPEN as OPEN
from plncrm.store.models import Contact, FollowUp, Interaction
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
