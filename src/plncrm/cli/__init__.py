"""The `pln` command line: parse arguments, call the core, render."""

from __future__ import annotations

from plncrm.cli import contacts, interactions  # noqa: F401  (registers commands)
from plncrm.cli.app import app


def main() -> None:
    app(prog_name="pln")
