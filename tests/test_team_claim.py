"""From one person to a team: a store Dana began as "root" (her login name)
keeps her work under that name until she claims it as PLN_USER=dana.

Runs on SQLite and, with PLN_TEST_PG, on PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest

from helpers import Pln


def titles(items: Any) -> set[str]:
    return {i["title"] for i in items}


def one_persons_store(pln: Pln, login: str = "root") -> None:
    """Six weeks of a partnerships lead's store, all recorded under her login."""
    pln("event", "add", "Prairie State Literacy Conference 2026", "--on", "2026-11-05", user=login)
    pln(
        "add-contact",
        "Maya Okafor",
        "--met-at",
        "Prairie State Literacy Conference 2026",
        "--met-on",
        "2026-11-05",
        "-e",
        "maya@d87.org",
        user=login,
    )
    pln("add-contact", "Ed Alvarez", "-e", "ealvarez@cusd300.org", user=login)
    pln("follow-up", "maya", "Send K-2 pilot pricing", "--due", "2026-11-27", user=login)
    pln("follow-up", "ed", "Share the research summary", "--due", "2026-11-30", user=login)
    pln("follow-up", "--no-contact", "Book next year's booth", "--unassigned", user=login)
    pln(
        "log",
        "ed",
        "-m",
        "call about the pilot",
        "--kind",
        "call",
        "--on",
        "2026-11-20",
        user=login,
    )


def test_a_login_names_work_is_hidden_then_claimed_and_undone(pln: Pln) -> None:
    one_persons_store(pln)
    mine = {"Send K-2 pilot pricing", "Share the research summary"}  # and the guard, later
    assert mine <= titles(pln.json("due", user="root"))
    # Dana names herself: her own follow-ups are "assigned to others", and pln offers them.
    assert not mine & titles(pln.json("due", user="dana"))
    due = pln("due", user="dana").stdout
    assert "3 more assigned to others: pln due --all" in due  # with Maya's strike-out guard
    assert "Are root's follow-ups yours? pln team claim root makes them dana's" in due
    assert "pln team claim root" in pln("team", user="dana").stdout
    assert "claim" not in pln("due", "--json", user="dana").stdout  # JSON stays JSON
    before = pln("export", "json", user="dana").stdout
    assert '"created_by": "root"' in before

    out = pln("team", "claim", "root", user="dana").stdout
    assert out == (
        "Moved root's work to dana: 3 follow-ups assigned; recorded by root: 2 contacts, "
        "1 interaction, 4 follow-ups, 1 event. pln undo takes it back.\n"
    )
    assert mine <= titles(pln.json("due", user="dana"))
    assert "assigned to others" not in pln("due", user="dana").stdout
    assert "team claim" not in pln("due", user="dana").stdout  # the offer is gone
    assert pln.json("team", user="dana") == [
        {"name": "dana", "open": 3, "overdue": 2},
        {"name": None, "open": 1, "overdue": 0},
    ]
    tasks = {t["title"]: t for t in pln.json("follow-ups", user="dana")}
    assert {(t["owner"], t["created_by"]) for t in tasks.values()} == {
        ("dana", "dana"),
        (None, "dana"),
    }
    maya = pln.json("show", "maya", user="dana")
    assert maya["created_by"] == "dana"
    assert maya["met_by"] == {"Prairie State Literacy Conference 2026": ["dana"]}

    # One command, one undo: everything is root's again.
    assert "root" not in pln("export", "json", user="dana").stdout
    assert "pln team claim root" in pln("undo", "--yes", user="dana").stdout
    assert pln("export", "json", user="dana").stdout == before
    assert not mine & titles(pln.json("due", user="dana"))
    assert pln.json("show", "maya", user="dana")["created_by"] == "root"
    assert {t["owner"] for t in pln.json("follow-ups", user="dana")} == {"root", None}


def test_claim_as_json_and_its_refusals(pln: Pln) -> None:
    one_persons_store(pln)
    assert pln.json("team", "claim", "root", user="dana") == {
        "from": "root",
        "to": "dana",
        "assigned": 3,
        "recorded": {"contact": 2, "interaction": 1, "follow-up": 4, "event": 1},
    }
    nothing = pln("team", "claim", "root", user="dana", ok=False)
    assert (nothing.exit_code, "nothing is root's" in nothing.stderr) == (3, True)
    itself = pln("team", "claim", "dana", user="dana", ok=False)
    assert (itself.exit_code, "is you already" in itself.stderr) == (5, True)


@pytest.mark.parametrize(
    ("old", "login", "offered"),
    [
        ("sam", "sam", True),  # this machine's login name
        ("admin", "sam", True),  # a name machines give
        ("ben", "sam", False),  # a colleague: his work is his
    ],
)
def test_the_offer_is_for_a_login_name_only(
    pln: Pln, monkeypatch: pytest.MonkeyPatch, old: str, login: str, offered: bool
) -> None:
    for name in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        monkeypatch.setenv(name, login)
    one_persons_store(pln, login=old)
    assert ("pln team claim" in pln("due", user="dana").stdout) is offered
    assert "pln team claim" not in pln("due", user=login).stdout  # not named: nothing to offer


def test_no_offer_once_the_team_has_a_second_owner(pln: Pln) -> None:
    one_persons_store(pln)
    pln("follow-up", "maya", "Invite to the webinar", "--assign", "ben", user="dana")
    assert "team claim" not in pln("due", user="dana").stdout
    assert "4 more assigned to others" in pln("due", user="dana").stdout
