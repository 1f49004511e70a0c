from __future__ import annotations

import stat
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from plncrm.errors import StoreError
from plncrm.store import location
from plncrm.store.engine import get_engine, transaction
from plncrm.store.migrate import HEAD, MIGRATIONS_DIR, current_revision


def url(path: Path) -> str:
    return location.resolve_url(str(path))


def test_database_is_created_on_first_use_readable_by_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "nested" / "dir" / "pln.db"
    with transaction(url(path)) as session:
        session.execute(text("SELECT 1"))
    assert path.exists()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_sqlite_is_tuned_for_concurrent_use(pln_db: Path) -> None:
    with transaction(url(pln_db)) as session:
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000


def test_fresh_database_is_at_head(pln_db: Path) -> None:
    engine = get_engine(url(pln_db))
    with engine.connect() as conn:
        assert current_revision(conn) == HEAD


def test_head_constant_matches_the_migration_scripts() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD


def test_models_and_migrations_agree(pln_db: Path) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from plncrm.models import SQLModel

    engine = get_engine(url(pln_db))
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    assert diff == []


def test_location_resolution(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert location.resolve_url("postgresql+psycopg://u@h/db") == "postgresql+psycopg://u@h/db"
    assert location.resolve_url(str(tmp_path / "x.db")) == f"sqlite:///{tmp_path / 'x.db'}"
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert location.resolve_url(None) == f"sqlite:///{tmp_path / 'data' / 'plncrm' / 'pln.db'}"
    assert location.sqlite_path("postgresql://x/y") is None


def test_a_failed_transaction_changes_nothing(pln_db: Path, today: date) -> None:
    from plncrm.contacts import ContactFields, add_contact

    def interrupted() -> None:
        with transaction(url(pln_db), write=True) as session:
            add_contact(session, ContactFields(name="Ana"), today)
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    with transaction(url(pln_db)) as session:
        assert session.execute(text("SELECT count(*) FROM contact")).scalar() == 0


def test_unopenable_location_is_a_store_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(StoreError):
        get_engine(url(blocker / "pln.db"))
