"""Ids are never reused (SQLite): every table whose rows have a number of their
own takes AUTOINCREMENT, so that #93, once merged away or deleted, never names
someone else in `pln history`, in notes that cite it, or in an undo

SQLite without AUTOINCREMENT gives a new row the highest id + 1, so deleting the
newest contact handed its number to the next one. PostgreSQL's sequences never
go back: nothing to do there. Each table is rebuilt by SQLite's own recipe
(create, copy, drop, rename, then its indexes), with every trigger set aside
and put back word for word; its counter starts above every id it has held,
including rows the undo journal remembers as deleted.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

TABLES = (
    "event",
    "contact",
    "contact_detail",
    "interaction",
    "follow_up",
    "introduction",
    "community",
    "journal",
    "journal_change",
)


def autoincrement(create: str, table: str) -> str:
    """The CREATE TABLE statement of `table`, as `_new_<table>` with its `id`
    column the AUTOINCREMENT primary key."""
    head, count = re.subn(
        rf'^CREATE TABLE "?{table}"? \(', f'CREATE TABLE "_new_{table}" (', create, count=1
    )
    body, columns = re.subn(
        r"(\n\s*)id INTEGER NOT NULL,",
        r"\1id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,",
        head,
        count=1,
    )
    done, keys = re.subn(r",\s*PRIMARY KEY \(id\)", "", body, count=1)
    if (count, columns, keys) != (1, 1, 1):
        raise RuntimeError(f"unexpected shape of table {table}: {create[:200]!r}")
    return done


def _highest_id_ever(run: Any, table: str, now: int) -> int:
    """The highest id the table holds or held, as far as the journal knows."""
    highest = now
    for (key,) in run(
        "SELECT key FROM journal_change WHERE tbl = ? AND op IN ('D', 'I')", (table,)
    ):
        try:
            value = json.loads(key).get("id")
        except (ValueError, AttributeError):
            continue
        if isinstance(value, int):
            highest = max(highest, value)
    return highest


def plain(create: str, table: str) -> str:
    """The other way: `_new_<table>` with the table constraint of before."""
    head, count = re.subn(
        rf'^CREATE TABLE "?{table}"? \(', f'CREATE TABLE "_new_{table}" (', create, count=1
    )
    body, columns = re.subn(
        r"id INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,", "id INTEGER NOT NULL,", head, count=1
    )
    done, keys = re.subn(r"\n\)\s*$", ", \n\tPRIMARY KEY (id)\n)", body, count=1)
    if (count, columns, keys) != (1, 1, 1):
        raise RuntimeError(f"unexpected shape of table {table}: {create[:200]!r}")
    return done


def _rebuild(run: Any, table: str, shape: Callable[[str, str], str]) -> int:
    """SQLite's recipe for changing a table: create, copy, drop, rename, and
    its indexes again; returns its highest id."""
    create = run("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    create = create.scalar_one()
    indexes = [
        sql
        for (sql,) in run(
            "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL",
            (table,),
        )
    ]
    columns = ", ".join(f'"{row[1]}"' for row in run(f'PRAGMA table_info("{table}")'))
    highest = int(run(f'SELECT coalesce(max(id), 0) FROM "{table}"').scalar_one())
    run(shape(create, table))
    run(f'INSERT INTO "_new_{table}" ({columns}) SELECT {columns} FROM "{table}"')
    run(f'DROP TABLE "{table}"')
    run(f'ALTER TABLE "_new_{table}" RENAME TO "{table}"')
    for sql in indexes:
        run(sql)
    return highest


def _each_table(shape: Callable[[str, str], str], wanted: Callable[[str], bool]) -> None:
    """Rebuild every table of TABLES that `wanted` its CREATE statement, with
    every trigger set aside and put back word for word."""
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    run = conn.exec_driver_sql
    triggers = list(run("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
    for name, _ in triggers:
        run(f'DROP TRIGGER "{name}"')
    for table in TABLES:
        create = run(
            "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).scalar_one()
        if not wanted(create.upper()):
            continue
        highest = _rebuild(run, table, shape)
        if shape is autoincrement:
            floor = _highest_id_ever(run, table, highest)
            run("DELETE FROM sqlite_sequence WHERE name = ?", (table,))
            run("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, floor))
    for _, sql in triggers:
        run(sql)


def upgrade() -> None:
    _each_table(autoincrement, lambda create: "AUTOINCREMENT" not in create)


def downgrade() -> None:
    _each_table(plain, lambda create: "AUTOINCREMENT" in create)
