"""`pln undo` and `pln history`: every changing command can be taken back exactly."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest

from helpers import PG_URL, Pln

LINKEDIN_HEAD = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def _network(pln: Pln) -> None:
    """A month of work: contacts with details, an event, an introduction under
    way, a community, follow-ups (one recurring), settings."""
    pln("config", "guard-days", "3")
    pln("config", "cadence.board", "1 month")
    pln("event", "add", "Fall CUE", "--on", "2026-11-20", "--kind", "conference")
    pln("event", "add", "Webinar", "--on", "2026-12-10", "--hosted")
    pln(
        "add-contact",
        "Priya Natarajan",
        "--email",
        "priya@example.org",
        "--org",
        "Austin ISD",
        "--tag",
        "board",
        "--met-at",
        "fall cue",
    )
    pln("add-contact", "Grace Ho", "--phone", "+1 206 555 0110", "--tag", "math")
    pln("add-contact", "Liam O'Brien", "--via", "priya", "--new")
    pln("add-contact", "Priya Shah", "--org", "Oakridge High", "--new")
    pln("log", "priya natarajan", "grace", "-m", "coffee at CUE", "--on", "2026-11-21")
    pln("follow-up", "grace", "send slides", "--due", "2026-12-01")
    pln("follow-up", "liam", "check in", "--due", "2026-11-27", "--every", "2 weeks")
    pln("intro", "priya natarajan", "grace", "--why", "math coaching")
    pln("community", "add", "#edchat")
    pln("community", "join", "#edchat", "grace", "liam")
    pln("event", "invite", "webinar", "grace", "liam")
    tasks = {t["id"]: (t["title"], t["every"]) for t in pln.json("follow-ups")}
    assert tasks[2] == ("send slides", None)
    assert tasks[3] == ("check in", "2 weeks")


def _export(pln: Pln) -> object:
    return json.loads(pln("export", "json").stdout)


def _linkedin(path: Path, rows: int) -> Path:
    lines = [
        f"First{i},Last{i},https://www.linkedin.com/in/p{i},p{i}@example.org,School {i % 40},"
        f"Teacher,14 Nov 2026\n"
        for i in range(rows)
    ]
    path.write_text(LINKEDIN_HEAD + "".join(lines), encoding="utf-8")
    return path


CHANGES = {
    "add": [["add-contact", "Hiroshi Tanaka", "--email", "h@example.jp", "--tag", "ai"]],
    "edit": [["edit", "grace", "--org", "Seattle PS", "--role", "Coach", "--email", "g@x.org"]],
    "tag": [["tag", "grace", "robotics", "ai"]],
    "log": [["log", "grace", "liam", "-m", "#edchat", "--kind", "chat"]],
    "rm": [["rm", "priya natarajan", "--yes", "--force"]],
    "done-recurring": [["done", "3", "-m", "called"]],
    "intro-steps": [["intros", "ask", "1", "priya natarajan"], ["intros", "ask", "1", "grace"]],
    "intro-answer": [["intros", "answer", "1", "grace", "yes"]],
    "event-steps": [["event", "rsvp", "webinar", "grace", "yes"]],
    "event-attended": [["event", "attended", "fall cue", "liam"]],
    "merge": [["merge", "priya shah", "priya natarajan", "--yes"]],
    "config": [["config", "important-tags", "board,math"]],
    "archive": [["archive", "grace"]],
    "follow-up-edit": [["follow-ups", "edit", "2", "--due", "2026-12-05", "--title", "deck"]],
    "interaction-rm": [["interaction", "rm", "1", "--yes"]],
    "event-edit": [["event", "edit", "fall cue", "--on", "2026-11-19"]],
}


@pytest.mark.parametrize("name", list(CHANGES))
def test_undo_restores_the_store_exactly(pln: Pln, name: str) -> None:
    _network(pln)
    before = _export(pln)
    for args in CHANGES[name]:
        pln(*args)
    assert _export(pln) != before  # the command changed something to take back
    said = pln("undo", "--yes").stdout
    assert said.startswith("Undid #")
    assert CHANGES[name][-1][0] in said
    for _ in CHANGES[name][:-1]:
        pln("undo", "--yes")
    assert _export(pln) == before


@pytest.mark.slow
def test_undo_takes_back_an_import_of_a_thousand_linkedin_rows(pln: Pln, tmp_path: Path) -> None:
    _network(pln)
    before = _export(pln)
    pln("import", "linkedin", str(_linkedin(tmp_path / "Connections.csv", 1000)))
    assert len(pln.json("list", "--limit", "2000")) == 1004
    said = pln("undo", "--yes").stdout
    assert "added 1000 contacts" in said
    assert "First0 Last0" in said
    assert _export(pln) == before


def test_undo_steps_back_one_command_at_a_time_and_history_says_so(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("log", "ana", "-m", "met at the booth")
    pln("tag", "ana", "science")
    history = pln.json("history")
    assert [h["command"] for h in history] == [
        "pln tag ana science",
        "pln log ana -m 'met at the booth'",
        "pln add-contact 'Ana Lima'",
    ]
    assert history[2]["summary"] == "added 1 contact"
    assert history[0]["member"] == "tester"
    pln("undo", "--yes")
    assert pln.json("show", "ana")["tags"] == []
    pln("undo", "--yes")
    assert pln.json("show", "ana")["timeline"] == []
    assert [h["undone_at"] is not None for h in pln.json("history")] == [True, True, False]
    pln("undo", "--yes")
    assert pln.json("list") == []
    result = pln("undo", "--yes", ok=False)
    assert result.exit_code == 3
    assert "nothing to undo" in result.stderr


def test_reading_commands_are_not_history(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("list")
    pln("due")
    pln("show", "ana")
    pln("tag", "ana", "science")
    pln("tag", "ana", "science")  # changes nothing the second time
    assert [h["command"] for h in pln.json("history")] == [
        "pln tag ana science",
        "pln add-contact 'Ana Lima'",
    ]


def test_undo_asks_on_a_terminal_and_refuses_without_one(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    result = pln("undo", ok=False)
    assert result.exit_code == 7
    assert "without --yes" in result.stderr
    assert "Ana Lima" in result.stderr
    terminal = Pln(terminal=True)
    assert terminal("undo", input="n\n", ok=False).exit_code == 7
    assert len(pln.json("list")) == 1
    said = terminal("undo", input="y\n").stdout
    assert "Undo #1 pln add-contact 'Ana Lima' (added 1 contact): Ana Lima?" in said
    assert pln.json("list") == []


def test_the_journal_keeps_only_the_configured_number_of_commands(pln: Pln) -> None:
    pln("config", "history-size", "3")
    for name in ("Ana", "Ben", "Cy", "Dee"):
        pln("add-contact", name)
    assert [h["command"] for h in pln.json("history")] == [
        "pln add-contact Dee",
        "pln add-contact Cy",
        "pln add-contact Ben",
    ]
    assert pln("config", "history-size", "0", ok=False).exit_code == 5


def test_the_journal_stays_out_of_the_json_export(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    document = pln("export", "json").stdout
    assert "journal" not in document
    assert "add-contact" not in document


def test_secrets_in_the_command_line_are_not_kept(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    from plncrm.cli.environment import Environment

    env = Environment(argv=["--db", "postgresql://me:s3cret@db.example/pln", "list"])
    assert "s3cret" not in env.command


def test_undo_refuses_when_another_member_changed_the_row_since(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", user="sam")
    pln("edit", "ana", "--org", "Austin ISD", user="sam")
    pln("edit", "ana", "--role", "Coach", user="kim")
    result = pln("undo", "--yes", user="sam", ok=False)
    assert result.exit_code == 6
    assert "changed since by kim (pln edit ana --role Coach)" in result.stderr
    shown = pln.json("show", "ana")
    assert (shown["org"], shown["role"]) == ("Austin ISD", "Coach")  # nothing changed
    pln("undo", "--yes", user="kim")  # kim takes back hers; then sam can
    pln("undo", "--yes", user="sam")
    assert pln.json("show", "ana")["org"] is None


def test_undo_refuses_what_would_delete_another_members_later_work(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", user="sam")
    pln("log", "ana", "-m", "call", user="kim")
    result = pln("undo", "--yes", user="sam", ok=False)
    assert result.exit_code == 6
    assert [i["note"] for i in pln.json("show", "ana")["timeline"]] == ["call"]


def test_each_member_undoes_only_their_own(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", user="sam")
    pln("add-contact", "Ben Ode", user="kim")
    said = pln("undo", "--yes", user="sam").stdout
    assert "Ana Lima" in said
    assert [c["name"] for c in pln.json("list")] == ["Ben Ode"]
    history = pln("history", "--mine", user="kim").stdout
    assert "Ben Ode" in history
    assert "Ana" not in history


def test_an_undo_racing_another_members_edit_refuses_and_loses_nothing(
    pln: Pln, store_url: str
) -> None:
    """Kim's edit of Ana is under way (not yet committed) when Sam undoes his
    own edit of her: the undo waits for Kim's, then refuses; both edits stay."""
    import threading

    from typer.testing import Result

    from plncrm.store.engine import transaction
    from plncrm.store.models import Contact

    pln("add-contact", "Ana Lima", user="sam")
    pln("edit", "ana", "--org", "Austin ISD", user="sam")
    editing, release = threading.Event(), threading.Event()

    def kim_edits() -> None:
        with transaction(
            store_url, write=True, member="kim", command="pln edit ana --role Coach"
        ) as s:
            contact = s.get(Contact, 1)
            assert contact is not None
            contact.role = "Coach"
            s.add(contact)
            s.flush()
            editing.set()
            release.wait(20)

    outcome: list[Result] = []
    kim = threading.Thread(target=kim_edits)
    kim.start()
    assert editing.wait(20)
    sam = threading.Thread(
        target=lambda: outcome.append(pln("undo", "--yes", user="sam", ok=False))
    )
    sam.start()
    sam.join(1.0)
    assert sam.is_alive()  # waiting for Kim's edit to finish
    release.set()
    kim.join(20)
    sam.join(40)
    assert outcome[0].exit_code == 6, outcome[0].stderr
    assert "changed since by kim (pln edit ana --role Coach)" in outcome[0].stderr
    shown = pln.json("show", "ana")
    assert (shown["org"], shown["role"]) == ("Austin ISD", "Coach")


