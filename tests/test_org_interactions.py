"""What happened at an organisation (issue 31, a new user's walk): a person's
interactions while they were there, by their role history's dates, and none
after they left; `pln org show` and `pln interactions --org` say the same."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import TODAY, Pln

FIRST = """Name,Email,Organization,Title
Derek Washington,derek@oswego.example,Oswego CUSD 308,Director of Curriculum
Ana Ruiz,ana@oswego.example,Oswego Community Unit School District 308,Teacher
"""
MOVED = """Name,Email,Organization,Title
Derek Washington,derek@oswego.example,Naperville 203,Assistant Superintendent
"""


def _sheet(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_interactions_at_an_organisation_follow_role_history(
    store_url: str, tmp_path: Path
) -> None:
    before, moved, after = (TODAY - timedelta(days=d) for d in (20, 10, 5))
    Pln(day=before)("import", "csv", _sheet(tmp_path, "first.csv", FIRST))
    Pln(day=before)("log", "Derek Washington", "--kind", "call", "-m", "District pilot")
    Pln(day=before)("log", "Ana Ruiz", "--kind", "meeting", "-m", "Phonics debrief")
    Pln(day=moved)("import", "csv", _sheet(tmp_path, "moved.csv", MOVED))
    Pln(day=after)("log", "Derek Washington", "--kind", "meeting", "-m", "Onboarding chat")
    pln = Pln()
    at_oswego = {"District pilot", "Phonics debrief"}
    shown = pln.json("org", "show", "oswego")
    assert {i["note"] for i in shown["timeline"]} == at_oswego
    assert [p["name"] for p in shown["former"]] == ["Derek Washington"]
    assert {i["note"] for i in pln.json("interactions", "--org", "oswego")} == at_oswego
    assert "Onboarding chat" not in pln("org", "show", "oswego").stdout
    assert "District pilot" in pln("interactions", "--org", "oswego").stdout
    # At Naperville: only what happened after he came.
    assert [i["note"] for i in pln.json("org", "show", "naperville 203")["timeline"]] == [
        "Onboarding chat"
    ]
    assert [i["note"] for i in pln.json("interactions", "--org", "naperville 203")] == [
        "Onboarding chat"
    ]
    # Words of a name no record fits still read the organisation as written now.
    assert [i["note"] for i in pln.json("interactions", "--org", "perville")] == [
        "Onboarding chat",
        "District pilot",
    ]
