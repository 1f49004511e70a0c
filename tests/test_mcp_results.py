"""What the tools answer names tools, not commands (the assistant cannot run
`pln edit` or add `--never`): dismiss's words after the act, and the agenda's
`action` for each line, through the SDK's stdio client as an assistant
meets them. The user's own text (a title, a why) is shown as it is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import ENGINES, Pln
from mcp_client import McpClient, mcp_client, module_store, on_store

# A command line, an option, or a shell placeholder the assistant would try to run.
COMMAND = re.compile(r"(?<![\w`])pln [a-z]|(?<![\w-])--[a-z]|\bREF\b|\bFILE\b")
WHY = "pln edit 9 --cadence … sets one"  # the user's words, kept as they are


def seed(pln: Pln) -> None:
    pln("config", "my-name", "Sam Rivera")
    for name in ("Number Talks Live", "Fractions Fair"):
        pln("event", "add", name, "--on", "2026-11-20", "--kind", "webinar", "--hosted")
    pln("add-contact", "Cy Park", "--email", "cy@example.org")
    pln("add-contact", "Di Ross", "--email", "di@example.org")
    for event in ("1", "2"):
        pln("event", "invite", event, "cy", "--on", "2026-11-01")
        pln("event", "rsvp", event, "cy", "yes")
    pln("intro", "cy", "di", "--why", WHY)
    pln("follow-up", "cy", "send", "the", "slides", "--due", "yesterday")
    for name in ("Ed Lowe", "Flo Hart"):
        pln("add-contact", name, "--cadence", "1 month")
        pln("log", name, "--on", "2026-08-01", "-m", "coffee")


@pytest.fixture(scope="module", params=ENGINES)
def client(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[McpClient]:
    folder = tmp_path_factory.mktemp("mcpr")
    with module_store(request.param, folder) as url, on_store(url):
        seed(Pln())
        with mcp_client(url) as started:  # as "tester", who wrote the follow-up
            yield started


def lines(items: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for item in items:
        yield item
        yield from lines(item.get("group") or [])


def test_each_agenda_line_names_the_tool_that_acts_on_it(client: McpClient) -> None:
    items = list(lines(client.call("agenda")["items"]))
    actions = {i["handle"]: i["action"] for i in items}
    assert actions["i1a"] == (
        "draft_message intro-ask-a (intro_id 1), then record_intro_step asked-a "
        "once the user sent it"
    )
    task = next(i for i in items if i["title"] == "send the slides")
    assert actions[task["handle"]] == f'complete (handles ["{task["task_id"]}"])'
    came = next(i for i in items if i["handle"] == "e1" and "Record who came" in i["title"])
    assert came["action"] == (
        "record_attendance (event 1); the user can import the attendance file in pln"
    )
    assert came["reason"].endswith("by hand: record_attendance (event 1)")
    for item in items:
        for said in (item["action"] or "", item["reason"]):
            assert not COMMAND.search(said.replace(WHY, "")), said
    asked = next(i for i in items if i["handle"] == "i1a")
    assert asked["reason"].endswith(WHY)  # the user's why, as they wrote it


def test_dismiss_says_what_it_did_in_tools(client: McpClient) -> None:
    ed, flo = (client.call("find_people", text=n)["people"][0]["id"] for n in ("Ed", "Flo"))
    again = client.call("dismiss", handles=[f"k{ed}"])["done"]
    assert again[0].endswith("(the cadence starts again today; never=true exempts them)")
    never = client.call("dismiss", handles=[f"k{flo}"], never=True)["done"]
    assert never[0].endswith("(no cadence now; the user can set one in pln)")
    unrecorded = client.call("dismiss", handles=["e2"])["done"]
    assert unrecorded[0] == (
        "Dismissed e2: recording who came to Fractions Fair "
        "(record_attendance (event 2) brings its steps back)"
    )
    for said in (*again, *never, *unrecorded):
        assert not COMMAND.search(said), said


def test_the_reports_lists_come_a_page_at_a_time(client: McpClient) -> None:
    """report_summary was 150 kB at 50,000 people (1,243 late entries): each
    list is a page, with how many more beside it, and the numbers unchanged."""
    whole = client.call("report_summary", limit=500)
    page = client.call("report_summary", limit=1)
    assert len(whole["hosted_events"]) == 2
    assert page["hosted_events"] == whole["hosted_events"][:1]
    assert (page["hosted_events_more"], whole["hosted_events_more"]) == (1, 0)
    for key in ("headline", "activity", "introductions", "period"):
        assert page[key] == whole[key], key
    for part, name in (("growth", "by_origin"), ("strikeouts", "recorded_late")):
        listed = whole[part][name]
        assert page[part][name] == listed[:1]
        assert page[part][f"{name}_more"] == max(0, len(listed) - 1)
        assert {k: v for k, v in page[part].items() if not k.startswith(name)} == {
            k: v for k, v in whole[part].items() if not k.startswith(name)
        }


@pytest.mark.parametrize(
    ("command", "tool"),
    [
        ("pln done 12", 'complete (handles ["12"])'),
        ("pln intros answer 4 b yes|no|later", "record_intro_answer (intro_id 4, side b)"),
        ("pln intros introduce 4 --draft", "draft_message introduction (intro_id 4)"),
        ("pln intros outcome 4 met|working-together|no-response|not-a-fit", "outcome (intro_id 4)"),
        ("pln event rsvp 2 REF yes|no|maybe", "the user can record their answers in pln"),
        ("pln event remind 2 --bcc", "draft_message reminder (event 2)"),
        ("pln event thank 2 --draft", "draft_message thank-you (event 2)"),
        ("pln event thank 2 --no-shows --recording URL", "no-show-recording (event 2"),
        ("pln event follow-up 2", "draft_message booth-follow-up (event 2)"),
    ],
)
def test_every_agenda_action_is_put_as_a_tool(command: str, tool: str) -> None:
    """The actions agenda.prompts and agenda.rank write, those the seed above
    does not bring about too (a line the day before an event, weeks after one)."""
    from plncrm.assistant.wording import agenda_line

    said = agenda_line({"action": command, "reason": ""})["action"]
    assert tool in said
    assert not COMMAND.search(said), said


def test_a_command_not_known_as_a_tool_is_said_to_be_the_users() -> None:
    from plncrm.assistant.wording import agenda_line

    said = agenda_line({"action": "pln event frobnicate 2", "reason": ""})["action"]
    assert said.endswith("is for the user to run; the assistant cannot)")
