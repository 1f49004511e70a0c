"""Team mode: members, owners and assignment, and several people at once.

Every test here runs on SQLite and, with PLN_TEST_PG, on PostgreSQL; the
ones about processes racing each other are the point of a shared server.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln

PLN = Path(sys.executable).with_name("pln")


def titles(items: Any) -> set[str]:
    return {i["title"] for i in items}


def test_follow_ups_belong_to_members_and_due_shows_mine_and_nobodys(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", user="ana")
    pln("follow-up", "maya", "send slides", user="ana")
    pln("follow-up", "maya", "call about the pilot", user="ben")
    pln("follow-up", "--no-contact", "book the booth", "--unassigned", user="ana")
    pln("follow-up", "maya", "introduce to Cy", "--assign", "cy", user="ana")
    mine = titles(pln.json("due", user="ana"))
    assert {"send slides", "book the booth"} <= mine
    assert not mine & {"call about the pilot", "introduce to Cy"}
    assert "2 more assigned to others: pln due --all" in pln("due", user="ana").stdout
    everyone = titles(pln.json("due", "--all", user="ana"))
    assert {"send slides", "call about the pilot", "book the booth", "introduce to Cy"} <= everyone
    assert titles(pln.json("due", "--member", "ben", user="ana")) == {"call about the pilot"}
    assert "@ben" in pln("due", "--all", user="ana").stdout
    tasks = {t["title"]: t for t in pln.json("follow-ups")}
    assert (tasks["send slides"]["owner"], tasks["send slides"]["created_by"]) == ("ana", "ana")
    assert tasks["book the booth"]["owner"] is None
    booth = str(tasks["book the booth"]["id"])
    pln("assign", booth, "ben", user="ana")
    assert "book the booth" in titles(pln.json("due", user="ben"))
    assert "book the booth" not in titles(pln.json("due", user="ana"))
    pln("assign", booth, "--nobody", user="ben")
    assert "book the booth" in titles(pln.json("due", user="ana"))
    assert pln("assign", booth, user="ana", ok=False).exit_code == 5


def test_team_lists_members_with_open_and_overdue_follow_ups(pln: Pln) -> None:
    assert "No members yet" in pln("team").stdout
    pln("add-contact", "Maya Okafor", user="ana")
    pln("follow-up", "maya", "late one", "--due", "2026-11-20", user="ana")
    pln("follow-up", "maya", "next week", "--due", "2026-12-04", user="ana")
    pln("follow-up", "maya", "for ben", "--due", "2026-11-28", "--assign", "ben", user="ana")
    pln("follow-up", "--no-contact", "anyone", "--unassigned", user="ana")
    team = pln.json("team")
    assert team == [
        {"name": "ana", "open": 2, "overdue": 1},
        {"name": "ben", "open": 1, "overdue": 1},
        {"name": None, "open": 1, "overdue": 0},
    ]
    assert "(unassigned)" in pln("team").stdout


def test_a_recurring_follow_up_keeps_its_owner(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", user="ana")
    task = pln.json("follow-up", "maya", "newsletter", "--every", "1 month", "--assign", "ben")
    done = json.loads(pln("done", str(task["id"]), "--json", user="ben").stdout)
    assert done[0]["next"]["owner"] == "ben"
    again = pln("done", str(task["id"]), user="ana", ok=False)
    assert (again.exit_code, "already done" in again.stderr) == (6, True)


def test_show_says_which_members_met_a_contact_and_where(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--met-at", "ISTE 2026", "--met-on", "2026-06-30", user="ana")
    pln("log", "maya", "--at", "ISTE 2026", "-m", "at our booth", "--on", "2026-06-30", user="ben")
    pln("log", "maya", "-m", "email later", user="cy")
    card = pln.json("show", "maya")
    assert (card["created_by"], card["met_by"]) == ("ana", {"ISTE 2026": ["ana", "ben"]})
    assert "ana, ben at ISTE 2026" in pln("show", "maya").stdout
    assert pln("log", "maya", "--at", "No such event", ok=False).exit_code == 3


@pytest.mark.slow
def test_an_edit_based_on_a_stale_read_is_refused_not_lost(store_url: str, today: Any) -> None:
    """Two members edit Maya at once: different fields both stick; the same
    field changed under someone's feet is a conflict, and nothing of theirs is half-saved."""
    from plncrm.core import contacts, refs
    from plncrm.core.contacts import ContactFields
    from plncrm.store.engine import transaction
    from plncrm.util.errors import Conflict

    if store_url.startswith("sqlite"):
        pytest.skip("SQLite lets one writer in at a time: its reads cannot go stale")

    def interleaved(bens: ContactFields, anas: ContactFields) -> None:
        """Ana reads Maya; Ben edits and commits; then Ana edits what she read."""
        with transaction(store_url, write=True, member="ana") as ana:
            maya_for_ana = refs.resolve(ana, "maya")
            with transaction(store_url, write=True, member="ben") as ben:
                contacts.edit_contact(ben, refs.resolve(ben, "maya"), bens, today)
            contacts.edit_contact(ana, maya_for_ana, anas, today)

    with transaction(store_url, write=True, member="ana") as session:
        contacts.add_contact(session, ContactFields(name="Maya", org="Lumen"), today)
    with pytest.raises(Conflict, match="changed meanwhile"):
        interleaved(ContactFields(org="Quarry"), ContactFields(org="Lumen Academy"))
    interleaved(ContactFields(role="Coach"), ContactFields(notes="met at ISTE"))
    with transaction(store_url) as session:
        maya = refs.resolve(session, "maya")
        assert (maya.org, maya.role, maya.notes) == ("Quarry", "Coach", "met at ISTE")


