"""Bringing a database's schema up to date, automatically and safely.

The common case (already current) costs one small query and never imports
Alembic. Otherwise an existing database is first copied beside itself, then all
pending migrations run in one transaction: the result is fully upgraded or
untouched.
"""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from plncrm.store import location
from plncrm.store.revision import HEAD, check_revision
from plncrm.util import clock
from plncrm.util.errors import PlnError, StoreError

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def current_revision(conn: Connection) -> str | None:
    """The stored revision, or None for a database with no plncrm tables yet.
    One plain query: this runs at the start of every command."""
    try:
        with conn.begin_nested() if conn.in_transaction() else conn.begin():
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    except DBAPIError:
        return None


def ensure_current(engine: Engine, url: str) -> None:
    with engine.connect() as conn:
        revision = current_revision(conn)
    if revision == HEAD:
        return
    check_revision(revision)
    if revision is not None:
        backup(url, revision)
    upgrade(engine)


def backup(url: str, revision: str) -> Path | None:
    """Copy an SQLite database beside itself (0600) before changing its schema:
    written under a temporary name and renamed when complete, so a full disk
    leaves no half copy behind (and the upgrade does not go ahead)."""
    from plncrm.store.backup import copy_store

    path = location.sqlite_path(url)
    if path is None:
        return None
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.backup-{revision}-{stamp}")
    try:
        copy_store(path, target)
    except PlnError as exc:
        raise StoreError(f"cannot back up {path} before upgrading it: {exc.message}") from None
    return target


def upgrade(engine: Engine, target: str = "head") -> None:
    from alembic import command
    from alembic.config import Config
    from alembic.util.exc import CommandError

    is_sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as conn:
        if is_sqlite:
            # Table rebuilds must not fire ON DELETE actions; checked again below.
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        conn.execution_options(pln_write=True)
        try:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    # Two members' first commands on a new server: one migrates,
                    # the other waits here, then finds nothing left to do.
                    conn.execute(text("SELECT pg_advisory_xact_lock(7013)"))
                config = Config()
                config.set_main_option("script_location", str(MIGRATIONS_DIR))
                config.attributes["connection"] = conn
                command.upgrade(config, target)
                if is_sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                    if broken:
                        raise StoreError(f"migration left broken references: {broken[:3]}")
        except CommandError as exc:
            raise StoreError(
                f"this database was written by a newer plncrm ({exc}); upgrade plncrm"
            ) from None
        except DBAPIError as exc:
            raise StoreError(f"could not upgrade the database: {exc.orig}") from None
        finally:
            if is_sqlite:
                conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = ON")  # type: ignore[union-attr]
