"""One small connection interface for reading and writing the store.

The core and the features ask their questions in SQL with `:named`
parameters through a `Db`: on an SQLite store whose schema is current, the
standard library's `sqlite3` runs it (a command then never loads SQLAlchemy
or Pydantic); on PostgreSQL, or a store to create or migrate, the same SQL
runs through SQLAlchemy's `text()` in a session (`SessionDb`).

Rows come back as dicts (`rows`) or as the declared row types of
`store.schema` (`fetch`, `get`), typed by their declared columns. `add_row`,
`save` and `remove` write one row object.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar, cast

from plncrm.store import schema
from plncrm.store.plain import (
    Reader,
    SessionReader,
    SqliteReader,
    day,
    expand,
    moment,
    sqlite_value,
)
from plncrm.util.errors import Conflict, StoreError

if TYPE_CHECKING:
    from sqlmodel import Session

T = TypeVar("T")
BUSY_TIMEOUT_MS = 30_000


class Db(Reader, Protocol):
    """A transaction on the store that can write, whichever engine holds it."""

    member: str | None  # who is writing: stamped as `created_by` on what `add` inserts
    info: dict[str, Any]  # per-transaction notes (the journal's open entry)

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        """Run one statement; how many rows it changed."""
        ...

    def many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        """Run one statement once per parameter set."""
        ...

    def insert(self, table: str, values: Mapping[str, Any]) -> int | None:
        """Insert one row; its new id (None for a table without one)."""
        ...

    def lock(self, name: str) -> None:
        """Hold a team-wide lock named `name` until the transaction ends (see
        `store.engine.lock`); SQLite's writer already holds the whole store."""
        ...


def value(db: Reader, sql: str, params: Mapping[str, Any] | None = None) -> Any:
    """The first column of the first row, or None."""
    found = db.tuples(sql, params)
    return found[0][0] if found else None


# -- rows as the declared types ----------------------------------------------


@cache
def _converters(row_type: type) -> tuple[tuple[str, Callable[[Any], Any] | None], ...]:
    table: str = getattr(row_type, "__tablename__")  # noqa: B009
    kinds: dict[type, Callable[[Any], Any]] = {date: day, datetime: moment, bool: bool}
    return tuple((c.name, kinds.get(c.type)) for c in schema.columns(table))


def typed(row_type: type[T], found: Sequence[Any]) -> T:
    """A row of `SELECT *`-ordered values as `row_type`, typed by its columns."""
    values = {}
    for (name, convert), raw in zip(_converters(cast(type, row_type)), found, strict=True):
        values[name] = convert(raw) if convert is not None and raw is not None else raw
    return row_type(**values)


def _listed(row_type: type) -> str:
    return ", ".join(_quote(name) for name, _ in _converters(row_type))


def fetch(
    db: Reader, row_type: type[T], where: str = "", params: Mapping[str, Any] | None = None
) -> list[T]:
    """The rows of `row_type`'s table that match `where` (SQL after WHERE,
    optionally with ORDER BY/LIMIT), as `row_type`."""
    table = row_type.__tablename__  # type: ignore[attr-defined]
    sql = f"SELECT {_listed(row_type)} FROM {_quote(table)}"
    if where:
        sql += f" WHERE {where}"
    if isinstance(db, SessionDb):
        return db.objects(row_type, sql, params)
    return [typed(row_type, found) for found in db.tuples(sql, params)]


def _key_names(row_type: type) -> list[str]:
    return [c.name for c in schema.columns(row_type.__tablename__) if c.key]  # type: ignore[attr-defined]


def get_row(db: Reader, row_type: type[T], *key: Any, for_update: bool = False) -> T | None:
    """The row of `row_type` with this primary key, or None. `for_update` locks
    it (PostgreSQL) against another member's change until the transaction ends."""
    if isinstance(db, SessionDb):
        return db.session.get(row_type, key if len(key) > 1 else key[0], with_for_update=for_update)
    names = _key_names(row_type)
    where = " AND ".join(f"{_quote(n)} = :k{i}" for i, n in enumerate(names))
    if for_update and db.dialect == "postgresql":
        where += " FOR UPDATE"
    found = fetch(db, row_type, where, {f"k{i}": k for i, k in enumerate(key)})
    return found[0] if found else None


