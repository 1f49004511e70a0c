from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

TODAY = date(2026, 11, 29)  # a Sunday
PG_URL = os.environ.get("PLN_TEST_PG")
ENGINES = ["sqlite", "postgresql"] if PG_URL else ["sqlite"]
_numbers = itertools.count()


def _pg_admin() -> object:
    from sqlalchemy import create_engine

    assert PG_URL
    return create_engine(PG_URL, isolation_level="AUTOCOMMIT")


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    assert PG_URL
    return make_url(PG_URL).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    """A PostgreSQL database migrated once; each test gets a copy of it
    (CREATE DATABASE ... TEMPLATE), which is much faster than migrating."""
    from sqlalchemy import text

    from plncrm.store.engine import dispose_all, get_engine

    name = f"pln_template_{os.getpid()}"
    admin = _pg_admin()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    get_engine(_pg_url(name))
    dispose_all()
    yield name
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()  # type: ignore[attr-defined]


@pytest.fixture(autouse=True, params=ENGINES)
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """Every test gets its own empty database, through PLN_DB as a user would set
    it: an SQLite file always, and a PostgreSQL database when PLN_TEST_PG is set."""
    monkeypatch.delenv("PLN_DEBUG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("PLN_USER", "tester")
    from plncrm.store.engine import dispose_all

    if request.param == "sqlite":
        path = tmp_path / "pln.db"
        monkeypatch.setenv("PLN_DB", str(path))
        yield f"sqlite:///{path.resolve()}"
        dispose_all()
        return
    from sqlalchemy import text

    template = request.getfixturevalue("pg_template")
    name = f"pln_test_{os.getpid()}_{next(_numbers)}"
    admin = _pg_admin()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"CREATE DATABASE {name} TEMPLATE {template}"))
    url = _pg_url(name)
    monkeypatch.setenv("PLN_DB", url)
    yield url
    dispose_all()
    with admin.connect() as conn:  # type: ignore[attr-defined]
        conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()  # type: ignore[attr-defined]


@pytest.fixture
def pln_db(store_url: str, tmp_path: Path) -> Path:
    """The SQLite file behind the store, for tests about the file itself."""
    if not store_url.startswith("sqlite"):
        pytest.skip("about SQLite's database file")
    return tmp_path / "pln.db"


@pytest.fixture
def session(store_url: str) -> Iterator[object]:
    """A core-level session in one write transaction, committed at the end."""
    from plncrm.store.engine import transaction

    with transaction(store_url, write=True) as s:
        yield s


@pytest.fixture
def today() -> date:
    return TODAY


class Pln:
    """Runs `pln` in-process with Typer's CliRunner, on a pinned day."""

    def __init__(self, day: date = TODAY, terminal: bool = False) -> None:
        self.day = day
        self.terminal = terminal

    def __call__(
        self, *args: str, input: str | None = None, ok: bool = True, **env: object
    ) -> Result:
        from plncrm.cli import app
        from plncrm.environment import Environment

        environment = Environment(
            stdin_isatty=self.terminal,
            stdout_isatty=self.terminal,
            clock=lambda: self.day,
            **env,  # type: ignore[arg-type]
        )
        result = CliRunner().invoke(app, list(args), input=input, obj=environment)
        if ok:
            assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str, **env: object) -> Any:
        import json

        return json.loads(self(*args, "--json", **env).stdout)


@pytest.fixture
def pln() -> Pln:
    return Pln()


@pytest.fixture
def pln_terminal() -> Pln:
    return Pln(terminal=True)
