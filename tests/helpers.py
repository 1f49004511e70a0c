"""What tests share besides fixtures: the pinned day, the engines under test,
and `Pln`, which runs the command line in-process.

One clock: a test pins "today" by pinning the wall clock (`at`), so that the
day a command sees and the moment it stamps records with always agree, and the
suite passes on any day of the year."""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from typer.testing import CliRunner, Result

TODAY = date(2026, 11, 29)  # a Sunday
MORNING = time(10, 0)  # the hour of the day tests run at, on the local clock


def at(day: date, hour: time = MORNING) -> Any:
    """Travel to `hour` on `day` on the machine's local clock; time goes on
    from there (tick), so stamps stay in order and timeouts still expire."""
    import time_machine

    return time_machine.travel(datetime.combine(day, hour).astimezone(), tick=True)


PG_URL = os.environ.get("PLN_TEST_PG")
# PLN_TEST_ENGINES=postgresql runs the engine-bound tests on PostgreSQL only
# (`.ci/run`'s second pass, after the README's pass ran them on SQLite).
_CHOSEN = (os.environ.get("PLN_TEST_ENGINES") or "sqlite,postgresql").split(",")
ENGINES = [e for e in ("sqlite", "postgresql") if e in _CHOSEN and (e == "sqlite" or PG_URL)]


class Pln:
    """Runs `pln` in-process with Typer's CliRunner, on a pinned day: the wall
    clock is moved to that day's morning, the one clock the command reads."""

    def __init__(self, day: date = TODAY, terminal: bool = False, hour: time = MORNING) -> None:
        self.day = day
        self.terminal = terminal
        self.hour = hour

    def __call__(
        self, *args: str, input: str | None = None, ok: bool = True, **env: object
    ) -> Result:
        from plncrm.cli import app
        from plncrm.cli.environment import Environment

        environment = Environment(
            stdin_isatty=self.terminal,
            stdout_isatty=self.terminal,
            **env,  # type: ignore[arg-type]
        )
        with at(self.day, self.hour):
            result = CliRunner().invoke(app, list(args), input=input, obj=environment)
        if ok:
            assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        return result

    def json(self, *args: str, **env: object) -> Any:
        return json.loads(self(*args, "--json", **env).stdout)


@contextmanager
def tmpfs(where: Path, options: str) -> Iterator[bool]:
    """Mount a small tmpfs on `where` for a test (root only); yields whether it
    could, so that the test can skip with the reason where it cannot."""
    where.mkdir(exist_ok=True)
    if os.geteuid() != 0:
        yield False
        return
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(where)], capture_output=True
    )
    try:
        yield mounted.returncode == 0
    finally:
        if mounted.returncode == 0:
            subprocess.run(["umount", "-l", str(where)], check=False)
