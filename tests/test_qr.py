"""util/qr: what a phone's camera reads back is what was encoded.

A decoder (zxing-cpp, when installed) reads the terminal drawing and the PNG
back as a camera would; without it, the drawing and the PNG are read back into
modules here and compared with segno's own matrix, so the tests still fail when
a module is drawn wrong."""

from __future__ import annotations

import struct
import zlib
from xml.etree import ElementTree

import pytest
import segno

from plncrm.util import qr
from plncrm.util.errors import Invalid

VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:José <Núñez> & Co\r\nEND:VCARD\r\n"
TEXTS = ["https://example.org/slides?a=1&b=2", VCARD, "x" * 500]
UPPER, LOWER, FULL = "\u2580", "\u2584", "\u2588"


def segno_matrix(text: str) -> list[list[bool]]:
    code = segno.make_qr(text, error="m")
    return [[bool(m) for m in row] for row in code.matrix_iter(border=4)]


def read_drawing(drawing: str, *, invert: bool = False) -> list[list[bool]]:
    """The half blocks back into module rows (True is dark), as a camera sees
    them on a dark terminal: a drawn half is light, unless `invert`."""
    rows: list[list[bool]] = []
    for line in drawing.split("\n"):
        upper = [ch in (FULL, UPPER) for ch in line]
        lower = [ch in (FULL, LOWER) for ch in line]
        rows += [[drawn == invert for drawn in upper], [drawn == invert for drawn in lower]]
    return rows


def read_png(data: bytes) -> list[list[bool]]:
    """A 1-bit greyscale PNG's pixels (True is black): the subset segno writes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat += body
    width, height, depth, colour = struct.unpack(">IIBB", header[:10])
    assert (depth, colour) == (1, 0)
    stride = (width + 7) // 8
    raw = zlib.decompress(idat)
    rows, previous = [], bytes(stride)
    for y in range(height):
        kind, line = (
            raw[y * (stride + 1)],
            bytearray(raw[y * (stride + 1) + 1 : (y + 1) * (stride + 1)]),
        )
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                pred = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                line[i] = (line[i] + pred) & 0xFF
        previous = bytes(line)
        rows.append([not (line[x // 8] >> (7 - x % 8)) & 1 for x in range(width)])
    return rows


def decode(
    rows: list[list[bool]], *, pixels: int = 4, invert: bool = False, try_invert: bool = False
) -> str | None:
    """What zxing-cpp reads from module rows drawn `pixels` to a module."""
    zxingcpp = pytest.importorskip("zxingcpp")
    image = bytearray()
    for row in rows:
        line = bytes((0 if dark != invert else 255) for dark in row for _ in range(pixels))
        image += line * pixels
    view = memoryview(bytes(image)).cast("B", (len(rows) * pixels, len(rows[0]) * pixels))
    found = zxingcpp.read_barcode(view, try_invert=try_invert)
    return None if found is None else str(found.text)


@pytest.mark.parametrize("text", TEXTS)
def test_terminal_drawing_is_segnos_matrix(text: str) -> None:
    drawing = qr.terminal(text)
    expected = segno_matrix(text)
    read = read_drawing(drawing)
    assert read[: len(expected)] == expected
    padding = [dark for row in read[len(expected) :] for dark in row]
    assert padding, "an odd last row pairs with a row of quiet zone"
    assert not any(padding)
    assert read_drawing(qr.terminal(text, invert=True), invert=True)[: len(expected)] == expected


@pytest.mark.parametrize("text", TEXTS)
def test_terminal_drawing_scans(text: str) -> None:
    assert decode(read_drawing(qr.terminal(text))) == text


def test_light_terminal_shows_the_code_inverted_which_scanners_read() -> None:
    text = TEXTS[0]
    # On a light terminal the drawn (light) halves come out dark: the code inverted.
    rows = read_drawing(qr.terminal(text))
    assert decode(rows, invert=True) is None
    assert decode(rows, invert=True, try_invert=True) == text


def test_terminal_is_plain_characters_with_a_quiet_zone() -> None:
    drawing = qr.terminal("hello")
    assert set(drawing) <= {" ", "\n", UPPER, LOWER, FULL}
    lines = drawing.split("\n")
    assert len({len(line) for line in lines}) == 1
    # Four modules of quiet zone: four full columns each side, two full lines on top.
    assert lines[0] == lines[1] == FULL * len(lines[0])
    assert all(line[:4] == line[-4:] == FULL * 4 for line in lines)
    assert not drawing.endswith("\n")


def test_terminal_is_never_micro_qr_and_corrects_errors() -> None:
    code = segno.make_qr("1", error="m")
    assert len(qr.matrix("1")) == code.symbol_size(border=4)[0] == 21 + 8


@pytest.mark.parametrize("text", TEXTS)
def test_png_is_segnos_matrix_and_scans(text: str) -> None:
    pixels = read_png(qr.png(text, scale=3))
    modules = [row[::3] for row in pixels[::3]]
    assert modules == segno_matrix(text)
    assert decode(modules) == text


def test_svg_is_well_formed_titled_and_draws_the_matrix() -> None:
    text = VCARD
    image = qr.svg(text, scale=5, title='Ana <"O\'Brien"> & Co\u202e')
    root = ElementTree.fromstring(image)
    ns = "{http://www.w3.org/2000/svg}"
    assert root.tag == f"{ns}svg"
    title = root.find(f"{ns}title")
    assert title is not None
    assert title.text == 'Ana <"O\'Brien"> & Co'
    assert root.get("aria-label") == title.text
    assert root.get("role") == "img"
    size = len(segno_matrix(text))
    assert root.get("width") == str(size * 5)
    assert root.get("viewBox") == f"0 0 {size} {size}"
    path = root.find(f"{ns}path")
    assert path is not None
    drawn = [[False] * size for _ in range(size)]
    for rect in (path.get("d") or "").split("z")[:-1]:
        x, rest = rect[1:].split(" ")
        y, width = rest.split("h")[:2]
        width = width.split("v")[0]
        for dx in range(int(width)):
            drawn[int(y)][int(x) + dx] = True
    assert drawn == segno_matrix(text)


def test_too_long_and_bad_scale_are_one_line_errors() -> None:
    with pytest.raises(Invalid, match="too long for a QR code"):
        qr.terminal("x" * 5000)
    with pytest.raises(Invalid):
        qr.svg("x", scale=0)
    with pytest.raises(Invalid):
        qr.png("x", scale=0)
