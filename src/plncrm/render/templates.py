"""`pln template list`: each kind of message, whether its wording is the
user's or the default, and the fields its template may use."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plncrm.render import lit, show


def template_list(kinds: Sequence[dict[str, Any]]) -> None:
    """`kinds`: {"kind", "edited", "fields"} each, as `--json` prints them."""
    from rich.table import Table

    table = Table(show_edge=False, pad_edge=False)
    table.add_column("kind", no_wrap=True)
    table.add_column("wording", no_wrap=True)
    table.add_column("fields", ratio=1)
    for row in kinds:
        wording = lit("edited", "bold") if row["edited"] else lit("default", "dim")
        table.add_row(lit(row["kind"]), wording, lit(", ".join(row["fields"])))
    show(table)
    show(lit("pln template show KIND prints one; pln template edit KIND changes it.", "dim"))
