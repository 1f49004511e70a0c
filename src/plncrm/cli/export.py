"""`pln export …`: the network in other formats."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.root import app, get_env
from plncrm.util.files import write_file

export_app = typer.Typer(help="Write the network out: json, csv, vcard, ics.", no_args_is_help=True)
app.add_typer(export_app, name="export")

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write (default: stdout).", dir_okay=False),
]


@export_app.command("ics")
def ics(ctx: typer.Context, output: OutputOpt = None) -> None:
    """Open follow-ups as an iCalendar file for your calendar program."""
    from plncrm.exporters import ics as ics_exporter

    env = get_env(ctx)
    with env.transaction() as session:
        data = ics_exporter.build(session)
    write_file(output, data)
