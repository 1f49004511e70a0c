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
def test_a_folder_named_in_any_script_is_found(box: ImapBox) -> None:
    client = box.client()
    assert client.create(encode_name("Éléments envoyés/送信済み"))[0] == "OK"
    client.logout()
    box.append("&AMk-l&AOk-ments envoy&AOk-s/&kAFP4W4IMH8-", numbered(1))
    state: dict[str, Any] = {}
    assert read(box, state, ("Éléments envoyés/送信済み",)) == ["<in1@x>"]
    assert list(state["folders"]) == ["Éléments envoyés/送信済み"]


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


# -- pln mail scan over IMAP ---------------------------------------------------------------


def _has_mail_scan() -> bool:
    from plncrm.cli.root import COMMANDS

    return "mail" in COMMANDS


needs_mail_scan = pytest.mark.skipif(
    not _has_mail_scan(), reason="pln mail scan is not there yet (the Maildir/mbox scan)"
)


def _on(days_ago: int) -> str:
    from datetime import datetime, time, timedelta, timezone
    from email.utils import format_datetime

    from helpers import TODAY

    moment = datetime.combine(TODAY - timedelta(days=days_ago), time(9, 30), timezone.utc)
    return format_datetime(moment)


ANA, BEN = "Ana Lima <ana@school.example>", "Ben Ode <ben@district.example>"
MAILBOX = {
    "INBOX": [
        message(ANA, ME, "Re: coffee?", "<a1@school.example>", _on(5), "In-Reply-To: <p1@x>"),
        message("news@lists.example", ME, "Weekly", "<n1@lists.example>", _on(4), "List-Id: <w.l>"),
        message("Zed <zed@else.example>", ME, "hello", "<z1@else.example>", _on(4)),
    ],
    SENT: [
        message(ME, ANA, "coffee?", "<p1@x>", _on(6)),
        message(ME, f"{BEN}, {ANA}", "the slides", "<p2@x>", _on(3)),
    ],
}
NEW = message(BEN, ME, "thanks", "<b1@district.example>", _on(1))


def _network(pln: Pln, *db: str) -> None:
    pln(*db, "add-contact", "Ana Lima", "--email", "ana@school.example")
    pln(*db, "add-contact", "Ben Ode", "--email", "ben@district.example")
    pln(*db, "config", "mail.from", f"Pat Partner <{ME}>")


def _imap_account(pln: Pln, box: ImapBox, folder: Path, *db: str, password: str = "") -> None:
    """The account as a user sets it up: the password printed by a command
    (a password manager's; here it reads a file in `folder`)."""
    import sys

    kept = folder / "imap-password"
    kept.write_text((password or box.password) + "\n", encoding="utf-8")
    printer = "import sys; print(open(sys.argv[1]).read().strip())"
    pln(*db, "config", "mail.imap", box.url())
    pln(*db, "config", "mail.password-command", f"{sys.executable} -c '{printer}' {kept}")


def _logged(pln: Pln, *db: str) -> list[tuple[Any, ...]]:
    """Each email logged: its Message-ID, day, subject and the names of its people."""
    document = json.loads(pln(*db, "export", "json").stdout)
    names = {c["id"]: c["name"] for c in document["contacts"]}
    return sorted(
        (
            i["message_id"],
            i["happened_on"],
            i["kind"],
            i["note"],
            tuple(sorted(names[p["id"]] for p in i["contacts"])),
        )
        for i in document["interactions"]
        if i["message_id"]
    )


