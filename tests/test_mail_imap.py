"""Reading the inbox over IMAP (issue 29): `mail.imap` and `mail.folders`,
and `mail.imap.header_blocks` against a real Dovecot on 127.0.0.1 (started by
`.ci/dovecot`, PLN_TEST_IMAP), each test on an account of its own: header
blocks read once, then only new ones, a renumbered folder read again, never a
body, never marked seen; and hostile servers (trickling, a line that never
ends, no TLS), a wrong password, a missing folder: one line, no password."""

from __future__ import annotations

import json
import stat
import time
from collections.abc import Iterator
from email.parser import BytesHeaderParser
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln
from imap_servers import SENT, ImapBox, closed_port, hostile_imap, imap_account
from plncrm.mail.imap import header_blocks
from plncrm.mail.imap_client import decode_name, encode_name, uid_set
from plncrm.util.errors import DeliveryError, Invalid, PlnError, Refused
from plncrm.util.mail_account import parse_imap

ME = "pat@district.example"
BODY = "THE BODY, NEVER READ"


def message(sender: str, to: str, subject: str, message_id: str, date: str, *extra: str) -> bytes:
    lines = [
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Message-ID: {message_id}",
        f"Date: {date}",
        "X-Mailer: not asked for",
        *extra,
        "",
        BODY,
        "",
    ]
    return "\r\n".join(lines).encode()


def numbered(n: int, folder: str = "INBOX") -> bytes:
    if folder == SENT:
        return message(ME, f"p{n}@school.example", f"out {n}", f"<out{n}@x>", _date(n))
    return message(f"p{n}@school.example", ME, f"in {n}", f"<in{n}@x>", _date(n))


def _date(n: int) -> str:
    return f"Mon, {n % 28 + 1} Nov 2026 09:00:00 +0000"


def ids(blocks: Iterator[bytes]) -> list[str]:
    parser = BytesHeaderParser()
    return [str(parser.parsebytes(b)["Message-ID"]) for b in blocks]


@pytest.fixture
def box(monkeypatch: pytest.MonkeyPatch) -> Iterator[ImapBox]:
    """An empty account of the test's own, its server's certificate trusted."""
    with imap_account() as account:
        monkeypatch.setenv("SSL_CERT_FILE", account.ca)
        yield account


def read(box: ImapBox, state: Any, folders: tuple[str, ...] = ("INBOX", "Sent"), **kw: Any) -> Any:
    """The Message-IDs read, committed unless told not to."""
    with header_blocks(parse_imap(box.url(**kw)), box.password, folders, state) as blocks:
        found = ids(blocks)
        blocks.commit()
    return found


# -- the settings -------------------------------------------------------------------------


def test_mail_imap_names_a_server_with_tls_and_a_user() -> None:
    gmail = parse_imap("imaps://you@gmail.com@imap.gmail.com")
    assert (gmail.host, gmail.port, gmail.user, gmail.tls) == (
        "imap.gmail.com",
        993,
        "you@gmail.com",
        True,
    )
    assert gmail.shown() == "imaps://you@gmail.com@imap.gmail.com:993"
    assert parse_imap("imap://me@mail.example.org").port == 143
    for wrong in ("imaps://imap.example.org", "https://me@example.org", "imaps://me@h/INBOX"):
        with pytest.raises(Invalid):
            parse_imap(wrong)


def test_pln_config_never_takes_a_password_for_imap(pln: Pln) -> None:
    refused = pln("config", "mail.imap", "imaps://me:hunter2-pass@imap.example.org", ok=False)
    assert refused.exit_code == 5
    assert refused.stderr.count("\n") == 1
    assert "takes no password" in refused.stderr
    pln("config", "mail.imap", "imaps://me@imap.example.org")
    pln("config", "mail.folders", "INBOX,  Sent , Archive/2026,")
    listing = pln("config").stdout
    assert "mail.imap = imaps://me@imap.example.org:993" in listing
    assert "mail.folders = INBOX, Sent, Archive/2026  (default: INBOX, Sent)" in listing
    shown = listing + pln("history").stdout + pln("export", "json").stdout
    assert "hunter2-pass" not in shown
    # The account is this machine's: a copy of the store elsewhere does not read it.
    assert "imap.example.org" not in pln("export", "json").stdout


