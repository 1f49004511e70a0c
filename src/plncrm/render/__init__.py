"""Everything the user sees is drawn here: Rich tables and panels for people,
stable JSON for programs. Commands hand over the same view dicts to either.

User-supplied text always goes through `lit`, which strips terminal control
characters and never interprets Rich markup.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.util.text import one_line, strip_controls

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text


PIPE_WIDTH = 200


def console(stderr: bool = False) -> Console:
    """A console for stdout (or stderr). Rich turns colour off by itself when the
    stream is not a terminal or NO_COLOR is set; piped output is drawn wide, so
    that a row stays one line for grep, unless COLUMNS says otherwise."""
    import os

    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    piped = not (hasattr(stream, "isatty") and stream.isatty())
    width = PIPE_WIDTH if piped and "COLUMNS" not in os.environ else None
    # markup=False: a string that reaches a table cell unconverted is still shown
    # literally (every user value should already be `lit`).
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False, width=width)


def lit(value: object, style: str = "", *, multiline: bool = False) -> Text:
    """User text as a literal Rich Text: markup is not parsed, control characters go."""
    from rich.text import Text

    if value is None:
        return Text("")
    raw = str(value)
    return Text(strip_controls(raw) if multiline else one_line(raw), style=style)


def show(renderable: RenderableType) -> None:
    console().print(renderable)


def say(*parts: object) -> None:
    """One plain line to stdout; every part is shown literally. Soft-wrapped:
    the terminal folds a long line, so a command in it copies as one line.
    Written without Rich (as Rich would: tabs to the next multiple of 8, no
    trailing spaces): the reply of a quick write is most of what it draws."""
    text = "".join(strip_controls(str(p)) for p in parts if p is not None)
    lines = [line.expandtabs(8).rstrip() for line in text.split("\n")]
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()


def warn(*parts: object) -> None:
    """One line to stderr, "pln: warning: …": the command did its work, but
    something the user should know about was left out."""
    from rich.text import Text

    from plncrm.util.text import one_line

    line = Text("pln: warning: ")
    line.append(one_line("".join(str(p) for p in parts)))
    console(stderr=True).print(line, soft_wrap=True)


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")
    sys.stdout.flush()


def print_json_list(batches: Iterable[Iterable[Any]]) -> None:
    """A JSON array written as its items come, laid out as `print_json` would
    lay out the whole list, so that a long list is never held in memory."""
    import json

    first = True
    for batch in batches:
        for item in batch:
            text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write(("[\n" if first else ",\n") + "  " + text.replace("\n", "\n  "))
            first = False
    sys.stdout.write("[]\n" if first else "\n]\n")
    sys.stdout.flush()


def when(day: str | date | None, today: date) -> str:
    """A date with how far it is from today: "2026-11-26 (3 days ago)"."""
    if day is None:
        return "never"
    value = date.fromisoformat(day) if isinstance(day, str) else day
    delta = (value - today).days
    if delta == 0:
        rel = "today"
    elif delta == 1:
        rel = "tomorrow"
    elif delta == -1:
        rel = "yesterday"
    elif delta > 0:
        rel = f"in {delta} days"
    else:
        rel = f"{-delta} days ago"
    return f"{value.isoformat()} ({rel})"


def short_date(day: str | date | None, today: date) -> str:
    """A date as screens show it: "Dec 10" this year, "2027-01-05" otherwise."""
    if day is None:
        return ""
    value = date.fromisoformat(day) if isinstance(day, str) else day
    return f"{value:%b} {value.day}" if value.year == today.year else value.isoformat()


def some_names(names: Sequence[str], shown: int = 5) -> str:
    """The first names and how many more ("Ana Lima, Ben Ode and 3 more"): a
    glimpse of people listed in full elsewhere (a report's line). Whom a
    command acted on is named in full, by `render.names`."""
    listed = ", ".join(names[:shown])
    return listed + (f" and {len(names) - shown} more" if len(names) > shown else "")
