"""What the calendar shows, gathered from the store: open follow-ups on the day
they show, keep-in-touch dates, the next steps of open introductions, and
hosted events at their times, each with a UID that stays the same for as long
as the item exists, so that a re-sync updates and removes instead of
duplicating.

The scope is `pln due`'s: my follow-ups and nobody's, with everything that is
no one's task. People met at one event and still waiting become one item once
there are `GROUP_AT` of them (300 badge scans are one line in the morning and
one entry in the calendar). `Only` narrows the reading to what one command
changed (see `hook`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timezone
from typing import NamedTuple

from plncrm.agenda import gather
from plncrm.agenda.prompts import intro_steps
from plncrm.agenda.rank import GROUP_AT
from plncrm.reads import settings
from plncrm.store.kinds import (
    FOLLOW_UP_OPEN,
    GUARD,
    HANDLE_INTRO,
    HANDLE_KEEP_IN_TOUCH,
    HANDLE_MET,
    INTRO_OPEN,
)
from plncrm.store.plain import Reader, Row
from plncrm.util.times import span

NAMES_LISTED = 30  # a wave's entry names this many of the people waiting


class CalendarItem(NamedTuple):
    """One calendar entry. `uid` names its file (pln-UID.ics) and, with
    "@plncrm", its iCalendar UID. All day on `day` unless `start` (UTC) is set."""

    uid: str
    summary: str
    day: date
    description: str = ""
    category: str = "follow-up"
    start: datetime | None = None
    end: datetime | None = None
    location: str = ""


class Only(NamedTuple):
    """The records one command changed: only the items they can touch are read."""

    follow_ups: frozenset[int] = frozenset()
    contacts: frozenset[int] = frozenset()
    intros: frozenset[int] = frozenset()
    events: frozenset[int] = frozenset()


class Gathered(NamedTuple):
    items: list[CalendarItem]
    considered: set[str]  # every UID whose item was decided: present in `items`, or gone


_OPEN = ", ".join(f"'{s}'" for s in FOLLOW_UP_OPEN)
FOLLOW_UPS = f"""
SELECT f.id, f.title, f.due, f.snoozed_until, f.every, f.source, f.event_id, f.contact_id,
       c.name, e.name AS event_name, e.starts_on AS event_day
FROM follow_up f LEFT JOIN contact c ON c.id = f.contact_id LEFT JOIN event e ON e.id = f.event_id
WHERE f.status IN ({_OPEN}) AND (c.id IS NULL OR NOT c.archived)
  AND (f.owner = :member OR f.owner IS NULL)
