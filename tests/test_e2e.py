"""End-to-end: the installed `pln`, run as a user runs it."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

# Each test starts the installed `pln` (or Python) as a process, most of them many times.
pytestmark = [pytest.mark.e2e, pytest.mark.slow, pytest.mark.usefixtures("store_url")]
PLN = Path(sys.executable).with_name("pln")
# The MCP SDK (~0.5 s) is `pln mcp`'s alone.
HEAVY = ("sqlalchemy", "sqlmodel", "alembic", "plncrm.store.models", "pydantic", "mcp", "mcp_types")


def run(
    *args: str, env: dict[str, str] | None = None, check: bool = True
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [str(PLN), *args], capture_output=True, text=True, env=env or dict(os.environ), timeout=60
    )
    if check:
        assert result.returncode == 0, result.stderr
    return result


def test_installed_pln_adds_lists_and_shows(pln_db: Path) -> None:
    run("add-contact", "Maya Okafor", "--email", "maya@example.org", "--tag", "math")
    assert stat.S_IMODE(pln_db.stat().st_mode) == 0o600
    listed = json.loads(run("list", "--json").stdout)
    assert [(c["name"], c["email"], c["tags"]) for c in listed] == [
        ("Maya Okafor", "maya@example.org", ["math"])
    ]
    assert "maya@example.org" in run("show", "maya").stdout


def test_user_error_is_one_line_without_traceback() -> None:
    result = run("show", "no such person at all", check=False)
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == ["pln: no contact matches 'no such person at all'"]


def test_db_option_points_at_another_file(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    run("--db", str(other), "add-contact", "Ana")
    assert other.exists()
    assert json.loads(run("--db", str(other), "list", "--json").stdout)[0]["name"] == "Ana"
    assert json.loads(run("list", "--json").stdout) == []


def _imported(*args: str, extra_env: dict[str, str] | None = None) -> tuple[set[str], str]:
    env = dict(os.environ, **(extra_env or {}))
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "plncrm", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    modules = {
        line.rsplit("|", 1)[-1].strip() for line in result.stderr.splitlines() if "|" in line
    }
    return modules, result.stdout


def test_help_and_completion_do_not_load_the_store() -> None:
    modules, out = _imported("--help")
    assert "add-contact" in out
    assert not [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]
    modules, out = _imported(
        extra_env={"_PLN_COMPLETE": "complete_bash", "COMP_WORDS": "pln ad", "COMP_CWORD": "1"}
    )
    assert "add-contact" in out
    assert not [m for m in modules if m.split(".")[0] in HEAVY or m in HEAVY]


def test_two_processes_creating_the_store_and_adding_at_once_lose_nothing(tmp_path: Path) -> None:
    """Both start on a database that does not exist yet, so they also race to create it."""
    db = tmp_path / "fresh" / "pln.db"
    script = (
        "import sys\n"
        "from plncrm.cli import app\n"
        "for i in range(25):\n"
        "    code = app(['--db', sys.argv[1], 'add-contact', f'{sys.argv[2]} {i}'], "
        "standalone_mode=False)\n"
        "    if code:\n"
        "        sys.exit(code)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(db), who], stderr=subprocess.PIPE, text=True
        )
        for who in ("Ana", "Ben")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    names = {c["name"] for c in json.loads(run("--db", str(db), "list", "--json").stdout)}
    assert len(names) == 50


def test_two_pln_commands_at_the_same_moment(tmp_path: Path) -> None:
    db = str(tmp_path / "pln.db")
    procs = [
        subprocess.Popen(
            [str(PLN), "--db", db, "add-contact", name], stderr=subprocess.PIPE, text=True
        )
        for name in ("Ana", "Ben", "Cy")
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err
    assert len(json.loads(run("--db", db, "list", "--json").stdout)) == 3


def test_commands_and_groups_run_when_built_alone(tmp_path: Path) -> None:
    """`pln` builds only the command it runs; groups, global options and typos still work."""
    run("add-contact", "Ana Lima")
    assert (
        json.loads(run("--db", os.environ["PLN_DB"], "export", "json").stdout)["contacts"][0][
            "name"
        ]
        == "Ana Lima"
    )
    assert "Show a contact" in run("show", "--help").stdout
    typo = run("lst", check=False)
    assert typo.returncode == 2
    assert "Did you mean 'list'?" in typo.stderr
    assert "add-contact" in run("--help").stdout


def test_tab_completes_contact_names_without_creating_a_store(tmp_path: Path) -> None:
    run("add-contact", "Ana Lima")
    run("add-contact", "Ben Ode")
    env = dict(os.environ, _PLN_COMPLETE="complete_bash", COMP_WORDS="pln show An", COMP_CWORD="2")
    assert run(env=env).stdout.split() == ["Ana", "Lima"]  # bash splits the candidate "Ana Lima"
    missing = tmp_path / "none.db"
    env.update(PLN_DB=str(missing))
    assert run(env=env).stdout.strip() == ""
    assert not missing.exists()


def test_tab_completing_a_name_reads_the_store_without_sqlalchemy_or_pydantic(
    store_url: str,
) -> None:
    """On SQLite (a PostgreSQL store is read through SQLAlchemy, by design)."""
    if not store_url.startswith("sqlite"):
        pytest.skip("the sqlite3 read path is SQLite's")
    run("add-contact", "Ana Lima")
    run("add-contact", "田中 浩", "--aka", "Hiroshi Tanaka")
    modules, out = _imported(
        extra_env={"_PLN_COMPLETE": "complete_bash", "COMP_WORDS": "pln show An", "COMP_CWORD": "2"}
    )
    assert out.split() == ["Ana", "Lima"]
    heavy = ("sqlalchemy", "sqlmodel", "alembic", "pydantic")
    # Pydantic too: `show`'s REF, not typed yet, is no error while completing.
    assert not [m for m in modules if m.split(".")[0] in heavy]
    assert "plncrm.cli.intros" not in modules  # only the command being completed is built
    env = dict(
        os.environ, _PLN_COMPLETE="complete_bash", COMP_WORDS="pln show Hiro", COMP_CWORD="2"
    )
    assert run(env=env).stdout.split() == ["Hiroshi", "Tanaka"]  # another name of 田中 浩
    zsh = dict(os.environ, _PLN_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="pln show An")
    assert '"Ana Lima":"#1"' in run(env=zsh).stdout


EVERYDAY = (
    ("due",),
    ("list", "--tag", "coach"),
    ("list", "--met-at", "iste", "--sort", "added"),
    ("show", "ana"),
    ("search", "coach"),
    ("due", "--json"),
    ("show", "ana", "--json"),
    ("follow-ups",),
    ("events",),
    ("intros",),
    ("interactions", "--with", "ana", "--since", "30 days"),
    ("timeline", "--text", "coach", "--kind", "intro"),
    ("list", "--not-contacted-since", "2 days ago", "--reverse", "--sort", "last-contacted"),
)


def test_the_everyday_screens_read_the_store_without_sqlalchemy_or_pydantic(
    store_url: str,
) -> None:
    """`due`, `list`, `show` and `search` on an SQLite store whose schema is
    current: the standard library's sqlite3 alone (`store.plain`)."""
    if not store_url.startswith("sqlite"):
        pytest.skip("the sqlite3 read path is SQLite's")
    run("add-contact", "Ana Lima", "--tag", "coach", "--met-at", "ISTE", "--email", "ana@x.org")
    run("add-contact", "Ben Ode", "--via", "ana", "--note", "coaching lead")
    run("follow-up", "ana", "Send the deck", "--due", "today")
    run("intro", "ana", "ben", "--why", "both coach")
    for args in EVERYDAY:
        modules, out = _imported(*args)
        heavy = [m for m in modules if m.split(".")[0] in HEAVY_STORE]
        assert not heavy, (args, heavy[:5])
        assert "Ana Lima" in out or "ISTE" in out, (args, out)
    json_modules, _ = _imported("due", "--json")
    assert not [m for m in json_modules if m.split(".")[0] == "rich"]
    assert "plncrm.util.dates" not in json_modules  # date phrases: only `pln due --on` reads one