def test_folder_names_travel_in_modified_utf7_and_uids_as_ranges() -> None:
    assert encode_name("Éléments envoyés") == '"&AMk-l&AOk-ments envoy&AOk-s"'
    assert encode_name('Tom & "Jerry"') == '"Tom &- \\"Jerry\\""'
    for name in ("Éléments envoyés", "送信済み", "A&B", "[Gmail]/Sent Mail"):
        assert decode_name(encode_name(name)[1:-1].replace('\\"', '"').encode()) == name
    assert uid_set([1, 2, 3, 5, 7, 8, 10]) == "1:3,5,7:8,10"


# -- a real server: Dovecot ---------------------------------------------------------------


@pytest.mark.slow
def test_each_message_is_read_once_then_only_the_new_ones(box: ImapBox) -> None:
    box.append("INBOX", numbered(1), numbered(2))
    box.append(SENT, numbered(3, SENT))
    state: dict[str, Any] = {}
    # "Sent" is the folder the server marks \Sent, here "Sent Items".
    assert read(box, state) == ["<in1@x>", "<in2@x>", "<out3@x>"]
    assert read(box, state) == []
    box.append("INBOX", numbered(4))
    assert read(box, state) == ["<in4@x>"]
    assert state["account"] == box.url()
    assert set(state["folders"]) == {"INBOX", SENT}
    # What was handed out but never committed is handed out again.
    box.append(SENT, numbered(5, SENT))
    with header_blocks(parse_imap(box.url()), box.password, ["INBOX", "Sent"], state) as blocks:
        assert ids(blocks) == ["<out5@x>"]
    assert read(box, state) == ["<out5@x>"]
    # Reading marked nothing as seen.
    flags = box.flags("INBOX") + box.flags(SENT)
    assert len(flags) == 5
    assert not any(b"\\Seen" in f for f in flags)


@pytest.mark.slow
def test_only_the_header_fields_a_scan_needs_are_read(box: ImapBox) -> None:
    box.append("INBOX", numbered(1, "INBOX"))
    with header_blocks(parse_imap(box.url()), box.password, ["INBOX"], {}) as blocks:
        (block,) = list(blocks)
    assert BODY.encode() not in block
    assert b"X-Mailer" not in block
    assert block.endswith(b"\r\n\r\n")
    headers = BytesHeaderParser().parsebytes(block)
    assert headers["From"] == "p1@school.example"
    assert headers["Date"] == _date(1)


