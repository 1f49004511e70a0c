"""Learning from the inbox (issue 29): `pln mail scan` over a Maildir (an inbox
and a sent folder, as mbsync keeps them) and over an mbox (a Takeout, a
Thunderbird export) logs one email per message exchanged with contacts, once,
however often it is read; replies to asks pln sent come back as agenda lines,
and people written to who are not in the network are listed to add."""

from __future__ import annotations

import json
import mailbox
import shutil
from datetime import datetime, time, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest

from helpers import TODAY, Pln

ME = "pat@district.example"
PAT = f"Pat Partner <{ME}>"
ANA = "Ana Lima <ana@school.example>"
ANA_HOME = '"Lima, Ana" <Ana.Lima@Home.example>'  # her second address, as another client writes it
BEN = "Ben Ode <ben@district.example>"
SIOBHAN = "=?utf-8?q?Siobh=C3=A1n_O=27Brien?= <siobhan@galway.example>"
HIROSHI = "=?utf-8?b?55Sw5LitIOa1qQ==?= <hiroshi@kyoto.example>"  # 田中 浩


@pytest.fixture(autouse=True)
def state_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a scan of a PostgreSQL store keeps goes to the user's state folder: the test's own."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


def _on(days_ago: int, hour: int = 9) -> str:
    moment = datetime.combine(TODAY - timedelta(days=days_ago), time(hour, 30), timezone.utc)
    return format_datetime(moment)


def message(sender: str, to: str, subject: str, message_id: str, date: str, *extra: str) -> bytes:
    """A message as a server delivers it: a header block of real mail, then a body."""
    lines = [
        "Return-Path: <bounce@relay.example>",
        "Received: from relay.example (relay.example [192.0.2.7])",
        f"\tby mx.district.example (Postfix) with ESMTPS id 4AB12C; {date}",
        "DKIM-Signature: v=1; a=rsa-sha256; d=relay.example; s=s1;",
        "\tb=dGhpcyBpcyBub3QgYSByZWFsIHNpZ25hdHVyZQ==",
        f"From: {sender}",
        f"To: {to}",
        f"Subject: {subject}",
        f"Date: {date}",
        f"Message-ID: {message_id}",
        *extra,
        "MIME-Version: 1.0",
        "Content-Type: text/plain; charset=utf-8",
    ]
    body = "The body: From here on, nothing of it is read.\nSECRET-BODY-TEXT\n"
    return ("\n".join(lines) + "\n\n" + body).encode()


INBOX = [
    message(ANA, PAT, "Re: Decodable pack", "<a1@school.example>", _on(6), "In-Reply-To: <p1@d>"),
    message(ANA_HOME, PAT, "from home", "<a2@home.example>", _on(5)),
    message(
        "Weekly <news@lists.example>",
        PAT,
        "Digest",
        "<n1@lists.example>",
        _on(5),
        "List-Id: Weekly digest <weekly.lists.example>",
    ),
    message("Alerts <no-reply@service.example>", PAT, "Your summary", "<r1@svc>", _on(4)),
    message(
        "Deals <deals@shop.example>",
        PAT,
        "Sale",
        "<s1@shop>",
        _on(4),
        "List-Unsubscribe: <mailto:u@shop.example>",
    ),
    message("Zed <zed@else.example>", PAT, "hello", "<z1@else.example>", _on(4)),
    message(SIOBHAN, PAT, "Fáilte", "<o1@galway.example>", _on(3)),
    message(HIROSHI, PAT, "=?utf-8?b?5pWw5a2m?=", "<h1@kyoto.example>", _on(2)),  # 数学
]
SENT = [
    message(PAT, ANA, "Decodable pack", "<p1@d>", _on(7)),
    message(PAT, f"{BEN}, {ANA}", "the slides", "<p2@d>", _on(3), f"Cc: {ME}"),
    message(PAT, "Bo Chen <bo@chen.example>", "co-present?", "<p3@d>", _on(6)),
    message(PAT, "Bo Chen <bo@chen.example>", "Re: co-present?", "<p4@d>", _on(2)),
]


