"""Tables that give each row one line of the terminal: columns that can be
cut with "…" shrink, the widest first; columns that still do not fit are
left out in a stated order; emails, URLs and dates are never cut."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

GAP = 3  # " │ " between columns


def fit_columns(rows: Sequence[Mapping[str, Text]], columns: int, *, flexible: Mapping[str, int],
                optional: Sequence[str], max_width: Mapping[str, int]) -> dict[str, int]:  # fmt: skip
    """Each shown column's width (in the rows' order), so that a row takes
    one line of `columns`. `flexible` columns may be cut down to the width
    given (other columns are shown whole or not at all); an optional column
    with nothing in it is left out."""
    names = list(rows[0]) if rows else []
    natural = {n: min(max([len(n), *(r[n].cell_len for r in rows)]), max_width.get(n, 10**6))
               for n in names}  # fmt: skip
    shown = [n for n in names if n not in optional or any(r[n].plain for r in rows)]
    widths = dict(natural)
    for dropping in (None, *optional):
        if dropping in shown:
            shown.remove(dropping)
        widths = {n: natural[n] for n in shown}
        excess = sum(widths.values()) + GAP * (len(widths) - 1) - columns
        while excess > 0:  # cut the widest column that can be cut, a cell at a time
            cuttable = [n for n in shown if n in flexible and widths[n] > flexible[n]]
            if not cuttable:
                break
            widest = max(cuttable, key=lambda n: widths[n])
            widths[widest] -= 1
            excess -= 1
        if excess <= 0:
            break
    return widths
