"""Drawing import summaries and duplicate lists."""

from __future__ import annotations

from collections.abc import Sequence
from itertools import groupby
from typing import TYPE_CHECKING, Any

from plncrm.render import lit, say
from plncrm.render.names import everyone
from plncrm.util import shell
from plncrm.util.text import counted

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from plncrm.importers.event_guests import Outcome
    from plncrm.importers.namesakes import Namesake
    from plncrm.importers.records import MetThere, Rejected, Report


def rejections(rejected: Sequence[Rejected], title: str = "rejected") -> Table:
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False, title=title, title_justify="left")
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("why")
    for r in rejected:
        table.add_row(str(r.line), lit(r.reason))
    return table


def duplicates_table(pairs: Sequence[dict[str, Any]]) -> RenderableType:
    from rich.table import Table
    from rich.text import Text

    if not pairs:
        return Text("No likely duplicates.")
    table = Table(
        show_edge=False, pad_edge=False, caption="Merge one into the other: pln merge KEEP OTHER"
    )
    for name in ("keep?", "or", "why"):
        table.add_column(name)
    for p in pairs:
        a, b = p["a"], p["b"]
        table.add_row(
            lit(f"#{a['id']} {a['name']}"), lit(f"#{b['id']} {b['name']}"), lit(p["reason"])
        )
    return table


def _when(people: Sequence[MetThere]) -> str:
    days = sorted({p.on for p in people})
    return f"on {days[0]}" if len(days) == 1 else f"from {days[0]} to {days[-1]}"


def _by_event(people: Sequence[MetThere]) -> list[tuple[str | None, list[MetThere]]]:
    """The people grouped by the event they were met at (None: at no event)."""
    ordered = sorted(people, key=lambda p: (p.event is None, p.event or ""))
    return [(event, list(group)) for event, group in groupby(ordered, key=lambda p: p.event)]


def meetings(report: Report) -> None:
    """The strike-out follow-ups an import gave the people it records as
    met, and those it could not give one."""
    from plncrm.core.strikeouts import GUARD_HORIZON_DAYS

    for event, group in _by_event(report.armed):  # each event's own, and those met at none
        who = [p.name for p in group]
        if event:
            drafts = shell.command("pln", "event", "follow-up", event, "--draft")
            label = f"{len(group)} follow-up(s) so that nobody met at {event} strikes out:"
            everyone(label, who, f"(pln due; {drafts} drafts them all)")
        else:
            none = "for people met at no event, so that none strikes out:"
            label = f"{len(group)} follow-up(s) {none}"
            everyone(label, who, "(pln due lists them)")
    if report.too_old:
        too_old(report.too_old, GUARD_HORIZON_DAYS)


def too_old(people: Sequence[MetThere], horizon: int) -> None:
    """Those an import records as met longer ago than strike-out follow-ups
    look back, who get none: named, with how to follow them up anyway."""
    for event, group in _by_event(people):
        where = f" at {event}" if event else ", at no event,"
        none = f"No strike-out follow-up for {counted(len(group), 'person', 'people')} met"
        label = f"{none}{where} {_when(group)}, more than {horizon} days ago:"
        everyone(label, [p.name for p in group])
        task = f"Follow up after meeting at {event}" if event else "Follow up after meeting"
        listed = shell.command("pln", "list", "--met-at", event) + " lists them; " if event else ""
        say(
            "To follow up anyway: ",
            listed,
            shell.command("pln", "follow-up", "REF", task),
            " gives one a follow-up",
        )


def date_orders(report: Report) -> None:
    """The order dates that read both ways (3/4/2026) were read in: a column's
    own, where one of its dates reads only one way, else the default one."""

    def words(order: str) -> tuple[str, str]:
        return ("month first", "dmy") if order == "mdy" else ("day first", "mdy")

    for column in report.column_orders:
        if column.dates:
            first, other = words(column.order)
            say(
                column.column,
                f": dates that read both ways read {first} ({column.order}), as ",
                column.because,
                " in the same column can only: ",
                ", ".join(column.dates[:3]),
                f"; --date-order {other} or pln config date-order {other} reads them the other way",
            )
    if report.ambiguous_dates and report.date_order:
        first, other = words(report.date_order)
        say(
            f"Dates that read both ways read {first} ({report.date_order}): ",
            ", ".join(report.ambiguous_dates[:3]),
            f"; --date-order {other} or pln config date-order {other} reads them the other way",
        )


