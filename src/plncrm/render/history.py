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


def _broken(command: str) -> str:
    """An assistant's step with its arguments on a line of their own: a tool's name and
    its first argument (`propose_introduction(a="Maximiliana`) are one word too wide to wrap."""
    tool, paren, arguments = command.partition("(")
    if not command.startswith("mcp: ") or not paren:
        return command
    return f"{tool}(\n{arguments}"


def _whom(people: Sequence[str], *, more: bool) -> str:
    """Whom a change was about, as `pln undo` says it (`: Maya Okafor`)."""
    if not people:
        return ""
    return ": " + ", ".join(people) + (" …" if more else "")


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
    # Folded, never cut: an assistant's step is one long line of arguments whose
    # words (`log_interaction(people=["Maya`) are wider than a column at 80.
    table.add_column("command", ratio=1, overflow="fold")
    table.add_column("changed", ratio=1, overflow="fold")
    for e in entries:
        changed = e["summary"] + _whom(e["people"], more=e["people_more"])
        what = lit(changed)
        if e["undone_at"]:
            what = (
                lit(f"undone {_local(e['undone_at'])}:", "dim")
                .append(" ")
                .append(lit(changed, "dim"))
            )
        row = [str(e["id"]), _local(e["at"])]
        if team:
            row.append(e["member"] or "")
        table.add_row(*row, lit(_broken(e["command"])), what)
    show(table)
