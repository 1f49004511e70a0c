"""Drawing the morning agenda and the follow-up list."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.render import lit, short_date, show

if TYPE_CHECKING:
    from plncrm.agenda.handles import AgendaView
    from plncrm.core.view_shapes import FollowUpView
    from plncrm.core.views import View
    from plncrm.render.terminal import Styled

SECTION_STYLE = {
    "Overdue": "bold red",
    "Today": "bold yellow",
    "Don't strike out": "bold magenta",
    "Introductions": "bold cyan",
    "Events": "bold blue",
    "Reach out": "bold green",
    "Coming up": "bold",
}


def _label(item: AgendaView) -> str:
    return item["handle"]


def agenda(
    items: Sequence[AgendaView],
    today: date,
    hidden: int = 0,
    at_least: bool = False,
    me: str | None = None,
    others: int = 0,
) -> None:
    """The morning screen: plain aligned lines, drawn without Rich (see
    `render.terminal`): it runs every morning, and Rich costs more than the rest."""
    from plncrm.render.terminal import Styled, Terminal

    out = Terminal()
    later = f"{others:,}{'+' if others >= 1000 else ''} more assigned to others: pln due --all"
    if not items:
        out.print(
            Styled().add(f"Nothing due on {today.isoformat()}: your network is in good shape.")
        )
        if others:
            out.print(Styled().add(later, "dim"))
        return
    width = max(len(_label(i)) for i in items)
    # The due dates line up after the longest line that fits.
    whats = what_lines(items, me)
    align = max(w.cells for w in whats)
    pad = " " * (width + 1)
    lines = [Styled().add(f"Agenda for {today.isoformat()}", "bold underline")]
    section = None
    for item, what in zip(items, whats, strict=True):
        if item["section"] != section:
            section = item["section"]
            lines += [Styled(), Styled().add(pad).add(section, SECTION_STYLE.get(section, "bold"))]
        lines.append(_line(item, what, width, out.width, align, today))
        reason = Styled().literal(item["reason"], "italic").cut(out.width - len(pad))
        lines.append(Styled().add(pad).extend(reason))
        if item["action"] and not item["task_id"]:
            lines.append(Styled().add(pad + "→ ").literal(item["action"], "dim").cut(out.width))
    if hidden:
        more = f"{hidden:,}+" if at_least else str(hidden)
        lines += [Styled(), Styled().add(f"… and {more} more (--limit N, or 0 for all)", "dim")]
    if others:
        lines += [Styled(), Styled().add(later, "dim")]
    lines += [Styled(), *(Styled().add(hint, "dim") for hint in _how_to_act(items))]
    out.print(*lines)


def _how_to_act(items: Sequence[AgendaView]) -> list[str]:
    """How to act on the lines shown, with a handle from the screen itself."""
    tasks = [i["handle"] for i in items if i["task_id"]]
    others = [i["handle"] for i in items if not i["task_id"]]
    hints = []
    if tasks:
        hints.append(f"Act on a line: pln done {tasks[0]} · pln snooze {tasks[0]} --until WHEN")
    if others:
        shown = ", ".join(dict.fromkeys(others[:3])) + (", …" if len(set(others)) > 3 else "")
        hints.append(f"{shown}: pln done HANDLE says which command records the step")
    return hints


def what_lines(items: Sequence[AgendaView], me: str | None) -> list[Styled]:
    """Each line's who and what, as `pln due` and the pocket agenda show it."""
    ids_by_name: dict[str, set[object]] = {}
    for i in items:
        ids_by_name.setdefault(i["contact"] or "", set()).add(i["contact_id"])
    twins = {name for name, ids in ids_by_name.items() if name and len(ids) > 1}
    return [_what(i, me, twins) for i in items]


def _what(item: AgendaView, me: str | None, twins: set[str]) -> Styled:
    """Who (first: the name is what the eye looks for) and what; among
    `twins` (names two people on the screen share), with their organisation
    or id."""
    from plncrm.render.terminal import Styled

    what = Styled()
    if item["contact"] and item["contact"] not in item["title"]:
        what.literal(item["contact"], "bold")
        if item["contact"] in twins:
            what.add(" (").literal(item.get("org") or f"#{item['contact_id']}").add(")")
        what.add(" · ")
    what.literal(item["title"])
    if item.get("owner") and item["owner"] != me:
        what.add(" @").literal(item["owner"], "cyan")
    return what


def _line(
    item: AgendaView, what: Styled, width: int, columns: int, align: int, today: date
) -> Styled:
    """One agenda line: handle, who and what, then the day it is due; cut with
    an ellipsis to fit the terminal. The score is in --json."""
    from plncrm.render.terminal import Styled

    line = Styled().add(_label(item).rjust(width) + " ", "dim")
    day = short_date(item["due"], today)
    room = max(min(columns - line.cells - len("2026-12-31") - 2, align), 10)
    what = what.cut(room)
    return line.extend(what).add(" " * (room - what.cells + 2) + day, "dim")


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
        row = {
            "id": lit(str(t["id"])),
            "due": lit(short_date(t["due"], today)),
            "follow-up": lit(t["title"]),
            "contact": lit(t["contact"]["name"] if t["contact"] else ""),
            "status": lit(status),
            "repeats": lit(f"every {t['every']}" if t["every"] else ""),
        }
        if owners:
            row["owner"] = lit(t["owner"] or "—")
        rows.append(row)
    table = fitted_table(
        rows,
        flexible=FOLLOW_UP_FLEXIBLE,
        optional=FOLLOW_UP_OPTIONAL,
        max_width={"follow-up": 60, "contact": 28},
    )
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