def _maildir(folder: Path, inbox: list[bytes], sent: list[bytes]) -> Path:
    """An mbsync-style Maildir: the inbox at the top, Sent in `.Sent`."""
    box = mailbox.Maildir(folder, create=True)
    sent_box = box.add_folder("Sent")
    for raw in inbox:
        box.add(raw)
    for raw in sent:
        sent_box.add(raw)
    return folder


def _mbox(path: Path, messages: list[bytes]) -> Path:
    box = mailbox.mbox(path, create=True)
    for raw in messages:
        box.add(raw)
    box.flush()
    return path


def _network(pln: Pln, *db: str) -> None:
    pln(
        *db,
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@school.example",
        "--email",
        "ana.lima@home.example",
    )
    pln(*db, "add-contact", "Ben Ode", "--email", "ben@district.example")
    pln(*db, "add-contact", "Siobhán O'Brien", "--email", "siobhan@galway.example")
    pln(*db, "add-contact", "田中 浩", "--email", "hiroshi@kyoto.example")
    pln(*db, "config", "mail.from", PAT)


def _document(pln: Pln, *db: str) -> Any:
    return json.loads(pln(*db, "export", "json").stdout)


def _logged(pln: Pln, *db: str) -> list[tuple[Any, ...]]:
    """Each email logged: its Message-ID, day, note and the names of its people."""
    document = _document(pln, *db)
    names = {c["id"]: c["name"] for c in document["contacts"]}
    return sorted(
        (
            i["message_id"],
            i["happened_on"],
            i["kind"],
            i["note"],
            tuple(sorted(names[p["id"]] for p in i["contacts"] if p["role"] == "with")),
        )
        for i in document["interactions"]
        if i["message_id"]
    )


EXPECTED = [
    ("<a1@school.example>", "2026-11-23", "email", "Re: Decodable pack (in)", ("Ana Lima",)),
    ("<a2@home.example>", "2026-11-24", "email", "from home (in)", ("Ana Lima",)),
    ("<h1@kyoto.example>", "2026-11-27", "email", "数学 (in)", ("田中 浩",)),
    ("<o1@galway.example>", "2026-11-26", "email", "Fáilte (in)", ("Siobhán O'Brien",)),
    ("<p1@d>", "2026-11-22", "email", "Decodable pack (out)", ("Ana Lima",)),
    ("<p2@d>", "2026-11-26", "email", "the slides (out)", ("Ana Lima", "Ben Ode")),
]


def test_a_maildir_and_an_mbox_of_the_same_messages_log_the_same_emails(
    tmp_path: Path, sqlite_template: Path
) -> None:
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    takeout = _mbox(tmp_path / "Takeout.mbox", INBOX + SENT)
    pln = Pln()
    logged = {}
    for name, source in (("maildir", folder), ("mbox", takeout)):
        store = tmp_path / f"{name}.db"
        shutil.copyfile(sqlite_template, store)
        db = ("--db", str(store))
        _network(pln, *db)
        said = pln(*db, "mail", "scan", str(source)).stdout
        assert said == (
            "Read 12 messages: logged 6 emails with Ana Lima, Siobhán O'Brien, Ben Ode, 田中 浩 "
            "(1 from mailing lists; 2 bulk, automated, drafts or spam; 3 with nobody in the "
            "network)\n"
        )
        logged[name] = _logged(pln, *db)
        kept = Path(f"{store}.mail-scan.json").read_text(encoding="utf-8")
        assert "SECRET-BODY-TEXT" not in pln(*db, "export", "json").stdout + kept  # no body
        contacts = {c["name"]: c for c in _document(pln, *db)["contacts"]}
        assert contacts["Ana Lima"]["last_contacted"] == "2026-11-26"  # keeping in touch
        assert contacts["田中 浩"]["last_contacted"] == "2026-11-27"
    assert logged["maildir"] == EXPECTED
    assert logged["mbox"] == EXPECTED


