"""The scheduler: what needs doing, and how urgently. Pure functions.

Everything here takes "today" and plain facts gathered from the store
(`agenda.gather`) and returns plain items; nothing reads the clock or the
database, so every rule is tested with a pinned day.

A date-only due date means the end of that day: a follow-up due today is
*due*, not *overdue*, until tomorrow.

Urgency (in the spirit of Taskwarrior's) is a sum of capped terms; their
weights are the constants below, stated once: `urgency_table` renders them for
the README, and a test keeps the two the same.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from plncrm.agenda.facts import EventFacts, Intro, Item, Person, Prompt, Task, ago, days
from plncrm.agenda.handles import hidden_until
from plncrm.agenda.prompts import event_prompts, intro_prompts
from plncrm.core import lateness
from plncrm.core.touch import last_touch
from plncrm.store.kinds import GUARD, HANDLE_KEEP_IN_TOUCH
from plncrm.util.bounds import GROUP_AT

__all__ = ["EventFacts", "Intro", "Item", "Person", "Prompt", "Task", "agenda", "ago"]


@dataclass(frozen=True)
class AgendaKind:
    """How the agenda treats one kind of item: its urgency weight, the section
    it shows in (None: Overdue or Today by its due date), and whether it waits
    in "Coming up" until it is due."""

    weight: float
    section: str | None
    waits: bool


AGENDA_KINDS = {
    "follow-up": AgendaKind(0.0, None, waits=True),
    "met-no-follow-up": AgendaKind(4.0, "Don't strike out", waits=False),
    "intro": AgendaKind(2.0, "Introductions", waits=False),
    "event": AgendaKind(2.0, "Events", waits=False),
    "keep-in-touch": AgendaKind(0.0, "Reach out", waits=True),
}
KIND_WEIGHT = {kind: rule.weight for kind, rule in AGENDA_KINDS.items() if rule.weight}

DUE_BASE, DUE_PER_DAY, DUE_CAP = 6.0, 0.2, 10.0
UPCOMING_STEP, UPCOMING_DAYS = 0.6, 5
SILENCE_CAP, SILENCE_DAYS = 3.0, 180
INTRODUCED_BONUS = 1.5
IMPORTANT_BONUS = 2.5

COMING_UP = "Coming up"
SECTIONS = (
    "Overdue",
    "Today",
    "Don't strike out",
    "Introductions",
    "Events",
    "Reach out",
    "Coming up",
)


def urgency_table() -> str:
    """The urgency terms as a Markdown table, from the constants above."""
    kinds = ", ".join(f"{kind} {weight:g}" for kind, weight in KIND_WEIGHT.items())
    rows = [
        ("kind", f"{kinds}; anything else 0", f"{max(KIND_WEIGHT.values()):g}"),
        (
            "due",
            f"overdue: {DUE_BASE:g} + {DUE_PER_DAY:g} a day overdue; due today: {DUE_BASE:g}",
            f"{DUE_CAP:g}",
        ),
        (
            "due (upcoming)",
            f"{UPCOMING_STEP:g} for each day short of {UPCOMING_DAYS} days away",
            f"{UPCOMING_STEP * UPCOMING_DAYS:g}",
        ),
        (
            "silence",
            f"{SILENCE_CAP:g} × days since last contact / {SILENCE_DAYS}",
            f"{SILENCE_CAP:g}",
        ),
        ("introduced", "came into the network through an introduction", f"{INTRODUCED_BONUS:g}"),
        ("important", "has a tag listed in `important-tags`", f"{IMPORTANT_BONUS:g}"),
    ]
    lines = ["| term | value | cap |", "| --- | --- | ---: |"]
    lines += [f"| *{term}* | {value} | {cap} |" for term, value, cap in rows]
    return "\n".join(lines)


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
    since = last_touch(person.last_contacted, person.met_on, person.added_on)
    if since is not None:
        days = max(0, (today - since).days)
        terms["silence"] = round(SILENCE_CAP * min(days, SILENCE_DAYS) / SILENCE_DAYS, 2)
    if person.introduced:
        terms["introduced"] = INTRODUCED_BONUS
    if person.tags & important_tags:
        terms["important"] = IMPORTANT_BONUS
    return terms


def section_for(kind: str, due: date, today: date) -> str:
    rule = AGENDA_KINDS[kind]
    if rule.waits and due > today:
        return COMING_UP
    if rule.section:
        return rule.section
    return "Overdue" if due < today else "Today"


def _item(
    kind: str,
    title: str,
    due: date,
    reason: str,
    today: date,
    important: frozenset[str],
    person: Person | None = None,
    task_id: int | None = None,
    ref: Mapping[str, object] | None = None,
    action: str | None = None,
) -> Item:
    terms = {"due": due_term(due, today)}
    if KIND_WEIGHT.get(kind):
        terms["kind"] = KIND_WEIGHT[kind]
    terms.update(person_terms(person, today, important))
    return Item(
        kind=kind,
        section=section_for(kind, due, today),
        title=title,
        due=due,
        reason=reason,
        score=round(sum(terms.values()), 2),
        terms=terms,
        person=person,
        task_id=task_id,
        ref=ref or {},
        action=action or (f"pln done {task_id}" if task_id else None),
    )


def task_item(task: Task, today: date, important: frozenset[str]) -> Item:
    item = _task_item(task, today, important)
    return item._replace(owner=task.owner, event_id=task.event_id)


def group_strikeouts(items: list[Item], today: date, totals: Mapping[int, int]) -> list[Item]:
    """One line for the people met at one event and still waiting, once there
    are GROUP_AT of them (300 badge scans must not flood the morning);
    `totals` counts them beyond the ones read."""
    by_event: dict[tuple[int, str], list[Item]] = {}
    for item in items:
        if item.kind == "met-no-follow-up" and item.event_id is not None:
            # Those snoozed (in "Coming up") are a line apart: a snoozed group
            # holds whom it held, and someone met there since shows today.
            by_event.setdefault((item.event_id, item.section), []).append(item)
    counted = {(e, s): totals.get(e, 0) if s != COMING_UP else 0 for e, s in by_event}
    grouped = {
        key: group for key, group in by_event.items() if max(len(group), counted[key]) >= GROUP_AT
    }
    if not grouped:
        return items
    kept = [
        i
        for i in items
        if i.kind != "met-no-follow-up" or (i.event_id or 0, i.section) not in grouped
    ]
    for (event_id, section), group in grouped.items():
        first = max(group, key=lambda i: i.score)
        met_at = first.person.met_at if first.person else None
        met_on = min((i.person.met_on for i in group if i.person and i.person.met_on), default=None)
        count = max(len(group), counted[event_id, section])
        when = f"met {ago(met_on, today)}" if met_on else "met"
        first_due = min(i.due for i in group).isoformat()
        kept.append(
            first._replace(
                # The count words first: at 80 columns a long name is what is cut.
                title=f"{count} people {when}, none followed up: {met_at or 'an event'}",
                reason=f"{count} waiting; "
                + (
                    f"snoozed until {first_due}"
                    if section == COMING_UP
                    else f"the first due {first_due}"
                ),
                task_id=None,
                person=None,
                ref={"met_event_id": event_id, "people": count},
                action=f"pln event follow-up {event_id}",
                group=tuple(group),
                owner=None,
            )
        )
    return kept


def _task_item(task: Task, today: date, important: frozenset[str]) -> Item:
    due = lateness.follow_up_due(task.due, task.snoozed_until)
    person = task.person
    if task.source == GUARD and person is not None:
        where = f"at {person.met_at} " if person.met_at else ""
        when = ago(person.met_on, today) if person.met_on else "(the event has no date yet)"
        reason = f"met {where}{when}, no follow-up yet"
        snoozed = task.snoozed_until is not None and task.snoozed_until > today
        if snoozed:
            reason += f" (snoozed until {due.isoformat()})"
        item = _item("met-no-follow-up", task.title, due, reason, today, important, person, task.id)
        return item._replace(section=COMING_UP) if snoozed else item
    if due < today:
        reason = f"overdue by {days((today - due).days)}"
    elif due == today:
        reason = "due today"
    else:
        reason = f"due {ago(due, today)}"
    if task.why:  # the why first, as other lines have it; when it is due is in the date column
        reason = task.why if due == today else f"{task.why}; {reason}"
    if task.snoozed_until:
        reason += f" (snoozed from {task.due.isoformat()})"
    if task.every:
        reason += f", repeats every {task.every}"
    return _item("follow-up", task.title, due, reason, today, important, person, task.id)


def keep_in_touch_item(
    person: Person, today: date, important: frozenset[str], until: date | None = None
) -> Item | None:
    """`until`: the line was snoozed or dismissed until that day (it is due
    then, not late before: `lateness`)."""
    due = lateness.keep_in_touch_due(
        person.cadence, person.last_contacted, person.met_on, person.added_on, until
    )
    if due is None or person.cadence is None:
        return None
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
    return _item(
        prompt.kind,
        prompt.title,
        prompt.due,
        prompt.reason,
        today,
        important,
        prompt.person,
        ref=prompt.ref,
        action=prompt.action,
    )


def agenda(
    today: date,
    *,
    tasks: Iterable[Task] = (),
    people: Iterable[Person] = (),
    prompts: Iterable[Prompt] = (),
    intros: Iterable[Intro] = (),
    events: Iterable[EventFacts] = (),
    intro_wait_days: int = 5,
    within: int = 7,
    important_tags: frozenset[str] = frozenset(),
    hidden: Mapping[str, date] | None = None,
    waiting_by_event: Mapping[int, int] | None = None,
) -> list[Item]:
    """Everything due by `today + within` days, most urgent first.

    A contact with an open follow-up of their own due within a week (or a
    strike-out guard) does not also get a keep-in-touch item: the follow-up
    already says to reach out (`lateness.covers`, the calendar's rule too).
    Lines whose handle is `hidden` (snoozed or dismissed) until after today
    are left out; a keep-in-touch line is due again on that day, whenever it
    was snoozed (`hidden` may hold days past).
    """
    horizon = date.fromordinal(today.toordinal() + within)
    hidden = hidden or {}
    items: list[Item] = []
    busy: set[int] = set()
    for task in tasks:
        item = task_item(task, today, important_tags)
        if item.due <= horizon or item.kind == "met-no-follow-up":
            items.append(item)
        if task.person is not None and (
            item.kind == "met-no-follow-up" or lateness.covers(item.due, today)
        ):
            busy.add(task.person.id)
    for person in people:
        if person.id in busy:
            continue
        until = hidden.get(f"{HANDLE_KEEP_IN_TOUCH}{person.id}")
        touch = keep_in_touch_item(person, today, important_tags, until)
        if touch is not None and touch.due <= horizon:
            items.append(touch)
    waiting = [p for intro in intros for p in intro_prompts(intro, today, intro_wait_days)]
    waiting += [p for event in events for p in event_prompts(event, today)]
    for prompt in [*prompts, *waiting]:
        if prompt.due <= today:
            items.append(prompt_item(prompt, today, important_tags))
    items = group_strikeouts(items, today, waiting_by_event or {})
    if hidden:
        items = [i for i in items if (hidden_until(i, hidden) or today) <= today]
    order = {name: i for i, name in enumerate(SECTIONS)}
    items.sort(key=lambda i: (order[i.section], -i.score, i.due, i.title))
    return items
