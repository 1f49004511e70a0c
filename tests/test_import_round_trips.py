"""Imports store only what is real: a row's event is matched by its exact name."""

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
