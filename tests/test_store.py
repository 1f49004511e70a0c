from __future__ import annotations

import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from plncrm.store import location
from plncrm.store.engine import get_engine, transaction
from plncrm.store.migrate import HEAD, MIGRATIONS_DIR, current_revision
from plncrm.util.errors import StoreError


def url(path: Path) -> str:
    return location.resolve_url(str(path))


def test_database_is_created_on_first_use_readable_by_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "pln.db"
    with transaction(url(path)) as session:
        session.execute(text("SELECT 1"))
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


@pytest.mark.parametrize("target", ["pln.db", "new/folder/pln.db"])
def test_a_store_made_through_a_dangling_link_is_private(tmp_path: Path, target: str) -> None:
    """PLN_DB names a symbolic link to a store not made yet (dotfiles kept in
    a synced folder): the file made is 0600 (and new folders 0700) whatever
    the umask, like every store."""
    import os

    real = tmp_path / "real"
    real.mkdir()
    link = tmp_path / "link.db"
    link.symlink_to(real / target)
    before = os.umask(0o022)
    try:
        with transaction(url(link), write=True) as session:
            session.execute(text("SELECT 1"))
    finally:
        os.umask(before)
    assert link.is_symlink()
    assert stat.S_IMODE((real / target).stat().st_mode) == 0o600
    if "/" in target:
        assert stat.S_IMODE((real / "new").stat().st_mode) == 0o700


def test_sqlite_is_tuned_for_concurrent_use(pln_db: Path) -> None:
    with transaction(url(pln_db)) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_fresh_database_is_at_head(store_url: str) -> None:
    engine = get_engine(store_url)
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


@pytest.mark.filterwarnings("ignore:.*expression-based index")
def test_models_and_migrations_agree(store_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from plncrm.store.tables import metadata
    from plncrm.store.textsearch import is_index_table

    engine = get_engine(store_url)
    with engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"include_name": lambda name, kind, _: not is_index_table(name)}
        )
        diff = compare_metadata(context, metadata)
    assert _apart_from_deferrable_references(diff) == []


def _apart_from_deferrable_references(diff: list[Any]) -> list[Any]:
    """Migration 0011 makes PostgreSQL's foreign keys DEFERRABLE (so that undo
    can put rows back in any order); Alembic sees that as a different key. A
    key dropped and added with the same table, columns, target and action is
    the same key."""

    def signature(fk: Any) -> tuple[object, ...]:
        return (
            fk.parent.name,
            tuple(c.name for c in fk.columns),
            fk.referred_table.name,
            (fk.ondelete or "").upper() or None,
        )

    added = {signature(d[1]) for d in diff if isinstance(d, tuple) and d[0] == "add_fk"}
    removed = {signature(d[1]) for d in diff if isinstance(d, tuple) and d[0] == "remove_fk"}
    same = added & removed
    return [
        d
        for d in diff
        if not (
            isinstance(d, tuple) and d[0] in ("add_fk", "remove_fk") and signature(d[1]) in same
        )
    ]


def test_location_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert location.resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert location.resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert location.resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'plncrm' / 'pln.db'}"
    assert location.sqlite_path("postgresql://x/y") is None


def test_a_failed_transaction_changes_nothing(store_url: str, today: date) -> None:
    from plncrm.core.contacts import ContactFields, add_contact

    def interrupted() -> None:
        with transaction(store_url, write=True) as session:
            add_contact(session, ContactFields(name="Ana"), today)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    with transaction(store_url) as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar() == 0


def test_unopenable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError):
        get_engine(url(blocker / "pln.db"))