"""
KEEP_IN_TOUCH = """
SELECT id, name, touch_due, cadence, last_contacted FROM contact
WHERE touch_due IS NOT NULL AND NOT archived
"""
INTROS = f"SELECT * FROM introduction WHERE status IN ({', '.join(map(repr, INTRO_OPEN))})"
EVENTS = "SELECT * FROM event WHERE hosted AND coalesce(ends_on, starts_on) >= :today"
SNOOZES = "SELECT handle, until FROM agenda_snooze"


def gather_items(
    reader: Reader, today: date, member: str | None, only: Only | None = None
) -> Gathered:
    """The calendar for `member` as of `today` (all of it, or what `only` touches)."""
    prefs = settings.load(reader)
    snoozed = {r["handle"]: r["until"] for r in reader.rows(SNOOZES)}
    params: dict[str, object] = {"member": member, "today": today}
    considered: set[str] = set()
    if only is None:
        tasks = reader.rows(FOLLOW_UPS, params)
        keep = reader.rows(KEEP_IN_TOUCH)
    else:
        tasks = _some_follow_ups(reader, params, only)
        # A guard's wave is one entry: read all of it, whoever else is in it.
        waves = {t["event_id"] for t in tasks if t["source"] == GUARD and t["event_id"]}
        if not waves <= only.events:
            only = only._replace(events=only.events | waves)
            tasks = _some_follow_ups(reader, params, only)
        ids, contacts, events = list(only.follow_ups), list(only.contacts), list(only.events)
        keep = reader.rows(KEEP_IN_TOUCH + " AND id IN :contacts", {"contacts": contacts})
        considered.update(f"follow-up-{i}" for i in ids)
        considered.update(f"keep-in-touch-{i}" for i in contacts)
        considered.update(f"met-{i}" for i in events)
        considered.update(f"event-{i}" for i in events)
        considered.update(f"intro-{i}" for i in only.intros)
    considered.update(f"follow-up-{t['id']}" for t in tasks)
    items = list(_follow_ups(tasks, snoozed))
    considered.update(item.uid for item in items)
    busy = {t["contact_id"] for t in tasks if t["contact_id"]}
    items += _keep_in_touch(keep, busy, snoozed)
    items += _intros(reader, today, prefs, only, snoozed, considered)
    items += _events(reader, params, only)
    return Gathered(items, considered)


def _some_follow_ups(reader: Reader, params: dict[str, object], only: Only) -> list[Row]:
    return reader.rows(
        FOLLOW_UPS + " AND (f.id IN :ids OR f.contact_id IN :contacts OR f.event_id IN :events)",
        {**params, "ids": list(only.follow_ups), "contacts": list(only.contacts),
         "events": list(only.events)},
    )  # fmt: skip


def _later(day: date, handle: str, snoozed: dict[str, date]) -> date:
    """An item snoozed (or dismissed) in the agenda shows when it comes back."""
    until = snoozed.get(handle)
    return until if until and until > day else day


def _follow_ups(rows: list[Row], snoozed: dict[str, date]) -> Iterator[CalendarItem]:
    waves: dict[int, list[Row]] = {}
    for row in rows:
        if row["source"] == GUARD and row["event_id"] is not None:
            waves.setdefault(row["event_id"], []).append(row)
    grouped = {event: wave for event, wave in waves.items() if len(wave) >= GROUP_AT}
    for row in rows:
        if row["source"] == GUARD and row["event_id"] in grouped:
            continue
        who = f" ({row['name']})" if row["name"] else ""
        lines = [f"pln follow-up #{row['id']}"]
        if row["name"]:
            lines.append(f"Contact: {row['name']} (#{row['contact_id']})")
        if row["every"]:
            lines.append(f"Repeats every {row['every']} (pln rolls it forward when done)")
        lines.append(f"Done: pln done {row['id']}")
        yield CalendarItem(
            f"follow-up-{row['id']}", f"{row['title']}{who}", row["snoozed_until"] or row["due"],
            "\n".join(lines), "strike-out" if row["source"] == GUARD else "follow-up",
        )  # fmt: skip
    for event, wave in grouped.items():
        names = sorted(row["name"] or "" for row in wave)
        more = len(names) - NAMES_LISTED
        where = wave[0]["event_name"] or "an event"
        yield CalendarItem(
            f"met-{event}",
            f"Follow up with the {len(wave)} people met at {where}",
            _later(min(r["snoozed_until"] or r["due"] for r in wave), f"{HANDLE_MET}{event}", snoozed),
            "\n".join([*names[:NAMES_LISTED], *([f"… and {more} more"] if more > 0 else []),
                       f"Draft to them all: pln event follow-up {event}"]),
            "strike-out",
        )  # fmt: skip


def _keep_in_touch(
    rows: list[Row], busy: set[int], snoozed: dict[str, date]
) -> Iterator[CalendarItem]:
    """A contact with an open follow-up already has a reason to reach out."""
    for row in rows:
        if row["id"] in busy:
            continue
        last = row["last_contacted"]
        since = f"last contact {last.isoformat()}" if last else "no contact logged yet"
        aim = f"; you aim for every {row['cadence']}" if row["cadence"] else ""
        yield CalendarItem(
            f"keep-in-touch-{row['id']}", f"Reach out to {row['name']}",
            _later(row["touch_due"], f"{HANDLE_KEEP_IN_TOUCH}{row['id']}", snoozed),
            f"{since}{aim}\nLog it: pln log {row['id']} -m …", "keep-in-touch",
        )  # fmt: skip


def _intros(
    reader: Reader, today: date, prefs: settings.Preferences, only: Only | None,
    snoozed: dict[str, date], considered: set[str],
) -> Iterator[CalendarItem]:  # fmt: skip
    """Each open introduction's next steps, as one entry on the first one's day."""
    if only is None:
        rows = reader.rows(INTROS)
    elif only.intros or only.contacts:
        rows = reader.rows(INTROS + " AND (id IN :ids OR a_id IN :people OR b_id IN :people)",
                           {"ids": list(only.intros), "people": list(only.contacts)})  # fmt: skip
    else:
        return
    people = gather.people(reader, [i for r in rows for i in (r["a_id"], r["b_id"])], prefs)
    for intro in gather.intros(rows, people):
        considered.add(f"intro-{intro.id}")
        if intro.a.archived or intro.b.archived:
            continue
        steps = sorted(intro_steps(intro, today, prefs.intro_wait_days), key=lambda p: p.due)
        if not steps:
            continue
        lines = [f"{p.due.isoformat()}: {p.title}" + (f"\n  {p.action}" if p.action else "")
                 for p in steps]  # fmt: skip
        yield CalendarItem(
            f"intro-{intro.id}", steps[0].title,
            _later(steps[0].due, f"{HANDLE_INTRO}{intro.id}", snoozed),
            "\n".join([f"Introduction {intro.id}: {intro.why}", *lines]), "introduction",
        )  # fmt: skip


def _events(reader: Reader, params: dict[str, object], only: Only | None) -> Iterator[CalendarItem]:
    if only is not None and not only.events:
        return
    sql = EVENTS if only is None else EVENTS + " AND id IN :events"
    rows = reader.rows(sql, {**params, "events": list(only.events) if only else []})
    for row in rows:
        if row["starts_on"] is None:
            continue
        start, end = span(
            row["starts_on"], row["ends_on"], row["starts_at"], row["ends_at"], row["tz"]
        )
        utc = [
            m.astimezone(timezone.utc) if isinstance(m, datetime) else None for m in (start, end)
        ]
        yield CalendarItem(
            f"event-{row['id']}", row["name"], row["starts_on"],
            f"Hosted by you; guests: pln event show {row['id']}", "event", utc[0], utc[1],
            row["where"] or "",
        )  # fmt: skip
