"""QR codes for the booth: in the terminal, as SVG for pages and posters, as PNG.

One encoder (segno, pure Python) and one choice of symbol: a full QR code (never
a Micro QR, which phone cameras do not read), error correction at least M, and
the standard quiet zone of four modules, without which many cameras find no code.

The terminal drawing uses no colour codes, so it goes through Rich, a pipe or a
log untouched; a character cell is about twice as tall as it is wide, so each
cell holds two modules, one above the other, as half blocks. Without colours the
drawing cannot know the terminal's background, so it draws the *light* modules
(and the quiet zone) in the foreground colour: on a dark terminal, the commonest
for the people who run `pln`, that is the code as printed on paper, dark on
light, framed by its quiet zone. On a light terminal the same characters show the
code inverted, which the cameras of current phones (and zxing) read too;
`invert=True` draws the dark modules instead, for a light terminal whose camera
insists.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from plncrm.util.errors import Invalid
from plncrm.util.text import one_line

if TYPE_CHECKING:
    import segno

QUIET = 4  # modules of light border on every side (ISO/IEC 18004)

Matrix = tuple[tuple[bool, ...], ...]

# (upper module light, lower module light) → the half block showing both.
_CELLS = {
    (True, True): "\u2588",  # full block
    (True, False): "\u2580",  # upper half block
    (False, True): "\u2584",  # lower half block
    (False, False): " ",
}


def _code(text: str) -> segno.QRCode:
    import segno

    try:
        return segno.make_qr(text, error="m")
    except segno.DataOverflowError:
        raise Invalid(
            f"too long for a QR code ({len(text.encode())} bytes; at most about 2,300)"
        ) from None


def matrix(text: str) -> Matrix:
    """The code's modules with the quiet zone, row by row: True is dark."""
    code = _code(text)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix_iter(border=QUIET))


def terminal(text: str, *, invert: bool = False) -> str:
    """`text` as a QR code of Unicode half blocks, one line per two module rows,
    lines joined by newlines (no trailing newline). See the module's docstring
    for which modules are drawn."""
    return draw(matrix(text), invert=invert)


def draw(modules: Sequence[Sequence[bool]], *, invert: bool = False) -> str:
    """Half blocks for a module matrix (True is dark); an odd last row is paired
    with a row of quiet zone."""
    width = len(modules[0]) if modules else 0
    quiet = [False] * width
    lines = []
    for top in range(0, len(modules), 2):
        upper = modules[top]
        lower = modules[top + 1] if top + 1 < len(modules) else quiet
        lines.append(
            "".join(_CELLS[(u == invert, d == invert)] for u, d in zip(upper, lower, strict=True))
        )
    return "\n".join(lines)


def svg_path(modules: Sequence[Sequence[bool]]) -> str:
    """SVG path data covering the dark modules, one unit per module: each run
    of dark modules in a row is one rectangle."""
    parts = []
    for y, row in enumerate(modules):
        x = 0
        while x < len(row):
            if not row[x]:
                x += 1
                continue
            start = x
            while x < len(row) and row[x]:
                x += 1
            parts.append(f"M{start} {y}h{x - start}v1h-{x - start}z")
    return "".join(parts)


def svg(text: str, *, scale: int = 4, title: str | None = None) -> str:
    """`text` as a standalone SVG element (no XML declaration, so it can be put
    inline in HTML or in another SVG): `scale` pixels per module, a white
    background under the quiet zone (a dark page or poster does not swallow
    it), and a `<title>` that screen readers announce (`title`, or "QR code")."""
    if scale < 1:
        raise Invalid("a QR code's scale is at least 1 pixel per module")
    modules = matrix(text)
    size = len(modules) * scale
    return _element(modules, f'width="{size}" height="{size}"', title)


def svg_at(text: str, *, x: float, y: float, width: float, title: str | None = None) -> str:
    """`text` as an SVG element placed inside another SVG: at (`x`, `y`),
    `width` wide and high, in the enclosing drawing's units (a poster's mm)."""
    place = f'x="{x:g}" y="{y:g}" width="{width:g}" height="{width:g}"'
    return _element(matrix(text), place, title)


def _element(modules: Matrix, place: str, title: str | None) -> str:
    size = len(modules)
    label = one_line(title) if title else "QR code"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" {place} '
        f'viewBox="0 0 {size} {size}" aria-label={quoteattr(label)}>'
        f"<title>{escape(label)}</title>"
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path d="{svg_path(modules)}" fill="#000" shape-rendering="crispEdges"/>'
        "</svg>"
    )


def png(text: str, *, scale: int = 8) -> bytes:
    """`text` as a black-and-white PNG, `scale` pixels per module, quiet zone included."""
    if scale < 1:
        raise Invalid("a QR code's scale is at least 1 pixel per module")
    out = io.BytesIO()
    _code(text).save(out, kind="png", scale=scale, border=QUIET)
    return out.getvalue()
