"""`pln calendar`: the agenda as a vdir calendar collection, for vdirsyncer to
carry to any CalDAV server (and so to phones)."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env

calendar_app = typer.Typer(
    help="The agenda in your calendar: a vdir folder that vdirsyncer syncs to CalDAV.",
    no_args_is_help=True,
)
app.add_typer(calendar_app, name="calendar")

FolderArg = Annotated[
    Path | None,
    typer.Argument(
        help="The calendar folder (default: calendar.dir).", file_okay=False, show_default=False
    ),
]


def _folder(given: Path | None, configured: str) -> Path:
    from plncrm.util.errors import Invalid

    if given is not None:
        return given.expanduser().absolute()
    if configured:
        return Path(configured)
    raise Invalid("name a folder (pln calendar sync ~/.calendars/pln), or set calendar.dir")


@calendar_app.command("sync")
def sync(
    ctx: typer.Context,
    folder: FolderArg = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would change; change nothing.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Write the agenda to FOLDER, one .ics per item: follow-ups, keep-in-touch
    dates, introduction steps and hosted events, each with an alarm
    (notify.alarm). A re-sync updates and removes entries, never duplicates them."""
    from plncrm.calendars import sync as syncing
    from plncrm.calendars import vdir
    from plncrm.reads import settings
    from plncrm.render import reminders as draw
    from plncrm.render import say

    env = get_env(ctx)
    if dry_run:
        env.dry_run()
    with env.reading() as reader:
        target = _folder(folder, settings.value(reader, "calendar.dir"))
        first = not (target / vdir.STATE).exists()
        outcome = syncing.everything(reader, target, env.today(), env.user, dry_run)
    draw.calendar_synced(str(target), outcome, dry_run, json)
    if first and not dry_run and not json:
        from plncrm.util.shell import command

        say(
            "To put it on a CalDAV server (Nextcloud, Fastmail, iCloud, Radicale): ",
            command("pln", "calendar", "vdirsyncer", target),
            " --url URL",
        )


@calendar_app.command("vdirsyncer")
def vdirsyncer(
    ctx: typer.Context,
    folder: FolderArg = None,
    url: Annotated[
        str, typer.Option("--url", help="The CalDAV calendar's address on your server.")
    ] = "https://caldav.example.org/USER/pln/",
    username: Annotated[str, typer.Option("--username", "-u", help="Your server login.")] = "USER",
) -> None:
    """Print a vdirsyncer configuration that carries FOLDER to a CalDAV calendar.

    The folder is the source: changes made on the server are put back (plncrm
    owns these entries; change them with pln). The password is read from a
    command, never written into the file."""
    from plncrm.reads import settings
    from plncrm.render.vdirsyncer import config

    with get_env(ctx).reading() as reader:
        target = _folder(folder, settings.value(reader, "calendar.dir"))
    typer.echo(
        config(
            pair="pln_calendar",
            dav="caldav",
            folder=target,
            ext=".ics",
            url=url,
            username=username,
            source=True,
            when="vdirsyncer sync",
        )
    )
