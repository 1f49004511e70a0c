"""What an import keeps, it keeps once and clean: a JSON document's terminal
escapes and hidden direction marks are taken out (and counted) as every other
way in does, and the CSV and vCard exports never write them even for a store
that holds them; a sheet imported again adds none of its kept-in-notes lines
again; and an old sheet carrying a job the contact has left changes nothing."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln

# What `util.text.strip_controls` takes out: C0 controls but tab and newline
# (and the CR of a CSV's or a vCard's line ends, checked apart), DEL, C1, and
# the bidirectional embeddings, overrides, isolates and marks.
HIDDEN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ESC = "\x1b"


def _hidden_in(text: str) -> list[str]:
    return HIDDEN.findall(text)


# 1. Control characters ------------------------------------------------------


def _tampered(pln: Pln) -> dict[str, Any]:
    """A store's own export, edited by someone who wants the next reader's
    terminal: a colour escape and a title-setting OSC in the name, a
    right-to-left override in the organisation, a bell, a NUL and a C1 CSI in
    the notes (whose line break and tab are theirs), a backspace in a tag."""
    pln("event", "add", "ISTE 2026", "--on", "2026-06-28")
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@example.org",
        "--org",
        "Lumen Learning",
        "--role",
        "Coach",
        "--tag",
        "math",
        "--note",
        "likes maps",
        "--met-at",
        "ISTE 2026",
    )
    pln("log", "ana", "-m", "coffee at the booth", "--on", "yesterday")
    document: dict[str, Any] = json.loads(pln("export", "json").stdout)
    ana = document["contacts"][0]
    ana["name"] = "Ana \x1b[31mLima\x1b[0m\x1b]0;pwned\x07"
    ana["org"] = "Lumen \u202eLearning"
    ana["role"] = "Coach\x7f"
    ana["notes"] = "likes maps\nasked about\tpricing\x07\x00\x9b2J"
    ana["tags"] = ["ma\bth"]
    (coffee,) = [i for i in document["interactions"] if i["note"] == "coffee at the booth"]
    coffee["note"] = "coffee \x1b[2Jat the booth"
    document["events"][0]["name"] = "ISTE\u2066 2026"
    return document


def _clean_ana(shown: dict[str, Any]) -> None:
    assert shown["name"] == "Ana Lima"
    assert (shown["org"], shown["role"], shown["tags"]) == ("Lumen Learning", "Coach", ["math"])
    assert shown["notes"] == "likes maps\nasked about\tpricing2J"
    assert shown["met_at"] == "ISTE 2026"
    assert [t["note"] for t in shown["timeline"]] == ["coffee at the booth"]


@pytest.mark.parametrize("into", ["an empty store", "a store with data"])
def test_a_json_documents_control_characters_are_taken_out_and_counted(
    pln: Pln, tmp_path: Path, into: str
) -> None:
    path = tmp_path / "tampered.json"
    path.write_text(json.dumps(_tampered(pln), ensure_ascii=False))
    other = Pln()
    db = ["--db", str(tmp_path / "other.db")]
    if into == "a store with data":
        other(*db, "add-contact", "Ben Ode", "--email", "ben@example.org")
    report = json.loads(other(*db, "import", "json", str(path), "--json").stdout)
    assert report["cleaned"] == [
        "events[0].name",
        "contacts[0].name",
        "contacts[0].org",
        "contacts[0].role",
        "contacts[0].notes",
        "contacts[0].tags[0]",
        "interactions[0].note",
    ]
    _clean_ana(json.loads(other(*db, "show", "ana", "--json").stdout))
    said = other(*db, "import", "json", str(path), "--dry-run").stdout
    assert "Removed control characters from 7 values" in " ".join(said.split())
    assert "events[0].name" in said
    exported = other(*db, "export", "json").stdout
    assert not _hidden_in(json.loads(exported)["contacts"][0]["name"])
    assert ESC not in exported
    assert "\\u001b" not in exported


def test_a_clean_json_document_reports_nothing_cleaned(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "--note", "one\n\ttwo")
    document = pln("export", "json").stdout
    other = ["--db", str(tmp_path / "other.db")]
    report = json.loads(Pln()(*other, "import", "json", "-", "--json", input=document).stdout)
    assert report["cleaned"] == []
    assert "control characters" not in Pln()(*other, "import", "json", "-", input=document).stdout
    assert Pln()(*other, "export", "json").stdout == document


def test_a_name_of_nothing_but_escapes_is_refused_with_its_path(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    document = json.loads(pln("export", "json").stdout)
    document["contacts"][0]["name"] = "\x1b[2J\x1b[H"
    path = tmp_path / "blank.json"
    path.write_text(json.dumps(document))
    result = Pln()("--db", str(tmp_path / "other.db"), "import", "json", str(path), ok=False)
    assert result.exit_code == 5
    assert "contacts[0].name" in result.stderr


def _plant(store_url: str) -> None:
    """What an older plncrm let in: every text of one contact laced with
    control characters, written straight into the store."""
    from sqlalchemy import update
    from sqlmodel import col

    from plncrm.store.engine import transaction
    from plncrm.store.models import Contact, ContactDetail

    with transaction(store_url, write=True) as session:
        session.execute(
            update(Contact).values(
                name="Ana \x1b[31mLima\x1b[0m",
                given="A\x1bna",
                family="Li\u202ema",
                org="Lumen\x01 Learning",
                role="=Coach\x9b",
                notes="likes maps\n\tasked about pricing\x07\x1b]8;;http://evil\x1b\\x",
                pronouns="she/her\u200f",
            )
        )
        session.execute(
            update(ContactDetail)
            .where(col(ContactDetail.kind) == "tag")
            .values(value="ma\x08th\u2067")
        )
        session.execute(
            update(ContactDetail)
            .where(col(ContactDetail.kind) == "link")
            .values(value="https://lumen.example/ana\x1b[0m")
        )


def test_csv_and_vcard_exports_never_write_control_characters(pln: Pln, store_url: str) -> None:
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@example.org",
        "--org",
        "Lumen Learning",
        "--role",
        "Coach",
        "--tag",
        "math",
        "--link",
        "https://lumen.example/ana",
        "--note",
        "x",
    )
    _plant(store_url)
    exported = pln("export", "csv").stdout
    assert not _hidden_in(exported.replace("\r\n", "\n"))
    (row,) = csv.DictReader(io.StringIO(exported.removeprefix("\ufeff")))
    assert (row["name"], row["org"], row["role"], row["tags"], row["pronouns"]) == (
        "Ana Lima",
        "Lumen Learning",
        "'=Coach",
        "math",
        "she/her",
    )
    assert row["links"] == "https://lumen.example/ana"
    assert row["notes"] == "likes maps\n\tasked about pricingx"  # its own line break and tab stay

    card = pln("export", "vcard").stdout
    assert not _hidden_in(card.replace("\r\n", "\n"))
    import vobject

    read = vobject.readOne(card)
    assert read.fn.value == "Ana Lima"
    assert (read.n.value.given, read.n.value.family) == ("Ana", "Lima")
    assert read.org.value == ["Lumen Learning"]
    assert read.title.value == "=Coach"
    assert read.categories.value == ["math"]
    assert read.url.value == "https://lumen.example/ana"
    assert read.note.value == "likes maps\n\tasked about pricingx"


# 2. Kept-in-notes lines, once -------------------------------------------------

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
        "asked about pricing",
        "Met on: after the summer",
        "Where we met: a friend",
        "Birthday: 1980-02-30",
        "Cadence: fortnightly-ish",
        "Via: Someone we never met",
    ]
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


# 3. A stale sheet is no job change -------------------------------------------

OLD = (
    "Name,Email,School,Title\n"
    "Lisa Wong,lisa.wong@gmail.com,Elmhurst CUSD 205,Literacy Coordinator\n"
)
NEW = (
    "Name,Email,School,Title\n"
    "Lisa Wong,lisa.wong@gmail.com,Naperville CUSD 203,Director of Literacy\n"
)
CONGRATULATE = "Congratulate Lisa Wong on the new role"


def _moved_on(pln: Pln, tmp_path: Path) -> Path:
    """Lisa's job as of last spring's sheet, then this fall's (a real change,
    the old one kept as a past role), then the user's own correction of how
    her district is written. Returns last spring's sheet."""
    old, new = tmp_path / "spring.csv", tmp_path / "fall.csv"
    old.write_text(OLD)
    new.write_text(NEW)
    pln("import", "csv", str(old))
    assert pln.json("import", "csv", str(new))["updated"][0]["name"] == "Lisa Wong"
    pln("edit", "lisa", "--org", "Naperville Community Unit School District 203")
    return old