def add_row(db: Db, row: T) -> T:
    """Insert `row` (its id, when it has one, is filled in), recorded as
    created by the writing member."""
    if isinstance(db, SessionDb):
        db.session.add(row)
        db.session.flush()  # its id; `store.engine` stamps the member
        return row
    values = schema.values(row)
    if "created_by" in values and values["created_by"] is None and db.member:
        values["created_by"] = db.member
        row.created_by = db.member  # type: ignore[attr-defined]
    if "id" in values and values["id"] is None:
        del values["id"]
        row.id = db.insert(row.__tablename__, values)  # type: ignore[attr-defined]
    else:
        db.insert(row.__tablename__, values)  # type: ignore[attr-defined]
    return row


def save(db: Db, row: Any, *names: str, since: Mapping[str, Any] | None = None) -> None:
    """Write `row`'s columns `names` (all but the key when none are named);
    with `since` (its `values` as read), only those that differ from it, and
    nothing at all when none do: an edit that changes nothing records nothing
    for `pln undo` to take back."""
    if isinstance(db, SessionDb) and _attached(row):
        db.session.add(row)
        db.session.flush()  # the ORM writes only what changed
        return
    keys = _key_names(type(row))
    values = schema.values(row)
    changed = names or [n for n in values if n not in keys]
    if since is not None:
        changed = [n for n in changed if since.get(n) != values[n]]
        if not changed:
            return
    sets = ", ".join(f"{_quote(n)} = :{n}" for n in changed)
    where = " AND ".join(f"{_quote(k)} = :{k}" for k in keys)
    db.execute(
        f"UPDATE {_quote(row.__tablename__)} SET {sets} WHERE {where}",
        {n: values[n] for n in (*changed, *keys)},
    )


def remove_row(db: Db, row: Any) -> None:
    if isinstance(db, SessionDb) and _attached(row):
        db.session.delete(row)
        db.session.flush()
        return
    keys = _key_names(type(row))
    where = " AND ".join(f"{_quote(k)} = :{k}" for k in keys)
    db.execute(
        f"DELETE FROM {_quote(row.__tablename__)} WHERE {where}", {k: getattr(row, k) for k in keys}
    )


@contextmanager
def savepoint(db: Db) -> Iterator[None]:
    """A transaction inside the transaction: what the block changed is taken
    back if it raises (the exception goes on), kept otherwise. Row objects the
    block changed are not put back: read them again. In a session, the ORM's
    own, which then forgets every object it holds, so that they are read again."""
    if isinstance(db, SessionDb):
        nested = db.session.begin_nested()
        try:
            yield
        except BaseException:
            nested.rollback()
            db.session.expire_all()
            raise
        nested.commit()
        return
    depth = db.info.get("pln_savepoints", 0) + 1
    db.info["pln_savepoints"] = depth
    name = f"pln_savepoint_{depth}"
    db.execute(f"SAVEPOINT {name}")
    try:
        yield
    except BaseException:
        db.execute(f"ROLLBACK TO {name}")
        raise
    finally:
        db.execute(f"RELEASE {name}")
        db.info["pln_savepoints"] = depth - 1


def _attached(row: Any) -> bool:
    """Whether `row` was loaded by (or added to) an ORM session."""
    return (
        getattr(row, "_sa_instance_state", None) is not None
        and row._sa_instance_state.session_id is not None
    )


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _insert_sql(table: str, names: Iterable[str]) -> str:
    listed = list(names)
    return (
        f"INSERT INTO {_quote(table)} ({', '.join(_quote(n) for n in listed)}) "
        f"VALUES ({', '.join(':' + n for n in listed)})"
    )


# -- SQLite through sqlite3 ----------------------------------------------------


class SqliteDb(SqliteReader):
    """One writing transaction on an SQLite store through `sqlite3`."""

    def __init__(self, conn: sqlite3.Connection, member: str | None) -> None:
        super().__init__(conn)
        self.member = member
        self.info: dict[str, Any] = {}

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        return self._execute(sql, params).rowcount

    def many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        self.conn.executemany(sql, [_stored(row) for row in rows])

    def insert(self, table: str, values: Mapping[str, Any]) -> int | None:
        cursor = self._execute(_insert_sql(table, values), values)
        has_id = any(c.name == "id" for c in schema.columns(table))
        return cursor.lastrowid if has_id else None

    def lock(self, name: str) -> None:
        return None


_AS_STORED = frozenset((str, int, float, bool, bytes, type(None)))
_DAYS_AND_MOMENTS = frozenset((date, datetime))
# A day or a moment as stored, remembered: the rows of an import share a few
# hundred of them (its moment, the days people connected).
_stored_day = lru_cache(maxsize=1024)(sqlite_value)


