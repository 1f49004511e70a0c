"""A JSON file from someone else is data, never this machine's setup or a
reason to fold people together: `pln import json` takes no setting of a
machine or a secret, names every setting it takes, keeps the file's people
apart, and keeps the marks that say they are different people."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import Pln

HOOK = "json://attacker.example:8080/agenda"


def exported(tmp_path: Path, *commands: tuple[str, ...]) -> tuple[Path, dict[str, Any]]:
    """Run `commands` in a store of its own and export it whole."""
    source, db = Pln(), str(tmp_path / "source.db")
    for command in commands:
        source("--db", db, *command)
    out = tmp_path / "export.json"
    source("--db", db, "export", "json", "-o", str(out))
    return out, json.loads(out.read_text())


def with_settings(tmp_path: Path, path: Path, document: dict[str, Any]) -> Path:
    """The export as an attacker sends it: their notification URL, a folder
    for pln to write into, and their name to sign drafts with."""
    document["settings"] = {
        **document.get("settings", {}),
        "notify.urls": HOOK,
        "calendar.dir": str(tmp_path / "theirs"),
        "my-name": "Mallory",
        "guard-days": "4",
    }
    path.write_text(json.dumps(document))
    return path


def test_a_restore_takes_no_machine_setting_and_names_what_it_takes(
    pln: Pln, tmp_path: Path
) -> None:
    path, document = exported(tmp_path, ("add-contact", "Ana Lima"))
    with_settings(tmp_path, path, document)
    said = pln("import", "json", str(path)).stdout
    config = pln.json("config")
    assert (config["notify.urls"], config["calendar.dir"]) == ("", "")
    assert (config["my-name"], config["guard-days"]) == ("Mallory", "4")  # a restore: named
    assert "Settings not taken from the file (this machine's own, never imported): " in said
    assert "notify.urls" in said
    assert "calendar.dir" in said
    assert "Settings taken from the file (pln config shows and changes them): " in said
    assert "my-name" in said
    assert "guard-days" in said
    assert not (tmp_path / "theirs").exists()


def test_a_merge_takes_no_setting_at_all(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ben Ode")
    path, document = exported(tmp_path, ("add-contact", "Ana Lima"))
    with_settings(tmp_path, path, document)
    report = pln.json("import", "json", str(path))
    assert report["added"] == 1
    assert sorted(report["settings_left_out"]) == ["calendar.dir", "notify.urls"]
    assert report["settings_taken"] == []
    assert sorted(report["settings_kept"]) == ["guard-days", "my-name"]
    config = pln.json("config")
    assert [config[k] for k in ("notify.urls", "calendar.dir", "my-name", "guard-days")] == [
        "",
        "",
        "",
        "2",
    ]


def test_a_files_people_are_never_merged_into_each_other(pln: Pln, tmp_path: Path) -> None:
    """Two Sam Lees at Acme marked as different people, and a Bill Chen beside
    a William Chen: into a store holding someone else, all four come in, and
    the mark stays on the two Sam Lees under their numbers here."""
    path, _ = exported(
        tmp_path,
        ("add-contact", "Sam Lee", "--org", "Acme"),
        ("add-contact", "Sam Lee", "--org", "Acme", "--new"),
        ("duplicates", "--not", "1", "2"),
        ("add-contact", "William Chen", "--org", "Acme"),
        ("add-contact", "Bill Chen", "--org", "Acme", "--new"),
    )
    pln("add-contact", "Ana Lima")
    report = pln.json("import", "json", str(path))
    assert (report["added"], report["merged"]) == (4, 0)
    names = sorted(c["name"] for c in pln.json("list"))
    assert names == ["Ana Lima", "Bill Chen", "Sam Lee", "Sam Lee", "William Chen"]
    out = tmp_path / "here.json"
    pln("export", "json", "-o", str(out))
    here = json.loads(out.read_text())
    sams = sorted(c["id"] for c in here["contacts"] if c["name"] == "Sam Lee")
    assert [(d["low_id"], d["high_id"]) for d in here["distinct_pairs"]] == [tuple(sams)]


def test_each_may_still_be_someone_the_store_holds(pln: Pln, tmp_path: Path) -> None:
    """One Sam Lee here already: the file's first takes her, its second is
    someone else, and the mark between them stays."""
    path, _ = exported(
        tmp_path,
        ("add-contact", "Sam Lee", "--org", "Acme", "-e", "sam@acme.org"),
        ("add-contact", "Sam Lee", "--org", "Acme", "--new"),
        ("duplicates", "--not", "1", "2"),
    )
    pln("add-contact", "Sam Lee", "--org", "Acme", "-e", "sam@acme.org")
    report = pln.json("import", "json", str(path))
    assert (report["added"], report["merged"] + report["skipped"]) == (1, 1)
    assert [c["id"] for c in pln.json("list")] == [1, 2]
    out = tmp_path / "here.json"
    pln("export", "json", "-o", str(out))
    assert [(d["low_id"], d["high_id"]) for d in json.loads(out.read_text())["distinct_pairs"]] == [
        (1, 2)
    ]
