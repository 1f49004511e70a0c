"""How a user names an organisation (issue 31, acceptance): a district's
number written short ("D65", "U-46", "SD 65", "Dist. 65") is one district,
and `pln org show` takes a unique part of a name or another name, lists the
candidates when several fit (exit 4) and the closest when none does (exit 3)."""

from __future__ import annotations

import pytest

from helpers import Pln
from plncrm.core.org_names import guess_kind, means, org_key


@pytest.mark.parametrize(
    "spelling",
    [
        "Evanston-Skokie D65",
        "Evanston Skokie SD 65",
        "Evanston-Skokie Dist. 65",
        "Evanston-Skokie District #65",
        "Evanston-Skokie SD65",
    ],
)
def test_a_district_number_written_short_is_the_same_district(spelling: str) -> None:
    assert means(spelling, "Evanston-Skokie District 65")
    assert not means(spelling, "Evanston-Skokie District 97")
    assert guess_kind(spelling) == "district"


def test_only_a_trailing_number_after_a_place_is_a_district() -> None:
    assert org_key("Elgin U46") == org_key("Elgin U-46") == org_key("Elgin District 46")
    assert org_key("Elgin Area School District U-46") == "elgin area school district 46"
    assert guess_kind("Oak Park D97") == guess_kind("Elgin U46") == "district"
    for other in ("3D printing club", "D3 Robotics", "Studio 3D", "Team D3 Robotics"):
        assert guess_kind(other) is None, other
        assert "district" not in org_key(other), other


def test_add_contact_places_both_spellings_on_one_record(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Evanston-Skokie District 65")
    pln("add-contact", "Sam Lee", "--org", "Evanston-Skokie D65")
    pln("add-contact", "Ann Roe", "--org", "Oak Park D97")
    orgs = {o["name"]: o for o in pln.json("orgs")}
    assert set(orgs) == {"Evanston-Skokie District 65", "Oak Park D97"}
    assert orgs["Evanston-Skokie District 65"]["people"] == 2
    assert orgs["Oak Park D97"]["kind"] == "district"


def test_org_show_takes_a_unique_part_of_a_name(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Evanston-Skokie District 65")
    pln("add-contact", "Ann Roe", "--org", "Oak Park D97")
    for part in ("Skokie", "District 65", "65", "evanston", "Oak Park District 97"):
        shown = pln.json("org", "show", part)
        assert shown["name"] == ("Oak Park D97" if "97" in part else "Evanston-Skokie District 65")
    pln("add-contact", "Sam Lee", "--org", "Evanston-Skokie D65")
    listed = [c["name"] for c in pln.json("list", "--org", "District 65")]
    assert listed == ["Maya Okafor", "Sam Lee"]
    pln("org", "rename", "Skokie", "Evanston/Skokie SD 65")
    assert pln.json("org", "show", "Evanston-Skokie District 65")["name"] == "Evanston/Skokie SD 65"


def test_several_or_none_say_which_there_are(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Evanston-Skokie District 65")
    pln("add-contact", "Ann Roe", "--org", "Evanston Township High School")
    several = pln("org", "show", "Evanston", ok=False)
    assert several.exit_code == 4
    assert "#1 Evanston-Skokie District 65" in several.stderr
    assert "#2 Evanston Township High School" in several.stderr
    none = pln("org", "show", "Evanstn Skokie", ok=False)
    assert none.exit_code == 3
    assert "did you mean 'Evanston-Skokie District 65'" in none.stderr


def test_two_records_of_one_district_from_before_the_rule_are_joined(
    pln: Pln, store_url: str
) -> None:
    """A store written before "D65" read as "District 65" holds two records."""
    from sqlalchemy import create_engine, text

    pln("add-contact", "Maya Okafor", "--org", "Evanston-Skokie District 65")
    pln("add-contact", "Sam Lee", "--org", "Evanston-Skokie Middle")
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                "UPDATE organisation SET name = 'Evanston-Skokie D65', "
                "name_key = 'evanston skokie d65' WHERE name = 'Evanston-Skokie Middle'"
            )
        )
        conn.execute(text("UPDATE contact SET org = 'Evanston-Skokie D65' WHERE name = 'Sam Lee'"))
        conn.execute(text("UPDATE organisation SET kind = NULL"))
    engine.dispose()
    # A kind never said reads as the name says it, as a new record's would.
    assert {o["kind"] for o in pln.json("orgs")} == {"district"}
    assert [o["name"] for o in pln.json("orgs", "--kind", "district")] == [
        "Evanston-Skokie D65",
        "Evanston-Skokie District 65",
    ]
    assert pln.json("org", "show", "#2")["kind"] == "district"
    several = pln("org", "show", "District 65", ok=False)
    assert several.exit_code == 4
    assert "pln org merge joins them" in several.stderr
    # Each record's own name, as written, still names that one.
    assert pln.json("org", "show", "Evanston-Skokie D65")["id"] == 2
    pln("org", "merge", "Evanston-Skokie District 65", "Evanston-Skokie D65")
    assert pln.json("org", "show", "65")["people"][1]["name"] == "Sam Lee"
