"""What every assistant tool is handed: the store and the clock, as a command
sees them, and the one way a tool writes (a journaled step named after it).

`cli.environment.Environment` satisfies `Backend`; `assistant/` never imports
`cli/`. One `Ctx` serves a whole `pln mcp` session, whose tools the SDK runs
in worker threads: writes are taken one at a time (SQLite has one writer
anyway), so each is named after its own tool in `pln history`. The `Ctx`
remembers the steps it made (`undo_last` takes back only those), and a
read-only one never creates, upgrades or writes the store.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader

LONGEST_VALUE = 60  # characters of one argument kept in `pln history`; the rest is cut
LONGEST_LABEL = 400


class Backend(Protocol):
    """The store and the clock, as a command sees them."""

    user: str  # PLN_USER on PostgreSQL: the member whose writes these are
    label: str  # when set, what `pln history` names the next change by

    @property
    def url(self) -> str: ...

    def writing(
        self, *, journal: bool = True, joined: bool = False
    ) -> AbstractContextManager[Db]: ...

    def reading(self) -> AbstractContextManager[Reader]: ...

    def today(self) -> date: ...


def never() -> bool:
    return False


class Ctx:
    """One per server; every tool gets it as its first argument."""

    def __init__(self, backend: Backend, *, read_only: bool = False) -> None:
        self.backend = backend
        self.read_only = read_only  # `pln mcp --read-only`: no transaction may write
        self._write_lock = threading.Lock()
        # Whether the client cancelled the call being run (`server.py` sets it:
        # the SDK knows); a cancelled call's transaction is rolled back.
        self.cancelled: Callable[[], bool] = never
        # The journal entries this server made, oldest first: `undo_last` takes
        # back only these (kept in memory: no schema change; a restarted server
        # cannot undo its predecessor's steps, `pln undo` can).
        self.made: list[int] = []

    @property
    def user(self) -> str:
        return self.backend.user

    def today(self) -> date:
        return self.backend.today()

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A read-only view of the store, as the everyday screens read it. In a
        read-only server, a store that is absent, empty or of an older schema
        is an error: reading it would create or upgrade it."""
        if self.read_only:
            from plncrm.store.revision import require_current

            require_current(self.backend.url)
        with self.backend.reading() as reader:
            yield reader

    @contextmanager
    def writing(self, tool: str, arguments: Mapping[str, Any]) -> Iterator[Db]:
        """One journaled transaction, recorded in `pln history` as
        `mcp: TOOL(arguments)` (secrets masked, one line, long values cut), so
        that `pln undo` takes it back as it takes back a command. Refused in a
        read-only server, whichever tool asks (the server lists no writing tool
        there; this keeps a drafting tool that wrote by mistake from doing so)."""
        if self.read_only:
            from plncrm.util.errors import Refused

            raise Refused(f"{tool} would change the network, and this server is read-only")
        with self._write_lock:
            self._unless_cancelled(tool)
            self.backend.label = label(tool, arguments)
            try:
                with self.backend.writing() as db:
                    yield db
                    # Checked last, before the commit: a call the client gave up
                    # on changes nothing (the client is never answered).
                    self._unless_cancelled(tool)
            finally:
                self.backend.label = ""
            entry = db.info.get("pln_entry")
            if entry:
                self.made.append(int(entry))

    def _unless_cancelled(self, tool: str) -> None:
        if self.cancelled():
            from plncrm.util.errors import Refused

            raise Refused(f"{tool} was cancelled by the client: nothing was changed")

    @contextmanager
    def undoing(self) -> Iterator[Db]:
        """A transaction that is not itself a step (`undo_last`, as `pln undo`
        records none), taken in turn with the tools' writes."""
        with self._write_lock, self.backend.writing(journal=False) as db:
            yield db


def label(tool: str, arguments: Mapping[str, Any]) -> str:
    """`mcp: log_interaction(people=["Maya Chen"], kind="coffee", note="…")`:
    the arguments that were given (not the ones left out), each value on one
    line and cut, any URL password or token masked."""
    from plncrm.util.redact import redact
    from plncrm.util.text import one_line

    given = ", ".join(
        f"{name}={_shown(value)}" for name, value in arguments.items() if value is not None
    )
    text = one_line(redact(f"mcp: {tool}({given})"))
    return text if len(text) <= LONGEST_LABEL else text[: LONGEST_LABEL - 1] + "…"


def _shown(value: Any) -> str:
    if isinstance(value, str):
        cut = value if len(value) <= LONGEST_VALUE else value[: LONGEST_VALUE - 1] + "…"
        return json.dumps(cut, ensure_ascii=False)
    if isinstance(value, list | tuple):
        more = ", …" if len(value) > 10 else ""
        return "[" + ", ".join(_shown(v) for v in value[:10]) + more + "]"
    if isinstance(value, bool | int | float):
        return json.dumps(value)
    return _shown(str(value))
