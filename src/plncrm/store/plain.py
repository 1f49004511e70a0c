"""Reading the store in plain SQL, for the commands run most (`due`, `list`,
`show`, `search`, TAB completion).

On an SQLite file the queries run through the standard library's `sqlite3`, so
these commands never load SQLAlchemy or Pydantic (a third of a second at
start-up); on PostgreSQL, and inside a transaction that is already open, the
same SQL runs through SQLAlchemy's `text()`. Each query is written once, with
`:named` parameters, and serves both engines.

Rows come back as dicts whose values have the Python types the models give
them: SQLite hands back dates as text and flags as 0/1, so columns are
converted by name (`DAYS`, `MOMENTS`, `FLAGS`: every date, timestamp and flag
column that `store.schema` declares).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timezone
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from typing import TypeAlias

    from sqlmodel import Session

from plncrm.store.schema import DAYS, FLAGS, MOMENTS

Row = dict[str, Any]

STREAM_BATCH = 1000
MMAP_BYTES = 256 * 1024 * 1024


class Reader(Protocol):
    """Runs read-only SQL with `:named` parameters; a list or tuple parameter
    is expanded for `IN :name`."""

    dialect: str  # "sqlite" or "postgresql": the few queries that differ ask

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]: ...

    def batches(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[list[Row]]: ...

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Rows as the engine returns them, untyped (SQLite: dates as text): for
        the few readers of tens of thousands of rows that convert only what
        they use (`day` converts a date)."""
        ...


def day(value: Any) -> date | None:
    """A date column's value from `tuples`, whichever engine returned it."""
    return date.fromisoformat(value[:10]) if isinstance(value, str) else value


def expand(sql: str, params: Mapping[str, Any] | None) -> tuple[str, dict[str, Any]]:
    """`IN :ids` with a sequence becomes `IN (:ids_0, :ids_1, …)` (an empty
    one `IN (NULL)`, which matches nothing), the same for both engines."""
    flat: dict[str, Any] = {}
    for name, value in (params or {}).items():
        if isinstance(value, (list, tuple, set, frozenset)):
            names = [f"{name}_{i}" for i in range(len(value))]
            flat.update(zip(names, value, strict=True))
            marks = "(" + (", ".join(f":{n}" for n in names) or "NULL") + ")"
            sql = re.sub(rf":{name}\b", marks, sql)
        else:
            flat[name] = value
    return sql, flat


def _typed(names: Sequence[str]) -> list[tuple[int, Any]]:
    converters: list[tuple[int, Any]] = []
    for i, name in enumerate(names):
        if name in DAYS:
            converters.append((i, day))
        elif name in MOMENTS:
            converters.append((i, moment))
        elif name in FLAGS:
            converters.append((i, bool))
    return converters


def moment(value: Any) -> datetime | None:
    return datetime.fromisoformat(value) if isinstance(value, str) else value


def sqlite_value(value: Any) -> Any:
    """A value as an SQLite store holds it: moments as SQLAlchemy writes them
    (UTC, no zone, microseconds always), so that text compares as time does."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(timezone.utc)
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    return value


@contextmanager
def sqlite_errors() -> Iterator[None]:
    """What `sqlite3` raises, as the one error type the CLI shows in one line:
    a refused write conflicts (exit 6); a text too long to look for is invalid
    input (exit 5); anything else (a damaged file, a lock held too long) is the
    store's (exit 8)."""
    from plncrm.util.errors import Conflict, Invalid, StoreError

    try:
        yield
    except sqlite3.IntegrityError as exc:
        raise Conflict(f"the change conflicts with what is stored: {exc}") from None
    except sqlite3.OperationalError as exc:
        if "pattern too complex" in str(exc):
            raise Invalid("that is too long to look for") from None
        raise StoreError(f"database error: {exc}") from None
    except sqlite3.Error as exc:
        raise StoreError(f"database error: {exc}") from None


