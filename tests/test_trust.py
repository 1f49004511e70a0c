"""Finding people as they are typed, and timelines that can be true."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import Pln


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("dandre", "D'Andre Washington"),
        ("oconnell", "Conor O’Connell"),
        ("mary ann", "Mary-Ann Lee"),
        ("maryann", "Mary-Ann Lee"),
        ("jr", "Sam Jones Jr."),
    ],
)
def test_a_name_part_ignores_punctuation_and_spacing(pln: Pln, typed: str, found: str) -> None:
    for name in ("D'Andre Washington", "Conor O’Connell", "Mary-Ann Lee", "Sam Jones Jr."):
        pln("add-contact", name)
    assert pln.json("show", typed)["name"] == found


def test_an_interaction_cannot_be_dated_in_the_future(pln: Pln) -> None:
    pln("add-contact", "Ana")
    result = pln("log", "ana", "-m", "webinar", "--on", "next month", ok=False)
    assert result.exit_code == 5
    assert "has not happened yet" in result.stderr
    assert "pln follow-up" in result.stderr
    assert pln.json("show", "ana")["timeline"] == []
    pln("log", "ana", "-m", "coffee", "--on", "today")
    assert [i["note"] for i in pln.json("show", "ana")["timeline"]] == ["coffee"]


def test_every_reply_names_the_task_and_whom_it_is_about(pln: Pln) -> None:
    pln("add-contact", "Priya Natarajan")
    pln("follow-up", "priya", "send the slides", "--due", "2026-12-08")
    pln("follow-up", "--no-contact", "write the newsletter", "--due", "2026-12-08")
    assert pln("snooze", "1", "--until", "2026-12-10").stdout.strip() == (
        "Snoozed #1 until 2026-12-10: send the slides (Priya Natarajan)"
    )
    assert pln("done", "1").stdout.strip() == "Done #1: send the slides (Priya Natarajan)"
    assert pln("cancel", "2").stdout.strip() == "Cancelled #2: write the newsletter"


def test_snoozing_to_before_the_due_date_is_refused_not_claimed(pln: Pln) -> None:
    pln("add-contact", "Ana")
    pln("follow-up", "ana", "call", "--due", "2026-12-08")
    result = pln("snooze", "1", "--until", "2026-12-03", ok=False)
    assert result.exit_code == 5
    assert "not due until 2026-12-08" in result.stderr
    assert result.stdout == ""
    assert pln.json("follow-ups")[0]["status"] == "open"


def test_adding_someone_already_known_says_so_and_needs_new(pln: Pln) -> None:
    pln(
        "add-contact", "Lucía Hernández", "--org", "Austin ISD", "--link", "https://x.example/lucia"
    )
    again = pln("add-contact", "Lucia Hernandez", "--org", "Austin ISD", ok=False)
    assert again.exit_code == 6
    assert (
        "Lucía Hernández (#1) is already in your network (the same name at Austin ISD)"
        in again.stderr
    )
    assert "--new" in again.stderr
    by_link = pln("add-contact", "L. Hernández", "--link", "x.example/lucia/", ok=False)
    assert by_link.exit_code == 6
    assert "the same link" in by_link.stderr
    pln("add-contact", "Lucía Hernández", "--org", "Dallas ISD")  # another school: another person
    pln("add-contact", "Lucía Hernández", "--new")
    assert [c["name"] for c in pln.json("list")].count("Lucía Hernández") == 3


def test_on_a_terminal_adding_a_namesake_asks(pln_terminal: Pln) -> None:
    pln_terminal("add-contact", "Sam Lee")
    assert pln_terminal("add-contact", "Sam Lee", input="n\n", ok=False).exit_code == 6
    pln_terminal("add-contact", "Sam Lee", input="y\n")
    assert len(pln_terminal.json("list")) == 2


def test_attendance_cannot_come_before_the_event(pln: Pln) -> None:
    pln("event", "add", "Number Talks Webinar", "--on", "2026-12-10", "--hosted")
    pln("add-contact", "Grace Ho")
    pln("event", "invite", "webinar", "grace")
    result = pln("event", "attended", "webinar", "grace", ok=False)
    assert result.exit_code == 5
    assert "starts on 2026-12-10" in result.stderr
    assert not any(i["kind"] == "event" for i in pln.json("show", "grace")["timeline"])
    later = Pln(day=pln.day.replace(month=12, day=10))
    later("event", "attended", "webinar", "grace")
    assert next(i["kind"] for i in later.json("show", "grace")["timeline"]) == "event"


def test_an_invited_guest_was_not_met_there(pln: Pln) -> None:
    pln("event", "add", "Webinar", "--on", "2026-12-10", "--hosted")
    pln("add-contact", "Grace Ho")
    pln("event", "invite", "webinar", "grace")
    pln("event", "rsvp", "webinar", "grace", "yes")
    card = pln.json("show", "grace")
    assert card["met_by"] == {}
    assert card["met_at"] is None


def test_an_interaction_can_be_corrected_and_deleted(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("log", "ana", "-m", "coffee", "--on", "yesterday")
    pln("log", "ana", "-m", "coffee", "--on", "yesterday")  # logged twice by mistake
    ids = [i["id"] for i in pln.json("show", "ana")["timeline"]]
    assert len(ids) == 2
    assert pln("interaction", "rm", str(ids[0]), ok=False).exit_code == 7  # asks first
    said = pln("interaction", "rm", str(ids[0]), "--yes").stdout
    assert said.startswith(f"Deleted #{ids[0]} note on 2026-11-28 with Ana Lima: coffee")
    assert [i["id"] for i in pln.json("show", "ana")["timeline"]] == ids[1:]
    pln(
        "interaction",
        "edit",
        str(ids[1]),
        "--on",
        "2026-11-20",
        "--kind",
        "meeting",
        "--with",
        "ana",
        "--with",
        "ben",
        "-m",
        "coffee at the conference",
    )
    ana, ben = pln.json("show", "ana"), pln.json("show", "ben")
    assert ana["last_contacted"] == ben["last_contacted"] == "2026-11-20"
    assert ben["timeline"][0]["note"] == "coffee at the conference"
    pln("interaction", "edit", str(ids[1]), "--with", "ben")
    assert pln.json("show", "ana")["last_contacted"] is None
    assert pln("interaction", "edit", str(ids[1]), "--on", "next week", ok=False).exit_code == 5
    assert pln("interaction", "rm", "999", "--yes", ok=False).exit_code == 3


def test_cadence_never_exempts_a_contact_from_their_tags_cadence(pln: Pln) -> None:
    pln("config", "cadence.board", "1 month")
    pln("add-contact", "Ana", "--tag", "board", "--met-on", "2026-09-01")
    pln("add-contact", "Ben", "--tag", "board", "--met-on", "2026-09-01", "--cadence", "never")
    reach_out = [i["contact"] for i in pln.json("due") if i["kind"] == "keep-in-touch"]
    assert reach_out == ["Ana"]
    assert pln.json("show", "ben")["cadence"] == "never"
    assert "never" in pln("show", "ben").stdout
    pln("edit", "ana", "--cadence", "0")
    assert [i for i in pln.json("due") if i["kind"] == "keep-in-touch"] == []
    pln("edit", "ana", "--cadence", "")
    assert [i["contact"] for i in pln.json("due") if i["kind"] == "keep-in-touch"] == ["Ana"]


def test_archive_keeps_history_and_takes_someone_off_lists_and_the_agenda(pln: Pln) -> None:
    pln(
        "add-contact",
        "Ana Lima",
        "--met-at",
        "Expo",
        "--met-on",
        "2026-11-20",
        "--cadence",
        "1 month",
    )
    pln("add-contact", "Ben Ode")
    pln("log", "ana", "-m", "coffee", "--on", "2026-10-01")
    pln("follow-up", "ana", "send slides", "--due", "2026-11-25")
    pln("intro", "ana", "ben", "--why", "grants")
    assert {i["contact"] for i in pln.json("due")} >= {"Ana Lima"}
    assert "Archived Ana Lima (#1)" in pln("archive", "ana").stdout
    assert [c["name"] for c in pln.json("list")] == ["Ben Ode"]
    assert [c["name"] for c in pln.json("list", "--archived")] == ["Ana Lima"]
    assert [c["name"] for c in pln.json("search", "ana")] == []
    assert not [i for i in pln.json("due") if "Ana" in (i["contact"] or "") or "Ana" in i["title"]]
    assert [i["note"] for i in pln.json("show", "ana")["timeline"]][-1] == "coffee"  # history kept
    assert pln("archive", "ana", ok=False).exit_code == 5
    pln("unarchive", "1")
    assert {i["contact"] for i in pln.json("due")} >= {"Ana Lima"}


def test_deleting_someone_others_history_hangs_on_is_refused_with_the_way_forward(pln: Pln) -> None:
    pln("add-contact", "Priya Natarajan")
    pln("add-contact", "Grace Ho")
    pln("add-contact", "Maya Okafor", "--via", "priya")
    pln("intro", "priya", "grace", "--why", "math coaching", "--direct")
    pln("intros", "introduce", "1")
    pln("intros", "outcome", "1", "working-together")
    result = pln("rm", "priya", "--yes", ok=False)
    assert result.exit_code == 6
    assert "1 introduction(s) (with Grace Ho (#2), working-together)" in result.stderr
    assert "Maya Okafor (#3) came from (via)" in result.stderr
    assert "pln archive 1" in result.stderr
    assert len(pln.json("list")) == 3
    assert pln.json("report")["introductions"]["funnel"][0]["count"] == 1
    said = pln("rm", "priya", "--yes", "--force").stdout
    assert said.startswith("Deleted Priya Natarajan (#1):")
    assert "working-together" in said


def test_rm_says_what_goes_with_someone(pln: Pln) -> None:
    pln("add-contact", "Ana")
    pln("add-contact", "Ben")
    pln("log", "ana", "-m", "alone")
    pln("log", "ana", "ben", "-m", "together")
    pln("follow-up", "ana", "call")
    said = pln("rm", "ana", "--yes").stdout
    assert said.strip() == (
        "Deleted Ana (#1): 1 interaction (only with them), 1 shared interaction "
        "(kept, without them), 1 open follow-up"
    )
    assert [i["note"] for i in pln.json("show", "ben")["timeline"]] == ["together"]


def test_a_name_is_looked_for_first_among_the_people_a_command_is_about(pln: Pln) -> None:
    pln("add-contact", "Grace Ho")
    pln("add-contact", "Grace Park")
    pln("add-contact", "Liam Chen")
    pln("intro", "grace ho", "liam", "--why", "coaching")
    assert pln("show", "grace", ok=False).exit_code == 4  # two Graces in the network
    pln("intros", "ask", "1", "grace")
    pln("intros", "answer", "1", "grace", "yes")
    assert pln.json("intros", "show", "1")["a_answer"] == "yes"
    pln("event", "add", "Webinar", "--on", "2026-12-10", "--hosted")
    pln("event", "invite", "webinar", "grace park")
    pln("event", "rsvp", "webinar", "grace", "yes")
    assert pln.json("event", "show", "webinar")["guests"][0]["rsvp"] == "yes"


def test_a_follow_up_done_by_mistake_can_be_reopened(pln: Pln) -> None:
    pln("add-contact", "Priya")
    pln("follow-up", "priya", "send slides", "--due", "2026-11-25")
    pln("follow-up", "priya", "check in", "--due", "2026-11-27", "--every", "2 weeks")
    pln("done", "1")
    assert pln("reopen", "1").stdout.strip() == "Reopened #1, due 2026-11-25: send slides (Priya)"
    pln("done", "2")  # rolls forward to #3
    said = pln("reopen", "2").stdout
    assert "next occurrence #3 cancelled" in said
    statuses = {t["id"]: t["status"] for t in pln.json("follow-ups", "--all")}
    assert statuses == {1: "open", 2: "open", 3: "cancelled"}
    assert pln("reopen", "1", ok=False).exit_code == 6  # already open


def test_meeting_dates_that_came_from_an_event_follow_it(pln: Pln) -> None:
    pln("event", "add", "ISTE 2026", "--on", "2026-06-28", "--until", "2026-07-01")
    pln("add-contact", "Ana", "--met-at", "iste")
    pln("add-contact", "Ben", "--met-at", "iste", "--met-on", "2026-06-30")
    assert pln.json("show", "ana")["met_on"] == "2026-06-28"
    said = pln("event", "edit", "iste", "--on", "2026-06-27").stdout
    assert "the meeting date of 1 contact met there, to 2026-06-27" in said
    assert pln.json("show", "ana")["met_on"] == "2026-06-27"
    assert pln.json("show", "ben")["met_on"] == "2026-06-30"


def test_a_follow_up_can_be_corrected(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor")
    pln("add-contact", "Ben Ode")
    pln("follow-up", "maya", "send slides", "--due", "2026-12-08", "--every", "2 weeks")
    said = pln(
        "follow-ups",
        "edit",
        "1",
        "--due",
        "2026-12-03",
        "--title",
        "send the deck",
        "--contact",
        "ben",
        "--every",
        "",
    ).stdout
    assert said.strip() == "Follow-up #1 due 2026-12-03: send the deck (Ben Ode)"
    task = pln.json("follow-ups")[0]
    assert (task["due"], task["title"], task["contact"]["name"], task["every"]) == (
        "2026-12-03",
        "send the deck",
        "Ben Ode",
        None,
    )
    pln("follow-ups", "edit", "1", "--contact", "")
    assert pln.json("follow-ups")[0]["contact"] is None
    pln("done", "1")
    assert pln("follow-ups", "edit", "1", "--due", "friday", ok=False).exit_code == 6
    assert [t["id"] for t in pln.json("follow-ups", "--all")] == [1]


def test_every_agenda_line_has_a_handle_that_cannot_act_on_another_kind(pln: Pln) -> None:
    pln("add-contact", "Liam Chen")
    pln("add-contact", "Marcus Bell", "--cadence", "1 month", "--met-on", "2026-09-01")
    pln("intro", "liam", "marcus", "--why", "robotics clubs")
    pln("follow-up", "liam", "send the kit list", "--due", "2026-11-28")
    items = pln.json("due")
    handles = {i["kind"]: i["handle"] for i in items}
    assert handles == {"follow-up": "1", "intro": "i1a", "keep-in-touch": "k2"}  # each side its own
    screen = pln("due").stdout
    assert all(h in screen for h in handles.values())
    result = pln("done", "i1", "-m", "introduced Liam and Marcus", ok=False)
    assert result.exit_code == 5
    assert "pln intros" in result.stderr
    assert pln.json("follow-ups")[0]["status"] == "open"  # follow-up #1 untouched
    assert "pln log 2" in pln("done", "k2", ok=False).stderr
    assert pln("done", "#1").exit_code == 0


def test_every_kind_of_agenda_line_can_be_snoozed_or_dismissed(pln: Pln) -> None:
    pln("add-contact", "Liam Chen")
    pln("add-contact", "Marcus Bell", "--cadence", "1 month", "--met-on", "2026-09-01")
    pln("add-contact", "Ana Lima", "--tag", "board", "--met-on", "2026-09-01")
    pln("config", "cadence.board", "2 months")
    pln("intro", "liam", "marcus", "--why", "robotics clubs")
    pln("follow-up", "liam", "send the kit list", "--due", "2026-11-28")
    assert {i["handle"] for i in pln.json("due")} == {"1", "i1a", "i1b", "k2", "k3"}
    said = pln("snooze", "i1", "K2", "--until", "2026-12-03").stdout.splitlines()  # i1: both sides
    assert said == [
        "Snoozed i1 until 2026-12-03: introduction 1 (Liam Chen and Marcus Bell)",
        "Snoozed k2 until 2026-12-03: keeping in touch with Marcus Bell (#2)",
    ]
    assert {i["handle"] for i in pln.json("due")} == {"1", "k3"}
    later = Pln(day=date(2026, 12, 3))
    assert {i["handle"] for i in later.json("due")} >= {"i1a", "k2"}
    said = pln("dismiss", "k3").stdout.strip()
    assert said.startswith("Dismissed k3 until 2027-01-29: keeping in touch with Ana Lima (#3)")
    assert "k3" not in {
        i["handle"] for i in Pln(day=date(2027, 1, 28)).json("due", "--within", "0")
    }
    assert "k3" in {i["handle"] for i in Pln(day=date(2027, 1, 29)).json("due", "--within", "0")}
    pln("dismiss", "k2", "--never")
    assert pln.json("show", "marcus")["cadence"] == "never"
    assert "k2" not in {i["handle"] for i in later.json("due")}
    refused = pln("dismiss", "i1", ok=False)
    assert refused.exit_code == 5
    assert "pln intros cancel 1" in refused.stderr
    assert pln("dismiss", "1").stdout.strip() == "Cancelled #1: send the kit list (Liam Chen)"
    assert pln("snooze", "i9", ok=False).exit_code == 3
    pln("undo", "--yes")  # a dismissal is undone like anything else
    assert pln.json("follow-ups")[0]["status"] == "open"


def test_done_with_a_message_says_it_was_logged(pln: Pln) -> None:
    pln("add-contact", "Laura Kim")
    pln("follow-up", "laura", "send the deck")
    said = pln("done", "1", "-m", "sent the deck", "--kind", "email").stdout.strip()
    assert said == "Done #1: send the deck (Laura Kim); logged as email on their timeline"
