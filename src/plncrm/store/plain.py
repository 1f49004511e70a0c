"""Read-only queries in plain SQL, for the commands run most often (TAB
completion): on an SQLite file through the standard library's `sqlite3`,
without loading SQLAlchemy; on any other database through SQLAlchemy's
`text()`, so each query is written once for both."""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

Rows = list[tuple[Any, ...]]


def read(url: str, sql: str, params: Mapping[str, Any]) -> Rows:
    """The rows `sql` (with :named parameters) returns from the store at `url`."""
    from plncrm.store.location import sqlite_path

    path = sqlite_path(url)
    if path is not None:
        return _read_sqlite(path, sql, params)
    from sqlalchemy import text

    from plncrm.store.engine import transaction

    with transaction(url) as session:
        return [tuple(row) for row in session.execute(text(sql), dict(params))]


def _read_sqlite(path: Path, sql: str, params: Mapping[str, Any]) -> Rows:
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        return conn.execute(sql, dict(params)).fetchall()
    finally:
        conn.close()
