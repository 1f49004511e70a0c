"""Opening the database: one engine per URL, SQLite tuned for safe concurrent use,
and transactions that are all-or-nothing."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlmodel import Session

from plncrm.store import location
from plncrm.store.migrate import ensure_current
from plncrm.store.revision import HEAD, check_revision
from plncrm.util.errors import Conflict, StoreError
from plncrm.util.files import reason
from plncrm.util.redact import password_spills, redact, url_secrets

BUSY_TIMEOUT_MS = 30_000
_engines: dict[str, Engine] = {}
_read_only: dict[str, Path] = {}  # URLs of stores in folders that cannot be written


def _tune_sqlite(engine: Engine, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # We issue BEGIN ourselves (below), so the driver must not.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys = ON")
        if not read_only:
            _use_wal(cursor)
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Multi-row statements that fire triggers (the undo journal) keep a
        # statement journal; on a temporary file it slowed a 50k import by a fifth.
        cursor.execute("PRAGMA temp_store = MEMORY")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A writer takes the write lock up front, so it waits for another writer
        # (busy timeout) instead of failing when its read snapshot goes stale.
        immediate = conn.get_execution_options().get("pln_write", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def _use_wal(cursor: Any) -> None:
    """Switch a database to WAL (once: it persists). The switch needs a moment
    alone with the file and does not wait on the busy timeout, so when another
    process is creating the same new database, try again briefly."""
    import sqlite3
    import time

    for attempt in range(200):
        try:
            if str(cursor.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal":
                return
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == 199:
                raise
            time.sleep(0.05)


def get_engine(url: str) -> Engine:
    """The engine for `url`, created (and the schema brought up to date) on first use."""
    engine = _engines.get(url)
    if engine is not None:
        return engine
    path = location.sqlite_path(url)
    if path is not None:
        engine, current = _open_sqlite(url, path)
        if current:
            _engines[url] = engine
            return engine
        if _read_only.pop(url, None) is not None:
            engine.dispose()
            raise StoreError(
                f"the store at {path} must be upgraded to this plncrm's schema, and its folder "
                "is read-only; open it once where the folder can be written"
            )
    elif url.startswith("sqlite"):
        engine = create_engine(url)
        _tune_sqlite(engine)
    else:
        engine = _create_server_engine(url)
    try:
        ensure_current(engine, url)
    except DBAPIError as exc:
        engine.dispose()
        raise StoreError(
            redact(f"cannot open the database {url}: {exc.orig}", *url_secrets(url))
        ) from None
    except BaseException:
        engine.dispose()
        raise
    _engines[url] = engine
    return engine


def _open_sqlite(url: str, path: Path) -> tuple[Engine, bool]:
    """An engine for a plncrm store at `path`, and whether its schema is current.
    Any file that is someone else's database or was written by a newer plncrm is
    refused untouched (no tables added, no journal switched, no copy made)."""
    from sqlalchemy.engine import URL

    try:
        revision = location.stored_revision(path)
        check_revision(revision)
        read_only = location.read_only_uri(path) if revision is not None else None
    except location.ReadOnlyStore as exc:
        raise StoreError(f"cannot read the store at {path}: {exc}") from None
    except location.NotAStore as exc:
        raise StoreError(f"{path} is not a plncrm store ({exc}); name another file") from None
    except OSError as exc:
        raise StoreError(f"cannot open the database at {path}: {reason(exc)}") from None
    if read_only is not None:
        # Readable, never written: every writing transaction is refused (below).
        import sqlite3

        from sqlalchemy.pool import NullPool

        engine = create_engine(
            "sqlite://",
            creator=lambda: sqlite3.connect(read_only, uri=True, check_same_thread=False),
            poolclass=NullPool,
        )
        _tune_sqlite(engine, read_only=True)
        _read_only[url] = path
        return engine, revision == HEAD
    try:
        location.create_private_file(path)
    except OSError as exc:
        raise StoreError(f"cannot create the database at {path}: {reason(exc)}") from None
    # URL.create keeps the path literal: a "%20" or "?" in it is part of the name.
    engine = create_engine(
        URL.create("sqlite", database=str(path)), connect_args={"timeout": BUSY_TIMEOUT_MS / 1000}
    )
    _tune_sqlite(engine)
    return engine, revision == HEAD


def _create_server_engine(url: str) -> Engine:
    if password_spills(url):
        # SQLAlchemy ends the password at its first @: the rest would be sent
        # as the server's name, to the name server, and printed in its error.
        raise StoreError(
            redact(
                f"cannot use database URL {url}: write an @ in the password as %40",
                *url_secrets(url),
            )
        )
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as exc:
        hint = ' (pip install "plncrm[postgres]")' if url.startswith("postgresql") else ""
        raise StoreError(
            f"{exc.name} is not installed: {url.split(':', 1)[0]} databases need it{hint}"
        ) from None
    except Exception as exc:
        raise StoreError(
            redact(f"cannot use database URL {url}: {exc}", *url_secrets(url))
        ) from None


def server_revision(url: str) -> str | None:
    """The schema revision of a server's database (None: no plncrm tables),
    read without creating or upgrading anything (`revision.require_current`)."""
    if url in _engines:
        return HEAD  # opened, and so brought up to date, by this process already
    from plncrm.store.migrate import current_revision

    engine = _create_server_engine(url)
    try:
        with engine.connect() as conn:
            return current_revision(conn)
    except DBAPIError as exc:
        raise StoreError(
            redact(f"cannot open the database {url}: {exc.orig}", *url_secrets(url))
        ) from None
    finally:
        engine.dispose()


def _stamp_creator(session: Session, _context: Any, _instances: Any) -> None:
    member = session.info.get("member")
    if member:
        for row in session.new:
            if getattr(row, "created_by", False) is None:
                row.created_by = member


def lock(session: Session, name: str) -> None:
    """Hold a team-wide lock named `name` until the transaction ends, for
    check-then-write work (matching an import against what is stored) that two
    members must not interleave. SQLite needs none: a writing transaction
    already has the whole database to itself."""
    if session.get_bind().dialect.name == "postgresql":
        from zlib import crc32

        from sqlalchemy import text

        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": crc32(name.encode())})


def insert_new(session: Session, model: Any, rows: list[dict[str, Any]]) -> int:
    """Insert the rows that are not there yet, as judged by the table's primary
    key and unique constraints, in one statement (INSERT ... ON CONFLICT DO
    NOTHING): unlike looking first, it stays right when another member inserts
    the same row at the same moment. Returns how many rows went in."""
    if not rows:
        return 0
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects import postgresql

        # RETURNING: psycopg reports no row count for a batch of inserts.
        statement: Any = (
            postgresql.insert(model.__table__)
            .on_conflict_do_nothing()
            .returning(*model.__table__.primary_key.columns)
        )
        return len(session.execute(statement, rows).all())
    elif dialect == "sqlite":
        from sqlalchemy.dialects import sqlite

        statement = sqlite.insert(model.__table__).on_conflict_do_nothing()
    else:  # pragma: no cover - only SQLite and PostgreSQL are supported
        raise StoreError(f"{dialect} databases are not supported")
    result = session.execute(statement, rows)
    return int(getattr(result, "rowcount", 0) or 0)


def upsert(session: Session, model: Any, row: dict[str, Any]) -> None:
    """Store `row`, replacing the one with the same primary key (a setting, a
    snooze): inserted if absent, then locked and overwritten, which stays right
    when another member writes the same key at the same moment."""
    insert_new(session, model, [row])
    key = tuple(row[c.name] for c in model.__table__.primary_key.columns)
    stored = session.get(
        model, key if len(key) > 1 else key[0], with_for_update=True, populate_existing=True
    )
    assert stored is not None
    for name, value in row.items():
        setattr(stored, name, value)
    session.add(stored)
    session.flush()


def dispose_all() -> None:
    """Close every engine (tests switch databases between cases)."""
    for engine in _engines.values():
        engine.dispose()
    _engines.clear()
    _read_only.clear()


@contextmanager
def transaction(
    url: str,
    *,
    write: bool = False,
    member: str | None = None,
    command: str | None = None,
    resume: int | None = None,
) -> Iterator[Session]:
    """A session in one transaction: committed if the block ends normally, rolled
    back on any exception (including Ctrl-C), so bad input changes nothing.
    What it creates is recorded as created by `member` (see `plncrm.core.members`);
    when a writer names its `command`, every change is journaled under it for
    `pln undo` (see `store.journal`), or under the entry `resume` it made before."""
    engine = get_engine(url).execution_options(pln_write=write)
    if write and url in _read_only:
        raise StoreError(
            f"cannot change the store at {_read_only[url]}: its folder is read-only "
            "(SQLite writes its log beside the store); commands that only read still work"
        )
    recording = write and command is not None
    try:
        with Session(engine, expire_on_commit=False) as session, session.begin():
            session.info["member"] = member
            event.listen(session, "before_flush", _stamp_creator)
            if recording:
                from plncrm.store import journal
                from plncrm.store.db import SessionDb

                journal.begin(SessionDb(session), member, command or "", resume)
            yield session
            if recording:
                journal.finish(SessionDb(session))
    except IntegrityError as exc:
        raise Conflict(f"the change conflicts with what is stored: {exc.orig}") from None
    except DBAPIError as exc:
        if os.environ.get("PLN_DEBUG"):
            raise
        raise StoreError(redact(f"database error: {exc.orig}", *url_secrets(url))) from None
    if write and engine.dialect.name == "sqlite":
        fold_log(engine)


def fold_log(engine: Engine) -> None:
    """Copy what the write-ahead log holds into the database file, so that the
    file alone is the whole network: a user who backs up with `cp pln.db`
    copies everything. PASSIVE never waits: pages a concurrent reader still
    needs stay in the log until the next write, or the last `pln` to close."""
    raw = engine.raw_connection()  # outside any transaction: a checkpoint cannot run in one
    try:
        raw.cursor().execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    finally:
        raw.close()
