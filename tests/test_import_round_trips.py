"""Imports store only what is real: a cadence imported from a spreadsheet reaches
the agenda, a store holding only settings takes a whole store, and a row's
event is matched by its exact name."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln


def other_store(tmp_path: Path, name: str = "other.db") -> tuple[Pln, str]:
    """A second, empty store beside the test's own."""
    return Pln(), str(tmp_path / name)


def show(pln: Pln, ref: str, *db: str) -> dict[str, Any]:
    return json.loads(pln(*db, "show", ref, "--json").stdout)  # type: ignore[no-any-return]


def test_an_imported_cadence_reaches_the_agenda_and_survives_a_csv_round_trip(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Cadence,Last contacted,Met on\nAnn,1 month,2026-09-01,\nBen,2 weeks,,2026-10-01\n"
        "Cy,3 months,2026-11-20,\n"
    )
    pln("import", "csv", str(sheet))
    due = [i for i in pln.json("due") if i["kind"] == "keep-in-touch"]
    assert sorted(i["contact"] for i in due) == ["Ann", "Ben"]
    # Known contacts take a cadence they lacked, and fall due from it too.
    pln("add-contact", "Dee", "--email", "dee@x.org")
    pln("log", "dee", "-m", "coffee", "--on", "2026-08-01")
    more = tmp_path / "more.csv"
    more.write_text("Name,Email,Cadence\nDee,dee@x.org,1 month\n")
    pln("import", "csv", str(more))
    lines = sorted(i["contact"] for i in pln.json("due") if i["kind"] == "keep-in-touch")
    assert lines == ["Ann", "Ben", "Dee"]
    # Our own CSV, into an empty store: every keep-in-touch line comes back.
    exported = pln("export", "csv").stdout
    other, db = other_store(tmp_path)
    other("--db", db, "import", "csv", "-", input=exported)
    again = json.loads(other("--db", db, "due", "--json").stdout)
    assert sorted(i["contact"] for i in again if i["kind"] == "keep-in-touch") == lines


def test_a_whole_store_goes_into_a_store_that_holds_only_settings(pln: Pln, tmp_path: Path) -> None:
    """The README's move from a personal store to a team's: its settings were set first."""
    pln("add-contact", "Ann Lee", "--email", "ann@x.org", "--cadence", "1 month")
    pln("config", "guard-days", "3")
    pln("config", "phone-region", "GB")
    mine = tmp_path / "mine.json"
    pln("export", "json", "-o", str(mine))
    team, db = other_store(tmp_path, "team.db")
    team("--db", db, "config", "guard-days", "5")  # the team's own choice
    report = json.loads(team("--db", db, "import", "json", str(mine), "--json").stdout)
    assert report["added"] == 1
    assert report["settings_kept"] == ["guard-days"]
    assert [c["name"] for c in json.loads(team("--db", db, "list", "--json").stdout)] == ["Ann Lee"]
    config = json.loads(team("--db", db, "config", "--json").stdout)
    assert (config["guard-days"], config["phone-region"]) == ("5", "GB")
    said = team("--db", str(tmp_path / "team2.db"), "config", "guard-days", "5")
    assert said.exit_code == 0
    text = team("--db", str(tmp_path / "team2.db"), "import", "json", str(mine)).stdout
    assert "Settings kept as they were here (the file differs): guard-days" in text


@pytest.mark.parametrize("known", [["Conf 21"], ["Conf 21", "Conf 22"]])
def test_a_rows_event_is_its_exact_name_never_a_longer_one(
    pln: Pln, tmp_path: Path, known: list[str]
) -> None:
    """One known "Conf 21" took the row met at "Conf 2"; two refused the whole import."""
    for name in known:
        pln("event", "add", name, "--on", "2021-05-01")
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Met at\nAnn,Conf 2\nBen,conf  21\nCy,Conf\n")
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 3
    assert [show(pln, name)["met_at"] for name in ("ann", "ben", "cy")] == [
        "Conf 2",
        "Conf 21",
        "Conf",
    ]
    assert sorted(e["name"] for e in pln.json("events")) == sorted([*known, "Conf 2", "Conf"])
