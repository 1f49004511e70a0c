"""The undo journal: every row a command inserts, changes or deletes, recorded
by the database itself, inside the command's own transaction.

A writing transaction opens a `journal` entry (who, when, the command line);
triggers on every table then copy each changed row's key and its state before
the change into `journal_change` under that entry. Because the database does
the recording, nothing escapes it (bulk inserts, cascading deletes, merges),
and because it happens in the same transaction, the record is exactly what was
committed and survives restarts. `revert` puts the rows back.

Finding the open entry: on SQLite (one writer at a time) it is the one
entry whose `open` flag is set; on PostgreSQL, where members write at once,
the transaction names it in the `pln.journal` setting. A write outside any
open entry is not recorded.

Ordering: undo must know which entries came after one, and on PostgreSQL an
entry's id (taken when its transaction began) is not that order: a member's
long import may begin first and commit last. Each entry gets `seq`, its place
in commit order, as the last step before commit, under a team-wide lock held
until the commit, so that `seq` order is commit order; on SQLite (one writer
at a time) the two orders agree anyway.

The triggers themselves are made by migrations (`store.journal_triggers`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from plncrm.store import schema
from plncrm.store.db import Db, value
from plncrm.store.plain import Reader
from plncrm.util import clock
from plncrm.util.bounds import HISTORY_SIZE
from plncrm.util.errors import Conflict

JOURNAL_TABLES = ("journal", "journal_change")


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def row_json(alias: str, columns: Iterable[str]) -> str:
    pairs = ", ".join(f"'{c}', {alias}.{quote(c)}" for c in columns)
    return f"json_object({pairs})"


def key_json(alias: str, key: list[str]) -> str:
    """The row's key as JSON. Integer keys are spelled out by concatenation:
    json_object() in a trigger doubled the cost of a 50,000-row import's inserts."""
    if not all(k.endswith("#") for k in key):
        return row_json(alias, [k.rstrip("#") for k in key])
    parts = " || ',' || ".join(f"'\"{k[:-1]}\":' || {alias}.{quote(k[:-1])}" for k in key)
    return f"'{{' || {parts} || '}}'"


# -- recording ---------------------------------------------------------------


def begin(db: Db, member: str | None, command: str, resume: int | None = None) -> None:
    """Open the entry that this transaction's changes are recorded under: a new
    one, or the entry `resume` of an earlier transaction of the same command
    (one message sent, then recorded, at a time: one step for `pln undo`)."""
    # An entry taken back by `pln undo` meanwhile is not added to: what is
    # recorded from now on is a step of its own, that undo can take back too.
    found = "SELECT 1 FROM journal WHERE id = :entry AND undone_at IS NULL"
    if resume is not None and value(db, found, {"entry": resume}) is not None:
        db.execute(
            "UPDATE journal SET open = :yes WHERE id = :entry", {"yes": True, "entry": resume}
        )
        entry: int | None = resume
    else:
        entry = db.insert(
            "journal", {"at": clock.now(), "member": member, "command": command, "open": True}
        )
    db.info["pln_journal"] = entry
    if db.dialect == "postgresql":
        db.execute("SELECT set_config('pln.journal', :entry, true)", {"entry": str(entry)})


def finish(db: Db) -> None:
    """Close the open entry before commit: dropped if nothing changed, else kept,
    and the journal trimmed to its size."""
    entry = db.info.pop("pln_journal", None)
    if entry is None:
        return
    db.info["pln_entry"] = 0  # what the command changed, for the calendar hook: nothing
    if db.dialect == "postgresql":
        db.execute("SELECT set_config('pln.journal', '', true)")
    if not db.tuples("SELECT 1 FROM journal_change WHERE journal_id = :e LIMIT 1", {"e": entry}):
        db.execute("DELETE FROM journal WHERE id = :entry", {"entry": entry})
        return
    trim(db)
    seal(db, entry)
    db.info["pln_entry"] = entry


def seal(db: Db, entry: int) -> None:
    """Close the entry and give it the next place in commit order. The lock
    is held until the transaction ends, so the next entry sealed commits after
    this one; nothing after this waits on another lock (no deadlock): it must be
    the transaction's last statement."""
    db.lock(COMMIT_ORDER_LOCK)
    db.execute(
        "UPDATE journal SET open = :no, "
        "seq = (SELECT coalesce(max(seq), 0) + 1 FROM journal) WHERE id = :entry",
        {"no": False, "entry": entry},
    )


COMMIT_ORDER_LOCK = "pln journal commit order"


def size(db: Reader) -> int:
    found = value(db, "SELECT value FROM setting WHERE key = 'history-size'")
    return int(found) if found is not None else HISTORY_SIZE


