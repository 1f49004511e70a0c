"""Bringing a calendar folder up to date: all of it (`pln calendar sync`), or
after a command that changed the store (`pln config calendar.dir DIR`).

After a command it is cheap: the undo journal already names every row the
command changed, so only the entries those rows can touch are read, compared
and, if different, rewritten. A change the journal cannot narrow (a setting,
`pln undo`, an import of thousands) re-syncs everything. A whole re-sync with
nothing changed in the store since the last (the journal's newest entry, its
size, undos, the schema, the day) reads nothing but the folder's state.
"""

from __future__ import annotations

import json
from datetime import date, time
from pathlib import Path
from typing import Any

from plncrm.calendars import vdir
from plncrm.calendars.entries import Only
from plncrm.calendars.items import gather_items
from plncrm.reads import settings
from plncrm.store.kinds import HANDLE_INTRO, HANDLE_KEEP_IN_TOUCH, HANDLE_MET
from plncrm.store.plain import Reader
from plncrm.util import clock

NARROW_UP_TO = 2000  # changes one command may make and still be synced item by item
CHANGES = "SELECT tbl, key, old FROM journal_change WHERE journal_id = :entry LIMIT :cap"
ALWAYS_FULL = {"setting"}  # alarm times and cadences change many items at once


def _json(value: Any) -> dict[str, Any]:
    if isinstance(value, dict):
        return value
    try:
        found = json.loads(value) if value else {}
    except (TypeError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}


def changed(reader: Reader, entry: int) -> Only | None:
    """The records journal `entry` changed, or None when a full sync is needed."""
    rows = reader.rows(CHANGES, {"entry": entry, "cap": NARROW_UP_TO + 1})
    if len(rows) > NARROW_UP_TO or any(r["tbl"] in ALWAYS_FULL for r in rows):
        return None
    tasks: set[int] = set()
    people: set[int] = set()
    intros: set[int] = set()
    events: set[int] = set()
    for row in rows:
        key, old, table = _json(row["key"]), _json(row["old"]), row["tbl"]
        if table == "follow_up":
            tasks.add(int(key["id"]))
            people.update(int(v) for v in (old.get("contact_id"),) if v)
            events.update(int(v) for v in (old.get("event_id"),) if v)
        elif table == "contact":
            people.add(int(key["id"]))
        elif table == "introduction":
            intros.add(int(key["id"]))
        elif table == "event":
            events.add(int(key["id"]))
        elif table == "agenda_snooze":
            handle = str(key.get("handle", ""))
            letter, number = handle[:1], handle[1:]
            if number.isdigit():
                {HANDLE_KEEP_IN_TOUCH: people, HANDLE_INTRO: intros, HANDLE_MET: events}.get(
                    letter, set()
                ).add(int(number))
    if tasks:  # whose follow-ups they are now: a contact with none is due a keep-in-touch
        for row in reader.rows(
            "SELECT contact_id, event_id FROM follow_up WHERE id IN :ids", {"ids": sorted(tasks)}
        ):
            people.update(v for v in (row["contact_id"],) if v)
            events.update(v for v in (row["event_id"],) if v)
    return Only(frozenset(tasks), frozenset(people), frozenset(intros), frozenset(events))


def alarm_time(reader: Reader) -> time | None:
    value = settings.effective(reader).get("notify.alarm", "")
    return time.fromisoformat(value) if value and value != "off" else None


VERSION = """
SELECT max(j.id) AS top, count(*) AS entries, sum(j.id) AS total, max(j.at) AS latest,
       max(j.undone_at) AS undone, (SELECT max(version_num) FROM alembic_version) AS revision
FROM journal j
"""


def store_version(reader: Reader, today: date, member: str | None) -> tuple[str, ...]:
    """What changes whenever anything the calendar shows may have: every
    writing command adds a journal entry (a member's that commits late
    changes the count and the sum), `pln undo` stamps one, a migration moves
    the schema, and the day moves events and steps on. Plain strings, for
    the state file."""
    [row] = reader.rows(VERSION)
    alarm = settings.value(reader, "notify.alarm")
    return (today.isoformat(), str(member), alarm, *(str(v) for v in row.values()))


def everything(
    reader: Reader, folder: Path, today: date, member: str | None, dry_run: bool = False
) -> vdir.Outcome:
    """Make the folder hold the whole calendar of `member` as of `today`."""
    version = store_version(reader, today, member)
    held = vdir.current(folder, version)
    if held is not None:
        return vdir.Outcome(unchanged=held)
    found = gather_items(reader, today, member)
    return vdir.sync(
        folder, found.entries, alarm_time(reader), clock.now(), dry_run=dry_run, version=version
    )


def refresh(
    reader: Reader, folder: Path, today: date, member: str | None, entry: int | None
) -> vdir.Outcome:
    """Bring the collection up to date after journal `entry` (None: everything).
    A folder that holds no state of an earlier sync (never synced, deleted, or
    its state lost) is synced whole: never left holding only one command's
    entries; so is one last synced whole on another day, so that what became
    late since moves to today with the first command of the day."""
    whole = not vdir.synced_before(folder) or vdir.synced_on(folder) != today
    only = changed(reader, entry) if entry is not None and not whole else None
    if only is None:
        return everything(reader, folder, today, member)
    found = gather_items(reader, today, member, only)
    return vdir.sync(
        folder, found.entries, alarm_time(reader), clock.now(), considered=found.considered
    )
