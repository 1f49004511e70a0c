"""What an import says once done (`pln import …`, `pln event import`): the
counts, everyone added and merged into, the meetings and follow-ups, and
what the file had that the store did not take as it was. Apart from the
commands, so that each import command's module holds only its options."""

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plncrm.importers.records import Report


def summary(report: "Report", as_json: bool, *, counts: bool = True) -> None:
    """The import's summary, naming everyone added and merged into; without
    `counts`, the caller says them its own way."""
    import shlex

    from plncrm.importers.event_columns import shown
    from plncrm.render import print_json, say, show
    from plncrm.render.names import everyone
    from plncrm.render.transfer import date_orders, meetings, named, rejections, settings

    if as_json:
        print_json(report.as_dict())
        return
    prefix = "Would have added" if report.dry_run else "Added"
    dry = " (dry run: nothing changed)" if report.dry_run else ""
    if counts:
        say(
            f"{prefix} {report.added}, merged {report.merged} into existing contacts, "
            f"skipped {report.skipped}, rejected {len(report.rejected)}{dry}"
        )
    named(report)
    meetings(report)
    for u in report.updated:
        job = u.change.startswith(("role ", "organisation "))  # the old job is kept
        say("Updated ", u.name, ": ", u.change, " (the old one kept as a past role)" if job else "")
    if report.unused_columns:  # wrapped between columns at the terminal's width
        columns = [shown(c) for c in report.unused_columns]  # "Zero\u200bWidth" as typed
        if report.kept_in_notes:
            everyone("Kept in notes (as 'Column: value'):", columns)
        else:
            everyone(
                "Not imported, no field reads them:",
                columns,
                "(--map FIELD=Column, or --keep-unmapped to keep them in notes)",
            )
    if report.not_events:
        say(
            "Kept as notes, not events: ",
            ", ".join(report.not_events),
            " (a podcast, chat, group, hashtag, handle, link, person or place is no event)",
        )
    date_orders(report)
    settings(report)
    _left_out(report)
    for name in report.undated:
        say(
            name,
            " has no date: pln event edit ",
            shlex.quote(name),
            " --on DATE sets it, and the meeting date of everyone met there",
        )
    if report.warnings:
        show(rejections(report.warnings, "Kept in notes"))
    if report.rejected:
        show(rejections(report.rejected))


def _left_out(report: "Report") -> None:
    """What the file had that the store did not take as it was: jobs the
    contacts have left, and control characters."""
    from plncrm.render import say
    from plncrm.render.names import everyone
    from plncrm.util.text import counted

    for f in report.former_jobs:
        say("File has ", f.name, "'s former ", f.former, ": not a new job, kept ", f.kept)
    for u in report.not_applied:  # typed by themselves (`self_typed`), wrapped between parts
        label = f"Not applied to {u.name} (they typed it; kept on a note):"
        everyone(label, u.change.split("; "), sep=";")
    if report.not_applied_before:  # the same file again: its note is there already
        said = ", ".join(report.not_applied_before)
        say("Not applied, on a note since an earlier import: ", said)
    if report.cleaned:
        more = ", …" if len(report.cleaned) > 5 else ""
        say(
            f"Removed control characters from {counted(len(report.cleaned), 'value')} (terminal "
            "escapes, hidden direction marks): ",
            ", ".join(report.cleaned[:5]),
            more,
        )
