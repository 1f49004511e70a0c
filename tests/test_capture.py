"""Capture that keeps every fact: names with parts, phones in one form,
re-imports that bring job changes, and schools written two ways."""

from __future__ import annotations

from pathlib import Path

import pytest
import vobject

from helpers import Pln

FIXTURES = Path(__file__).parent / "fixtures"
OCTOBER, NOVEMBER = str(FIXTURES / "linkedin-2026-10.csv"), str(FIXTURES / "linkedin-2026-11.csv")


def test_a_newer_linkedin_export_updates_jobs_and_keeps_the_old_ones(pln: Pln) -> None:
    pln("import", "linkedin", OCTOBER)
    dry = pln("import", "linkedin", NOVEMBER, "--dry-run").stdout
    assert "Updated Maya Okafor: role Instructional Coach → District Math Coordinator" in dry
    assert pln.json("show", "maya")["role"] == "Instructional Coach"  # a dry run changes nothing
    report = pln.json("import", "linkedin", NOVEMBER)
    assert [(u["name"], u["change"]) for u in report["updated"]] == [
        ("Maya Okafor", "role Instructional Coach → District Math Coordinator"),
        (
            "Priya Raman",
            "role Head of Teacher Success → VP Partnerships; "
            "organisation Lumen EdTech, Inc. → Bright Path Learning",
        ),
    ]
    assert (report["added"], report["merged"]) == (1, 2)
    maya = pln.json("show", "maya")
    # "Riverside Unified School District" is the same district: our spelling stays.
    assert (maya["org"], maya["role"]) == ("Riverside USD", "District Math Coordinator")
    assert maya["past_roles"] == ["Instructional Coach at Riverside USD (until 2026-11-29)"]
    assert "Instructional Coach at Riverside USD" in pln("show", "maya").stdout
    # The October file again is older news: nothing goes back.
    again = pln.json("import", "linkedin", OCTOBER)
    assert again["updated"] == []
    assert pln.json("show", "maya")["role"] == "District Math Coordinator"
    document = pln("export", "json").stdout
    assert "Instructional Coach at Riverside USD (until 2026-11-29)" in document


def test_a_school_written_two_ways_is_one_school(pln: Pln) -> None:
    pln("import", "csv", str(FIXTURES / "hand-kept.csv"))  # Ana Souza, Oakridge High
    report = pln.json("import", "linkedin", OCTOBER)  # Ana Souza, Oakridge High School
    assert report["added"] == 3
    assert report["merged"] == 2
    souza = pln.json("show", "souza")
    assert souza["org"] == "Oakridge High"
    assert souza["links"] == ["https://www.linkedin.com/in/ana-souza-sci"]
    assert [c["name"] for c in pln.json("list", "--text", "souza")] == ["Ana Souza"]