class SqliteReader:
    """One read-only connection to an SQLite store, in one read transaction,
    so that every query of a command sees the same moment."""

    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def _execute(self, sql: str, params: Mapping[str, Any] | None) -> sqlite3.Cursor:
        sql, flat = expand(sql, params)
        with sqlite_errors():
            return self.conn.execute(sql, {k: sqlite_value(v) for k, v in flat.items()})

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        cursor = self._execute(sql, params)
        with sqlite_errors():
            found = cursor.fetchall()
        return typed_rows([d[0] for d in cursor.description or ()], found)

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        cursor = self._execute(sql, params)
        with sqlite_errors():
            return cursor.fetchall()

    def batches(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[list[Row]]:
        cursor = self._execute(sql, params)
        names = [d[0] for d in cursor.description or ()]
        while batch := cursor.fetchmany(STREAM_BATCH):
            yield typed_rows(names, batch)


def typed_rows(names: Sequence[str], tuples: Sequence[Sequence[Any]]) -> list[Row]:
    """Rows as dicts, their date, timestamp and flag columns typed."""
    converters = _typed(names)
    result = []
    for values in tuples:
        row = dict(zip(names, values, strict=True))
        for i, convert in converters:
            if values[i] is not None:
                row[names[i]] = convert(values[i])
        result.append(row)
    return result


class SessionReader:
    """The same queries inside an SQLAlchemy session: PostgreSQL, or a command
    that reads what it is about to change."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.dialect: str = session.get_bind().dialect.name

    def rows(self, sql: str, params: Mapping[str, Any] | None = None) -> list[Row]:
        result = self._execute(sql, params)
        return typed_rows(list(result.keys()), result.all())

    def tuples(self, sql: str, params: Mapping[str, Any] | None = None) -> list[tuple[Any, ...]]:
        return [tuple(row) for row in self._execute(sql, params)]

    def batches(self, sql: str, params: Mapping[str, Any] | None = None) -> Iterator[list[Row]]:
        result = self._execute(sql, params, stream=True)
        names = list(result.keys())
        for part in result.partitions(STREAM_BATCH):
            yield typed_rows(names, part)

    def _execute(self, sql: str, params: Mapping[str, Any] | None, stream: bool = False) -> Any:
        from sqlalchemy import text

        self.session.flush()  # text() does not flush what the session holds
        sql, flat = expand(sql, params)
        if self.dialect == "sqlite":  # text() knows no column types: store as the ORM does
            flat = {k: sqlite_value(v) for k, v in flat.items()}
        statement = text(sql)
        if stream:
            statement = statement.execution_options(yield_per=STREAM_BATCH)
        return self.session.execute(statement, flat)


Source: TypeAlias = "Reader | Session"  # what the read functions take


def reader(source: Source) -> Reader:
    """A reader for `source`: itself, or the session's transaction."""
    if isinstance(source, (SqliteReader, SessionReader)):
        return source
    return SessionReader(source)  # type: ignore[arg-type]


def open_sqlite(path: Path) -> SqliteReader | None:
    """A reader on the store at `path` when it is there and its schema is
    current; None when anything (a new store, a migration) needs the full engine,
    which also says why a store cannot be read."""
    from plncrm.store.location import ReadOnlyStore, read_only_uri

    try:
        # A store in a folder that cannot be written has a URI of its own.
        uri = read_only_uri(path) or f"{path.resolve().as_uri()}?mode=ro"
        conn = sqlite3.connect(uri, uri=True, timeout=5)
    except (sqlite3.Error, ReadOnlyStore):
        return None
    try:
        conn.isolation_level = None
        # Memory-mapped reads: a fresh process finds each contact in the OS's
        # cache without a read() per page (half the agenda's lookups at 50,000).
        conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute("BEGIN")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.Error:
        conn.close()
        return None
    from plncrm.store.revision import HEAD

    if not revision or revision[0] != HEAD:
        conn.close()
        return None
    return SqliteReader(conn)


@contextmanager
def opened(url: str) -> Iterator[SqliteReader | None]:
    """`open_sqlite` for an SQLite URL, closed afterwards; None otherwise."""
    from plncrm.store.location import sqlite_path

    path = sqlite_path(url)
    found = open_sqlite(path) if path is not None and path.is_file() else None
    try:
        yield found
    finally:
        if found is not None:
            found.conn.close()
