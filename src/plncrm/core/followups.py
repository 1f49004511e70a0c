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
from datetime import date, datetime
from typing import TYPE_CHECKING

from plncrm.core.touch import follows_up, follows_up_meeting, stamped
from plncrm.store.db import Db, add_row, connection, fetch, get_row, save
from plncrm.store.kinds import ATTENDED, FOLLOW_UP_OPEN, GUARD
from plncrm.store.plain import Reader, day
from plncrm.store.schema import Contact, FollowUp, values
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.bounds import LAST_DAY, check_id
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.intervals import parse_interval
from plncrm.util.text import escape_like, one_line

if TYPE_CHECKING:
    from sqlmodel import Session

OPEN = FOLLOW_UP_OPEN


def _member_name(name: str) -> str:
    from plncrm.core.members import clean_name

    return clean_name(name)


def create(
    into: Db | Session,
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
    db = connection(into)
    task = FollowUp(
        contact_id=contact.id if contact else None,
        title=clean,
        due=due,
        every=str(parse_interval(every)) if every else None,
        every_from=every_from,
        anchor=due if every else None,
        source=source,
        event_id=event_id,
        created_at=clock.now(),
        owner=(db.member or None) if owner == "" else owner and _member_name(owner),
    )
    return add_row(db, task)


def get(source: Reader | Session, task_id: int, *, for_update: bool = False) -> FollowUp:
    """The task `task_id`; `for_update` locks its row until the transaction ends
    (PostgreSQL), so that two members changing it at once take turns and the
    second sees what the first did."""
    task = get_row(connection(source), FollowUp, check_id(task_id), for_update=for_update)
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


def complete(source: Db | Session, task: FollowUp, on: date) -> FollowUp | None:
    """Mark a task done; return the next occurrence of a recurring one (none
    past the last day a store holds: the series ends there)."""
    _must_be_open(task)
    db = connection(source)
    task.status, task.done_on, task.snoozed_until = "done", on, None
    save(db, task, "status", "done_on", "snoozed_until")
    following = None
    due = next_due(task, on) if task.every else None
    if due is not None and due <= LAST_DAY:
        following = FollowUp(
            contact_id=task.contact_id,
            title=task.title,
            due=due,
            every=task.every,
            every_from=task.every_from,
            anchor=task.anchor,
            source=task.source,
            created_at=clock.now(),
            owner=task.owner,
        )
        add_row(db, following)
    return following


def answered(source: Db | Session, contact_id: int | None, prompt: str, on: date) -> None:
    """The answer `prompt` asked for is recorded: the open follow-ups about
    `contact_id` whose title ends with it (`pln mail scan` adds them when
    someone replies) are done."""
    db = connection(source)
    asked = fetch(
        db,
        FollowUp,
        "contact_id = :c AND status IN :open AND title LIKE :prompt ESCAPE '\\'",
        {"c": contact_id, "open": list(FOLLOW_UP_OPEN), "prompt": "%" + escape_like(prompt)},
    )
    for task in asked:
        complete(db, task, on)


def edit(
    source: Db | Session,
    task: FollowUp,
    *,
    title: str | None = None,
    due: date | None = None,
    every: str | None = None,
    contact: Contact | None = None,
    no_contact: bool = False,
) -> None:
    """Correct an open task; what is not given stays. `every=""` stops it repeating."""
    _must_be_open(task)
    before = values(task)
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
    save(connection(source), task, since=before)


def reopen(source: Db | Session, task: FollowUp) -> FollowUp | None:
    """Open a done or cancelled task again (done by mistake, or not really
    done). A recurring one that rolled forward takes its next occurrence back,
    if that is still untouched; returns that occurrence, now cancelled."""
    if task.status in OPEN:
        raise Conflict(f"follow-up {task.id} is already {task.status}")
    db = connection(source)
    following = None
    if task.status == "done" and task.every:
        same_contact = "contact_id IS NULL" if task.contact_id is None else "contact_id = :contact"
        found = fetch(
            db,
            FollowUp,
            f"status IN :open AND title = :title AND every = :every AND due > :due "
            f"AND {same_contact} ORDER BY id DESC LIMIT 1",
            {
                "open": list(OPEN),
                "title": task.title,
                "every": task.every,
                "due": task.due,
                "contact": task.contact_id,
            },
        )
        following = found[0] if found else None
        if following is not None:
            following.status = "cancelled"
            save(db, following, "status")
    task.status, task.done_on, task.snoozed_until = "open", None, None
    save(db, task, "status", "done_on", "snoozed_until")
    return following


def assign(source: Db | Session, task: FollowUp, owner: str | None) -> None:
    """Give an open task to a member, or (None) to nobody in particular."""
    _must_be_open(task)
    task.owner = _member_name(owner) if owner is not None else None
    save(connection(source), task, "owner")


def snooze(source: Db | Session, task: FollowUp, until: date, today: date) -> None:
    _must_be_open(task)
    if until <= today:
        raise Invalid("snooze until a day after today")
    if until <= task.due:
        raise Invalid(
            f"#{task.id} is not due until {task.due.isoformat()}: snoozing it until "
            f"{until.isoformat()} would change nothing (snooze it past its due date)"
        )
    task.status, task.snoozed_until = "snoozed", until
    save(connection(source), task, "status", "snoozed_until")


def cancel(source: Db | Session, task: FollowUp) -> None:
    _must_be_open(task)
    task.status = "cancelled"
    save(connection(source), task, "status")


def reachable(source: Reader | Session, contact_ids: Sequence[int], kind: str) -> list[int]:
    """Those of `contact_ids` whom a touchpoint of this kind reached
    (`touch.follows_up`): an invitation only those with an email address."""
    if not follows_up(kind):
        return []
    if follows_up(kind, has_address=False):
        return list(contact_ids)
    addressed = with_email(source, contact_ids)
    return [i for i in contact_ids if i in addressed]


def with_email(source: Reader | Session, contact_ids: Iterable[int]) -> set[int]:
    """Those of `contact_ids` who have an email address."""
    db = connection(source)
    found: set[int] = set()
    sql = "SELECT contact_id FROM contact_detail WHERE contact_id IN :ids AND kind = 'email'"
    for chunk in chunks(sorted(set(contact_ids))):
        found.update(contact_id for (contact_id,) in db.tuples(sql, {"ids": chunk}))
    return found


_MEETING_MOMENTS = (
    "SELECT ic.contact_id, i.created_at FROM interaction i "
    "JOIN interaction_contact ic ON ic.interaction_id = i.id "
    "WHERE ic.contact_id IN :ids AND i.kind = :met",
    "SELECT contact_id, created_at FROM follow_up WHERE contact_id IN :ids AND source = :guard",
    "SELECT contact_id, given_at FROM consent WHERE contact_id IN :ids",
)


def meeting_moments(
    source: Reader | Session, contact_ids: Iterable[int]
) -> dict[int, set[datetime]]:
    """When meeting each contact was recorded: their "met at" touches,
    strike-out follow-ups and consents (`touch.follows_up_meeting`)."""
    db = connection(source)
    found: dict[int, set[datetime]] = {}
    for chunk in chunks(sorted(set(contact_ids))):
        for sql in _MEETING_MOMENTS:
            params = {"ids": chunk, "met": ATTENDED, "guard": GUARD}
            for cid, at in db.tuples(sql, params):
                recorded = stamped(at)
                if recorded is not None:
                    found.setdefault(int(cid), set()).add(recorded)
    return found


def satisfy_guards(
    source: Db | Session,
    contact_ids: Sequence[int],
    on: date,
    kind: str,
    recorded: datetime | None = None,
) -> int:
    """A touchpoint on or after the meeting day that reached them and was not
    recorded with meeting them (`touch.follows_up_meeting`: what a kiosk visit
    records is part of it) closes the contacts' open guards (attending the
    event itself is not a follow-up, nor an email to someone with no address).
    `recorded`: when the touchpoint was recorded (now)."""
    db = connection(source)
    contact_ids = reachable(db, contact_ids, kind)
    if not contact_ids:
        return 0
    when = stamped(recorded or clock.now())
    moments = meeting_moments(db, contact_ids)
    contact_ids = [
        c for c in contact_ids if follows_up_meeting(kind, True, when, moments.get(c, set()))
    ]
    if not contact_ids:
        return 0
    guards = fetch(
        db,
        FollowUp,
        "contact_id IN :ids AND source = :guard AND status IN :open",
        {"ids": list(contact_ids), "guard": GUARD, "open": list(OPEN)},
    )
    met_on = dict(
        db.tuples(
            "SELECT id, met_on FROM contact WHERE id IN :ids",
            {"ids": sorted({t.contact_id for t in guards})},
        )
    )
    closed = 0
    for task in guards:
        met = day(met_on.get(task.contact_id))
        if met is None or on >= met:
            task.status, task.done_on = "done", on
            save(db, task, "status", "done_on")
            closed += 1
    return closed
