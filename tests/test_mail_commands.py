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
