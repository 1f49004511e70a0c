"""Snoozes, dismissals and "not a duplicate" marks travel in `pln export
json` and come back with `pln import json` (issue 27), into an empty store
and merged into one that has people of its own (where the ids differ)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from helpers import Pln

DAY = date(2026, 11, 2)


def _network(pln: Pln, db: str | None = None) -> None:
    """Keisha, monthly and late, dismissed; two different Maria Gonzalez,
    marked as such; an introduction whose one side is snoozed."""
    at = ("--db", db) if db else ()
    before = Pln(day=DAY - timedelta(days=60))
    before(*at, "add-contact", "Keisha Brown", "--cadence", "monthly", "-e", "keisha@d87.org")
    before(*at, "add-contact", "Maria Gonzalez", "-e", "mgonzalez@cicd99.edu", "--new")
    before(*at, "add-contact", "Maria Gonzalez", "-e", "mgonzalez@ipsd.org", "--new")
    before(*at, "add-contact", "Tom Reyes", "-e", "treyes@d87.org")
    before(*at, "intro", "keisha", "tom", "--why", "both run K-2 literacy pilots")


def _late(pln: Pln, *at: str) -> set[str]:
    return {
        str(i["contact"])
        for i in pln.json(*at, "due", "--limit", "0")
        if i["kind"] == "keep-in-touch"
    }


def _pairs(pln: Pln, *at: str) -> set[frozenset[int]]:
    return {frozenset((p["a"]["id"], p["b"]["id"])) for p in pln.json(*at, "duplicates")}


def _marked(tmp_path: Path) -> tuple[Pln, dict[str, Any], Path]:
    pln = Pln(day=DAY)
    _network(pln)
    assert _late(pln) == {"Keisha Brown"}
    maria = [c["id"] for c in pln.json("list", "--text", "gonzalez")]
    assert len(_pairs(pln)) == 1
    pln("duplicates", "--not", *map(str, maria))
    keisha = pln.json("show", "keisha")["id"]
    pln("dismiss", f"k{keisha}")
    intro = pln.json("intros")[0]["id"]
    pln("snooze", f"i{intro}a", "--until", (DAY + timedelta(days=9)).isoformat())
    assert _late(pln) == set()
    assert _pairs(pln) == set()
    document = json.loads(pln("export", "json").stdout)
    path = tmp_path / "store.json"
    path.write_text(json.dumps(document))
    return pln, document, path


def test_marks_are_exported_and_restored_into_an_empty_store(
    store_url: str, tmp_path: Path
) -> None:
    pln, document, path = _marked(tmp_path)
    keisha = pln.json("show", "keisha")["id"]
    handles = {a["handle"]: a["until"] for a in document["agenda_snoozes"]}
    assert handles[f"k{keisha}"] == (DAY + timedelta(days=30)).isoformat()  # a month from today
    assert (DAY + timedelta(days=9)).isoformat() in handles.values()
    assert len(document["distinct_pairs"]) == 1
    other = str(tmp_path / "other.db")
    pln("--db", other, "import", "json", str(path))
    assert json.loads(pln("--db", other, "export", "json").stdout) == document
    assert _late(pln, "--db", other) == set()  # dismissed there too
    assert _pairs(pln, "--db", other) == set()
    # A month on, Keisha's cadence comes round again in the restored store.
    assert _late(Pln(day=DAY + timedelta(days=31)), "--db", other) == {"Keisha Brown"}


def test_marks_merged_into_a_store_with_people_of_its_own_follow_the_ids(
    store_url: str, tmp_path: Path
) -> None:
    pln, _, path = _marked(tmp_path)
    other = str(tmp_path / "team.db")
    first = Pln(day=DAY - timedelta(days=90))
    for name in ("Ana Lima", "Ben Ode", "Chloé Martin"):  # ids 1-3 are someone else there
        first("--db", other, "add-contact", name)
    pln("--db", other, "import", "json", str(path))
    ids = {c["name"]: c["id"] for c in pln.json("--db", other, "list", "--all")}
    assert ids["Keisha Brown"] != pln.json("show", "keisha")["id"]
    assert _late(pln, "--db", other) == set()
    assert _pairs(pln, "--db", other) == set()
    exported = json.loads(pln("--db", other, "export", "json").stdout)
    assert f"k{ids['Keisha Brown']}" in {a["handle"] for a in exported["agenda_snoozes"]}
    # Importing the same document again adds no second mark.
    pln("--db", other, "import", "json", str(path))
    again = json.loads(pln("--db", other, "export", "json").stdout)
    assert again["agenda_snoozes"] == exported["agenda_snoozes"]
    assert again["distinct_pairs"] == exported["distinct_pairs"]


def test_an_older_export_without_marks_still_imports(store_url: str, tmp_path: Path) -> None:
    pln, document, path = _marked(tmp_path)
    del document["agenda_snoozes"], document["distinct_pairs"]
    path.write_text(json.dumps(document))
    other = str(tmp_path / "old.db")
    pln("--db", other, "import", "json", str(path))
    assert _late(pln, "--db", other) == {"Keisha Brown"}


def test_a_mark_naming_no_record_of_the_document_is_refused(store_url: str, tmp_path: Path) -> None:
    pln, document, path = _marked(tmp_path)
    for key, bad, said in (
        (
            "agenda_snoozes",
            {"handle": "k999", "until": "2026-12-01"},
            "agenda_snoozes[0].handle: no contact with id 999",
        ),
        (
            "agenda_snoozes",
            {"handle": "tomorrow", "until": "2026-12-01"},
            "is not an agenda handle",
        ),
        (
            "distinct_pairs",
            {"low_id": 2, "high_id": 2, "marked_on": "2026-11-02"},
            "the same person",
        ),
    ):
        broken = {**document, key: [bad]}
        path.write_text(json.dumps(broken))
        result = pln("--db", str(tmp_path / "x.db"), "import", "json", str(path), ok=False)
        assert result.exit_code == 5
        assert said in result.stderr
