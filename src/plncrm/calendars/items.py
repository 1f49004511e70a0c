"""What the calendar shows, gathered from the store: open follow-ups on the day
they show, keep-in-touch dates, the next steps of open introductions, and
hosted events at their times, each with a UID that stays the same for as long
as the item exists, so that a re-sync updates and removes instead of
duplicating.

The scope is `pln due`'s: my follow-ups and nobody's, with everything that is
no one's task. People met at one event and still waiting become one item once
there are `GROUP_AT` of them (300 badge scans are one line in the morning and
one entry in the calendar). `Only` narrows the reading to what one command
changed (see `sync`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from functools import partial
from typing import Any

from plncrm.calendars import event_entries
from plncrm.calendars.entries import CalendarItem, Entry, Gathered, Only
from plncrm.core import lateness
from plncrm.core.lateness import waiting_query
from plncrm.reads import settings
from plncrm.store.kinds import (
    FOLLOW_UP_OPEN,
    GUARD,
    HANDLE_INTRO,
    HANDLE_KEEP_IN_TOUCH,
    HANDLE_MET,
    INTRO_OPEN,
)
from plncrm.store.plain import Reader, day
from plncrm.util.bounds import GROUP_AT

NAMES_LISTED = 30  # a wave's entry names this many of the people waiting


_OPEN = ", ".join(f"'{s}'" for s in FOLLOW_UP_OPEN)
# Read as plain tuples (`Reader.tuples`): a calendar of 50,000 follow-ups is
# compared row by row, and typing every row cost more than the comparison.
ID, TITLE, DUE, SNOOZED, EVERY, SOURCE, EVENT, CONTACT, NAME, EVENT_NAME = range(10)
_COLUMNS = (
    "f.id, f.title, f.due, f.snoozed_until, f.every, f.source, f.event_id, f.contact_id, "
    "c.name, e.name"
)
_MINE = "(f.owner = :member OR f.owner IS NULL)"
# The open follow-ups other than strike-out guards; the guards: who is still waiting.
OTHER_FOLLOW_UPS = f"""
SELECT {_COLUMNS}
FROM follow_up f LEFT JOIN contact c ON c.id = f.contact_id LEFT JOIN event e ON e.id = f.event_id
WHERE f.status IN ({_OPEN}) AND f.source != '{GUARD}' AND (c.id IS NULL OR NOT c.archived)
  AND {_MINE}
"""
GUARDS = waiting_query(_COLUMNS, _MINE, event=True)
KEEP_IN_TOUCH = """
SELECT id, name, touch_due, cadence, last_contacted FROM contact
WHERE touch_due IS NOT NULL AND NOT archived
"""
INTRO_FIELDS = (
    "id",
    "why",
    "status",
    "proposed_on",
    "a_asked_on",
    "b_asked_on",
    "a_answer",
    "b_answer",
    "a_answered_on",
    "b_answered_on",
    "introduced_on",
)
INTROS = f"""
SELECT {", ".join(f"i.{f}" for f in INTRO_FIELDS)}, i.a_id, a.name AS a_name,
       a.archived AS a_archived, i.b_id, b.name AS b_name, b.archived AS b_archived
