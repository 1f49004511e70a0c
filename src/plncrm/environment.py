"""What a command runs in: the data location, the terminal, and the clock.

Injected into every command (httpie's idea), so tests can swap any of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlmodel import Session


def _isatty(stream: object) -> bool:
    isatty = getattr(stream, "isatty", None)
    try:
        return bool(isatty and isatty())
    except ValueError:
        return False


@dataclass
class Environment:
    db: str | None = None
    stdin_isatty: bool = field(default_factory=lambda: _isatty(sys.stdin))
    stdout_isatty: bool = field(default_factory=lambda: _isatty(sys.stdout))
    clock: Callable[[], date] = date.today
    user: str = field(default_factory=lambda: os.environ.get("PLN_USER") or _login())

    def today(self) -> date:
        return self.clock()

    @property
    def url(self) -> str:
        from plncrm.store.location import resolve_url

        return resolve_url(self.db)

    @property
    def interactive(self) -> bool:
        """May we ask the user something? Only with a terminal on both ends."""
        return self.stdin_isatty and self.stdout_isatty

    @contextmanager
    def transaction(self, *, write: bool = False) -> Iterator[Session]:
        from plncrm.store.engine import transaction

        with transaction(self.url, write=write) as session:
            yield session


def _login() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "me"