def trim(db: Db) -> None:
    """Forget all but the last `size` entries, the one about to be sealed
    included (their changes go with them)."""
    newest_forgotten = value(
        db,
        "SELECT seq FROM journal WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1 OFFSET :n",
        {"n": max(size(db) - 1, 0)},
    )
    if newest_forgotten is not None:
        forgotten = "SELECT id FROM journal WHERE seq <= :s"
        db.execute(
            f"DELETE FROM journal_change WHERE journal_id IN ({forgotten})", {"s": newest_forgotten}
        )
        db.execute("DELETE FROM journal WHERE seq <= :s", {"s": newest_forgotten})


def keys(table: str) -> list[str]:
    """A table's primary key as the triggers record it (an integer's name ends in "#")."""
    return [c.name + "#" if c.type is int else c.name for c in schema.columns(table) if c.key]


@contextmanager
def bulk(db: Db) -> Iterator[None]:
    """For imports that insert thousands of rows (SQLite): record the block's
    inserts in one statement per table at its end instead of a trigger per
    row (a fifth of a 50,000-row import). Rows the block inserts are those
    above each table's largest rowid before it; changes the block made to
    them are dropped from the record, since undo deletes them anyway. The
    block must not delete rows it inserted. SQLite's DDL is transactional: if
    the block fails, the triggers come back with the rollback."""
    entry = db.info.get("pln_journal")
    if entry is None or db.dialect != "sqlite":
        yield
        return
    triggers = db.tuples(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'journal\\_%\\_insert' ESCAPE '\\'"
    )
    before = {
        table: int(value(db, f"SELECT coalesce(max(rowid), 0) FROM {quote(table)}") or 0)
        for table, _, _ in triggers
    }
    for _, name, _ in triggers:
        db.execute(f"DROP TRIGGER {quote(name)}")
    yield
    for table, _, sql in triggers:
        key = key_json(quote(table), keys(table))
        newer = f"FROM {quote(table)} WHERE rowid > :top"
        params = {"e": entry, "t": table, "top": before[table]}
        db.execute(
            "DELETE FROM journal_change WHERE journal_id = :e AND tbl = :t "
            f"AND key IN (SELECT {key} {newer})",
            params,
        )
        db.execute(
            "INSERT INTO journal_change (journal_id, tbl, op, key, old) "
            f"SELECT :e, :t, 'I', {key}, NULL {newer} ORDER BY rowid",
            params,
        )
        db.execute(sql)


# -- reading -----------------------------------------------------------------


def first_change_since(
    db: Reader, table: str, row_id: int, since: datetime
) -> tuple[str, dict[str, Any] | None] | None:
    """How a row (an integer key "id") stood before the first standing command
    since `since` touched it: ("I", None) when one inserted it, ("U", row)
    when one changed it first, None when none did (or the journal has forgotten).
    What a contact looked like when the day began: a value set since is new today."""
    keys = [f'{{"id":{row_id}}}', f'{{"id": {row_id}}}']  # SQLite's text, PostgreSQL's jsonb
    found = db.tuples(
        "SELECT c.op, c.old FROM journal_change c JOIN journal j ON j.id = c.journal_id "
        "WHERE j.at >= :since AND j.undone_at IS NULL AND c.tbl = :t AND c.key IN :keys "
        "ORDER BY c.id LIMIT 1",
        {"since": since, "t": table, "keys": keys},
    )
    if not found:
        return None
    op, old = found[0]
    return str(op), (json.loads(old) if old else None)


# -- reverting ---------------------------------------------------------------


@dataclass(frozen=True)
class RowChange:
    """One row's net change under an entry: whether it existed before the
    command and exists after, and its state before (None if it did not exist)."""

    table: str
    key: dict[str, Any]
    existed: bool
    exists: bool
    before: dict[str, Any] | None


def net_changes(db: Db, entry: int) -> list[RowChange]:
    rows = db.tuples(
        "SELECT tbl, key, op, old FROM journal_change WHERE journal_id = :e ORDER BY id",
        {"e": entry},
    )
    first: dict[tuple[str, str], tuple[str, str | None]] = {}
    last: dict[tuple[str, str], str] = {}
    for table, key, op, old in rows:
        first.setdefault((table, key), (op, old))
        last[(table, key)] = op
    changes = []
    for (table, key), (op, old) in first.items():
        changes.append(
            RowChange(
                table,
                json.loads(key),
                existed=op != "I",
                exists=last[(table, key)] != "D",
                before=json.loads(old) if old else None,
            )
        )
    return changes


