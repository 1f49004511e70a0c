"""Names as people write them (issue 27): a LinkedIn export whose last names
carry credentials, pronouns and emoji meets the cards of a conference, and
`pln duplicates` finds and forgets what imports did not merge."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln
from plncrm.core.names import NameParts, person_key, tidy
from plncrm.core.nicknames import related_names

FIXTURES = Path(__file__).parent / "fixtures"
CARDS = FIXTURES / "conference-cards.vcf"
LINKEDIN = FIXTURES / "linkedin-credentials.csv"


def test_credentials_pronouns_and_emoji_are_parts_of_their_own() -> None:
    ana = tidy("Ana Alvarez, Ed.D.", NameParts(given="Ana", family="Alvarez, Ed.D."))
    assert (ana.parts.family, ana.parts.suffix) == ("Alvarez", "Ed.D.")
    yuki = tidy("Yuki Tanaka (she/her)", NameParts(given="Yuki", family="Tanaka (she/her)"))
    assert (yuki.name, yuki.parts.family, yuki.pronouns) == ("Yuki Tanaka", "Tanaka", "she/her")
    assert tidy("Priya Shah 📚", NameParts(given="Priya", family="Shah 📚")).name == "Priya Shah"
    assert tidy("Kwame Mensah PhD").parts.suffix == "PhD"
    assert tidy("Dr. Stephanie Hale").parts.prefix == "Dr."
    assert person_key("Dr. Stephanie Hale") == person_key("Stephanie Hale") == "stephanie hale"
    # Names that spell like a credential stay names.
    assert tidy("Kim Do").parts.family == "Do"
    assert tidy("Li, Ma").parts.family == "Li"
    assert "william" in related_names("Bill")
    assert "katherine" in related_names("Kathy")


def test_a_linkedin_export_with_credentials_pronouns_and_emoji_meets_its_cards(pln: Pln) -> None:
    pln("import", "vcard", str(CARDS))
    report = pln.json("import", "linkedin", str(LINKEDIN))
    # Hale, Alvarez, Tanaka, Shah, Mensah, Foster (Bill), Brennan (Kathy) and
    # Lee (a Twitter link on the card, a LinkedIn profile in the export) are
    # people already known; Gonzalez (another email), Hughes and Goldberg are new.
    assert (report["added"], report["merged"]) == (3, 8)
    names = sorted(p["name"] for p in pln.json("list"))
    assert names == [
        "Ana Alvarez",
        "Bill Hughes",
        "Dr. Stephanie Hale",
        "Jordan Lee",
        "Katherine Brennan",
        "Kwame Mensah",
        "Maria Gonzalez",
        "Maria Gonzalez",
        "Priya Shah",
        "Rachel Goldberg, M.Ed.",
        "William Foster",
        "Yuki Tanaka",
    ]
    rachel = pln.json("show", "Rachel Goldberg")
    assert (rachel["given"], rachel["family"], rachel["suffix"], rachel["pronouns"]) == (
        "Rachel",
        "Goldberg",
        "M.Ed.",
        "she/her",
    )
    yuki = pln.json("show", "Yuki Tanaka")
    assert yuki["pronouns"] == "she/her"
    assert "linkedin.com/in/yukitanaka" in " ".join(yuki["links"])
    jordan = pln.json("show", "Jordan Lee")
    assert len(jordan["links"]) == 2
    # Nothing left for `pln duplicates` but the two Maria Gonzalez.
    pairs = pln.json("duplicates")
    assert [(p["a"]["name"], p["b"]["name"]) for p in pairs] == [
        ("Maria Gonzalez", "Maria Gonzalez")
    ]


def test_duplicates_finds_what_was_stored_twice_and_forgets_who_is_different(pln: Pln) -> None:
    # A store written before names were read as people write them: each one twice.
    for name, org in (
        ("Ana Alvarez", "Aurora West USD 129"),
        ("Ana Alvarez, Ed.D.", "Aurora West USD 129"),
        ("Yuki Tanaka", None),
        ("Yuki Tanaka (she/her)", None),
        ("Priya Shah", None),
        ("Priya Shah 📚", None),
        ("Kwame Mensah", None),
        ("Kwame Mensah, PhD", None),
        ("William Foster", "Oswego CUSD 308"),
        ("Bill Foster", "Oswego CUSD 308"),
        ("Bill Hughes", "Township HSD 211"),
        ("William Hughes", "Evanston District 65"),
    ):
        pln("add-contact", name, *(("--org", org) if org else ()), "--new")
    pln(
        "add-contact",
        "Maria Gonzalez",
        "-e",
        "mgonzalez@cicd99.edu",
        "-p",
        "+1 708-555-0100",
        "--new",
    )
    pln("add-contact", "Maria Gonzalez", "-e", "mgonzalez@ipsd.org", "--new")
    pln("add-contact", "Dale Novak", "-p", "+1 708-555-0100", "--new")  # the district's shared line
    pairs = {(p["a"]["id"], p["b"]["id"]): p["reason"] for p in pln.json("duplicates")}
    assert pairs == {
        (1, 2): "same name",
        (3, 4): "same name",
        (5, 6): "same name",
        (7, 8): "same name",
        (9, 10): "nickname, same organisation",
        (13, 14): "same name",
        (13, 15): "same phone",
    }
    said = pln("duplicates", "--not", "13", "14").stdout
    assert "are different people" in said
    pln("duplicates", "--not", "15", "13")
    assert "already noted" in pln("duplicates", "--not", "14", "13").stdout
    after = {(p["a"]["id"], p["b"]["id"]) for p in pln.json("duplicates")}
    assert after == set(pairs) - {(13, 14), (13, 15)}
    # Merging keeps the mark with the one kept.
    pln("add-contact", "M. Gonzalez", "-e", "maria.g@ipsd.org", "--new")
    pln("merge", "14", "16", "--yes")
    assert (13, 14) not in {(p["a"]["id"], p["b"]["id"]) for p in pln.json("duplicates")}