FROM introduction i JOIN contact a ON a.id = i.a_id JOIN contact b ON b.id = i.b_id
WHERE i.status IN ({", ".join(map(repr, INTRO_OPEN))})
"""
SNOOZES = "SELECT handle, until FROM agenda_snooze"
Raw = tuple[Any, ...]


def gather_items(
    reader: Reader, today: date, member: str | None, only: Only | None = None
) -> Gathered:
    """The calendar for `member` as of `today` (all of it, or what `only` touches)."""
    prefs = settings.load(reader)
    snoozed = {r["handle"]: r["until"] for r in reader.rows(SNOOZES)}
    params: dict[str, object] = {"member": member, "today": today}
    considered: set[str] = set()
    if only is None:
        tasks = _read_follow_ups(reader, params)
        keep = reader.tuples(KEEP_IN_TOUCH)
    else:
        tasks = _some_follow_ups(reader, params, only)
        # A guard's wave is one entry: read all of it, whoever else is in it.
        waves = {t[EVENT] for t in tasks if t[SOURCE] == GUARD and t[EVENT]}
        if not waves <= only.events:
            only = only._replace(events=only.events | waves)
            tasks = _some_follow_ups(reader, params, only)
        keep = reader.tuples(
            KEEP_IN_TOUCH + " AND id IN :contacts", {"contacts": list(only.contacts)}
        )
        considered.update(f"follow-up-{i}" for i in only.follow_ups)
        considered.update(f"keep-in-touch-{i}" for i in only.contacts)
        considered.update(f"met-{i}" for i in only.events)
        considered.update(f"event-{i}" for i in only.events)
        considered.update(f"intro-{i}" for i in only.intros)
        considered.update(f"follow-up-{t[ID]}" for t in tasks)
    entries = _follow_ups(tasks, snoozed, today)
    # The agenda's rule: a follow-up due within its week, or a strike-out
    # guard, already says to reach out.
    busy = {
        t[CONTACT]
        for t in tasks
        if t[CONTACT] and (t[SOURCE] == GUARD or lateness.covers(_due(t), today))
    }
    entries += _keep_in_touch(keep, busy, snoozed, today)
    drawn = [
        *_intros(reader, today, prefs.intro_wait_days, only, snoozed, considered),
        *event_entries.hosted(reader, params, only),
    ]
    entries += [(item.uid, tuple(item), partial(_same, item)) for item in drawn]
    considered.update(uid for uid, _, _ in entries)
    return Gathered(entries, considered)


def _same(item: CalendarItem) -> CalendarItem:
    return item


def _read_follow_ups(
    reader: Reader, params: dict[str, object], condition: str = "", guards_only: bool = False
) -> list[Raw]:
    """The open follow-ups in scope (where `condition` holds too): the
    others, then the guards of those still waiting."""
    also = f" AND {condition}" if condition else ""
    rows = [] if guards_only else reader.tuples(OTHER_FOLLOW_UPS + also, params)
    return rows + reader.tuples(GUARDS + also, params)


def _some_follow_ups(reader: Reader, params: dict[str, object], only: Only) -> list[Raw]:
    """The follow-ups `only` touches, one indexed query per kind of record (an
    OR of the three read every open follow-up: 60 ms at 50,000)."""
    found: dict[int, Raw] = {}
    for condition, values, guards_only in (
        ("f.id IN :values", only.follow_ups, False),
        ("f.contact_id IN :values", only.contacts, False),
        ("f.event_id IN :values", only.events, True),
    ):
        if values:
            wanted = {**params, "values": sorted(values)}
            for row in _read_follow_ups(reader, wanted, condition, guards_only):
                found[row[ID]] = row
    return list(found.values())


def _later(value: date, handle: str, snoozed: dict[str, date]) -> date:
    """An item snoozed (or dismissed) in the agenda shows when it comes back."""
    return lateness.later(value, snoozed.get(handle))


def _due(row: Raw) -> date:
    """The day a follow-up is due: the day it shows (`lateness`)."""
    return lateness.follow_up_due(day(row[DUE]) or date.min, day(row[SNOOZED]))


def _follow_ups(rows: list[Raw], snoozed: dict[str, date], today: date) -> list[Entry]:
    """Each follow-up on the day it is due, a late one on today's (the key
    holds the day: a late entry moves with each day's sync)."""
    waves: dict[int, list[Raw]] = {}
    for row in rows:
        if row[SOURCE] == GUARD and row[EVENT] is not None:
            waves.setdefault(row[EVENT], []).append(row)
    grouped = {event: tuple(wave) for event, wave in waves.items() if len(wave) >= GROUP_AT}
    entries: list[Entry] = []
    for row in rows:
        if not (row[SOURCE] == GUARD and row[EVENT] in grouped):
            shown = lateness.calendar_day(_due(row), today)
            entries.append((f"follow-up-{row[ID]}", (shown, *row), partial(_follow_up, row, shown)))
    for event, wave in grouped.items():
        first = lateness.later(min(_due(r) for r in wave), snoozed.get(f"{HANDLE_MET}{event}"))
        shown = lateness.calendar_day(first, today)
        entries.append((f"met-{event}", (shown, *wave), partial(_wave, event, wave, shown)))
    return entries


def _follow_up(row: Raw, shown: date) -> CalendarItem:
    name = row[NAME]
    lines = [f"pln follow-up #{row[ID]}"]
    if name:
        lines.append(f"Contact: {name} (#{row[CONTACT]})")
    if row[EVERY]:
        lines.append(f"Repeats every {row[EVERY]} (pln rolls it forward when done)")
    due = _due(row)
    if due < shown:
        lines.append(f"Due {due.isoformat()}: late, so on today's date until done")
    lines.append(f"Done: pln done {row[ID]}")
    return CalendarItem(
        f"follow-up-{row[ID]}",
        f"{row[TITLE]} ({name})" if name else row[TITLE],
        shown,
        "\n".join(lines),
        "strike-out" if row[SOURCE] == GUARD else "follow-up",
    )


