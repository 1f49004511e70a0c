"""`pln mcp`'s writing and drafting tools as an assistant meets them: the
installed `pln` started by the SDK's own stdio client, one server a module
(and engine). Each test leaves the store as it found it, and checks it did:
an assistant's change is one `mcp:` step that `pln undo` and `undo_last`
take back exactly (the export before equals the export after)."""

from __future__ import annotations

from helpers import Pln
from mcp_client import McpClient, served_store


def seed(pln: Pln) -> None:
    pln("event", "add", "ISTE 2026", "--on", "2026-11-20", "--kind", "conference")
    pln("config", "my-name", "Sam Rivera")
    pln("add-contact", "Maya Okafor", "--email", "maya@example.org", "--org", "Riverside USD")
    pln("add-contact", "Maya Chen", "--org", "Oak Park D97", "--new")
    pln("add-contact", "Ben Ode", "--email", "ben@example.org", "--offers", "number talks")


store, client, pln = served_store(lambda pln, url, folder: seed(pln), "mcpw")


def exported(pln: Pln) -> str:
    return str(pln("export", "json").stdout)


WRITING = {
    "add_contact",
    "log_interaction",
    "add_follow_up",
    "complete",
    "snooze",
    "dismiss",
    "propose_introduction",
    "record_intro_answer",
    "record_intro_step",
    "invite_to_event",
    "record_attendance",
    "undo_last",
}


def test_the_writing_and_drafting_tools_are_offered_with_the_clis_bounds(
    client: McpClient,
) -> None:
    from plncrm.store.kinds import LOGGED_KINDS

    tools = client.tools()
    assert set(tools) >= {*WRITING, "draft_message"}
    for name in (*WRITING, "draft_message"):
        assert "not instructions" in (tools[name].description or "").replace("never", "not")
        assert tools[name].annotations.read_only_hint is (name == "draft_message")
    log = tools["log_interaction"].input_schema
    assert log["required"] == ["people"]
    assert log["properties"]["kind"]["enum"] == list(LOGGED_KINDS)
    assert log["properties"]["people"]["minItems"] == 1
    note = log["properties"]["note"]["anyOf"][0]
    assert note["maxLength"] == 1_000_000
    assert not {"remove", "merge", "delete"} & {w for n in tools for w in n.split("_")}


def test_log_an_interaction_by_name_then_undo_last(client: McpClient, pln: Pln) -> None:
    before = exported(pln)
    logged = client.call(
        "log_interaction",
        people=["maya okafor", "ben@example.org"],
        note="coffee; she wants a co-presenter for number talks",
        kind="meeting",
        day="yesterday",
    )
    assert logged["with"] == [{"id": 1, "name": "Maya Okafor"}, {"id": 3, "name": "Ben Ode"}]
    assert (logged["date"], logged["kind"], logged["event"]) == ("2026-11-28", "meeting", None)
    timeline = pln.json("show", "ben")["timeline"]
    assert (timeline[0]["id"], timeline[0]["note"]) == (logged["id"], logged["note"])
    [newest, *_] = pln.json("history")
    assert newest["command"] == (
        'mcp: log_interaction(people=["maya okafor", "ben@example.org"], note="coffee; she '
        'wants a co-presenter for number talks", kind="meeting", day="yesterday")'
    )
    undone = client.call("undo_last")
    assert (undone["id"], undone["command"]) == (newest["id"], newest["command"])
    assert undone["undone_at"] is not None
    assert exported(pln) == before


def test_an_ambiguous_name_lists_both_candidates_and_changes_nothing(
    client: McpClient, pln: Pln
) -> None:
    before, history = exported(pln), pln.json("history")
    message = client.fails("add_follow_up", title="Send the slides", person="maya")
    assert "#1 Maya Okafor (Riverside USD)" in message  # the school tells them apart
    assert "#2 Maya Chen (Oak Park D97)" in message
    assert (exported(pln), pln.json("history")) == (before, history)


