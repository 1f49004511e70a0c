"""One reading of an organisation's open follow-ups (issue 31): `pln orgs`
counts those of the people there now, and `pln org show` lists those same
ones as open and a former person's apart, so the two views agree."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import TODAY, Pln

MOVED = """First Name,Last Name,Email,Organization,Title
Ana,Ruiz,ana@riverside.example,Naperville 203,Principal
"""


def test_orgs_open_is_what_org_show_lists_as_open(store_url: str, tmp_path: Path) -> None:
    earlier = Pln(day=TODAY - timedelta(days=40))
    earlier(
        "add-contact",
        "Ana Ruiz",
        "--org",
        "Riverside USD",
        "--role",
        "Teacher",
        "--email",
        "ana@riverside.example",
    )
    earlier("add-contact", "Bo Kim", "--org", "Riverside USD", "--role", "Principal")
    earlier("follow-up", "Ana Ruiz", "send the slides", "--due", "2026-12-20")
    earlier("follow-up", "Bo Kim", "ask about the grant", "--due", "2026-12-21")
    pln = Pln()
    (tmp_path / "moved.csv").write_text(MOVED, encoding="utf-8")
    pln("import", "csv", str(tmp_path / "moved.csv"))
    [riverside] = [o for o in pln.json("orgs") if o["name"] == "Riverside USD"]
    shown = pln.json("org", "show", "Riverside USD")
    assert [f["title"] for f in shown["open_follow_ups"]] == ["ask about the grant"], shown
    assert riverside["open_follow_ups"] == len(shown["open_follow_ups"]) == 1
    assert [p["name"] for p in shown["former"]] == ["Ana Ruiz"], shown
    # Hers, left open where she was (and the congratulation of her move).
    assert {f["title"] for f in shown["former_open_follow_ups"]} == {
        "send the slides",
        "Congratulate Ana Ruiz on the new role",
    }
    screen = pln("org", "show", "Riverside USD").stdout
    assert "open (people there now):" in screen
    assert "open (people there before):" in screen
    assert screen.index("ask about the grant") < screen.index("before):") < screen.index("slides")
    # Archived, Bo is no longer there now: neither view counts his.
    pln("archive", "Bo Kim")
    [riverside] = [o for o in pln.json("orgs", "--all") if o["name"] == "Riverside USD"]
    shown = pln.json("org", "show", "Riverside USD")
    assert riverside["open_follow_ups"] == len(shown["open_follow_ups"]) == 0