def test_a_re_scan_logs_nothing_twice_and_reads_only_what_is_new(pln: Pln, tmp_path: Path) -> None:
    _network(pln)
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    takeout = _mbox(tmp_path / "Takeout.mbox", INBOX)
    pln("mail", "scan", str(folder))
    again = pln("mail", "scan", str(folder))
    assert again.stdout == "No new messages since the last scan.\n"
    # The same messages from another copy of the mailbox: read, all known already.
    said = pln("mail", "scan", str(takeout)).stdout
    assert said.startswith("Read 8 messages: logged 0 emails (4 already logged;")
    assert _logged(pln) == EXPECTED
    # New mail in either: only that is read.
    mailbox.Maildir(folder).add(message(BEN, PAT, "thanks", "<b1@district.example>", _on(1)))
    with takeout.open("ab") as out:
        out.write(b"From ben@district.example Sat Nov 28 09:30:00 2026\n")
        out.write(message(BEN, PAT, "one more", "<b2@district.example>", _on(1)) + b"\n")
    assert pln("mail", "scan", str(folder)).stdout.startswith("Read 1 message: logged 1 email")
    assert pln("mail", "scan", str(takeout)).stdout.startswith("Read 1 message: logged 1 email")
    # A file rewritten (Thunderbird compacts its folders) is read again from the start.
    _mbox(tmp_path / "other.mbox", INBOX[:2])
    shutil.copyfile(tmp_path / "other.mbox", takeout)
    assert pln("mail", "scan", str(takeout)).stdout.startswith("Read 2 messages: logged 0")
    assert len(_logged(pln)) == len(EXPECTED) + 2


def test_lists_bulk_automated_drafts_and_strangers_are_passed_over(
    pln: Pln, tmp_path: Path
) -> None:
    _network(pln)
    draft = message(PAT, ANA, "not sent yet", "<d1@d>", _on(1))
    spam = message(ANA, PAT, "win", "<x1@x>", _on(1), "X-Gmail-Labels: Spam,Category Updates")
    bulk = [
        message(ANA, PAT, "via a list", "<l1@x>", _on(1), "List-Id: <staff.school.example>"),
        message(BEN, PAT, "auto reply", "<l2@x>", _on(1), "Auto-Submitted: auto-replied"),
        message(BEN, PAT, "bulk", "<l3@x>", _on(1), "Precedence: bulk"),
        message("MAILER-DAEMON@district.example", PAT, "failure", "<l4@x>", _on(1)),
    ]
    folder = _maildir(tmp_path / "Mail", [spam, *bulk], [])
    mailbox.Maildir(folder).add_folder("Drafts").add(draft)  # a folder of drafts is not read
    said = pln("mail", "scan", str(folder)).stdout
    assert said == (
        "Read 5 messages: logged 0 emails (1 from mailing lists; "
        "4 bulk, automated, drafts or spam)\n"
    )
    assert _logged(pln) == []


def test_subjects_are_kept_unless_mail_keep_subjects_is_no(pln: Pln, tmp_path: Path) -> None:
    _network(pln)
    pln("config", "mail.keep-subjects", "no")
    pln("mail", "scan", str(_maildir(tmp_path / "Mail", INBOX[:2], SENT[:1])))
    assert [(m, note) for m, _, _, note, _ in _logged(pln)] == [
        ("<a1@school.example>", "(in)"),
        ("<a2@home.example>", "(in)"),
        ("<p1@d>", "(out)"),
    ]
    assert "Decodable" not in pln("export", "json").stdout


def test_dry_run_says_what_it_would_log_and_changes_nothing(
    pln: Pln, tmp_path: Path, pln_db: Path
) -> None:
    _network(pln)
    before = pln("export", "json").stdout
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    said = pln("mail", "scan", str(folder), "--dry-run").stdout.splitlines()
    assert said[:2] == [
        "2026-11-22  Ana Lima  Decodable pack (out)",
        "2026-11-23  Ana Lima  Re: Decodable pack (in)",
    ]
    assert "2026-11-26  Ben Ode, Ana Lima  the slides (out)" in said
    assert said[-2].startswith("Read 12 messages: would log 6 emails with Ana Lima")
    assert said[-1] == "Nothing was changed (--dry-run)."
    assert pln("export", "json").stdout == before
    assert not list(tmp_path.glob("*.mail-scan.json"))  # nothing remembered as read
    shown = pln.json("mail", "scan", str(folder), "--dry-run")
    assert shown["dry_run"] is True
    assert [e["message_id"] for e in shown["logged"]][:2] == ["<p1@d>", "<a1@school.example>"]
    assert pln("mail", "scan", str(folder)).stdout.startswith("Read 12 messages: logged 6")


