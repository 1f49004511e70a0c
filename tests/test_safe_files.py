"""Every file plncrm writes for the user goes through one safe writer, and a
store is opened only when it is plncrm's: nothing foreign or half-written."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from helpers import Pln, tmpfs
from plncrm.util.errors import FileError
from plncrm.util.files import write_file

PLN = Path(sys.executable).with_name("pln")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs, so that a write can really run out of space."""
    with tmpfs(tmp_path / "small", "size=64k") as mounted:
        if not mounted:
            pytest.skip("cannot mount a tmpfs here (it needs root)")
        yield tmp_path / "small"


# The writer itself


def test_writes_a_new_private_file_and_replaces_an_old_one(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_text("old")
    target.chmod(0o644)
    write_file(target, [b"new ", b"data"])
    assert target.read_text() == "new data"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_a_pre_planted_temp_file_is_neither_used_nor_read(tmp_path: Path) -> None:
    planted = tmp_path / ".contacts.csv.tmp"
    planted.write_text("attacker's")
    planted.chmod(0o666)
    write_file(tmp_path / "contacts.csv", b"secret")
    assert planted.read_text() == "attacker's"
    assert stat.S_IMODE((tmp_path / "contacts.csv").stat().st_mode) == 0o600


def test_a_planted_symlink_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("mine")
    (tmp_path / ".contacts.csv.tmp").symlink_to(victim)
    write_file(tmp_path / "contacts.csv", b"export")
    assert victim.read_text() == "mine"
    (tmp_path / "link.csv").symlink_to(victim)
    with pytest.raises(FileError, match="symbolic link"):
        write_file(tmp_path / "link.csv", b"export")
    assert victim.read_text() == "mine"
    assert (tmp_path / "link.csv").is_symlink()


def test_a_device_is_refused_never_opened_nor_replaced() -> None:
    """Even as root, who could rename over /dev/null (tests/test_planted_links.py
    has the links, FIFOs and races)."""
    for device in ("/dev/null", "/dev/full"):
        with pytest.raises(FileError, match="it is a device or socket, not a regular file"):
            write_file(Path(device), b"gone")
        assert stat.S_ISCHR(os.stat(device).st_mode)


def test_a_missing_folder_is_a_one_line_error_leaving_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileError, match="no such folder"):
        write_file(tmp_path / "missing" / "x.csv", b"data")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_is_an_error_and_leaves_nothing_behind(small_disk: Path) -> None:
    (small_disk / "keep.csv").write_text("before")
    with pytest.raises(FileError, match="no space left"):
        write_file(small_disk / "keep.csv", b"x" * 200_000)
    assert [p.name for p in small_disk.iterdir()] == ["keep.csv"]
    assert (small_disk / "keep.csv").read_text() == "before"


# Through the commands


