"""`pln mcp` where a tester broke the writing path (issue 32): each case
driven through the SDK's own stdio client, as an assistant drives it. A
read-only server never creates or upgrades the store; a call the client
cancelled is not made; a day to come or before the event is no attendance;
arguments have strict types; an ambiguity says how many matched; the same
answer twice is one step; undo_last takes back only its own server's steps."""

from __future__ import annotations

import hashlib
import sqlite3
import time
from pathlib import Path

import pytest

from helpers import PG_URL, Pln
from mcp_client import mcp_client


def exported(pln: Pln) -> str:
    return str(pln("export", "json").stdout)


def commands(pln: Pln) -> list[str]:
    return [e["command"] for e in pln.json("history")]


def test_read_only_never_creates_a_store(tmp_path: Path) -> None:
    absent = tmp_path / "none" / "pln.db"
    absent.parent.mkdir()
    with mcp_client(str(absent), "--read-only") as server:
        message = server.fails("agenda")
        assert f"there is no store at {absent}" in message
        assert "never creates one" in server.fails("find_people", text="ana")
        with pytest.raises(Exception, match="no store"):
            server.read("pln://agenda")
    assert list(absent.parent.iterdir()) == []


def _downgraded(path: Path, revision: str) -> None:
    """The store at `path` taken back to an older schema, as an older plncrm left it."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from plncrm.store.engine import dispose_all
    from plncrm.store.migrate import MIGRATIONS_DIR

    dispose_all()
    engine = create_engine(f"sqlite:///{path}")
    with engine.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.downgrade(config, revision)
    engine.dispose()


def test_read_only_never_upgrades_an_old_store(pln: Pln, pln_db: Path) -> None:
    pln("add-contact", "Ana Lima")
    _downgraded(pln_db, "0012")
    before = hashlib.sha256(pln_db.read_bytes()).hexdigest()
    files = sorted(p.name for p in pln_db.parent.iterdir())
    with mcp_client(str(pln_db), "--read-only") as server:
        message = server.fails("find_people", text="ana")
        assert "older schema (0012" in message
        assert "never upgrades it" in message
    assert hashlib.sha256(pln_db.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in pln_db.parent.iterdir()) == files  # no backup copy either
    with sqlite3.connect(pln_db) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == ("0012",)


def test_a_write_the_client_cancelled_is_not_made(pln: Pln, pln_db: Path) -> None:
    """The call waits on another program's lock; the client gives up (the SDK
    sends notifications/cancelled) and is never answered: so nothing is
    written once the lock is free."""
    pln("add-contact", "Ana Lima")
    before, history = exported(pln), commands(pln)
    with mcp_client(str(pln_db)) as server:
        other = sqlite3.connect(pln_db, timeout=1, isolation_level=None)
        other.execute("BEGIN EXCLUSIVE")
        try:
            with pytest.raises(Exception, match="timed out"):
                server.portal.call(
                    lambda: server.session.call_tool(
                        "log_interaction",
                        {"people": ["ana"], "note": "cancelled call"},
                        read_timeout_seconds=2,
                    )
                )
            time.sleep(0.5)  # the cancellation reaches the server
        finally:
            other.execute("ROLLBACK")
            other.close()
        time.sleep(1.5)  # the call, let go, finds the store free
        logged = server.call("log_interaction", people=["ana"], note="the next call")
        assert logged["note"] == "the next call"
    assert [i["note"] for i in pln.json("show", "ana")["timeline"]] == ["the next call"]
    assert commands(pln)[1:] == history
    pln("undo", "--yes")
    assert exported(pln) == before


def test_attendance_is_never_on_a_day_to_come_nor_before_the_event(
    pln: Pln, store_url: str
) -> None:
    pln("add-contact", "Lena Park")
    pln("event", "add", "Number Talks Night", "--on", "2026-11-25", "--hosted")
    pln("event", "add", "Winter Social", "--on", "2026-12-10", "--hosted")
    pln("event", "invite", "number talks", "lena")
    pln("event", "invite", "winter social", "lena")
    before, history = exported(pln), commands(pln)
    with mcp_client(store_url) as server:
        to_come = server.fails(
            "record_attendance", event="number talks", people=["lena"], day="2026-12-15"
        )
        assert "2026-12-15 has not happened yet" in to_come
        early = server.fails(
            "record_attendance", event="number talks", people=["lena"], day="2026-11-20"
        )
        assert "starts on 2026-11-25" in early
        future = server.fails("record_attendance", event="winter social", people=["lena"])
        assert "starts on 2026-12-10" in future
    for event, day in (("number talks", "2026-12-15"), ("number talks", "2026-11-20")):
        refused = pln("event", "attended", event, "lena", "--on", day, ok=False)
        assert refused.exit_code == 5, refused.stderr
    assert (exported(pln), commands(pln)) == (before, history)


def test_arguments_have_strict_types_and_ids_are_positive(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("add-contact", "Cy Sample1")
    pln("add-contact", "Dee Sample10")
    pln("intro", "ana", "ben", "--why", "both teach number talks")
    before, history = exported(pln), commands(pln)
    with mcp_client(store_url) as server:
        for tool, arguments, named in (
            ("add_contact", {"name": "Eve Park", "new": 1}, "new"),
            ("add_contact", {"name": "Eve Park", "new": "true"}, "new"),
            ("record_intro_answer", {"intro_id": "1", "side": "a", "answer": "yes"}, "intro_id"),
            ("record_intro_answer", {"intro_id": True, "side": "a", "answer": "yes"}, "intro_id"),
            ("record_intro_answer", {"intro_id": -1, "side": "a", "answer": "yes"}, "intro_id"),
            ("find_people", {"text": "ana", "limit": "3"}, "limit"),
            ("log_interaction", {"people": "ana"}, "people"),
        ):
            message = server.fails(tool, **arguments)
            assert message.startswith(f"{tool}: {named}"), (tool, arguments, message)
        for minus in ("-1", "#-1"):
            message = server.fails("log_interaction", people=[minus])
            assert f"an id is a whole number from 1, and no contact is named {minus!r}" in message
        assert (exported(pln), commands(pln)) == (before, history)
        called = server.call("add_contact", name="-1", new=True)
        logged = server.call("log_interaction", people=["-1"], note="named so")
        assert logged["with"] == [{"id": called["id"], "name": "-1"}]


def test_an_ambiguous_name_says_how_many_matched(pln: Pln, store_url: str) -> None:
    for i in range(1, 51):
        pln("add-contact", f"Alex Sample{i}", "--email", f"alex{i}@example.org")
    with mcp_client(store_url) as server:
        message = server.fails("add_follow_up", title="Call back", person="alex")
    assert "matches several contacts: #1 Alex Sample1 (alex1@example.org), " in message
    assert "#10 Alex Sample10 (alex10@example.org)" in message
    assert message.count("(alex") == 8
    assert "and 42 more" in message


def test_the_same_intro_answer_twice_is_recorded_once(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("intro", "ana", "ben", "--why", "both teach number talks")
    with mcp_client(store_url) as server:
        first = server.call("record_intro_answer", intro_id=1, side="ana", answer="yes")
        assert "already" not in first
        history = commands(pln)
        again = server.call("record_intro_answer", intro_id=1, side="a", answer="YES")
        assert again["already"] == "side a's answer yes was recorded on 2026-11-29: nothing changed"
        assert {k: v for k, v in again.items() if k != "already"} == first
    assert commands(pln) == history
    said = [i for i in pln.json("show", "ana")["timeline"] if "said yes" in (i["note"] or "")]
    assert len(said) == 1


def test_undo_last_takes_back_only_this_servers_own_steps(pln: Pln, store_url: str) -> None:
    pln("add-contact", "Ana Lima")
    before = exported(pln)
    with mcp_client(store_url) as first, mcp_client(store_url) as second:
        second.call("log_interaction", people=["ana"], note="the second assistant's")
        refused = first.fails("undo_last")
        assert "mcp: log_interaction" in refused
        assert "not one this assistant made in this session" in refused
        assert "only the user can take it back" in refused
        assert len(pln.json("show", "ana")["timeline"]) == 1
        second.call("undo_last")
        assert exported(pln) == before
        first.call("log_interaction", people=["ana"], note="before a restart")
    with mcp_client(store_url) as restarted:
        assert "not one this assistant made" in restarted.fails("undo_last")
    pln("undo", "--yes")
    assert exported(pln) == before


@pytest.mark.skipif(not PG_URL, reason="needs PostgreSQL (PLN_TEST_PG)")
def test_read_only_never_creates_tables_in_an_empty_database() -> None:
    import os

    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    assert PG_URL
    name = f"pln_mcp_empty_{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    url = make_url(PG_URL).set(database=name).render_as_string(hide_password=False)
    try:
        with mcp_client(url, "--read-only") as server:
            assert "is empty, and reading only never creates its tables" in server.fails("agenda")
        empty = create_engine(url)
        with empty.connect() as conn:
            tables = "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"
            assert list(conn.execute(text(tables))) == []
        empty.dispose()
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()
