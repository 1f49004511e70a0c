"""A mistaken "no" is corrected by recording the side's answer again (issue
31, a tester's finding): `pln intros answer 1 a no` declined the introduction,
and the `yes` that followed was refused with no way back but `pln undo`, and
only while it was the last change. The side that said no may change its
answer; the other side of a declined introduction is told how."""

from __future__ import annotations

from helpers import Pln


def _network(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    pln("add-contact", "Ben Ode", "--email", "ben@example.org")
    pln("intro", "ana", "ben", "--why", "both teach grade 3")
    pln("intros", "ask", "1", "a")
    pln("intros", "ask", "1", "b")


def test_a_mistaken_no_is_changed_to_yes(pln: Pln) -> None:
    _network(pln)
    pln("intros", "answer", "1", "b", "yes")
    pln("intros", "answer", "1", "a", "no")
    assert pln.json("intros", "show", "1")["status"] == "declined"
    pln("log", "ben", "-m", "a later change: pln undo would not reach the no")
    pln("intros", "answer", "1", "a", "yes")
    shown = pln.json("intros", "show", "1")
    assert (shown["status"], shown["a_answer"], shown["closed_on"]) == ("agreed", "yes", None)
    pln("intros", "introduce", "1")  # the introduction goes on as if the no had not been
    notes = [t["note"] for t in pln.json("show", "ana")["timeline"] if t["kind"] == "intro"]
    assert "Ana Lima said no to meeting Ben Ode" in notes  # what happened stays told
    assert "Ana Lima said yes to meeting Ben Ode" in notes


def test_a_no_changed_to_later_keeps_asking(pln: Pln) -> None:
    _network(pln)
    pln("intros", "answer", "1", "a", "no")
    pln("intros", "answer", "1", "a", "later")
    shown = pln.json("intros", "show", "1")
    assert (shown["status"], shown["a_answer"], shown["closed_on"]) == ("asking", "later", None)


def test_the_other_side_of_a_declined_introduction_is_told_how(pln: Pln) -> None:
    _network(pln)
    pln("intros", "answer", "1", "a", "no")
    refused = pln("intros", "answer", "1", "b", "yes", ok=False)
    assert refused.exit_code == 6
    assert "introduction #1 is declined: Ana Lima said no on 2026-11-29" in refused.stderr
    assert "if that was a mistake, record their answer again (pln intros answer 1 a yes)" in (
        " ".join(refused.stderr.split())
    )
    assert pln.json("intros", "show", "1")["b_answer"] is None


def test_the_assistant_is_told_which_tool_changes_a_no(pln: Pln, store_url: str) -> None:
    from mcp_client import mcp_client

    _network(pln)
    with mcp_client(store_url) as server:
        server.call("record_intro_answer", intro_id=1, side="a", answer="no")
        refused = server.fails("record_intro_answer", intro_id=1, side="b", answer="yes")
        assert "Ana Lima said no on 2026-11-29" in refused
        assert "(record_intro_answer: intro_id 1, side a, answer yes)" in refused
        assert "pln " not in refused
        changed = server.call("record_intro_answer", intro_id=1, side="a", answer="yes")
        assert (changed["status"], changed["a_answer"]) == ("asking", "yes")
