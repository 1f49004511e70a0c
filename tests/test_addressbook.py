"""`pln sync contacts`: the store and a vdir address book in step, both ways,
with the folder edited as vdirsyncer would after a phone's changes."""

from __future__ import annotations

import stat
from pathlib import Path

from helpers import Pln


def cards(folder: Path) -> dict[str, str]:
    """Each card's FN → its text."""
    found = {}
    for path in sorted(folder.glob("*.vcf")):
        text = path.read_text()
        name = next(line[3:] for line in text.splitlines() if line.startswith("FN:"))
        assert name not in found, f"two cards of {name}"
        found[name] = text
    return found


def card_path(folder: Path, name: str) -> Path:
    [path] = [p for p in folder.glob("*.vcf") if f"FN:{name}" in p.read_text().splitlines()]
    return path


def network(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org", "--link", "@ana@mastodon.social",
        "--tag", "math", "--org", "Riverside USD", "--role", "Coach")  # fmt: skip
    pln("add-contact", "Conor O'Brien", "--org", "St. Patrick's Academy")
    pln("log", "conor", "-m", "met at the maths PD day")


def test_first_sync_writes_a_card_per_contact_then_nothing(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    assert "2 written new to the folder" in pln("sync", "contacts", str(book)).stdout
    got = cards(book)
    assert set(got) == {"Ana Lima", "Conor O'Brien"}
    assert "VERSION:4.0" in got["Ana Lima"]
    assert "X-SOCIALPROFILE;TYPE=mastodon:https://mastodon.social/@ana" in got["Ana Lima"]
    uid = pln.json("show", "ana")["uid"]
    assert (book / f"{uid}.vcf").exists()
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in book.iterdir())
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    three = tmp_path / "three"
    pln("sync", "contacts", str(three), "--vcard", "3.0")
    assert all("VERSION:3.0" in text for text in cards(three).values())


