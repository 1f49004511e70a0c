"""History and undo: the commands that changed the store, and taking one back.

Each writing command is journaled by the store (`store.journal`); this module
reads that journal as entries a person understands and undoes the newest
entry of the member asking, so that in a team nobody takes back another's work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from plncrm.store import journal
from plncrm.store.db import Db, connection, value
from plncrm.store.plain import Reader
from plncrm.util import clock
from plncrm.util.errors import NotFound

if TYPE_CHECKING:
    from sqlmodel import Session

# What a row of each table is called in a summary: singular, plural.
NOUNS = {
    "contact": ("contact", "contacts"),
    "contact_detail": ("detail", "details"),
    "interaction": ("interaction", "interactions"),
    "interaction_contact": ("interaction participant", "interaction participants"),
    "follow_up": ("follow-up", "follow-ups"),
    "introduction": ("introduction", "introductions"),
    "event": ("event", "events"),
    "event_guest": ("guest-list entry", "guest-list entries"),
    "community": ("community", "communities"),
    "community_member": ("membership", "memberships"),
    "setting": ("setting", "settings"),
    "agenda_snooze": ("snoozed agenda line", "snoozed agenda lines"),
    "resource": ("resource", "resources"),
    "consent": ("consent", "consents"),
}
ORDER = tuple(NOUNS)
NAMES_SHOWN = 5


@dataclass(frozen=True)
class TableChange:
    table: str
    added: int
    changed: int
    removed: int


@dataclass(frozen=True)
class Entry:
    id: int
    at: datetime
    member: str | None
    command: str
    undone_at: datetime | None
    changes: tuple[TableChange, ...]


def noun(table: str, count: int) -> str:
    one, many = NOUNS.get(table, (table.replace("_", " "), table.replace("_", " ") + "s"))
    return f"{count} {one if count == 1 else many}"


def summary(entry: Entry) -> str:
    """ "added 1 contact, 2 details; changed 1 follow-up": what the command did."""
    # An interaction's participants come with it: not worth a word of their own.
    shown = [
        c
        for c in entry.changes
        if not (c.table == "interaction_contact" and _has(entry, "interaction"))
    ]
    parts = []
    for verb, attr in (("added", "added"), ("changed", "changed"), ("removed", "removed")):
        said = [noun(c.table, getattr(c, attr)) for c in shown if getattr(c, attr)]
        if said:
            parts.append(f"{verb} {', '.join(said)}")
    return "; ".join(parts) or "no changes"


def _has(entry: Entry, table: str) -> bool:
    return any(c.table == table for c in entry.changes)


def _changes(db: Reader, ids: list[int]) -> dict[int, tuple[TableChange, ...]]:
    if not ids:
        return {}
    found: dict[int, list[TableChange]] = {i: [] for i in ids}
    rows = db.tuples(
        "SELECT journal_id, tbl, count(DISTINCT CASE WHEN op = 'I' THEN key END), "
        "count(DISTINCT CASE WHEN op = 'D' THEN key END), count(DISTINCT key) "
        "FROM journal_change WHERE journal_id IN :ids GROUP BY journal_id, tbl",
        {"ids": [int(i) for i in ids]},
    )
    for entry_id, table, added, removed, rows_touched in rows:
        changed = max(int(rows_touched) - int(added) - int(removed), 0)
        found[int(entry_id)].append(TableChange(str(table), int(added), changed, int(removed)))
    rank = {t: i for i, t in enumerate(ORDER)}
    return {
        i: tuple(sorted(c, key=lambda tc: rank.get(tc.table, len(rank)))) for i, c in found.items()
    }


def _entries(db: Reader, where: str, params: dict[str, object], limit: int) -> list[Entry]:
    rows = db.tuples(
        "SELECT id, at, member, command, undone_at FROM journal "
        f"WHERE open = :no {where} ORDER BY seq DESC LIMIT :limit",
        {"no": False, "limit": limit, **params},
    )
    changes = _changes(db, [int(r[0]) for r in rows])
    return [
        Entry(
            int(r[0]),
            _stamp(r[1]),
            r[2],
            str(r[3]),
            _stamp(r[4]) if r[4] else None,
            changes[int(r[0])],
        )
        for r in rows
    ]


def _stamp(value: object) -> datetime:
    """A stored moment, in UTC (SQLite hands back text, PostgreSQL a datetime)."""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
    return moment.astimezone(timezone.utc) if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def recent(source: Reader | Session, limit: int, member: str | None = None) -> list[Entry]:
    """The newest `limit` entries, the last committed first (only `member`'s when given)."""
    db = connection(source)
    if member is None:
        return _entries(db, "", {}, limit)
    return _entries(db, "AND member = :member", {"member": member}, limit)


def next_to_undo(source: Reader | Session, member: str | None) -> Entry:
    """The last committed entry of `member` that still stands."""
    found = _entries(
        connection(source),
        "AND undone_at IS NULL AND coalesce(member, '') = :member",
        {"member": member or ""},
        1,
    )
    if not found:
        raise NotFound(
            "nothing to undo: no change of yours is in the history (pln history lists it)"
        )
    return found[0]


def get(source: Reader | Session, entry_id: int) -> Entry:
    """One entry by its id, as it stands now (undone or not)."""
    found = _entries(connection(source), "AND id = :id", {"id": entry_id}, 1)
    if not found:
        raise NotFound(f"no change #{entry_id} in the history")
    return found[0]


def names_touched(source: Reader | Session, entry: Entry, limit: int = NAMES_SHOWN) -> list[str]:
    """The names of some contacts the entry added, changed or removed."""
    db = connection(source)
    rows = db.tuples(
        "SELECT key, old FROM journal_change WHERE journal_id = :e AND tbl = 'contact' ORDER BY id",
        {"e": entry.id},
    )
    names: dict[int, str] = {}
    for key, old in rows:
        contact_id = int(json.loads(key)["id"])
        if contact_id in names:
            continue
        name = json.loads(old)["name"] if old else _current_name(db, contact_id)
        if name:
            names[contact_id] = name
        if len(names) >= limit:
            break
    return list(names.values())


def _current_name(db: Reader, contact_id: int) -> str | None:
    found = value(db, "SELECT name FROM contact WHERE id = :i", {"i": contact_id})
    return str(found) if found is not None else None


def undo(source: Db | Session, entry: Entry) -> None:
    """Put back everything `entry` changed and mark it undone (see `journal.revert`)."""
    db = connection(source)
    journal.revert(db, entry.id, f"undo {entry.id}")
    db.execute(
        "UPDATE journal SET undone_at = :at WHERE id = :e", {"at": clock.now(), "e": entry.id}
    )