def _unchanged(pln: Pln) -> None:
    lisa = pln.json("show", "lisa")
    assert (lisa["org"], lisa["role"]) == (
        "Naperville Community Unit School District 203",
        "Director of Literacy",
    )
    assert [r.split(" (until")[0] for r in lisa["past_roles"]] == [
        "Literacy Coordinator at Elmhurst CUSD 205"
    ]
    titles = [f["title"] for f in pln.json("follow-ups")]
    assert len([t for t in titles if t.startswith(CONGRATULATE)]) == 1


@pytest.mark.parametrize(
    "row",
    [
        "Elmhurst CUSD 205,Literacy Coordinator",  # the sheet the job change came from
        "Elmhurst Community Unit School District 205,Literacy Coord.",  # written out, cut short
        "Elmhurst CUSD 205,",  # the old school, no title
        ",Literacy Coordinator",  # the old title, no school
        "Elmhurst CUSD 205,Director of Literacy",  # the old school with today's title
    ],
)
def test_a_stale_sheet_does_not_reverse_a_job_change(pln: Pln, tmp_path: Path, row: str) -> None:
    _moved_on(pln, tmp_path)
    stale = tmp_path / "stale.csv"
    stale.write_text(f"Name,Email,School,Title\nLisa Wong,lisa.wong@gmail.com,{row}\n")
    for _ in range(2):
        report = pln.json("import", "csv", str(stale))
        assert (report["merged"], report["skipped"], report["updated"]) == (0, 1, [])
        (former,) = report["former_jobs"]
        assert (former["line"], former["name"]) == (2, "Lisa Wong")
        assert "Elmhurst" in former["former"] or "Literacy Coord" in former["former"]
        assert former["kept"] == (
            "Director of Literacy at Naperville Community Unit School District 203"
        )
        _unchanged(pln)
    said = " ".join(pln("import", "csv", str(stale)).stdout.split())
    assert "File has Lisa Wong's former" in said
    assert "kept Director of Literacy at Naperville Community Unit School District 203" in said


