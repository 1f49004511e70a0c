"""What a new user found after a hosted event (issue 31): the small things
that made `pln` say one thing and do another."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import Pln


def test_list_takes_n_as_limit_as_interactions_and_orgs_do(pln: Pln) -> None:
    for who in ("Ana Lima", "Ben Okafor", "Carla Diaz"):
        pln("add-contact", who)
    out = pln("list", "-n", "2").stdout
    assert "Ana Lima" in out
    assert "Ben Okafor" in out
    assert "Carla Diaz" not in out
    assert "Showing 2 of 3" in out
    assert [c["name"] for c in pln.json("search", "a", "-n", "1")] == ["Ana Lima"]


def test_a_name_typed_with_its_accents_names_the_one_written_so(pln: Pln) -> None:
    pln("add-contact", "Siobhán O'Brien", "--email", "sobrien@oswego308.example")
    pln("add-contact", "Siobhan O'Brien", "--email", "siobhan.obrien@gmail.example", "--new")
    assert pln.json("show", "Siobhán O’Brien")["id"] == 1
    assert pln.json("show", "siobhan o'brien")["id"] == 2
    out = pln("merge", "Siobhán O'Brien", "siobhan.obrien@gmail.example", "--yes").stdout
    assert "Siobhán O'Brien" in out
    [kept] = pln.json("list")
    assert kept["name"] == "Siobhán O'Brien"


def test_two_named_exactly_alike_stay_an_error(pln: Pln) -> None:
    pln("add-contact", "Siobhán O'Brien", "--email", "a@school.example")
    pln("add-contact", "Siobhán O'Brien", "--email", "b@school.example", "--new")
    pln("add-contact", "Siobhan O'Brien", "--email", "c@school.example", "--new")
    failed = pln("show", "Siobhán O'Brien", ok=False)
    assert failed.exit_code == 4
    assert "3 contacts are named" in failed.stderr


def test_chinese_japanese_and_korean_first_and_last_columns_are_family_first(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "First Name,Last Name,Email\n"
        "娜,李,li.na@school.example\n"
        "小明,王,xiaoming@school.example\n"
        "민준,김,minjun@school.example\n"
        "さくら,田中,sakura@school.example\n"
        "ジョン,スミス,john@school.example\n"
        "Ana,Lima,ana@school.example\n",
        encoding="utf-8",
    )
    pln("import", "csv", str(sheet))
    names = {c["email"]: c["name"] for c in pln.json("list")}
    assert names == {
        "li.na@school.example": "李娜",
        "xiaoming@school.example": "王小明",
        "minjun@school.example": "김민준",
        "sakura@school.example": "田中さくら",
        "john@school.example": "ジョン スミス",  # katakana alone: a foreign name, given first
        "ana@school.example": "Ana Lima",
    }
    li = pln.json("show", "li.na@school.example")
    assert (li["given"], li["family"], li["akas"]) == ("娜", "李", [])
    linkedin = tmp_path / "Connections.csv"
    linkedin.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "浩,田中,https://www.linkedin.com/in/tanaka,,Acme,Teacher,01 Sep 2026\n",
        encoding="utf-8",
    )
    pln("import", "linkedin", str(linkedin))
    assert pln.json("show", "田中浩")["family"] == "田中"


def test_a_card_named_in_its_own_script_gets_no_alias_of_its_parts(
    pln: Pln, tmp_path: Path
) -> None:
    card = tmp_path / "wang.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:王小明\r\nN:王;小明;;;\r\n"
        "EMAIL:xiaoming@school.example\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nN:李;娜;;;\r\nEMAIL:li.na@school.example\r\nEND:VCARD\r\n",
        encoding="utf-8",
    )
    pln("import", "vcard", str(card))
    wang = pln.json("show", "xiaoming@school.example")
    assert (wang["name"], wang["akas"]) == ("王小明", [])
    li = pln.json("show", "li.na@school.example")
    assert (li["name"], li["akas"]) == ("李娜", [])


EVENT = "Phonics Webinar"
LINK = "https://video.example/phonics"


def _webinar(pln: Pln) -> None:
    """A hosted webinar ten days ago: Rachel and Nadia (no address) came; Ana
    and an anonymous registrant (no address) said yes and did not."""
    pln("event", "add", EVENT, "--on", "2026-11-19", "--hosted", "--kind", "webinar")
    pln("add-contact", "Rachel Goldberg", "--email", "rachel@school.example")
    pln("add-contact", "Nadia Haddad")
    pln("add-contact", "Ana Lima", "--email", "ana@school.example")
    pln("add-contact", "Anonymous Teacher")
    for who in ("rachel", "nadia", "ana", "anonymous"):
        pln("event", "rsvp", EVENT, who, "yes", "--on", "2026-11-02")
    pln("event", "attended", EVENT, "rachel", "nadia")


def _kinds(pln: Pln, who: str) -> list[tuple[str, str]]:
    return [(t["kind"], t["note"]) for t in pln.json("show", who)["timeline"]][:1]


def test_the_recording_drafted_skips_and_names_those_with_no_address(pln: Pln) -> None:
    _webinar(pln)
    first = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--draft")
    assert first.stdout.startswith(
        f"Drafted the recording for 1 who did not come to {EVENT} (recorded as sent): Ana Lima\n"
    )
    assert [t for t in first.stdout.splitlines() if t.startswith("To: ")] == [
        "To: Ana Lima <ana@school.example>"
    ]
    assert "no email address for Anonymous Teacher: send it another way" in first.stderr
    assert _kinds(pln, "anonymous") == [("message", "Answered yes to Phonics Webinar")]
    assert _kinds(pln, "ana") == [("email", f"Sent the recording of {EVENT}: {LINK}")]
    again = pln("event", "thank", EVENT, "--no-shows", "--recording", LINK, "--draft")
    assert again.stdout == (
        f"Nobody left to send the recording of {EVENT} to: Ana Lima was sent it; "
        "no email address for Anonymous Teacher\n"
    )
    # Recorded by hand (it went some other way): a message, as a thank-you is.
    pln("event", "thank", EVENT, "anonymous", "--no-shows", "--recording", LINK)
    assert _kinds(pln, "anonymous") == [("message", f"Sent the recording of {EVENT}: {LINK}")]


def test_thank_yous_drafted_skip_those_with_no_address_and_are_emails(pln: Pln) -> None:
    _webinar(pln)
    first = pln("event", "thank", EVENT, "--draft")
    assert first.stdout.startswith(
        f"Drafted thank-yous to 1 who came to {EVENT} (recorded as thanked): Rachel Goldberg\n"
    )
    assert "To: Nadia" not in first.stdout
    assert "no email address for Nadia Haddad: thank them another way" in first.stderr
    assert _kinds(pln, "rachel") == [("email", f"Thanked for coming to {EVENT}")]
    assert _kinds(pln, "nadia") == [("event", f"Attended {EVENT}")]
    again = pln("event", "thank", EVENT, "--draft").stdout
    assert again == (
        f"Nobody left to thank for coming to {EVENT}: Rachel Goldberg was thanked; "
        "no email address for Nadia Haddad\n"
    )
    assert pln("event", "thank", EVENT, "nadia").stdout == (
        f"Thanked 1 for coming to {EVENT}: Nadia Haddad\n"
    )
    assert _kinds(pln, "nadia") == [("message", f"Thanked for coming to {EVENT}")]
    assert pln("event", "thank", EVENT).stdout == (
        f"Nobody left to thank for coming to {EVENT}: Nadia Haddad, Rachel Goldberg were thanked\n"
    )


def _registered(pln: Pln) -> None:
    """A hosted webinar on Nov 19: Ana and Ben said yes, nobody recorded as having come."""
    pln("event", "add", EVENT, "--on", "2026-11-19", "--hosted", "--kind", "webinar")
    pln("event", "add", "Their Conference", "--on", "2026-11-19")  # not ours: no line
    for who in ("Ana Lima", "Ben Okafor"):
        pln("add-contact", who, "--email", f"{who.split()[0].lower()}@school.example")
        pln("event", "rsvp", EVENT, who, "yes", "--on", "2026-11-02")
        pln("event", "rsvp", "Their Conference", who, "yes", "--on", "2026-11-02")


def _event_lines(pln: Pln) -> list[tuple[str, str, str]]:
    return [
        (i["handle"], i["title"], i["action"])
        for i in pln.json("due", "--limit", "0")
        if i["kind"] == "event"
    ]


def test_a_hosted_event_over_with_nobody_recorded_as_having_come_asks_who_did(
    pln: Pln,
) -> None:
    _registered(pln)
    record = ("e1", f"Record who came to {EVENT} (2 said yes)", "pln event import 1 FILE")
    assert record not in _event_lines(Pln(day=date(2026, 11, 19)))  # not over yet
    [line] = Pln(day=date(2026, 11, 20)).json("due", "--limit", "0")
    assert line["reason"] == "ended yesterday; by hand: pln event attended 1 REF…"
    assert _event_lines(pln) == [record]  # one line, every day of the thank-you window
    assert _event_lines(Pln(day=date(2026, 12, 20))) == []  # the window is over
    pln("event", "attended", EVENT, "ana")
    assert [title for _, title, _ in _event_lines(pln)] == [
        f"Thank 1 attendee of {EVENT}",
        f"Send the recording to 1 who did not come to {EVENT}",
    ]
    pln("undo", "--yes")
    assert _event_lines(pln) == [record]


def test_the_record_who_came_line_is_dismissed_and_attendance_brings_the_steps_back(
    pln: Pln,
) -> None:
    _registered(pln)
    said = pln("dismiss", "e1").stdout
    assert said.startswith(f"Dismissed e1: recording who came to {EVENT}")
    assert _event_lines(pln) == []
    assert _event_lines(Pln(day=date(2026, 12, 5))) == []  # dismissed: not back tomorrow
    pln("event", "attended", EVENT, "ana")
    titles = [t for _, t, _ in _event_lines(pln)]
    assert f"Send the recording to 1 who did not come to {EVENT}" in titles
    assert f"Thank 1 attendee of {EVENT}" in titles
    pln("undo", "--yes")
    assert _event_lines(pln) == []  # dismissed again, as it was
    refused = pln("dismiss", "e2", ok=False)  # not hosted: its steps are recorded
    assert "its steps are recorded, not dismissed" in refused.stderr


def _attendance(pln: Pln) -> dict[str, bool]:
    return {g["contact"]["name"]: g["attended"] for g in pln.json("event", "show", EVENT)["guests"]}


def _hosted(pln: Pln) -> dict[str, object]:
    [row] = pln.json("report")["hosted_events"]
    return dict(row)


def test_attendance_recorded_by_mistake_is_taken_back_everywhere(pln: Pln) -> None:
    _registered(pln)
    pln("event", "attended", EVENT, "ana", "ben")
    out = pln("event", "attended", EVENT, "ben", "--remove").stdout
    assert out == f"No longer recorded as having attended {EVENT}: Ben Okafor\n"
    assert _attendance(pln) == {"Ana Lima": True, "Ben Okafor": False}
    assert _hosted(pln)["attended"] == 1
    ben = [t["note"] for t in pln.json("show", "ben")["timeline"]]
    assert f"Attended {EVENT}" not in ben
    [came] = [t for t in pln.json("show", "ana")["timeline"] if t["kind"] == "event"]
    assert [w["name"] for w in pln.json("interactions", "--event", EVENT)[0]["with"]] == [
        "Ana Lima"
    ]
    titles = [t for _, t, _ in _event_lines(pln)]
    assert f"Send the recording to 1 who did not come to {EVENT}" in titles  # Ben now
    # The "Attended" line deleted: the guest list follows, and says so.
    deleted = pln("interaction", "rm", str(came["id"]), "--yes").stdout
    assert f"No longer recorded as having attended {EVENT}: Ana Lima\n" in deleted
    assert _attendance(pln) == {"Ana Lima": False, "Ben Okafor": False}
    assert _hosted(pln)["attended"] == 0
    assert [t for _, t, _ in _event_lines(pln)] == [f"Record who came to {EVENT} (2 said yes)"]
    pln("undo", "--yes")
    assert _attendance(pln) == {"Ana Lima": True, "Ben Okafor": False}
    pln("undo", "--yes")
    assert _attendance(pln) == {"Ana Lima": True, "Ben Okafor": True}
    nobody = pln("event", "attended", EVENT, "--remove", ok=False)
    assert nobody.exit_code == 5
    unchanged = pln("event", "attended", EVENT, "ana", "--remove").stdout
    assert unchanged.startswith("No longer recorded")
    again = pln("event", "attended", EVENT, "ana", "--remove").stdout
    assert again == f"Ana Lima not recorded as having attended {EVENT}: unchanged\n"


def test_an_answer_is_changed_by_answering_again(pln: Pln) -> None:
    _registered(pln)
    pln("event", "rsvp", EVENT, "ben", "no")
    assert {
        g["contact"]["name"]: g["rsvp"] for g in pln.json("event", "show", EVENT)["guests"]
    } == {
        "Ana Lima": "yes",
        "Ben Okafor": "no",
    }
