"""`pln export …`: the network in other formats."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.app import app, get_env

export_app = typer.Typer(help="Write the network out: json, csv, vcard, ics.", no_args_is_help=True)
app.add_typer(export_app, name="export")

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write (default: stdout).", dir_okay=False),
]


def write_private(path: Path | None, data: bytes) -> None:
    """Write to stdout, or to a new file readable by its owner only."""
    import os
    import sys

    if path is None or str(path) == "-":
        sys.stdout.buffer.write(data) if hasattr(sys.stdout, "buffer") else sys.stdout.write(
            data.decode()
        )
        sys.stdout.flush()
        return
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


@export_app.command("ics")
def ics(ctx: typer.Context, output: OutputOpt = None) -> None:
    """Open follow-ups as an iCalendar file for your calendar program."""
    from plncrm.exporters import ics as ics_exporter

    env = get_env(ctx)
    with env.transaction() as session:
        data = ics_exporter.build(session)
    write_private(output, data)
