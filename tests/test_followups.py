from __future__ import annotations

from datetime import date, datetime, timezone

import pytest
from sqlmodel import Session

from plncrm.agenda import gather as agenda
from plncrm.core import contacts, followups, interactions, preferences, strikeouts
from plncrm.core.contacts import ContactFields
from plncrm.reads.followups import list_tasks
from plncrm.store.models import Contact
from plncrm.util.errors import Conflict, Invalid


def person(session: Session, today: date, name: str, **kw: object) -> Contact:
    return contacts.add_contact(session, ContactFields(name=name, **kw), today)  # type: ignore[arg-type]


def test_recurring_follow_up_counts_from_completion_by_default(
    session: Session, today: date
) -> None:
    task = followups.create(session, "check in", due=date(2026, 11, 20), every="2 weeks")
    following = followups.complete(session, task, today)
    assert task.status == "done"
    assert task.done_on == today
    assert following is not None
    assert (following.due, following.every, following.status) == (
        date(2026, 12, 13),
        "2 weeks",
        "open",
    )


def test_fixed_recurrence_keeps_the_schedule_and_skips_missed_steps(
    session: Session, today: date
) -> None:
    task = followups.create(
        session, "newsletter", due=date(2026, 8, 31), every="monthly", every_from="due"
    )
    following = followups.complete(session, task, today)
    assert following is not None
    assert following.due == date(2026, 11, 30)  # Sep 30 and Oct 31 were missed: skipped
    after = followups.complete(session, following, date(2026, 12, 1))
    assert after is not None
    assert after.due == date(2026, 12, 31)  # steps count from the first due date: no drift


def test_completing_twice_is_a_conflict_and_rolls_forward_once(
    session: Session, today: date
) -> None:
    task = followups.create(session, "x", due=today, every="1 week")
    followups.complete(session, task, today)
    with pytest.raises(Conflict, match="already done"):
        followups.complete(session, task, today)
    assert len(list_tasks(session)) == 1


def test_snooze_and_cancel(session: Session, today: date) -> None:
    task = followups.create(session, "x", due=today)
    with pytest.raises(Invalid):
        followups.snooze(session, task, today, today)
    followups.snooze(session, task, date(2026, 12, 5), today)
    assert (task.status, task.snoozed_until) == ("snoozed", date(2026, 12, 5))
    assert agenda.build(session, today, within=3) == []
    assert [i.title for i in agenda.build(session, date(2026, 12, 5))] == ["x"]
    followups.cancel(session, task)
    assert list_tasks(session) == []
    with pytest.raises(Conflict):
        followups.cancel(session, task)


def test_guard_is_due_after_the_window_and_closed_by_a_touchpoint(
    session: Session, today: date
) -> None:
    preferences.set_value(session, "guard-days", "3")
    ana = person(session, today, "Ana", met_at="ISTE", met_on=date(2026, 11, 27))
    guard = strikeouts.arm_one(session, ana, today)
    assert guard is not None
    assert (guard.due, guard.source, guard.title) == (
        date(2026, 11, 30),
        "guard",
        "Follow up after meeting at ISTE",
    )
    [item] = agenda.build(session, today)
    assert (item.kind, item.reason) == (
        "met-no-follow-up",
        "met at ISTE 2 days ago, no follow-up yet",
    )
    interactions.log(session, [ana], kind="event", on=date(2026, 11, 27))  # the meeting itself
    assert [i.kind for i in agenda.build(session, today)] == ["met-no-follow-up"]
    interactions.log(session, [ana], kind="email", on=today)
    assert guard.status == "done"
    assert agenda.build(session, today) == []


def test_no_guard_for_people_met_long_ago(session: Session, today: date) -> None:
    old = person(session, today, "Old", met_on=date(2025, 1, 1))
    assert strikeouts.arm_one(session, old, today) is None
    assert strikeouts.arm_one(session, person(session, today, "NoMeeting"), today) is None


def test_cadence_due_moves_with_each_interaction(session: Session, today: date) -> None:
    ana = person(session, today, "Ana", cadence="1 month")
    ana.created_at = datetime(2026, 9, 1, tzinfo=timezone.utc)
    interactions.log(session, [ana], on=date(2026, 10, 1))
    assert ana.touch_due == date(2026, 11, 1)
    [item] = agenda.build(session, today)
    assert (item.kind, item.section, item.title) == (
        "keep-in-touch",
        "Reach out",
        "Reach out to Ana",
    )
    interactions.log(session, [ana], on=today)
    assert ana.touch_due == date(2026, 12, 29)
    assert agenda.build(session, today) == []


def test_tag_default_cadence_applies_to_contacts_without_their_own(
    session: Session, today: date
) -> None:
    ana = person(session, today, "Ana", tags=["board"])
    ben = person(session, today, "Ben", tags=["board"], cadence="1 year")
    interactions.log(session, [ana, ben], on=date(2026, 9, 1))
    assert ana.touch_due is None
    preferences.set_value(session, "cadence.Board", "monthly")
    from plncrm.core import cadences

    cadences.refresh(session)
    assert ana.touch_due == date(2026, 10, 1)
    assert ben.touch_due == date(2027, 9, 1)
    assert [i.title for i in agenda.build(session, today)] == ["Reach out to Ana"]


def test_important_tags_raise_the_score(session: Session, today: date) -> None:
    vip = person(session, today, "Vip", tags=["board"])
    other = person(session, today, "Other")
    for who in (vip, other):
        followups.create(session, f"call {who.name}", due=today, contact=who)
    preferences.set_value(session, "important-tags", "Board, funders")
    items = agenda.build(session, today)
    assert [i.title for i in items] == ["call Vip", "call Other"]
    assert items[0].terms["important"] == 2.5


def test_preferences_are_validated(session: Session) -> None:
    for key, value in (
        ("guard-days", "soon"),
        ("nope", "1"),
        ("cadence.", "1 month"),
        ("cadence.x", "often"),
    ):
        with pytest.raises(Invalid):
            preferences.set_value(session, key, value)
    assert preferences.load(session).guard_days == 2
