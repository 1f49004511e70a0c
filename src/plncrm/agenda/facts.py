"""The facts the scheduler works from, and the items it returns."""

from collections.abc import Mapping
from datetime import date
from types import MappingProxyType
from typing import NamedTuple

from plncrm.util.intervals import Interval

# Named tuples rather than frozen dataclasses: as immutable, and a sixth of the
# cost to define (the agenda imports them on every `pln due`).
NOTHING: Mapping[str, object] = MappingProxyType({})


class Person(NamedTuple):
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
    archived: bool = False  # kept, but off the agenda
    org: str | None = None  # tells two people of one name apart


class Task(NamedTuple):
    """An open (or snoozed) follow-up."""

    id: int
    title: str
    due: date
    source: str = "user"
    person: Person | None = None
    snoozed_until: date | None = None
    every: str | None = None
    owner: str | None = None
    event_id: int | None = None  # a strike-out guard's event
    why: str | None = None  # what the line's second line says first (a job change's move)


class Prompt(NamedTuple):
    """A step waiting on us that is not a stored task (introductions, events).
    Unlike a task, it shows only once it is due."""

    kind: str
    title: str
    due: date
    reason: str
    person: Person | None = None
    ref: Mapping[str, object] = NOTHING
    action: str | None = None


class Intro(NamedTuple):
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


class Item(NamedTuple):
    kind: str
    section: str
    title: str
    due: date
    reason: str
    score: float
    terms: dict[str, float]
    person: Person | None = None
    task_id: int | None = None
    ref: Mapping[str, object] = NOTHING
    action: str | None = None
    owner: str | None = None  # a follow-up's member; None for everyone's items
    event_id: int | None = None  # a strike-out guard's event
    why: str | None = None  # what the line's second line says first (a job change's move)
    group: "tuple[Item, ...]" = ()  # the items one line stands for (many met at one event)


def days(n: int) -> str:
    return f"{n} day{'' if n == 1 else 's'}"


def ago(day: date, today: date) -> str:
    delta = (today - day).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "yesterday"
    if delta < 0:
        return f"in {days(-delta)}"
    return f"{days(delta)} ago"


class EventFacts(NamedTuple):
    """An event with guests still waiting on us: unanswered invitations, unthanked attendees."""

    id: int
    name: str
    starts_on: date
    ends_on: date
    hosted: bool = False
    unanswered: tuple[Person, ...] = ()  # all of them, or the first few of `unanswered_total`
    unthanked: tuple[Person, ...] = ()
    unanswered_total: int = 0  # 0: as many as listed
    unthanked_total: int = 0
    unreminded: tuple[Person, ...] = ()  # said yes, not reminded yet
    unreminded_total: int = 0
    starts_at: str | None = None
    tz: str | None = None
    no_shows: tuple[Person, ...] = ()  # said yes, did not come, not sent the recording
    no_shows_total: int = 0
    said_yes: int = 0  # of a hosted event over with nobody recorded as having come
