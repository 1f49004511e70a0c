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

A migration that rebuilds a table (Alembic's batch mode on SQLite) drops its
triggers, and one that adds a column needs SQLite's triggers made again: it
must run `create_triggers()` afterwards.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, inspect, text
from sqlmodel import Session, SQLModel

from plncrm.util import clock
from plncrm.util.bounds import HISTORY_SIZE
from plncrm.util.errors import Conflict

Run = Callable[[str], object]
"""Executes one SQL statement: migrations pass `op.execute`."""

JOURNAL_TABLES = ("journal", "journal_change")


def journaled(conn: Connection) -> dict[str, tuple[list[str], list[str]]]:
    """Every table whose changes are recorded: its columns and primary key, as
    the database has them now (an integer key's name ends in "#")."""
    import plncrm.store.models  # noqa: F401  (fills SQLModel.metadata)

    inspector = inspect(conn)
    tables: dict[str, tuple[list[str], list[str]]] = {}
    for name in SQLModel.metadata.tables:
        if name in JOURNAL_TABLES or not inspector.has_table(name):
            continue
        columns = inspector.get_columns(name)
        integers = {c["name"] for c in columns if c["type"].python_type is int}
        key = inspector.get_pk_constraint(name)["constrained_columns"]
        tables[name] = (
            [c["name"] for c in columns],
            [k + "#" if k in integers else k for k in key],
        )
    return tables


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _row(alias: str, columns: Iterable[str]) -> str:
    pairs = ", ".join(f"'{c}', {alias}.{_quote(c)}" for c in columns)
    return f"json_object({pairs})"


def _key(alias: str, key: list[str]) -> str:
    """The row's key as JSON. Integer keys are spelled out by concatenation:
    json_object() in a trigger doubled the cost of a 50,000-row import's inserts."""
    if not all(k.endswith("#") for k in key):
        return _row(alias, [k.rstrip("#") for k in key])
    parts = " || ',' || ".join(f"'\"{k[:-1]}\":' || {alias}.{_quote(k[:-1])}" for k in key)
    return f"'{{' || {parts} || '}}'"


def _sqlite_triggers(table: str, columns: list[str], key: list[str]) -> list[str]:
    # The open entry: at most one, since SQLite has one writer at a time.
    record = (
        "INSERT INTO journal_change (journal_id, tbl, op, key, old) "
        f"SELECT id, '{table}', '{{op}}', {{key}}, {{old}} FROM journal WHERE open = 1;"
    )
    made = []
    for op, event, alias, old in (
        ("I", "INSERT", "new", "NULL"),
        ("U", "UPDATE", "old", _row("old", columns)),
        ("D", "DELETE", "old", _row("old", columns)),
    ):
        body = record.format(op=op, key=_key(alias, key), old=old)
        made.append(
            f"CREATE TRIGGER journal_{table}_{event.lower()} AFTER {event} ON {_quote(table)} "
            f"BEGIN {body} END"
        )
    return made


_PG_FUNCTION = """
CREATE OR REPLACE FUNCTION pln_journal() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    entry text := current_setting('pln.journal', true);
    row_now jsonb;
    row_key jsonb;
BEGIN
    IF entry IS NULL OR entry = '' THEN
        RETURN NULL;
    END IF;
    IF TG_OP = 'INSERT' THEN row_now := to_jsonb(NEW); ELSE row_now := to_jsonb(OLD); END IF;
    SELECT jsonb_object_agg(k, row_now -> k) INTO row_key FROM unnest(TG_ARGV) AS k;
    INSERT INTO journal_change (journal_id, tbl, op, key, old)
    VALUES (entry::integer, TG_TABLE_NAME, left(TG_OP, 1), row_key::text,
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE row_now::text END);
    RETURN NULL;
END $$
"""


def create_triggers(run: Run, conn: Connection) -> None:
    """(Re)make the recording triggers of every journaled table."""
    drop_triggers(run, conn)
    tables = journaled(conn)
    if conn.dialect.name == "sqlite":
        for table, (columns, key) in tables.items():
            for statement in _sqlite_triggers(table, columns, key):
                run(statement)
        return
    run(_PG_FUNCTION)
    for table, (_columns, key) in tables.items():
        names = ", ".join(f"'{k.rstrip('#')}'" for k in key)
        run(
            f"CREATE TRIGGER journal_{table} AFTER INSERT OR UPDATE OR DELETE ON {_quote(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION pln_journal({names})"
        )


def drop_triggers(run: Run, conn: Connection) -> None:
    for table in journaled(conn):
        if conn.dialect.name == "sqlite":
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS journal_{table}_{event}")
        else:
            run(f"DROP TRIGGER IF EXISTS journal_{table} ON {_quote(table)}")


# -- recording ---------------------------------------------------------------


def begin(session: Session, member: str | None, command: str) -> None:
    """Open the entry that this transaction's changes are recorded under."""
    entry = session.execute(
        text(
            "INSERT INTO journal (at, member, command, open) VALUES (:at, :member, :command, :open) "
            "RETURNING id"
        ),
        {"at": clock.now(), "member": member, "command": command,
         "open": True},
    ).scalar_one()  # fmt: skip
    session.info["pln_journal"] = entry
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('pln.journal', :entry, true)"),
                        {"entry": str(entry)})  # fmt: skip