def _wave(event: int, wave: tuple[Raw, ...], shown: date) -> CalendarItem:
    """Everyone met at one event and still waiting, as one entry."""
    names = sorted(row[NAME] or "" for row in wave)
    more = len(names) - NAMES_LISTED
    return CalendarItem(
        f"met-{event}",
        f"Follow up with the {len(wave)} people met at {wave[0][EVENT_NAME] or 'an event'}",
        shown,
        "\n".join(
            [
                *names[:NAMES_LISTED],
                *([f"… and {more} more"] if more > 0 else []),
                f"Draft to them all: pln event follow-up {event}",
            ]
        ),
        "strike-out",
    )


def _keep_in_touch(
    rows: list[Raw], busy: set[int], snoozed: dict[str, date], today: date
) -> list[Entry]:
    """A contact with a follow-up due soon already has a reason to reach out.
    A snooze or dismissal moves the day (the cadence starts again from it);
    a late one is on today's date."""
    entries: list[Entry] = []
    for row in rows:
        if row[0] in busy:
            continue
        due = _later(day(row[2]) or date.min, f"{HANDLE_KEEP_IN_TOUCH}{row[0]}", snoozed)
        shown = lateness.calendar_day(due, today)
        entries.append(
            (f"keep-in-touch-{row[0]}", (shown, due, *row), partial(_touch, row, due, shown))
        )
    return entries


def _touch(row: Raw, due: date, shown: date) -> CalendarItem:
    contact, name, _, cadence, last = row
    last = day(last)
    since = f"last contact {last.isoformat()}" if last else "no contact logged yet"
    aim = f"; you aim for every {cadence}" if cadence else ""
    late = f"\nDue {due.isoformat()}: late, so on today's date" if due < shown else ""
    return CalendarItem(
        f"keep-in-touch-{contact}",
        f"Reach out to {name}",
        shown,
        f"{since}{aim}{late}\nLog it: pln log {contact} -m …",
        "keep-in-touch",
    )


def _intros(
    reader: Reader,
    today: date,
    wait_days: int,
    only: Only | None,
    snoozed: dict[str, date],
    considered: set[str],
) -> Iterator[CalendarItem]:
    """Each open introduction's next steps, as one entry on the first one's day."""
    if only is None:
        rows = reader.rows(INTROS)
    elif only.intros or only.contacts:
        rows = reader.rows(
            INTROS + " AND (i.id IN :ids OR i.a_id IN :people OR i.b_id IN :people)",
            {"ids": list(only.intros), "people": list(only.contacts)},
        )
    else:
        return
    if rows:  # the agenda's facts only when there are introductions (a command's hook: seldom)
        from plncrm.agenda.facts import Intro, Person
        from plncrm.agenda.prompts import intro_steps
    for row in rows:
        considered.add(f"intro-{row['id']}")
        if row["a_archived"] or row["b_archived"]:
            continue
        a, b = Person(row["a_id"], row["a_name"]), Person(row["b_id"], row["b_name"])
        intro = Intro(**{f: row[f] for f in INTRO_FIELDS}, a=a, b=b)
        whole = f"{HANDLE_INTRO}{intro.id}"
        steps = sorted(
            (
                (_step_day(p.due, whole, p.ref.get("side", ""), snoozed), p)
                for p in intro_steps(intro, today, wait_days)
            ),
            key=lambda dp: dp[0],
        )
        if not steps:
            continue
        lines = [
            f"{d.isoformat()}: {p.title}" + (f"\n  {p.action}" if p.action else "")
            for d, p in steps
        ]
        yield CalendarItem(
            f"intro-{intro.id}",
            steps[0][1].title,
            lateness.calendar_day(steps[0][0], today),
            "\n".join([f"Introduction {intro.id}: {intro.why}", *lines]),
            "introduction",
        )


def _step_day(due: date, whole: str, side: object, snoozed: dict[str, date]) -> date:
    """The day an introduction's step shows: when it comes back from a snooze
    of the whole introduction ("i4") and of its side ("i4a")."""
    return _later(_later(due, whole, snoozed), f"{whole}{side}", snoozed)
