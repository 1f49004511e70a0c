"""Follow-up tasks: creating, completing (and rolling recurring ones forward),
snoozing, cancelling, and the strike-out guard.

Recurrence: by default the next occurrence counts from the day the task was
done ("two weeks after I last did it"), which is what keeps relationships
warm. With ``every_from="due"`` the schedule is kept instead (a newsletter on
the 1st): the next due date is the first step of the schedule after the day
it was done, skipping missed ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core import members
from plncrm.core.touch import follows_up
from plncrm.store.kinds import FOLLOW_UP_OPEN, GUARD
from plncrm.store.models import Contact, ContactDetail, FollowUp
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.bounds import check_id
from plncrm.util.dates import parse_interval
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.text import one_line

OPEN = FOLLOW_UP_OPEN


def create(
    session: Session,
    title: str,
    *,
    due: date,
    contact: Contact | None = None,
    every: str | None = None,
    every_from: str = "done",
    source: str = "user",
    event_id: int | None = None,
    owner: str | None = "",
) -> FollowUp:
    """A new open task. Its owner is `owner`, None for nobody's, and by default
    the member creating it."""
    clean = one_line(title)
    if not clean:
        raise Invalid("a follow-up needs some text")
    if every_from not in ("done", "due"):
        raise Invalid("recurrence counts from 'done' or 'due'")
    task = FollowUp(
        contact_id=contact.id if contact else None, title=clean, due=due,
        every=str(parse_interval(every)) if every else None, every_from=every_from,
        anchor=due if every else None, source=source, event_id=event_id, created_at=clock.now(),
        owner=members.current(session) if owner == "" else owner and members.clean_name(owner),
    )  # fmt: skip
    session.add(task)
    session.flush()
    return task


def get(session: Session, task_id: int, *, for_update: bool = False) -> FollowUp:
    """The task `task_id`; `for_update` locks its row until the transaction ends
    (PostgreSQL), so that two members changing it at once take turns and the
    second sees what the first did."""
    task = session.get(FollowUp, check_id(task_id), with_for_update=for_update or None)
    if task is None:
        raise NotFound(f"no follow-up with id {task_id}")
    return task


def _must_be_open(task: FollowUp) -> None:
    if task.status not in OPEN:
        raise Conflict(f"follow-up {task.id} is already {task.status}")


def next_due(task: FollowUp, done_on: date) -> date:
    assert task.every is not None
    interval = parse_interval(task.every)
    if task.every_from == "due":
        anchor = task.anchor or task.due
        step = 1
        while (candidate := interval.after(anchor, times=step)) <= max(done_on, task.due):
            step += 1
        return candidate
    return interval.after(done_on)


def complete(session: Session, task: FollowUp, on: date) -> FollowUp | None:
    """Mark a task done; return the next occurrence of a recurring one."""
    _must_be_open(task)
    task.status, task.done_on, task.snoozed_until = "done", on, None
    session.add(task)
    following = None
    if task.every:
        following = FollowUp(
            contact_id=task.contact_id, title=task.title, due=next_due(task, on), every=task.every,
            every_from=task.every_from, anchor=task.anchor, source=task.source, created_at=clock.now(),
            owner=task.owner,
        )  # fmt: skip
        session.add(following)
    session.flush()
    return following


def edit(
    session: Session, task: FollowUp, *, title: str | None = None, due: date | None = None,
    every: str | None = None, contact: Contact | None = None, no_contact: bool = False,
) -> None:  # fmt: skip
    """Correct an open task; what is not given stays. `every=""` stops it repeating."""
    _must_be_open(task)
    if title is not None:
        if not one_line(title):
            raise Invalid("a follow-up needs a title")
        task.title = one_line(title)
    if due is not None:
        task.due, task.snoozed_until, task.status = due, None, "open"
        if task.every and task.every_from == "due":
            task.anchor = due
    if every is not None:
        task.every = str(parse_interval(every)) if every.strip() else None
        task.anchor = task.due if task.every and task.every_from == "due" else None
    if no_contact:
        task.contact_id = None
    elif contact is not None:
        task.contact_id = contact.id
    session.add(task)
    session.flush()


def reopen(session: Session, task: FollowUp) -> FollowUp | None:
    """Open a done or cancelled task again (done by mistake, or not really
    done). A recurring one that rolled forward takes its next occurrence back,
    if that is still untouched; returns that occurrence, now cancelled."""
    if task.status in OPEN:
        raise Conflict(f"follow-up {task.id} is already {task.status}")
    following = None
    if task.status == "done" and task.every:
        following = session.execute(
            select(FollowUp)
            .where(
                col(FollowUp.status).in_(OPEN), col(FollowUp.title) == task.title,
                col(FollowUp.every) == task.every, col(FollowUp.due) > task.due,
                col(FollowUp.contact_id).is_(None) if task.contact_id is None
                else col(FollowUp.contact_id) == task.contact_id,
            )
            .order_by(col(FollowUp.id).desc())
            .limit(1)
        ).scalar()  # fmt: skip
        if following is not None:
            following.status = "cancelled"
            session.add(following)
    task.status, task.done_on, task.snoozed_until = "open", None, None
    session.add(task)
    session.flush()
    return following


def assign(session: Session, task: FollowUp, owner: str | None) -> None:
    """Give an open task to a member, or (None) to nobody in particular."""
    _must_be_open(task)
    task.owner = members.clean_name(owner) if owner is not None else None
    session.add(task)
    session.flush()


def snooze(session: Session, task: FollowUp, until: date, today: date) -> None:
    _must_be_open(task)
    if until <= today:
        raise Invalid("snooze until a day after today")
    if until <= task.due:
        raise Invalid(
            f"#{task.id} is not due until {task.due.isoformat()}: snoozing it until "
            f"{until.isoformat()} would change nothing (snooze it past its due date)"
        )
    task.status, task.snoozed_until = "snoozed", until
    session.add(task)
    session.flush()


def cancel(session: Session, task: FollowUp) -> None:
    _must_be_open(task)
    task.status = "cancelled"
    session.add(task)
    session.flush()


def reachable(session: Session, contact_ids: Sequence[int], kind: str) -> list[int]:
    """Those of `contact_ids` whom a touchpoint of this kind reached
    (`touch.follows_up`): an invitation only those with an email address."""
    if not follows_up(kind):
        return []
    if follows_up(kind, has_address=False):
        return list(contact_ids)
    addressed = with_email(session, contact_ids)
    return [i for i in contact_ids if i in addressed]


def with_email(session: Session, contact_ids: Iterable[int]) -> set[int]:
    """Those of `contact_ids` who have an email address."""
    found: set[int] = set()
    for chunk in chunks(sorted(set(contact_ids))):
        found.update(
            session.execute(
                select(col(ContactDetail.contact_id)).where(
                    col(ContactDetail.contact_id).in_(chunk), col(ContactDetail.kind) == "email"
                )
            ).scalars()
        )
    return found


def satisfy_guards(session: Session, contact_ids: Sequence[int], on: date, kind: str) -> int:
    """A touchpoint on or after the meeting day that reached them closes the
    contacts' open guards (attending the event itself is not a follow-up, nor
    an email to someone with no address)."""
    contact_ids = reachable(session, contact_ids, kind)
    if not contact_ids:
        return 0
    guards = session.execute(
        select(FollowUp, Contact)
        .join(Contact, col(Contact.id) == col(FollowUp.contact_id))
        .where(
            col(FollowUp.contact_id).in_(contact_ids),
            col(FollowUp.source) == GUARD,
            col(FollowUp.status).in_(OPEN),
        )
    ).all()
    closed = 0
    for task, contact in guards:
        if contact.met_on is None or on >= contact.met_on:
            task.status, task.done_on = "done", on
            session.add(task)
            closed += 1
    session.flush()
    return closed
