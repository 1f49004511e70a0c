from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import Pln


def network(pln: Pln) -> None:
    pln("config", "my-name", "Sam Rivera")
    pln(
        "add-contact",
        "Ana Lima",
        "-e",
        "ana@x.org",
        "--needs",
        "coaching for new math teachers",
        "--tag",
        "math",
    )
    pln(
        "add-contact",
        "Ben Ode",
        "--role",
        "Math coach",
        "--offers",
        "math coaching",
        "--tag",
        "math",
    )
    pln("add-contact", "Cy Park", "--via", "ana")


def test_lifecycle_from_the_cli(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    created = pln.json("intro", "ana", "ben", "--why", "Ben coaches new math teachers")
    assert {k: created[k] for k in ("id", "status", "why")} == {
        "id": 1,
        "status": "proposed",
        "why": "Ben coaches new math teachers",
    }
    assert created["a"] == {"id": 1, "name": "Ana Lima"}
    assert [i["title"] for i in pln.json("due") if i["kind"] == "intro"] == [
        "Ask Ana Lima about meeting Ben Ode",
        "Ask Ben Ode about meeting Ana Lima",
    ]

    out = pln("intros", "ask", "1", "a", "--draft").stdout
    assert "To: Ana Lima <ana@x.org>" in out
    assert "Subject: Would you like to meet Ben?" in out
    assert out.rstrip().endswith("Best,\nSam Rivera")
    pln("intros", "ask", "1", "ben")
    pln("intros", "answer", "1", "a", "yes")
    pln("intros", "answer", "1", "ben ode", "yes")
    listed = pln.json("intros")
    assert [(i["id"], i["a"]["name"], i["b"]["name"], i["status"]) for i in listed] == [
        (1, "Ana Lima", "Ben Ode", "agreed")
    ]
    assert [i["action"] for i in pln.json("due") if i["kind"] == "intro"] == [
        "pln intros introduce 1 --draft"
    ]

    target = tmp_path / "intro.txt"
    pln("intros", "introduce", "1", "--draft-to", str(target))
    text = target.read_text()
    assert "Subject: Introduction: Ana ↔ Ben" in text
    assert "Ana, meet Ben Ode, Math coach." in text
    assert "Why I think you should talk: Ben coaches new math teachers." in text
    assert target.stat().st_mode & 0o077 == 0

    later = Pln(day=date(2026, 12, 14))
    assert [i["title"] for i in later.json("due") if i["kind"] == "intro"] == [
        "Ask how it went: Ana Lima ↔ Ben Ode"
    ]
    assert "How did it go with Ben?" in pln("intros", "draft", "1", "follow-up-a").stdout
    pln("intros", "outcome", "1", "working-together", "--note", "co-presenting")
    assert pln.json("intros") == []
    shown = pln.json("intros", "show", "1")
    assert (shown["status"], shown["outcome"], shown["introduced_on"]) == (
        "done",
        "working-together",
        "2026-11-29",
    )
    assert [i["status"] for i in pln.json("intros", "--all")] == ["done"]
    timeline = pln.json("show", "ben")["timeline"]
    assert len(timeline) == 7
    assert all(t["kind"] == "intro" for t in timeline)


def test_errors(pln: Pln) -> None:
    network(pln)
    assert pln("intro", "ana", "ana", "--why", "x", ok=False).exit_code == 5
    pln("intro", "ana", "ben", "--why", "x")
    dup = pln("intro", "ben", "ana", "--why", "again", ok=False)
    assert dup.exit_code == 6
    assert "already open (#1, proposed)" in dup.stderr
    early = pln("intros", "introduce", "1", ok=False)
    assert early.exit_code == 6
    assert "waiting on Ana Lima and Ben Ode" in early.stderr
    assert pln("intros", "answer", "1", "a", "perhaps", ok=False).exit_code == 5
    assert pln("intros", "answer", "1", "cy", "yes", ok=False).exit_code == 5
    assert pln("intros", "show", "9", ok=False).exit_code == 3
    assert pln("intros", "draft", "1", "poem", ok=False).exit_code == 5
    assert pln("intro", "ana", "ben", ok=False).exit_code == 2  # --why is required


def test_direct_intro_prints_the_introduction(pln: Pln) -> None:
    network(pln)
    out = pln("intro", "ana", "ben", "--why", "both keen", "--direct", "--draft").stdout
    assert "(agreed)" in out
    assert "Hi Ana and Ben," in out


def test_suggest_puts_the_needs_offers_match_first(pln: Pln) -> None:
    network(pln)
    pln("add-contact", "Di Chen", "--offers", "poetry")
    found = pln.json("suggest")
    assert (found[0]["a"]["name"], found[0]["b"]["name"]) == ("Ana Lima", "Ben Ode")
    assert (
        found[0]["reasons"][0]
        == "Ana Lima needs: coaching for new math teachers; Ben Ode offers: math coaching"
    )
    assert found[0]["score"] > 0
    assert "Ana Lima needs" in pln("suggest").stdout
    pln("intro", "ana", "ben", "--why", "x")
    pln("intros", "cancel", "1")
    assert (
        pln.json("suggest")[0]["b"]["name"] == "Ben Ode"
    )  # a cancelled one may be suggested again
    pln("intro", "ana", "ben", "--why", "x")
    pln("intros", "answer", "2", "b", "no")
    assert all(
        {s["a"]["name"], s["b"]["name"]} != {"Ana Lima", "Ben Ode"} for s in pln.json("suggest")
    )
    assert pln.json("suggest", "--for", "cy") == []


def test_ripple_draws_a_tree(pln: Pln) -> None:
    pln("add-contact", "Maya")
    pln("add-contact", "Ben", "--via", "maya")
    pln("add-contact", "Cy", "--via", "ben")
    pln("add-contact", "Eve")
    pln("intro", "cy", "eve", "--why", "x", "--direct")
    pln("intros", "introduce", "1")
    out = pln("ripple", "maya").stdout
    lines = out.splitlines()
    assert lines[0] == "Maya"
    assert "Ben  brought to you" in lines[1]
    assert "Cy  brought to you" in lines[2]
    assert "Eve  introduced by you · introduced 2026-11-29, outcome pending" in lines[3]
    assert lines[3].index("Eve") > lines[2].index("Cy") > lines[1].index("Ben")
    data = pln.json("ripple", "maya")
    assert data["children"][0]["children"][0]["children"][0]["contact"]["name"] == "Eve"
    assert "Cy  introduced by you" in pln("ripple", "eve").stdout
    pln("add-contact", "Zed")
    assert "No one has come into the network" in pln("ripple", "zed").stdout


def test_a_step_says_whose_answer_or_whom_it_asked(pln: Pln) -> None:
    pln("add-contact", "Rosa Alvarez")
    pln("add-contact", "Dre Jackson")
    pln("intro", "rosa", "dre", "--why", "both run maker spaces")
    assert pln("intros", "ask", "1", "b").stdout.startswith("Asked Dre Jackson; Introduction #1")
    said = pln("intros", "answer", "1", "rosa", "yes").stdout
    assert said.startswith("Rosa Alvarez said yes; Introduction #1 Rosa Alvarez ↔ Dre Jackson")


def test_the_same_answer_twice_is_recorded_once(pln: Pln) -> None:
    pln("add-contact", "Rosa Alvarez")
    pln("add-contact", "Dre Jackson")
    pln("intro", "rosa", "dre", "--why", "both run maker spaces")
    pln("intros", "answer", "1", "rosa", "later")
    steps = len(pln.json("history"))
    timeline = len(pln.json("show", "rosa")["timeline"])
    again = pln("intros", "answer", "1", "rosa", "later").stdout
    assert again.startswith("Rosa Alvarez had said later already: nothing changed")
    assert len(pln.json("history")) == steps
    assert len(pln.json("show", "rosa")["timeline"]) == timeline
    assert pln("intros", "answer", "1", "rosa", "yes").stdout.startswith("Rosa Alvarez said yes")
