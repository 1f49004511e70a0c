"""The `pln` command line: parse arguments, call the core, render."""

from __future__ import annotations

# Importing a module registers its commands.
from plncrm.cli import agenda, contacts, export, followups, interactions, intros  # noqa: F401
from plncrm.cli.app import app


def main() -> None:
    app(prog_name="pln")
