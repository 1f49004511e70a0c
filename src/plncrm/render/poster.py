"""`pln event poster`: a printable A4 sign for the booth, as SVG.

The resources on offer, each with its link as a QR code a visitor scans to take
it home; the event the networker hosts, with its day and time as pln shows
events and its link as a QR code; and who to ask. Drawn in millimetres (the
viewBox is the A4 page), so it prints at its size from any browser. SVG has
no line wrapping, so long names are wrapped here by an estimate of their width
and cut with "…" past a few lines. Every text is one line without control or
bidirectional characters, then escaped: a name is shown as it is written."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple
from xml.sax.saxutils import escape

from plncrm.util import qr
from plncrm.util.text import one_line

WIDTH, HEIGHT, MARGIN = 210, 297, 15  # A4 portrait, mm
INNER = WIDTH - 2 * MARGIN
EM = 0.56  # the average width of a character of a sans-serif font, in ems
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
MAX_OFFERS = 9


class Offer(NamedTuple):
    name: str
    link: str


class Invite(NamedTuple):
    name: str
    when: str  # as pln shows events: "2026-12-10, 16:00–17:00 America/Chicago"
    where: str  # a place or an address; "" for none
    link: str  # what the QR code opens; "" for none


def wrap(text: str, size: float, width: float, lines: int) -> list[str]:
    """`text` in at most `lines` lines of about `width` mm at font `size` mm,
    the last cut with "…" when it does not fit."""
    room = max(4, int(width / (size * EM)))
    out = [""]
    for whole in one_line(text).split(" "):
        word = whole
        while len(word) > room:  # a word longer than a line (a URL): cut it
            if out[-1]:
                out.append("")
            out[-1], word = word[:room], word[room:]
            out.append("")
        if out[-1] and len(out[-1]) + 1 + len(word) > room:
            out.append(word)
        elif word:
            out[-1] = f"{out[-1]} {word}" if out[-1] else word
    out = [line for line in out if line]
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][: room - 1].rstrip() + "…"
    return out


def _text(
    x: float,
    y: float,
    lines: Sequence[str],
    size: float,
    *,
    bold: bool = False,
    anchor: str = "middle",
    fill: str = "#000",
) -> tuple[str, float]:
    """A <text> of one <tspan> a line; and the y below its last line."""
    weight = ' font-weight="bold"' if bold else ""
    spans = "".join(
        f'<tspan x="{x:g}" y="{y + i * size * 1.25:.2f}">{escape(line)}</tspan>'
        for i, line in enumerate(lines)
    )
    element = (
        f'<text font-size="{size:g}" text-anchor="{anchor}" fill="{fill}"{weight}>{spans}</text>'
    )
    return element, y + (len(lines) - 1) * size * 1.25 + size * 0.6


def poster(booth: str, offers: Sequence[Offer], invite: Invite | None, me: str) -> str:
    """The poster as an SVG document."""
    parts: list[str] = []
    title = f"{one_line(booth)}: free resources" if offers else one_line(booth)
    element, y = _text(WIDTH / 2, MARGIN + 12, wrap(booth, 11, INNER, 2), 11, bold=True)
    parts.append(element)
    bottom = HEIGHT - MARGIN - 10  # the footer's line
    invite_top = bottom - 70 if invite is not None else bottom
    if offers:
        element, y = _text(WIDTH / 2, y + 14, ["Free resources: scan to take them home"], 7)
        parts.append(element)
        parts += _offers(offers, y + 6, invite_top - 6)
    if invite is not None:
        parts += _invite(invite, invite_top)
    if me:
        element, _ = _text(WIDTH / 2, bottom + 6, wrap(f"Ask {me}", 5, INNER, 1), 5)
        parts.append(element)
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'width="{WIDTH}mm" height="{HEIGHT}mm" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'font-family="{FONT}">'
        f"<title>{escape(title)}</title>"
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#fff"/>' + "".join(parts) + "</svg>\n"
    )


def _offers(offers: Sequence[Offer], top: float, bottom: float) -> list[str]:
    """A grid of QR codes, each with its resource's name and link below it."""
    columns = 1 if len(offers) == 1 else 2 if len(offers) <= 4 else 3
    rows = -(-len(offers) // columns)
    cell_width, cell_height = INNER / columns, (bottom - top) / rows
    side = max(20.0, min(cell_width - 12, cell_height - 20, 90.0))
    name_size = 5.0 if columns < 3 else 4.0
    parts = []
    for i, offer in enumerate(offers):
        left = MARGIN + (i % columns) * cell_width
        y = top + (i // columns) * cell_height
        centre = left + cell_width / 2
        parts.append(qr.svg_at(offer.link, x=centre - side / 2, y=y, width=side, title=offer.name))
        names = wrap(offer.name, name_size, cell_width - 4, 2)
        element, below = _text(centre, y + side + name_size + 1, names, name_size, bold=True)
        parts.append(element)
        link = wrap(offer.link.split("://", 1)[-1], 3, cell_width - 4, 1)
        parts.append(_text(centre, below + 4, link, 3, fill="#444")[0])
    return parts


def _invite(invite: Invite, top: float) -> list[str]:
    """The hosted event: a rule, its name, day and time, place, and its QR code."""
    side = 55.0 if invite.link else 0.0
    text_width = INNER - side - (6 if side else 0)
    parts = [f'<rect x="{MARGIN}" y="{top:.2f}" width="{INNER}" height="0.6" fill="#000"/>']
    element, y = _text(MARGIN, top + 12, ["You are invited"], 7, anchor="start")
    parts.append(element)
    lines = wrap(invite.name, 8, text_width, 3)
    element, y = _text(MARGIN, y + 10, lines, 8, bold=True, anchor="start")
    parts.append(element)
    element, y = _text(MARGIN, y + 8, wrap(invite.when, 5, text_width, 2), 5, anchor="start")
    parts.append(element)
    if invite.where:  # a link as people would type it
        shown = invite.where.split("://", 1)[-1] if invite.where == invite.link else invite.where
        parts.append(_text(MARGIN, y + 7, wrap(shown, 4, text_width, 2), 4, anchor="start")[0])
    if invite.link:
        parts.append(
            qr.svg_at(
                invite.link, x=WIDTH - MARGIN - side, y=top + 5, width=side, title=invite.name
            )
        )
    return parts
