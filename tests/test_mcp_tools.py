"""The tools a model chooses from, as it meets them through the SDK's stdio
client: bounded answers that say how many more there are, introductions
drafted only once both agreed, suggestions for someone whatever their
partner's timeline, the hints a client shows before a call, and messages
that name tools (the assistant cannot run commands)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from helpers import Pln
from mcp_client import McpClient, served_store

BULK = 60  # people tagged bulk: more than a small limit, fewer than the default


def seed(pln: Pln, folder: Path) -> None:
    pln("config", "my-name", "Sam Rivera")
    pln("event", "add", "ISTE 2026", "--on", "2026-11-20", "--kind", "conference")
    pln("event", "add", "Number Talks Live", "--on", "2026-12-10", "--kind", "webinar", "--hosted")
    pln("add-contact", "Ana Lima", "--email", "ana@example.org", "--needs", "number talks help")
    pln("add-contact", "Ben Ode", "--email", "ben@example.org", "--offers", "number talks")
    pln("log", "ana", "-m", "call")  # Ana has a timeline; Ben, who offers, has none
    pln("add-contact", "Cy Park", "--email", "cy@example.org", "--met-at", "ISTE 2026")
    pln("add-contact", "Di Ross", "--email", "di@example.org")
    pln("intro", "cy", "di", "--why", "both teach grade 3")
    pln("intros", "ask", "1", "a")
    pln("intros", "answer", "1", "a", "yes")
    pln("follow-up", "cy", "send", "the", "slides", "--due", "yesterday")
    pln("follow-up", "--no-contact", "write", "a", "blog", "post")
    for day in range(10, 17):
        pln("log", "cy", "--on", f"2026-11-{day}", "-m", f"talk {day}")
    rows = "".join(f"Bulk Person {n:02},bulk{n}@example.org\n" for n in range(BULK))
    sheet = folder / "bulk.csv"
    sheet.write_text("Name,Email\n" + rows, encoding="utf-8")
    pln("import", "csv", str(sheet), "--tag", "bulk")
    pln("event", "invite", "Number Talks Live", "cy", "di", "bulk0@example.org")


store, client, pln = served_store(lambda pln, url, folder: seed(pln, folder), "mcpt")


def test_suggestions_for_someone_find_a_partner_with_no_timeline(
    client: McpClient, pln: Pln
) -> None:
    assert pln.json("show", "ben")["timeline"] == []  # what the bug needed
    names = [{s["a"]["name"], s["b"]["name"]} for s in pln.json("suggest", "--for", "ana")]
    assert {"Ana Lima", "Ben Ode"} in names
    found = client.call("suggest_introductions", person="ana")
    assert found["suggestions"] == pln.json("suggest", "--for", "ana")
    assert found["more"] == 0


def test_the_introduction_is_not_drafted_before_both_agreed(client: McpClient, pln: Pln) -> None:
    refused = pln("intros", "introduce", "1", ok=False)
    assert refused.exit_code != 0
    said = "not both agreed yet: waiting on Di Ross"
    assert said in refused.stderr
    message = client.fails("draft_message", kind="introduction", intro_id=1)
    assert said in message
    # The private asks are still drafted: that is how they come to agree.
    asked = client.call("draft_message", kind="intro-ask-b", intro_id=1)
    assert asked["drafts"][0]["to"].startswith("Di Ross")


def test_a_list_is_bounded_and_says_how_many_more(client: McpClient, pln: Pln) -> None:
    page = client.call("find_people", tags=["bulk"], limit=5)
    assert [p["name"] for p in page["people"]] == [f"Bulk Person {n:02}" for n in range(5)]
    assert page["more"] == BULK - 5
    assert page["people"] == pln.json("list", "--tag", "bulk", "--limit", "5")
    whole = client.call("find_people", tags=["bulk"])
    assert (len(whole["people"]), whole["more"]) == (50, BULK - 50)
    assert client.call("find_people", tags=["bulk"], limit=500)["more"] == 0
    message = client.fails("find_people", limit=501)
    assert "limit: input should be less than or equal to 500" in message
    agenda = client.call("agenda", limit=1)
    assert len(agenda["items"]) == 1
    assert agenda["more"] == len(pln.json("due")) - 1 > 0
    assert client.read("pln://agenda") == client.call("agenda")


def test_person_brief_bounds_the_timeline(client: McpClient, pln: Pln) -> None:
    brief = client.call("person_brief", person="cy", limit=3)
    whole = pln.json("show", "cy", "--all")
    assert brief["timeline"] == whole["timeline"][:3]
    assert brief["timeline_more"] == len(whole["timeline"]) - 3
    assert brief["introductions_more"] == 0
    assert client.call("person_brief", person="cy")["timeline_more"] == 0


def test_list_events_as_pln_events_json(client: McpClient, pln: Pln) -> None:
    assert client.call("list_events") == {"events": pln.json("events"), "more": 0}
    upcoming = client.call("list_events", when="upcoming")["events"]
    assert [e["name"] for e in upcoming] == ["Number Talks Live"]
    assert upcoming == pln.json("events", "--upcoming")
    past = client.call("list_events", when="past", limit=1)
    assert [e["name"] for e in past["events"]] == ["ISTE 2026"]
    hosted = client.call("list_events", hosted=True)["events"]
    assert [e["name"] for e in hosted] == ["Number Talks Live"]
    assert "past" in client.fails("list_events", when="someday")


def test_needs_and_offers_are_set_journaled_and_undone(client: McpClient, pln: Pln) -> None:
    before = pln("export", "json").stdout
    card = client.call("set_needs_offers", person="di", needs=["a maths coach"], offers=["art"])
    assert (card["needs"], card["offers"]) == (["a maths coach"], ["art"])
    assert pln.json("show", "di")["needs"] == ["a maths coach"]
    assert "mcp: set_needs_offers(" in pln("history").stdout
    cleared = client.call("set_needs_offers", person="di", needs=[])
    assert (cleared["needs"], cleared["offers"]) == ([], ["art"])
    assert "at least one" in client.fails("set_needs_offers", person="di")
    client.call("undo_last")
    client.call("undo_last")
    assert pln("export", "json").stdout == before


def test_the_hints_say_what_each_tool_does_to_the_network(client: McpClient) -> None:
    tools = client.tools()
    for name in ("agenda", "find_people", "person_brief", "list_events", "draft_message"):
        hints = tools[name].annotations
        assert (hints.read_only_hint, hints.destructive_hint) == (True, False), name
        assert hints.idempotent_hint is True, name
    for name in ("undo_last", "dismiss", "set_needs_offers"):
        hints = tools[name].annotations
        assert (hints.read_only_hint, hints.destructive_hint) == (False, True), name
    for name in ("add_contact", "log_interaction", "propose_introduction"):
        hints = tools[name].annotations
        assert (hints.destructive_hint, hints.idempotent_hint) == (False, False), name
    idempotent = ("snooze", "set_needs_offers", "invite_to_event", "record_attendance")
    for name in (*idempotent, "record_intro_answer"):
        assert tools[name].annotations.idempotent_hint is True, name
    assert tools["undo_last"].annotations.idempotent_hint is False
    # The answer given twice is one step (no second line on their timelines).
    before = client.call("person_brief", person="cy")["timeline"]
    client.call("record_intro_answer", intro_id=1, side="a", answer="yes")
    assert client.call("person_brief", person="cy")["timeline"] == before


def test_an_unknown_person_resource_is_not_found(client: McpClient) -> None:
    from mcp.shared.exceptions import MCPError

    for uri, said in (("pln://person/999", "no contact"), ("pln://person/ana", "id")):
        with pytest.raises(MCPError) as raised:
            client.read(uri)
        assert raised.value.code == -32602, uri
        assert said in raised.value.message.lower()


# A command line, an option, or a shell placeholder the assistant would try to run.
COMMAND = re.compile(r"(?<![\w`])pln [a-z]|(?<![\w-])--[a-z]")


def test_messages_name_tools_not_commands(client: McpClient) -> None:
    known = client.fails("add_contact", name="Ana Lima")
    assert "new=true" in known
    handle = client.fails("complete", handles=["i1"])
    assert "record_intro_step" in handle or "record_intro_answer" in handle
    dismissed = client.fails("dismiss", handles=["i1"])
    assert "snooze i1 hides it; the user can cancel it in pln" in dismissed
    others = [client.fails("complete", handles=[h]) for h in ("k3", "m1", "e2")]
    assert "log_interaction" in others[0]
    assert "draft_message booth-follow-up" in others[1]
    assert "record_attendance" in others[2]
    for message in (known, handle, dismissed, *others):
        assert not COMMAND.search(message), message
    # The user's own command, named as what it is: theirs to run.
    refused = client.fails("undo_last")
    assert "the assistant cannot" in refused


def test_an_introduction_is_a_before_a_vowel(client: McpClient) -> None:
    message = client.fails("draft_message", kind="introduction")
    assert "an introduction draft needs intro_id" in message
    assert "a keep-in-touch draft needs people" in client.fails(
        "draft_message", kind="keep-in-touch"
    )
    assert "an invitation draft" in client.fails("draft_message", kind="invitation")


def test_drafts_are_bounded_too(client: McpClient) -> None:
    people = ["ana", "ben", "cy", "di"]
    page = client.call("draft_message", kind="keep-in-touch", people=people, limit=3)
    assert [d["to"].split(" <")[0] for d in page["drafts"]] == ["Ana Lima", "Ben Ode", "Cy Park"]
    assert page["more"] == 1
    assert client.call("draft_message", kind="keep-in-touch", people=people)["more"] == 0


def test_an_event_brief_is_bounded(client: McpClient, pln: Pln) -> None:
    card = pln.json("event", "show", "Number Talks Live")
    brief = client.call("event_brief", event="Number Talks Live", limit=2)
    assert brief["guests"] == card["guests"][:2]
    assert (brief["guests_more"], brief["met_more"], brief["follow_ups_more"]) == (1, 0, 0)
    whole = client.call("event_brief", event="Number Talks Live")
    assert {k: v for k, v in whole.items() if not k.endswith("_more")} == card
