"""Sending from every command that drafts (issue 29): `pln intros ask` and
`introduce`, `pln event invite`, `remind` and `thank`, and `pln write`, each
through a real SMTP server on 127.0.0.1 (aiosmtpd): one personal message a
person (the introduction: one to both), recorded as its step once the server
accepted it, so that a re-run sends nothing twice; `--eml DIR` writes the same
messages as drafts and records nothing."""

from __future__ import annotations

import json
from email import message_from_bytes
from email.policy import default
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY, Pln
from servers import mail_server
from test_mail_send import _account

RACHEL = ("Rachel Goldberg, M.Ed.", "rachel@school.example")
BEN = ("Ben Okafor", "ben@district.example")
ANA = ("Ana Lima", "ana@school.example")


def _add(pln: Pln, *people: tuple[str, str]) -> None:
    for name, email in people:
        pln("add-contact", name, *(("--email", email) if email else ()))


def _emails(pln: Pln) -> list[dict[str, Any]]:
    """The emails pln logged for messages it sent, in order."""
    document = json.loads(pln("export", "json").stdout)
    return [i for i in document["interactions"] if i["message_id"]]


def _text(message: Any) -> str:
    """The message's text, its lines as written (the SMTP policy ends them CRLF)."""
    return str(message.get_body(("plain",)).get_content()).replace("\r\n", "\n")


def _eml(folder: Path) -> list[Any]:
    return [message_from_bytes(f.read_bytes(), policy=default) for f in sorted(folder.iterdir())]


@pytest.mark.slow
def test_an_introduction_is_asked_and_made_by_email_each_step_once(
    pln: Pln, tmp_path: Path
) -> None:
    _add(pln, RACHEL, BEN)
    pln("intro", "rachel", "ben", "--why", "both run number talks")
    with mail_server() as box:
        _account(pln, box, tmp_path)
        sent = pln("intros", "ask", "1", "both", "--send", "--yes")
        asks = box.parsed()
        assert [r.recipients for r in box.received] == [[RACHEL[1]], [BEN[1]]]
        again = pln("intros", "ask", "1", "both", "--send", "--yes")
        assert len(box.received) == 2  # each side is asked once
        pln("intros", "answer", "1", "a", "yes")
        pln("intros", "answer", "1", "b", "yes")
        pln("intros", "introduce", "1", "--send", "--yes")
        twice = pln("intros", "introduce", "1", "--send", "--yes", ok=False)
        received = box.parsed()
    assert "Sent 2: " in sent.stdout
    assert "Rachel Goldberg, M.Ed. was asked on " in again.stdout
    assert str(asks[0]["To"]) == '"Rachel Goldberg, M.Ed." <rachel@school.example>'
    assert asks[0].get_content().startswith("Hi Rachel,")
    assert asks[0]["Subject"] == "Would you like to meet Ben?"
    assert asks[1].get_content().startswith("Hi Ben,")
    assert "Rachel" not in str(asks[1]["To"])  # an ask is private
    # The introduction is one message naming both.
    assert len(received) == 3
    assert box.received[2].recipients == [RACHEL[1], BEN[1]]
    assert [a.addr_spec for a in received[2]["To"].addresses] == [RACHEL[1], BEN[1]]
    assert received[2].get_content().startswith("Hi Rachel and Ben,")
    assert twice.exit_code != 0
    assert "introduced" in twice.stderr
    emails = _emails(pln)
    assert [e["message_id"] for e in emails] == [str(m["Message-ID"]) for m in received]
    assert all(e["kind"] == "email" and e["intro_id"] == 1 for e in emails)
    assert [sorted(c["role"] for c in e["contacts"]) for e in emails] == [["about", "with"]] * 2 + [
        ["with", "with"]
    ]
    shown = pln.json("intros", "show", "1")
    assert shown["status"] == "introduced"
    # Undo takes the introduction's records back in one step.
    pln("undo", "--yes")
    assert pln.json("intros", "show", "1")["status"] == "agreed"
    assert len(_emails(pln)) == 2