def _stored(row: Mapping[str, Any]) -> dict[str, Any]:
    """A parameter set as an SQLite store holds it (`sqlite_value`), looking
    only at the values that may need it: an import passes a million of them."""
    found = dict(row)
    for name, given in row.items():
        kind = type(given)
        if kind not in _AS_STORED:
            found[name] = _stored_day(given) if kind in _DAYS_AND_MOMENTS else sqlite_value(given)
    return found


def open_sqlite_writer(path: Path, member: str | None) -> SqliteDb | None:
    """A writing transaction on the store at `path` through `sqlite3` alone,
    when it exists, is current and its folder can be written; None when the
    full engine must open it (a new store, a migration, a read-only folder: it
    creates, upgrades or refuses with the reason)."""
    from plncrm.store import location
    from plncrm.store.revision import HEAD

    try:
        if not path.is_file() or location.read_only_uri(path) is not None:
            return None
        if location.stored_revision(path) != HEAD:
            return None
        location.create_private_file(path)  # an existing store: back to 0600
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000)
    except (OSError, sqlite3.Error, location.ReadOnlyStore, location.NotAStore):
        return None
    conn.isolation_level = None
    for pragma in (
        f"busy_timeout = {BUSY_TIMEOUT_MS}",
        "foreign_keys = ON",
        "synchronous = NORMAL",
        "temp_store = MEMORY",
    ):
        conn.execute(f"PRAGMA {pragma}")
    try:
        # The write lock up front: a second writer waits (busy timeout) instead
        # of failing when its read snapshot goes stale.
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        conn.close()
        raise StoreError(f"cannot change the store at {path}: {exc}") from None
    return SqliteDb(conn, member)


@contextmanager
def sqlite_transaction(db: SqliteDb) -> Iterator[SqliteDb]:
    """Commit if the block ends normally, roll back on any exception; then
    fold the write-ahead log into the file (see `store.engine.fold_log`)."""
    conn = db.conn
    try:
        try:
            yield db
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.IntegrityError as exc:
        raise Conflict(f"the change conflicts with what is stored: {exc}") from None
    except sqlite3.Error as exc:
        if os.environ.get("PLN_DEBUG"):
            raise
        raise StoreError(f"database error: {exc}") from None
    finally:
        conn.close()


# -- any engine through SQLAlchemy -------------------------------------------


class SessionDb(SessionReader):
    """The same interface inside an SQLAlchemy session: PostgreSQL, a store
    being created or migrated, and the code that still works through the ORM."""

    def __init__(self, session: Session) -> None:
        import plncrm.store.models  # noqa: F401  (maps the row types for the session)

        super().__init__(session)
        self.member: str | None = session.info.get("member")
        self.info = session.info

    def execute(self, sql: str, params: Mapping[str, Any] | None = None) -> int:
        # The session's own pending changes go first (`_execute` flushes). Rows
        # it holds are not refreshed: code that mixes the two reads again.
        result = self._execute(sql, params)
        return int(getattr(result, "rowcount", 0) or 0)

    def many(self, sql: str, rows: Sequence[Mapping[str, Any]]) -> None:
        from sqlalchemy import text

        if rows:
            self.session.flush()
            if self.dialect == "sqlite":
                rows = [_stored(row) for row in rows]
            self.session.execute(text(sql), list(rows))

    def insert(self, table: str, values: Mapping[str, Any]) -> int | None:
        has_id = any(c.name == "id" for c in schema.columns(table))
        sql = _insert_sql(table, values) + (" RETURNING id" if has_id else "")
        result = self._execute(sql, values)
        return int(result.scalar_one()) if has_id else None

    def lock(self, name: str) -> None:
        from plncrm.store.engine import lock

        lock(self.session, name)

    def objects(self, row_type: type[T], sql: str, params: Mapping[str, Any] | None) -> list[T]:
        """Rows as the session's own objects, so that the ORM code sharing the
        transaction sees one object per row."""
        from sqlalchemy import select, text

        self.session.flush()
        sql, flat = expand(sql, params)
        statement = (
            select(row_type).from_statement(text(sql)).execution_options(populate_existing=True)
        )
        return list(self.session.execute(statement, flat).scalars())


def connection(source: Reader | Session) -> Db:
    """A `Db` for `source`: itself, a reader's transaction (for the functions
    that only read; a read-only SQLite connection refuses writes), or a
    session's transaction."""
    if isinstance(source, (SqliteDb, SessionDb)):
        return source
    if isinstance(source, SqliteReader):
        return SqliteDb(source.conn, None)
    if isinstance(source, SessionReader):
        return SessionDb(source.session)
    return SessionDb(source)  # type: ignore[arg-type]