@pytest.mark.slow
@needs_mail_scan
def test_pln_mail_scan_logs_the_imap_account_once_then_only_new_mail(
    pln: Pln, box: ImapBox, tmp_path: Path
) -> None:
    for folder, messages in MAILBOX.items():
        box.append(folder, *messages)
    _network(pln)
    _imap_account(pln, box, tmp_path)
    pln("mail", "scan")
    first = _logged(pln)
    assert [m[0] for m in first] == ["<a1@school.example>", "<p1@x>", "<p2@x>"]
    assert first[2][4] == ("Ana Lima", "Ben Ode")  # one email with both, To and Cc
    pln("mail", "scan")
    assert _logged(pln) == first  # nothing new: nothing logged twice
    box.append("INBOX", NEW)
    pln("mail", "scan")
    assert [m[0] for m in _logged(pln)] == sorted(
        ["<a1@school.example>", "<p1@x>", "<p2@x>", "<b1@district.example>"]
    )
    # A wrong password: one line, naming the account, never the password.
    _imap_account(pln, box, tmp_path, password="not-the-password-7")
    box.append("INBOX", message(ANA, ME, "again", "<a2@school.example>", _on(0)))
    failed = pln("mail", "scan", ok=False)
    assert failed.exit_code == 10
    assert failed.stderr.count("\n") == 1
    # (the error printer masks every URL's user part: imap://***@127.0.0.1:PORT)
    assert f"127.0.0.1:{box.port} refused the login of {box.user}" in failed.stderr
    shown = failed.stdout + failed.stderr + pln("config").stdout + pln("history").stdout
    shown += pln("export", "json").stdout
    assert "not-the-password-7" not in shown
    assert box.password not in shown


@pytest.mark.slow
@needs_mail_scan
def test_maildir_mbox_and_imap_give_the_same_interactions(
    box: ImapBox, tmp_path: Path, sqlite_template: Path
) -> None:
    import mailbox
    import shutil

    for folder, messages in MAILBOX.items():
        box.append(folder, *messages)
    maildir = mailbox.Maildir(tmp_path / "Mail", create=True)
    sent = maildir.add_folder("Sent")
    mbox = mailbox.mbox(tmp_path / "Takeout.mbox", create=True)
    for folder, messages in MAILBOX.items():
        for raw in messages:
            (maildir if folder == "INBOX" else sent).add(raw)
            mbox.add(raw)
    mbox.flush()
    pln = Pln()
    logged = {}
    for source in ("imap", "maildir", "mbox"):
        store = tmp_path / f"{source}.db"
        shutil.copyfile(sqlite_template, store)
        db = ("--db", str(store))
        _network(pln, *db)
        if source == "imap":
            _imap_account(pln, box, tmp_path, *db)
            pln(*db, "mail", "scan")
        else:
            where = tmp_path / ("Mail" if source == "maildir" else "Takeout.mbox")
            pln(*db, "mail", "scan", str(where))
        logged[source] = _logged(pln, *db)
    assert len(logged["imap"]) == 3
    assert logged["maildir"] == logged["imap"]
    assert logged["mbox"] == logged["imap"]


@pytest.mark.slow
@needs_mail_scan
def test_a_reply_to_an_introduction_ask_read_over_imap_is_on_the_agenda(
    pln: Pln, box: ImapBox, tmp_path: Path
) -> None:
    from servers import mail_server
    from test_mail_send import _account

    pln("add-contact", "Rachel Goldberg, M.Ed.", "--email", "rachel@school.example")
    pln("add-contact", "Ben Ode", "--email", "ben@district.example")
    pln("intro", "rachel", "ben", "--why", "both run number talks")
    with mail_server(password=box.password) as smtp:  # one password for the account's two servers
        _account(pln, smtp, tmp_path, password=box.password)
        pln("intros", "ask", "1", "a", "--send", "--yes")
        (ask,) = smtp.parsed()
    reply = message(
        '"Rachel Goldberg, M.Ed." <rachel@school.example>',
        ME,
        f"Re: {ask['Subject']}",
        "<r1@school.example>",
        _on(0),
        f"In-Reply-To: {ask['Message-ID']}",
    )
    box.append("INBOX", reply)
    _imap_account(pln, box, tmp_path)
    pln("mail", "scan")
    agenda = pln("due").stdout
    assert "replied to your ask: record their answer: pln intros answer 1 a yes|no" in agenda
    assert "<r1@school.example>" in [m[0] for m in _logged(pln)]
