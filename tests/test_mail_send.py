"""Sending what pln drafts (issue 29): `pln event follow-up EVENT --send`
through a real SMTP server on 127.0.0.1 (aiosmtpd), one message per person,
recorded as each is accepted, so that a failure halfway leaves exactly the
rest to send; and `--eml DIR`, the same messages as drafts for a mail client."""

from __future__ import annotations

import csv
import json
import os
import sys
from email import message_from_bytes
from email.policy import default
from pathlib import Path

import pytest

from helpers import TODAY, Pln
from servers import MailServer, hostile_smtp, mail_server

PASSWORD = "app-password-1"
EVENT = "ISTE Live"


def _people(pln: Pln, tmp_path: Path, count: int, *, without_email: int = 0) -> list[str]:
    """`count` people met at EVENT (a badge-scan sheet), the last
    `without_email` of them with no address; their addresses, in order."""
    sheet = tmp_path / "badges.csv"
    rows = [("Name", "Email", "Organization")]
    addresses = []
    for n in range(count):
        name = f"Teacher{n:03d} Example" if n else "Rachel Goldberg, M.Ed."
        email = f"t{n:03d}@school.example" if n < count - without_email else ""
        rows.append((name, email, "Riverside USD"))
        addresses.append(email)
    with sheet.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(rows)
    pln("event", "add", EVENT, "--on", TODAY.isoformat())
    pln("import", "csv", str(sheet), "--met-at", EVENT)
    return [a for a in addresses if a]


def _account(pln: Pln, box: MailServer, folder: Path, password: str = PASSWORD) -> None:
    """The account as a user sets it up: the password kept by a password
    manager (here a file in `folder`) and printed by a command."""
    kept = folder / "password-store"
    kept.write_text(password + "\n", encoding="utf-8")
    printer = "import sys; print(open(sys.argv[1]).read().strip())"
    pln("config", "mail.smtp", f"smtp://me@127.0.0.1:{box.port}")
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    pln("config", "mail.password-command", f"{sys.executable} -c '{printer}' {kept}")
    pln("config", "mail.rate", "0")


def _logged_message_ids(pln: Pln) -> set[str]:
    document = json.loads(pln("export", "json").stdout)
    return {i["message_id"] for i in document["interactions"] if i["message_id"]}


@pytest.mark.slow
def test_a_wave_of_300_follow_ups_is_300_personal_messages(pln: Pln, tmp_path: Path) -> None:
    addresses = _people(pln, tmp_path, 302, without_email=2)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        result = pln("event", "follow-up", EVENT, "--send", "--yes")
        received = box.parsed()
    assert len(received) == 300
    assert sorted(r.recipients[0] for r in box.received) == sorted(addresses)
    assert all(len(r.recipients) == 1 for r in box.received)  # never a list of others
    assert all(r.sender == "pat@district.example" for r in box.received)
    rachel = next(m for m in received if m["To"].addresses[0].addr_spec == "t000@school.example")
    # A display name with a comma is quoted: one recipient, not two.
    assert str(rachel["To"]) == '"Rachel Goldberg, M.Ed." <t000@school.example>'
    assert rachel["From"].addresses[0].display_name == "Pat Partner"
    assert rachel.get_content().startswith("Hi Rachel,")
    assert rachel["Subject"] == f"Great to meet you at {EVENT}"
    assert "Sent 300: " in result.stdout
    # Those without an address are named, and told what stays open.
    assert "no email address for Teacher300 Example, Teacher301 Example: their" in result.stderr
    assert _logged_message_ids(pln) == {str(m["Message-ID"]) for m in received}
    # Those sent to are followed up; the two without an address still wait.
    waiting = pln.json("event", "follow-up", EVENT, "--json")
    assert [p["name"] for p in waiting] == ["Teacher300 Example", "Teacher301 Example"]


