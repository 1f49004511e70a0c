"""Whom an assistant's change was about, wherever it is shown (issue 32): `pln
history` at 80 columns shows the people an `mcp:` step touched and folds its
arguments instead of cutting them; `undo_last` says what `pln undo` says, the
names included; an empty draft says why; a draft without the user's name says
how to set it. Through the SDK's stdio client, as an assistant meets them."""

from __future__ import annotations

from helpers import Pln
from mcp_client import McpClient, served_store

LONG_A = "Maximiliana Okonkwo-Fitzgerald"
LONG_B = "Bartholomew Vanderhoeven-Castellanos"


def seed(pln: Pln) -> None:
    pln("add-contact", LONG_A, "--email", "maxi@example.org")
    pln("add-contact", LONG_B, "--email", "bart@example.org")
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    pln("event", "add", "Number Talks Live", "--on", "2026-11-20", "--kind", "webinar", "--hosted")


store, client, pln = served_store(lambda pln, url, folder: seed(pln), "mcpwho", COLUMNS="80")


def column(text: str, index: int) -> str:
    """One column of the table, its lines joined without spaces (folded words made whole)."""
    rows = [line.split("│") for line in text.splitlines()]
    return "".join(row[index] for row in rows if len(row) == 4).replace(" ", "")


def test_pln_history_at_80_columns_shows_whom_an_assistants_steps_were_about(
    client: McpClient, pln: Pln
) -> None:
    note = "coffee; wants a co-presenter for number talks at the spring institute in May"
    client.call("log_interaction", people=[LONG_A, "ana lima"], note=note, kind="meeting")
    client.call("propose_introduction", a=LONG_A, b=LONG_B, why="both teach number talks")
    shown = pln("history").stdout
    assert max(len(line) for line in shown.splitlines()) <= 80
    assert "…" not in shown.replace('spring…"', "")  # only the long note is cut, as recorded
    commands, changed = column(shown, 2), column(shown, 3)
    assert f'propose_introduction(a="{LONG_A}",b="{LONG_B}"'.replace(" ", "") in commands
    rows = [line.split("│") for line in shown.splitlines()]
    cells = [row[2].strip() for row in rows if len(row) == 4]
    assert "mcp: propose_introduction(" in cells  # the tool's name whole, on its own line
    assert 'a="Maximiliana' in cells  # its arguments wrapped at spaces, not folded in a word
    assert f"added1interaction,1introduction:{LONG_A},{LONG_B}".replace(" ", "") in changed
    assert f"changed2contacts:{LONG_A},AnaLima".replace(" ", "") in changed
    [intro, logged, *_] = pln.json("history")
    assert (intro["people"], intro["people_more"]) == ([LONG_A, LONG_B], False)
    assert logged["people"] == [LONG_A, "Ana Lima"]
    client.call("undo_last")
    client.call("undo_last")


def test_undo_last_says_what_pln_undo_says_with_the_names(client: McpClient, pln: Pln) -> None:
    client.call("propose_introduction", a=LONG_A, b=LONG_B, why="both teach number talks")
    [newest, *_] = pln.json("history")
    undone = client.call("undo_last")
    changed = "(added 1 interaction, 1 introduction)"
    assert undone["undone"] == f"#{newest['id']} {newest['command']} {changed}: {LONG_A}, {LONG_B}"
    assert undone["people"] == [LONG_A, LONG_B]
    client.call("propose_introduction", a=LONG_A, b="ana", why="both teach number talks")
    said = pln("undo", "--yes").stdout
    assert said.startswith("Undid #")
    assert said.rstrip().endswith(f"{changed}: {LONG_A}, Ana Lima")
    pln("log", "ana", "-m", "call")
    refused = client.fails("undo_last")
    assert "(added 1 interaction; changed 1 contact): Ana Lima: not one this assistant" in refused
    pln("undo", "--yes")


LINK = "https://example.org/rec"
WEBINAR = "Number Talks Live"


def test_an_empty_draft_says_why_as_the_command_does(client: McpClient, pln: Pln) -> None:
    def drafted(kind: str, **more: str) -> dict[str, object]:
        found: dict[str, object] = client.call("draft_message", kind=kind, event=WEBINAR, **more)
        return found

    pln("event", "invite", WEBINAR, "ana", "maxi")
    for who in ("ana", "maxi"):
        pln("event", "rsvp", WEBINAR, who, "yes")
    nobody_came = drafted("thank-you")
    assert nobody_came["drafts"] == []
    assert "nobody is recorded as having come (record_attendance (event 1)" in str(
        nobody_came["reason"]
    )
    pln("event", "attended", WEBINAR, "ana")
    pln("event", "thank", WEBINAR, "--no-shows", "--recording", LINK)
    empty = drafted("no-show-recording", recording=LINK)
    assert empty["drafts"] == []
    said = f"Nobody left to send the recording of {WEBINAR} to: {LONG_A} was sent it"
    assert empty["reason"] == said
    assert said in pln("event", "thank", WEBINAR, "--no-shows", "--recording", LINK).stdout
    pln("event", "thank", WEBINAR)
    thanked = drafted("thank-you")
    said = f"Nobody left to thank for coming to {WEBINAR}: Ana Lima was thanked"
    assert (thanked["drafts"], thanked["reason"]) == ([], said)
    assert said in pln("event", "thank", WEBINAR).stdout
    pln("event", "remind", WEBINAR)
    reminded = drafted("reminder")
    said = f"Nobody left to remind about {WEBINAR}: Ana Lima, {LONG_A} were reminded"
    assert (reminded["drafts"], reminded["reason"]) == ([], said)
    booth = drafted("booth-follow-up")
    said = f"Nobody met at {WEBINAR} is waiting for a follow-up"
    assert (booth["drafts"], booth["reason"]) == ([], said)
    assert said in pln("event", "follow-up", WEBINAR, "--draft").stdout
    assert "reason" not in drafted("thank-you", people=["ana"])


def test_an_unsigned_draft_says_once_how_to_sign_it(client: McpClient, pln: Pln) -> None:
    intro = client.call("propose_introduction", a="ana", b=LONG_B, why="both teach grade 3")
    asked = client.call("draft_message", kind="intro-ask-a", intro_id=intro["id"])
    assert asked["drafts"][0]["body"].rstrip().endswith("Best,")
    assert asked["note"] == (
        'the drafts end with a bare "Best,": set your name: pln config my-name "Your Name"'
        " (the user's to run in pln)"
    )
    both = pln("intros", "ask", str(intro["id"]), "both", "--draft")
    assert both.stderr.count("set your name: pln config my-name") == 1
    pln("config", "my-name", "Sam Rivera")
    signed = client.call("draft_message", kind="intro-ask-a", intro_id=intro["id"])
    assert "note" not in signed
    assert "my-name" not in pln("intros", "draft", str(intro["id"]), "ask-a").stderr
    pln("undo", "--yes")
    pln("undo", "--yes")
    client.call("undo_last")
