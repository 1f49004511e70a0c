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
    gc.disable()  # until the store opens: see Environment.transaction
    name = _invoked(sys.argv[1:])
    load_commands(name)
    _only(name)
    _app(prog_name="pln")


def _invoked(args: list[str]) -> str | None:
    """The command named on the command line, past the global options."""
    if os.environ.get("_PLN_COMPLETE"):
        return None
    words = iter(args)
    for word in words:
        if word == "--db":
            next(words, None)
        elif not word.startswith("-"):
            return word
    return None


def _only(name: str | None) -> None:
    """Build just the command being run: Typer otherwise builds all of them
    (tens of milliseconds) on every start. --help and TAB still see them all."""
    if name is None:
        return
    commands = [c for c in _app.registered_commands if c.name == name]
    groups = [g for g in _app.registered_groups if g.name == name]
    if commands or groups:
        _app.registered_commands, _app.registered_groups = commands, groups
