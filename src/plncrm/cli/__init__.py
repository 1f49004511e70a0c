"""The `pln` command line: parse arguments, call the core, render."""

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
