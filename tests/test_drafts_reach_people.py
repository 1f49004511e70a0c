"""Drafts that reach people: greeted by the name one greets them by, every
address one recipient, every printed hint a command that can be pasted."""

from __future__ import annotations

import shlex
from email.utils import getaddresses

import pytest

from helpers import Pln
from plncrm.core import drafts


@pytest.mark.parametrize(
    ("name", "greeting"),
    [
        ("Dr. Stephanie Hale", "Hi Stephanie,"),
        ("Rachel Goldberg, M.Ed.", "Hi Rachel,"),
        ("Conor O'Brien", "Hi Conor,"),
        ("Dr. Hale", "Hi Dr. Hale,"),
        ("lwong@district87.org", "Hi,"),
        ("Nguyễn Văn An", "Hi An,"),
        ("田中 浩", "Hi 田中 浩,"),
    ],
)
def test_a_greeting_uses_the_name_one_greets_them_by(name: str, greeting: str) -> None:
    person = {"name": name, "email": "x@example.org"}
    assert drafts.met_follow_up(person, "Fall CUE").body.startswith(f"{greeting}\n")


def test_a_draft_to_nobody_in_particular_greets_everyone() -> None:
    everyone = drafts.invitation_bcc([{"name": "Ana Lima", "email": "ana@x.org"}], {"name": "Q&A"})
    assert everyone.body.startswith("Hi all,\n")


@pytest.mark.parametrize(
    "name", ["Rachel Goldberg, M.Ed.", 'Ana "Nana" Lima', "Conor O'Brien", "田中 浩", "Mensah; PhD"]
)
def test_every_address_is_one_recipient(name: str) -> None:
    line = drafts.mailbox(name, "someone@district.org")
    assert getaddresses([line]) == [(name, "someone@district.org")]


def test_a_bcc_line_names_each_person_once(pln: Pln) -> None:
    pln("event", "add", "Fall CUE", "--on", "2026-11-26")
    pln("add-contact", "Rachel Goldberg, M.Ed.", "-e", "rg@d87.org", "--met-at", "fall cue")
    pln("add-contact", "Dr. Stephanie Hale", "-e", "shale@d87.org", "--met-at", "fall cue")
    pln("add-contact", "lwong@district87.org", "-e", "lwong@district87.org", "--met-at", "fall cue")
    said = pln("event", "follow-up", "fall cue", "--bcc").stdout
    bcc = next(line for line in said.splitlines() if line.startswith("Bcc: "))
    assert sorted(a for _, a in getaddresses([bcc[5:]])) == [
        "lwong@district87.org",
        "rg@d87.org",
        "shale@d87.org",
    ]
    one = pln("event", "follow-up", "fall cue", "lwong", "--draft").stdout
    assert "Hi,\n" in one
    assert "Hi lwong" not in one


def test_the_printed_hint_can_be_pasted(pln: Pln) -> None:
    name = "Prairie State Literacy Conference 2026"
    pln("event", "add", name, "--on", "2026-11-26")
    pln("add-contact", "Ana Lima", "-e", "ana@x.org", "--met-at", name)
    said = pln("event", "follow-up", "prairie", "--draft").stdout
    hint = said.rsplit("Once they are sent: ", 1)[1].strip()
    argv = shlex.split(hint)
    assert argv == ["pln", "event", "follow-up", name, "--sent"]
    assert "Followed up 1 met at" in pln(*argv[1:]).stdout


def test_an_introduction_draft_to_someone_without_an_email_says_so(pln: Pln) -> None:
    pln("add-contact", "Tom Becker", "--phone", "+1 206 555 0100")
    pln("add-contact", "Laura Kim", "--email", "laura@example.org")
    pln("intro", "tom", "laura", "--why", "both run maker spaces")
    asked = pln("intros", "ask", "1", "a", "--draft")
    assert "no email address for Tom Becker (phone +1 206-555-0100)" in asked.stderr
    told = pln("intros", "ask", "1", "b", "--draft")
    assert "no email address" not in told.stderr