def _kim_imports_into_ana(store_url: str, began: threading.Event, go: threading.Event) -> None:
    """A long import by Kim: its transaction (and journal entry) begins, and
    only later, when `go` is set, does it reach Ana's row."""
    from plncrm.store.engine import transaction
    from plncrm.store.models import Contact

    with transaction(store_url, write=True, member="kim", command="pln import csv team.csv") as s:
        began.set()
        assert go.wait(20)
        contact = s.get(Contact, 1)
        assert contact is not None
        contact.notes, contact.birthday = "met at CUE", "1980-04-12"
        s.add(contact)
        s.flush()


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (set PLN_TEST_PG): members write at once")
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_undo_refuses_a_change_that_began_earlier_but_committed_later(
    pln: Pln, store_url: str
) -> None:
    """Issue 26: Kim's import begins first (the lower journal id) and commits
    last; Sam's edit of the same contact commits in between. Undoing Sam's edit
    must not put back the whole row from before it, erasing the import."""
    pln("add-contact", "Ana Lima", user="sam")
    began, go = threading.Event(), threading.Event()
    kim = threading.Thread(target=_kim_imports_into_ana, args=(store_url, began, go))
    kim.start()
    try:
        assert began.wait(20)
        pln("edit", "ana", "--org", "Austin ISD", user="sam")  # commits while Kim's is open
    finally:
        go.set()
        kim.join(30)
    assert not kim.is_alive()
    history = pln.json("history")
    assert [h["command"] for h in history[:2]] == [
        "pln import csv team.csv",
        "pln edit ana --org 'Austin ISD'",
    ]
    assert history[0]["id"] < history[1]["id"]  # the order of commits, not of ids

    result = pln("undo", "--yes", user="sam", ok=False)
    assert result.exit_code == 6, (result.stdout, result.stderr)
    assert "changed since by kim (pln import csv team.csv)" in result.stderr
    shown = pln.json("show", "ana")
    assert (shown["org"], shown["notes"], shown["birthday"]) == (
        "Austin ISD",
        "met at CUE",
        "1980-04-12",
    )
    pln("undo", "--yes", user="kim")  # Kim takes back hers; then Sam can
    pln("undo", "--yes", user="sam")
    shown = pln.json("show", "ana")
    assert (shown["org"], shown["notes"], shown["birthday"]) == (None, None, None)


