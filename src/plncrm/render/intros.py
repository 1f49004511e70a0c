"""Drawing introductions, suggestions and ripples."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal

from plncrm.render import lit, show

if TYPE_CHECKING:
    from rich.tree import Tree

    from plncrm.core.view_shapes import IntroView, RippleView
    from plncrm.matchmaking.rank import SuggestionView

StepKey = Literal[
    "proposed_on",
    "a_asked_on",
    "b_asked_on",
    "a_answered_on",
    "b_answered_on",
    "introduced_on",
    "closed_on",
]
STEPS: tuple[tuple[str, StepKey], ...] = (
    ("proposed", "proposed_on"),
    ("asked A", "a_asked_on"),
    ("asked B", "b_asked_on"),
    ("A answered", "a_answered_on"),
    ("B answered", "b_answered_on"),
    ("introduced", "introduced_on"),
    ("closed", "closed_on"),
)


def intros_table(intros: Sequence[IntroView]) -> None:
    from plncrm.render.fit import fitted_table

    if not intros:
        show(lit("No open introductions. `pln suggest` finds people who should meet."))
        return

    rows = [
        {
            "id": lit(str(i["id"])),
            "A": lit(i["a"]["name"]),
            "B": lit(i["b"]["name"]),
            "status": lit(i["status"] + (f": {i['outcome']}" if i["outcome"] else "")),
            "answers": lit(f"{i['a_answer'] or '–'} / {i['b_answer'] or '–'}"),
            "why": lit(i["why"]),
        }
        for i in intros
    ]
    # One line each: the why is cut first (`pln intro show ID` has it whole).
    table = fitted_table(
        rows,
        flexible={"why": 12, "A": 10, "B": 10},
        optional=("answers",),
        max_width={"A": 24, "B": 24},
    )
    show(table)


def intro_card(intro: IntroView) -> None:
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim", no_wrap=True)
    grid.add_column()
    grid.add_row("why", lit(intro["why"]))
    grid.add_row("status", lit(intro["status"] + (" (direct)" if intro["direct"] else "")))
    for label, key in STEPS:
        day = intro[key]
        if day:
            answer = ""
            if key == "a_answered_on":
                answer = f": {intro['a_answer']}"
            elif key == "b_answered_on":
                answer = f": {intro['b_answer']}"
            grid.add_row(label, lit(day + answer))
    if intro["outcome"]:
        grid.add_row(
            "outcome",
            lit(
                intro["outcome"] + (f" ({intro['outcome_note']})" if intro["outcome_note"] else "")
            ),
        )
    title = Text(f"Introduction #{intro['id']}: ", style="bold")
    title.append(lit(intro["a"]["name"])).append(" (A) ↔ ").append(lit(intro["b"]["name"])).append(
        " (B)"
    )
    show(Panel(grid, title=title, title_align="left", expand=False))


def suggestions_table(items: Sequence[SuggestionView]) -> None:
    from rich.table import Table
    from rich.text import Text

    if not items:
        hint = "add what people need and offer (--needs, --offers) and tag them"
        show(lit(f"No suggestions yet: {hint}."))
        return
    table = Table(show_edge=False, pad_edge=False)
    table.add_column("score", justify="right", no_wrap=True)
    table.add_column("introduce")
    table.add_column("why")
    for s in items:
        who = lit(s["a"]["name"]).append(f" (#{s['a']['id']})", style="dim").append("\n↔ ")
        who.append(lit(s["b"]["name"])).append(f" (#{s['b']['id']})", style="dim")
        why = Text("\n").join(lit(r) for r in s["reasons"])
        table.add_row(f"{s['score']:.1f}", who, why)
    show(table)
    show(Text('Start one: pln intro A B --why "…"', style="dim"))


def ripple_tree(root: RippleView) -> None:
    from rich.tree import Tree

    tree = Tree(lit(root["contact"]["name"], "bold"))
    _grow(tree, root["children"])
    show(tree)
    if not root["children"]:
        show(lit("No one has come into the network through them yet.", "dim"))


def _grow(tree: Tree, children: Sequence[RippleView]) -> None:
    for child in children:
        label = lit(child["contact"]["name"], "bold")
        label.append(
            "  " + ("brought to you" if child["how"] == "via" else "introduced by you"), style="dim"
        )
        if child["result"]:
            label.append(" · ").append(lit(child["result"]))
        _grow(tree.add(label), child["children"])