def test_undo_takes_a_scan_back_in_one_step_and_the_next_scan_logs_it_again(
    pln: Pln, tmp_path: Path
) -> None:
    _network(pln)
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    pln("mail", "scan", str(folder))
    assert "mail scan" in pln("history").stdout
    pln("undo", "--yes")
    assert _logged(pln) == []
    assert {c["last_contacted"] for c in _document(pln)["contacts"]} == {None}
    pln("mail", "scan", str(folder))
    assert _logged(pln) == EXPECTED


def test_a_message_that_went_out_closes_the_strike_out_follow_up(pln: Pln, tmp_path: Path) -> None:
    pln("config", "mail.from", PAT)
    met = (TODAY - timedelta(days=5)).isoformat()
    pln(
        "add-contact",
        "Ana Lima",
        "--email",
        "ana@school.example",
        "--met-at",
        "Fall CUE",
        "--met-on",
        met,
    )
    pln(
        "add-contact",
        "Ben Ode",
        "--email",
        "ben@district.example",
        "--met-at",
        "Fall CUE",
        "--met-on",
        met,
    )
    waiting = ["Ana Lima", "Ben Ode"]
    assert [p["name"] for p in pln.json("event", "follow-up", "Fall CUE")] == waiting
    inbox = [message(BEN, PAT, "great to meet you", "<b1@d>", _on(3))]  # Ben wrote first
    sent = [
        message(PAT, ANA, "before we met", "<p0@d>", _on(9)),  # before the meeting
        message(PAT, ANA, "great to meet you", "<p1@d>", _on(2)),
    ]
    pln("mail", "scan", str(_maildir(tmp_path / "Mail", inbox, sent)))
    # Ana was written to after the meeting; Ben wrote, and still waits for our follow-up.
    assert [p["name"] for p in pln.json("event", "follow-up", "Fall CUE")] == ["Ben Ode"]
    guards = [f for f in _document(pln)["follow_ups"] if f["source"] == "guard"]
    assert sorted((f["status"], f["done_on"]) for f in guards) == [
        ("done", (TODAY - timedelta(days=2)).isoformat()),
        ("open", None),
    ]
    # Both are in touch: keeping in touch counts from the latest message either way.
    contacts = {c["name"]: c["last_contacted"] for c in _document(pln)["contacts"]}
    assert contacts == {
        "Ana Lima": (TODAY - timedelta(days=2)).isoformat(),
        "Ben Ode": (TODAY - timedelta(days=3)).isoformat(),
    }


def test_people_written_to_who_are_not_contacts_are_listed_and_added_in_one_step(
    pln: Pln, tmp_path: Path
) -> None:
    _network(pln)
    once = message(PAT, "Cleo Ray <cleo@ray.example>", "hi", "<c1@d>", _on(3))
    irish = message(PAT, '"Ó Briain, Dara" <dara@cork.example>', "a", "<k1@d>", _on(4))
    irish_again = message(PAT, '"Ó Briain, Dara" <dara@cork.example>', "b", "<k2@d>", _on(1))
    folder = _maildir(tmp_path / "Mail", INBOX, [*SENT, once, irish, irish_again])
    pln("mail", "scan", str(folder))
    listed = pln.json("mail", "strangers")
    assert listed == [
        {
            "address": "dara@cork.example",
            "name": "Ó Briain, Dara",
            "wrote_to": 2,
            "heard_from": 0,
            "last": "2026-11-28",
        },
        {
            "address": "bo@chen.example",
            "name": "Bo Chen",
            "wrote_to": 2,
            "heard_from": 0,
            "last": "2026-11-27",
        },
    ]
    shown = pln("mail", "strangers", "--limit", "1").stdout.splitlines()
    assert shown == [
        "   2 sent     0 received  last 2026-11-28  Ó Briain, Dara <dara@cork.example>",
        "Add them: pln mail strangers --add dara@cork.example",
    ]
    added = pln("mail", "strangers", "--add", "bo@chen.example", "--add", "Dara@Cork.example")
    assert added.stdout == "Added 2: Bo Chen, Dara Ó Briain (their latest email logged)\n"
    contacts = {c["name"]: c for c in _document(pln)["contacts"]}
    assert contacts["Bo Chen"]["emails"] == ["bo@chen.example"]
    assert contacts["Bo Chen"]["last_contacted"] == "2026-11-27"
    assert pln.json("mail", "strangers") == []
    assert ("<p4@d>", "2026-11-27", "email", "(out)", ("Bo Chen",)) in _logged(pln)
    pln("undo", "--yes")  # one step: strangers again
    assert "Bo Chen" not in {c["name"] for c in _document(pln)["contacts"]}
    assert [s["address"] for s in pln.json("mail", "strangers")] == [
        "dara@cork.example",
        "bo@chen.example",
    ]
    missing = pln("mail", "strangers", "--add", "nobody@else.example", ok=False)
    assert missing.exit_code == 3