@pytest.mark.slow
def test_a_refused_recipient_and_a_dropped_connection_leave_exactly_those_unsent(
    pln: Pln, tmp_path: Path
) -> None:
    addresses = _people(pln, tmp_path, 10)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        box.refuse = {addresses[2]}
        box.drop_after = 6  # the server hangs up on the 8th message (the 3rd was refused)
        failed = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
        first = [r.recipients[0] for r in box.received]
        assert failed.exit_code == 10
        assert failed.stderr.count("\n") == 1
        assert "4 message(s) not sent" in failed.stderr
        assert "Refused by the server: Teacher002 Example <t002@school.example> (550" in (
            failed.stdout
        )
        assert first == [addresses[i] for i in (0, 1, 3, 4, 5, 6)]
        # The 8th went over whole before the server hung up: it may have it, and says so.
        assert "Teacher007 Example <t007@school.example> may have it all the same" in (
            failed.stdout
        )
        box.refuse, box.drop_after = set(), None
        pln("event", "follow-up", EVENT, "--send", "--yes")
        again = [r.recipients[0] for r in box.received[len(first) :]]
    assert sorted(again) == [addresses[i] for i in (2, 7, 8, 9)]  # only those not sent before
    assert len(_logged_message_ids(pln)) == 10
    # Each send, though recorded a message at a time, is one step for undo.
    pln("undo", "--yes")
    assert len(_logged_message_ids(pln)) == 6
    pln("undo", "--yes")
    assert _logged_message_ids(pln) == set()
    assert len(pln.json("event", "follow-up", EVENT, "--json")) == 10  # all waiting again


@pytest.mark.slow
def test_without_a_terminal_sending_needs_yes(pln: Pln, tmp_path: Path) -> None:
    _people(pln, tmp_path, 2)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        refused = pln("event", "follow-up", EVENT, "--send", ok=False)
        assert box.received == []
    assert refused.exit_code == 7
    assert "--yes" in refused.stderr
    assert _logged_message_ids(pln) == set()


@pytest.mark.slow
def test_a_wrong_password_is_never_shown(pln: Pln, tmp_path: Path) -> None:
    _people(pln, tmp_path, 2)
    with mail_server() as box:
        _account(pln, box, tmp_path, password="Wr0ng-Passw0rd")
        failed = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
        assert box.received == []
        assert box.logins  # it did try
    assert failed.exit_code == 10
    assert "refused the login of me" in failed.stderr
    everything = failed.stdout + failed.stderr + pln("config").stdout + pln("history").stdout
    assert "Wr0ng-Passw0rd" not in everything
    assert "Wr0ng-Passw0rd" not in pln("export", "json").stdout
    assert pln("config", "mail.smtp").stdout == f"mail.smtp = smtp://me@127.0.0.1:{box.port}\n"


def test_a_password_in_the_smtp_url_is_refused_and_not_kept(pln: Pln) -> None:
    result = pln("config", "mail.smtp", "smtps://me:hunter22@mail.example:465", ok=False)
    assert result.exit_code == 5
    assert "hunter22" not in result.stdout + result.stderr
    assert "mail.password-command" in result.stderr
    assert "hunter22" not in pln("config").stdout + pln("history").stdout
    pln("config", "mail.smtp", "smtp://Me%40Work@Mail.Example")
    assert pln.json("config")["mail.smtp"] == "smtp://Me@Work@mail.example:587"


def test_eml_drafts_carry_the_headers_the_smtp_path_sends(pln: Pln, tmp_path: Path) -> None:
    addresses = _people(pln, tmp_path, 3)
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    folder = tmp_path / "drafts"
    out = pln("event", "follow-up", EVENT, "--eml", str(folder)).stdout
    files = sorted(folder.glob("*.eml"))
    assert [f.name for f in files] == [
        "001-rachel-goldberg-m-ed.eml",
        "002-teacher001-example.eml",
        "003-teacher002-example.eml",
    ]
    drafts = [message_from_bytes(f.read_bytes(), policy=default) for f in files]
    assert [d["To"].addresses[0].addr_spec for d in drafts] == addresses
    assert all(d["X-Unsent"] == "1" for d in drafts)
    assert all(d["From"] == "Pat Partner <pat@district.example>" for d in drafts)
    assert all(d["Message-ID"].endswith("@district.example>") for d in drafts)
    assert drafts[0].get_content().startswith("Hi Rachel,")
    assert "pln event follow-up 'ISTE Live' 1 2 3 --sent" in out
    assert _logged_message_ids(pln) == set()  # drafts are not sent: nothing logged


