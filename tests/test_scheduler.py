"""The scheduler is pure: every test pins "today" and passes facts in."""

from __future__ import annotations

from datetime import date

import pytest

from plncrm.agenda import rank as scheduler
from plncrm.agenda.rank import Person, Prompt, Task
from plncrm.util.intervals import Interval

TODAY = date(2026, 11, 29)


def kinds(items: list[scheduler.Item]) -> list[tuple[str, str, str]]:
    return [(i.section, i.kind, i.title) for i in items]


def test_due_today_is_not_overdue_until_tomorrow() -> None:
    task = Task(id=1, title="call Ana", due=TODAY)
    [item] = scheduler.agenda(TODAY, tasks=[task])
    assert (item.section, item.reason) == ("Today", "due today")
    [item] = scheduler.agenda(date(2026, 11, 30), tasks=[task])
    assert (item.section, item.reason) == ("Overdue", "overdue by 1 day")


def test_sections_and_order() -> None:
    ana = Person(id=1, name="Ana", last_contacted=date(2026, 6, 1))
    met = Person(id=2, name="Ben", met_on=date(2026, 11, 26), met_at="ISTE")
    dormant = Person(id=3, name="Cy", last_contacted=date(2026, 8, 1), cadence=Interval(3, "month"))
    items = scheduler.agenda(
        TODAY,
        tasks=[
            Task(id=1, title="old", due=date(2026, 11, 1)),
            Task(id=2, title="newer", due=date(2026, 11, 28), person=ana),
            Task(id=3, title="today", due=TODAY),
            Task(id=4, title="guard", due=date(2026, 11, 28), source="guard", person=met),
            Task(id=5, title="soon", due=date(2026, 12, 3)),
            Task(id=6, title="far", due=date(2027, 1, 3)),
        ],
        people=[dormant],
        prompts=[
            Prompt(kind="intro", title="Ask Ana about Ben", due=TODAY, reason="waiting on us")
        ],
    )
    assert kinds(items) == [
        ("Overdue", "follow-up", "old"),
        ("Overdue", "follow-up", "newer"),
        ("Today", "follow-up", "today"),
        ("Don't strike out", "met-no-follow-up", "guard"),
        ("Introductions", "intro", "Ask Ana about Ben"),
        ("Reach out", "keep-in-touch", "Reach out to Cy"),
        ("Coming up", "follow-up", "soon"),
    ]
    guard = items[3]
    assert guard.reason == "met at ISTE 3 days ago, no follow-up yet"
    assert items[5].reason == "last contact 120 days ago; you aim for every 3 months"


def test_within_widens_the_horizon() -> None:
    tasks = [Task(id=1, title="far", due=date(2026, 12, 20))]
    assert scheduler.agenda(TODAY, tasks=tasks) == []
    assert [i.title for i in scheduler.agenda(TODAY, tasks=tasks, within=30)] == ["far"]


def test_a_guard_shows_however_far_its_due_date() -> None:
    met = Person(id=2, name="Ben", met_on=TODAY)
    items = scheduler.agenda(
        TODAY,
        tasks=[Task(id=1, title="g", due=date(2026, 12, 30), source="guard", person=met)],
        within=0,
    )
    assert [i.kind for i in items] == ["met-no-follow-up"]


def test_snoozed_task_counts_from_its_new_day() -> None:
    task = Task(id=1, title="t", due=date(2026, 11, 1), snoozed_until=date(2026, 12, 1))
    [item] = scheduler.agenda(TODAY, tasks=[task])
    assert item.section == "Coming up"
    assert "snoozed from 2026-11-01" in item.reason


def test_keep_in_touch_at_month_ends_and_leap_days() -> None:
    monthly = Interval(1, "month")
    jan31 = Person(id=1, name="A", last_contacted=date(2027, 1, 31), cadence=monthly)
    # Jan 31 + 1 month is Feb 28 in 2027: due (not overdue) that day, reach out.
    [item] = scheduler.agenda(date(2027, 2, 28), people=[jan31], within=0)
    assert (item.due, item.section) == (date(2027, 2, 28), "Reach out")
    assert scheduler.agenda(date(2027, 2, 27), people=[jan31], within=0) == []
    leap = Person(id=2, name="B", last_contacted=date(2028, 2, 29), cadence=Interval(1, "year"))
    [item] = scheduler.agenda(date(2029, 3, 1), people=[leap], within=0)
    assert item.due == date(2029, 2, 28)
    assert item.reason.startswith("last contact 366 days ago")


def test_no_keep_in_touch_without_cadence_or_when_a_task_covers_it() -> None:
    quiet = Person(id=1, name="A", last_contacted=date(2020, 1, 1))
    assert scheduler.agenda(TODAY, people=[quiet]) == []
    dormant = Person(id=2, name="B", last_contacted=date(2026, 1, 1), cadence=Interval(1, "month"))
    items = scheduler.agenda(
        TODAY, people=[dormant], tasks=[Task(id=1, title="t", due=TODAY, person=dormant)]
    )
    assert [i.kind for i in items] == ["follow-up"]


def test_urgency_terms_are_documented_and_capped() -> None:
    assert scheduler.due_term(TODAY, TODAY) == 6
    assert scheduler.due_term(date(2026, 11, 19), TODAY) == 8  # 10 days overdue
    assert scheduler.due_term(date(2020, 1, 1), TODAY) == 10  # capped
    assert scheduler.due_term(date(2026, 11, 30), TODAY) == pytest.approx(2.4)
    assert scheduler.due_term(date(2026, 12, 29), TODAY) == 0
    vip = Person(
        id=1, name="V", last_contacted=date(2020, 1, 1), introduced=True, tags=frozenset({"board"})
    )
    terms = scheduler.person_terms(vip, TODAY, frozenset({"board"}))
    assert terms == {"silence": 3.0, "introduced": 1.5, "important": 2.5}
    [item] = scheduler.agenda(
        TODAY,
        tasks=[Task(id=1, title="t", due=date(2020, 1, 1), person=vip)],
        important_tags=frozenset({"board"}),
    )
    assert item.score == 17.0
    assert item.terms == {"due": 10.0, "silence": 3.0, "introduced": 1.5, "important": 2.5}


def test_more_urgent_first_within_a_section() -> None:
    plain = Person(id=1, name="Plain", last_contacted=TODAY)
    vip = Person(id=2, name="Vip", last_contacted=TODAY, tags=frozenset({"board"}))
    items = scheduler.agenda(
        TODAY,
        tasks=[
            Task(id=1, title="a", due=TODAY, person=plain),
            Task(id=2, title="b", due=TODAY, person=vip),
        ],
        important_tags=frozenset({"board"}),
    )
    assert [i.title for i in items] == ["b", "a"]