def named(report: Report) -> None:
    """Whom an import added and merged into: everyone, by name."""
    if report.added_people:
        label = "Would add:" if report.dry_run else "Added:"
        everyone(label, [p.name for p in report.added_people])
    merged = report.merged_into()
    if merged:
        label = "Would merge into:" if report.dry_run else "Merged into:"
        everyone(label, [p.name for p in merged])


def settings(report: Report) -> None:
    """What a JSON import did with the file's settings: those of a machine or a
    secret never taken, a restore's preferences taken, the store's own kept."""
    if report.settings_left_out:
        say(
            "Settings not taken from the file (this machine's own, never imported): ",
            ", ".join(report.settings_left_out),
        )
    if report.settings_taken:
        say(
            "Settings taken from the file (pln config shows and changes them): ",
            ", ".join(report.settings_taken),
        )
    if report.settings_kept:
        say("Settings kept as they were here (the file differs): ", ", ".join(report.settings_kept))


NAMESAKES = 20  # lines of possible duplicates an import gives; pln duplicates lists them all


def namesakes(found: Sequence[Namesake]) -> None:
    """Those just added who may be someone known: one line each, with the
    merge; past NAMESAKES, how many more (pln duplicates lists them)."""
    for n in found[:NAMESAKES]:
        new = f" (#{n.new_id})" if n.new_id else ""
        said = f": {n.merge}" if n.merge else ""
        say(
            n.new_name,
            new,
            f" may be the same as #{n.known_id} ",
            n.known_name,
            f" ({n.why})",
            said,
        )
    if len(found) > NAMESAKES:
        more = len(found) - NAMESAKES
        say(f"{more} more added may be someone known: pln duplicates lists them (--json: all)")


def guests_imported(out: Outcome, dry_run: bool) -> None:
    """What a registrant or attendee file did to its event (`pln event import`):
    who registered, who came and for how long, who did not, and who was left out."""
    would = "would be " if dry_run else ""
    # Ours: guests (a registrant has not come yet), nobody armed as met; else met there.
    if out.hosted:
        say(f"Read as {out.format}; guests of ", out.event, ", nobody recorded as met")
    else:
        say(f"Read as {out.format}; people met at ", out.event)
    if out.matched:
        everyone(f"Matched {len(out.matched)} known:", out.matched)
    _how_read(out)
    if out.registered:  # elsewhere a ticket, no invitation of ours answered
        answered = "answered yes" if out.hosted else "with the organiser"
        everyone(f"Registered ({would}{answered}):", out.registered)
    if out.attended:
        everyone(f"Attended ({would}recorded):", [_spent(n, m) for n, m in out.attended])
    if out.short:
        everyone(
            f"Under {out.min_minutes} minutes, not counted as attended:",
            [_spent(n, m) for n, m in out.short],
            " (--min-minutes N counts them)",
        )
    _kept_and_owed(out)
    if out.no_shows:
        # As `pln due` counts them; the file did not say whether some came.
        unknown = set(out.unknown)
        names = [f"{n} (attendance unknown)" if n in unknown else n for n in out.no_shows]
        everyone(f"Registered and did not come ({len(out.no_shows)}):", names)
    for name, why in out.skipped:
        say("Skipped ", name, ": ", why)
    for problem in out.unread:
        say("Not understood, ", problem)
    if out.unread_count > len(out.unread):
        say(f"…and {out.unread_count - len(out.unread)} more rows not understood")
    if out.unchanged:
        already = counted(len(out.unchanged), "person", "people")
        everyone(f"Already recorded as the file has them ({already}):", out.unchanged)


def _how_read(out: Outcome) -> None:
    """Who was matched by name alone (the file gave no address: a namesake at
    the same school is possible), and what in the file was read oddly."""
    if out.by_name:
        everyone("Matched by name alone (no email in the file):", out.by_name)
    for notice in out.notices:
        say(notice)


def _kept_and_owed(out: Outcome) -> None:
    """What a later report does not undo, said: an older file's fewer minutes
    (the larger kept), and one sent the recording who came after all."""
    if out.kept_minutes:
        kept = [f"{n} (file says {f} min, kept {k})" for n, f, k in out.kept_minutes]
        everyone("Fewer minutes than recorded, the larger kept:", kept)
    if out.owed_thanks:
        owed = "Sent the recording, then came after all (owed a thank-you):"
        everyone(owed, out.owed_thanks)
    for later in out.later_days:
        say(later)


def _spent(name: str, minutes: int | None) -> str:
    return name if minutes is None else f"{name} ({minutes} min)"
