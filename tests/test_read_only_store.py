"""A store in a folder that cannot be written (a read-only mount, a folder of
someone else's) is read and backed up; a command that would change it fails
with one clear line (issue 26). Root writes through chmod, so the folder here is
a tmpfs remounted read-only."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from typer.testing import Result

from helpers import TODAY, Pln, tmpfs


@contextmanager
def read_only_folder(where: Path, fill: object) -> Iterator[Path]:
    """A folder that `fill(folder)` fills while it can be written, then made
    read-only for the test (skips where it cannot be)."""
    from plncrm.store.engine import dispose_all

    with tmpfs(where, "size=32m,mode=0700") as mounted:
        if not mounted:
            pytest.skip("needs root to mount a tmpfs, which can then be made read-only")
        assert callable(fill)
        fill(where)
        dispose_all()  # the last connection folds the log into the file, as `pln` exits
        remounted = subprocess.run(["mount", "-o", "remount,ro", str(where)], capture_output=True)
        if remounted.returncode != 0:
            pytest.skip(f"cannot remount read-only: {remounted.stderr.decode().strip()}")
        yield where
        dispose_all()


class On(Pln):
    """`pln --db DB ...`."""

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = str(db)

    def __call__(self, *args: str, **kwargs: object) -> Result:
        return super().__call__("--db", self.db, *args, **kwargs)  # type: ignore[arg-type]


def _network(folder: Path) -> None:
    pln = On(folder / "pln.db")
    pln("add-contact", "Ana Lima", "--org", "Austin ISD")
    pln("follow-up", "ana", "send the slides", "--due", TODAY.isoformat())
    pln("log", "ana", "-m", "coffee at CUE", "--on", "2026-11-20")


def test_a_store_in_a_read_only_folder_is_read_and_backed_up(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro", _network) as folder:
        pln = On(folder / "pln.db")
        assert "send the slides" in pln("due").stdout
        shown = pln.json("show", "ana")
        assert (shown["org"], [i["note"] for i in shown["timeline"]]) == (
            "Austin ISD",
            ["coffee at CUE"],
        )
        assert [c["name"] for c in pln.json("list")] == ["Ana Lima"]
        assert "log ana" in pln.json("history")[0]["command"]
        assert "coffee at CUE" in pln("export", "json").stdout
        copy = tmp_path / "copy.db"
        assert "Backed up to" in pln("backup", str(copy)).stdout
        assert sorted(p.name for p in folder.iterdir()) == ["pln.db"]  # nothing left beside it
    assert [c["name"] for c in On(copy).json("list")] == ["Ana Lima"]


@pytest.mark.parametrize(
    "command",
    [["add-contact", "Ben Ode"], ["edit", "ana", "--role", "Coach"], ["undo", "--yes"]],
)
def test_a_change_to_a_store_in_a_read_only_folder_fails_in_one_line(
    tmp_path: Path, command: list[str]
) -> None:
    with read_only_folder(tmp_path / "ro", _network) as folder:
        result = On(folder / "pln.db")(*command, ok=False)
        assert result.exit_code == 8, (result.stdout, result.stderr, result.exception)
        assert result.stderr.count("\n") == 1
        assert "its folder is read-only" in result.stderr
        assert "Traceback" not in result.stderr


def _pending_log(keep_index: bool) -> object:
    """A store whose last change is still in its log (`pln.db-wal`), as a
    copy taken while another process had it open leaves it."""

    def fill(folder: Path) -> None:
        from plncrm.store.engine import dispose_all

        elsewhere = folder.parent / "live"
        elsewhere.mkdir()
        _network(elsewhere)
        dispose_all()
        live = sqlite3.connect(elsewhere / "pln.db")
        try:
            live.execute("PRAGMA wal_autocheckpoint = 0")
            live.execute("UPDATE contact SET org = 'Seattle PS' WHERE id = 1")
            live.commit()
            names = ["pln.db", "pln.db-wal"] + (["pln.db-shm"] if keep_index else [])
            for name in names:
                shutil.copyfile(elsewhere / name, folder / name)
        finally:
            live.close()

    return fill


def test_a_read_only_store_with_its_log_pending_is_read_through_it(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro", _pending_log(keep_index=True)) as folder:
        assert (folder / "pln.db-wal").stat().st_size > 0
        pln = On(folder / "pln.db")
        assert pln.json("show", "ana")["org"] == "Seattle PS"
        pln("backup", str(tmp_path / "copy.db"))
    assert On(tmp_path / "copy.db").json("show", "ana")["org"] == "Seattle PS"


def test_a_read_only_store_whose_log_cannot_be_read_says_so(tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "ro", _pending_log(keep_index=False)) as folder:
        pln = On(folder / "pln.db")
        for command in (["list"], ["show", "ana"], ["backup", str(tmp_path / "copy.db")]):
            result = pln(*command, ok=False)
            assert result.exit_code == 8, (command, result.stderr, result.exception)
            assert "pln.db-wal" in result.stderr
            assert result.stderr.count("\n") == 1
        assert not (tmp_path / "copy.db").exists()


def test_a_read_only_store_that_needs_upgrading_says_so(tmp_path: Path) -> None:
    """An upgrade writes a copy beside the store, then the store: neither can
    happen in a read-only folder, so it is refused before anything is tried."""

    def old_store(folder: Path) -> None:
        from alembic import command
        from alembic.config import Config
        from sqlalchemy import create_engine

        from plncrm.store.engine import dispose_all
        from plncrm.store.migrate import MIGRATIONS_DIR

        _network(folder)
        dispose_all()
        engine = create_engine(f"sqlite:///{folder / 'pln.db'}")
        with engine.begin() as conn:
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            command.downgrade(config, "0012")
        engine.dispose()

    with read_only_folder(tmp_path / "ro", old_store) as folder:
        result = On(folder / "pln.db")("list", ok=False)
        assert result.exit_code == 8, (result.stderr, result.exception)
        assert "must be upgraded" in result.stderr
        assert "read-only" in result.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["pln.db"]