@pytest.mark.slow
def test_an_ask_to_someone_without_an_address_is_named_and_left_to_do(
    pln: Pln, tmp_path: Path
) -> None:
    _add(pln, RACHEL, ("Carla Diaz", ""))
    pln("intro", "rachel", "carla", "--why", "both teach grade 4")
    with mail_server() as box:
        _account(pln, box, tmp_path)
        result = pln("intros", "ask", "1", "both", "--send", "--yes")
        view = pln.json("intros", "show", "1")
        pln("intros", "answer", "1", "a", "yes")
        pln("intros", "answer", "1", "b", "yes")
        refused = pln("intros", "introduce", "1", "--send", "--yes", ok=False)
    assert [r.recipients for r in box.received] == [[RACHEL[1]]]
    assert "no email address for Carla Diaz: ask another way, then record it: " in result.stderr
    assert "pln intros ask 1 b\n" in result.stderr
    assert (view["a_asked_on"], view["b_asked_on"]) == (TODAY.isoformat(), None)
    assert refused.exit_code == 7
    assert "no email address for Carla Diaz: the introduction goes to both" in refused.stderr
    assert pln.json("intros", "show", "1")["status"] == "agreed"


def test_an_introduction_as_eml_records_nothing(pln: Pln, tmp_path: Path) -> None:
    _add(pln, RACHEL, BEN)
    pln("intro", "rachel", "ben", "--why", "both run number talks", "--direct")
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    out = pln("intros", "introduce", "1", "--eml", str(tmp_path / "drafts")).stdout
    [draft] = _eml(tmp_path / "drafts")
    assert draft["X-Unsent"] == "1"
    assert (
        str(draft["To"])
        == '"Rachel Goldberg, M.Ed." <rachel@school.example>, Ben Okafor <ben@district.example>'
    )
    assert "Once they are sent: pln intros introduce 1" in out
    assert pln.json("intros", "show", "1")["status"] == "agreed"
    refused = pln("intros", "ask", "1", "a", "--eml", str(tmp_path), "--on", "yesterday", ok=False)
    assert refused.exit_code == 7
    assert "not with --on" in refused.stderr


@pytest.mark.slow
def test_an_introduction_one_address_refuses_went_to_the_other(pln: Pln, tmp_path: Path) -> None:
    _add(pln, RACHEL, BEN)
    pln("intro", "rachel", "ben", "--why", "both run number talks", "--direct")
    with mail_server() as box:
        _account(pln, box, tmp_path)
        box.refuse = {BEN[1]}
        failed = pln("intros", "introduce", "1", "--send", "--yes", ok=False)
    assert [r.recipients for r in box.received] == [[RACHEL[1]]]
    assert failed.exit_code == 10
    assert "Sent to Rachel Goldberg, M.Ed. and Ben Okafor, but the server refused " in failed.stdout
    assert "ben@district.example: 550" in failed.stdout
    # It went out: recorded, so that a re-run does not send it to Rachel again.
    assert pln.json("intros", "show", "1")["status"] == "introduced"
    assert len(_emails(pln)) == 1


EVENT = "Spring Math Circle"


def _hosted(pln: Pln) -> None:
    """A hosted event today and four people, one with no address."""
    pln("event", "add", EVENT, "--on", TODAY.isoformat(), "--hosted", "--at", "16:00")
    _add(pln, RACHEL, BEN, ANA, ("Carla Diaz", ""))


def _guests(pln: Pln) -> dict[int, dict[str, Any]]:
    return {g["contact_id"]: g for g in json.loads(pln("export", "json").stdout)["event_guests"]}


