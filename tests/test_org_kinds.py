"""Organisations' kinds said by hand (`pln org edit --kind`), `pln orgs
--kind`, and `pln orgs` leaving out organisations nobody is or was at (issue
31); each write undone by `pln undo`."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln


def _kinds(pln: Pln, *more: str) -> dict[str, str | None]:
    return {o["name"]: o["kind"] for o in pln.json("orgs", *more)}


def test_org_edit_says_what_an_organisation_is(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Acme Learning")
    pln("add-contact", "Sean Li", "--org", "Riverside USD")
    assert _kinds(pln) == {"Acme Learning": None, "Riverside USD": "district"}
    done = pln.json("org", "edit", "acme learning", "--kind", "company")
    assert {k: done[k] for k in ("name", "kind", "was")} == {
        "name": "Acme Learning",
        "kind": "company",
        "was": None,
    }
    assert _kinds(pln)["Acme Learning"] == "company"
    assert [o["name"] for o in pln.json("orgs", "--kind", "company")] == ["Acme Learning"]
    assert [o["name"] for o in pln.json("orgs", "--kind", "district")] == ["Riverside USD"]
    assert pln.json("org", "show", "Acme Learning")["kind"] == "company"
    said = pln("org", "edit", "Riverside Unified School District", "--kind", "other").stdout
    assert said.strip() == f"Riverside USD (#{done['id'] + 1}) is an other (was district)."
    pln("undo", "--yes")
    assert _kinds(pln)["Riverside USD"] == "district"
    pln("undo", "--yes")
    assert _kinds(pln)["Acme Learning"] is None
    wrong = pln("org", "edit", "Acme Learning", "--kind", "charity", ok=False)
    assert wrong.exit_code == 5
    assert "--kind is one of school, district, company, university, other" in wrong.stderr
    assert pln("orgs", "--kind", "charity", ok=False).exit_code == 5
    assert pln("org", "edit", "Nowhere Academy", "--kind", "school", ok=False).exit_code == 3


def test_orgs_leave_out_those_nobody_is_or_was_at(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ben Ode", "--org", "Eastview High")
    pln("add-contact", "Rosa Diaz", "--org", "Westview High")
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Email,Organization,Title\n"
        "Derek Washington,derek@oswego.example,Oswego CUSD 308,Curriculum Director\n",
        encoding="utf-8",
    )
    pln("import", "csv", str(sheet))
    # Derek moves (a past role at Oswego); Ben's organisation is corrected (none kept).
    sheet.write_text(
        "Name,Email,Organization,Title\n"
        "Derek Washington,derek@oswego.example,Naperville 203,Assistant Superintendent\n",
        encoding="utf-8",
    )
    pln("import", "csv", str(sheet))
    pln("edit", "Ben Ode", "--org", "Westview High School")
    people = {o["name"]: o["people"] for o in pln.json("orgs")}
    assert people == {"Naperville 203": 1, "Oswego CUSD 308": 0, "Westview High": 2}
    every = {o["name"]: o["people"] for o in pln.json("orgs", "--all")}
    assert every == {**people, "Eastview High": 0}
    screen = pln("orgs").stdout
    assert "Eastview High" not in screen
    assert "Not listed: 1 that nobody is or was at: --all lists them." in screen
    assert "Eastview High" in pln("orgs", "--all").stdout
    pln("undo", "--yes")
    assert {o["name"]: o["people"] for o in pln.json("orgs")}["Eastview High"] == 1
