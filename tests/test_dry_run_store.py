"""Every `-n/--dry-run` opens the store as `pln mcp --read-only` does (issue
31, a tester's finding): a dry run on an older store migrated it and left a
backup beside it, and one on a missing store created it. Now an absent, empty
or older store is refused, and the file is left byte for byte as it was."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from helpers import Pln
from test_mcp_safety import _downgraded

WEBINAR = """Registration Report
Topic,Webinar ID,Scheduled Start Time,Scheduled Duration (minutes),# Registered,# Cancelled
"Number Talks",812,"Nov 18, 2026 04:00 PM",60,1,0
Registrant Details
First Name,Last Name,Email,Organization,Registration Time,Approval Status
Ana,Lima,ana@example.org,Uni,"Nov 10, 2026 09:00 AM",approved
"""


def _dry_runs(folder: Path) -> list[list[str]]:
    """Each command that has a dry run, with what it reads (all in `folder`)."""
    (folder / "people.csv").write_text("Name,Email\nBea Costa,bea@example.org\n")
    (folder / "webinar.csv").write_text(WEBINAR)
    for box in ("cur", "new", "tmp"):
        (folder / "mail" / box).mkdir(parents=True, exist_ok=True)
    return [
        ["import", "csv", str(folder / "people.csv"), "-n"],
        ["event", "import", "Number Talks", str(folder / "webinar.csv"), "-n"],
        ["sync", "contacts", str(folder / "cards"), "--dry-run"],
        ["calendar", "sync", str(folder / "calendar"), "--dry-run"],
        ["mail", "scan", str(folder / "mail"), "--dry-run"],
        ["notify", "--dry-run", "--always"],
    ]


def _files(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "folder"
        for p in sorted(folder.iterdir())
    }


def test_a_dry_run_never_creates_a_store(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs, absent = tmp_path / "in", tmp_path / "none" / "pln.db"
    inputs.mkdir()
    absent.parent.mkdir()
    monkeypatch.setenv("PLN_DB", str(absent))
    for args in _dry_runs(inputs):
        before = _files(inputs)
        result = pln(*args, ok=False)
        assert result.exit_code == 8, (args, result.stdout, result.stderr)
        assert f"there is no store at {absent} yet" in result.stderr, args
        assert "run it without -n/--dry-run" in result.stderr
        assert list(absent.parent.iterdir()) == [], args
        assert _files(inputs) == before, args


def test_a_dry_run_never_upgrades_an_older_store(pln: Pln, pln_db: Path, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    pln("event", "add", "Number Talks", "--on", "2026-11-18", "--hosted")
    _downgraded(pln_db, "0020")
    inputs = tmp_path / "in"
    inputs.mkdir()
    for args in _dry_runs(inputs):
        before = _files(tmp_path)
        result = pln(*args, ok=False)
        assert result.exit_code == 8, (args, result.stdout, result.stderr)
        assert f"the store at {pln_db} needs upgrading first (schema 0020" in result.stderr
        assert "run any pln command without -n/--dry-run once" in result.stderr
        assert _files(tmp_path) == before, args  # the same bytes, and no backup beside them
    pln("list")  # any other command upgrades it, after which a dry run reads it
    assert "Would" in pln(*_dry_runs(inputs)[0]).stdout


@pytest.mark.parametrize("index", range(6))
def test_a_dry_run_on_a_current_store_changes_nothing(pln: Pln, tmp_path: Path, index: int) -> None:
    pln("add-contact", "Ana Lima")
    pln("event", "add", "Number Talks", "--on", "2026-11-18", "--hosted")
    pln("config", "notify.urls", "json://127.0.0.1:9/never")
    pln("config", "mail.from", "Me <me@example.org>")
    inputs = tmp_path / "in"
    inputs.mkdir()
    args = _dry_runs(inputs)[index]
    before, history = pln("export", "json").stdout, pln("history").stdout
    pln(*args)
    assert pln("export", "json").stdout == before
    assert pln("history").stdout == history
