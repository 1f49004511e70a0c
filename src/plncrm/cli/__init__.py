"""The `pln` command line: parse arguments, call the core, render.

Unlike the rest of the package, these modules keep real (not postponed)
annotations: Typer reads every command's annotations at start-up, and
evaluating hundreds of strings cost more than all of `pln`'s own imports.
"""

import gc
import os
import sys
from typing import Any

from plncrm.cli.root import app as _app
from plncrm.cli.root import load_commands


def __getattr__(name: str) -> Any:
    """`from plncrm.cli import app` (tests, other programs) gets every command;
    `pln NAME` itself imports only NAME's (`main`)."""
    if name == "app":
        load_commands()
        return _app
    raise AttributeError(name)


def main() -> None:
    gc.disable()  # for start-up's imports: see cli.environment._collect_from_here
    name = _invoked(sys.argv[1:])
    load_commands(name)
    _only(name)
    try:
        _app(prog_name="pln")
    finally:
        _close()


def _close() -> None:
    """What `pln` does before Python exits (normally: atexit handlers run).

    The store's connections are closed (the last to close folds SQLite's
    write-ahead log into the file, so that the file alone is the whole
    network); a reader that went away (`pln list | head`) ends the output
    quietly; and what is still alive is frozen, so that Python's last
    collection does not walk every object of SQLAlchemy, Rich and the
    commands once more (30-50 ms of a short command; frozen, 5-8 ms)."""
    engine = sys.modules.get("plncrm.store.engine")
    if engine is not None:
        engine.dispose_all()
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    gc.freeze()


def _invoked(args: list[str]) -> str | None:
    """The command named on the command line, past the global options. For TAB:
    the command named before the word being completed (None while the command's
    own name is being completed, which needs them all)."""
    if os.environ.get("_PLN_COMPLETE"):
        args = _completed_words()
    words = iter(args)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _completed_words() -> list[str]:
    """The words typed before the one TAB is completing, past `pln` (bash sets
    COMP_WORDS and COMP_CWORD; zsh and fish the whole line, the last word being
    completed)."""
    if "COMP_CWORD" in os.environ:
        words = os.environ.get("COMP_WORDS", "").split()
        try:
            return words[1 : int(os.environ["COMP_CWORD"])]
        except ValueError:
            return []
    line = os.environ.get("_TYPER_COMPLETE_ARGS", "")
    words = line.split()
    return words[1:] if line.endswith(" ") else words[1:-1]


def _only(name: str | None) -> None:
    """Build just the command being run: Typer otherwise builds all of them
    (tens of milliseconds) on every start. --help and TAB still see them all."""
    if name is None:
        return
    commands = [c for c in _app.registered_commands if c.name == name]
    groups = [g for g in _app.registered_groups if g.name == name]
    if commands or groups:
        _app.registered_commands, _app.registered_groups = commands, groups
