"""Different people stay different (issue 27, an attacker's pass): a school
office's address on several people's rows, a badge scanner numbering every
show's cards from 1, and schools of one pattern of name ("Westview" and
"Eastview High School") never fold two people into one or fake a job change."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln


def test_a_shared_office_address_does_not_make_people_one(store_url: str, tmp_path: Path) -> None:
    pln = Pln()
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "office@school.org",
        "--role",
        "Principal",
        "--org",
        "Lincoln Elementary",
    )
    sheet = tmp_path / "staff.csv"
    sheet.write_text(
        "Name,Email,Title,Company\n"
        "Ben Ode,office@school.org,Counselor,Lincoln Elementary\n"
        "Cara Diaz,office@school.org,Teacher,Lincoln Elementary\n"
        "Ana Lima,office@school.org,Principal,Lincoln Elementary\n"
        "Anita Lima,office@school.org,Principal,Lincoln Elementary\n"  # her own name, written out
    )
    report = pln.json("import", "csv", str(sheet))
    assert report["updated"] == []  # no job change for Ana
    people = {c["name"]: c for c in pln.json("list")}
    assert set(people) == {"Ana Lima", "Ben Ode", "Cara Diaz"}
    assert pln.json("show", "ana")["role"] == "Principal"
    ben = pln.json("show", "ben")
    assert ben["emails"] == []
    assert "office@school.org" in ben["notes"]
    assert [w["line"] for w in report["kept_in_notes"]] == [2, 3]
    assert not [i for i in pln.json("due") if i["title"].startswith("Congratulate")]


def test_a_scanners_uid_on_two_people_of_one_name_keeps_them_two(
    store_url: str, tmp_path: Path
) -> None:
    pln = Pln()
    for show, email, org in (
        ("a", "maria@showa.org", "Austin ISD"),
        ("b", "mgarcia@showb.org", "Miami-Dade Schools"),
    ):
        card = tmp_path / f"{show}.vcf"
        card.write_text(
            f"BEGIN:VCARD\nVERSION:3.0\nUID:1\nFN:Maria Garcia\nEMAIL:{email}\n"
            f"ORG:{org}\nEND:VCARD\n"
        )
        pln("import", "vcard", str(card))
    assert sorted(c["org"] for c in pln.json("list")) == ["Austin ISD", "Miami-Dade Schools"]


def test_schools_of_one_pattern_of_name_are_different_schools(
    store_url: str, tmp_path: Path
) -> None:
    from plncrm.importers.known import same_org

    for a, b in (
        ("Westview High School", "Eastview High School"),
        ("North Central High School", "South Central High School"),
        ("St. Mary School", "St. Mark School"),
        ("Riverside Unified School District", "Riverview Unified School District"),
    ):
        assert not same_org(a, b), (a, b)
    for a, b in (
        ("Oakridge High", "Oakridge High School"),
        ("CPS", "Chicago Public Schools"),
        ("St. Mary’s University", "St Marys University"),
        ("Riverside USD", "Riverside Unified School District"),
    ):
        assert same_org(a, b), (a, b)
    pln = Pln()
    pln("add-contact", "John Smith", "--org", "Westview High School", "--phone", "+1 206 555 0101")
    sheet = tmp_path / "j.csv"
    sheet.write_text("Name,Company,Phone\nJohn Smith,Eastview High School,+1 503 555 0199\n")
    assert pln.json("import", "csv", str(sheet))["added"] == 1


def test_two_new_people_of_one_file_sharing_an_address(store_url: str, tmp_path: Path) -> None:
    sheet = tmp_path / "staff.csv"
    sheet.write_text("Name,Email\nBen Ode,office@school.org\nCara Diaz,office@school.org\n")
    pln = Pln()
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 2
    assert [w["reason"] for w in report["kept_in_notes"]] == [
        "email office@school.org is an earlier row's, who has another name, kept in notes"
    ]
    assert pln.json("show", "cara")["notes"] == "Email office@school.org (also an earlier row's)"
    assert pln.json("show", "ben")["emails"] == ["office@school.org"]


def test_an_address_with_a_name_the_contact_is_also_known_as(
    store_url: str, tmp_path: Path
) -> None:
    """A webinar's registration in the name 田中 浩 goes by ("Hiroshi Tanaka",
    his aka) with his own address is him, not someone sharing his address."""
    pln = Pln()
    pln("add-contact", "田中 浩", "--aka", "Hiroshi Tanaka", "--email", "hiroshi@kyoto.ed.jp")
    sheet = tmp_path / "signups.csv"
    sheet.write_text("First Name,Last Name,Email\nHiroshi,Tanaka,hiroshi@kyoto.ed.jp\n")
    report = pln.json("import", "csv", str(sheet))
    assert (report["added"], report["kept_in_notes"]) == (0, [])
    assert [c["name"] for c in pln.json("list")] == ["田中 浩"]