@pytest.mark.slow
def test_invitations_go_one_a_person_and_a_refused_one_is_sent_on_the_re_run(
    pln: Pln, tmp_path: Path
) -> None:
    _hosted(pln)
    everyone = ("rachel", "ben", "ana", "carla")
    with mail_server() as box:
        _account(pln, box, tmp_path)
        box.refuse = {ANA[1]}
        failed = pln("event", "invite", EVENT, *everyone, "--send", "--yes", ok=False)
        first = box.parsed()
        box.refuse = set()
        again = pln("event", "invite", EVENT, *everyone, "--send", "--yes")
        received = box.parsed()
        third = pln("event", "invite", EVENT, *everyone, "--send", "--yes", ok=False)
        assert len(box.received) == 3  # a third run sends nothing: only Carla is left
    assert failed.exit_code == 10
    assert "Refused by the server: Ana Lima <ana@school.example> (550" in failed.stdout
    assert f"pln event invite '{EVENT}' rachel ben ana carla --send` sends only to them" in (
        failed.stderr
    )
    assert "no email address for Carla Diaz: write to them another way" in failed.stderr
    assert [r.recipients for r in box.received] == [[BEN[1]], [RACHEL[1]], [ANA[1]]]
    assert str(first[1]["To"]) == '"Rachel Goldberg, M.Ed." <rachel@school.example>'
    assert _text(first[1]).startswith("Hi Rachel,\n\nI'd love for you to join us at")
    assert first[0]["Subject"] == f"Join us at {EVENT}?"
    assert "2 already invited: not sent again" in again.stdout
    assert third.exit_code == 7
    assert "3 already invited" in third.stdout
    guests = _guests(pln)
    assert sorted(g for g in guests if guests[g]["invited_on"]) == [1, 2, 3]  # not Carla
    emails = _emails(pln)
    assert [e["message_id"] for e in emails] == [str(m["Message-ID"]) for m in received]
    assert {(e["kind"], e["event_id"], e["note"]) for e in emails} == {
        ("email", 1, f"Invited to {EVENT}")
    }
    # The re-run is one step for undo: Ana is not invited any more, the others still are.
    pln("undo", "--yes")
    assert [g for g in _guests(pln) if _guests(pln)[g]["invited_on"]] == [1, 2]


@pytest.mark.slow
def test_reminders_carry_the_invitation_and_thank_yous_go_once(pln: Pln, tmp_path: Path) -> None:
    _hosted(pln)
    pln("event", "invite", EVENT, "rachel", "ben", "ana")
    for who in ("rachel", "ben"):
        pln("event", "rsvp", EVENT, who, "yes")
    drafts = tmp_path / "drafts"
    with mail_server() as box:
        _account(pln, box, tmp_path)
        pln("event", "remind", EVENT, "--eml", str(drafts))
        pln("event", "remind", EVENT, "--send", "--yes")
        again = pln("event", "remind", EVENT, "--send", "--yes")
        reminders = box.parsed()
        pln("event", "attended", EVENT, "rachel", "ben")
        pln("event", "thank", EVENT, "--send", "--yes")
        pln("event", "thank", EVENT, "rachel", "--send", "--yes")  # named: thanked already
        thanks = box.parsed()[2:]
    assert [r.recipients for r in box.received] == [[BEN[1]], [RACHEL[1]]] * 2
    assert "Nobody left to write to about " in again.stdout
    for message in reminders:
        [calendar] = list(message.iter_attachments())
        assert calendar.get_content_type() == "text/calendar"
        assert f"SUMMARY:{EVENT}" in calendar.get_content()
    assert _text(reminders[1]).startswith("Hi Rachel,\n\nA quick")
    assert thanks[1]["Subject"] == f"Thank you for coming to {EVENT}"
    guests = _guests(pln)
    assert [bool(guests[i]["reminded_on"]) for i in (1, 2, 3)] == [True, True, False]
    assert [bool(guests[i]["thanked_on"]) for i in (1, 2, 3)] == [True, True, False]
    assert len(_emails(pln)) == 4
    # The .eml drafts carry the headers the server received, and X-Unsent.
    written = _eml(drafts)
    assert [d["To"].addresses[0].addr_spec for d in written] == [BEN[1], RACHEL[1]]
    for draft, sent in zip(written, reminders, strict=True):
        assert set(draft.keys()) == set(sent.keys()) | {"X-Unsent"}
        assert draft["X-Unsent"] == "1"
        for header in ("From", "To", "Subject", "Content-Type"):
            assert draft[header].split(";")[0] == sent[header].split(";")[0]
        assert [a.get_filename() for a in draft.iter_attachments()] == ["invite.ics"]


def _agenda(pln: Pln) -> list[str]:
    return [line["handle"] for line in pln.json("due", "--limit", "0")]


