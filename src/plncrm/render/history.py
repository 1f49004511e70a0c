"""`pln history`: the table of the journal's entries (their views: `core.views.history_view`)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from plncrm.render import lit, show

if TYPE_CHECKING:
    from plncrm.core.view_shapes import HistoryView


def _local(stamp: str) -> str:
    """A stamp as the machine's local time, to the minute."""
    return datetime.fromisoformat(stamp).astimezone().strftime("%Y-%m-%d %H:%M")


def history_table(entries: Sequence[HistoryView], *, team: bool) -> None:
    from rich.table import Table

    if not entries:
        show(lit("No changes recorded yet."))
        return
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("id", no_wrap=True, justify="right")
    table.add_column("when", no_wrap=True)
    if team:
        table.add_column("who")
    table.add_column("command", ratio=1)
    table.add_column("changed", ratio=1)
    for e in entries:
        what = lit(e["summary"])
        if e["undone_at"]:
            what = (
                lit(f"undone {_local(e['undone_at'])}:", "dim")
                .append(" ")
                .append(lit(e["summary"], "dim"))
            )
        row = [str(e["id"]), _local(e["at"])]
        if team:
            row.append(e["member"] or "")
        table.add_row(*row, lit(e["command"]), what)
    show(table)
