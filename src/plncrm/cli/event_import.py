"""`pln event import`: an event's registrants and attendees from the
platform's own export (Zoom, Eventbrite, Google or Microsoft Forms, Teams)."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.events import EventArg, event_app
from plncrm.cli.imports import DryRunOpt, FileArg, _date_order, read_input
from plncrm.cli.root import JsonOpt, get_env

if TYPE_CHECKING:
    from plncrm.importers.event_guests import Outcome
    from plncrm.importers.namesakes import Namesake
    from plncrm.importers.records import Report

FormatOpt = Annotated[
    str | None,
    typer.Option(
        "--format",
        metavar="FORMAT",
        help="zoom-registrants, zoom-attendees, eventbrite, google-forms, microsoft-forms, "
        "teams or csv (default: recognised from the file).",
    ),
]


@event_app.command("import")
def import_guests(
    ctx: typer.Context,
    event: EventArg,
    file: FileArg,
    format: FormatOpt = None,
    mapping: Annotated[
        list[str] | None,
        typer.Option(
            "--map",
            metavar="FIELD=HEADER",
            help="FIELD=Header for a plain sheet, as pln import csv takes, and registered, "
            "attended, minutes (repeatable).",
        ),
    ] = None,
    min_minutes: Annotated[
        int,
        typer.Option(
            "--min-minutes",
            metavar="N",
            min=0,
            help="Minutes in the session that count as attended.",
        ),
    ] = 10,
    keep_unmapped: Annotated[
        bool,
        typer.Option(
            "--keep-unmapped",
            help="Keep the columns no field reads in new contacts' notes, as 'Column: value'.",
        ),
    ] = False,
    dry_run: DryRunOpt = False,
    json: JsonOpt = False,
) -> None:
    """Record an event's registrants (invitations answered yes) and attendees (with their
    minutes) from Zoom's, Eventbrite's, Teams' or a form's export; new people are added."""
    from plncrm.core import events
    from plncrm.importers import event_files, event_guests
    from plncrm.importers.namesakes import namesakes
    from plncrm.util.errors import Invalid

    env = get_env(ctx)
    if dry_run:
        env.dry_run()
    today = env.today()
    order, _ = _date_order(ctx, None)
    overrides = {}
    for item in mapping or []:
        name, sep, header = item.partition("=")
        if not sep or not name.strip() or not header.strip():
            raise Invalid(f"--map takes FIELD=Header, not {item!r}")
        overrides[name.strip().lower()] = header.strip()
    with env.reading() as reader:  # a mistyped event is said before a long file is read
        events.resolve(reader, event)
    # Read and checked before the store is opened for writing: one person at a
    # time is held, and the write lock is taken only to write (a dry run reads only).
    sheet = event_files.read(read_input(file), today, order, format, overrides, keep_unmapped)
    if dry_run:
        with env.reading() as reader:
            record = events.resolve(reader, event)
            found = event_guests.preview(
                reader, record, sheet, min_minutes=min_minutes, today=today
            )
            maybe = namesakes(reader, found[0].added_people)
    else:
        with env.writing() as db:
            record = events.resolve(db, event)
            found = event_guests.record(db, record, sheet, min_minutes=min_minutes, today=today)
            maybe = namesakes(db, found[0].added_people)
    found[0].kept_in_notes = keep_unmapped
    _said(*found, maybe, as_json=json)


def _said(report: "Report", outcome: "Outcome", maybe: "list[Namesake]", *, as_json: bool) -> None:
    from plncrm.cli.import_summary import summary
    from plncrm.render import print_json, say
    from plncrm.render.transfer import guests_imported, namesakes

    if as_json:
        found = {**report.as_dict(), "event": outcome.as_dict()}
        print_json({**found, "maybe_same": [m.as_dict() for m in maybe]})
        return
    if _nothing_new(report, outcome):
        _unchanged(report, outcome)
        return
    # The engine's "skipped" (known, nothing new about them) read as people left
    # out: here they are matched, and the skipped are those the file cancelled.
    prefix = "Would add" if report.dry_run else "Added"
    say(
        f"{prefix} {report.added}, matched {len(outcome.matched)} known, "
        f"skipped {len(outcome.skipped)}, rejected {len(report.rejected)}",
        " (dry run: nothing changed)" if report.dry_run else "",
    )
    summary(report, as_json=False, counts=False)
    namesakes(maybe)
    guests_imported(outcome, report.dry_run)


def _nothing_new(report: "Report", outcome: "Outcome") -> bool:
    """Whether the file changed nothing (the same file again): said in one line."""
    return not (
        report.added
        or report.merged
        or report.rejected
        or report.updated
        or report.warnings
        or report.not_applied
        or report.armed
        or outcome.registered
        or outcome.attended
        or outcome.short
        or outcome.unread_count
        or outcome.kept_minutes
        or outcome.owed_thanks
        or outcome.later_days
    )


def _unchanged(report: "Report", outcome: "Outcome") -> None:
    from plncrm.importers import event_skips
    from plncrm.render import say
    from plncrm.util.text import counted

    verb = "would change" if report.dry_run else "changed"
    people = counted(len(outcome.matched), "person", "people")
    ours = [f"{n} ({why})" for n, why in outcome.skipped if event_skips.is_ours(why)]
    cancelled = len(outcome.skipped) - len(ours)
    skipped = f"; {cancelled} cancelled, skipped" if cancelled else ""
    skipped += f"; skipped {', '.join(ours)}" if ours else ""
    noted = ", ".join(report.not_applied_before)
    typed = f"; what {noted} typed is on a note, not applied" if noted else ""
    say(
        f"Nothing {verb}: ",
        outcome.event,
        f" has this {outcome.format} file's {people} as it has them{skipped}{typed}",
    )
