"""Naming everyone a command acted on: one line of names, wrapped between
names at the terminal's width, never cut at five (the one home of the concept)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from plncrm.util.text import one_line

LISTED = 200  # names a reply gives; past them, --json has everyone
CUT = " and {} more (--json lists everyone)"


def width() -> int:
    """The width a reply wraps at, as `render.console` would draw it (COLUMNS,
    else the terminal's, else wide when piped), without starting Rich."""
    import os
    import shutil

    from plncrm.render import PIPE_WIDTH

    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if not (hasattr(sys.stdout, "isatty") and sys.stdout.isatty()):
        return PIPE_WIDTH
    return shutil.get_terminal_size().columns


def _cells(text: str) -> int:
    """Columns `text` takes; Rich's table (5 ms to load) only for non-ASCII."""
    if text.isascii():
        return len(text)
    from rich.cells import cell_len

    return cell_len(text)


def _items(names: Sequence[str], sep: str = ",") -> list[str]:
    """Each name shown literally, with its comma; the last one carries the cut."""
    shown = [one_line(n) for n in names[:LISTED]]
    items = [f"{n}{sep}" for n in shown[:-1]] + shown[-1:]
    if len(names) > LISTED:
        items[-1] += CUT.format(len(names) - LISTED)
    return items


def listed(names: Sequence[str]) -> str:
    """Every name in a sentence (a warning's, which the terminal folds): the
    same names and cut as `wrapped`, on one line."""
    return " ".join(_items(names))


def wrapped(
    label: str, names: Sequence[str], after: str = "", room: int = 80, sep: str = ","
) -> list[str]:
    """The label then every name (up to LISTED, then how many more and where
    they all are), as lines of at most `room` cells broken between names (a
    label between its words), never inside one: a name wider than the room
    alone on its line. The `after` hint may go on a line of its own. `sep`
    ends each name but the last (";" between parts that may hold commas)."""
    room = max(room, 40)
    items = _items(names, sep)
    if after.strip():
        items.append(one_line(after))
    lines: list[str] = []
    line = ""
    for item in [*one_line(label).split(" "), *items]:  # a long label wraps between words
        if not line.strip():
            line += item
        elif _cells(line) + 1 + _cells(item) > room:
            lines.append(line)
            line = "  " + item
        else:
            line = f"{line} {item}"
    return [*lines, line]


def everyone(label: str, names: Sequence[str], after: str = "", sep: str = ",") -> None:
    """Print `wrapped` at the terminal's width: a reply names everyone it
    acted on, so nobody is left as "and 4 more"."""
    from plncrm.render import say

    say("\n".join(wrapped(label, names, after, width(), sep)))
