from __future__ import annotations

import itertools
import os
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from helpers import ENGINES, PG_URL, TODAY, Pln, at
from servers import starters_called

pytest_plugins = ("browser",)  # the `chromium` and `phone` fixtures (browser.py)

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


def pytest_runtest_setup(item: pytest.Item) -> None:
    """A test that starts a server of servers.py, itself or through a fixture,
    fails unless it is marked slow: `pytest -m "not slow"` must stay quick."""
    if item.get_closest_marker("slow") or not isinstance(item, pytest.Function):
        return
    info = getattr(item, "_fixtureinfo", None)
    fixtures = [d.func for defs in info.name2fixturedefs.values() for d in defs] if info else []
    if started := starters_called(item.function, *fixtures):
        pytest.fail(
            f"{item.nodeid} starts {', '.join(sorted(started))} (tests/servers.py) "
            "but is not marked slow: add @pytest.mark.slow",
            pytrace=False,
        )


NO_STORE = "/dev/null/ask-for-the-store_url-fixture.db"  # can never be created


@pytest.fixture(autouse=True)
def quiet_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Every test runs as user "tester", never on a real store: a test that
    needs one asks for `store_url` (or `pln`, `session`, ...), and one that
    forgets fails to open this path. What pln keeps in the user's state folder
    (a PostgreSQL store's mail-scan state) goes to the test's own."""
    for name in ("PLN_DEBUG", "NO_COLOR", "FORCE_COLOR", "COLUMNS", "LINES"):
        monkeypatch.delenv(name, raising=False)  # xdist workers may inherit a width
    monkeypatch.setenv("PLN_USER", "tester")
    monkeypatch.setenv("PLN_DB", NO_STORE)
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))


DAYS_AHEAD = int(os.environ.get("PLN_TEST_DAYS_AHEAD") or 0)


@pytest.fixture(scope="session", autouse=True)
def clock_ahead() -> Iterator[None]:
    """`PLN_TEST_DAYS_AHEAD=400` runs the whole session that many days ahead
    of the real date (`.ci/run` does), so that anything a test does outside
    the pinned clock (templates, servers, the order of fixtures) shows any
    dependence on today's date. (libfaketime cannot do it: it moves the
    clocks of timed lock waits into the far future, and they never end.)"""
    if not DAYS_AHEAD:
        yield
        return
    from datetime import datetime, timedelta

    import time_machine

    with time_machine.travel(datetime.now().astimezone() + timedelta(days=DAYS_AHEAD), tick=True):
        yield


@pytest.fixture(autouse=True)
def pinned_clock() -> Iterator[None]:
    """Every test runs on the morning of TODAY, whatever the real date: the
    core functions it calls and the records they stamp see one clock."""
    with at(TODAY):
        yield


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite store migrated once; each test gets a copy of the file."""
    from plncrm.store.engine import dispose_all, get_engine
    from plncrm.store.location import resolve_url

    path = tmp_path_factory.mktemp("template") / "pln.db"
    get_engine(resolve_url(str(path)))
    dispose_all()  # the last connection to close folds the log into the file
    return path


@pytest.fixture(params=ENGINES)
def store_url(
    request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The test's own empty database, through PLN_DB as a user would set it: an
    SQLite file always, and a PostgreSQL database when PLN_TEST_PG is set."""
    import shutil

    from plncrm.store.engine import dispose_all

    if request.param == "sqlite":
        path = tmp_path / "pln.db"
        shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
        path.chmod(0o600)
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


@pytest.fixture
def pln(store_url: str) -> Pln:
    return Pln()


@pytest.fixture
def pln_terminal(store_url: str) -> Pln:
    return Pln(terminal=True)
