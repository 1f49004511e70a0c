"""Gathering the facts the scheduler needs from the store, for one morning's agenda.

Only what can be due by the horizon is read (open tasks by an index on status
and due date, dormant contacts by `touch_due`), so the work does not grow with
the size of the network.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, func, or_, select, text
from sqlmodel import Session, col

from plncrm.agenda import prompts
from plncrm.agenda import rank as scheduler
from plncrm.core import cadences, members, preferences, snoozes, strikeouts
from plncrm.core.followups import OPEN
from plncrm.store.kinds import FOLLOW_UP_OPEN, GUARD, INTRO_OPEN
from plncrm.store.models import Contact, ContactDetail, Event, EventGuest, FollowUp, Introduction

Lookup = Callable[[Iterable[int]], dict[int, scheduler.Person]]


def people(
    session: Session, ids: Iterable[int], prefs: preferences.Preferences
) -> dict[int, scheduler.Person]:
    """Scheduler facts for these contacts, in three queries."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    # Plain rows, not ORM objects: the agenda only reads, and hundreds of objects cost.
    table = Contact.__table__  # type: ignore[attr-defined]
    contacts = session.execute(select(table).where(table.c.id.in_(wanted))).all()
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
            archived=bool(c.archived),
        )
    return result


CAP = 80  # at most this many of each kind are ranked; the oldest come first
COUNT_CAP = 500  # a backlog is counted exactly up to this many of each kind
INTRO_CAP = 100


# Written as in the partial index (migration 0007), so that the index is used.
IS_OPEN = text(f"follow_up.status IN ({', '.join(repr(s) for s in FOLLOW_UP_OPEN)})")


@dataclass(frozen=True)
class Scope:
    """Whose agenda: `member`'s follow-ups and, when `shared`, also nobody's
    follow-ups and everything that is no one's task (keep-in-touch,
    introductions, events). No scope at all means the whole team's."""

    member: str | None
    shared: bool = True

    def tasks(self) -> ColumnElement[bool]:
        if self.shared:
            return members.visible_to(self.member)
        return col(FollowUp.owner) == self.member


def _open_tasks(today: date, horizon: date, scope: Scope | None = None) -> list[Any]:
    effective_due = func.coalesce(col(FollowUp.snoozed_until), col(FollowUp.due))
    is_open = IS_OPEN
    not_guard = col(FollowUp.source) != GUARD
    table = FollowUp.__table__  # type: ignore[attr-defined]
    queries = [
        select(table).where(is_open, not_guard, effective_due <= today).order_by(effective_due),
        select(table)
        .where(is_open, not_guard, effective_due > today, effective_due <= horizon)
        .order_by(effective_due),
        select(table)
        .where(col(FollowUp.source) == GUARD, col(FollowUp.status).in_(OPEN))
        .order_by(col(FollowUp.due)),
    ]
    return [q.where(scope.tasks()) for q in queries] if scope else queries


def build(
    session: Session, today: date, within: int = 7, cap: int | None = CAP,
    scope: Scope | None = None,
) -> list[scheduler.Item]:  # fmt: skip
    """The agenda for `today`. With a `cap`, each kind of item (overdue and due
    tasks, upcoming tasks, strike-out guards, dormant contacts, introductions)
    is read oldest first up to `cap`, so a large backlog costs no more than a small one."""
    prefs = preferences.load(session)
    horizon = today + timedelta(days=within)
    tasks = [
        t
        for query in _open_tasks(today, horizon, scope)
        for t in session.execute(query.limit(cap)).all()
    ]
    everyones = scope is None or scope.shared
    dormant_ids = (
        list(
            session.execute(
                select(col(Contact.id))
                .where(col(Contact.touch_due) <= horizon, col(Contact.archived).is_(False))
                .order_by(col(Contact.touch_due))
                .limit(cap)
            ).scalars()
        )
        if everyones
        else []
    )
    intro_rows = _open_intros(session, cap and min(cap, INTRO_CAP)) if everyones else []
    wanted = [t.contact_id for t in tasks if t.contact_id] + dormant_ids
    wanted += [i.a_id for i in intro_rows] + [i.b_id for i in intro_rows]
    facts = people(session, wanted, prefs)  # one read for everyone the agenda names

    def lookup(ids: Iterable[int]) -> dict[int, scheduler.Person]:
        missing = [i for i in ids if i not in facts]
        facts.update(people(session, missing, prefs))
        return facts

    archived = {cid for cid, person in facts.items() if person.archived}
    tasks = [t for t in tasks if t.contact_id not in archived]  # archived: off the agenda
    intro_rows = [i for i in intro_rows if not {i.a_id, i.b_id} & archived]
    open_intros = intros(intro_rows, facts)
    near_events = events(session, today, lookup) if everyones else []
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
                owner=t.owner,
                event_id=t.event_id,
            )
            for t in tasks
        ],
        people=[facts[i] for i in dormant_ids if i in facts],
        intros=open_intros,
        events=near_events,
        intro_wait_days=prefs.intro_wait_days,
        within=within,
        important_tags=prefs.important_tags,
        hidden=snoozes.hidden(session, today),
        waiting_by_event=strikeouts.waiting_counts(session),
    )


