"""The assistant's writing tools called as functions with a Ctx (through the
server itself: tests/test_mcp_writing.py): the same documents as the command
line's `--json`, one `mcp:` step each in `pln history`, taken back by
`undo_last` only when the newest change is the assistant's, and nothing
changed by a call that fails."""

from __future__ import annotations

import json
from typing import Any

import pytest

from helpers import Pln
from plncrm.assistant import writing, writing_network
from plncrm.assistant.context import Ctx
from plncrm.cli.environment import Environment
from plncrm.util.errors import Ambiguous, Conflict, Invalid, NotFound, Refused


@pytest.fixture
def ctx(store_url: str) -> Ctx:
    return Ctx(Environment(db=store_url, stdin_isatty=False, stdout_isatty=False))


@pytest.fixture
def seeded(pln: Pln) -> Pln:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org", "--org", "Riverside USD")
    pln("add-contact", "Ben Okafor", "--offers", "number talks")
    pln("add-contact", "Maya Chen", "--org", "Oak Park D97")
    pln("add-contact", "Maya Patel", "--org", "Evanston D65")
    pln("event", "add", "Number Talks Night", "--on", "2026-11-20", "--hosted")
    return pln


def export(pln: Pln) -> Any:
    return json.loads(pln("export", "json").stdout)


def commands(pln: Pln) -> list[str]:
    return [e["command"] for e in pln.json("history")]


def test_log_interaction_is_pln_logs_document_and_one_mcp_step(ctx: Ctx, seeded: Pln) -> None:
    done = writing.log_interaction(
        ctx, ["ana lima", "Ben"], note="coffee", kind="meeting", day="yesterday"
    )
    assert done["with"] == [{"id": 1, "name": "Ana Lima"}, {"id": 2, "name": "Ben Okafor"}]
    assert (done["kind"], done["note"], done["date"], done["event"]) == (
        "meeting",
        "coffee",
        "2026-11-28",
        None,
    )
    assert commands(seeded)[0] == (
        'mcp: log_interaction(people=["ana lima", "Ben"], note="coffee", kind="meeting", '
        'day="yesterday")'
    )
    by_hand = seeded.json(
        "log", "ana", "ben", "-m", "coffee", "--kind", "meeting", "--on", "yesterday"
    )
    assert {**by_hand, "id": done["id"]} == done


def test_an_ambiguous_name_lists_the_candidates_and_changes_nothing(ctx: Ctx, seeded: Pln) -> None:
    before = export(seeded)
    with pytest.raises(Ambiguous) as raised:
        writing.log_interaction(ctx, ["ana", "maya"], note="coffee")
    assert "#3 Maya Chen" in raised.value.message
    assert "#4 Maya Patel" in raised.value.message
    with pytest.raises(NotFound, match="no contact matches 'zed"):
        writing.add_follow_up(ctx, "call", person="zed zimmer")
    assert export(seeded) == before
    assert not any(c.startswith("mcp:") for c in commands(seeded))


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (lambda c: writing.log_interaction(c, ["ana"], day="2999-01-01"), Invalid, "out of range"),
        (lambda c: writing.log_interaction(c, ["ana"], day="tomorrow"), Invalid, "not happened"),
        (lambda c: writing.log_interaction(c, ["ana"], kind="coffee"), Invalid, "kind is one of"),
        (lambda c: writing.complete(c, ["k1"]), Invalid, "keeping in touch"),
        (lambda c: writing.complete(c, ["99"]), NotFound, "99"),
        (lambda c: writing.snooze(c, ["z9"]), Invalid, "z9"),
        (lambda c: writing.dismiss(c, ["e1"]), Invalid, "recorded, not dismissed"),
        (lambda c: writing.add_contact(c, "Ana Lima"), Conflict, "already in your network"),
        (
            lambda c: writing_network.record_intro_answer(c, 7, "a", "yes"),
            NotFound,
            "introduction",
        ),
        (
            lambda c: writing_network.record_intro_answer(c, 1, "a", "perhaps"),
            Invalid,
            "answer one of",
        ),
    ],
)
def test_bad_arguments_are_errors_that_change_nothing(
    ctx: Ctx, seeded: Pln, call: Any, error: type[Exception], message: str
) -> None:
    before = export(seeded)
    with pytest.raises(error, match=message):
        call(ctx)
    assert export(seeded) == before