def test_someone_added_as_a_contact_later_has_their_mail_counted_at_the_next_scan(
    pln: Pln, tmp_path: Path
) -> None:
    _network(pln)
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    pln("mail", "scan", str(folder))
    pln("add-contact", "Zed Zo", "--email", "zed@else.example")
    said = pln("mail", "scan", str(folder)).stdout
    assert said.startswith("Read 0 messages: logged 1 email with Zed Zo")
    assert ("<z1@else.example>", "2026-11-25", "email", "(in)", ("Zed Zo",)) in _logged(pln)


def test_no_address_of_mine_no_scan(pln: Pln, tmp_path: Path) -> None:
    failed = pln("mail", "scan", str(_maildir(tmp_path / "Mail", INBOX, [])), ok=False)
    assert failed.exit_code == 5
    assert "pln config mail.from" in failed.stderr
    pln("config", "mail.from", PAT)
    nowhere = pln("mail", "scan", str(tmp_path / "nowhere"), ok=False)
    assert nowhere.exit_code == 3  # not found
    assert "no such Maildir folder or mbox file" in nowhere.stderr


def test_headers_are_read_as_mail_clients_write_them() -> None:
    from plncrm.mail.headers import parse_headers

    raw = (
        "From: =?utf-8?b?55Sw5LitIOa1qQ==?= <Hiroshi@Kyoto.Example>\r\n"
        'To: "O\'Brien, Siobhán" <siobhan@galway.example>,\r\n'
        "  bo@chen.example, undisclosed-recipients:;\r\n"
        "Subject: Café =?utf-8?q?na=C3=AFve?=\r\n talk\r\n"
        "A broken line without a colon\r\n"
        "Date: Tue, 24 Nov 2026 10:11:55 +0100\r\n"
        "References: <r1@x>\r\n <r2@x>\r\n"
        "In-Reply-To: <r2@x>\r\n"
        "\r\n"
        "From: body@else.example\r\n"
    ).encode()
    seen = parse_headers(raw)
    assert seen is not None
    assert (seen.sender, seen.sender_name) == ("hiroshi@kyoto.example", "田中 浩")
    assert seen.recipients == ("siobhan@galway.example", "bo@chen.example")
    assert seen.recipient_names == ("O'Brien, Siobhán", "")
    assert seen.subject == "Café naïve talk"
    assert seen.date == datetime(2026, 11, 24, 9, 11, 55, tzinfo=timezone.utc)
    assert seen.replies_to == ("<r2@x>", "<r1@x>")
    assert not seen.bulk
    # Without a Message-ID: one made from the headers, the same each time it is read.
    assert seen.message_id.endswith("@headers.pln.invalid>")
    assert parse_headers(raw.replace(b"body@else", b"other@else")) == seen
    # Without a Date: when the latest Received line says it arrived.
    undated = b"From: a@b.example\nReceived: from x by y; Mon, 23 Nov 2026 08:00:00 +0000\n\n"
    found = parse_headers(undated)
    assert found is not None
    assert found.date == datetime(2026, 11, 23, 8, 0, tzinfo=timezone.utc)
    assert parse_headers(b"") is None
    assert parse_headers(b"\n\nFrom: a@b.example\n") is None  # no header block at all
    raw_utf8 = "From: Zoë <zoe@x.example>\nSubject: Números\nMessage-ID: <z@x>\n\n".encode()
    assert parse_headers(raw_utf8) == parse_headers(raw_utf8)
    utf8 = parse_headers(raw_utf8)
    assert utf8 is not None
    assert (utf8.sender_name, utf8.subject, utf8.message_id) == ("Zoë", "Números", "<z@x>")


