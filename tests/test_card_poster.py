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


def qr_codes(root: ElementTree.Element) -> dict[str, list[list[bool]]]:
    """The poster's QR codes (nested <svg>s) by their titles."""
    nested = [svg for svg in root.iter(f"{SVG}svg") if svg is not root]
    return {(svg.findtext(f"{SVG}title") or ""): drawn_modules(svg) for svg in nested}


def texts(root: ElementTree.Element) -> list[str]:
    """Every line of text the poster shows, in order."""
    return [span.text or "" for span in root.iter(f"{SVG}tspan")]


def booth_day(pln: Pln, booth: str = "TCEA 2027") -> None:
    set_me(pln)
    pln("event", "add", booth, "--on", "2027-02-03")
    pln(
        "event", "add", "Reading Webinar", "--on", "2027-03-10", "--at", "16:00", "--end",
        "17:00", "--tz", "America/Chicago", "--where", "https://meet.example/reading?id=7&x=1",
        "--hosted",
    )  # fmt: skip
    pln("resource", "add", "Decodable Pack", "--link", "https://ana.example/decodables")
    pln("resource", "add", "Slides", "--link", "https://ana.example/slides?talk=1&v=2")


def test_the_poster_shows_the_offers_and_the_invitation_as_codes_that_scan(
    pln: Pln, tmp_path: Path
) -> None:
    booth_day(pln)
    target = tmp_path / "poster.svg"
    said = pln(
        "event", "poster", "TCEA", "-o", str(target), "--offer", "Decodable Pack",
        "--offer", "slides", "--invite", "Reading Webinar",
    ).stdout  # fmt: skip
    assert said == f"Wrote the poster for TCEA 2027 to {target}\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    root = ElementTree.fromstring(target.read_text())
    assert root.get("viewBox") == "0 0 210 297"
    assert root.get("width") == "210mm"
    assert root.findtext(f"{SVG}title") == "TCEA 2027: free resources"
    codes = qr_codes(root)
    assert len(codes) == 3
    assert codes["Decodable Pack"] == segno_matrix("https://ana.example/decodables")
    assert codes["Slides"] == segno_matrix("https://ana.example/slides?talk=1&v=2")
    assert codes["Reading Webinar"] == segno_matrix("https://meet.example/reading?id=7&x=1")
    shown = texts(root)
    assert shown[0] == "TCEA 2027"
    assert "Free resources: scan to take them home" in shown
    assert shown.index("Decodable Pack") < shown.index("Slides")
    assert "ana.example/decodables" in shown
    assert "Reading Webinar" in shown
    assert "2027-03-10, 16:00–17:00 America/Chicago" in shown
    assert "meet.example/reading?id=7&x=1" in shown
    assert shown[-1] == "Ask Ana Núñez, Literacy coach, Lakeside ISD"


def test_hostile_names_are_shown_literally_on_the_poster(pln: Pln, tmp_path: Path) -> None:
    booth = 'Expo <script>alert("x")</script> & \u202eevil\u202c'
    booth_day(pln, booth)
    pln(
        "resource",
        "add",
        'Tips & <Tricks> "2" \u2066x\u2069',
        "--link",
        "https://t.example/?a=1&b=<2>",
    )
    target = tmp_path / "poster.svg"
    pln("event", "poster", "Expo", "-o", str(target), "--offer", "Tips")
    text = target.read_text()
    assert not any(ch in text for ch in "\u202e\u202c\u2066\u2069")
    root = ElementTree.fromstring(text)  # well-formed: every < and & escaped
    shown = texts(root)
    heading = root.find(f"{SVG}text")
    assert heading is not None
    assert [span.text for span in heading] == ["Expo", '<script>alert("x")</script>…']
    assert 'Tips & <Tricks> "2" x' in shown
    title = 'Expo <script>alert("x")</script> & evil: free resources'
    assert root.findtext(f"{SVG}title") == title
    assert qr_codes(root)['Tips & <Tricks> "2" x'] == segno_matrix("https://t.example/?a=1&b=<2>")
    assert "<script>" not in text


def test_an_invitation_to_a_place_shows_it_without_a_code(pln: Pln, tmp_path: Path) -> None:
    booth_day(pln)
    pln("event", "add", "Book Club", "--on", "2027-04-01", "--where", "Room 12", "--hosted")
    target = tmp_path / "poster.svg"
    pln("event", "poster", "TCEA", "-o", str(target), "--invite", "Book Club")
    root = ElementTree.fromstring(target.read_text())
    assert "Free resources: scan to take them home" not in texts(root)
    assert {"Book Club", "2027-04-01", "Room 12"} <= set(texts(root))
    assert qr_codes(root) == {}


def test_the_poster_refuses_what_it_cannot_draw(pln: Pln, tmp_path: Path) -> None:
    booth_day(pln)
    pdf = pln(
        "event", "poster", "TCEA", "-o", str(tmp_path / "p.pdf"), "--offer", "Slides", ok=False
    )
    assert pdf.exit_code == 5
    assert pdf.stderr.count("\n") == 1
    assert "writes .svg files" in pdf.stderr
    assert not (tmp_path / "p.pdf").exists()
    nothing = pln("event", "poster", "TCEA", "-o", str(tmp_path / "p.svg"), ok=False)
    assert nothing.exit_code == 5
    assert "--offer RESOURCE, --invite EVENT" in nothing.stderr
    unknown = pln(
        "event", "poster", "TCEA", "-o", str(tmp_path / "p.svg"), "--offer", "Nope", ok=False
    )
    assert unknown.exit_code == 3
    assert "Nope" in unknown.stderr
    many = [word for i in range(10) for word in ("--offer", f"R{i}")]
    crowded = pln("event", "poster", "TCEA", "-o", str(tmp_path / "p.svg"), *many, ok=False)
    assert crowded.exit_code == 5
    assert "at most 9 resources fit on a poster, not 10" in crowded.stderr
    assert not (tmp_path / "p.svg").exists()


def test_long_names_are_wrapped_then_cut_on_the_poster() -> None:
    from plncrm.render.poster import wrap

    assert wrap("Decodable Pack", 5, 60, 2) == ["Decodable Pack"]
    lines = wrap("Slides for the talk on phonics and more things to read", 5, 60, 2)
    assert len(lines) == 2
    assert lines[0] == "Slides for the talk"
    assert lines[1].endswith("…")
    assert all(len(line) <= 21 for line in lines)
    link = wrap("x" * 50, 5, 60, 3)
    assert [len(line) for line in link] == [21, 21, 8]
    assert wrap("a\u202eb\nc", 5, 60, 2) == ["ab c"]
