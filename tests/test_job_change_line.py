"""The job change's agenda line (issue 31, a new user's walk): the title is
short enough for 80 columns ("Congratulate Derek Washington on the new role")
and the line below it says why, as other lines do: where they moved from and
to, and who replaces them there, with their pronouns when stored."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from helpers import TODAY, Pln

FIRST = """First Name,Last Name,Email,Organization,Title,Pronouns
Ana,Ruiz,ana@oswego.example,Oswego CUSD 308,Teacher,
Li,Na,li@naperville.example,Naperville 203,Principal,
Derek,Washington,derek@oswego.example,Oswego Community Unit School District 308,Director,he/him
"""
MOVED = """First Name,Last Name,Email,Organization,Title
Derek,Washington,derek@oswego.example,Naperville Community Unit School District 203,Superintendent
Ana,Ruiz,ana@oswego.example,Oswego CUSD 308,Reading Specialist
"""


def _sheet(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_the_why_of_a_job_change_is_on_its_second_line(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    Pln(day=TODAY - timedelta(days=30))("import", "csv", _sheet(tmp_path, "a.csv", FIRST))
    Pln()("import", "csv", _sheet(tmp_path, "b.csv", MOVED))
    pln = Pln()
    lines = {i["title"]: i for i in pln.json("due") if i.get("title")}
    derek = lines["Congratulate Derek Washington on the new role"]
    assert derek["reason"] == (
        "moved from Oswego CUSD 308 to Naperville 203: who replaces him there?"
    )
    assert lines["Congratulate Ana Ruiz on the new role"]["reason"] == (
        "now Reading Specialist at Oswego CUSD 308"
    )
    monkeypatch.setenv("COLUMNS", "80")
    screen = pln("due").stdout
    assert "Congratulate Derek Washington on the new role" in screen
    assert "moved from Oswego CUSD 308 to Naperville 203: who replaces him there?" in screen
    # Without pronouns stored: them. Nine days on, it says how late too.
    pln("edit", "Derek Washington", "--pronouns", "")
    later = Pln(day=TODAY + timedelta(days=9)).json("due")
    [line] = [i for i in later if i.get("title", "").startswith("Congratulate Derek")]
    assert line["reason"] == (
        "moved from Oswego CUSD 308 to Naperville 203: who replaces them there?; overdue by 9 days"
    )
