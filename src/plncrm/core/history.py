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


def _contact_columns() -> dict[str, tuple[str, ...]]:
    """Each table's columns that name a contact (the contact table's own rows name themselves)."""
    from plncrm.store.declaring import TABLES, columns

    found = {
        name: tuple(c.name for c in columns(name) if c.references == "contact.id")
        for name in TABLES
        if name != "contact"
    }
    return {name: cols for name, cols in found.items() if cols}


SCANNED = 500  # journal rows read for names: past that, an entry names whom it reached


def names_touched(source: Reader | Session, entry: Entry, limit: int = NAMES_SHOWN) -> list[str]:
    """The names of the first `limit` people the entry added, changed or removed, or whom
    a row it wrote is about (an interaction's people, an introduction's two sides), so
    that `pln history`, `pln undo` and `undo_last` say whom a change was about."""
    db = connection(source)
    refs = _contact_columns()
    rows = db.tuples(
        "SELECT tbl, key, old FROM journal_change WHERE journal_id = :e AND tbl IN :tables "
        "ORDER BY id LIMIT :most",
        {"e": entry.id, "tables": ["contact", *refs], "most": SCANNED},
    )
    named: dict[int, str | None] = {}
    for table, key, old in rows:
        before = json.loads(old) if old else None
        if table == "contact":
            contact_id = int(json.loads(key)["id"])
            if named.get(contact_id) is None:
                named[contact_id] = str(before["name"]) if before else None
        else:
            for contact_id in _referenced(db, str(table), json.loads(key), before, refs[table]):
                named.setdefault(contact_id, None)
        if len(named) >= limit:
            break
    names = [name or _current_name(db, i) for i, name in list(named.items())[:limit]]
    return [n for n in names if n]


def _referenced(
    db: Reader,
    table: str,
    key: dict[str, object],
    before: dict[str, object] | None,
    cols: tuple[str, ...],
) -> list[int]:
    """The contacts a journaled row names: from its key, its old state, or the row as it is."""
    row: dict[str, object] | None = before
    if row is None and not all(c in key for c in cols):
        where = " AND ".join(f"{k} = :{k}" for k in key)
        found = db.rows(f"SELECT {', '.join(cols)} FROM {table} WHERE {where}", key)
        row = dict(found[0]) if found else None
    source = {**(row or {}), **key}
    return [int(str(source[c])) for c in cols if source.get(c) is not None]


def _current_name(db: Reader, contact_id: int) -> str | None:
    found = value(db, "SELECT name FROM contact WHERE id = :i", {"i": contact_id})
    return str(found) if found is not None else None


def people(source: Reader | Session, entry: Entry) -> tuple[list[str], bool]:
    """The first `NAMES_SHOWN` names an entry touched, and whether there were more."""
    names = names_touched(source, entry, NAMES_SHOWN + 1)
    return names[:NAMES_SHOWN], len(names) > NAMES_SHOWN


def described(entry: Entry, whom: tuple[list[str], bool]) -> str:
    """An entry as `pln undo` and `undo_last` name it: its id, command, what changed and
    whom it was about (`people`: `#7 pln log maya (added 1 interaction): Maya Okafor`)."""
    names, more = whom
    what = f"#{entry.id} {entry.command} ({summary(entry)})"
    if names:
        what += ": " + ", ".join(names) + (" …" if more else "")
    return what


def undo(source: Db | Session, entry: Entry) -> None:
    """Put back everything `entry` changed and mark it undone (see `journal.revert`)."""
    db = connection(source)
    journal.revert(db, entry.id, f"undo {entry.id}")
    db.execute(
        "UPDATE journal SET undone_at = :at WHERE id = :e", {"at": clock.now(), "e": entry.id}
    )