def test_an_email_already_logged_is_not_merged_twice(pln: Pln, tmp_path: Path) -> None:
    """A Message-ID names one message: a document that logs it again under
    another uid (a copy of the store edited elsewhere) adds nothing."""
    pln("add-contact", "Ana Lima", "--email", "ana@school.example")
    pln("log", "ana", "--kind", "email", "-m", "Slides")
    document = json.loads(pln("export", "json").stdout)
    document["interactions"][0]["message_id"] = "<sent-1@district.example>"
    first = tmp_path / "first.json"
    first.write_text(json.dumps(document), encoding="utf-8")
    other = ["--db", str(tmp_path / "other.db")]
    pln(*other, "import", "json", str(first))  # restored whole, the Message-ID with it
    document["interactions"][0]["uid"] = "f" * 32
    document["interactions"][0]["note"] = "Slides, as sent"
    again = tmp_path / "again.json"
    again.write_text(json.dumps(document), encoding="utf-8")
    pln(*other, "import", "json", str(again))
    logged = json.loads(pln(*other, "export", "json").stdout)["interactions"]
    assert [(i["note"], i["message_id"]) for i in logged] == [
        ("Slides", "<sent-1@district.example>")
    ]


@pytest.mark.slow
def test_what_is_sent_is_the_users_template(pln: Pln, tmp_path: Path) -> None:
    _people(pln, tmp_path, 2)
    mine = "Subject: After the booth\n\n{{ greeting }} thanks for stopping by {{ event.name }}.\n"
    pln("template", "edit", "met-follow-up", "--file", "-", input=mine)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        pln("event", "follow-up", EVENT, "--send", "--yes")
        received = box.parsed()
    assert [m["Subject"] for m in received] == ["After the booth"] * 2
    assert received[0].get_content().splitlines() == [f"Hi Rachel, thanks for stopping by {EVENT}."]


@pytest.mark.slow
def test_naming_someone_followed_up_already_sends_nothing_again(pln: Pln, tmp_path: Path) -> None:
    _people(pln, tmp_path, 3, without_email=1)  # the third, without an address, still waits
    with mail_server() as box:
        _account(pln, box, tmp_path)
        pln("event", "follow-up", EVENT, "--send", "--yes")
        again = pln("event", "follow-up", EVENT, "rachel", "--send", "--yes", ok=False)
        assert len(box.received) == 2
    assert (
        f"Rachel Goldberg, M.Ed. is not waiting for a follow-up after {EVENT}: not sent again"
        in again.stdout
    )


@pytest.mark.slow
def test_a_server_closing_halfway_is_named_and_the_rest_is_left_to_send(
    pln: Pln, tmp_path: Path
) -> None:
    addresses = _people(pln, tmp_path, 4)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        box.closing = {addresses[1]}  # 421 at the second: it hangs up
        failed = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
        assert [r.recipients[0] for r in box.received] == addresses[:1]
    assert failed.exit_code == 10
    assert "closed the connection (421 4.3.2 shutting down for maintenance)" in failed.stderr
    assert "3 message(s) not sent" in failed.stderr


@pytest.mark.slow
def test_a_relay_without_login_is_told_apart_from_an_unreachable_server(
    pln: Pln, tmp_path: Path
) -> None:
    _people(pln, tmp_path, 1)
    with mail_server(login=False) as box:
        _account(pln, box, tmp_path)
        failed = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
        assert "offers no login" in failed.stderr
        assert "cannot reach" not in failed.stderr
        pln("config", "mail.smtp", f"smtp://127.0.0.1:{box.port}")  # as the error says
        pln("event", "follow-up", EVENT, "--send", "--yes")
        assert len(box.received) == 1