# jinja2: only drafting a message or checking a template loads it (core.templates).
HEAVY_STORE = ("sqlalchemy", "sqlmodel", "pydantic", "pydantic_core", "alembic", "jinja2")

# The commands typed dozens of times after a conference, each with what makes
# it reach further into the store (a meeting, a guard, a recurring task).
EVERYDAY_WRITES = (
    ("add-contact", "Bo Chen", "--email", "bo@x.org", "--tag", "math", "--met-at", "ISTE"),
    ("add-contact", "Cy Dee", "--met-at", "ISTE"),  # no email: a namesake check, a guard
    ("log", "ana", "-m", "Coffee at the booth"),
    ("log", "bo", "--at", "ISTE"),
    ("follow-up", "ana", "Send the deck", "--due", "friday", "--every", "2 weeks"),
    ("done", "{task}", "-m", "sent it"),
    ("tag", "bo", "science", "coach"),
    ("tag", "bo", "coach", "--remove"),
    ("edit", "bo", "--org", "Acme School", "--email", "bo@acme.org", "--met-on", "2026-11-20"),
)


def test_the_everyday_writes_change_the_store_without_sqlalchemy_or_pydantic(
    store_url: str,
) -> None:
    """`add-contact`, `log`, `follow-up`, `done`, `tag` and `edit` on an SQLite
    store whose schema is current write through `sqlite3` alone (`store.db`),
    and what they write is what the engine would have (the journal included)."""
    if not store_url.startswith("sqlite"):
        pytest.skip("the sqlite3 write path is SQLite's")
    import re

    run("add-contact", "Ana Lima", "--email", "ana@x.org")
    task = ""
    for args in EVERYDAY_WRITES:
        modules, out = _imported(*(a.format(task=task) for a in args))
        heavy = [m for m in modules if m.split(".")[0] in HEAVY_STORE]
        assert not heavy, (args, heavy[:5])
        assert out.strip(), args  # each says what it did
        task = task or (
            found.group(1) if (found := re.match(r"Follow-up #(\d+) with", out)) else ""
        )
    shown = json.loads(run("show", "bo", "--json").stdout)
    assert (shown["org"], shown["emails"], shown["tags"]) == (
        "Acme School",
        ["bo@acme.org"],
        ["math", "science"],
    )
    tasks = json.loads(run("follow-ups", "--all", "--json").stdout)
    assert [(t["title"], t["status"]) for t in tasks if t["title"] == "Send the deck"] == [
        ("Send the deck", "done"),
        ("Send the deck", "open"),
    ]
    history = run("history").stdout
    assert "pln edit bo --org 'Acme School'" in history
    run("undo", "--yes")  # the edit, journaled by the sqlite3 path, is undone by the engine
    assert json.loads(run("show", "bo", "--json").stdout)["org"] is None