def finish(session: Session) -> None:
    """Close the open entry before commit: dropped if nothing changed, else kept,
    and the journal trimmed to its size."""
    entry = session.info.pop("pln_journal", None)
    if entry is None:
        return
    session.info["pln_entry"] = 0  # what the command changed, for the calendar hook: nothing
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT set_config('pln.journal', '', true)"))
    changed = session.execute(
        text("SELECT 1 FROM journal_change WHERE journal_id = :entry LIMIT 1"), {"entry": entry}
    ).first()
    if not changed:
        session.execute(text("DELETE FROM journal WHERE id = :entry"), {"entry": entry})
        return
    trim(session)
    seal(session, entry)
    session.info["pln_entry"] = entry


def seal(session: Session, entry: int) -> None:
    """Close the entry and give it the next place in commit order. The lock
    is held until the transaction ends, so the next entry sealed commits after
    this one; nothing after this waits on another lock (no deadlock): it must be
    the transaction's last statement."""
    from plncrm.store.engine import lock

    lock(session, COMMIT_ORDER_LOCK)
    session.execute(
        text(
            "UPDATE journal SET open = :no, "
            "seq = (SELECT coalesce(max(seq), 0) + 1 FROM journal) WHERE id = :entry"
        ),
        {"no": False, "entry": entry},
    )


COMMIT_ORDER_LOCK = "pln journal commit order"


def size(session: Session) -> int:
    value = session.execute(text("SELECT value FROM setting WHERE key = 'history-size'")).scalar()
    return int(value) if value is not None else HISTORY_SIZE


def trim(session: Session) -> None:
    """Forget all but the last `size` entries, the one about to be sealed
    included (their changes go with them)."""
    newest_forgotten = session.execute(
        text("SELECT seq FROM journal WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1 OFFSET :n"),
        {"n": max(size(session) - 1, 0)},
    ).scalar()
    if newest_forgotten is not None:
        forgotten = "SELECT id FROM journal WHERE seq <= :s"
        session.execute(
            text(f"DELETE FROM journal_change WHERE journal_id IN ({forgotten})"),
            {"s": newest_forgotten},
        )
        session.execute(text("DELETE FROM journal WHERE seq <= :s"), {"s": newest_forgotten})


@contextmanager
def bulk(session: Session) -> Iterator[None]:
    """For imports that insert thousands of rows (SQLite): record the block's
    inserts in one statement per table at its end instead of a trigger per
    row (a fifth of a 50,000-row import). Rows the block inserts are those
    above each table's largest rowid before it; changes the block made to
    them are dropped from the record, since undo deletes them anyway. The
    block must not delete rows it inserted. SQLite's DDL is transactional: if
    the block fails, the triggers come back with the rollback."""
    entry = session.info.get("pln_journal")
    if entry is None or session.get_bind().dialect.name != "sqlite":
        yield
        return
    triggers = session.execute(text(
        "SELECT tbl_name, name, sql FROM sqlite_master WHERE type = 'trigger' "
        "AND name LIKE 'journal\\_%\\_insert' ESCAPE '\\'"
    )).all()  # fmt: skip
    before = {
        table: int(session.execute(text(f"SELECT coalesce(max(rowid), 0) FROM {_quote(table)}")).scalar() or 0)
        for table, _, _ in triggers
    }  # fmt: skip
    for _, name, _ in triggers:
        session.execute(text(f"DROP TRIGGER {_quote(name)}"))
    yield
    session.flush()
    keys = journaled(session.connection())
    for table, _, sql in triggers:
        key = _key(_quote(table), keys[table][1])
        newer = f"FROM {_quote(table)} WHERE rowid > :top"
        session.execute(text(
            f"DELETE FROM journal_change WHERE journal_id = :e AND tbl = :t "
            f"AND key IN (SELECT {key} {newer})"
        ), {"e": entry, "t": table, "top": before[table]})  # fmt: skip
        session.execute(text(
            "INSERT INTO journal_change (journal_id, tbl, op, key, old) "
            f"SELECT :e, :t, 'I', {key}, NULL {newer} ORDER BY rowid"
        ), {"e": entry, "t": table, "top": before[table]})  # fmt: skip
        session.execute(text(sql))


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


def net_changes(session: Session, entry: int) -> list[RowChange]:
    rows = session.execute(
        text("SELECT tbl, key, op, old FROM journal_change WHERE journal_id = :e ORDER BY id"),
        {"e": entry},
    ).all()
    first: dict[tuple[str, str], tuple[str, str | None]] = {}
    last: dict[tuple[str, str], str] = {}
    for table, key, op, old in rows:
        first.setdefault((table, key), (op, old))
        last[(table, key)] = op
    changes = []
    for (table, key), (op, old) in first.items():
        changes.append(RowChange(table, json.loads(key), existed=op != "I",
                                 exists=last[(table, key)] != "D",
                                 before=json.loads(old) if old else None))  # fmt: skip
    return changes


