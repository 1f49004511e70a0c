from __future__ import annotations

from datetime import date

from helpers import Pln


def conference(pln: Pln) -> None:
    pln("config", "my-name", "Sam")
    pln(
        "event",
        "add",
        "ISTE 2026",
        "--on",
        "Nov 20",
        "--until",
        "Nov 23",
        "--where",
        "San Antonio",
        "--kind",
        "conference",
    )
    pln("add-contact", "Ana Lima", "-e", "ana@x.org", "--met-at", "ISTE 2026", "--met-on", "Nov 21")
    pln("add-contact", "Ben Ode", "-e", "ben@y.org", "--met-at", "iste")
    pln("add-contact", "Cy Park", "--met-at", "ISTE 2026", "--tag", "math")
    pln(
        "event",
        "add",
        "Number Talks Webinar",
        "--on",
        "Dec 10",
        "--where",
        "https://zoom.example/1",
        "--kind",
        "webinar",
        "--hosted",
    )


def test_conference_to_webinar_from_the_cli(pln: Pln) -> None:
    conference(pln)
    events = pln.json("events")
    assert [
        (e["name"], e["starts_on"], e["ends_on"], e["hosted"], e["counts"]["met"]) for e in events
    ] == [
        ("Number Talks Webinar", "2026-12-10", None, True, 0),
        ("ISTE 2026", "2026-11-20", "2026-11-23", False, 3),
    ]
    assert [e["name"] for e in pln.json("events", "--upcoming")] == ["Number Talks Webinar"]
    assert [c["met_at"] for c in pln.json("list", "--met-at", "ISTE 2026")] == ["ISTE 2026"] * 3
    shown = pln.json("event", "show", "iste")
    assert [m["name"] for m in shown["met"]] == ["Ana Lima", "Ben Ode", "Cy Park"]
    assert [t["title"] for t in shown["follow_ups"]] == ["Follow up after meeting at ISTE 2026"] * 3

    out = pln("event", "invite", "webinar", "--met-at", "ISTE 2026", "--draft").stdout
    assert out.startswith("Invited 3 to Number Talks Webinar: Ana Lima, Ben Ode, Cy Park\n")
    assert out.count("Subject: Join us at Number Talks Webinar?") == 3
    assert "To: Ana Lima <ana@x.org>" in out
    assert "on 2026-12-10 (https://zoom.example/1)" in out
    bcc = pln("event", "invite", "webinar", "cy", "--bcc").stdout
    assert "0 to Number Talks Webinar (1 already invited)" in bcc

    # Inviting them was the follow-up the strike-out guard wanted, for those an
    # invitation can reach: Cy has no address, and waits until a call.
    assert [(i["kind"], i["contact"]) for i in pln.json("due")] == [("met-no-follow-up", "Cy Park")]
    pln("log", "cy", "--kind", "call", "-m", "invited on the phone")
    assert [i["kind"] for i in pln.json("due")] == []
    pln("event", "rsvp", "webinar", "ana", "yes")
    pln("event", "rsvp", "webinar", "ben", "maybe")
    before = Pln(day=date(2026, 12, 7))
    [chase] = before.json("due")
    assert (chase["kind"], chase["title"]) == (
        "event",
        "Chase 1 unanswered invitation to Number Talks Webinar",
    )
    assert chase["reason"] == "starts in 3 days; no answer from Cy Park"
    assert "e2 Cy Park · Chase 1 unanswered" in before("due").stdout

    after = Pln(day=date(2026, 12, 11))
    after("event", "attended", "webinar", "ana", "ben")
    [thanks] = after.json("due")
    assert thanks["title"] == "Thank 2 attendees of Number Talks Webinar"
    assert thanks["action"] == "pln event thank 2 --draft"
    drafts = after("event", "thank", "webinar", "--draft").stdout
    assert drafts.startswith(
        "Drafted thank-yous to 2 who came to Number Talks Webinar (recorded as thanked): "
        "Ana Lima, Ben Ode\n"
    )
    assert drafts.count("Subject: Thank you for coming to Number Talks Webinar") == 2
    assert after.json("due") == []

    guests = {g["contact"]["name"]: g for g in after.json("event", "show", "webinar")["guests"]}
    assert (
        guests["Ana Lima"]["rsvp"],
        guests["Ana Lima"]["attended"],
        guests["Ana Lima"]["thanked_on"],
    ) == ("yes", True, "2026-12-11")
    assert guests["Cy Park"]["rsvp"] is None
    timeline = [t["note"] for t in pln.json("show", "ana")["timeline"]]
    assert timeline == [
        "Thanked for coming to Number Talks Webinar",
        "Attended Number Talks Webinar",
        "Answered yes to Number Talks Webinar",
        "Invited to Number Talks Webinar",
    ]
    card = pln("event", "show", "webinar").stdout
    assert "hosted by you" in card
    assert "no answer yet" in card


def test_invite_by_tag_and_community_and_errors(pln: Pln) -> None:
    conference(pln)
    pln("community", "add", "#edchat", "--focus", "weekly chat", "--mine")
    pln("community", "join", "edchat", "ana", "ben")
    assert pln.json("communities") == [
        {
            "id": 1,
            "name": "#edchat",
            "focus": "weekly chat",
            "where": None,
            "mine": True,
            "members": 2,
        }
    ]
    assert [c["name"] for c in pln.json("list", "--community", "edchat")] == ["Ana Lima", "Ben Ode"]
    assert pln.json("show", "ana")["communities"] == ["#edchat"]
    result = pln.json("event", "invite", "webinar", "--community", "edchat", "--tag", "math")
    assert [p["name"] for p in result["invited"]] == ["Ana Lima", "Ben Ode", "Cy Park"]
    assert pln("event", "invite", "webinar", ok=False).exit_code == 5
    assert pln("event", "show", "nothing", ok=False).exit_code == 3
    assert pln("event", "add", "iste 2026", "--on", "today", ok=False).exit_code == 6
    assert pln("event", "rsvp", "webinar", "ana", "perhaps", ok=False).exit_code == 5
    assert pln("events", "--upcoming", "--past", ok=False).exit_code == 5
    members = pln.json("community", "show", "edchat")
    assert [m["name"] for m in members["member_list"]] == ["Ana Lima", "Ben Ode"]
    pln("community", "leave", "edchat", "ben")
    assert pln.json("communities")[0]["members"] == 1


def test_event_dates_take_the_nearest_day(pln: Pln) -> None:
    created = pln.json("event", "add", "Past meetup", "--on", "Nov 20")
    assert created["starts_on"] == "2026-11-20"
    assert pln.json("event", "edit", "past", "--until", "Nov 21", "--hosted")["hosted"] is True