def test_bulk_and_automated_mail_is_told_apart() -> None:
    from plncrm.mail.headers import parse_headers

    def bulk(*lines: str, sender: str = "ana@school.example") -> bool:
        seen = parse_headers(("\n".join([f"From: {sender}", *lines]) + "\n\n").encode())
        assert seen is not None
        return seen.bulk

    assert not bulk()
    assert not bulk("Auto-Submitted: no", "Precedence: first-class")
    assert bulk("List-Id: <staff.school.example>")
    assert bulk("List-Unsubscribe: <https://x.example/u>")
    for precedence in ("bulk", "junk", "list"):
        assert bulk(f"Precedence: {precedence}")
    assert bulk("Auto-Submitted: auto-replied")
    for sender in ("no-reply@x.example", "noreply-42@x.example", "MAILER-DAEMON@x.example"):
        assert bulk(sender=sender)


@pytest.mark.slow
def test_a_reply_to_an_ask_pln_sent_puts_recording_the_answer_on_the_agenda(
    pln: Pln, tmp_path: Path
) -> None:
    from servers import mail_server
    from test_mail_send import _account

    _network(pln)
    pln("intro", "ana", "ben", "--why", "Ben coaches new math teachers")
    with mail_server() as box:
        _account(pln, box, tmp_path)  # mail.from is Pat's, as above
        pln("intros", "ask", "1", "both", "--send", "--yes")
        asks = {m["To"].addresses[0].addr_spec: m for m in box.parsed()}
    to_ana, to_ben = (
        str(asks[a]["Message-ID"]) for a in ("ana@school.example", "ben@district.example")
    )
    pln("intros", "answer", "1", "b", "yes")  # Ben answered already: his reply adds nothing
    inbox = [
        message(
            ANA_HOME,
            PAT,
            "Re: meeting Ben?",
            "<ra1@home.example>",
            _on(0),
            f"In-Reply-To: {to_ana}",
            f"References: {to_ana}",
        ),
        message(
            BEN, PAT, "Re: meeting Ana?", "<rb1@district.example>", _on(0), f"In-Reply-To: {to_ben}"
        ),
    ]
    folder = _maildir(tmp_path / "Mail", inbox, [])
    said = pln("mail", "scan", str(folder)).stdout
    line = "Ana Lima replied to your ask: record their answer: pln intros answer 1 a yes|no"
    assert said.splitlines()[-1] == f"On pln due: {line}"
    assert line in json.dumps(pln.json("due"), ensure_ascii=False)
    # Her second reply, in the same thread, and a re-scan: still one line.
    mailbox.Maildir(folder).add(
        message(
            ANA,
            PAT,
            "Re: meeting Ben?",
            "<ra2@school.example>",
            _on(0),
            "In-Reply-To: <ra1@home.example>",
            f"References: {to_ana} <ra1@home.example>",
        )
    )
    assert "On pln due" not in pln("mail", "scan", str(folder)).stdout
    pln("mail", "scan", str(folder))
    lines = [f for f in _document(pln)["follow_ups"] if f["title"] == line]
    assert [(f["status"], f["due"]) for f in lines] == [("open", TODAY.isoformat())]
    assert not [f for f in _document(pln)["follow_ups"] if "Ben Ode replied" in f["title"]]
    # Recording her answer is what the line asked for: it is done, off the agenda.
    pln("intros", "answer", "1", "ana", "yes")
    lines = [f for f in _document(pln)["follow_ups"] if f["title"] == line]
    assert [f["status"] for f in lines] == ["done"]
    assert line not in json.dumps(pln.json("due"), ensure_ascii=False)