@pytest.mark.slow
def test_a_password_kept_in_the_system_keyring(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a mail.password-command, the password comes from the system
    keyring (here keyrings.alt's file, in the test's own folder)."""
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyrings.alt.file.PlaintextKeyring")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    _people(pln, tmp_path, 1)
    with mail_server() as box:
        pln("config", "mail.smtp", f"smtp://me@127.0.0.1:{box.port}")
        pln("config", "mail.from", "Pat Partner <pat@district.example>")
        pln("config", "mail.rate", "0")
        missing = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
        assert missing.exit_code == 5
        assert "or keep it in the system keyring: pln mail password" in missing.stderr
        kept = pln("mail", "password", input=PASSWORD + "\n")
        pln("event", "follow-up", EVENT, "--send", "--yes")
        assert len(box.received) == 1
        assert box.logins[-1] == (b"me", PASSWORD.encode())
    assert f"Kept in the system keyring for smtp://me@127.0.0.1:{box.port}" in kept.stdout
    everything = kept.stdout + pln("config").stdout + pln("history").stdout
    assert PASSWORD not in everything + pln("export", "json").stdout


@pytest.mark.slow
@pytest.mark.parametrize("how", ["trickle", "endless"])
def test_a_server_that_trickles_or_never_ends_its_reply_is_cut(
    pln: Pln, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PLN_NET_DEADLINE", "1")
    _people(pln, tmp_path, 1)
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    with hostile_smtp(how) as port:
        pln("config", "mail.smtp", f"smtp://127.0.0.1:{port}")
        failed = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
    assert failed.exit_code == 10
    assert f"cannot reach smtp://127.0.0.1:{port}" in failed.stderr
    assert failed.stderr.count("\n") == 1
    assert len(pln.json("event", "follow-up", EVENT)) == 1  # still waiting


@pytest.mark.slow
def test_a_second_send_for_the_same_store_waits_its_turn(
    pln: Pln, tmp_path: Path, store_url: str
) -> None:
    """Two sends at once (a cron job beside a hand) would each choose the same
    people: the second is refused while the first holds the store's send lock,
    and chooses afresh once it is done."""
    from plncrm.mail.inbox_state import lock_for
    from plncrm.util.files import exclusive

    _people(pln, tmp_path, 2)
    with mail_server() as box:
        _account(pln, box, tmp_path)
        with exclusive(lock_for(store_url, "send"), "busy"):  # the first, still sending
            second = pln("event", "follow-up", EVENT, "--send", "--yes", ok=False)
            assert box.received == []
            assert pln("event", "follow-up", EVENT, "--draft").exit_code == 0  # drafting: no lock
        pln("event", "follow-up", EVENT, "--send", "--yes")
        pln("event", "follow-up", EVENT, "--send", "--yes")  # nobody left: nothing sent again
        assert len(box.received) == 2
    assert second.exit_code == 6
    assert second.stderr == (
        "pln: another pln is sending mail for this store: run this again once it is done\n"
    )


def test_an_address_no_mail_header_can_carry_is_named_not_a_crash(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", EVENT, "--on", TODAY.isoformat())
    pln("add-contact", "José Ñúñez", "--email", "josé@example.org", "--met-at", EVENT)
    pln("add-contact", "Ana Lima", "--email", "ana@school.example", "--met-at", EVENT)
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    drafted = pln("event", "follow-up", EVENT, "--draft")
    assert "josé@example.org" in drafted.stdout
    result = pln("event", "follow-up", EVENT, "--eml", str(tmp_path / "drafts"))
    assert [f.name for f in sorted((tmp_path / "drafts").glob("*.eml"))] == ["001-ana-lima.eml"]
    assert "José Ñúñez" in result.stderr


def test_what_a_send_records_after_an_undo_of_it_is_a_step_of_its_own(
    pln: Pln, store_url: str
) -> None:
    """`pln undo` while a wave is still going: what the wave records after it
    is not added to the entry undo took back (it could never be undone), but
    to a new one."""
    from plncrm.cli.environment import Environment
    from plncrm.core import contacts, interactions

    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    env = Environment(db=store_url)

    def log(contact_id: int) -> None:
        with env.writing(joined=True) as db:
            person = contacts.get_many(db, [contact_id])[contact_id]
            interactions.log(db, [person], kind="email", on=TODAY)

    log(1)
    pln("undo", "--yes")  # takes back Ana's email, while the wave goes on
    log(2)
    emails = json.loads(pln("export", "json").stdout)["interactions"]
    assert [[c["id"] for c in i["contacts"]] for i in emails] == [[2]]
    pln("undo", "--yes")  # Ben's, a step of its own
    assert json.loads(pln("export", "json").stdout)["interactions"] == []


def test_eml_drafts_replace_what_was_planted_under_their_names(pln: Pln, tmp_path: Path) -> None:
    _people(pln, tmp_path, 2)
    pln("config", "mail.from", "Pat Partner <pat@district.example>")
    folder, outside = tmp_path / "drafts", tmp_path / "outside.txt"
    folder.mkdir()
    outside.write_text("keep me\n")
    (folder / "001-rachel-goldberg-m-ed.eml").symlink_to(outside)
    os.mkfifo(folder / "002-teacher001-example.eml")
    pln("event", "follow-up", EVENT, "--eml", str(folder))
    assert outside.read_text() == "keep me\n"
    for draft in sorted(folder.glob("*.eml")):
        assert draft.is_file()
        assert not draft.is_symlink()
        assert message_from_bytes(draft.read_bytes(), policy=default)["X-Unsent"] == "1"


@pytest.mark.slow
def test_ctrl_c_halfway_leaves_what_was_recorded_and_names_the_rest() -> None:
    """Ctrl-C while the second message is being recorded: the first is sent
    and recorded, the second is named as one the server may have, the rest
    as not sent."""
    from email.message import EmailMessage

    from plncrm.mail.messages import Outgoing
    from plncrm.mail.smtp import send_all
    from plncrm.util.mail_account import parse_smtp

    def outgoing(n: int) -> Outgoing:
        message = EmailMessage()
        message["From"], message["To"] = "pat@district.example", f"t{n}@school.example"
        message["Subject"], message["Message-ID"] = "Hi", f"<m{n}@district.example>"
        message.set_content("Hello\n")
        return Outgoing(n, f"Teacher {n}", f"t{n}@school.example", message)

    recorded: list[int] = []

    def record(item: Outgoing) -> None:
        if item.contact_id == 2:
            raise KeyboardInterrupt
        recorded.append(item.contact_id)

    with mail_server() as box:
        account = parse_smtp(f"smtp://me@127.0.0.1:{box.port}")
        outcome = send_all(
            account,
            PASSWORD,
            "pat@district.example",
            [outgoing(n) for n in (1, 2, 3, 4)],
            rate=0,
            on_sent=record,
        )
        assert len(box.received) == 2  # the server took the first two
    assert recorded == [1]
    assert [i.contact_id for i in outcome.sent] == [1]
    assert outcome.uncertain is not None
    assert outcome.uncertain.contact_id == 2
    assert [i.contact_id for i in outcome.unsent] == [2, 3, 4]
    assert outcome.problem == "interrupted"


def test_history_keeps_that_the_password_command_was_set_never_what_to(pln: Pln) -> None:
    pln("config", "mail.password-command", "echo hunter2-app-password")
    history = pln("history").stdout + json.dumps(pln.json("history"))
    assert "hunter2" not in history
    assert "mail.password-command" in history
