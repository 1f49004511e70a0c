"""Tables that give each row one line of the terminal: columns that can be
cut with "…" shrink, the widest first; columns that still do not fit are
left out in a stated order; emails, URLs and dates are never cut."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text

GAP = 3  # " │ " between columns
COMFORTABLE = 18  # cells a cut column keeps while optional columns can still be left out


def fit_columns(
    rows: Sequence[Mapping[str, Text]],
    columns: int,
    *,
    flexible: Mapping[str, int],
    optional: Sequence[str],
    max_width: Mapping[str, int],
) -> dict[str, int]:
    """Each shown column's width (in the rows' order), so that a row takes
    one line of `columns`. `flexible` columns may be cut down to the width
    given (other columns are shown whole or not at all); an optional column
    with nothing in it is left out."""
    names = list(rows[0]) if rows else []
    natural = {
        n: min(max([len(n), *(r[n].cell_len for r in rows)]), max_width.get(n, 10**6))
        for n in names
    }
    present = [n for n in names if n not in optional or any(r[n].plain for r in rows)]
    # First keep cut columns readable (a name of up to COMFORTABLE cells whole)
    # and rather leave optional ones out, all but the last (the most wanted);
    # only if that fails, cut deeper and leave that one out too.
    comfortable = {n: max(low, min(natural[n], COMFORTABLE)) for n, low in flexible.items()}
    widths: dict[str, int] = {}
    for floors, droppable in ((comfortable, optional[:-1]), (flexible, optional)):
        shown = list(present)
        for dropping in (None, *droppable):
            if dropping in shown:
                shown.remove(dropping)
            widths = _cut({n: natural[n] for n in shown}, floors, columns)
            if sum(widths.values()) + GAP * (len(widths) - 1) <= columns:
                return widths
    return widths


def _cut(widths: dict[str, int], floors: Mapping[str, int], columns: int) -> dict[str, int]:
    """Cut the widest column that may be cut, a cell at a time, down to its floor."""
    excess = sum(widths.values()) + GAP * (len(widths) - 1) - columns
    while excess > 0:
        cuttable = [n for n in widths if n in floors and widths[n] > floors[n]]
        if not cuttable:
            break
        widest = max(cuttable, key=lambda n: widths[n])
        widths[widest] -= 1
        excess -= 1
    return widths


def fitted_table(
    rows: Sequence[Mapping[str, Text]],
    *,
    flexible: Mapping[str, int],
    optional: Sequence[str],
    max_width: Mapping[str, int],
    right: Sequence[str] = ("id",),
    styles: Mapping[str, str] | None = None,
    show_header: bool = True,
) -> Table:
    """A table of `rows` (column name → cell) laid out by `fit_columns` for this terminal."""
    from rich.table import Table

    from plncrm.render import console

    widths = fit_columns(
        rows, console().width, flexible=flexible, optional=optional, max_width=max_width
    )
    table = Table(show_edge=False, pad_edge=False, expand=False, show_header=show_header)
    for name, width in widths.items():
        table.add_column(
            name,
            no_wrap=True,
            overflow="ellipsis",
            width=width,
            justify="right" if name in right else "left",
            style=(styles or {}).get(name, ""),
        )
    for row in rows:
        table.add_row(*(row[name] for name in widths))
    return table
