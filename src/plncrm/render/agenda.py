"""Drawing the morning agenda and the follow-up list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.render import console, lit, short_date, show

if TYPE_CHECKING:
    from rich.text import Text

    from plncrm.render.views import AgendaView, FollowUpView, View

SECTION_STYLE = {"Overdue": "bold red", "Today": "bold yellow", "Don't strike out": "bold magenta",
                 "Introductions": "bold cyan", "Events": "bold blue", "Reach out": "bold green",
                 "Coming up": "bold"}  # fmt: skip


def _label(item: AgendaView) -> str:
    return item["handle"]


def agenda(
    items: Sequence[AgendaView], today: date, hidden: int = 0, at_least: bool = False,
    me: str | None = None, others: int = 0,
) -> None:  # fmt: skip
    """The morning screen. Plain aligned lines rather than a Rich table: it is
    drawn every morning, and laying out a table costs more than the rest of it."""
    from rich.text import Text

    out = console()
    later = f"{others:,}{'+' if others >= 1000 else ''} more assigned to others: pln due --all"
    if not items:
        out.print(Text(f"Nothing due on {today.isoformat()}: your network is in good shape."))
        if others:
            out.print(Text(later, style="dim"))
        return
    width = max(len(_label(i)) for i in items)
    columns = out.width
    # The due dates line up after the longest line that fits.
    whats = [_what(i, me) for i in items]
    align = max(w.cell_len for w in whats)
    screen = Text()
    screen.append(f"Agenda for {today.isoformat()}\n", style="bold underline")
    section = None
    for item, what in zip(items, whats, strict=True):
        if item["section"] != section:
            section = item["section"]
            screen.append("\n" + " " * (width + 1))
            screen.append(section + "\n", style=SECTION_STYLE.get(section, "bold"))
        screen.append_text(_line(item, what, width, columns, align, today))
        pad = " " * (width + 1)
        screen.append(pad).append_text(_fit(lit(item["reason"], "italic"), columns - len(pad)))
        screen.append("\n")
        if item["action"] and not item["task_id"]:
            screen.append(pad + "→ ").append_text(lit(item["action"], "dim")).append("\n")
    if hidden:
        more = f"{hidden:,}+" if at_least else str(hidden)
        screen.append(f"\n… and {more} more (--limit N, or 0 for all)\n", style="dim")
    if others:
        screen.append(f"\n{later}\n", style="dim")
    screen.append(
        "\nAct on a line: pln done 12 · pln snooze 12 --until WHEN\n"
        "(i4, e2, m1 and k31 lines say their command)",
        style="dim",
    )
    out.print(screen, soft_wrap=False)


def _what(item: AgendaView, me: str | None) -> Text:
    """Who (first: the name is what the eye looks for) and what."""
    from rich.text import Text

    what = Text()
    if item["contact"] and item["contact"] not in item["title"]:
        what.append_text(lit(item["contact"], "bold")).append(" · ")
    what.append_text(lit(item["title"]))
    if item.get("owner") and item["owner"] != me:
        what.append(" @").append_text(lit(item["owner"], "cyan"))
    return what


def _line(item: AgendaView, what: Text, width: int, columns: int, align: int, today: date) -> Text:
    """One agenda line: handle, who and what, then the day it is due; cut with
    an ellipsis to fit the terminal. The score is in --json."""
    from rich.text import Text

    line = Text(_label(item).rjust(width) + " ", style="dim")
    day = short_date(item["due"], today)
    room = max(min(columns - line.cell_len - len("2026-12-31") - 2, align), 10)
    what = _fit(what, room)
    line.append_text(what)
    line.append(" " * (room - what.cell_len + 2) + day + "\n", style="dim")
    return line


def _fit(text: Text, room: int) -> Text:
    """`text` cut to `room` cells, ending in "…" when cut."""
    if text.cell_len > room:
        text.truncate(room, overflow="ellipsis")
    return text


FOLLOW_UP_FLEXIBLE = {"follow-up": 20, "contact": 12}
FOLLOW_UP_OPTIONAL = ("repeats", "owner", "status", "contact")


def follow_ups(tasks: Sequence[FollowUpView], today: date) -> None:
    """One line per follow-up; the owner only in a team (more than one owner)."""
    from plncrm.render.fit import fitted_table

    if not tasks:
        show(lit("No follow-ups."))
        return
    owners = len({t["owner"] for t in tasks}) > 1
    rows = []
    for t in tasks:
        status = t["status"] + (
            f" until {short_date(t['snoozed_until'], today)}" if t["snoozed_until"] else ""
        )
        row = {"id": lit(str(t["id"])), "due": lit(short_date(t["due"], today)), "follow-up": lit(t["title"]),
               "contact": lit(t["contact"]["name"] if t["contact"] else ""), "status": lit(status),
               "repeats": lit(f"every {t['every']}" if t["every"] else "")}  # fmt: skip
        if owners:
            row["owner"] = lit(t["owner"] or "—")
        rows.append(row)
    table = fitted_table(rows, flexible=FOLLOW_UP_FLEXIBLE, optional=FOLLOW_UP_OPTIONAL,
                         max_width={"follow-up": 60, "contact": 28})  # fmt: skip
    show(table)


def team(members: Sequence[View]) -> None:
    from rich.table import Table

    if not members:
        show(lit("No members yet: what someone records is signed with their PLN_USER."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for name in ("member", "open", "overdue"):
        table.add_column(name, justify="left" if name == "member" else "right")
    for m in members:
        table.add_row(lit(m["name"] or "(unassigned)"), str(m["open"]), str(m["overdue"]))
    show(table)
