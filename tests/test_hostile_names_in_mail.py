"""A name is never an address: whatever a contact (a kiosk visitor) calls
themselves, every message pln writes (`.eml` drafts, mail sent through SMTP)
parses back with exactly the recipients it was meant for, in each of the ways
a mail client reads a header. A name written as an encoded word
("=?utf-8?q?eve=40evil.example=2C_Bob?=") once became a second recipient."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from email import message_from_bytes
from email.policy import compat32, default
from email.utils import formataddr, getaddresses
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.core import drafts
from plncrm.mail.messages import compose, eml, wire
from plncrm.util.mail_account import check_sender
from servers import mail_server

BOB, EVE = "bob@school.example", "eve@evil.example"
OWNER = "owner@district.example"
_PACK = {"name": "Decodable Pack", "link": "https://example.org/pack.pdf"}
WHEN = datetime(2026, 11, 26, 9, 0, tzinfo=timezone.utc)
_B64 = base64.b64encode(f"{EVE}, Bob".encode()).decode()
HOSTILE = [
    "=?utf-8?q?attacker=40evil=2Eexample=2C_Bob?=",
    f"=?utf-8?b?{_B64}?=",
    '"=?utf-8?q?eve=40evil.example?=" Bob',
    "Bob =?iso-8859-1?q?eve=40evil.example=2C?= Smith",
    "=\r?utf-8?q?eve=40evil.example=2C_Bob?=",  # the CR goes, the word is whole
    "=?utf-8?q?=22eve=40evil.example=22_=3Ceve=40evil.example=3E=2C?=",
    f"{EVE}, Bob",
    "Goldberg, Rachel",
    f'Ana "Nana" Lima, {EVE}',
    f"Bob <{EVE}>",
    f"Bob>, <{EVE}",
    f"undisclosed: {EVE};",
    f"Mensah; {EVE}",
    f'back\\slash \\" {EVE}',
    f"Bob\r\nBcc: {EVE}",
    f"Bob\nCc: {EVE}\n",
    f"\u202e{EVE[::-1]}\u202c Bob",
    f"田中 浩, {EVE}",
    f"(comment) {EVE}",
    (f"Bob, {EVE} =?utf-8?q?x=40evil.example?= " * 60).strip(),  # longer than any line
    f'"Bob, {EVE}" ' + "\\" * 300,
    (f"Zoë, {EVE}; " * 40).strip(),
    f"Bob, {EVE}, " + "x" * 70,  # just too long for one 78-column line
]


def recipients_seen(raw: bytes) -> list[list[str]]:
    """The To and Cc addresses of the message `raw`, as each of three readers
    finds them: the header objects, their decoded text, the raw header text."""
    modern = message_from_bytes(raw, policy=default)
    old = message_from_bytes(raw, policy=compat32)
    fields = ("To", "Cc", "Bcc", "Reply-To")
    objects = [str(a.addr_spec) for f in fields for h in modern.get_all(f, []) for a in h.addresses]
    decoded = [str(h) for f in fields for h in modern.get_all(f, [])]
    plain = [str(h) for f in fields for h in old.get_all(f, [])]
    return [objects, [a for _, a in getaddresses(decoded)], [a for _, a in getaddresses(plain)]]


def senders_seen(raw: bytes) -> list[list[str]]:
    modern = message_from_bytes(raw, policy=default)
    old = message_from_bytes(raw, policy=compat32)
    return [
        [str(a.addr_spec) for a in modern["From"].addresses],
        [a for _, a in getaddresses(modern.get_all("From", []))],
        [a for _, a in getaddresses(old.get_all("From", []))],
    ]


def assert_headers_sound(raw: bytes) -> None:
    head = raw.split(b"\r\n\r\n", 1)[0]
    assert b"\n" not in head.replace(b"\r\n", b"")
    assert b"\r" not in head.replace(b"\r\n", b"")
    assert all(len(line) <= 998 for line in head.split(b"\r\n"))


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_name_is_one_recipient_in_every_message_written(name: str) -> None:
    person = {"name": name, "email": BOB}
    other = {"name": "Ana Lima", "email": "ana@school.example"}
    sender = check_sender(formataddr((name, OWNER)))  # mail.from as `pln config` keeps it
    for draft, wanted in (
        (drafts.gift(person, _PACK), [BOB]),
        (drafts.met_follow_up(person, "ISTE"), [BOB]),
        (drafts.introduce(person, other, "phonics"), [BOB, "ana@school.example"]),
        (drafts.introduce(other, person, "phonics"), ["ana@school.example", BOB]),
    ):
        message = compose(draft, sender, WHEN)
        for raw in (wire(message), eml(message)):
            assert recipients_seen(raw) == [wanted] * 3, raw
            assert senders_seen(raw) == [[OWNER]] * 3, raw
            assert_headers_sound(raw)


def test_a_name_keeps_its_text_in_the_header_but_never_an_encoded_word() -> None:
    hostile = {"name": HOSTILE[0], "email": BOB}
    message = message_from_bytes(wire(compose(drafts.gift(hostile, _PACK), OWNER, WHEN)))
    assert str(message["To"]) == f"= ?utf-8?q?attacker=40evil=2Eexample=2C_Bob?= <{BOB}>"
    comma = {"name": "Goldberg, Rachel", "email": BOB}
    message = message_from_bytes(wire(compose(drafts.gift(comma, _PACK), OWNER, WHEN)))
    assert str(message["To"]) == f'"Goldberg, Rachel" <{BOB}>'
    assert (
        drafts.mailbox(HOSTILE[0], BOB) == f"= ?utf-8?q?attacker=40evil=2Eexample=2C_Bob?= <{BOB}>"
    )


def test_mail_from_beyond_ascii_keeps_its_name() -> None:
    sender = formataddr(("José Pérez, M.Ed.", OWNER))
    assert "=?" in sender  # kept encoded by `pln config mail.from`
    message = compose(drafts.gift({"name": "Ana", "email": BOB}, _PACK), sender, WHEN)
    parsed = message_from_bytes(message.as_bytes(), policy=default)
    assert parsed["From"].addresses[0].display_name == "José Pérez, M.Ed."
    assert senders_seen(message.as_bytes()) == [[OWNER]] * 3


# What the store takes as a name (one line, no controls): the kiosk's visitors.
STORED = [n for n in HOSTILE if "\r" not in n and "\n" not in n and len(n) < 200]


def _hostile_people(pln: Pln, tmp_path: Path) -> list[str]:
    """A contact for each stored hostile name, each with an address of their own."""
    pln("resource", "add", "Decodable Pack", "--link", "https://example.org/pack.pdf")
    addresses = []
    for n, name in enumerate(STORED):
        address = f"v{n:02d}@school.example"
        pln("add-contact", name, "-e", address)
        addresses.append(address)
    return addresses


def test_eml_drafts_to_hostile_names_have_one_recipient_each(pln: Pln, tmp_path: Path) -> None:
    addresses = _hostile_people(pln, tmp_path)
    pln("config", "mail.from", f"{HOSTILE[0]} <{OWNER}>")
    pln("give", "Decodable Pack", *addresses, "--eml", str(tmp_path / "drafts"))
    written = sorted((tmp_path / "drafts").glob("*.eml"))
    assert len(written) == len(addresses)
    seen = [recipients_seen(path.read_bytes()) for path in written]
    assert sorted(s[0][0] for s in seen) == sorted(addresses)
    assert all(s == [s[0][:1]] * 3 for s in seen)
    assert all(senders_seen(path.read_bytes()) == [[OWNER]] * 3 for path in written)


def test_an_introduction_between_hostile_names_is_to_those_two(pln: Pln, tmp_path: Path) -> None:
    pln("config", "mail.from", f"Pat <{OWNER}>")
    pln("add-contact", HOSTILE[0], "-e", BOB)
    pln("add-contact", f"{EVE}, Ana", "-e", "ana@school.example")
    pln("intro", BOB, "ana@school.example", "--why", "phonics")
    pln("intros", "answer", "1", "a", "yes")
    pln("intros", "answer", "1", "b", "yes")
    pln("intros", "introduce", "1", "--eml", str(tmp_path / "drafts"))
    (draft,) = (tmp_path / "drafts").glob("*.eml")
    assert recipients_seen(draft.read_bytes()) == [[BOB, "ana@school.example"]] * 3


@pytest.mark.slow
def test_mail_sent_to_hostile_names_reaches_and_names_only_them(pln: Pln, tmp_path: Path) -> None:
    addresses = _hostile_people(pln, tmp_path)
    with mail_server(login=False) as box:
        pln("config", "mail.smtp", f"smtp://127.0.0.1:{box.port}")
        pln("config", "mail.from", f"{HOSTILE[0]} <{OWNER}>")
        pln("config", "mail.rate", "0")
        pln("give", "Decodable Pack", *addresses, "--send", "--yes")
    assert sorted(r.recipients[0] for r in box.received) == sorted(addresses)
    for received in box.received:
        assert len(received.recipients) == 1
        assert received.sender == OWNER
        assert recipients_seen(received.content) == [received.recipients] * 3
        assert senders_seen(received.content) == [[OWNER]] * 3
    given = json.loads(pln("export", "json").stdout)["interactions"]
    assert len(given) == len(addresses)


def test_text_drafts_name_each_address_once_whatever_the_names() -> None:
    """The To and Bcc lines of a printed draft (--draft, --draft-to, --bcc),
    pasted into a mail client, hold exactly the people it is for."""
    people = [{"name": n, "email": f"v{i:02d}@school.example"} for i, n in enumerate(HOSTILE)]
    everyone = drafts.invitation_bcc(people, {"name": "Webinar"})
    bcc = next(line for line in everyone.text().splitlines() if line.startswith("Bcc: "))
    assert [a for _, a in getaddresses([bcc[5:]])] == [p["email"] for p in people]
    for person in people:
        to = drafts.introduce(person, people[0], "phonics").text().splitlines()[0]
        assert [a for _, a in getaddresses([to[4:]])] == [person["email"], people[0]["email"]]
