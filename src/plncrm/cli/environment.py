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

from plncrm.util import clock as wall_clock

if TYPE_CHECKING:
    from sqlmodel import Session

    from plncrm.store.db import Db
    from plncrm.store.plain import Reader


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
    clock: Callable[[], date] = wall_clock.today
    user: str = field(default_factory=lambda: os.environ.get("PLN_USER") or _login())
    argv: list[str] = field(default_factory=list)  # the arguments after `pln` (set by the root)
    # The undo entry that `writing(joined=True)` records under: a command that
    # commits one sent message at a time is still one step for `pln undo`.
    joined_entry: int | None = None
    # What `pln history` names the next change by instead of the command line,
    # when the change is not one (`pln mcp`'s tools: "mcp: TOOL(arguments)").
    label: str = ""

    def today(self) -> date:
        return self.clock()

    @property
    def url(self) -> str:
        from plncrm.store.location import resolve_url

        return resolve_url(self.db)

    @property
    def command(self) -> str:
        """The command as typed, for `pln history`: quoted, on one line, and
        with any password in a database URL masked (or the `label` set instead)."""
        if self.label:
            return self.label
        from plncrm.util import shell
        from plncrm.util.redact import redact
        from plncrm.util.text import one_line

        notify = any(word.startswith("notify.") for word in self.argv)
        words = [_masked(word, notify) for word in self.argv]
        # The command that prints the mail password may hold it ("echo …"):
        # history keeps that it was set, never what to.
        for i, word in enumerate(words[:-1]):
            if word == "mail.password-command" and not words[i + 1].startswith("-"):
                words[i + 1] = "***"
        return one_line(redact(shell.command("pln", *words)))

    @property
    def interactive(self) -> bool:
        """May we ask the user something? Only with a terminal on both ends."""
        return self.stdin_isatty and self.stdout_isatty

    @contextmanager
    def transaction(
        self, *, write: bool = False, journal: bool = True, joined: bool = False
    ) -> Iterator[Session]:
        """A transaction on the store; a writing one is journaled for `pln undo`
        unless `journal` is False (undo itself), under `joined_entry` if `joined`."""
        from plncrm.store.engine import transaction
        from plncrm.store.plain import SessionReader

        _collect_from_here()
        command = self.command if write and journal else None
        resume = self.joined_entry if joined else None
        with transaction(
            self.url, write=write, member=self.user, command=command, resume=resume
        ) as session:
            yield session
            folder = _calendar_folder(SessionReader(session)) if write else ""
        if joined and session.info.get("pln_entry"):
            self.joined_entry = session.info["pln_entry"]
        if folder:
            entry = session.info.get("pln_entry") if journal else None
            if entry != 0:  # 0: the command changed nothing
                self._refresh_calendar(folder, entry)

    @contextmanager
    def writing(self, *, journal: bool = True, joined: bool = False) -> Iterator[Db]:
        """A writing transaction as a `Db` (see `store.db`), journaled for `pln
        undo` unless `journal` is False: on an SQLite store whose schema is
        current through `sqlite3` alone, so that the commands typed dozens of
        times after a conference never load SQLAlchemy; anything else (a new
        store, one to migrate, PostgreSQL) through the full engine."""
        from plncrm.store import db as store
        from plncrm.store.location import sqlite_path

        # The command line for `pln history`, made before the write lock is taken:
        # masking a long argument takes time that other writers would wait out.
        command = self.command if journal else ""
        path = sqlite_path(self.url)
        found = store.open_sqlite_writer(path, self.user) if path is not None else None
        if found is None:
            with self.transaction(write=True, journal=journal, joined=joined) as session:
                yield store.SessionDb(session)
            return
        from plncrm.store import journal as undo

        _collect_from_here()
        with store.sqlite_transaction(found) as db:
            if journal:
                undo.begin(db, self.user, command, self.joined_entry if joined else None)
            yield db
            if journal:
                undo.finish(db)
            folder = _calendar_folder(db)
        entry = db.info.get("pln_entry") if journal else None
        if joined and entry:
            self.joined_entry = entry
        if folder and entry != 0:  # 0: the command changed nothing
            self._refresh_calendar(folder, entry)

    def _refresh_calendar(self, folder: str, entry: int | None) -> None:
        """Bring `calendar.dir` up to date after a change (see `calendars.sync`).
        The change itself is committed: a calendar that cannot be written is a
        warning, not a failure."""
        from pathlib import Path

        from plncrm.calendars import sync
        from plncrm.util.errors import PlnError

        try:
            with self.reading() as reader:
                sync.refresh(reader, Path(folder), self.today(), self.user, entry)
        except (PlnError, OSError, ValueError) as exc:
            message = exc.message if isinstance(exc, PlnError) else str(exc)
            sys.stderr.write(f"pln: the calendar in {folder} was not updated: {message}\n")

    def dry_run(self) -> None:
        """Before a `-n/--dry-run` opens the store: refuse one that is absent,
        empty or of an older schema, as `pln mcp --read-only` does, since opening
        it would create or upgrade the file that a dry run promises not to change."""
        from plncrm.store.revision import require_current

        require_current(self.url, dry_run=True)

    @contextmanager
    def reading(self) -> Iterator[Reader]:
        """A read-only view of the store for the everyday screens: an SQLite
        store whose schema is current is read through `sqlite3` alone; a new
        store, one to migrate, or PostgreSQL goes through the full engine."""
        from plncrm.store import plain

        with plain.opened(self.url) as found:
            if found is not None:
                yield found
                return
        with self.transaction() as session:
            yield plain.SessionReader(session)


def _calendar_folder(reader: Reader) -> str:
    from plncrm.reads.settings import value

    return value(reader, "calendar.dir")


def _masked(word: str, notify: bool) -> str:
    """One word of the command with its secrets masked, before it is quoted
    (quoting would hide them from `redact`): in a notification setting (`pln
    config notify.urls URL`), every URL's token; anywhere, a database
    location's password (`--db URL`, `--db=URL`), which keeps the rest of its
    name. A link in a note or `--link` is no secret and stays as typed."""
    from plncrm.util.redact import mask_url, redact, url_secrets

    option, equals, value = word.partition("=") if word.startswith("--") else ("", "", word)
    if not notify or "://" not in value or value.startswith(("sqlite", "postgres")):
        return option + equals + redact(value, *url_secrets(value))
    return option + equals + " ".join(mask_url(url) for url in value.split())


def _collect_from_here() -> None:
    """Resume garbage collection once start-up is over (`cli.main` pauses it).

    Importing SQLAlchemy, Pydantic and the models creates hundreds of thousands
    of objects that live as long as the process; scanning them again and again
    for cycles cost a tenth of a command's time. Freezing them keeps the
    collector for what the command itself allocates."""
    import gc

    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def login_name() -> str:
    """This machine's login name, whatever PLN_USER says (`pln team claim`'s offer)."""
    return _login()


def _login() -> str:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):  # as getpass, without its import
        if os.environ.get(name):
            return os.environ[name]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "me"
