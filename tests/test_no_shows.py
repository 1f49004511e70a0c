"""After a hosted event (issue 31): the recording to those who said yes and
did not come (`pln event thank --no-shows --recording URL`), each once; the
agenda's one line per event with people still to send it to; and the
report's registrations → attendance → follow-up for each hosted event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln
from servers import mail_server
from test_mail_send import _account

EVENT = "Phonics Webinar"
DAY = "2026-11-19"  # ten days before the pinned day: over, within the thank-you window
LINK = "https://video.example/phonics?t=1"
PEOPLE = {
    "rachel": ("Rachel Goldberg", "rachel@school.example"),
    "ben": ("Ben Okafor", "ben@district.example"),
    "ana": ("Ana Lima", "ana@school.example"),
    "carla": ("Carla Diaz", "carla@school.example"),
    "dev": ("Dev Patel", "dev@school.example"),
}


def _webinar(pln: Pln, name: str = EVENT) -> None:
    """A hosted webinar ten days ago: five invited, four said yes (Rachel, Ben,
    Ana, Carla), Dev said no; Rachel and Ben came."""
    pln("event", "add", name, "--on", DAY, "--hosted", "--kind", "webinar")
    for who, email in PEOPLE.values():
        pln("add-contact", who, "--email", email)
    pln("event", "invite", name, *PEOPLE, "--on", "2026-11-01")
    for who in ("rachel", "ben", "ana", "carla"):
        pln("event", "rsvp", name, who, "yes", "--on", "2026-11-02")
    pln("event", "rsvp", name, "dev", "no", "--on", "2026-11-02")
    pln("event", "attended", name, "rachel", "ben")


def _document(pln: Pln) -> dict[str, Any]:
    return dict(json.loads(pln("export", "json").stdout))


def _no_show_lines(pln: Pln) -> list[dict[str, Any]]:
    return [i for i in pln.json("due", "--limit", "0") if "did not come" in i["title"]]


def test_the_recording_is_drafted_for_exactly_those_who_said_yes_and_did_not_come(
    pln: Pln,
) -> None:
    _webinar(pln)
    [line] = _no_show_lines(pln)
    assert line["title"] == f"Send the recording to 2 who did not come to {EVENT}"
    assert line["action"] == "pln event thank 1 --no-shows --recording URL"
    assert line["handle"] == "e1"
    assert line["reason"] == "ended 10 days ago; said yes and did not come: Ana Lima, Carla Diaz"
    out = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--draft").stdout
    assert out.startswith(
        f"Drafted the recording for 2 who did not come to {EVENT} (recorded as sent): "
        "Ana Lima, Carla Diaz\n"
    )
    assert [t for t in out.splitlines() if t.startswith("To: ")] == [
        "To: Ana Lima <ana@school.example>",
        "To: Carla Diaz <carla@school.example>",
    ]
    assert f"Subject: Sorry we missed you at {EVENT}" in out
    assert f"\n{LINK}\n" in out
    assert "Hi Ana," in out
    assert _no_show_lines(pln) == []  # sent: the line is gone
    shown = pln("event", "show", EVENT).stdout
    assert "yes, did not come; recording sent 2026-11-29" in shown
    again = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--draft").stdout
    assert again == (
        f"Nobody left to send the recording of {EVENT} to: Ana Lima, Carla Diaz were sent it\n"
    )
    document = _document(pln)
    emails = [i for i in document["interactions"] if i["kind"] == "email"]
    assert sorted(c["id"] for e in emails for c in e["contacts"]) == [3, 4]
    assert {e["note"] for e in emails} == {f"Sent the recording of {EVENT}: {LINK}"}
    # The attendees' own thank-you is still to do, and is theirs alone.
    thanks = pln("event", "thank", EVENT, "--draft").stdout
    assert f"Drafted thank-yous to 2 who came to {EVENT}" in thanks
    assert "Rachel" in thanks
    assert "Ana" not in thanks
    pln("undo", "--yes")
    pln("undo", "--yes")
    assert [i["title"][:24] for i in _no_show_lines(pln)] == ["Send the recording to 2 "]


def test_the_line_waits_for_the_event_to_end_and_a_snooze_hides_it(pln: Pln) -> None:
    pln("event", "add", "Coming Webinar", "--on", "2026-12-03", "--hosted")
    pln("event", "add", "Their Conference", "--on", DAY)  # not hosted: no recording of ours
    pln("add-contact", "Zoe Quinn", "--email", "zoe@school.example")
    for name in ("Coming Webinar", "Their Conference"):
        pln("event", "rsvp", name, "zoe", "yes")
    assert _no_show_lines(pln) == []  # one not over yet, one not ours
    _webinar(pln)
    assert [line["handle"] for line in _no_show_lines(pln)] == ["e3"]
    pln("snooze", "e3", "--until", "2026-12-05")
    assert _no_show_lines(pln) == []
    pln("snooze", "e3", "--until", "today")
    assert len(_no_show_lines(pln)) == 1
    # Phonics is past its thank-you window by Dec 20; the coming webinar is over by then.
    late = Pln(day=pln.day.replace(month=12, day=20))
    assert _no_show_lines(late) == []  # nobody recorded as having come: no-shows unknown
    late("add-contact", "Yan Wu")
    late("event", "attended", "Coming Webinar", "yan")
    assert [line["handle"] for line in _no_show_lines(late)] == ["e1"]


def test_the_recording_link_must_be_http_or_https(pln: Pln) -> None:
    _webinar(pln)
    for bad in ("javascript:alert(1)", "ftp://video.example/x", "video.example/x"):
        refused = pln("event", "thank", EVENT, "--no-shows", "--recording", bad, ok=False)
        assert refused.exit_code == 5
        assert "--recording is an http:// or https:// address" in refused.stderr
    pln("add-contact", "Zoe Quinn")
    pln("event", "add", "Unrecorded", "--on", DAY, "--hosted")
    pln("event", "rsvp", "Unrecorded", "zoe", "yes")
    unknown = pln("event", "thank", "Unrecorded", "--no-shows", "--recording", LINK, ok=False)
    assert unknown.exit_code == 7
    assert "nobody is recorded as having come to Unrecorded" in unknown.stderr
    alone = pln("event", "thank", EVENT, "--recording", LINK, ok=False)
    assert "--recording goes with --no-shows" in alone.stderr
    missing = pln("event", "thank", EVENT, "--no-shows", ok=False)
    assert "--recording URL" in missing.stderr
    came = pln("event", "thank", EVENT, "rachel", "--no-shows", "--recording", LINK, ok=False)
    assert "Rachel Goldberg came: --no-shows is for those who said yes" in came.stderr
    said_no = pln("event", "thank", EVENT, "dev", "--no-shows", "--recording", LINK, ok=False)
    assert said_no.exit_code == 5
    assert "Dev Patel did not say yes: --no-shows is for those who said yes" in said_no.stderr
    assert len(_no_show_lines(pln)) == 1  # nothing recorded by any of these


def test_one_named_no_show_is_sent_it_and_the_line_counts_the_rest(pln: Pln) -> None:
    _webinar(pln)
    pln("event", "thank", EVENT, "ana", "--no-shows", "--recording", LINK)
    [line] = _no_show_lines(pln)
    assert line["title"].startswith("Send the recording to 1 who did not come")


def test_a_hostile_event_name_is_shown_and_quoted_literally(pln: Pln) -> None:
    name = "Phonics $(rm -rf ~) `x` 'q' <b>&amp;"
    _webinar(pln, name)
    [line] = _no_show_lines(pln)
    assert name in line["title"]
    assert line["action"] == "pln event thank 1 --no-shows --recording URL"  # by id: no quoting
    out = pln("event", "thank", "1", "--no-shows", "--recording", LINK, "--draft").stdout
    assert "$(rm -rf ~) `x` 'q'" in out
    assert pln.json("report")["hosted_events"][0]["name"] == name
    assert "[/]" not in pln("event", "add", "[bold]x[/]", "--hosted", "--on", DAY).stderr
    assert "[bold]x[/]" in pln("report").stdout  # markup shown as typed


@pytest.mark.slow
def test_the_recording_goes_by_mail_once_each_and_eml_records_nothing(
    pln: Pln, tmp_path: Path
) -> None:
    _webinar(pln)
    pln("edit", "carla", "--email", "")  # no address: named, left to do
    with mail_server() as box:
        _account(pln, box, tmp_path)
        drafts = tmp_path / "drafts"
        written = pln(
            "event", "thank", EVENT, "--no-shows", "--recording", LINK, "--eml", str(drafts)
        )
        assert len(_no_show_lines(pln)) == 1  # drafts only: nothing recorded
        sent = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--send", "--yes")
        again = pln(
            *("event", "thank", EVENT, "ana", "carla", "--no-shows", "--recording", LINK),
            *("--send", "--yes"),
            ok=False,
        )
        received = box.parsed()
    assert [f.name for f in sorted(drafts.iterdir())] == ["001-ana-lima.eml"]
    assert f"pln event thank '{EVENT}' --no-shows --recording '{LINK}' 3" in written.stdout
    assert [r.recipients for r in box.received] == [["ana@school.example"]]
    assert received[0]["Subject"] == f"Sorry we missed you at {EVENT}"
    assert LINK in received[0].get_body(("plain",)).get_content()
    assert "Sent 1: Ana Lima" in sent.stdout
    assert "no email address for Carla Diaz" in sent.stderr
    assert again.exit_code == 7  # only Carla is left, and she has no address
    assert "1 already sent the recording: not sent again" in again.stdout
    [email] = [i for i in _document(pln)["interactions"] if i["message_id"]]
    assert email["message_id"] == str(received[0]["Message-ID"])
    assert email["kind"] == "email"
    [line] = _no_show_lines(pln)  # Carla is still to reach
    assert line["title"].startswith("Send the recording to 1 who")


def test_the_report_shows_each_hosted_events_funnel(pln: Pln) -> None:
    _webinar(pln)
    pln("event", "add", "Walk-in Workshop", "--on", "2026-11-20", "--hosted")
    pln("event", "add", "Old Webinar", "--on", "2026-01-10", "--hosted")  # before the period
    pln("event", "add", "Their Conference", "--on", DAY)  # not ours
    pln("event", "attended", "Walk-in Workshop", "dev")  # came without saying yes
    pln("event", "thank", EVENT, "rachel")
    pln("event", "thank", EVENT, "ana", "--no-shows", "--recording", LINK)
    pln("log", "ben", "-m", "sent the slides", "--on", "2026-11-25")  # a follow-up beyond thanks
    pln("log", "rachel", "-m", "before", "--on", "2026-11-18")  # before it: not a follow-up
    report = pln.json("report")
    [webinar, workshop] = report["hosted_events"]
    assert webinar == {
        "id": 1,
        "name": EVENT,
        "on": DAY,
        "registered": 4,
        "attended": 2,
        "registered_attended": 2,
        "attended_share": 0.5,
        "thanked": 1,
        "followed_up": 1,
        "no_shows": 2,
        "recording_sent": 1,
    }
    assert (workshop["registered"], workshop["attended"], workshop["no_shows"]) == (0, 1, 0)
    assert workshop["attended_share"] is None
    drawn = pln("report").stdout
    assert "Hosted events" in drawn
    assert "1 of 2" in drawn  # recordings sent of the no-shows
    assert "Old Webinar" not in drawn
    assert "Their Conference" not in drawn


def test_attendees_waiting_are_one_line_per_event_not_a_wave_of_their_own(pln: Pln) -> None:
    """Those who came and heard nothing since are the event's one "Thank N
    attendees" line (e-handle): arming each a strike-out follow-up as well
    would show them twice, and the thank-you is what closes both."""
    pln("event", "add", EVENT, "--on", DAY, "--hosted")
    for n in range(12):
        pln("add-contact", f"Guest {n:02d}", "--email", f"g{n}@school.example")
    pln("event", "attended", EVENT, *(f"g{n}@school.example" for n in range(12)))
    lines = pln.json("due", "--limit", "0")
    assert [(i["handle"], i["title"]) for i in lines] == [("e1", f"Thank 12 attendees of {EVENT}")]
    assert "and 8 more" in lines[0]["reason"]
    assert pln.json("report")["strikeouts"]["waiting"] == []
    pln("event", "thank", EVENT)
    assert pln.json("due", "--limit", "0") == []
