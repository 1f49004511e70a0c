"""The scheduler: what needs doing, and how urgently. Pure functions.

Everything here takes "today" and plain facts gathered from the store
(`agenda.gather`) and returns plain items; nothing reads the clock or the
database, so every rule is tested with a pinned day.

A date-only due date means the end of that day: a follow-up due today is
*due*, not *overdue*, until tomorrow.

Urgency (in the spirit of Taskwarrior's) is the sum of these terms, each capped:

======================  =============================================  =====
term                    value                                          cap
======================  =============================================  =====
``kind``                met-no-follow-up 4, intro 2, event 2, else 0   4
``due``                 overdue: 6 + 0.2 a day overdue                 10
                        due today: 6
                        upcoming: 0.6 for each day short of 5 away     3
``silence``             3 × days since last contact / 180              3
``introduced``          came to us through an introduction             1.5
``important``           has a tag listed in ``important-tags``         2.5
======================  =============================================  =====
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta

from plncrm.dates import Interval

KIND_WEIGHT = {"met-no-follow-up": 4.0, "intro": 2.0, "event": 2.0}
DUE_BASE, DUE_PER_DAY, DUE_CAP = 6.0, 0.2, 10.0
UPCOMING_STEP, UPCOMING_DAYS = 0.6, 5
SILENCE_CAP, SILENCE_DAYS = 3.0, 180
INTRODUCED_BONUS = 1.5
IMPORTANT_BONUS = 2.5

SECTIONS = (
    "Overdue",
    "Today",
    "Don't strike out",
    "Introductions",
    "Events",
    "Reach out",
    "Coming up",
)


@dataclass(frozen=True)
class Person:
    """What the scheduler knows of a contact."""

    id: int
    name: str
    last_contacted: date | None = None
    met_on: date | None = None
    met_at: str | None = None
    added_on: date | None = None
    introduced: bool = False
    tags: frozenset[str] = frozenset()
    cadence: Interval | None = None


@dataclass(frozen=True)
class Task:
    """An open (or snoozed) follow-up."""

    id: int
    title: str
    due: date
    source: str = "user"
    person: Person | None = None
    snoozed_until: date | None = None
    every: str | None = None


@dataclass(frozen=True)
class Prompt:
    """A step waiting on us that is not a stored task (introductions, events).
    Unlike a task, it shows only once it is due."""

    kind: str
    title: str
    due: date
    reason: str
    person: Person | None = None
    ref: Mapping[str, object] = field(default_factory=dict)
    action: str | None = None


@dataclass(frozen=True)
class Intro:
    """An open introduction, as the scheduler sees it."""

    id: int
    a: Person
    b: Person
    why: str
    status: str
    proposed_on: date
    a_asked_on: date | None = None
    b_asked_on: date | None = None
    a_answer: str | None = None
    b_answer: str | None = None
    a_answered_on: date | None = None
    b_answered_on: date | None = None
    introduced_on: date | None = None


INTRO_OUTCOME_AFTER_DAYS = 14  # ask how it went two weeks after introducing


@dataclass(frozen=True)
class Item:
    kind: str
    section: str
    title: str
    due: date
    reason: str
    score: float
    terms: dict[str, float]
    person: Person | None = None
    task_id: int | None = None
    ref: Mapping[str, object] = field(default_factory=dict)
    action: str | None = None


def _days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def ago(day: date, today: date) -> str:
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta < 0:
        return f"in {_days(-delta)}"
    return f"{_days(delta)} ago"


def due_term(due: date, today: date) -> float:
    delta = (today - due).days
    if delta > 0:
        return min(DUE_BASE + DUE_PER_DAY * delta, DUE_CAP)
    if delta == 0:
        return DUE_BASE
    return round(max(0, UPCOMING_DAYS - (-delta)) * UPCOMING_STEP, 2)


def person_terms(
    person: Person | None, today: date, important_tags: frozenset[str]
) -> dict[str, float]:
    if person is None:
        return {}
    terms: dict[str, float] = {}
    since = person.last_contacted or person.met_on or person.added_on
    if since is not None:
        days = max(0, (today - since).days)
        terms["silence"] = round(SILENCE_CAP * min(days, SILENCE_DAYS) / SILENCE_DAYS, 2)
    if person.introduced:
        terms["introduced"] = INTRODUCED_BONUS
    if person.tags & important_tags:
        terms["important"] = IMPORTANT_BONUS
    return terms


def section_for(kind: str, due: date, today: date) -> str:
    if kind == "met-no-follow-up":
        return "Don't strike out"
    if kind == "intro":
        return "Introductions"
    if kind == "event":
        return "Events"
    if due > today:
        return "Coming up"
    if kind == "keep-in-touch":
        return "Reach out"
    return "Overdue" if due < today else "Today"


def _item(
    kind: str, title: str, due: date, reason: str, today: date, important: frozenset[str],
    person: Person | None = None, task_id: int | None = None, ref: Mapping[str, object] | None = None,
    action: str | None = None,
) -> Item:  # fmt: skip
    terms = {"due": due_term(due, today)}
    if KIND_WEIGHT.get(kind):
        terms["kind"] = KIND_WEIGHT[kind]
    terms.update(person_terms(person, today, important))
    return Item(kind=kind, section=section_for(kind, due, today), title=title, due=due, reason=reason,
                score=round(sum(terms.values()), 2), terms=terms, person=person, task_id=task_id,
                ref=ref or {}, action=action or (f"pln done {task_id}" if task_id else None))  # fmt: skip


def task_item(task: Task, today: date, important: frozenset[str]) -> Item:
    due = task.snoozed_until or task.due
    person = task.person
    if task.source == "guard" and person is not None:
        where = f"at {person.met_at} " if person.met_at else ""
        met = person.met_on or due
        reason = f"met {where}{ago(met, today)}, no follow-up yet"
        return _item("met-no-follow-up", task.title, due, reason, today, important, person, task.id)
    if due < today:
        reason = f"overdue by {_days((today - due).days)}"
    elif due == today:
        reason = "due today"
    else:
        reason = f"due {ago(due, today)}"
    if task.snoozed_until:
        reason += f" (snoozed from {task.due.isoformat()})"
    if task.every:
        reason += f", repeats every {task.every}"
    return _item("follow-up", task.title, due, reason, today, important, person, task.id)


def keep_in_touch_item(person: Person, today: date, important: frozenset[str]) -> Item | None:
    if person.cadence is None:
        return None
    base = person.last_contacted or person.met_on or person.added_on
    if base is None:
        return None
    due = person.cadence.after(base)
    if person.last_contacted:
        reason = (
            f"last contact {ago(person.last_contacted, today)}; you aim for every {person.cadence}"
        )
    else:
        reason = f"no contact logged yet; you aim for every {person.cadence}"
    return _item(
        "keep-in-touch", f"Reach out to {person.name}", due, reason, today, important, person
    )


def prompt_item(prompt: Prompt, today: date, important: frozenset[str]) -> Item:
    return _item(prompt.kind, prompt.title, prompt.due, prompt.reason, today, important, prompt.person,
                 ref=prompt.ref, action=prompt.action)  # fmt: skip


def intro_prompts(intro: Intro, today: date, wait_days: int) -> list[Prompt]:
    """The next step of an open introduction that waits on us, if any.

    Ask each side privately; nudge a side that has not answered (or said
    "later") after `wait_days`; send the introduction once both said yes; ask
    how it went two weeks after introducing.
    """
    ref = {"intro_id": intro.id}
    wait = timedelta(days=wait_days)
    pair = f"{intro.a.name} ↔ {intro.b.name}"
    if intro.status in ("proposed", "asking"):
        prompts = []
        sides = (("a", intro.a, intro.b, intro.a_asked_on, intro.a_answer, intro.a_answered_on),
                 ("b", intro.b, intro.a, intro.b_asked_on, intro.b_answer, intro.b_answered_on))  # fmt: skip
        for side, who, other, asked, answer, answered in sides:
            if asked is None and answer is None:
                prompts.append(Prompt("intro", f"Ask {who.name} about meeting {other.name}", intro.proposed_on,
                                      f"introduction proposed {ago(intro.proposed_on, today)}: {intro.why}",
                                      who, ref, f"pln intros ask {intro.id} {side} --draft"))  # fmt: skip
            elif answer is None and asked is not None:
                prompts.append(Prompt("intro", f"Nudge {who.name} about meeting {other.name}", asked + wait,
                                      f"asked {ago(asked, today)}, no answer yet", who, ref,
                                      f"pln intros answer {intro.id} {side} yes|no|later"))  # fmt: skip
            elif answer == "later" and answered is not None:
                prompts.append(Prompt("intro", f"Ask {who.name} again about meeting {other.name}",
                                      answered + wait, f"said 'later' {ago(answered, today)}", who, ref,
                                      f"pln intros ask {intro.id} {side} --draft"))  # fmt: skip
        return [p for p in prompts if p.due <= today]
    if intro.status == "agreed":
        since = max(d for d in (intro.a_answered_on, intro.b_answered_on, intro.proposed_on) if d)
        return [Prompt("intro", f"Introduce {pair}", since, f"both said yes: {intro.why}", intro.a, ref,
                       f"pln intros introduce {intro.id} --draft")]  # fmt: skip
    if intro.status == "introduced" and intro.introduced_on is not None:
        due = intro.introduced_on + timedelta(days=INTRO_OUTCOME_AFTER_DAYS)
        if due <= today:
            return [Prompt("intro", f"Ask how it went: {pair}", due,
                           f"introduced {ago(intro.introduced_on, today)}; no outcome recorded", intro.a, ref,
                           f"pln intros outcome {intro.id} met|working-together|no-response|not-a-fit")]  # fmt: skip
    return []


def agenda(
    today: date,
    *,
    tasks: Iterable[Task] = (),
    people: Iterable[Person] = (),
    prompts: Iterable[Prompt] = (),
    intros: Iterable[Intro] = (),
    intro_wait_days: int = 5,
    within: int = 7,
    important_tags: frozenset[str] = frozenset(),
) -> list[Item]:
    """Everything due by `today + within` days, most urgent first.

    A contact with an open follow-up of their own does not also get a
    keep-in-touch item: the follow-up already says to reach out.
    """
    horizon = date.fromordinal(today.toordinal() + within)
    items: list[Item] = []
    busy: set[int] = set()
    for task in tasks:
        item = task_item(task, today, important_tags)
        if item.due <= horizon or item.kind == "met-no-follow-up":
            items.append(item)
            if task.person is not None:
                busy.add(task.person.id)
    for person in people:
        if person.id in busy:
            continue
        touch = keep_in_touch_item(person, today, important_tags)
        if touch is not None and touch.due <= horizon:
            items.append(touch)
    waiting = [p for intro in intros for p in intro_prompts(intro, today, intro_wait_days)]
    for prompt in [*prompts, *waiting]:
        if prompt.due <= today:
            items.append(prompt_item(prompt, today, important_tags))
    order = {name: i for i, name in enumerate(SECTIONS)}
    items.sort(key=lambda i: (order[i.section], -i.score, i.due, i.title))
    return items
