"""`pln orgs`' last touch (issue 31, acceptance): the last interaction with
anyone while they were there, by role history, as `pln org show` lists them;
an organisation everyone has left keeps it, and `--sort last-touch` follows it."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from helpers import TODAY, Pln
from plncrm.core import org_touch

FIRST = """Name,Email,Organization,Title
Maya Okafor,maya@riverside.example,Riverside Unified School District,Instructional Coach
Sam Lee,sam@oakpark.example,Oak Park D97,Teacher
"""
MOVED = """Name,Email,Organization,Title
Maya Okafor,maya@riverside.example,Evanston-Skokie District 65,Curriculum Lead
"""


@pytest.mark.parametrize("scan", [org_touch.SCAN, 1])  # 1: each looked up by its people
def test_last_touch_is_the_last_interaction_while_they_were_there(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, scan: int
) -> None:
    monkeypatch.setattr(org_touch, "SCAN", scan)
    sheet, moved = tmp_path / "first.csv", tmp_path / "moved.csv"
    sheet.write_text(FIRST, encoding="utf-8")
    moved.write_text(MOVED, encoding="utf-8")
    early, middle, late, after = (TODAY - timedelta(days=d) for d in (30, 20, 12, 2))
    Pln(day=early)("import", "csv", str(sheet))
    Pln(day=early)("log", "Sam Lee", "--kind", "call", "-m", "Pilot call")
    Pln(day=middle)("log", "Maya Okafor", "--kind", "meeting", "-m", "Coaching cycle")
    Pln(day=late)("import", "csv", str(moved))
    Pln(day=after)("log", "Maya Okafor", "--kind", "call", "-m", "New role chat")
    pln = Pln()
    orgs = {o["name"]: o for o in pln.json("orgs")}
    riverside = orgs["Riverside Unified School District"]
    assert riverside["people"] == 0
    assert riverside["last_touch"] == middle.isoformat()  # not her call after she left
    assert orgs["Evanston-Skokie District 65"]["last_touch"] == after.isoformat()
    assert orgs["Oak Park D97"]["last_touch"] == early.isoformat()
    # One definition: org show's newest interaction is the list's last touch.
    for org in orgs.values():
        timeline = pln.json("org", "show", f"#{org['id']}")["timeline"]
        assert org["last_touch"] == (timeline[0]["on"] if timeline else None), org["name"]
    ordered = [o["name"] for o in pln.json("orgs", "--sort", "last-touch")]
    assert ordered == [
        "Evanston-Skokie District 65",
        "Riverside Unified School District",
        "Oak Park D97",
    ]
