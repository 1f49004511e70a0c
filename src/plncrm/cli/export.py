"""`pln export …`: the network in other formats."""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import app, get_env
from plncrm.util.files import write_file

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView

export_app = typer.Typer(help="Write the network out: json, csv, vcard, ics.", no_args_is_help=True)
app.add_typer(export_app, name="export")

OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="File to write (default: stdout).", dir_okay=False),
]


@export_app.command("ics")
def ics(ctx: typer.Context, output: OutputOpt = None) -> None:
    """The agenda as one iCalendar file: open follow-ups, keep-in-touch dates,
    introduction steps and hosted events, with alarms (notify.alarm). To keep
    a calendar current instead: pln calendar sync."""
    from plncrm.calendars import ics as calendar_text
    from plncrm.calendars.items import gather_items
    from plncrm.calendars.sync import alarm_time
    from plncrm.util import clock

    env = get_env(ctx)
    with env.reading() as reader:
        found = gather_items(reader, env.today(), env.user)
        alarm = alarm_time(reader)
    stamp = clock.now()
    items = sorted(found.items, key=lambda i: (i.day, i.uid))
    write_file(output, calendar_text.calendar(calendar_text.vevent(i, alarm, stamp) for i in items))


def _export(
    stream: "Callable[[Iterable[list[ContactView]]], Iterable[bytes]]",
    ctx: typer.Context,
    output: Path | None,
) -> None:
    """Every contact through `stream`, a batch at a time, straight to the file."""
    from plncrm.core import views
    from plncrm.reads import lists

    with get_env(ctx).reading() as reader:
        batches = (views.contact_views(reader, b) for b in lists.contact_batches(reader))
        write_file(output, stream(batches))


@export_app.command("vcard")
def export_vcard(ctx: typer.Context, output: OutputOpt = None) -> None:
    """Every contact as vCard 3.0, for address books."""
    from plncrm.exporters import vcard

    _export(vcard.stream, ctx, output)


@export_app.command("csv")
def export_csv(ctx: typer.Context, output: OutputOpt = None) -> None:
    """Every contact as CSV, safe to open in a spreadsheet."""
    from plncrm.exporters import csv_export

    _export(csv_export.stream, ctx, output)


@export_app.command("json")
def export_json(ctx: typer.Context, output: OutputOpt = None) -> None:
    """The whole store (contacts, interactions, follow-ups, introductions, events, communities)."""
    import json as json_lib

    from plncrm.exporters import json_store

    with get_env(ctx).reading() as reader:
        document = json_store.build(reader)
    write_file(output, (json_lib.dumps(document, ensure_ascii=False, indent=2) + "\n").encode())