def revert(session: Session, entry: int, scratch_command: str) -> None:
    """Put back every row the entry changed, as it was before, in this
    transaction. Refuses (Conflict) when a row has been changed by a later
    entry that still stands, or when putting rows back would change anything
    else (a cascade onto something recorded since): nothing is then changed."""
    changes = net_changes(session, entry)
    dialect = session.get_bind().dialect.name
    keys = {(c.table, _key_text(c.key)) for c in changes}
    _refuse_if_changed_since(session, entry, changes)
    if dialect == "sqlite":
        session.execute(text("PRAGMA defer_foreign_keys = ON"))
    else:
        session.execute(text("SET CONSTRAINTS ALL DEFERRED"))
    begin(session, None, scratch_command)
    scratch = session.info["pln_journal"]
    for change in changes:
        if change.existed and not change.exists:
            _insert(session, dialect, change)
    for change in changes:
        if change.existed and change.exists:
            _update(session, dialect, change)
    for change in reversed(changes):
        if not change.existed and change.exists:
            _delete(session, change)
    session.info.pop("pln_journal", None)
    if dialect == "postgresql":
        session.execute(text("SELECT set_config('pln.journal', '', true)"))
    touched = session.execute(
        text("SELECT DISTINCT tbl, key FROM journal_change WHERE journal_id = :e"), {"e": scratch}
    ).all()
    extra = [(t, k) for t, k in touched if (t, _key_text(json.loads(k))) not in keys]
    if extra:
        table, key = extra[0]
        raise Conflict(
            f"undoing this would also change {_describe(table, key)}, recorded since: "
            "undo that first, or change it back by hand"
        )
    session.execute(text("DELETE FROM journal_change WHERE journal_id = :e"), {"e": scratch})
    session.execute(text("DELETE FROM journal WHERE id = :e"), {"e": scratch})


def _key_text(key: dict[str, Any]) -> str:
    return json.dumps(key, sort_keys=True)


def _describe(table: str, key: str) -> str:
    values = ", ".join(str(v) for v in json.loads(key).values())
    return f"{table.replace('_', ' ')} {values}"


def _refuse_if_changed_since(session: Session, entry: int, changes: list[RowChange]) -> None:
    """Lock the rows to put back, then look for standing entries committed
    after this one that changed any of them (another member's edit since, one
    that began before this entry but committed after it, or one in progress
    that the lock waited for)."""
    for change in changes:
        if change.exists and session.get_bind().dialect.name == "postgresql":
            where, values = _where(change.key)
            session.execute(text(f"SELECT 1 FROM {_quote(change.table)} WHERE {where} FOR UPDATE"),
                            values)  # fmt: skip
    # Read after the locks: an edit that held one has committed by now, and is seen.
    later = session.execute(
        text(
            "SELECT c.tbl, c.key, j.member, j.command FROM journal_change c "
            "JOIN journal j ON j.id = c.journal_id "
            "WHERE j.seq > coalesce((SELECT seq FROM journal WHERE id = :e), 0) "
            "AND j.undone_at IS NULL AND j.id <> :e"
        ),
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
    clauses = " AND ".join(f"{_quote(k)} = :k_{i}" for i, k in enumerate(key))
    return clauses, {f"k_{i}": v for i, v in enumerate(key.values())}


def _values(
    session: Session, dialect: str, change: RowChange
) -> tuple[list[str], str, dict[str, Any]]:
    """The columns to put back and the SQL that yields their old values."""
    assert change.before is not None
    columns = list(change.before)
    old = json.dumps(change.before)
    if dialect == "sqlite":
        values = ", ".join(f"json_extract(:old, '$.\"{c}\"')" for c in columns)
        return columns, f"SELECT {values}", {"old": old}
    listed = ", ".join(f"r.{_quote(c)}" for c in columns)
    source = f"SELECT {listed} FROM jsonb_populate_record(NULL::{_quote(change.table)}, CAST(:old AS jsonb)) r"
    return columns, source, {"old": old}


def _insert(session: Session, dialect: str, change: RowChange) -> None:
    columns, source, values = _values(session, dialect, change)
    names = ", ".join(_quote(c) for c in columns)
    session.execute(text(f"INSERT INTO {_quote(change.table)} ({names}) {source}"), values)


def _update(session: Session, dialect: str, change: RowChange) -> None:
    columns, source, values = _values(session, dialect, change)
    names = ", ".join(_quote(c) for c in columns)
    where, keys = _where(change.key)
    session.execute(
        text(f"UPDATE {_quote(change.table)} SET ({names}) = ({source}) WHERE {where}"),
        {**values, **keys},
    )


def _delete(session: Session, change: RowChange) -> None:
    where, keys = _where(change.key)
    session.execute(text(f"DELETE FROM {_quote(change.table)} WHERE {where}"), keys)
