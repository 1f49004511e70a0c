"""Drawing the morning agenda and the follow-up list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.render import lit, show

if TYPE_CHECKING:
    from plncrm.views import View

SECTION_STYLE = {"Overdue": "bold red", "Today": "bold yellow", "Don't strike out": "bold magenta",
                 "Introductions": "bold cyan", "Events": "bold blue", "Reach out": "bold green",
                 "Coming up": "bold"}  # fmt: skip


def _label(item: View) -> str:
    if item["task_id"]:
        return f"#{item['task_id']}"
    ref = item.get("ref") or {}
    for key, prefix in (("intro_id", "intro "), ("event_id", "event ")):
        if key in ref:
            return f"{prefix}{ref[key]}"
    return ""


def agenda(items: Sequence[View], today: date, hidden: int = 0) -> None:
    from rich.table import Table
    from rich.text import Text

    if not items:
        show(Text(f"Nothing due on {today.isoformat()}: your network is in good shape."))
        return
    table = Table(show_header=False, show_edge=False, box=None, pad_edge=False, padding=(0, 1))
    table.add_column("id", justify="right", style="dim", no_wrap=True)
    table.add_column("what")
    table.add_column("due", no_wrap=True, style="dim")
    table.add_column("score", justify="right", style="dim", no_wrap=True)
    section = None
    for item in items:
        if item["section"] != section:
            section = item["section"]
            if table.row_count:
                table.add_row("", "", "", "")
            table.add_row("", Text(section, style=SECTION_STYLE.get(section, "bold")), "", "")
        what = lit(item["title"])
        if item["contact"] and item["contact"] not in item["title"]:
            what.append(" · ").append(lit(item["contact"], "bold"))
        what.append("\n").append(lit(item["reason"], "italic"))
        if item["action"] and not item["task_id"]:
            what.append("\n→ " + item["action"], style="dim")
        table.add_row(_label(item), what, item["due"], f"{item['score']:.1f}")
    show(Text(f"Agenda for {today.isoformat()}", style="bold underline"))
    show(table)
    if hidden:
        show(Text(f"… and {hidden} more (--limit to see them)", style="dim"))
    show(
        Text("Act on an item: pln done ID · pln snooze ID --until WHEN · pln log REF", style="dim")
    )


def follow_ups(tasks: Sequence[View]) -> None:
    from rich.table import Table

    if not tasks:
        show(lit("No follow-ups."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for name in ("id", "due", "follow-up", "contact", "status", "repeats"):
        table.add_column(name, no_wrap=name in ("id", "due"))
    for t in tasks:
        status = t["status"] + (f" until {t['snoozed_until']}" if t["snoozed_until"] else "")
        table.add_row(str(t["id"]), t["due"], lit(t["title"]), lit(t["contact"]["name"] if t["contact"] else ""),
                      status, f"every {t['every']}" if t["every"] else "")  # fmt: skip
    show(table)
