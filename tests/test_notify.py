"""`pln notify`: the morning agenda delivered to real receivers on 127.0.0.1
(Apprise's JSON webhook to a local HTTP server, email to a local SMTP server),
and never a secret from their URLs in what pln prints."""

from __future__ import annotations

import json
from datetime import date
from datetime import time as dtime
from pathlib import Path

import pytest

from helpers import PG_URL, Pln
from servers import smtp_server, webhook


def _scans(path: Path, count: int) -> Path:
    cards = [
        f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Visitor {i:03d}\r\nN:{i:03d};Visitor;;;\r\n"
        f"EMAIL:visitor{i}@school{i}.example.org\r\nEND:VCARD\r\n"
        for i in range(count)
    ]
    path.write_text("".join(cards))
    return path


@pytest.mark.slow
def test_the_agenda_reaches_a_json_webhook(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the slides", "--due", "2026-11-27")
    pln("follow-up", "ana", "book the room", "--due", "today")
    with webhook() as hook:
        pln("config", "notify.urls", hook.url)
        out = pln("notify").stdout
    [sent] = hook.received
    assert sent["title"] == "pln: 1 overdue, 1 due today"
    assert "Overdue (1)\n1  Ana Lima · send the slides — overdue by 2 days" in sent["message"]
    assert "2  Ana Lima · book the room — due today" in sent["message"]
    assert sent["type"] == "warning"  # something is overdue
    assert "Sent “pln: 1 overdue, 1 due today” to JSON (json://127.0.0.1:" in out


@pytest.mark.slow
def test_nothing_due_sends_nothing_unless_always(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    with webhook() as hook:
        pln("config", "notify.urls", hook.url)
        assert "Nothing due on 2026-11-29: nothing sent." in pln("notify").stdout
        assert hook.received == []
        pln("notify", "--always")
        assert [m["title"] for m in hook.received] == ["pln: nothing due"]


@pytest.mark.slow
def test_three_hundred_badge_scans_are_one_line(pln: Pln, tmp_path: Path) -> None:
    pln(
        "import",
        "vcard",
        str(_scans(tmp_path / "booth.vcf", 300)),
        "--met-at",
        "ISTE Live 2026",
        "--met-on",
        "2026-11-28",
    )
    with webhook() as hook:
        pln("config", "notify.urls", hook.url)
        pln("notify")
    [sent] = hook.received
    body = sent["message"]
    assert "300 people met yesterday, none followed up: ISTE Live 2026" in body
    assert "Visitor" not in body  # not one line per person
    assert len(body.splitlines()) < 10
    assert sent["title"] == "pln: 300 people met, not followed up"


@pytest.mark.slow
def test_only_urgent_and_quiet_hours(pln: Pln, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "book the room", "--due", "today")
    with webhook() as hook:
        pln("config", "notify.urls", hook.url)
        out = pln("notify", "--only-urgent").stdout
        assert "Nothing overdue and no strike-out waiting: nothing sent" in out
        pln("config", "notify.quiet-hours", "21:00-07:00")
        late = Pln(hour=dtime(22, 30))
        assert "Quiet hours (21:00-07:00): nothing sent." in late("notify").stdout
        assert hook.received == []
        Pln(hour=dtime(7, 30))("notify")
        assert len(hook.received) == 1


@pytest.mark.slow
def test_dry_run_prints_the_message_and_sends_nothing(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "book the room", "--due", "today")
    with webhook() as hook:
        pln("config", "notify.urls", hook.url + "secret-path-token")
        out = pln("notify", "--dry-run").stdout
        assert hook.received == []
    assert f"Would send to: json://127.0.0.1:{hook.port}/***" in out
    assert "3  Ana Lima · book the room — due today" not in out  # ids: 1 is the guard
    assert "Ana Lima · book the room — due today" in out
    assert "secret-path-token" not in out
    data = pln.json("notify", "--dry-run")
    assert data["dry_run"] is True
    assert data["sent"] == []
    assert data["title"] == "pln: 1 due today"


@pytest.mark.slow
def test_email_reaches_an_smtp_server(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the slides", "--due", "today")
    with smtp_server("s3cret-mail") as box:
        url = (
            f"mailto://pln:s3cret-mail@127.0.0.1:{box.port}"
            "?to=teacher@example.org&from=pln@example.org&mode=insecure"
        )
        pln("config", "notify.urls", url)
        out = pln("notify").stdout
        [mail] = box.messages
    assert "Subject: pln: 1 due today" in mail
    assert "To: teacher@example.org" in mail
    assert "send the slides" in mail
    assert "s3cret-mail" not in out
    assert f"to E-Mail (mailto://***:***@127.0.0.1:{box.port}?to=***" in out


@pytest.mark.slow
def test_a_refused_delivery_names_the_service_never_the_secret(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the slides", "--due", "today")
    with smtp_server("right-password") as box, webhook() as hook:
        hook.status = 500
        wrong = (
            f"mailto://pln:Wr0ng-Passw0rd@127.0.0.1:{box.port}"
            "?to=teacher@example.org&from=pln@example.org&mode=insecure"
        )
        pln("config", "notify.urls", f"{wrong} {hook.url}tok-123456")
        result = pln("notify", ok=False)
        assert box.messages == []
        assert len(hook.received) == 1  # each destination is tried
    assert result.exit_code == 10
    everything = result.stdout + result.stderr
    assert "Wr0ng-Passw0rd" not in everything
    assert "tok-123456" not in everything
    assert "not delivered to 2 of 2: E-Mail (mailto://***:***@127.0.0.1" in result.stderr
    assert "JSON (json://127.0.0.1:" in result.stderr


def test_config_masks_notification_secrets_everywhere(pln: Pln, tmp_path: Path) -> None:
    url = "ntfys://ntfy.sh/my-private-topic-93"
    pln("config", "notify.urls", url)
    assert pln("config", "notify.urls").stdout == "notify.urls = ntfys://ntfy.sh/***\n"
    assert pln.json("config")["notify.urls"] == "ntfys://ntfy.sh/***"
    assert "my-private-topic-93" not in pln("config").stdout
    assert "my-private-topic-93" not in pln("history").stdout
    assert "my-private-topic-93" not in pln("export", "json").stdout
    bad = pln("config", "notify.urls", "nosuchservice://tok-abcdef/xyz", ok=False)
    assert bad.exit_code == 5
    assert "Apprise can send to: ***://***/***" in bad.stderr  # an unknown scheme too
    assert "tok-abcdef" not in bad.stderr


def test_settings_are_checked(pln: Pln) -> None:
    assert pln("config", "notify.alarm", "7:30am").stdout == "notify.alarm = 07:30\n"
    assert pln("config", "notify.alarm", "off").stdout == "notify.alarm = off\n"
    assert pln("config", "notify.quiet-hours", "9pm-7am").stdout == (
        "notify.quiet-hours = 21:00-07:00\n"
    )
    assert pln("config", "notify.alarm", "lunchtime", ok=False).exit_code == 5
    assert pln("config", "notify.only-urgent", "maybe", ok=False).exit_code == 5


def test_no_destination_says_how_to_set_one(pln: Pln) -> None:
    result = pln("notify", ok=False)
    assert result.exit_code == 5
    assert "pln config notify.urls" in result.stderr


def test_install_timer_writes_a_systemd_user_timer(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.notifications import timer

    monkeypatch.setattr(timer, "systemd_folder", lambda: tmp_path / "systemd" / "user")
    monkeypatch.setenv("PATH", "/nonexistent")  # no systemctl to start it
    out = pln("notify", "--install-timer", "7:30").stdout
    service = (tmp_path / "systemd/user/pln-notify.service").read_text()
    units = (tmp_path / "systemd/user/pln-notify.timer").read_text()
    assert "OnCalendar=*-*-* 07:30:00" in units
    assert "Persistent=true" in units
    assert "ExecStart=" in service
    assert service.rstrip().endswith("notify")
    assert "--db" in service
    assert "Start it with: systemctl --user enable --now pln-notify.timer" in out


def test_install_timer_prints_a_crontab_line_without_systemd(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.notifications import timer

    monkeypatch.setattr(timer, "systemd_folder", lambda: None)
    out = pln("notify", "--install-timer", "07:30").stdout
    assert "add this line with crontab -e" in out
    assert out.splitlines()[-1].startswith("30 7 * * * ")
    assert out.splitlines()[-1].endswith(" notify")


def test_the_summary_names_waves_and_counts_the_rest() -> None:
    from plncrm.agenda import rank
    from plncrm.notifications.summary import compose

    today = date(2026, 11, 30)
    people = [
        rank.Person(i, f"Visitor {i}", met_on=date(2026, 11, 28), met_at="ISTE")
        for i in range(1, 8)
    ]
    tasks = [
        rank.Task(
            100 + p.id,
            f"Follow up with {p.name}",
            date(2026, 12, 1),
            source="guard",
            person=p,
            event_id=9,
        )
        for p in people
    ]
    tasks += [rank.Task(i, f"task {i}", date(2026, 11, 20)) for i in range(1, 20)]
    items = rank.agenda(today, tasks=tasks, within=0)
    message = compose(items, today, more=5)
    assert message.urgent
    assert message.title == "pln: 19 overdue, 7 people met, not followed up"
    assert "m9  7 people met 2 days ago, none followed up: ISTE" in message.body
    assert message.body.endswith("… and 17 more: pln due")  # 20 lines + 5 beyond, 8 named
    assert json.dumps(message._asdict())  # plain data


# Hostile receivers: each destination ends within the deadline (shortened to
# FAST seconds, as PLN_NET_DEADLINE lets a user do), the others are still
# tried, and the command ends in one line, exit 10.
FAST = 2.0


@pytest.mark.parametrize(
    ("how", "problem"),
    [
        ("trickle-headers", f"no complete answer within {FAST:g} s"),
        ("trickle-body", f"no complete answer within {FAST:g} s"),
        ("flood", "an answer larger than 4 MB: not read"),
        ("flood-declared", "an answer larger than 4 MB: not read"),
        ("flood-chunked", "an answer larger than 4 MB: not read"),
        ("short", "the answer broke off after 11 bytes"),
    ],
)
@pytest.mark.slow
def test_a_hostile_receiver_ends_within_the_deadline(
    pln: Pln, how: str, problem: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from servers import hostile_http

    monkeypatch.setenv("PLN_NET_DEADLINE", str(FAST))
    with hostile_http(how) as bad, webhook() as good:
        pln("config", "notify.urls", f"json://127.0.0.1:{bad.port}/tok-98765 {good.url}")
        start = time.monotonic()
        result = pln("notify", "--always", ok=False)
        took = time.monotonic() - start
        assert len(good.received) == 1  # the next destination is still tried
    assert result.exit_code == 10, (result.stderr, result.exception)
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"not delivered to 1 of 2: JSON (json://127.0.0.1:{bad.port}/***): {problem}" in (
        result.stderr
    )
    assert "tok-98765" not in result.stdout + result.stderr
    assert took < FAST + 3
    if how.startswith("trickle"):
        assert took > FAST - 0.2  # the deadline ended it, nothing sooner


@pytest.mark.usefixtures("store_url")
@pytest.mark.parametrize("how", ["flood", "flood-chunked", "trickle-headers"])
@pytest.mark.slow
def test_a_flood_or_a_trickle_stays_small_and_short(how: str) -> None:
    """The installed `pln`, measured alone: under 200 MB, within the deadline."""
    import os
    import sys

    from servers import hostile_http, run_measured

    pln = str(Path(sys.executable).with_name("pln"))
    env = dict(os.environ, PLN_NET_DEADLINE=str(FAST))
    with hostile_http(how) as bad:
        assert (
            run_measured([pln, "config", "notify.urls", f"json://127.0.0.1:{bad.port}/"], env)[0]
            == 0
        )
        run = run_measured([pln, "notify", "--always"], env)
    assert run.returncode == 10, run.stderr
    assert "not delivered to 1 of 1" in run.stderr
    assert run.peak_mb < 200, run
    assert run.seconds < FAST + 8, run


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("ntfy://TokNtfy4242@ntfy.example.org/topic4242", "ntfy://***@ntfy.example.org/***"),
        ("mastodon://TokMasto4242@mastodon.social", "mastodon://***@mastodon.social"),
        ("pover://UserKey4242@AppToken4242", "pover://***@***"),
        (
            "mailto://pln:Pw4242@smtp.example.org?to=me@example.org",
            "mailto://***:***@smtp.example.org?to=***",
        ),
        ("tgram://123456:BotToken4242/chat4242", "tgram://***/***"),
        (
            "json://127.0.0.1:8080/path4242?token=q4242&Bare4242",
            "json://127.0.0.1:8080/***?token=***&***",
        ),
        ("ntfys://ntfy.sh/topic4242", "ntfys://ntfy.sh/***"),
        ("discord://4242424242/Tok4242", "discord://***/***"),
        ("json://[::1]:8080/", "json://[::1]:8080/"),
        ("Secret4242-no-url", "***"),
        ("Secret4242 scheme://x", "***"),
    ],
)
def test_every_part_that_can_carry_a_secret_is_masked(url: str, shown: str) -> None:
    from plncrm.util.redact import mask_url, redact, secret_parts

    assert mask_url(url) == shown
    assert "4242" not in mask_url(url)
    said = f"failed: {url} ({' '.join(secret_parts(url))})"
    assert "4242" not in redact(said, *secret_parts(url))


PUSHOVER = "pover://uQiRzpo4DXghDmr9QzzfQu27cmVRsG@azGDORePK8gMaC0QOYAMyEEuzJnyUi"
PUSHOVER_SECRETS = ("uQiRzpo4DXghDmr9QzzfQu27cmVRsG", "azGDORePK8gMaC0QOYAMyEEuzJnyUi")


@pytest.mark.slow
def test_tokens_before_the_at_are_masked_everywhere(pln: Pln) -> None:
    """`ntfy://TOKEN@host/topic`, `mastodon://TOKEN@host`, Pushover's user
    key and token: never shown by config, its confirmation, history, notify
    (--dry-run, --json, the results) nor the error of a failed delivery."""
    from servers import hostile_http

    pln("add-contact", "Ana Lima")
    with hostile_http("short") as bad:  # every request broken off
        urls = (
            f"ntfy://TokNtfy4242@127.0.0.1:{bad.port}/topic4242 "
            f"mastodon://TokMasto4242@127.0.0.1:{bad.port}"
        )
        said = [pln("config", "notify.urls", f"{urls} {PUSHOVER}").stdout]
        said += [pln("config", "notify.urls").stdout, pln("config").stdout]
        said += [json.dumps(pln.json("config")), pln("history").stdout]
        said += [pln("notify", "--always", "--dry-run").stdout]
        said += [pln("notify", "--always", "--dry-run", "--json").stdout]
        pln("config", "notify.urls", urls)  # not Pushover: it is on the internet
        sent = pln("notify", "--always", ok=False)
        sent_json = pln("notify", "--always", "--json", ok=False)
        assert bad.requests >= 4
    said += [sent.stdout, sent.stderr, sent_json.stdout, sent_json.stderr]
    everything = "\n".join(said)
    for secret in ("TokNtfy4242", "topic4242", "TokMasto4242", *PUSHOVER_SECRETS):
        assert secret not in everything
    shown = (
        f"ntfy://***@127.0.0.1:{bad.port}/*** mastodon://***@127.0.0.1:{bad.port} pover://***@***"
    )
    assert said[0] == f"notify.urls = {shown}\n"
    assert f"pln config notify.urls '{shown}'" in said[4] or shown in said[4]
    assert sent.exit_code == 10
    assert f"ntfy (ntfy://***@127.0.0.1:{bad.port}/***)" in sent.stderr
    assert f"(mastodon://***@127.0.0.1:{bad.port})" in sent.stderr


@pytest.mark.parametrize(
    "url",
    [
        "nosuchservice://Tok4242@host.example/x4242",
        "Tok4242-not-a-url",
        "nosuch://Tok4242:Pw4242@h/x?token=4242",
        "Tok4242://h",
    ],
)
def test_a_rejected_url_is_not_echoed(pln: Pln, url: str) -> None:
    bad = pln("config", "notify.urls", url, ok=False)
    assert bad.exit_code == 5
    assert "not a notification URL Apprise can send to" in bad.stderr
    assert "4242" not in bad.stdout + bad.stderr
    assert "4242" not in pln("history").stdout


def _systemd_words(line: str) -> list[str]:
    """ExecStart= split and unquoted as systemd does (systemd.syntax(7),
    systemd.service(5)): `%%` is `%`; words split on blanks outside quotes;
    C escapes; `$$` is `$` in the arguments, not in the executable's path."""
    import re

    words: list[str] = []
    for found in re.finditer(r'"((?:[^"\\]|\\.)*)"|(\S+)', line.replace("%%", "\0")):
        word = found[1] if found[1] is not None else found[2]
        word = re.sub(r"\\(.)", r"\1", word).replace("\0", "%")
        words.append(word.replace("$$", "$") if words else word)
    assert "%" not in line.replace("%%", ""), line  # every other % is a specifier
    return words


def _cron_command(line: str) -> str:
    """The command of a crontab line as cron hands it to /bin/sh: `\\%` is
    `%`, and an unescaped `%` would end it (what follows is its stdin)."""
    command = line.split(" ", 5)[5]
    assert "%" not in command.replace("\\%", ""), command
    return command.replace("\\%", "%")


@pytest.fixture
def odd_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A store and a `pln` in folders whose names hold what shells, cron and
    systemd read specially; returns the store."""
    import os
    import sys

    here = tmp_path / 'it\'s 100% $HOME "pln" \\n'
    (here / "bin").mkdir(parents=True)
    (here / "bin" / "pln").symlink_to(Path(sys.executable).with_name("pln"))
    monkeypatch.setenv("PATH", f"{here / 'bin'}{os.pathsep}{os.environ['PATH']}")
    return here / "pln.db"


def test_the_timer_runs_on_an_odd_path_under_cron_and_systemd(
    pln: Pln, odd_places: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil
    import subprocess

    from plncrm.notifications import timer

    db = str(odd_places)
    pln("--db", db, "add-contact", "Ana Lima")
    pln("--db", db, "follow-up", "ana", "book the room", "--due", "2026-11-29")
    bare = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PLN_USER": "tester"}  # as cron runs
    probe = ["--on", "2026-11-29", "--dry-run"]  # that day's agenda, whatever today is

    monkeypatch.setattr(timer, "systemd_folder", lambda: None)
    line = pln("--db", db, "notify", "--install-timer", "07:30").stdout.splitlines()[-1]
    assert line.startswith("30 7 * * * PLN_USER=tester ")
    command = _cron_command(line)
    ran = subprocess.run(
        ["/bin/sh", "-c", f"{command} {' '.join(probe)}"],
        env=bare,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, (line, ran.stderr)
    assert "Ana Lima · book the room" in ran.stdout

    folder = tmp_path / "systemd" / "user"
    monkeypatch.setattr(timer, "systemd_folder", lambda: folder)
    pln("--db", db, "notify", "--install-timer", "07:30")
    service = (folder / "pln-notify.service").read_text()
    [exec_start] = [x for x in service.splitlines() if x.startswith("ExecStart=")]
    argv = _systemd_words(exec_start.removeprefix("ExecStart="))
    assert argv[0] == str(odd_places.parent / "bin" / "pln")
    assert argv[1:] == ["--db", db, "notify"]
    assert "Environment=PLN_USER=tester" in service
    ran = subprocess.run([*argv, *probe], env=bare, capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    assert "Ana Lima · book the room" in ran.stdout
    if shutil.which("systemd-analyze"):  # systemd's own reading: the executable is found
        checked = subprocess.run(
            ["systemd-analyze", "verify", str(folder / "pln-notify.service")],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert "not executable" not in checked.stderr, checked.stderr
        assert "specifier" not in checked.stderr.lower(), checked.stderr


def test_the_timer_never_holds_a_database_password(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.notifications import timer

    url = "postgresql+psycopg://pln:S3cr%40t-4242@db.example.org:5433/pln?password=Other4242&sslmode=require"
    monkeypatch.setattr(timer, "systemd_folder", lambda: None)
    out = pln("--db", url, "notify", "--install-timer", "07:30").stdout
    line = out.splitlines()[-1]
    assert line.endswith(
        " --db 'postgresql+psycopg://pln@db.example.org:5433/pln?sslmode=require' notify"
    )
    assert "4242" not in out
    assert "***" not in out  # a mask would not authenticate
    assert "~/.pgpass (chmod 600)" in out
    folder = tmp_path / "units"
    monkeypatch.setattr(timer, "systemd_folder", lambda: folder)
    pln("--db", url, "notify", "--install-timer", "07:30")
    for unit in folder.iterdir():
        assert "4242" not in unit.read_text()
        assert "***" not in unit.read_text()


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (PLN_TEST_PG)")
def test_the_crontab_line_authenticates_with_the_password_file(
    pln: Pln, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os
    import subprocess
    import sys
    from urllib.parse import unquote, urlsplit

    from plncrm.notifications import timer

    if not store_url.startswith("postgresql"):
        pytest.skip("about PostgreSQL's password")
    parts = urlsplit(store_url)
    if not parts.password:
        pytest.skip("PLN_TEST_PG has no password to keep out")
    passfile = tmp_path / "pgpass"
    passfile.write_text(f"*:*:*:{unquote(parts.username or '')}:{unquote(parts.password)}\n")
    passfile.chmod(0o600)
    monkeypatch.setattr(timer, "systemd_folder", lambda: None)
    monkeypatch.setenv("PATH", f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    line = pln("notify", "--install-timer", "07:30").stdout.splitlines()[-1]
    assert unquote(parts.password) not in line
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "PGPASSFILE": str(passfile)}
    ran = subprocess.run(
        ["/bin/sh", "-c", _cron_command(line) + " --dry-run --always"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