def test_flags_moves_and_a_lost_or_damaged_state_read_nothing_twice(
    pln: Pln, tmp_path: Path, pln_db: Path
) -> None:
    _network(pln)
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    pln("mail", "scan", str(folder))
    # The mail program marks a message read and moves a new one to cur/: the same messages.
    for new in (folder / "new").iterdir():
        new.rename(folder / "cur" / f"{new.name}:2,S")
    seen = next((folder / "cur").iterdir())
    seen.rename(seen.with_name(seen.name.split(":")[0] + ":2,RS"))
    assert pln("mail", "scan", str(folder)).stdout == "No new messages since the last scan.\n"
    kept = Path(f"{pln_db}.mail-scan.json")
    for damaged in ('{"format": 1, "maildirs": [1, 2]}', "not json", ""):
        kept.write_text(damaged, encoding="utf-8")
        said = pln("mail", "scan", str(folder)).stdout
        assert said.startswith("Read 12 messages: logged 0 emails (6 already logged;")
    kept.unlink()
    assert pln("mail", "scan", str(folder)).stdout.startswith("Read 12 messages: logged 0")
    assert _logged(pln) == EXPECTED


@pytest.mark.slow
def test_notify_scan_mail_logs_new_mail_before_the_morning_summary(
    pln: Pln, tmp_path: Path
) -> None:
    from servers import webhook

    pln("config", "mail.from", PAT)
    met = (TODAY - timedelta(days=5)).isoformat()
    for name, email in (("Ana Lima", "ana@school.example"), ("Ben Ode", "ben@district.example")):
        pln("add-contact", name, "--email", email, "--met-at", "Fall CUE", "--met-on", met)
    sent = [message(PAT, ANA, "great to meet you", "<p1@d>", _on(1))]
    pln("config", "mail.maildir", str(_maildir(tmp_path / "Mail", [], sent)))
    with webhook() as hook:
        pln("config", "notify.urls", hook.url)
        pln("notify", "--scan-mail")
        [summary] = hook.received
    # Written to yesterday, Ana is off this morning's agenda; Ben still waits.
    assert "Ben Ode" in summary["message"]
    assert "Ana Lima" not in summary["message"]
    assert [p["name"] for p in pln.json("event", "follow-up", "Fall CUE")] == ["Ben Ode"]
    timer = pln("notify", "--install-timer", "07:30", "--scan-mail", "--dry-run").stdout
    assert "notify --scan-mail" in timer


def test_notify_still_sends_when_the_scan_fails(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the slides", "--due", "today")
    pln("config", "notify.urls", "json://127.0.0.1:9/hook")
    pln("config", "mail.from", PAT)
    result = pln("notify", "--scan-mail", "--dry-run")
    assert "pln: warning: mail not scanned: say where your mail is" in result.stderr
    assert "send the slides" in result.stdout


def test_a_file_that_is_no_mbox_or_no_file_at_all_is_named(pln: Pln, tmp_path: Path) -> None:
    pln("config", "mail.from", PAT)
    card = tmp_path / "booth.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ana Lima\r\nEND:VCARD\r\n")
    wrong = pln("mail", "scan", str(card), ok=False)
    assert wrong.exit_code == 5
    assert (
        wrong.stderr == f"pln: {card} is neither a Maildir folder (cur/, new/) nor an mbox file\n"
    )
    missing = pln("mail", "scan", str(tmp_path / "nope"), ok=False)
    assert missing.exit_code == 3
    assert "no such Maildir folder or mbox file" in missing.stderr


def test_a_from_line_longer_than_any_header_does_not_end_the_mbox(pln: Pln, tmp_path: Path) -> None:
    """A separator line of 300,000 bytes (junk, or an attack) is passed over:
    the messages after it are read, not lost for good."""
    _network(pln)
    parts = [
        b"From a@b Mon Nov 23 09:30:00 2026\n" + message(ANA, PAT, "one", "<m1@d>", _on(3)),
        b"From " + b"J" * 300_000 + b"\n" + message(BEN, PAT, "two", "<m2@d>", _on(3)),
        b"From a@b Mon Nov 23 09:30:00 2026\n" + message(BEN, PAT, "three", "<m3@d>", _on(2)),
        b"From a@b Mon Nov 23 09:30:00 2026\n" + message(ANA, PAT, "four", "<m4@d>", _on(1)),
    ]
    box = tmp_path / "junk.mbox"
    box.write_bytes(b"\n".join(parts))
    pln("mail", "scan", str(box))
    subjects = sorted(i["note"] for i in _document(pln)["interactions"] if i["kind"] == "email")
    assert [s.split(" (")[0] for s in subjects] == ["four", "one", "three"]


