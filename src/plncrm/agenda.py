"""Gathering the facts the scheduler needs from the store, for one morning's agenda.

Only what can be due by the horizon is read (open tasks by an index on status
and due date, dormant contacts by `touch_due`), so the work does not grow with
the size of the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from sqlalchemy import func, or_, select
from sqlmodel import Session, col

from plncrm import cadences, preferences, scheduler
from plncrm.followups import OPEN
from plncrm.models import (
    INTRO_OPEN,
    Contact,
    ContactDetail,
    Event,
    EventGuest,
    FollowUp,
    Introduction,
)

Lookup = Callable[[Iterable[int]], dict[int, scheduler.Person]]


def people(
    session: Session, ids: Iterable[int], prefs: preferences.Preferences
) -> dict[int, scheduler.Person]:
    """Scheduler facts for these contacts, in three queries."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    contacts = list(session.execute(select(Contact).where(col(Contact.id).in_(wanted))).scalars())
    tags: dict[int, set[str]] = {}
    for contact_id, key in session.execute(
        select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
            col(ContactDetail.kind) == "tag", col(ContactDetail.contact_id).in_(wanted)
        )
    ):
        tags.setdefault(contact_id, set()).add(key)
    event_ids = {c.met_event_id for c in contacts if c.met_event_id}
    events = (
        dict(
            session.execute(
                select(col(Event.id), col(Event.name)).where(col(Event.id).in_(event_ids))
            ).all()
        )
        if event_ids
        else {}
    )
    result = {}
    for c in contacts:
        assert c.id is not None
        own_tags = frozenset(tags.get(c.id, ()))
        result[c.id] = scheduler.Person(
            id=c.id,
            name=c.name,
            last_contacted=c.last_contacted,
            met_on=c.met_on,
            met_at=events.get(c.met_event_id) if c.met_event_id else None,
            added_on=c.created_at.date(),
            introduced=c.via_id is not None,
            tags=own_tags,
            cadence=cadences.effective_cadence(c.cadence, own_tags, prefs.tag_cadences),
        )
    return result


def build(session: Session, today: date, within: int = 7) -> list[scheduler.Item]:
    prefs = preferences.load(session)
    horizon = today + timedelta(days=within)
    effective_due = func.coalesce(col(FollowUp.snoozed_until), col(FollowUp.due))
    tasks = list(
        session.execute(
            select(FollowUp).where(
                col(FollowUp.status).in_(OPEN),
                or_(effective_due <= horizon, col(FollowUp.source) == "guard"),
            )
        ).scalars()
    )
    dormant_ids = list(
        session.execute(
            select(col(Contact.id)).where(
                col(Contact.touch_due) <= horizon, col(Contact.archived).is_(False)
            )
        ).scalars()
    )
    facts = people(session, [t.contact_id for t in tasks if t.contact_id] + dormant_ids, prefs)

    def lookup(ids: Iterable[int]) -> dict[int, scheduler.Person]:
        missing = [i for i in ids if i not in facts]
        facts.update(people(session, missing, prefs))
        return facts

    open_intros = intros(session, lookup)
    near_events = events(session, today, lookup)
    return scheduler.agenda(
        today,
        tasks=[
            scheduler.Task(
                id=t.id or 0,
                title=t.title,
                due=t.due,
                source=t.source,
                person=facts.get(t.contact_id) if t.contact_id else None,
                snoozed_until=t.snoozed_until,
                every=t.every,
            )
            for t in tasks
        ],
        people=[facts[i] for i in dormant_ids if i in facts],
        intros=open_intros,
        events=near_events,
        intro_wait_days=prefs.intro_wait_days,
        within=within,
        important_tags=prefs.important_tags,
    )


def intros(session: Session, lookup: Lookup) -> list[scheduler.Intro]:
    """Open introductions as scheduler facts."""
    rows = list(
        session.execute(
            select(Introduction).where(col(Introduction.status).in_(INTRO_OPEN))
        ).scalars()
    )
    people_by_id = lookup([i.a_id for i in rows] + [i.b_id for i in rows])
    return [
        scheduler.Intro(
            id=i.id or 0,
            a=people_by_id[i.a_id],
            b=people_by_id[i.b_id],
            why=i.why,
            status=i.status,
            proposed_on=i.proposed_on,
            a_asked_on=i.a_asked_on,
            b_asked_on=i.b_asked_on,
            a_answer=i.a_answer,
            b_answer=i.b_answer,
            a_answered_on=i.a_answered_on,
            b_answered_on=i.b_answered_on,
            introduced_on=i.introduced_on,
        )
        for i in rows
        if i.a_id in people_by_id and i.b_id in people_by_id
    ]


def events(session: Session, today: date, lookup: Lookup) -> list[scheduler.EventFacts]:
    """Events near enough to need us: starting within the nudge window, or a
    hosted one that ended within the thank-you window."""
    from plncrm.scheduler.prompts import INVITE_NUDGE_DAYS, THANKS_WINDOW_DAYS

    ending = func.coalesce(col(Event.ends_on), col(Event.starts_on))
    soon = list(session.execute(select(Event).where(
        col(Event.starts_on).is_not(None),
        or_(
            (col(Event.starts_on) >= today) & (col(Event.starts_on) <= today + timedelta(days=INVITE_NUDGE_DAYS)),
            col(Event.hosted) & (ending < today) & (ending >= today - timedelta(days=THANKS_WINDOW_DAYS)),
        ),
    )).scalars())  # fmt: skip
    if not soon:
        return []
    rows = list(
        session.execute(
            select(EventGuest).where(col(EventGuest.event_id).in_([e.id for e in soon]))
        ).scalars()
    )
    people_by_id = lookup([g.contact_id for g in rows])
    result = []
    for event in soon:
        assert event.starts_on is not None
        end = event.ends_on or event.starts_on
        mine = [g for g in rows if g.event_id == event.id and g.contact_id in people_by_id]
        unanswered = tuple(
            people_by_id[g.contact_id]
            for g in mine
            if g.invited_on and g.rsvp is None and not g.attended
        )
        unthanked = tuple(
            people_by_id[g.contact_id] for g in mine
            if g.attended and g.thanked_on is None
            and not ((last := people_by_id[g.contact_id].last_contacted) and last > end)
        )  # fmt: skip
        if unanswered or unthanked:
            result.append(scheduler.EventFacts(id=event.id or 0, name=event.name, starts_on=event.starts_on,
                                               ends_on=end, hosted=event.hosted, unanswered=unanswered,
                                               unthanked=unthanked))  # fmt: skip
    return result
