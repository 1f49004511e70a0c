"""Plain styled lines for the screen drawn every morning, without Rich.

Loading and starting Rich's console costs more than the rest of `pln due`
(about 60 ms of its 200); the agenda is aligned lines with a few styles, which
need only the terminal's width, a cell count that knows wide (CJK) characters,
and ANSI styles. The rules follow Rich's, so both kinds of screen agree: styles
only on a terminal (or with FORCE_COLOR), colours off with NO_COLOR, nothing
with TERM=dumb; piped output as wide as `PIPE_WIDTH` unless COLUMNS says.
"""

from __future__ import annotations

import os
import shutil
import sys

from rich.cells import cell_len, set_cell_size

from plncrm.util.text import one_line

_CODES = {
    "bold": "1",
    "dim": "2",
    "italic": "3",
    "underline": "4",
    "red": "31",
    "green": "32",
    "yellow": "33",
    "blue": "34",
    "magenta": "35",
    "cyan": "36",
}
_COLOURS = {"red", "green", "yellow", "blue", "magenta", "cyan"}
ELLIPSIS = "…"


class Styled:
    """A line being built: its spans of text and their styles ("bold red")."""

    def __init__(self, spans: list[tuple[str, str]] | None = None) -> None:
        self.spans = spans or []

    def add(self, text: str, style: str = "") -> Styled:
        if text:
            self.spans.append((text, style))
        return self

    def literal(self, value: object, style: str = "") -> Styled:
        """User text: on one line, without control characters (`render.lit`)."""
        return self.add("" if value is None else one_line(str(value)), style)

    def extend(self, other: Styled) -> Styled:
        self.spans += other.spans
        return self

    @property
    def cells(self) -> int:
        return sum(cell_len(text) for text, _ in self.spans)

    def cut(self, room: int) -> Styled:
        """At most `room` cells, ending in "…" when cut."""
        if self.cells <= room:
            return self
        kept: list[tuple[str, str]] = []
        left = max(room - 1, 0)
        for text, style in self.spans:
            if cell_len(text) <= left:
                kept.append((text, style))
                left -= cell_len(text)
                continue
            kept.append((set_cell_size(text, left) + ELLIPSIS, style))  # as Rich's truncate
            break
        return Styled(kept)


class Terminal:
    """Where lines go: stdout, its width, and whether it takes styles."""

    def __init__(self) -> None:
        stream = sys.stdout
        tty = bool(getattr(stream, "isatty", None) and stream.isatty())
        env = os.environ
        columns = env.get("COLUMNS", "")
        if columns.isdigit() and int(columns) > 0:
            self.width = int(columns)
        elif tty:
            self.width = shutil.get_terminal_size().columns
        else:
            from plncrm.render import PIPE_WIDTH

            self.width = PIPE_WIDTH
        self.styles = (tty or bool(env.get("FORCE_COLOR"))) and env.get("TERM") != "dumb"
        self.colours = self.styles and not env.get("NO_COLOR")

    def render(self, line: Styled) -> str:
        if not self.styles:
            return "".join(text for text, _ in line.spans)
        return "".join(self._styled(text, style) for text, style in line.spans)

    def _styled(self, text: str, style: str) -> str:
        codes = [
            _CODES[w] for w in style.split() if w in _CODES and (self.colours or w not in _COLOURS)
        ]
        return f"\x1b[{';'.join(codes)}m{text}\x1b[0m" if codes else text

    def print(self, *lines: Styled) -> None:
        sys.stdout.write("".join(self.render(line).rstrip() + "\n" for line in lines))
