"""Not striking out: the guard that gives everyone we meet a follow-up, and
the one answer to "who is still waiting?".

Every path that records meeting someone (add-contact, edit, imports with
--met-at or --met-on) arms the guard through `arm`; `pln due` lists the open
guards and `pln report` lists `waiting`, which reads the same open guards, so
the two always name the same people. A touchpoint after the meeting closes
the guard (`followups.satisfy_guards`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, insert, select
from sqlmodel import Session, col

from plncrm.core import followups, members, preferences
from plncrm.core.touch import follows_up
from plncrm.store.kinds import ATTENDED, FOLLOW_UP_OPEN, GUARD, NOT_A_FOLLOW_UP
from plncrm.store.models import Contact, Event, FollowUp, Interaction, InteractionContact
from plncrm.util import clock
from plncrm.util.batches import chunks

GUARD_HORIZON_DAYS = 30  # met longer ago than this: history recorded late, not a risk


def title(event_name: str | None) -> str:
    return f"Follow up after meeting at {event_name}" if event_name else "Follow up after meeting"


@dataclass(frozen=True)
class Meeting:
    """Meeting someone, at an event or not, on a day."""

    contact_id: int
    on: date
    event_id: int | None = None
    event_name: str | None = None


def arm(session: Session, contact_ids: Iterable[int], today: date) -> int:
    """Give each of these contacts met in the last GUARD_HORIZON_DAYS (where
    they were first met: `met_event_id`, `met_on`) a guard follow-up, due
    `guard-days` after the meeting, unless this meeting already has one or
    they have been in touch since. Returns how many were armed."""
    oldest = today - timedelta(days=GUARD_HORIZON_DAYS)
    armed = 0
    for chunk in chunks(sorted(set(contact_ids))):
        people = session.execute(
            select(col(Contact.id), col(Contact.met_on), col(Contact.met_event_id), col(Event.name))
            .outerjoin(Event, col(Event.id) == col(Contact.met_event_id))
            .where(col(Contact.id).in_(chunk),
                   (col(Contact.met_on) >= oldest) & (col(Contact.met_on) <= today)
                   | col(Contact.met_on).is_(None) & col(Contact.met_event_id).is_not(None))
        ).all()  # fmt: skip
        # Met at an event with no date yet: counted from today.
        armed += arm_meetings(session, [Meeting(cid, met_on or today, event_id, event)
                                        for cid, met_on, event_id, event in people], today)  # fmt: skip
    return armed


def arm_meetings(session: Session, meetings: Sequence[Meeting], today: date) -> int:
    """A guard for each meeting in the last GUARD_HORIZON_DAYS, first or not
    (a known person scanned at a booth is a visitor like any other), unless
    that person has an open guard already, this meeting has one, or they
    have been in touch since. Returns how many were armed."""
    return len(arm_each(session, meetings, today))


def arm_each(session: Session, meetings: Sequence[Meeting], today: date) -> list[Meeting]:
    """`arm_meetings`, returning the meetings it armed a guard for (the
    latest of each person's): an import names them."""
    oldest = today - timedelta(days=GUARD_HORIZON_DAYS)
    # The latest meeting of each person.
    recent = {
        m.contact_id: m for m in sorted(meetings, key=lambda m: m.on) if oldest <= m.on <= today
    }
    if not recent:
        return []
    guard_days = preferences.load(session).guard_days
    member = members.current(session)
    armed: list[Meeting] = []
    for chunk in chunks(sorted(recent)):
        covered = _guarded_or_touched(session, [(cid, recent[cid].on) for cid in chunk])
        armed += [recent[cid] for cid in chunk if cid not in covered]
    rows = [
        {"contact_id": m.contact_id, "title": title(m.event_name),
         "due": m.on + timedelta(days=guard_days),
         "status": "open", "source": GUARD, "event_id": m.event_id, "every_from": "done",
         "created_at": clock.now(), "created_by": member, "owner": member}
        for m in armed
    ]  # fmt: skip
    if rows:
        session.execute(insert(FollowUp.__table__), rows)  # type: ignore[attr-defined]
    return armed


def met_at_event(
    session: Session, people: Sequence[Contact], event: Event, on: date, today: date
) -> int:
    """`pln log --at EVENT`: those not met anywhere before were met there that
    day; everyone met there gets a guard like anyone else met (unless one is
    open already or they are in touch since); returns how many were armed."""
    first_met = [p for p in people if p.met_event_id is None and p.met_on is None]
    for person in first_met:
        person.met_event_id, person.met_on = event.id, on
        session.add(person)
    session.flush()
    return arm_meetings(
        session, [Meeting(p.id or 0, on, event.id, event.name) for p in people], today
    )


def arm_one(session: Session, contact: Contact, today: date) -> FollowUp | None:
    """`arm` for one contact: the guard it armed, or None."""
    armed = arm(session, [contact.id or 0], today)
    return open_guard(session, contact.id or 0) if armed else None


def _guarded_or_touched(session: Session, met: list[tuple[int, date]]) -> set[int]:
    """Those whose meeting has a guard already (or who have one open), or who
    were in touch since."""
    ids = [cid for cid, _ in met]
    since = dict(met)
    guarded = session.execute(
        select(col(FollowUp.contact_id), col(FollowUp.due), col(FollowUp.status)).where(
            col(FollowUp.contact_id).in_(ids), col(FollowUp.source) == GUARD
        )
    ).all()
    # This meeting's guard (due after it), or one still open from an earlier meeting.
    covered = {cid for cid, due, status in guarded if due >= since[cid] or status in FOLLOW_UP_OPEN}
    touched = session.execute(
        select(col(InteractionContact.contact_id), col(Interaction.happened_on), col(Interaction.kind))
        .join(Interaction, col(Interaction.id) == col(InteractionContact.interaction_id))
        .where(col(InteractionContact.contact_id).in_(ids), col(InteractionContact.role) == "with",
               col(Interaction.kind).not_in(NOT_A_FOLLOW_UP))
    ).all()  # fmt: skip
    since_met = [(cid, kind) for cid, day, kind in touched if day >= since[cid]]
    addressed = followups.with_email(session, (c for c, k in since_met if not follows_up(k, False)))
    covered |= {cid for cid, kind in since_met if follows_up(kind, cid in addressed)}
    return covered


def open_guard(session: Session, contact_id: int) -> FollowUp | None:
    return session.execute(
        select(FollowUp)
        .where(col(FollowUp.contact_id) == contact_id, col(FollowUp.source) == GUARD,
               col(FollowUp.status).in_(FOLLOW_UP_OPEN))
        .order_by(col(FollowUp.id).desc())
        .limit(1)
    ).scalar()  # fmt: skip


@dataclass(frozen=True)
class Waiting:
    """Someone met who has not been followed up yet."""

    contact_id: int
    name: str
    event_id: int | None
    met_at: str | None
    met_on: date | None
    task_id: int


def waiting(session: Session, event_id: int | None = None) -> list[Waiting]:
    """Everyone with an open guard (archived contacts aside), longest waiting
    first: what the report calls "still waiting" and the agenda "Don't strike out"."""
    # The meeting a guard is about: the last time met at its event (someone
    # known met again at a booth waits since then, not since first met).
    met_there = (
        select(func.max(col(Interaction.happened_on)))
        .join(InteractionContact, col(InteractionContact.interaction_id) == col(Interaction.id))
        .where(col(Interaction.kind) == ATTENDED, col(Interaction.event_id) == col(FollowUp.event_id),
               col(InteractionContact.contact_id) == col(Contact.id))
        .scalar_subquery()
    )  # fmt: skip
    met_on = func.coalesce(met_there, col(Contact.met_on))
    query = (
        select(col(FollowUp.id), col(Contact.id), col(Contact.name), col(FollowUp.event_id),
               col(Event.name), met_on)
        .join(Contact, col(Contact.id) == col(FollowUp.contact_id))
        .outerjoin(Event, col(Event.id) == col(FollowUp.event_id))
        .where(col(FollowUp.source) == GUARD, col(FollowUp.status).in_(FOLLOW_UP_OPEN),
               col(Contact.archived).is_(False))
        .order_by(met_on, col(Contact.id))
    )  # fmt: skip
    if event_id is not None:
        query = query.where(col(FollowUp.event_id) == event_id)
    return [
        Waiting(contact_id=cid, name=name, event_id=eid, met_at=event, met_on=met_on, task_id=tid)
        for tid, cid, name, eid, event, met_on in session.execute(query).all()
    ]
