"""The `pln` command line: parse arguments, call the core, render.

Unlike the rest of the package, these modules keep real (not postponed)
annotations: Typer reads every command's annotations at start-up, and
evaluating hundreds of strings cost more than all of `pln`'s own imports.
"""

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
    app(prog_name="pln")
