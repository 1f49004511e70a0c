"""The undo journal's recording triggers, made by migrations (see `store.journal`).

A migration that rebuilds a table (Alembic's batch mode on SQLite) drops its
triggers, and one that adds a column needs SQLite's triggers made again: it
must run `create_triggers()` afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection, inspect

from plncrm.store.journal import JOURNAL_TABLES, key_json, quote, row_json

Run = Callable[[str], object]
"""Executes one SQL statement: migrations pass `op.execute`."""


def journaled(conn: Connection) -> dict[str, tuple[list[str], list[str]]]:
    """Every table whose changes are recorded: its columns and primary key, as
    the database has them now (an integer key's name ends in "#")."""
    from plncrm.store.schema import TABLES

    inspector = inspect(conn)
    tables: dict[str, tuple[list[str], list[str]]] = {}
    for name in TABLES:
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


def _sqlite_triggers(table: str, columns: list[str], key: list[str]) -> list[str]:
    # The open entry: at most one, since SQLite has one writer at a time.
    record = (
        "INSERT INTO journal_change (journal_id, tbl, op, key, old) "
        f"SELECT id, '{table}', '{{op}}', {{key}}, {{old}} FROM journal WHERE open = 1;"
    )
    made = []
    for op, event, alias, old in (
        ("I", "INSERT", "new", "NULL"),
        ("U", "UPDATE", "old", row_json("old", columns)),
        ("D", "DELETE", "old", row_json("old", columns)),
    ):
        body = record.format(op=op, key=key_json(alias, key), old=old)
        made.append(
            f"CREATE TRIGGER journal_{table}_{event.lower()} AFTER {event} ON {quote(table)} "
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
            f"CREATE TRIGGER journal_{table} AFTER INSERT OR UPDATE OR DELETE ON {quote(table)} "
            f"FOR EACH ROW EXECUTE FUNCTION pln_journal({names})"
        )


def drop_triggers(run: Run, conn: Connection) -> None:
    for table in journaled(conn):
        if conn.dialect.name == "sqlite":
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS journal_{table}_{event}")
        else:
            run(f"DROP TRIGGER IF EXISTS journal_{table} ON {quote(table)}")