def test_one_scan_of_a_store_at_a_time(pln: Pln, tmp_path: Path, store_url: str) -> None:
    from plncrm.mail.inbox_state import lock_for
    from plncrm.util.files import exclusive

    _network(pln)
    folder = _maildir(tmp_path / "Mail", INBOX, SENT)
    with exclusive(lock_for(store_url, "scan"), "busy"):  # another scan, still reading
        second = pln("mail", "scan", str(folder), ok=False)
    assert second.exit_code == 6
    assert "another pln is scanning mail for this store" in second.stderr
    assert not [i for i in _document(pln)["interactions"] if i["kind"] == "email"]
    pln("mail", "scan", str(folder))
    assert [i for i in _document(pln)["interactions"] if i["kind"] == "email"]


def test_an_mbox_compacted_in_place_is_read_again_from_its_start(pln: Pln, tmp_path: Path) -> None:
    """Thunderbird compacts an mbox by rewriting it: a message deleted, new ones
    appended, the first bytes and the size no smaller. The scan sees that the
    bytes before where it stopped changed, and reads it all again (each
    message still logged once)."""
    _network(pln)
    padding = "X-Padding: " + "p" * 6000  # the first message fills the digest of the start
    first = message(ANA, PAT, "one", "<c1@d>", _on(5), padding)
    two = message(BEN, PAT, "two", "<c2@d>", _on(4))
    three = message(ANA, PAT, "three", "<c3@d>", _on(3))
    box = _mbox(tmp_path / "Inbox", [first, two, three])
    pln("mail", "scan", str(box))
    box.unlink()
    extra = [message(BEN, PAT, f"new {n}", f"<c{n}@d>", _on(1)) for n in (4, 5)]
    _mbox(box, [first, three, *extra])  # "two" deleted, two new ones after
    pln("mail", "scan", str(box))
    subjects = {i["note"].split(" (")[0] for i in _document(pln)["interactions"]}
    assert {"one", "two", "three", "new 4", "new 5"} <= subjects
    assert len([s for s in subjects if s.startswith("new")]) == 2


@pytest.mark.slow
def test_a_reply_to_an_invitation_asks_to_record_the_answer_until_it_is(
    pln: Pln, tmp_path: Path
) -> None:
    from servers import mail_server
    from test_mail_send import _account

    _network(pln)
    pln("event", "add", "Number Talks Webinar", "--on", "2026-12-10", "--hosted")
    with mail_server() as box:
        _account(pln, box, tmp_path)  # mail.from is Pat's, as above
        pln("event", "invite", "webinar", "ana", "ben", "--send", "--yes")
        sent = {m["To"].addresses[0].addr_spec: str(m["Message-ID"]) for m in box.parsed()}
    inbox = [
        message(
            ANA,
            PAT,
            "Re: invitation",
            "<ri1@school.example>",
            _on(0),
            f"In-Reply-To: {sent['ana@school.example']}",
        ),
    ]
    pln("mail", "scan", str(_maildir(tmp_path / "Mail", inbox, [])))
    line = "Ana Lima replied about Number Talks Webinar: record their answer: pln event rsvp"
    due = json.dumps(pln.json("due"), ensure_ascii=False)
    assert line in due
    assert "Ben Ode replied" not in due  # Ben did not write back
    pln("event", "rsvp", "webinar", "ana", "yes")
    assert line not in json.dumps(pln.json("due"), ensure_ascii=False)
    [task] = [f for f in _document(pln)["follow_ups"] if f["title"].startswith(line)]
    assert (task["status"], task["source"]) == ("done", "event")
