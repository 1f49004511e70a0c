"""Drawing import summaries and duplicate lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from plncrm.render import lit

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from plncrm.importers.records import Rejected


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