@pytest.mark.parametrize("store_url", ["sqlite"], indirect=True)
def test_on_sqlite_a_writer_waits_for_the_one_that_began_first(pln: Pln, store_url: str) -> None:
    """SQLite has one writer at a time: Sam's edit waits for Kim's import to
    commit, so the import comes first, and undoing it refuses while the edit
    stands; undoing the edit keeps the import's notes."""
    pln("add-contact", "Ana Lima", user="sam")
    began, go = threading.Event(), threading.Event()
    kim = threading.Thread(target=_kim_imports_into_ana, args=(store_url, began, go))
    kim.start()
    try:
        assert began.wait(20)
        sam = threading.Thread(
            target=pln, args=("edit", "ana", "--org", "Austin ISD"), kwargs={"user": "sam"}
        )
        sam.start()
        sam.join(1.0)
        assert sam.is_alive()  # waiting for Kim's import
    finally:
        go.set()
        kim.join(30)
    sam.join(30)
    assert not sam.is_alive()
    assert [h["command"] for h in pln.json("history")[:2]] == [
        "pln edit ana --org 'Austin ISD'",
        "pln import csv team.csv",
    ]
    result = pln("undo", "--yes", user="kim", ok=False)
    assert result.exit_code == 6
    assert "changed since by sam" in result.stderr
    pln("undo", "--yes", user="sam")
    shown = pln.json("show", "ana")
    assert (shown["org"], shown["notes"], shown["birthday"]) == (None, "met at CUE", "1980-04-12")