@pytest.mark.slow
def test_write_sends_a_check_in_and_a_note_on_a_follow_up(pln: Pln, tmp_path: Path) -> None:
    _add(pln, RACHEL, BEN)
    pln("edit", "rachel", "--cadence", "1 month")
    pln("log", "rachel", "--on", "2026-06-01", "-m", "coffee")
    pln("follow-up", "ben", "send the number-talks slides")
    pln("follow-up", "ben", "ask about the pilot")
    assert {"k1", "1", "2"} <= set(_agenda(pln))
    with mail_server() as box:
        _account(pln, box, tmp_path)
        pln("write", "k1", "--send", "--yes")
        twice = pln("write", "rachel", "--send", "--yes", ok=False)
        pln("write", "1", "--send", "--yes")
        pln("write", "2", "--done", "--send", "--yes")
        received = box.parsed()
    assert [r.recipients for r in box.received] == [[RACHEL[1]], [BEN[1]], [BEN[1]]]
    assert str(received[0]["To"]) == '"Rachel Goldberg, M.Ed." <rachel@school.example>'
    assert _text(received[0]).startswith("Hi Rachel,")
    assert received[1]["Subject"] == "Following up: send the number-talks slides"
    assert _text(received[1]).startswith("Hi Ben,")
    assert twice.exit_code == 6  # the same check-in, the same day: not sent again
    assert "not sent again" in twice.stderr
    # The check-in reset the cadence; the note left its follow-up open, --done closed the other.
    assert [h for h in _agenda(pln) if h in ("k1", "1", "2")] == ["1"]
    emails = _emails(pln)
    assert [e["message_id"] for e in emails] == [str(m["Message-ID"]) for m in received]
    assert [e["note"] for e in emails] == [str(m["Subject"]) for m in received]
    pln("undo", "--yes")  # the last send, and the follow-up it closed, in one step
    assert sorted(h for h in _agenda(pln) if h in ("k1", "1", "2")) == ["1", "2"]
    assert len(_emails(pln)) == 2


def test_write_prints_the_draft_or_writes_it_as_eml(pln: Pln, tmp_path: Path) -> None:
    _add(pln, RACHEL, ("Carla Diaz", ""))
    printed = pln("write", "carla")
    assert printed.stdout.startswith("To: Carla Diaz\nSubject: ")
    assert "no email address for Carla Diaz" in printed.stderr
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    out = pln("write", "rachel", "--eml", str(tmp_path / "drafts")).stdout
    [draft] = _eml(tmp_path / "drafts")
    assert draft["X-Unsent"] == "1"
    assert f"Once they are sent: pln log 1 --kind email -m '{draft['Subject']}'" in out
    assert _emails(pln) == []
    wrong = pln("write", "i1a", ok=False)
    assert "pln intros ask 1 a --send" in wrong.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    "command",
    [
        ("intros", "ask", "1", "a"),
        ("intros", "introduce", "2"),
        ("event", "invite", EVENT, "rachel"),
        ("event", "remind", EVENT),
        ("event", "thank", EVENT),
        ("write", "rachel"),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_off_a_terminal_nothing_is_sent_without_yes(
    pln: Pln, tmp_path: Path, command: tuple[str, ...]
) -> None:
    _hosted(pln)
    pln("intro", "rachel", "ben", "--why", "both run number talks")
    pln("intro", "ana", "ben", "--why", "both coach", "--direct")
    pln("event", "invite", EVENT, "ben")
    pln("event", "rsvp", EVENT, "ben", "yes")
    pln("event", "attended", EVENT, "ben")
    before = pln("export", "json").stdout
    with mail_server() as box:
        _account(pln, box, tmp_path)
        refused = pln(*command, "--send", ok=False)
        assert box.received == []
        asked = Pln(terminal=True)(*command, "--send", input="n\n", ok=False)
        assert box.received == []
        sent = Pln(terminal=True)(*command, "--send", input="y\n")
        assert len(box.received) == 1
    assert refused.exit_code == 7
    assert "sending needs --yes when pln cannot ask" in refused.stderr
    assert asked.exit_code == 1
    # On a terminal it shows the first message and the count, then asks.
    assert "\nTo: " in sent.stdout
    assert "Content-Transfer-Encoding" not in sent.stdout  # as its reader sees it, decoded
    assert "Send 1 message(s) like this one through smtp://me@127.0.0.1:" in sent.stdout
    assert len(_emails(pln)) == 1
    assert before != pln("export", "json").stdout