def test_contacts_follow_ups_and_agenda_lines(ctx: Ctx, seeded: Pln) -> None:
    card = writing.add_contact(
        ctx, "Lena Park", emails=["lena@example.org"], tags=["math"], met_at="ISTE 2026"
    )
    shown = seeded.json("show", "lena")
    assert card == {key: shown[key] for key in card}
    assert {k: card[k] for k in ("name", "emails", "tags", "met_at")} == {
        "name": "Lena Park",
        "emails": ["lena@example.org"],
        "tags": ["math"],
        "met_at": "ISTE 2026",
    }
    task = writing.add_follow_up(ctx, "Send the slides", person="lena", due="2026-12-01")
    assert task == seeded.json("follow-ups")[-1]
    assert writing.snooze(ctx, [str(task["id"])], until="2026-12-05") == {
        "done": [f"Snoozed #{task['id']} until 2026-12-05: Send the slides (Lena Park)"]
    }
    [done] = writing.complete(ctx, [str(task["id"])], note="sent them", kind="email")
    assert (done["status"], done["next"]) == ("done", None)
    timeline = seeded.json("show", "lena")["timeline"]
    assert (timeline[0]["kind"], timeline[0]["note"]) == ("email", "sent them")


def test_introductions_and_events(ctx: Ctx, seeded: Pln) -> None:
    proposed = writing_network.propose_introduction(ctx, "ana", "ben", "both teach number talks")
    assert seeded.json("intros") == [proposed]
    seeded("intros", "ask", "1", "both")
    answered = writing_network.record_intro_answer(ctx, 1, "ben", "yes")
    assert answered == seeded.json("intros", "show", "1")
    assert answered["b_answer"] == "yes"
    invited = writing_network.invite_to_event(ctx, "number talks", ["ana", "maya chen"])
    assert [p["name"] for p in invited["invited"]] == ["Ana Lima", "Maya Chen"]
    assert invited["event"]["name"] == "Number Talks Night"
    came = writing_network.record_attendance(ctx, "number talks", ["ana"])
    assert came["attended"] == [{"id": 1, "name": "Ana Lima"}]
    guests = seeded.json("event", "show", "number talks")["guests"]
    assert [(g["contact"]["name"], g["attended"]) for g in guests] == [
        ("Ana Lima", True),
        ("Maya Chen", False),
    ]


def test_undo_last_takes_back_only_the_assistants_own_last_change(ctx: Ctx, seeded: Pln) -> None:
    before = export(seeded)
    writing.log_interaction(ctx, ["ana"], note="coffee")
    writing_network.propose_introduction(ctx, "ana", "ben", "number talks")
    undone = writing.undo_last(ctx)
    assert undone["command"].startswith("mcp: propose_introduction(")
    assert undone["undone_at"] is not None
    assert seeded.json("intros") == []
    writing.undo_last(ctx)
    assert export(seeded) == before
    with pytest.raises(Refused, match=r"#5 pln event add 'Number Talks Night'.*only the user"):
        writing.undo_last(ctx)
    assert export(seeded) == before


def as_text(document: dict[str, Any]) -> str:
    """A draft's document as `Draft.text()` prints it."""
    head = f"To: {document['to']}\n" if document["to"] else ""
    head += f"Bcc: {document['bcc']}\n" if document.get("bcc") else ""
    return f"{head}Subject: {document['subject']}\n\n{document['body']}\n"


def test_drafts_are_the_commands_drafts_and_record_nothing(ctx: Ctx, seeded: Pln) -> None:
    from plncrm.assistant.drafting import draft_message

    seeded("config", "my-name", "Sam Rivera")
    seeded("intro", "ana", "ben", "--why", "both teach number talks")
    seeded("follow-up", "ana", "Send the slides", "--due", "2026-12-01")
    seeded("add-contact", "Lena Park", "--met-at", "ISTE 2026", "--email", "lena@example.org")
    before = export(seeded)
    asked = draft_message(ctx, "intro-ask-a", intro_id=1)
    assert asked["sent"] is False
    [ask] = asked["drafts"]
    assert ask["to"] == "Ana Lima <ana@example.org>"
    assert "Number talks" in ask["body"] or "number talks" in ask["body"]
    assert as_text(ask) in seeded("intros", "draft", "1", "ask-a").stdout
    [check_in] = draft_message(ctx, "keep-in-touch", people=["ana"])["drafts"]
    assert seeded("write", "ana").stdout == as_text(check_in) + "\n"
    [about] = draft_message(ctx, "follow-up", follow_up_id=1)["drafts"]
    assert seeded("write", "1").stdout == as_text(about) + "\n"
    invitation = draft_message(ctx, "invitation", event="number talks", people=["ana", "ben"])
    assert invitation["no_email"] == ["Ben Okafor"]
    [booth] = draft_message(ctx, "booth-follow-up", event="iste")["drafts"]
    assert booth["to"] == "Lena Park <lena@example.org>"
    assert export(seeded) == before  # drafting records nothing
    assert as_text(booth) in seeded("event", "follow-up", "iste", "--draft").stdout
    printed = seeded("event", "invite", "number talks", "ana", "ben", "--draft").stdout
    assert all(as_text(d) in printed for d in invitation["drafts"])
    assert "Sam Rivera" in invitation["drafts"][0]["body"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"kind": "introduction"}, "needs intro_id"),
        ({"kind": "postcard"}, "kind is one of"),
        ({"kind": "no-show-recording", "event": "1"}, "needs recording"),
        (
            {"kind": "no-show-recording", "event": "1", "recording": "javascript:alert(1)"},
            "http",
        ),
        ({"kind": "gift", "people": ["ana"]}, "needs resource"),
    ],
)
def test_a_draft_missing_what_it_needs_is_an_error(
    ctx: Ctx, seeded: Pln, arguments: dict[str, Any], message: str
) -> None:
    from plncrm.assistant.drafting import draft_message

    with pytest.raises(Invalid, match=message):
        draft_message(ctx, **arguments)


