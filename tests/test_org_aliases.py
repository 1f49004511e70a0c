"""An organisation's other names (issue 31, a new user's walk): a district's
short form ("HSD") is its spelled-out name, and a name merged into a record or
renamed away stays its alias, stored and undoable, shown by `pln org show` and
read by every resolver: add-contact and edit --org, imports, --org filters."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import Pln

HEADER = """Notes:
"When exporting your connection data, you may notice that some of the email addresses are missing."

First Name,Last Name,URL,Email Address,Company,Position,Connected On
"""
HOA = (
    "Hoa,Nguyễn Thị,https://www.linkedin.com/in/hoa-nt,,Hinsdale Central Office,"
    "EL Teacher,30 Sep 2026\n"
)


def _orgs(pln: Pln) -> dict[str, int]:
    return {o["name"]: o["people"] for o in pln.json("orgs")}


def test_district_short_forms_are_their_spelled_out_names(pln: Pln) -> None:
    pln("add-contact", "María Fernández", "--org", "Hinsdale Township High School District 86")
    pln("add-contact", "Hoa Nguyễn Thị", "--org", "Hinsdale Township HSD 86")
    pln("add-contact", "Ann Lee", "--org", "Lake Forest CHSD 115")
    pln("add-contact", "Bo Kim", "--org", "Lake Forest Community High School District 115")
    pln("add-contact", "Cy Ode", "--org", "Wheaton CUSD 200")
    pln("add-contact", "Di Roe", "--org", "Wheaton Community Unit School District 200")
    pln("add-contact", "Ed Poe", "--org", "Hinsdale CCSD 181")
    pln("add-contact", "Flo Yu", "--org", "Hinsdale Community Consolidated School District 181")
    assert _orgs(pln) == {
        "Hinsdale Township High School District 86": 2,
        "Lake Forest CHSD 115": 2,
        "Wheaton CUSD 200": 2,
        "Hinsdale CCSD 181": 2,
    }


def test_a_merged_and_renamed_name_stays_the_records(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "María Fernández", "--org", "Hinsdale Township High School District 86")
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(HEADER + HOA, encoding="utf-8")
    pln("import", "linkedin", str(linkedin))
    assert set(_orgs(pln)) == {
        "Hinsdale Township High School District 86",
        "Hinsdale Central Office",
    }
    pln("org", "merge", "Hinsdale Township High School District 86", "Hinsdale Central Office")
    pln("org", "rename", "Hinsdale Township High School District 86", "Hinsdale District 86")
    shown = pln.json("org", "show", "Hinsdale Central Office")
    assert shown["name"] == "Hinsdale District 86"
    assert shown["also_called"] == [
        "Hinsdale Central Office",
        "Hinsdale Township High School District 86",
    ]
    screen = pln("org", "show", "hinsdale district 86").stdout
    assert "also called: Hinsdale Central Office; Hinsdale Township High School" in screen
    # Each old name is the record: nothing new is made, nobody is added twice.
    pln("add-contact", "Test Person", "--org", "Hinsdale Central Office")
    pln("edit", "María Fernández", "--org", "Hinsdale Township High School District 86")
    pln("import", "linkedin", str(linkedin))
    assert _orgs(pln) == {"Hinsdale District 86": 3}
    people = pln.json("list", "--org", "Hinsdale Central Office")
    assert sorted((p["name"], p["org"]) for p in people) == [
        ("Hoa Nguyễn Thị", "Hinsdale District 86"),
        ("María Fernández", "Hinsdale Township High School District 86"),  # a spelling
        ("Test Person", "Hinsdale District 86"),
    ]
    assert len(pln.json("list", "--org", "Hinsdale Township High School District 86")) == 3
    pln("log", "Hoa", "--kind", "call", "-m", "EL units")
    found = pln.json("interactions", "--org", "Hinsdale Central Office")
    assert [i["note"] for i in found] == ["EL units", "Connected on LinkedIn"]
    # Renaming back to an old name takes it off the list of others.
    pln("org", "rename", "Hinsdale District 86", "Hinsdale Central Office")
    assert pln.json("org", "show", "hinsdale central office")["name"] == "Hinsdale Central Office"
    assert pln.json("org", "show", "Hinsdale District 86")["also_called"] == [
        "Hinsdale Township High School District 86",
        "Hinsdale District 86",
    ]


def test_undo_takes_an_alias_back_with_its_merge(pln: Pln) -> None:
    pln("add-contact", "Ann Lee", "--org", "Riverside USD")
    pln("add-contact", "Bo Kim", "--org", "Riverside Office")
    pln("org", "merge", "Riverside USD", "Riverside Office")
    assert pln.json("org", "show", "Riverside Office")["also_called"] == ["Riverside Office"]
    pln("undo", "--yes")
    assert pln.json("org", "show", "Riverside USD")["also_called"] == []
    assert _orgs(pln) == {"Riverside USD": 1, "Riverside Office": 1}
    # A name merged into a record that is merged on keeps meaning where it went.
    pln("add-contact", "Cy Ode", "--org", "Riverside Annex")
    pln("org", "merge", "Riverside Office", "Riverside Annex")
    pln("org", "merge", "Riverside USD", "Riverside Office")
    assert pln.json("org", "show", "Riverside Annex")["name"] == "Riverside USD"
    assert pln("org", "merge", "Riverside USD", "Riverside Annex", ok=False).exit_code != 0


def test_other_names_go_through_a_json_export_and_restore(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ann Lee", "--org", "Riverside USD")
    pln("add-contact", "Bo Kim", "--org", "Riverside Office")
    pln("org", "merge", "Riverside USD", "Riverside Office")
    document = pln("export", "json").stdout
    [record] = json.loads(document)["organisations"]
    assert record["also_called"] == ["Riverside Office"]
    other = ["--db", str(tmp_path / "restored.db")]
    pln(*other, "import", "json", "-", input=document)
    assert pln.json(*other, "org", "show", "Riverside Office")["name"] == "Riverside USD"
    assert pln(*other, "export", "json").stdout == document
