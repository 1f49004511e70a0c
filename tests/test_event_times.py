"""Events with a time of day: invitations say it, a calendar invitation
carries it, the day before brings a reminder to those who said yes; and a
community's weekly chat logged once."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from helpers import Pln


def _webinar(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "-e", "ana@x.org")
    pln("add-contact", "Ben Ode", "-e", "ben@x.org")
    pln(
        "event",
        "add",
        "Math Circle Webinar",
        "--on",
        "2026-12-10",
        "--at",
        "4pm",
        "--end",
        "17:00",
        "--tz",
        "America/Chicago",
        "--hosted",
        "--where",
        "https://zoom.us/j/123",
    )


def test_an_invitation_says_when_in_which_time_zone(pln: Pln) -> None:
    _webinar(pln)
    view = pln.json("event", "show", "webinar")
    assert (view["starts_at"], view["ends_at"], view["tz"]) == ("16:00", "17:00", "America/Chicago")
    said = pln("event", "invite", "webinar", "ana", "--draft").stdout
    assert "on 2026-12-10, 16:00–17:00 America/Chicago (https://zoom.us/j/123)" in said
    assert "Dec 10 16:00 CST" in pln("events").stdout


def test_the_calendar_invitation_carries_the_time_and_its_zone(pln: Pln, tmp_path: Path) -> None:
    _webinar(pln)
    out = tmp_path / "invite.ics"
    assert (
        "Wrote the calendar invitation for Math Circle Webinar"
        in pln("event", "ics", "webinar", "-o", str(out)).stdout
    )
    calendar = Calendar.from_ical(out.read_bytes())
    [entry] = calendar.walk("VEVENT")
    chicago = ZoneInfo("America/Chicago")
    assert entry.decoded("dtstart") == datetime(2026, 12, 10, 16, 0, tzinfo=chicago)
    assert entry.decoded("dtend") == datetime(2026, 12, 10, 17, 0, tzinfo=chicago)
    assert str(entry["location"]) == "https://zoom.us/j/123"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Chicago"]
    pln("event", "add", "Fall CUE", "--on", "2027-03-04", "--until", "2027-03-06")
    [all_day] = Calendar.from_ical(pln("event", "ics", "fall cue").stdout_bytes).walk("VEVENT")
    assert (str(all_day.decoded("dtstart")), str(all_day.decoded("dtend"))) == (
        "2027-03-04",
        "2027-03-07",
    )
    pln("import", "csv", "-", input="Name,Met at\nCy Park,Someday Summit\n")
    assert pln("event", "ics", "someday", ok=False).exit_code == 5  # no date yet


def test_the_day_before_brings_a_reminder_for_those_who_said_yes(pln: Pln) -> None:
    _webinar(pln)
    pln("event", "invite", "webinar", "ana", "ben")
    pln("event", "rsvp", "webinar", "ana", "yes")
    assert not [i for i in pln.json("due", "--on", "2026-12-08") if i["title"].startswith("Remind")]
    [line] = [i for i in pln.json("due", "--on", "2026-12-09") if i["title"].startswith("Remind")]
    assert line["title"] == "Remind the 1 who said yes to Math Circle Webinar"
    assert "16:00 America/Chicago" in line["reason"]
    assert line["action"] == "pln event remind 1 --bcc"
    said = pln("event", "remind", "webinar", "--bcc").stdout
    assert "Reminded 1 about Math Circle Webinar" in said
    assert "Bcc: Ana Lima <ana@x.org>" in said
    assert "on 2026-12-10, 16:00–17:00 America/Chicago" in said
    assert not [i for i in pln.json("due", "--on", "2026-12-09") if i["title"].startswith("Remind")]
    assert "nobody left to remind" in pln("event", "remind", "webinar").stdout


def test_times_are_checked_and_can_be_cleared(pln: Pln) -> None:
    _webinar(pln)
    assert pln("event", "edit", "webinar", "--tz", "Mars/Olympus", ok=False).exit_code == 5
    assert pln("event", "edit", "webinar", "--end", "15:00", ok=False).exit_code == 5
    assert pln("event", "edit", "webinar", "--at", "25:00", ok=False).exit_code == 5
    pln("event", "edit", "webinar", "--at", "", "--end", "")
    view = pln.json("event", "show", "webinar")
    assert (view["starts_at"], view["ends_at"]) == (None, None)


def test_event_times_survive_a_json_round_trip(pln: Pln, tmp_path: Path) -> None:
    _webinar(pln)
    document = pln("export", "json").stdout
    other = str(tmp_path / "other.db")
    pln("--db", other, "import", "json", "-", input=document)
    assert pln("--db", other, "export", "json").stdout == document


def _edchat(pln: Pln) -> None:
    for name in ("Ana Lima", "Ana Souza", "Ben Ode", "Cy Park"):
        pln("add-contact", name)
    pln("community", "add", "edchat")
    pln("community", "join", "edchat", "ana lima", "ana souza", "ben")


def test_a_community_chat_is_logged_once_with_who_took_part(pln: Pln) -> None:
    _edchat(pln)
    said = pln(
        "log", "--community", "edchat", "--with", "souza", "--with", "ben", "-m", "weekly chat"
    ).stdout
    assert "Logged chat on 2026-11-29 with Ana Souza, Ben Ode" in said
    [entry] = pln.json("show", "ben")["timeline"]
    assert (entry["kind"], entry["note"], [w["name"] for w in entry["with"]]) == (
        "chat",
        "weekly chat",
        ["Ana Souza"],
    )
    assert pln.json("show", "ana lima")["timeline"] == []


def test_a_chat_with_every_member_is_confirmed_first(pln: Pln, pln_terminal: Pln) -> None:
    _edchat(pln)
    refused = pln("log", "--community", "edchat", ok=False)
    assert refused.exit_code == 7
    assert "all 3 members of edchat without --yes" in refused.stderr
    assert pln_terminal("log", "--community", "edchat", input="n\n", ok=False).exit_code == 7
    said = pln_terminal("log", "--community", "edchat", input="y\n").stdout
    assert "Log with all 3 members of edchat?" in said
    assert "with Ana Lima, Ana Souza, Ben Ode" in said
    assert pln.json("show", "cy")["timeline"] == []  # not a member
    assert pln.json("show", "ben")["timeline"][0]["note"] == "edchat chat"


def test_events_give_each_event_one_line(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.cells import cell_len

    _webinar(pln)
    pln(
        "event",
        "add",
        "Reading Pilots That Work (webinar series, part 2 of 5)",
        "--on",
        "2026-12-15",
        "--at",
        "19:00",
        "--tz",
        "Europe/Berlin",
        "--where",
        "https://zoom.us/j/99887766554433",
    )
    pln("event", "add", "ISTELive 2027", "--on", "2027-06-28", "--until", "2027-07-01")
    for columns in (80, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = pln("events").stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= columns
        assert len(lines) == 5  # a header, its rule, a line per event
        assert "Dec 10 16:00 CST" in lines[-1]
        assert "2027-06-28–2027-07-01" in lines[2]
        assert not any("https://zoom.us/j/9988…" in line for line in lines)  # whole, or not at all