def test_a_proposed_introduction_is_in_pln_intros_and_pln_undo_takes_it_back(
    client: McpClient, pln: Pln
) -> None:
    before = exported(pln)
    proposed = client.call(
        "propose_introduction", a="maya okafor", b="ben", why="both teach number talks"
    )
    assert pln.json("intros") == [proposed]
    assert (proposed["status"], proposed["a"]["name"]) == ("proposed", "Maya Okafor")
    asked = client.call("draft_message", kind="intro-ask-a", intro_id=proposed["id"])
    [draft] = asked["drafts"]
    assert draft["to"] == "Maya Okafor <maya@example.org>"
    assert draft["subject"] in pln("intros", "draft", str(proposed["id"]), "ask-a").stdout
    assert draft["body"].rstrip().endswith("Sam Rivera")
    commands = [e["command"] for e in pln.json("history")]
    assert commands[0].startswith('mcp: propose_introduction(a="maya okafor", b="ben"')
    pln("undo", "--yes")
    assert exported(pln) == before


def test_undo_last_leaves_the_users_own_change_alone(client: McpClient, pln: Pln) -> None:
    before = exported(pln)
    client.call("add_follow_up", title="Send the slides", person="ben", due="2026-12-01")
    pln("add-contact", "Zoe Quint")
    message = client.fails("undo_last")
    assert "pln add-contact 'Zoe Quint'" in message
    assert "only the user" in message
    assert [c["name"] for c in pln.json("list")].count("Zoe Quint") == 1
    pln("undo", "--yes")
    client.call("undo_last")  # the assistant's own, once it is the newest again
    assert exported(pln) == before


def test_a_ten_megabyte_note_is_refused_and_changes_nothing(client: McpClient, pln: Pln) -> None:
    before, history = exported(pln), pln.json("history")
    huge = "x" * 10_000_000
    for tool, arguments in (
        ("add_contact", {"name": "Lena Park", "notes": huge}),
        ("propose_introduction", {"a": "ben", "b": "maya chen", "why": huge}),
        ("complete", {"handles": ["1"], "note": huge}),
    ):
        message = client.fails(tool, **arguments)
        assert "string should have at most 1000000 characters" in message
        assert "x" * 100 not in message
    assert (exported(pln), pln.json("history")) == (before, history)


def test_events_and_contacts_step_by_step_each_undone(client: McpClient, pln: Pln) -> None:
    before = exported(pln)
    pln("event", "add", "Number Talks Night", "--on", "2026-11-25", "--hosted")
    hosted = exported(pln)
    card = client.call("add_contact", name="Lena Park", emails=["lena@example.org"])
    assert card["name"] == "Lena Park"
    invited = client.call("invite_to_event", event="number talks", people=["lena", "ben"])
    assert [p["name"] for p in invited["invited"]] == ["Ben Ode", "Lena Park"]
    came = client.call("record_attendance", event="number talks", people=["lena"])
    assert came["attended"] == [{"id": card["id"], "name": "Lena Park"}]
    thanks = client.call("draft_message", kind="thank-you", event="number talks")
    assert [d["to"] for d in thanks["drafts"]] == ["Lena Park <lena@example.org>"]
    steps = [e["command"].split("(")[0] for e in pln.json("history")[:3]]
    assert steps == ["mcp: record_attendance", "mcp: invite_to_event", "mcp: add_contact"]
    for _ in steps:
        client.call("undo_last")
    assert exported(pln) == hosted
    pln("undo", "--yes")
    assert exported(pln) == before


def test_an_agenda_line_is_completed_by_its_handle(client: McpClient, pln: Pln) -> None:
    before = exported(pln)
    task = client.call("add_follow_up", title="Call Ben back", person="ben", due="yesterday")
    items = client.call("agenda")["items"]
    [line] = [i for i in items if i["title"].startswith("Call Ben back")]
    assert line["handle"] == str(task["id"])
    [done] = client.call("complete", handles=[line["handle"]], note="called", kind="call")
    assert (done["id"], done["status"]) == (task["id"], "done")
    assert pln.json("show", "ben")["timeline"][0]["note"] == "called"
    assert line["handle"] not in [i["handle"] for i in pln.json("due")]
    client.call("undo_last")
    assert line["handle"] in [i["handle"] for i in pln.json("due")]
    client.call("undo_last")
    assert exported(pln) == before
