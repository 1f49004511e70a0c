"""What an import keeps in notes, it keeps once: a sheet imported again adds
none of its kept-in-notes lines again."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln

# Kept-in-notes lines, once

SHEET = (
    "Name,Email,School,Notes,Cadence,Introduced by,Where we met,Birthday,Met on\n"
    "Ana Lima,ana@example.org,Lumen Learning,asked about pricing,fortnightly-ish,"
    "Someone we never met,a friend,1980-02-30,after the summer\n"
    "Ben Ode,ben@example.org,Oakridge High School,,every few weeks,Ana Lima,,,\n"
)


def _notes(pln: Pln, ref: str) -> str:
    return str(pln.json("show", ref)["notes"])


def test_a_sheet_imported_again_adds_no_kept_line_again(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "contacts.csv"
    sheet.write_text(SHEET)
    first = pln.json("import", "csv", str(sheet))
    assert (first["added"], first["merged"]) == (2, 0)
    ana, ben = _notes(pln, "ana"), _notes(pln, "ben")
    assert ana.split("\n") == [
        "asked about pricing", "Met on: after the summer", "Where we met: a friend",
        "Birthday: 1980-02-30", "Cadence: fortnightly-ish", "Via: Someone we never met",
    ]  # fmt: skip
    assert ben == "Cadence: every few weeks"
    for _ in range(2):
        again = pln.json("import", "csv", str(sheet))
        assert (again["added"], again["merged"], again["skipped"], again["updated"]) == (
            0,
            0,
            2,
            [],
        )
        assert (_notes(pln, "ana"), _notes(pln, "ben")) == (ana, ben)
        said = pln("import", "csv", str(sheet), "--dry-run").stdout
        assert "added 0, merged 0 into existing contacts, skipped 2" in " ".join(said.split())


def test_a_kept_line_new_to_a_known_contact_is_a_change_once(pln: Pln, tmp_path: Path) -> None:
    """Someone added by hand, then a sheet whose only news about them is a
    cadence that is no interval: merged once (the line is new), then nothing."""
    pln("add-contact", "Ana Lima", "--email", "ana@example.org", "--note", "likes maps")
    sheet = tmp_path / "contacts.csv"
    sheet.write_text("Name,Email,Keep in touch\nAna Lima,ana@example.org,when school is out\n")
    first = pln.json("import", "csv", str(sheet))
    assert (first["merged"], first["skipped"]) == (1, 0)
    assert _notes(pln, "ana") == "likes maps\nCadence: when school is out"
    again = pln.json("import", "csv", str(sheet))
    assert (again["merged"], again["skipped"]) == (0, 1)
    assert _notes(pln, "ana") == "likes maps\nCadence: when school is out"