def test_an_old_database_is_backed_up_then_upgraded_with_its_data(tmp_path: Path) -> None:
    from sqlalchemy import create_engine

    from plncrm.store.engine import dispose_all
    from plncrm.store.migrate import upgrade

    path = tmp_path / "old.db"
    location.create_private_file(path)
    old = create_engine(f"sqlite:///{path}")
    from plncrm.store.engine import _tune_sqlite

    _tune_sqlite(old)
    upgrade(old, "0001")
    with old.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO contact "
                "(name, name_key, cadence, last_contacted, archived, created_at) "
                "VALUES ('Ana', 'ana', '1 month', '2026-10-31', 0, '2026-01-01 00:00:00')"
            )
        )
        conn.execute(
            text(
                "INSERT INTO interaction (happened_on, kind, note, created_at) "
                "VALUES ('2026-10-31', 'call', 'hello', '2026-10-31 10:00:00')"
            )
        )
        conn.execute(
            text("INSERT INTO interaction_contact (interaction_id, contact_id) VALUES (1, 1)")
        )
    old.dispose()

    with transaction(url(path)) as session:
        row = session.execute(text("SELECT name, touch_due FROM contact")).one()
        assert tuple(row) == ("Ana", "2026-11-30")
        kept = session.execute(
            text(
                "SELECT i.note, ic.role FROM interaction i "
                "JOIN interaction_contact ic ON ic.interaction_id = i.id"
            )
        ).one()
        assert tuple(kept) == ("hello", "with")
        assert session.execute(text("SELECT version_num FROM alembic_version")).scalar() == HEAD
        from plncrm.reads.lists import ContactFilter, list_contacts

        assert [c.name for c in list_contacts(session, ContactFilter(text="an"))] == [
            "Ana"
        ]  # indexed on upgrade
    backups = list(tmp_path.glob("old.db.backup-0001-*"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    copy = create_engine(f"sqlite:///{backups[0]}")
    with copy.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == "0001"
        assert conn.execute(text("SELECT name FROM contact")).scalar() == "Ana"
    copy.dispose()
    dispose_all()


def test_a_database_from_a_newer_pln_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with transaction(url(path), write=True) as session:
        session.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    from plncrm.store.engine import dispose_all

    dispose_all()
    with pytest.raises(StoreError, match="newer plncrm"):
        get_engine(url(path))


def test_the_agenda_index_exists_and_is_used(pln_db: Path) -> None:
    """Alembic cannot compare expression indexes, so check this one directly."""
    with transaction(url(pln_db)) as session:
        sql = session.execute(
            text("SELECT sql FROM sqlite_master WHERE name = 'ix_follow_up_open_showing'")
        ).scalar()
        assert "coalesce(snoozed_until, due)" in sql
        plan = " ".join(
            str(row[-1])
            for row in session.execute(
                text(
                    "EXPLAIN QUERY PLAN SELECT id FROM follow_up "
                    "WHERE follow_up.status IN ('open', 'snoozed') "
                    "AND coalesce(follow_up.snoozed_until, follow_up.due) <= '2026-11-29' "
                    "AND (follow_up.owner = 'ana' OR follow_up.owner IS NULL) "
                    "ORDER BY coalesce(follow_up.snoozed_until, follow_up.due) LIMIT 10"
                )
            )
        )
        assert "ix_follow_up_open_showing" in plan
        assert "TEMP B-TREE" not in plan  # read in order, not gathered and sorted


def test_others_follow_ups_are_counted_from_their_own_index(pln_db: Path, today: date) -> None:
    """With no owned tasks at all, that count must not walk every open task."""
    from sqlalchemy import event

    from plncrm.agenda import gather as agenda

    seen: list[tuple[str, object]] = []

    def capture(_conn: object, _cursor: object, statement: str, params: object, *_: object) -> None:
        seen.append((statement, params))

    engine = get_engine(url(pln_db))
    event.listen(engine, "before_cursor_execute", capture)
    try:
        with transaction(url(pln_db)) as session:
            assert agenda.assigned_to_others(session, today, 7, "ana") == 0
            statement, params = seen[-1]
            plan = session.connection().exec_driver_sql("EXPLAIN QUERY PLAN " + statement, params)  # type: ignore[arg-type]
            assert "ix_follow_up_open_owner" in " ".join(str(row[-1]) for row in plan)
    finally:
        event.remove(engine, "before_cursor_execute", capture)


def test_a_server_url_without_its_driver_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as if not installed
    with pytest.raises(
        StoreError, match=r'psycopg is not installed.*pip install "plncrm\[postgres\]"'
    ):
        get_engine("postgresql+psycopg://nobody@127.0.0.1:1/nothing")


def test_the_plain_reader_types_every_date_timestamp_and_flag_column() -> None:
    """SQLite hands dates back as text and flags as 0/1: `store.plain` converts
    columns by name, so its sets must name every such column of the models."""
    from datetime import datetime

    from plncrm.store.plain import DAYS, FLAGS, MOMENTS
    from plncrm.store.tables import metadata

    kinds: dict[type, set[str]] = {date: set(), datetime: set(), bool: set(), str: set()}
    for table in metadata.tables.values():
        for column in table.columns:
            python_type = getattr(column.type, "impl", column.type).python_type  # TypeDecorators
            kinds[python_type if python_type in kinds else str].add(column.name)
    assert kinds[date] == DAYS
    assert kinds[datetime] == MOMENTS
    assert kinds[bool] == FLAGS
    assert not (DAYS | MOMENTS | FLAGS) & kinds[str]  # no other column shares their names


def test_plain_reads_give_the_same_rows_through_sqlite3_and_a_session(store_url: str) -> None:
    """The same SQL, the same typed values, whichever way it runs."""
    from datetime import date as day_type

    from helpers import Pln
    from plncrm.store.location import sqlite_path
    from plncrm.store.plain import SessionReader, opened

    pln = Pln()
    pln("add-contact", "Ana Lima", "--met-at", "ISTE", "--met-on", "2026-11-27", "--tag", "math")
    sql = "SELECT id, name, met_on, created_at, archived FROM contact ORDER BY id"
    with transaction(store_url) as session:
        through_session = SessionReader(session).rows(sql)
    [row] = through_session
    assert isinstance(row["met_on"], day_type)
    assert row["archived"] is False
    if sqlite_path(store_url) is not None:
        with opened(store_url) as reader:
            assert reader is not None
            assert reader.rows(sql) == through_session
            assert reader.rows("SELECT id FROM contact WHERE id IN :ids", {"ids": []}) == []


def test_plainly_read_rows_are_the_declared_row_types(store_url: str) -> None:
    """The screens' rows are the classes the writes use (`store.schema`), typed alike."""
    from datetime import date as day_type

    from helpers import Pln
    from plncrm.reads.contacts import get_many
    from plncrm.reads.events import list_events
    from plncrm.store.plain import SessionReader
    from plncrm.store.schema import Contact, Event

    Pln()("add-contact", "Ana Lima", "--met-at", "ISTE", "--met-on", "2026-11-27")
    with transaction(store_url) as session:
        reader = SessionReader(session)
        [(contact_id, ana)] = get_many(reader, [1]).items()
        [event] = list_events(reader, day_type(2026, 11, 27))
    assert type(ana) is Contact
    assert type(event) is Event
    assert (contact_id, ana.name, ana.met_on, ana.archived) == (
        1,
        "Ana Lima",
        day_type(2026, 11, 27),
        False,
    )


def test_a_store_copied_readable_to_others_is_made_private_again(
    tmp_path: Path, sqlite_template: Path
) -> None:
    """Found by an attacker: a store copied as 0666 stayed 0666."""
    import shutil

    from helpers import Pln

    path = tmp_path / "copied.db"
    shutil.copyfile(sqlite_template, path)
    path.chmod(0o666)
    Pln()("--db", str(path), "add-contact", "Ana Lima")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    for journal in tmp_path.glob("copied.db-*"):
        assert stat.S_IMODE(journal.stat().st_mode) & 0o077 == 0