def test_namesakes_with_different_emails_are_never_matched(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Souza", "--org", "Oakridge High", "-e", "asouza@oakridge.org")
    sheet = tmp_path / "s.csv"
    sheet.write_text("Name,Email,School\nAna Souza,ana.souza@other.org,Oakridge High School\n")
    assert pln.json("import", "csv", str(sheet))["added"] == 1


@pytest.mark.parametrize(
    ("typed", "given", "middle", "family", "prefix", "suffix"),
    [
        ("Rachel Goldberg, M.Ed.", "Rachel", None, "Goldberg", None, "M.Ed."),
        ("O'Brien, Conor", "Conor", None, "O'Brien", None, None),
        ("Dr. Maya Okafor", "Maya", None, "Okafor", "Dr.", None),
        ("田中 浩", "浩", None, "田中", None, None),
        ("Nguyễn Thị Minh Khai", "Khai", "Thị Minh", "Nguyễn", None, None),
        ("Иван Петров", "Иван", None, "Петров", None, None),
    ],
)
def test_a_typed_name_is_split_into_its_parts(
    pln: Pln,
    typed: str,
    given: str,
    middle: str | None,
    family: str,
    prefix: str | None,
    suffix: str | None,
) -> None:
    view = pln.json("add-contact", typed)
    got = tuple(view[k] for k in ("given", "middle", "family", "prefix", "suffix"))
    assert got == (given, middle, family, prefix, suffix)


def test_parts_and_other_names_can_be_given(pln: Pln) -> None:
    pln("add-contact", "Wang Fang", "--given", "Fang", "--family", "Wang", "--aka", "王芳")
    wang = pln.json("show", "王芳")
    assert (wang["name"], wang["given"], wang["family"], wang["akas"]) == (
        "Wang Fang",
        "Fang",
        "Wang",
        ["王芳"],
    )
    assert [c["name"] for c in pln.json("search", "王芳")] == ["Wang Fang"]


def test_a_card_in_another_script_is_found_by_its_latin_name_and_paired(pln: Pln) -> None:
    pln("import", "vcard", str(FIXTURES / "badge-scans.vcf"))
    tanaka = pln.json("show", "tanaka")
    assert (tanaka["name"], tanaka["given"], tanaka["family"]) == ("田中 浩", "Hiroshi", "Tanaka")
    assert [c["name"] for c in pln.json("search", "hiroshi")] == ["田中 浩"]
    pln("import", "linkedin", OCTOBER)  # "Hiroshi Tanaka", another school, no email: not merged
    pairs = {(d["a"]["name"], d["b"]["name"], d["reason"]) for d in pln.json("duplicates")}
    assert ("田中 浩", "Hiroshi Tanaka", "also known as") in pairs


NAMES_VCF = """BEGIN:VCARD\r
VERSION:3.0\r
FN:田中 浩\r
N:Tanaka;Hiroshi;;;\r
EMAIL:hiroshi@example.jp\r
TEL:tel:+81-3-1234-5678\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:4.0\r
FN:Rachel Goldberg, M.Ed.\r
N:Goldberg;Rachel;;;M.Ed.\r
TEL;VALUE=uri:tel:+1-206-555-0110\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Иван Сергеевич Петров\r
N:Петров;Иван;Сергеевич;;\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Nguyễn Thị Minh Khai\r
N:Nguyễn;Khai;Thị Minh;;\r
NICKNAME:Cô Khai\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
FN:Dr. Conor O'Brien\r
N:O'Brien;Conor;;Dr.;\r
ORG:St. Patrick's Academy\r
END:VCARD\r
BEGIN:VCARD\r
VERSION:3.0\r
EMAIL:someone@example.org\r
END:VCARD\r
"""


def test_vcard_names_are_kept_exactly_and_come_back_the_same(pln: Pln, tmp_path: Path) -> None:
    report = pln.json("import", "vcard", "-", input=NAMES_VCF)
    assert (report["added"], report["rejected"]) == (6, [])
    first = pln("export", "vcard").stdout
    cards = {c.fn.value: c for c in vobject.readComponents(first)}
    assert str(cards["Nguyễn Thị Minh Khai"].n.value.additional) == "Thị Minh"
    n = cards["Rachel Goldberg, M.Ed."].n.value
    assert (n.family, n.given, n.suffix) == ("Goldberg", "Rachel", "M.Ed.")
    assert (
        cards["Dr. Conor O'Brien"].n.value.prefix,
        cards["Dr. Conor O'Brien"].n.value.family,
    ) == ("Dr.", "O'Brien")
    assert cards["Rachel Goldberg, M.Ed."].tel.value == "+1 206-555-0110"  # no "tel:"
    assert cards["Nguyễn Thị Minh Khai"].nickname.value == "Cô Khai"
    other = str(tmp_path / "other.db")
    pln("--db", other, "import", "vcard", "-", input=first)
    assert pln("--db", other, "export", "vcard").stdout == first
    assert pln.json("import", "vcard", "-", input=first)["added"] == 0  # recognised by UID


def test_someone_known_only_by_email_is_kept_and_named_later(pln: Pln, tmp_path: Path) -> None:
    said = pln("add-contact", "--email", "kim@example.org").stdout
    assert "Added kim@example.org" in said
    assert [c["name"] for c in pln.json("list", "--unnamed")] == ["kim@example.org"]
    sheet = tmp_path / "s.csv"
    sheet.write_text("First name,Last name,Email\nKim,Lee,kim@example.org\n")
    pln("import", "csv", str(sheet))
    kim = pln.json("show", "kim@example.org")
    assert (kim["name"], kim["given"], kim["family"]) == ("Kim Lee", "Kim", "Lee")
    assert pln.json("list", "--unnamed") == []
    assert pln("add-contact", ok=False).exit_code != 0  # neither a name nor an email


def test_phones_are_stored_in_one_form(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--phone", "tel:+1-206-555-0110")
    assert pln.json("show", "ana")["phones"] == ["+1 206-555-0110"]
    pln("add-contact", "Ben Ode", "--phone", "(206) 555-0111")
    assert pln.json("show", "ben")["phones"] == ["(206) 555-0111"]  # no country known: as written
    pln("config", "phone-region", "us")
    pln("add-contact", "Cy Park", "--phone", "(206) 555-0112")
    assert pln.json("show", "cy")["phones"] == ["+1 206-555-0112"]
    pln("add-contact", "Di Mora", "--phone", "+1 206 555 0110", "--new")
    assert {d["reason"] for d in pln.json("duplicates")} == {"same phone"}
    assert pln("config", "phone-region", "Narnia", ok=False).exit_code == 5


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("Oakridge High", "Oakridge High School", True),
        ("The Oakridge High School", "oakridge high school.", True),
        ("Riverside USD", "Riverside Unified School District", True),
        ("CPS", "Chicago Public Schools", True),
        ("Lumen EdTech, Inc.", "Lumen EdTech", True),
        ("Oakridge High", "Oakridge Middle", False),
        ("Austin ISD", "Austin High School", False),
        ("Lumen EdTech", "Bright Path Learning", False),
        ("CPS", "Chicago Charter Schools", False),
    ],
)
def test_organisations_written_differently(a: str, b: str, same: bool) -> None:
    from plncrm.importers.known import same_org

    assert same_org(a, b) is same
    assert same_org(b, a) is same
