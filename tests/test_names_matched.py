"""Names matched as a new user's files write them: a given name someone goes
by (Bernie for Bernadette Walsh) is theirs, a typographic apostrophe
("O’Malley") is a plain one, "O'Neil, Patrick" from a staff sheet is Patrick
O'Neil, and a nickname in quotes is another name, not part of the name."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Pln
from plncrm.core.names import NameParts, person_key, tidy
from plncrm.core.org_names import org_key, same_org

FIXTURES = Path(__file__).parent / "fixtures"
LINKEDIN = FIXTURES / "linkedin-nicknames.csv"
SHEET = FIXTURES / "staff-directory.csv"


def test_a_typographic_apostrophe_is_a_plain_one_to_matching() -> None:
    plain = person_key("Seán O'Malley")
    for mark in "\u2019\u2018\u02bc\u2032":
        assert person_key(f"Seán O{mark}Malley") == plain
        parts = NameParts(given="Seán", family=f"O{mark}Malley")
        assert person_key(f"Seán O{mark}Malley", parts) == plain
        assert org_key(f"St. Mary{mark}s University") == org_key("St. Mary's University")
    assert same_org("St. Mary\u02bcs University", "St. Mary's University")
    assert person_key("Ana \u201cAni\u201d Lima") == person_key('Ana "Ani" Lima') == "ana lima"


@pytest.mark.parametrize(
    ("typed", "name", "given", "family", "suffix"),
    [
        ("O'Neil, Patrick", "Patrick O'Neil", "Patrick", "O'Neil", None),
        ("de la Cruz, María José", "María José de la Cruz", "María", "de la Cruz", None),
        ("Okafor, Maya, M.Ed.", "Maya Okafor, M.Ed.", "Maya", "Okafor", "M.Ed."),
        # A credential after the comma: shown as written, as before.
        ("Alvarez, Ed.D.", "Alvarez, Ed.D.", "Alvarez", None, "Ed.D."),
        ("Rachel Goldberg, M.Ed.", "Rachel Goldberg, M.Ed.", "Rachel", "Goldberg", "M.Ed."),
    ],
)
def test_a_name_written_family_comma_given_is_shown_given_first(
    typed: str, name: str, given: str, family: str | None, suffix: str | None
) -> None:
    found = tidy(typed)
    assert (found.name, found.parts.given, found.parts.family, found.parts.suffix) == (
        name,
        given,
        family,
        suffix,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "Bernadette 'Bernie' Walsh",
        'Bernadette "Bernie" Walsh',
        "Bernadette \u2018Bernie\u2019 Walsh",
        "Bernadette \u201cBernie\u201d Walsh",
        "Walsh, Bernadette 'Bernie'",
    ],
)
def test_a_nickname_in_quotes_is_another_name(typed: str) -> None:
    found = tidy(typed)
    assert (found.name, found.parts.given, found.parts.family, found.akas) == (
        "Bernadette Walsh",
        "Bernadette",
        "Walsh",
        ("Bernie",),
    )


def test_apostrophes_inside_names_are_no_quotes() -> None:
    for typed in ("D'Arcy O'Neil", "Seán O\u2019Malley", "Ngozi N'Diaye-O'Brien"):
        assert (tidy(typed).name, tidy(typed).akas) == (typed, ())
    # A nickname among apostrophes.
    paddy = tidy("Patrick 'Paddy' O'Neil")
    assert (paddy.name, paddy.akas) == ("Patrick O'Neil", ("Paddy",))


def test_a_linkedin_export_meets_a_nickname_she_goes_by_and_a_curly_apostrophe(pln: Pln) -> None:
    pln(
        "add-contact",
        "Bernadette Walsh",
        "--aka",
        "Bernie",
        "--org",
        "St. Mary's University",
        "--email",
        "bw@stmarys.edu",
    )
    pln("add-contact", "Seán O'Malley", "--org", "Lakeshore College")
    report = pln.json("import", "linkedin", str(LINKEDIN))
    # Bernie Walsh is Bernadette (her own aka; the nicknames dataset has no
    # Bernie for Bernadette), Seán O’Malley is Seán O'Malley; Dana is new.
    assert (report["added"], report["merged"]) == (1, 2)
    assert sorted(p["name"] for p in pln.json("list")) == [
        "Bernadette Walsh",
        "Dana Oyelaran",
        "Seán O'Malley",
    ]
    assert pln.json("show", "Bernadette")["links"] == [
        "https://www.linkedin.com/in/bernie-walsh-smu"
    ]
    assert pln.json("show", "Seán O'Malley")["role"] == "Director of Admissions"
    assert pln.json("duplicates") == []
    # Found as typed with any apostrophe.
    for typed in ("Seán O\u2019Malley", "sean o\u02bcmalley", "O\u2019Malley"):
        assert pln.json("show", typed)["id"] == 2


def test_adding_someone_by_the_name_she_goes_by_asks_first(pln: Pln) -> None:
    pln("add-contact", "Bernadette Walsh", "--aka", "Bernie", "--org", "St. Mary's University")
    pln("add-contact", "Seán O\u2019Malley", "--org", "Lakeshore College")
    refused = pln("add-contact", "Bernie Walsh", "--org", "St. Mary\u2019s University", ok=False)
    assert refused.exit_code == 6
    assert (
        "Bernadette Walsh (#1) is already in your network (also known as Bernie at St. Mary's "
        "University)" in refused.stderr
    )
    refused = pln("add-contact", "Seán O'Malley", "--org", "Lakeshore College", ok=False)
    assert "Seán O\u2019Malley (#2) is already in your network (the same name at" in refused.stderr
    # Someone else of the name at another school is someone else.
    pln("add-contact", "Bernie Walsh", "--org", "Lakeshore College")
    # Told to add them anyway, `duplicates` still shows the pair.
    pln("add-contact", "Bernie Walsh", "--org", "St. Mary's University", "--new")
    pln("add-contact", "Seán O'Malley", "--org", "Lakeshore College", "--new")
    pairs = {(p["a"]["id"], p["b"]["id"]): p["reason"] for p in pln.json("duplicates")}
    assert pairs[(1, 4)] == "also known as"
    assert pairs[(2, 5)] == "same name"


def test_a_staff_sheet_written_family_comma_given(pln: Pln) -> None:
    report = pln.json("import", "csv", str(SHEET))
    # "Bobbie Chen" is the "Roberta “Bobbie” Chen" of the row before.
    assert (report["added"], report["merged"]) == (4, 1)
    people = {p["name"]: p for p in pln.json("list")}
    assert sorted(people) == [
        "Alvarez, Ed.D.",
        "Maya Okafor, M.Ed.",
        "Patrick O'Neil",
        "Roberta Chen",
    ]
    assert pln.json("show", "Patrick O'Neil")["email"] == "poneil@brightonacademy.org"
    roberta = pln.json("show", "Bobbie")
    assert (roberta["name"], roberta["akas"], roberta["email"]) == (
        "Roberta Chen",
        ["Bobbie"],
        "bchen@harborms.org",
    )


def test_a_typed_name_takes_its_quoted_nickname_out(pln: Pln) -> None:
    pln("add-contact", "O'Neil, Patrick", "--org", "Brighton Academy")
    assert pln.json("show", "Patrick O'Neil")["name"] == "Patrick O'Neil"
    pln("add-contact", "Alvarez, Ed.D.")
    assert pln.json("show", "Alvarez")["name"] == "Alvarez, Ed.D."
    pln("add-contact", 'Bernadette "Bernie" Walsh', "--org", "St. Mary's University")
    bernadette = pln.json("show", "Bernie")
    assert (bernadette["name"], bernadette["akas"]) == ("Bernadette Walsh", ["Bernie"])
    pln("edit", "Patrick O'Neil", "--name", "Patrick 'Paddy' O'Neil")
    paddy = pln.json("show", "Paddy")
    assert (paddy["name"], paddy["akas"]) == ("Patrick O'Neil", ["Paddy"])
