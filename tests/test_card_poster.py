"""`pln card` and `pln event poster`: what a phone scans from them is the
user's vCard and the links on offer, the files are written as every file pln
writes, and names are shown literally."""

from __future__ import annotations

import stat
from pathlib import Path
from xml.etree import ElementTree

import pytest
import vobject

from helpers import Pln
from test_qr import read_drawing, read_png, segno_matrix

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = 'Ana <b>&amp; "Q" \u202eevil\u202c'


def drawn_modules(svg: ElementTree.Element) -> list[list[bool]]:
    """The modules a QR code's <svg> draws (its path: one rectangle per run)."""
    size = int((svg.get("viewBox") or "").split()[2])
    path = svg.find(f"{SVG}path")
    assert path is not None
    drawn = [[False] * size for _ in range(size)]
    for rect in (path.get("d") or "").split("z")[:-1]:
        x, rest = rect[1:].split(" ")
        y, width = rest.split("h")[0], rest.split("h")[1].split("v")[0]
        for dx in range(int(width)):
            drawn[int(y)][int(x) + dx] = True
    return drawn


def set_me(pln: Pln, name: str = "Ana Núñez") -> None:
    pln("config", "my-name", name)
    pln("config", "my-email", "ana@school.example")
    pln("config", "my-phone", "+1 512 555 0100")
    pln("config", "my-org", "Lakeside ISD")
    pln("config", "my-role", "Literacy coach")
    pln("config", "my-link", "https://ana.example/about")


def test_a_card_without_a_name_is_refused_saying_what_to_set(pln: Pln) -> None:
    result = pln("card", ok=False)
    assert result.exit_code == 5
    assert result.stderr.strip() == 'pln: no name for your card: pln config my-name "Your Name"'
    assert result.stdout == ""


def test_the_card_is_the_users_vcard_and_the_terminal_code_holds_it(pln: Pln) -> None:
    set_me(pln)
    data = pln.json("card")
    assert data["card"] == {
        "name": "Ana Núñez",
        "email": "ana@school.example",
        "phone": "+1 512 555 0100",
        "org": "Lakeside ISD",
        "role": "Literacy coach",
        "link": "https://ana.example/about",
    }
    assert data["file"] is None
    card = vobject.readOne(data["vcard"])
    assert card.fn.value == "Ana Núñez"
    assert card.n.value.given == "Ana"
    assert card.n.value.family == "Núñez"
    assert card.email.value == "ana@school.example"
    assert card.tel.value == "+1 512 555 0100"
    assert card.org.value == ["Lakeside ISD"]
    assert card.title.value == "Literacy coach"
    assert card.url.value == "https://ana.example/about"
    shown = pln("card").stdout
    drawing, _, said = shown.rstrip("\n").rpartition("\n")
    assert said == "Ana Núñez: scan with a phone's camera to save the card"
    expected = segno_matrix(data["vcard"])
    assert read_drawing(drawing)[: len(expected)] == expected


def test_mail_from_stands_in_for_my_name_and_my_email(pln: Pln) -> None:
    pln("config", "mail.from", "Bea Ortiz <bea@x.example>")
    card = pln.json("card")["card"]
    assert (card["name"], card["email"]) == ("Bea Ortiz", "bea@x.example")
    pln("config", "my-email", "bea@booth.example")
    assert pln.json("card")["card"]["email"] == "bea@booth.example"


@pytest.mark.parametrize(
    ("key", "value"),
    [("my-email", "ana at school"), ("my-phone", "call me"), ("my-link", "javascript:alert(1)")],
)
def test_a_bad_detail_is_refused_when_set(pln: Pln, key: str, value: str) -> None:
    result = pln("config", key, value, ok=False)
    assert result.exit_code == 5
    assert key in result.stderr


def test_the_card_as_svg_is_private_well_formed_and_titled_literally(
    pln: Pln, tmp_path: Path
) -> None:
    set_me(pln, HOSTILE)
    target = tmp_path / "card.svg"
    data = pln.json("card", "-o", str(target))
    assert data["file"] == str(target)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    root = ElementTree.fromstring(target.read_text())
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == 'Ana <b>&amp; "Q" evil\'s card'  # literal, bidi controls gone
    assert drawn_modules(root) == segno_matrix(data["vcard"])
    assert "\u202e" not in data["vcard"]
    assert vobject.readOne(data["vcard"]).fn.value == 'Ana <b>&amp; "Q" evil'


def test_the_card_as_png_holds_the_vcard(pln: Pln, tmp_path: Path) -> None:
    set_me(pln)
    target = tmp_path / "card.png"
    said = pln("card", "-o", str(target)).stdout
    assert said == f"Wrote your card (Ana Núñez) as a QR code to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    vcard = pln.json("card")["vcard"]
    pixels = read_png(target.read_bytes())
    scale = len(pixels) // len(segno_matrix(vcard))
    assert [row[::scale] for row in pixels[::scale]] == segno_matrix(vcard)


def test_the_card_refuses_other_formats_and_symlinks(pln: Pln, tmp_path: Path) -> None:
    set_me(pln)
    refused = pln("card", "-o", str(tmp_path / "card.pdf"), ok=False)
    assert refused.exit_code == 5
    assert "pln card writes .svg or .png files" in refused.stderr
    assert not (tmp_path / "card.pdf").exists()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    (tmp_path / "card.svg").symlink_to(victim)
    linked = pln("card", "-o", str(tmp_path / "card.svg"), ok=False)
    assert linked.exit_code == 9
    assert victim.read_text() == "keep me"
