"""The `pln` command line: parse arguments, call the core, render.

Unlike the rest of the package, these modules keep real (not postponed)
annotations: Typer reads every command's annotations at start-up, and
evaluating hundreds of strings cost more than all of `pln`'s own imports.
"""

import gc
import os
import sys

# Importing a module registers its commands.
from plncrm.cli import (  # noqa: F401
    agenda,
    communities,
    contacts,
    events,
    export,
    followups,
    interactions,
    intros,
    report,
    transfer,
)
from plncrm.cli.app import app


def main() -> None:
    gc.disable()  # until the store opens: see Environment.transaction
    _only(_invoked(sys.argv[1:]))
    app(prog_name="pln")


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
    commands = [c for c in app.registered_commands if c.name == name]
    groups = [g for g in app.registered_groups if g.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups
