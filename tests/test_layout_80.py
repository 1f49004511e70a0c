"""Screens at 80 columns (issue 31, a new user's walk): `pln list` keeps the
column it is sorted on, shows roles before tags and the roles of one
organisation's people, each organisation by its record's name; `pln org show`
folds its lines; `pln interactions --event` leaves out the column that would
repeat the event and gives the note its room."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from helpers import Pln


def _header(screen: str) -> list[str]:
    return screen.splitlines()[0].replace("┃", " ").split()


def network(pln: Pln) -> None:
    long_role = "Assistant Superintendent for Curriculum and Instruction"
    pln("add-contact", "María José Núñez", "--org", "Naperville CUSD 203", "--role", "Coach")
    pln("add-contact", "Derek Washington", "--org", "Naperville Community Unit School District 203")
    pln("edit", "Derek", "--role", long_role, "--email", "derek.washington@naperville203.example")
    pln("add-contact", "Li Na", "--org", "Naperville 203", "--role", "ELL Coordinator")
    pln("add-contact", "Zoë Beaumont-Lefèvre", "--org", "Lumen EdTech, Inc.", "--tag", "vendor")
    pln("event", "add", "Phonics Webinar", "--on", "2026-09-24", "--kind", "webinar")
    for who in ("María", "Derek", "Li Na"):
        note = "Attended Phonics Webinar (58 min) and asked about the decodable pack"
        pln("log", who, "-m", note, "--at", "Phonics Webinar", "--on", "2026-09-24")


def test_list_keeps_its_sort_column_and_shows_one_name_for_a_district(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "80")
    screen = pln("list", "--sort", "last-contacted", "--reverse").stdout
    assert "contacted" in _header(screen)
    assert all(cell_len(line) <= 80 for line in screen.splitlines())
    at = pln("list", "--org", "naperville community unit school district 203").stdout
    assert _header(at)[:3] == ["id", "name", "role"]
    assert "ELL Coordinator" in at
    monkeypatch.setenv("COLUMNS", "120")
    wide = pln("list").stdout
    assert "role" in _header(wide)
    assert "Naperville CUSD 203" in wide
    assert "Naperville 203" not in wide
    assert "Community Unit" not in wide
    # --json keeps each contact's organisation as written.
    assert {p["org"] for p in pln.json("list", "--org", "naperville")} == {
        "Naperville CUSD 203",
        "Naperville Community Unit School District 203",
        "Naperville 203",
    }


def test_roles_come_before_tags(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "120")
    header = _header(pln("list").stdout)
    assert "role" in header
    assert "tags" not in header


def test_org_show_folds_its_lines(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "80")
    screen = pln("org", "show", "naperville 203").stdout
    assert all(cell_len(line) <= 80 for line in screen.splitlines()), screen
    folded = [line for line in screen.splitlines() if line.startswith("      ")]
    assert folded, screen  # a long note goes on under its entry


def test_interactions_at_one_event_leave_out_the_event_column(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "80")
    screen = pln("interactions", "--event", "webinar").stdout
    assert "event" not in _header(screen)
    assert "Attended Phonics Webinar (58 min)" in screen
    assert "event" in _header(pln("interactions").stdout)