def test_the_stale_job_fills_no_empty_field(pln: Pln, tmp_path: Path) -> None:
    """Her title cleared by hand (not known for now): last spring's sheet does
    not give it back as the old one."""
    _moved_on(pln, tmp_path)
    pln("edit", "lisa", "--role", "")
    stale = tmp_path / "stale.csv"
    stale.write_text(OLD)
    report = pln.json("import", "csv", str(stale))
    assert report["updated"] == []
    assert len(report["former_jobs"]) == 1
    lisa = pln.json("show", "lisa")
    assert (lisa["org"], lisa["role"]) == ("Naperville Community Unit School District 203", None)


def test_the_current_job_written_otherwise_and_a_real_change_still_hold(
    pln: Pln, tmp_path: Path
) -> None:
    _moved_on(pln, tmp_path)
    same = tmp_path / "same.csv"
    same.write_text(NEW)  # the current district as this fall's sheet wrote it
    report = pln.json("import", "csv", str(same))
    assert (report["merged"], report["updated"], report["former_jobs"]) == (0, [], [])
    _unchanged(pln)
    later = tmp_path / "later.csv"
    later.write_text(
        "Name,Email,School,Title\nLisa Wong,lisa.wong@gmail.com,Naperville CUSD 203,"
        "Assistant Superintendent\n"
    )
    report = pln.json("import", "csv", str(later))
    assert [u["change"] for u in report["updated"]] == [
        "role Director of Literacy → Assistant Superintendent"
    ]
    assert report["former_jobs"] == []