def revert(db: Db, entry: int, scratch_command: str) -> None:
    """Put back every row the entry changed, as it was before, in this
    transaction. Refuses (Conflict) when a row has been changed by a later
    entry that still stands, or when putting rows back would change anything
    else (a cascade onto something recorded since): nothing is then changed."""
    changes = net_changes(db, entry)
    dialect = db.dialect
    keys = {(c.table, _key_text(c.key)) for c in changes}
    _refuse_if_changed_since(db, entry, changes)
    if dialect == "sqlite":
        db.execute("PRAGMA defer_foreign_keys = ON")
    else:
        db.execute("SET CONSTRAINTS ALL DEFERRED")
    begin(db, None, scratch_command)
    scratch = db.info["pln_journal"]
    for change in changes:
        if change.existed and not change.exists:
            _insert(db, dialect, change)
    for change in changes:
        if change.existed and change.exists:
            _update(db, dialect, change)
    for change in reversed(changes):
        if not change.existed and change.exists:
            _delete(db, change)
    db.info.pop("pln_journal", None)
    if dialect == "postgresql":
        db.execute("SELECT set_config('pln.journal', '', true)")
    touched = db.tuples(
        "SELECT DISTINCT tbl, key FROM journal_change WHERE journal_id = :e", {"e": scratch}
    )
    extra = [(t, k) for t, k in touched if (t, _key_text(json.loads(k))) not in keys]
    if extra:
        table, key = extra[0]
        raise Conflict(
            f"undoing this would also change {_describe(table, key)}, recorded since: "
            "undo that first, or change it back by hand"
        )
    db.execute("DELETE FROM journal_change WHERE journal_id = :e", {"e": scratch})
    db.execute("DELETE FROM journal WHERE id = :e", {"e": scratch})


def _key_text(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True)


def _describe(table: str, key: str) -> str:
    values = ", ".join(str(v) for v in json.loads(key).values())
    return f"{table.replace('_', ' ')} {values}"


def _refuse_if_changed_since(db: Db, entry: int, changes: list[RowChange]) -> None:
    """Lock the rows to put back, then look for standing entries committed
    after this one that changed any of them (another member's edit since, one
    that began before this entry but committed after it, or one in progress
    that the lock waited for)."""
    for change in changes:
        if change.exists and db.dialect == "postgresql":
            where, values = _where(change.key)
            db.tuples(f"SELECT 1 FROM {quote(change.table)} WHERE {where} FOR UPDATE", values)
    # Read after the locks: an edit that held one has committed by now, and is seen.
    later = db.tuples(
        "SELECT c.tbl, c.key, j.member, j.command FROM journal_change c "
        "JOIN journal j ON j.id = c.journal_id "
        "WHERE j.seq > coalesce((SELECT seq FROM journal WHERE id = :e), 0) "
        "AND j.undone_at IS NULL AND j.id <> :e",
        {"e": entry},
    )
    mine = {(c.table, _key_text(c.key)) for c in changes}
    for table, key, member, command in later:
        if (table, _key_text(json.loads(key))) in mine:
            who = f" by {member}" if member else ""
            raise Conflict(
                f"{_describe(table, key)} was changed since{who} ({command}): "
                "not undoing, nothing changed"
            )


def _where(key: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    clauses = " AND ".join(f"{quote(k)} = :k_{i}" for i, k in enumerate(key))
    return clauses, {f"k_{i}": v for i, v in enumerate(key.values())}


def _values(dialect: str, change: RowChange) -> tuple[list[str], str, dict[str, Any]]:
    """The columns to put back and the SQL that yields their old values."""
    assert change.before is not None
    columns = list(change.before)
    old = json.dumps(change.before)
    if dialect == "sqlite":
        values = ", ".join(f"json_extract(:old, '$.\"{c}\"')" for c in columns)
        return columns, f"SELECT {values}", {"old": old}
    listed = ", ".join(f"r.{quote(c)}" for c in columns)
    record = f"jsonb_populate_record(NULL::{quote(change.table)}, CAST(:old AS jsonb))"
    source = f"SELECT {listed} FROM {record} r"
    return columns, source, {"old": old}


def _insert(db: Db, dialect: str, change: RowChange) -> None:
    columns, source, values = _values(dialect, change)
    names = ", ".join(quote(c) for c in columns)
    db.execute(f"INSERT INTO {quote(change.table)} ({names}) {source}", values)


def _update(db: Db, dialect: str, change: RowChange) -> None:
    columns, source, values = _values(dialect, change)
    names = ", ".join(quote(c) for c in columns)
    where, keys = _where(change.key)
    db.execute(
        f"UPDATE {quote(change.table)} SET ({names}) = ({source}) WHERE {where}",
        {**values, **keys},
    )


def _delete(db: Db, change: RowChange) -> None:
    where, keys = _where(change.key)
    db.execute(f"DELETE FROM {quote(change.table)} WHERE {where}", keys)
