"""What the web pages are handed to read and write the store through.

`cli.environment.Environment` satisfies it: the server writes exactly as a
command does (one journaled transaction a request, the calendar hook, the
member's name in team mode), and `web/` never imports `cli/`.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader


class Backend(Protocol):
    """The store and the clock, as a command sees them."""

    user: str
    argv: list[str]  # what `pln history` names a change by: ["serve", "done", "12"]

    def writing(
        self, *, journal: bool = True, joined: bool = False
    ) -> AbstractContextManager[Db]: ...

    def reading(self) -> AbstractContextManager[Reader]: ...

    def today(self) -> date: ...
