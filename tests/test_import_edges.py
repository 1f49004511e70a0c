"""Files that readers cannot take whole are rejected with their line, and a
file of another kind is an error naming what was expected."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Pln, tmpfs


def test_an_unclosed_quote_in_a_spreadsheet_is_rejected_not_imported_as_one_person(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text('Name,Email\nCat,c@x.org\n"Ann,a@x.org\nBob,b@x.org\n')
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 1
    assert report["rejected"] == [
        {
            "line": 3,
            "reason": "unreadable CSV: a quote opened on line 3 is never closed; "
            "lines 3–4 were read as one cell",
        }
    ]
    assert [c["name"] for c in pln.json("list")] == ["Cat"]


def test_import_linkedin_of_another_file_names_what_it_expected(pln: Pln, tmp_path: Path) -> None:
    other = tmp_path / "people.csv"
    other.write_text("Name,Email\nAnn,a@x.org\n")
    result = pln("import", "linkedin", str(other), ok=False)
    assert result.exit_code == 5
    assert (
        "not a LinkedIn connections export: expected a header row with First Name" in result.stderr
    )
    assert pln.json("list") == []
    assert pln("import", "vcard", str(other), ok=False).exit_code == 5


def test_a_card_with_a_field_over_a_megabyte_is_rejected_with_its_line(
    pln: Pln, tmp_path: Path
) -> None:
    note = "x" * 2_000_000
    folded = "NOTE:" + "\r\n ".join(note[i : i + 74] for i in range(0, len(note), 74))
    cards = (
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann Big\r\n" + folded + "\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Bob Small\r\nNOTE:hello\r\nEND:VCARD\r\n"
    )
    (tmp_path / "cards.vcf").write_text(cards)
    report = pln.json("import", "vcard", str(tmp_path / "cards.vcf"))
    assert report["added"] == 1
    assert report["rejected"][0]["line"] == 1
    assert "longer than 1,000,000 characters" in report["rejected"][0]["reason"]
    assert [c["name"] for c in pln.json("list")] == ["Bob Small"]


def test_a_cell_over_a_megabyte_is_rejected_with_its_line(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Notes\nAnn," + "y" * 1_100_000 + "\nBob,short\n")
    report = pln.json("import", "csv", str(sheet))
    assert [r["line"] for r in report["rejected"]] == [2]
    assert [c["name"] for c in pln.json("list")] == ["Bob"]


def test_acting_twice_on_one_follow_up_in_one_command_acts_once(pln: Pln) -> None:
    pln("add-contact", "Ana")
    pln("follow-up", "ana", "call", "--due", "friday")
    pln("follow-up", "ana", "write", "--due", "friday")
    assert pln("cancel", "2", "2").stdout.strip() == "Cancelled #2: write (Ana)"
    assert [t["status"] for t in pln.json("follow-ups", "--all")] == ["open", "cancelled"]
    assert pln("snooze", "1", "1", "--until", "2026-12-20").stdout.startswith("Snoozed #1 until")


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[Path]:
    """A folder nobody may write into: for root (who ignores permissions), a
    read-only tmpfs."""
    where = tmp_path / "ro"
    with tmpfs(where, "ro,size=64k") as mounted:
        if not mounted:
            if os.geteuid() == 0:
                pytest.skip("cannot mount a read-only tmpfs here")
            where.chmod(0o500)
        yield where


def test_writing_into_a_read_only_folder_is_exit_9_and_prints_nothing(
    pln: Pln, read_only_folder: Path
) -> None:
    pln("add-contact", "Ana")
    for args in (("export", "csv", "-o"), ("report", "--html")):
        target = str(read_only_folder / ("r.html" if args[0] == "report" else "c.csv"))
        result = pln(*args, target, ok=False)
        assert result.exit_code == 9, result.stderr
        assert result.stdout == ""


def test_what_is_not_a_file_is_refused_before_it_is_read(pln: Pln, tmp_path: Path) -> None:
    """A FIFO would wait for a writer forever, /dev/zero never ends: neither is
    opened for a read that could not finish (an attacker's find)."""
    fifo = tmp_path / "registrants.csv"
    os.mkfifo(fifo)
    pln("event", "add", "Phonics Webinar", "--on", "2026-11-20", "--hosted")
    for args in (
        ("event", "import", "Phonics Webinar", str(fifo)),
        ("event", "import", "Phonics Webinar", "/dev/zero"),
        ("import", "csv", str(fifo)),
    ):
        refused = pln(*args, ok=False)
        assert refused.exit_code == 5, args
        assert "is not a file" in refused.stderr
    assert pln.json("list") == []


def test_a_file_over_the_bound_is_refused_whole(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.util import bounds

    monkeypatch.setattr(bounds, "MAX_IMPORT_BYTES", 1_000_000)
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Email\n" + "".join(f"P{i},p{i}@x.org\n" for i in range(60_000)))
    refused = pln("import", "csv", str(sheet), ok=False)
    assert refused.exit_code == 5
    assert "is over 1 MB: split it into smaller files" in refused.stderr
    assert pln.json("list") == []


def test_a_broken_utf16_file_is_read_with_replacements_not_a_crash(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "teams.csv"
    header = "Name\tEmail\n".encode("utf-16-le")
    sheet.write_bytes(
        b"\xff\xfe" + header + "Ana Lima\tana@x.org\n".encode("utf-16-le") + b"\x00\xd8A"
    )
    said = pln("import", "csv", str(sheet))
    assert "Ana Lima" in said.stdout
