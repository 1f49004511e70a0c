"""The SQLite file alone is the network after every command, and a store can
be backed up and restored while pln runs (issue: a copied store was empty)."""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Pln

PLN = Path(sys.executable).with_name("pln")
SAMPLE = Path(__file__).with_name("fixtures") / "linkedin-current.csv"


def run(*args: str, db: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(PLN), *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PLN_DB": str(db)},
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def names(db: Path) -> list[str]:
    return sorted(c["name"] for c in json.loads(run("list", "--json", db=db).stdout))


@pytest.mark.e2e
def test_a_store_copied_with_cp_holds_everything(pln_db: Path, tmp_path: Path) -> None:
    run("add-contact", "A", db=pln_db)
    run("import", "linkedin", str(SAMPLE), db=pln_db)
    copy = tmp_path / "copy.db"
    shutil.copyfile(pln_db, copy)  # the database file alone, as `cp pln.db` copies it
    assert names(copy) == names(pln_db)
    assert len(names(copy)) == 5


@pytest.mark.e2e
def test_backup_and_restore(pln_db: Path, tmp_path: Path) -> None:
    run("add-contact", "Ann", db=pln_db)
    saved = tmp_path / "saved.db"
    assert run("backup", str(saved), db=pln_db).stdout.startswith("Backed up to")
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    run("add-contact", "Bob", db=pln_db)
    refused = run("restore", str(saved), db=pln_db, check=False)
    assert refused.returncode == 7
    assert names(pln_db) == ["Ann", "Bob"]
    said = run("restore", str(saved), "--yes", db=pln_db).stdout
    assert names(pln_db) == ["Ann"]
    kept = next(tmp_path.glob("pln.db.before-restore-*"))
    assert str(kept) in said.replace("\n", "")
    assert names(kept) == ["Ann", "Bob"]


def test_backup_has_a_dated_default_name(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, store_url: str
) -> None:
    if not store_url.startswith("sqlite"):
        pytest.skip("about SQLite stores")
    pln("add-contact", "Ann")
    monkeypatch.chdir(tmp_path)
    said = pln("backup").stdout
    made = list(tmp_path.glob("pln-backup-*.db"))
    assert len(made) == 1
    assert made[0].name in said


def test_restore_refuses_what_is_not_a_plncrm_store(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ann")
    junk = tmp_path / "junk.db"
    junk.write_text("not a database\n" * 50)
    result = pln("restore", str(junk), "--yes", ok=False)
    assert result.exit_code in (5, 8)
    assert [c["name"] for c in pln.json("list")] == ["Ann"]


def test_backup_on_postgresql_says_what_to_use(pln: Pln, store_url: str) -> None:
    if not store_url.startswith("postgresql"):
        pytest.skip("about PostgreSQL stores")
    result = pln("backup", ok=False)
    assert result.exit_code == 5
    assert "pg_dump" in result.stderr