def test_met_at_an_event_arms_a_follow_up_as_pln_log_at_does(ctx: Ctx, seeded: Pln) -> None:
    seeded("event", "add", "ISTE 2026", "--on", "2026-11-27")
    logged = writing.log_interaction(ctx, ["maya chen"], at_event="iste", day="2026-11-27")
    assert (logged["kind"], logged["event"]) == ("event", "ISTE 2026")
    by_hand = seeded.json("log", "maya patel", "--at", "iste", "--on", "2026-11-27")
    assert {k: v for k, v in by_hand.items() if k not in ("id", "with")} == {
        k: v for k, v in logged.items() if k not in ("id", "with")
    }
    guards = {t["contact"]["name"] for t in seeded.json("follow-ups") if t["source"] != "user"}
    assert guards == {"Maya Chen", "Maya Patel"}


def test_a_keep_in_touch_line_is_dismissed_until_its_next_turn(ctx: Ctx, seeded: Pln) -> None:
    seeded("edit", "ben", "--cadence", "1 month")
    seeded("log", "ben", "--on", "2026-09-01")
    [line] = [i for i in seeded.json("due") if i["kind"] == "keep-in-touch"]
    done = writing.dismiss(ctx, [line["handle"]])
    assert done["done"][0].startswith(f"Dismissed {line['handle']} until 2026-12-29: ")
    assert not [i for i in seeded.json("due") if i["kind"] == "keep-in-touch"]


def test_an_introductions_steps_are_recorded_as_pln_intros_records_them(
    ctx: Ctx, seeded: Pln
) -> None:
    step = writing_network.record_intro_step
    proposed = writing_network.propose_introduction(ctx, "ana", "ben", "number talks")
    assert proposed["status"] == "proposed"
    with pytest.raises(Conflict, match="not both agreed yet"):
        step(ctx, 1, "introduced")
    asked = step(ctx, 1, "asked-both", day="yesterday")
    assert (asked["a_asked_on"], asked["b_asked_on"]) == ("2026-11-28", "2026-11-28")
    for side in ("a", "b"):
        writing_network.record_intro_answer(ctx, 1, side, "yes")
    assert step(ctx, 1, "introduced")["introduced_on"] == "2026-11-29"
    with pytest.raises(Invalid, match="outcome"):
        step(ctx, 1, "outcome")
    done = step(ctx, 1, "outcome", outcome="met", note="they co-present in March")
    assert done == seeded.json("intros", "show", "1")
    assert (done["outcome"], done["outcome_note"]) == ("met", "they co-present in March")
    assert commands(seeded)[0] == (
        'mcp: record_intro_step(intro_id=1, step="outcome", outcome="met", '
        'note="they co-present in March", day="today")'
    )


def test_undo_last_takes_back_this_members_assistant_change_only(
    store_url: str, seeded: Pln
) -> None:
    dee = Ctx(Environment(db=store_url, user="Dee Team", stdin_isatty=False))
    before = export(seeded)
    writing.add_follow_up(dee, "Send the rubric", person="ana")
    seeded("add-contact", "Zoe Quint")  # another member's change, newer
    undone = writing.undo_last(dee)
    assert (undone["member"], undone["command"]) == (
        "Dee Team",
        'mcp: add_follow_up(title="Send the rubric", person="ana", due="today")',
    )
    assert [c["name"] for c in seeded.json("list") if c["name"] == "Zoe Quint"] == ["Zoe Quint"]
    with pytest.raises(NotFound, match="nothing to undo"):
        writing.undo_last(dee)
    seeded("undo", "--yes")
    assert export(seeded) == before