def test_export_to_a_missing_folder_is_exit_9(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana")
    result = pln("export", "csv", "-o", str(tmp_path / "nope" / "c.csv"), ok=False)
    assert result.exit_code == 9
    assert result.stderr.startswith("pln: cannot write")
    assert "no such folder" in result.stderr


def test_export_writes_into_a_pipe_through_dev_stdout(pln_db: Path) -> None:
    subprocess.run([str(PLN), "add-contact", "Ana"], check=True, capture_output=True)
    result = subprocess.run(
        [str(PLN), "export", "csv", "-o", "/dev/stdout"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "Ana" in result.stdout


def test_report_save_that_fails_prints_no_report(pln: Pln, tmp_path: Path) -> None:
    result = pln("report", "--html", str(tmp_path / "ro" / "r.html"), ok=False)
    assert result.exit_code == 9
    assert result.stdout == ""


def test_a_draft_that_cannot_be_written_records_no_step(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("intro", "ana", "ben", "--why", "coaching")
    before = pln.json("intros", "show", "1")
    timeline = pln.json("show", "ben")["timeline"]
    for _ in range(2):
        result = pln(
            "intros", "ask", "1", "b", "--draft-to", str(tmp_path / "missing" / "x.txt"), ok=False
        )
        assert result.exit_code == 9
    assert pln.json("intros", "show", "1") == before
    assert pln.json("show", "ben")["timeline"] == timeline
    pln("intros", "ask", "1", "both", "--draft-to", str(tmp_path / "ask.txt"))
    assert "Subject:" in (tmp_path / "ask.txt").read_text()
    pln("intros", "answer", "1", "a", "yes")
    pln("intros", "answer", "1", "b", "yes")
    assert (
        pln(
            "intros", "introduce", "1", "--draft-to", str(tmp_path / "missing" / "y.txt"), ok=False
        ).exit_code
        == 9
    )
    assert pln.json("intros", "show", "1")["status"] == "agreed"


# The store


def test_a_foreign_sqlite_file_is_refused_untouched(tmp_path: Path, pln: Pln) -> None:
    foreign = tmp_path / "foreign.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
        conn.execute("INSERT INTO notes VALUES ('mine')")
    conn.close()
    before = digest(foreign)
    for args in (["list"], ["add-contact", "Ana"], ["due"]):
        result = pln("--db", str(foreign), *args, ok=False)
        assert result.exit_code == 8
        assert "is not a plncrm store" in result.stderr
    assert digest(foreign) == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "pln.db") == ["foreign.db"]
    completion = subprocess.run(
        [str(PLN)],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PLN_DB": str(foreign),
            "_PLN_COMPLETE": "complete_bash",
            "COMP_WORDS": "pln show a",
            "COMP_CWORD": "2",
        },
    )
    assert completion.returncode == 0
    assert digest(foreign) == before
    garbage = tmp_path / "notes.txt"
    garbage.write_text("not a database at all, just notes\n" * 100)
    assert pln("--db", str(garbage), "list", ok=False).exit_code == 8
    assert garbage.read_text().startswith("not a database")


def test_a_newer_store_is_refused_before_any_backup(pln: Pln, pln_db: Path) -> None:
    pln("add-contact", "Ana")
    with sqlite3.connect(pln_db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '0099'")
    conn.close()
    from plncrm.store.engine import dispose_all

    dispose_all()
    for _ in range(2):
        result = pln("list", ok=False)
        assert result.exit_code == 8
        assert "newer plncrm" in result.stderr
    assert not [p for p in pln_db.parent.iterdir() if ".backup-" in p.name]


def test_an_upgrade_backup_that_runs_out_of_space_leaves_no_half_copy(small_disk: Path) -> None:
    from plncrm.store.migrate import backup
    from plncrm.util.errors import StoreError

    store = small_disk / "pln.db"
    with sqlite3.connect(store) as conn:
        conn.execute("CREATE TABLE filler (x BLOB)")
        conn.execute("INSERT INTO filler VALUES (randomblob(40000))")
    conn.close()
    with pytest.raises(StoreError, match="cannot back up"):
        backup(f"sqlite:///{store}", "0001")
    assert [p.name for p in small_disk.iterdir()] == ["pln.db"]


@pytest.mark.parametrize("name", ["pct%20x.db", "we?ird.db", "a b#c.db"])
def test_a_db_path_is_taken_literally(tmp_path: Path, name: str) -> None:
    env = {**os.environ, "PLN_DB": str(tmp_path / name)}
    subprocess.run([str(PLN), "add-contact", "Ana"], check=True, capture_output=True, env=env)
    assert [p.name for p in tmp_path.iterdir() if not p.name.endswith(("-wal", "-shm"))] == [name]
    assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600
    listed = subprocess.run([str(PLN), "list", "--json"], capture_output=True, text=True, env=env)
    assert [c["name"] for c in json.loads(listed.stdout)] == ["Ana"]


def test_store_folders_are_private_whatever_the_umask(tmp_path: Path) -> None:
    store = tmp_path / "a" / "b" / "pln.db"
    script = f"import os, sys; os.umask(0); os.execv({str(PLN)!r}, ['pln', 'add-contact', 'Ana'])"
    subprocess.run(
        [sys.executable, "-c", script],
        check=True,
        capture_output=True,
        env={**os.environ, "PLN_DB": str(store)},
    )
    for folder in (tmp_path / "a", tmp_path / "a" / "b"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
