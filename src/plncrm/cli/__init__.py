"""The `pln` command line: parse arguments, call the core, render."""

from __future__ import annotations

# Importing a module registers its commands; `pln --help` lists them in this order.
from plncrm.cli import (
    agenda,  # noqa: F401  # isort: split
    contacts,  # noqa: F401
    export,  # noqa: F401  # isort: split
    followups,  # noqa: F401  # isort: split
    interactions,  # noqa: F401  # isort: split
)
from plncrm.cli.app import app


def main() -> None:
    app(prog_name="pln")
