"""Reading what the report needs from the store, once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col

from plncrm.core import cadences, communities, followups, preferences, snoozes, strikeouts
from plncrm.core.strikeouts import Waiting
from plncrm.core.touch import follows_up
from plncrm.reads import events as plain_events
from plncrm.store.kinds import GUARD
from plncrm.store.models import (
    Contact,
    ContactDetail,
    Event,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
)
from plncrm.util import clock
from plncrm.util.dates import Interval


@dataclass(frozen=True, slots=True)
class Person:
    id: int
    name: str
    added_on: date
    source: str | None = None
    met_on: date | None = None
    met_event: str | None = None
    via: str | None = None
    communities: tuple[str, ...] = ()
    last_contacted: date | None = None
    cadence: Interval | None = None
    touch_until: date | None = None  # keeping in touch snoozed or dismissed until this day


@dataclass(frozen=True, slots=True)
class Touch:
    contact_id: int
    day: date
    kind: str
    role: str = "with"
    has_address: bool = True  # an email address, for what reaches someone only there


@dataclass(frozen=True, slots=True)
class Intro:
    id: int
    a: int
    b: int
    proposed_on: date
    a_answer: str | None = None
    b_answer: str | None = None
    introduced_on: date | None = None
    outcome: str | None = None


@dataclass(frozen=True, slots=True)
class Guard:
    """A strike-out follow-up: for whom, due when, and whether it is done."""

    contact_id: int
    due: date
    status: str
    done_on: date | None = None


@dataclass
class Facts:
    people: list[Person] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    intros: list[Intro] = field(default_factory=list)
    guard_days: int = 2
    waiting: list[Waiting] = field(default_factory=list)  # open strike-out guards
    met_again: list[tuple[int, date]] = field(
        default_factory=list
    )  # (contact, day) met again at an event
    guards: list[Guard] = field(default_factory=list)  # strike-out follow-ups, open or not


def gather(session: Session, since: date) -> Facts:
    """Plain rows, not ORM objects: the report reads every contact, and at
    260,000 of them ORM objects alone took 500 MB."""
    prefs = preferences.load(session)
    via, event = aliased(Contact), aliased(Event)
    rows = session.execute(
        select(
            col(Contact.id),
            col(Contact.name),
            col(Contact.created_at),
            col(Contact.source),
            col(Contact.met_on),
            col(event.name),
            col(via.name),
            col(Contact.last_contacted),
            col(Contact.cadence),
        )
        .outerjoin(event, col(event.id) == col(Contact.met_event_id))
        .outerjoin(via, col(via.id) == col(Contact.via_id))
        .where(col(Contact.archived).is_(False))
        .execution_options(yield_per=5000)
    )
    tags: dict[int, set[str]] = {}
    if prefs.tag_cadences:
        for contact_id, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
                col(ContactDetail.kind) == "tag"
            )
        ):
            tags.setdefault(contact_id, set()).add(key)
    groups = communities.memberships(session)
    restarted = snoozes.keep_in_touch_until(session)
    people = [
        Person(
            id=cid,
            name=name,
            added_on=clock.day_of(created_at),
            source=source,
            met_on=met_on,
            met_event=met_event,
            via=via_name,
            communities=tuple(groups.get(cid, ())),
            last_contacted=last,
            cadence=cadences.effective_cadence(cadence, tags.get(cid, ()), prefs.tag_cadences),
            touch_until=restarted.get(cid),
        )
        for cid, name, created_at, source, met_on, met_event, via_name, last, cadence in rows
    ]
    touched = session.execute(
        select(
            col(InteractionContact.contact_id),
            col(Interaction.happened_on),
            col(Interaction.kind),
            col(InteractionContact.role),
        )
        .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
        .where(col(Interaction.happened_on) >= since)
    ).all()
    addressed = followups.with_email(
        session, (cid for cid, _, kind, _ in touched if not follows_up(kind, has_address=False))
    )
    touches = [Touch(cid, day, kind, role, cid in addressed) for cid, day, kind, role in touched]
    intros = [
        Intro(*row)
        for row in session.execute(
            select(
                col(Introduction.id),
                col(Introduction.a_id),
                col(Introduction.b_id),
                col(Introduction.proposed_on),
                col(Introduction.a_answer),
                col(Introduction.b_answer),
                col(Introduction.introduced_on),
                col(Introduction.outcome),
            )
        )
    ]
    guards = [
        Guard(*row)
        for row in session.execute(
            select(
                col(FollowUp.contact_id),
                col(FollowUp.due),
                col(FollowUp.status),
                col(FollowUp.done_on),
            ).where(
                col(FollowUp.source) == GUARD,
                col(FollowUp.contact_id).is_not(None),
                (col(FollowUp.due) >= since) | (col(FollowUp.done_on) >= since),
            )
        )
    ]
    return Facts(
        people=people,
        touches=touches,
        intros=intros,
        guard_days=prefs.guard_days,
        waiting=strikeouts.waiting(session),
        met_again=plain_events.met_again(session, since),
        guards=guards,
    )