def _open_intros(session: Session, cap: int | None) -> list[Any]:
    """Open introductions, the longest-running first."""
    query = (
        select(Introduction.__table__)  # type: ignore[attr-defined]
        .where(col(Introduction.status).in_(INTRO_OPEN))
        .order_by(col(Introduction.proposed_on))
    )
    return list(session.execute(query.limit(cap)).all())


def intros(rows: Iterable[Any], people_by_id: dict[int, scheduler.Person]) -> list[scheduler.Intro]:
    """Open introductions as scheduler facts."""
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
    ending = func.coalesce(col(Event.ends_on), col(Event.starts_on))
    soon = list(session.execute(select(Event).where(
        col(Event.starts_on).is_not(None),
        or_(
            (col(Event.starts_on) >= today) & (col(Event.starts_on) <= today + timedelta(days=prompts.INVITE_NUDGE_DAYS)),
            col(Event.hosted) & (ending < today) & (ending >= today - timedelta(days=prompts.THANKS_WINDOW_DAYS)),
        ),
    )).scalars())  # fmt: skip
    if not soon:
        return []
    # Plain rows with the one contact fact the rules need; full facts only for
    # the few names each prompt shows, however many guests an event has.
    rows = session.execute(
        select(EventGuest.__table__, col(Contact.last_contacted))  # type: ignore[attr-defined]
        .join(Contact, col(Contact.id) == col(EventGuest.contact_id))
        .where(col(EventGuest.event_id).in_([e.id for e in soon]), col(Contact.archived).is_(False))
        .order_by(col(Contact.name_key))
    ).all()
    waiting: dict[int, tuple[list[int], list[int], list[int]]] = {}
    for event in soon:
        assert event.starts_on is not None
        end = event.ends_on or event.starts_on
        unanswered = [g.contact_id for g in rows
                      if g.event_id == event.id and g.invited_on and g.rsvp is None and not g.attended]  # fmt: skip
        unthanked = [g.contact_id for g in rows
                     if g.event_id == event.id and g.attended and g.thanked_on is None
                     and not (g.last_contacted and g.last_contacted > end)]  # fmt: skip
        unreminded = [g.contact_id for g in rows
                      if event.hosted and g.event_id == event.id and g.rsvp == "yes"
                      and g.reminded_on is None and not g.attended]  # fmt: skip
        if unanswered or unthanked or unreminded:
            waiting[event.id or 0] = (unanswered, unthanked, unreminded)
    shown = prompts.NAMES_SHOWN
    people_by_id = lookup([i for lists in waiting.values() for some in lists for i in some[:shown]])
    result = []
    for event in soon:
        if (event.id or 0) not in waiting:
            continue
        unanswered, unthanked, unreminded = waiting[event.id or 0]
        assert event.starts_on is not None
        result.append(scheduler.EventFacts(
            id=event.id or 0, name=event.name, starts_on=event.starts_on,
            ends_on=event.ends_on or event.starts_on, hosted=event.hosted,
            unanswered=tuple(people_by_id[i] for i in unanswered[:shown] if i in people_by_id),
            unthanked=tuple(people_by_id[i] for i in unthanked[:shown] if i in people_by_id),
            unanswered_total=len(unanswered), unthanked_total=len(unthanked),
            unreminded=tuple(people_by_id[i] for i in unreminded[:shown] if i in people_by_id),
            unreminded_total=len(unreminded), starts_at=event.starts_at, tz=event.tz,
        ))  # fmt: skip
    return result


def backlog(
    session: Session, today: date, within: int = 7, scope: Scope | None = None
) -> tuple[int, bool]:
    """How many items the agenda could hold, however many were ranked, and
    whether that is a lower bound: each kind is counted up to COUNT_CAP, so
    that a backlog of tens of thousands costs no more to report than a small one."""
    horizon = today + timedelta(days=within)
    queries = [q.order_by(None) for q in _open_tasks(today, horizon, scope)]
    if scope is None or scope.shared:
        queries.append(
            select(col(Contact.id)).where(
                col(Contact.touch_due) <= horizon, col(Contact.archived).is_(False)
            )
        )
        queries.append(select(col(Introduction.id)).where(col(Introduction.status).in_(INTRO_OPEN)))
    counts = [_count(session, q) for q in queries]
    return int(sum(counts)), any(n >= COUNT_CAP for n in counts)


def assigned_to_others(session: Session, today: date, within: int, member: str | None) -> int:
    """Open follow-ups showing by the horizon that belong to other members
    (what `pln due --all` would add), counted up to COUNT_CAP."""
    horizon = today + timedelta(days=within)
    # `> ''` (owners are never empty) lets the planner take ix_follow_up_open_owner,
    # which holds only tasks that have an owner: no scan when there are none.
    others: ColumnElement[bool] = col(FollowUp.owner) > ""
    if member is not None:
        others = and_(others, col(FollowUp.owner) != member)
    showing = func.coalesce(col(FollowUp.snoozed_until), col(FollowUp.due))
    query = select(col(FollowUp.id)).where(IS_OPEN, showing <= horizon, others)
    return _count(session, query)


def _count(session: Session, query: Any) -> int:
    return int(
        session.execute(
            select(func.count()).select_from(query.limit(COUNT_CAP).subquery())
        ).scalar_one()
    )