def test_imports_write_the_store_without_sqlalchemy(store_url: str, tmp_path: Path) -> None:
    """`pln import linkedin`, and a JSON document into an empty store and
    into one with data, on an SQLite store whose schema is current: through
    `sqlite3` alone (the JSON document is checked with Pydantic), undoable."""
    if not store_url.startswith("sqlite"):
        pytest.skip("the sqlite3 write path is SQLite's")
    sheet = tmp_path / "Connections.csv"
    sheet.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Ana,Lima,https://www.linkedin.com/in/ana-lima,ana@x.org,Acme,Coach,20 Feb 2023\n"
        "Bo,Chen,https://www.linkedin.com/in/bo-chen,,Acme,Teacher,21 Feb 2023\n"
    )
    no_sql = ("sqlalchemy", "sqlmodel", "alembic")
    run("due")  # the store exists and is current
    modules, out = _imported("import", "linkedin", str(sheet), "--met-at", "ISTE", "--tag", "li")
    assert not [m for m in modules if m.split(".")[0] in no_sql or m == "plncrm.store.models"]
    assert out.startswith("Added 2, merged 0"), out
    document = tmp_path / "pln.json"
    document.write_text(run("export", "json").stdout)
    modules, out = _imported("import", "json", str(document))
    assert not [m for m in modules if m.split(".")[0] in no_sql], out
    assert out.startswith("Added 0, merged 0 into existing contacts, skipped 2"), out
    run("undo", "--yes")  # the LinkedIn import, journaled by the sqlite3 path
    assert json.loads(run("list", "--json").stdout) == []
    modules, out = _imported("import", "json", str(document))  # into an empty store
    assert not [m for m in modules if m.split(".")[0] in no_sql], out
    assert run("export", "json").stdout == document.read_text()


def test_the_store_file_alone_holds_the_network_after_each_command(tmp_path: Path) -> None:
    """`pln` leaves without tearing down its modules, but closes the store first:
    a new store's schema and every change are in the file itself, so copying
    the file alone (as a user backing up with `cp` would) copies everything."""
    import shutil
    import sqlite3

    db = tmp_path / "new" / "pln.db"
    run("--db", str(db), "due")  # creates the store through a reading command
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)  # the file alone, without its -wal
    with sqlite3.connect(copy) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()
    run("--db", str(db), "add-contact", "Ana Lima")
    run("--db", str(db), "list")
    shutil.copy(db, copy)
    assert [c["name"] for c in json.loads(run("--db", str(copy), "list", "--json").stdout)] == [
        "Ana Lima"
    ]