def _race(argvs: list[list[str]], user: str = "tester") -> list[subprocess.CompletedProcess[str]]:
    env = dict(os.environ, PLN_USER=user)
    procs = [
        subprocess.Popen(
            [str(PLN), *argv], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for argv in argvs
    ]
    results = []
    for argv, proc in zip(argvs, procs, strict=True):
        out, err = proc.communicate(timeout=120)
        results.append(subprocess.CompletedProcess(argv, proc.returncode, out, err))
    return results


def _pln(*args: str) -> Any:
    result = subprocess.run([str(PLN), *args], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if "--json" in args else result.stdout


@pytest.mark.e2e
@pytest.mark.usefixtures("store_url")
@pytest.mark.slow
def test_members_completing_the_same_recurring_follow_up_roll_it_forward_once() -> None:
    """Four processes load plncrm, then all run `done` at the same instant."""
    _pln("add-contact", "Maya Okafor")
    task = _pln("follow-up", "maya", "check in", "--every", "2 weeks", "--json")
    script = (
        "import sys, time\n"
        "from plncrm.cli import app\n"
        "import plncrm.core.followups, plncrm.store.engine, plncrm.render\n"
        "while time.time() < float(sys.argv[1]):\n"
        "    time.sleep(0.001)\n"
        "app(['done', sys.argv[2]], prog_name='pln')\n"
    )
    at = str(time.time() + 3)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, at, str(task["id"])],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [
        subprocess.CompletedProcess(p.args, p.wait(120), "", p.stderr.read() if p.stderr else "")
        for p in procs
    ]
    assert sorted(r.returncode for r in results) == [0, 6, 6, 6], [r.stderr for r in results]
    open_ones = _pln("follow-ups", "--json")
    assert [t["title"] for t in open_ones] == ["check in"]
    assert len(_pln("follow-ups", "--all", "--json")) == 2


@pytest.mark.e2e
@pytest.mark.usefixtures("store_url")
def test_overlapping_imports_at_once_create_no_duplicates(tmp_path: Path) -> None:
    header = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    rows = [
        f"P{i},Doe,https://www.linkedin.com/in/p{i},p{i}@x.org,Org {i},Teacher,01 Oct 2026\n"
        for i in range(60)
    ]
    files = []
    for n, part in enumerate((rows[:40], rows[20:], rows[10:50])):
        path = tmp_path / f"cards-{n}.csv"
        path.write_text(header + "".join(part))
        files.append(path)
    results = _race([["import", "linkedin", str(f)] for f in files])
    assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
    people = _pln("list", "--all", "--json")
    assert len(people) == 60
    assert len({p["name"] for p in people}) == 60


def test_two_members_import_the_same_booth_cards(pln: Pln, tmp_path: Path) -> None:
    cards = tmp_path / "booth.csv"
    cards.write_text(
        "name,email,company\nMaya Okafor,maya@x.org,Riverside\nTom Quint,tom@x.org,OMC\n"
    )
    pln("event", "add", "ISTE 2026", "--on", "2026-06-30")
    pln("import", "csv", str(cards), "--met-at", "ISTE 2026", user="ana")
    pln("import", "csv", str(cards), "--met-at", "iste 2026", user="ben")
    pln("import", "csv", str(cards), "--met-at", "ISTE 2026", user="ben")  # again: nothing more
    assert [c["name"] for c in pln.json("list")] == ["Maya Okafor", "Tom Quint"]
    maya = pln.json("show", "maya")
    assert (maya["met_at"], maya["met_on"]) == ("ISTE 2026", "2026-06-30")
    assert maya["met_by"] == {"ISTE 2026": ["ana", "ben"]}
    assert [e["kind"] for e in maya["timeline"]] == ["event"]


@pytest.mark.e2e
@pytest.mark.slow
def test_members_first_commands_on_a_new_server_both_land(store_url: str) -> None:
    """Both find an empty database and race to create the schema."""
    from sqlalchemy import text

    from conftest import _pg_admin, _pg_url

    if store_url.startswith("sqlite"):
        pytest.skip("test_e2e covers two processes creating an SQLite store")
    name = f"pln_empty_{os.getpid()}"
    admin: Any = _pg_admin()
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {name}"))
        conn.execute(text(f"CREATE DATABASE {name}"))
    try:
        url = _pg_url(name)
        results = _race([["--db", url, "add-contact", who] for who in ("Ana", "Ben", "Cy")])
        assert all(r.returncode == 0 for r in results), [r.stderr for r in results]
        assert len(_pln("--db", url, "list", "--json")) == 3
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def test_members_adding_the_same_tag_membership_or_setting_at_once_both_succeed(
    store_url: str, today: Any
) -> None:
    """Ben's transaction reads before Ana's commits, then writes the same rows:
    it waits for hers, and (INSERT ... ON CONFLICT DO NOTHING) keeps them."""
    import threading

    from plncrm.core import communities, contacts, preferences, refs
    from plncrm.core.contacts import ContactFields
    from plncrm.store.engine import transaction

    with transaction(store_url, write=True, member="ana") as session:
        contacts.add_contact(session, ContactFields(name="Maya"), today)
        communities.add(session, "#edchat")

    def same_changes(member: str) -> None:
        with transaction(store_url, write=True, member=member) as session:
            maya = refs.resolve(session, "maya")
            contacts.add_tags(session, maya, ["math"])
            communities.join(session, communities.resolve(session, "edchat"), [maya], today)
            preferences.set_value(session, "guard-days", "4" if member == "ben" else "3")
            if member == "ana":
                ana_wrote.set()
                ben_started.wait(10)
                time.sleep(0.5)  # Ben is now blocked on Ana's rows

    errors: list[BaseException] = []
    ana_wrote, ben_started = threading.Event(), threading.Event()

    def ben() -> None:
        ana_wrote.wait(10)
        ben_started.set()
        try:
            same_changes("ben")
        except BaseException as exc:  # reported below
            errors.append(exc)

    thread = threading.Thread(target=ben)
    thread.start()
    same_changes("ana")
    thread.join(30)
    assert errors == []
    with transaction(store_url) as session:
        maya = refs.resolve(session, "maya")
        assert contacts.details_for(session, [maya.id or 0])[maya.id or 0].get("tag") == ["math"]
        assert preferences.load(session).guard_days == 4


def test_completing_a_follow_up_another_member_is_completing_waits_and_is_refused(
    store_url: str, today: Any
) -> None:
    """Ben reads the task while Ana's completion is not yet committed: he must
    wait for it and then find it done, not roll the series forward a second time."""
    import threading

    from plncrm.core import followups
    from plncrm.store.engine import transaction
    from plncrm.store.models import FollowUp
    from plncrm.util.errors import Conflict

    with transaction(store_url, write=True, member="ana") as session:
        task_id = followups.create(session, "check in", due=today, every="2 weeks").id
    ana_done, outcome = threading.Event(), []

    def ben() -> None:
        ana_done.wait(10)
        try:
            with transaction(store_url, write=True, member="ben") as session:
                followups.complete(session, followups.get(session, task_id, for_update=True), today)
            outcome.append("completed")
        except Conflict as exc:
            outcome.append(str(exc))

    thread = threading.Thread(target=ben)
    thread.start()
    with transaction(store_url, write=True, member="ana") as session:
        followups.complete(session, followups.get(session, task_id, for_update=True), today)
        ana_done.set()
        time.sleep(0.5)  # Ben is now waiting for this row
    thread.join(30)
    assert outcome == [f"follow-up {task_id} is already done"]
    with transaction(store_url) as session:
        from sqlalchemy import select

        statuses = sorted(session.execute(select(FollowUp.status)).scalars())
        assert statuses == ["done", "open"]


def test_team_details_show_only_where_there_is_a_team(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--met-at", "ISTE", user="ana")
    pln("follow-up", "maya", "send slides", user="ana")
    assert "met by" not in pln("show", "maya", user="ana").stdout
    assert "owner" not in pln("follow-ups", user="ana").stdout
    pln("log", "maya", "--at", "iste", user="ben")
    pln("follow-up", "maya", "call", user="ben")
    assert "met by" in pln("show", "maya", user="ana").stdout
    assert "owner" in pln("follow-ups", user="ana").stdout