@pytest.mark.slow
def test_over_tls_from_the_first_byte_the_certificate_is_checked(
    box: ImapBox, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    box.append("INBOX", numbered(1))
    assert read(box, {}, ("INBOX",), tls=True) == ["<in1@x>"]
    # A certificate nobody vouches for is refused, before the password is sent.
    monkeypatch.setenv("SSL_CERT_FILE", str(tmp_path / "no-such-file.pem"))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    for tls in (True, False):  # imaps, and STARTTLS
        with pytest.raises(DeliveryError) as failed:
            read(box, {}, ("INBOX",), tls=tls)
        assert "its certificate is not trusted" in failed.value.message


@pytest.mark.slow
def test_a_renumbered_folder_is_read_again_from_the_start(box: ImapBox) -> None:
    client = box.client()
    client.create("Archive")
    client.logout()
    box.append("Archive", numbered(1), numbered(2))
    state: dict[str, Any] = {}
    assert read(box, state, ("INBOX", "Archive")) == ["<in1@x>", "<in2@x>"]
    before = state["folders"]["Archive"][0]
    client = box.client()
    client.delete("Archive")
    client.create("Archive")
    client.logout()
    box.append("Archive", numbered(1), numbered(2), numbered(3))
    assert read(box, state, ("INBOX", "Archive")) == ["<in1@x>", "<in2@x>", "<in3@x>"]
    assert state["folders"]["Archive"][0] != before
    assert read(box, state, ("INBOX", "Archive")) == []


@pytest.mark.slow
def test_many_messages_are_read_in_batches(box: ImapBox) -> None:
    box.append("INBOX", *(numbered(n) for n in range(600)))
    state: dict[str, Any] = {}
    assert read(box, state, ("INBOX",)) == [f"<in{n}@x>" for n in range(600)]
    assert state["folders"]["INBOX"][1] == 600
    assert read(box, state, ("INBOX",)) == []


@pytest.mark.slow
def test_the_state_may_be_a_file_of_its_own(box: ImapBox, tmp_path: Path) -> None:
    box.append("INBOX", numbered(1))
    path = tmp_path / "state" / "imap.json"
    assert read(box, path, ("INBOX",)) == ["<in1@x>"]
    kept = json.loads(path.read_text())
    assert kept["account"] == box.url()
    assert box.password not in path.read_text()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert read(box, path, ("INBOX",)) == []
    path.write_text("not json")  # damaged: read again from the start
    assert read(box, path, ("INBOX",)) == ["<in1@x>"]


@pytest.mark.slow
def test_a_wrong_password_is_one_line_without_the_password(box: ImapBox) -> None:
    account = parse_imap(box.url())
    with pytest.raises(DeliveryError) as failed:
        header_blocks(account, "wrong-app-password-9", ["INBOX"], {})
    said = failed.value.message
    assert said == (
        f"{box.url()} refused the login of {box.user} "
        "(check the password mail.password-command prints)"
    )
    assert "wrong-app-password-9" not in said
    assert box.password not in said


@pytest.mark.slow
def test_a_missing_folder_is_refused_by_name(box: ImapBox) -> None:
    with pytest.raises(Refused) as failed:
        read(box, {}, ("INBOX", "Projects"))
    said = failed.value.message
    assert said.startswith(f"{box.url()} has no folder 'Projects' (mail.folders; it has ")
    assert "\n" not in said
    assert box.password not in said


# -- servers that misbehave ---------------------------------------------------------------


def _fails(url: str, monkeypatch: pytest.MonkeyPatch) -> tuple[PlnError, float]:
    monkeypatch.setenv("PLN_NET_DEADLINE", "1")
    start = time.monotonic()
    with pytest.raises(PlnError) as failed:
        header_blocks(parse_imap(url), "the-password-1", ["INBOX"], {})
    assert "\n" not in failed.value.message
    assert "the-password-1" not in failed.value.message
    return failed.value, time.monotonic() - start


@pytest.mark.slow
def test_a_server_that_trickles_is_cut_at_the_deadline(monkeypatch: pytest.MonkeyPatch) -> None:
    with hostile_imap("trickle") as server:
        failed, seconds = _fails(server.url(), monkeypatch)
    assert isinstance(failed, DeliveryError)
    assert failed.message == (
        f"cannot read mail from {server.url()}: no complete answer within 1 s "
        "(the deadline of one step; PLN_NET_DEADLINE)"
    )
    assert seconds < 5


@pytest.mark.slow
def test_a_line_that_never_ends_is_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLN_NET_DEADLINE", "30")
    with hostile_imap("endless-line") as server:
        failed, seconds = _fails(server.url(), monkeypatch)
    assert "a line longer than 1,000,000 bytes" in failed.message
    assert seconds < 5


@pytest.mark.slow
def test_without_starttls_no_password_leaves_for_another_machine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with hostile_imap("no-starttls", host="127.0.0.2") as server:
        failed, _ = _fails(server.url(), monkeypatch)
    assert failed.message == (
        f"{server.url()} offers no STARTTLS: pln sends a password only over TLS (imaps://…:993)"
    )
    assert not any(b"LOGIN" in line or b"AUTHENTICATE" in line for line in server.heard)
    # On this machine plain IMAP is allowed (a mail store of one's own).
    with hostile_imap("no-starttls") as server:
        failed, _ = _fails(server.url(), monkeypatch)
    assert "refused the login of me" in failed.message
    assert any(b"AUTHENTICATE PLAIN" in line for line in server.heard)


def test_an_unreachable_server_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"imap://me@127.0.0.1:{closed_port()}"
    failed, _ = _fails(url, monkeypatch)
    assert failed.message.startswith(f"cannot read mail from {url}: ConnectionRefusedError")
