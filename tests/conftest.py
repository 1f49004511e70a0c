from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

TODAY = date(2026, 11, 29)  # a Sunday


@pytest.fixture(autouse=True)
def pln_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Every test gets its own empty database, through PLN_DB as a user would set it."""
    path = tmp_path / "pln.db"
    monkeypatch.setenv("PLN_DB", str(path))
    monkeypatch.delenv("PLN_DEBUG", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("PLN_USER", "tester")
    yield path
    from plncrm.store.engine import dispose_all

    dispose_all()


@pytest.fixture
def session(pln_db: Path) -> Iterator[object]:
    """A core-level session in one write transaction, committed at the end."""
    from plncrm.store.engine import transaction
    from plncrm.store.location import resolve_url

    with transaction(resolve_url(str(pln_db)), write=True) as s:
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

    def json(self, *args: str) -> object:
        import json

        return json.loads(self(*args, "--json").stdout)


@pytest.fixture
def pln() -> Pln:
    return Pln()


@pytest.fixture
def pln_terminal() -> Pln:
    return Pln(terminal=True)