def test_an_upgraded_journal_keeps_its_order(pln: Pln, pln_db: Path) -> None:
    """Migration 0013 gives the entries already kept their id as commit order,
    so undo and history go on working on a store written before it."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine, text

    from plncrm.store.engine import dispose_all, get_engine
    from plncrm.store.location import resolve_url
    from plncrm.store.migrate import MIGRATIONS_DIR

    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    dispose_all()
    url = resolve_url(str(pln_db))
    old = create_engine(url)
    with old.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.downgrade(config, "0012")
    old.dispose()
    with get_engine(url).connect() as conn:  # upgraded again
        assert conn.execute(text("SELECT id, seq FROM journal ORDER BY id")).all() == [
            (1, 1),
            (2, 2),
        ]
    assert list(pln_db.parent.glob("pln.db.backup-0012-*"))
    pln("undo", "--yes")
    assert [c["name"] for c in pln.json("list")] == ["Ana Lima"]


def test_history_shows_the_command_as_it_would_be_typed() -> None:
    from plncrm.cli.environment import Environment

    env = Environment(
        argv=["add-contact", "Siobhán O'Connell", "--org", "Austin ISD", "-m", 'say "hi"']
    )
    assert env.command == """pln add-contact "Siobhán O'Connell" --org 'Austin ISD' -m 'say "hi"'"""


def test_undo_takes_back_an_import_that_merged_into_known_contacts(pln: Pln) -> None:
    fixture = Path(__file__).parent / "fixtures" / "linkedin-current.csv"
    pln("add-contact", "Maya Okafor", "--email", "maya.okafor@example.org", "--tag", "math")
    pln("event", "add", "Fall CUE", "--on", "2026-11-26")
    before = _export(pln)
    report = pln.json("import", "linkedin", str(fixture), "--met-at", "fall cue")
    assert (report["added"], report["merged"]) == (3, 1)
    assert pln.json("show", "maya")["org"] is not None
    pln("undo", "--yes")
    assert _export(pln) == before


def test_every_table_is_journaled(store_url: str) -> None:
    """A new table (or a migration that rebuilt one) without its triggers would
    make undo silently incomplete."""
    from sqlalchemy import text

    from plncrm.store.engine import get_engine
    from plncrm.store.journal import JOURNAL_TABLES
    from plncrm.store.schema import TABLES

    wanted = {t for t in TABLES if t not in JOURNAL_TABLES}
    with get_engine(store_url).connect() as conn:
        if conn.dialect.name == "sqlite":
            names = conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
            found = {n for (n,) in names}
            expected = {f"journal_{t}_{e}" for t in wanted for e in ("insert", "update", "delete")}
        else:
            names = conn.execute(text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
            found = {n for (n,) in names}
            expected = {f"journal_{t}" for t in wanted}
    assert expected <= found


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (set PLN_TEST_PG): members write at once")
@pytest.mark.parametrize("store_url", ["postgresql"], indirect=True)
def test_members_writing_at_once_get_one_commit_order(pln: Pln, store_url: str) -> None:
    """Four members each make ten edits at the same moment: every entry gets
    its own place in commit order, and each member's last edit is what their
    undo takes back."""
    from sqlalchemy import text

    from plncrm.store.engine import transaction
    from plncrm.store.models import Contact

    for name in ("Ana", "Ben", "Cy", "Dee"):
        pln("add-contact", name, user="sam")
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def edits(member: str, contact_id: int) -> None:
        try:
            start.wait(20)
            for i in range(10):
                with transaction(
                    store_url,
                    write=True,
                    member=member,
                    command=f"pln edit {contact_id} --role r{i}",
                ) as s:
                    contact = s.get(Contact, contact_id)
                    assert contact is not None
                    contact.role = f"r{i}"
                    s.add(contact)
        except BaseException as exc:  # reported below
            failures.append(exc)

    members = [
        threading.Thread(target=edits, args=(m, i))
        for i, m in enumerate(("kim", "lee", "max", "noa"), start=1)
    ]
    for member in members:
        member.start()
    for member in members:
        member.join(60)
    assert not failures, failures
    with transaction(store_url) as s:
        seqs = s.execute(text("SELECT seq FROM journal ORDER BY seq")).scalars().all()
    assert seqs == list(range(1, 45))  # four adds, then forty edits: no place taken twice
    for member in ("kim", "lee", "max", "noa"):
        said = pln("undo", "--yes", user=member).stdout
        assert "--role r9" in said
