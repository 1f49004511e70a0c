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
