"""Reading what the report needs from the store, once."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm import cadences, communities, preferences
from plncrm.dates import Interval
from plncrm.models import (
    Contact,
    ContactDetail,
    Event,
    Interaction,
    InteractionContact,
    Introduction,
)


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class Touch:
    contact_id: int
    day: date
    kind: str
    role: str = "with"


@dataclass(frozen=True)
class Intro:
    id: int
    a: int
    b: int
    proposed_on: date
    a_answer: str | None = None
    b_answer: str | None = None
    introduced_on: date | None = None
    outcome: str | None = None


@dataclass
class Facts:
    people: list[Person] = field(default_factory=list)
    touches: list[Touch] = field(default_factory=list)
    intros: list[Intro] = field(default_factory=list)
    guard_days: int = 2


def gather(session: Session, since: date) -> Facts:
    prefs = preferences.load(session)
    contacts = list(
        session.execute(select(Contact).where(col(Contact.archived).is_(False))).scalars()
    )
    names = {c.id: c.name for c in contacts}
    events = dict(session.execute(select(col(Event.id), col(Event.name))).all())
    tags: dict[int, set[str]] = {}
    if prefs.tag_cadences:
        for contact_id, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
                col(ContactDetail.kind) == "tag"
            )
        ):
            tags.setdefault(contact_id, set()).add(key)
    groups = communities.of_contacts(session, [c.id for c in contacts if c.id is not None])
    people = [
        Person(
            id=c.id or 0,
            name=c.name,
            added_on=c.created_at.date(),
            source=c.source,
            met_on=c.met_on,
            met_event=events.get(c.met_event_id) if c.met_event_id else None,
            via=names.get(c.via_id) if c.via_id else None,
            communities=tuple(groups.get(c.id or 0, ())),
            last_contacted=c.last_contacted,
            cadence=cadences.effective_cadence(
                c.cadence, tags.get(c.id or 0, ()), prefs.tag_cadences
            ),
        )
        for c in contacts
    ]
    touches = [
        Touch(contact_id, day, kind, role)
        for contact_id, day, kind, role in session.execute(
            select(col(InteractionContact.contact_id), col(Interaction.happened_on), col(Interaction.kind),
                   col(InteractionContact.role))
            .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
            .where(col(Interaction.happened_on) >= since)
        )
    ]  # fmt: skip
    intros = [
        Intro(
            i.id or 0,
            i.a_id,
            i.b_id,
            i.proposed_on,
            i.a_answer,
            i.b_answer,
            i.introduced_on,
            i.outcome,
        )
        for i in session.execute(select(Introduction)).scalars()
    ]
    return Facts(people=people, touches=touches, intros=intros, guard_days=prefs.guard_days)