def test_a_phone_edit_updates_its_contact_and_unknown_fields_survive(
    pln: Pln, tmp_path: Path
) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    text = path.read_text().replace("TITLE:Coach", "TITLE:Head of Maths")
    text = text.replace("END:VCARD", "TEL;TYPE=CELL:+1 555 0100\r\nPHOTO;ENCODING=b;TYPE=JPEG:AAAA\r\n"
                                     "X-ABLABEL:Booth 412\r\nEND:VCARD")  # fmt: skip
    path.write_text(text)
    out = pln("sync", "contacts", str(book)).stdout
    assert "read: Ana Lima (phones, role)" in out
    ana = pln.json("show", "ana")
    assert (ana["role"], ana["phones"], ana["tags"]) == ("Head of Maths", ["+1 555 0100"], ["math"])
    assert len(pln.json("list")) == 2
    pln("edit", "ana", "--org", "Riverside Unified")  # and back out to the card
    assert "1 written to the folder" in pln("sync", "contacts", str(book)).stdout
    after = path.read_text()
    assert "ORG:Riverside Unified" in after
    assert "PHOTO;ENCODING=b;TYPE=JPEG:AAAA" in after
    assert "X-ABLABEL:Booth 412" in after
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_a_card_added_on_the_phone_is_added_or_merged_never_doubled(
    pln: Pln, tmp_path: Path
) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    (book / "phone-zoe.vcf").write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-zoe\r\nFN:Zoë Brooks\r\nN:Brooks;Zoë;;;\r\n"
        "EMAIL:zoe@school.org\r\nX-CUSTOM:kept\r\nEND:VCARD\r\n"
    )
    (book / "phone-ana.vcf").write_text(  # the phone already knew Ana
        "BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-ana\r\nFN:Ana Lima\r\nEMAIL:ana@example.org\r\n"
        "TEL:+44 20 7946 0000\r\nPHOTO;VALUE=uri:https://example.org/ana.jpg\r\nEND:VCARD\r\n"
    )
    out = pln("sync", "contacts", str(book)).stdout
    assert "import: Zoë Brooks" in out
    assert "import: Ana Lima (a second card of theirs: merged into their card)" in out
    assert sorted(c["name"] for c in pln.json("list")) == [
        "Ana Lima",
        "Conor O'Brien",
        "Zoë Brooks",
    ]
    assert pln.json("show", "zoe")["uid"] == "phone-zoe"
    assert pln.json("show", "ana")["phones"] == ["+44 20 7946 0000"]
    got = cards(book)  # one card each
    assert "PHOTO;VALUE=uri:https://example.org/ana.jpg" in got["Ana Lima"]
    assert "X-CUSTOM:kept" in got["Zoë Brooks"]
    assert not (book / "phone-ana.vcf").exists()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_a_card_deleted_on_the_phone_archives_after_confirming(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    card_path(book, "Conor O'Brien").unlink()
    out = pln("sync", "contacts", str(book)).stdout
    assert "wait: Conor O'Brien (its card was deleted in the folder)" in out
    assert "--yes" in out
    assert len(pln.json("list")) == 2  # not yet
    assert "archive: Conor O'Brien" in pln("sync", "contacts", str(book), "--yes").stdout
    assert [c["name"] for c in pln.json("list", "--archived")] == ["Conor O'Brien"]
    conor = pln.json("show", "conor")
    assert [e["note"] for e in conor["timeline"]] == ["met at the maths PD day"]  # history kept
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout
    pln("unarchive", "conor")
    assert "1 written new to the folder" in pln("sync", "contacts", str(book)).stdout


def test_changed_on_both_sides_is_a_conflict_until_resolved(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Ana Lima")
    path.write_text(path.read_text().replace("TITLE:Coach", "TITLE:Phone's title"))
    pln("edit", "ana", "--role", "Principal")
    before = path.read_text()
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Ana Lima (changed in plncrm and changed in the folder" in out
    assert "--resolve CONTACT theirs|mine" in out
    assert path.read_text() == before
    assert pln.json("show", "ana")["role"] == "Principal"
    assert "conflict" in pln("sync", "contacts", str(book)).stdout  # until settled
    out = pln("sync", "contacts", str(book), "--resolve", "ana", "theirs").stdout
    assert "read: Ana Lima (role)" in out
    assert pln.json("show", "ana")["role"] == "Phone's title"
    pln("edit", "ana", "--role", "Principal")
    path.write_text(path.read_text().replace("TITLE:Phone's title", "TITLE:Again"))
    pln("sync", "contacts", str(book), "--resolve", "ana", "mine")
    assert "TITLE:Principal" in path.read_text()
    assert "nothing to do" in pln("sync", "contacts", str(book)).stdout


def test_dry_run_and_removed_contacts(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    out = pln("sync", "contacts", str(book), "--dry-run").stdout
    assert "Would sync contacts" in out
    assert "2 written new" in out
    assert not book.exists()
    pln("sync", "contacts", str(book))
    (book / "notes.vcf").write_text("this is not a card")
    pln("rm", "conor", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "remove: " in out
    assert set(cards_or_broken(book)) == {"Ana Lima", "notes.vcf"}
    assert "skip: notes.vcf (not a card plncrm can read; left as it is)" in out
    assert len(pln.json("list")) == 1


def cards_or_broken(folder: Path) -> list[str]:
    names = []
    for path in folder.glob("*.vcf"):
        lines = [line for line in path.read_text().splitlines() if line.startswith("FN:")]
        names.append(lines[0][3:] if lines else path.name)
    return names


def test_a_card_of_a_merged_contact_goes_and_names_them(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    pln("add-contact", "Ana Lima", "--new", "--email", "ana.l@gmail.com")
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    pln("merge", "1", "3", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "remove: Ana Lima (deleted in plncrm)" in out
    assert "ana.l@gmail.com" in cards(book)["Ana Lima"]  # one card, with both emails


def test_a_card_edited_there_after_its_contact_was_deleted_here(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    book = tmp_path / "book"
    pln("sync", "contacts", str(book))
    path = card_path(book, "Conor O'Brien")
    path.write_text(path.read_text().replace("END:VCARD", "TEL:+353 1 555 0100\r\nEND:VCARD"))
    pln("rm", "conor", "--yes")
    out = pln("sync", "contacts", str(book)).stdout
    assert "conflict: Conor O'Brien (deleted in plncrm and changed in the folder" in out
    assert path.exists()  # the phone's edit is not thrown away unasked
    uid = path.stem
    result = pln("sync", "contacts", str(book), "--resolve", "conor", "theirs", ok=False)
    assert result.exit_code == 3  # no such contact to name: the card's UID is not a contact
    assert uid
