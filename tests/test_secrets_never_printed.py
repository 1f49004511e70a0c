"""Secrets never reach what pln prints or writes, however they are written.

A database password with `/`, `@`, `:`, `%40`, `#`, `?`, a blank or
non-ASCII letters in it, `sslpassword=` and `password=` in a URL's query or
in a libpq connection string, a notification URL's tokens: none of them in
an error, `pln history`, `pln config`, `pln notify` or the crontab line and
systemd units `pln notify --install-timer` writes. And the mask takes only
the secret: the user, host, port, database and the other parameters stay as
written. The servers are 127.0.0.1 on a closed port: nothing leaves this
machine.
"""

from __future__ import annotations

import json
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import Pln
from plncrm.util.redact import (
    mask_url,
    password_spills,
    redact,
    url_secrets,
    without_password,
)

PLN = Path(sys.executable).with_name("pln")

# Two distinctive halves around what a URL reads specially: a leak of either
# half (a password cut at its `/` or `@`) shows as plainly as the whole.
HALVES = ("Qx7k", "Zw9v")
SEPARATORS = [
    "/",
    "@",
    ":",
    "%40",
    "%2F",
    "#",
    "?",
    " ",
    "é€",
    "@/",
    "/@",
    "&",
    "=",
    "'",
    '"',
    "\\",
    "%",
    "@@",
    "$",
    "+",
]
PASSWORDS = [HALVES[0] + sep + HALVES[1] for sep in SEPARATORS]


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def port() -> int:
    return _closed_port()


def _forms(secret: str) -> set[str]:
    """The secret and its halves, as written, decoded and encoded."""
    from urllib.parse import unquote

    forms = {secret, unquote(secret), quote(secret, safe=""), quote(unquote(secret), safe="")}
    forms |= {half for half in HALVES if half in secret}
    return forms


def _leaks(secret: str, *said: str) -> list[str]:
    everything = "\n".join(said)
    return sorted(form for form in _forms(secret) if form in everything)


def _database_urls(password: str, port: int) -> dict[str, str]:
    """The places a database URL holds a password, around parameters that
    must stay readable."""
    tail = f"127.0.0.1:{port}/plndb?sslmode=disable&application_name=plnapp"
    encoded = quote(password, safe="")
    return {
        "raw": f"postgresql+psycopg://plnuser:{password}@{tail}",
        "encoded": f"postgresql+psycopg://plnuser:{encoded}@{tail}",
        "sslpassword": f"postgresql+psycopg://plnuser@{tail}&sslpassword={encoded}",
        "password": f"postgresql+psycopg://plnuser@127.0.0.1:{port}/plndb?password={encoded}"
        "&sslmode=disable&application_name=plnapp",
    }


def _readable(text: str, port: int) -> None:
    for part in (
        "plnuser",
        "127.0.0.1",
        str(port),
        "plndb",
        "sslmode=disable",
        "application_name=plnapp",
    ):
        assert part in text, (part, text)


# A database URL with a hostile password, through the commands


@pytest.mark.parametrize("password", PASSWORDS)
def test_a_database_password_is_in_no_error(password: str, port: int) -> None:
    pln = Pln()
    for shape, url in _database_urls(password, port).items():
        said = []
        for args in (("due",), ("add-contact", "Ana"))[: 2 if shape == "raw" else 1]:
            result = pln("--db", url, *args, ok=False)
            assert result.exit_code == 8, (shape, result.stdout, result.stderr, result.exception)
            said += [result.stdout, result.stderr]
            _readable(result.stderr, port)
            assert "***" in result.stderr
        assert not _leaks(password, *said), (shape, said)
        if shape == "raw" and "@" in password:  # refused before any name is looked up
            assert "write an @ in the password as %40" in said[1]
        else:
            assert "connect" in said[1].lower(), said[1]


@pytest.mark.parametrize(
    ("password", "shape"),
    [
        ("Qx7k/Zw9v", "raw"),
        ("Qx7k@Zw9v", "raw"),
        ("Qx7k%40Zw9v", "raw"),
        ("Qx7k é€#?Zw9v", "encoded"),
        ("Qx7k&Zw9v", "sslpassword"),
    ],
)
def test_the_installed_pln_prints_no_database_password(
    password: str, shape: str, port: int
) -> None:
    """As a user runs it, the URL in PLN_DB: what reaches the terminal."""
    url = _database_urls(password, port)[shape]
    ran = subprocess.run(
        [str(PLN), "due"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PLN_DB": url},
    )
    assert ran.returncode == 8, ran.stderr
    assert not _leaks(password, ran.stdout, ran.stderr), ran.stderr
    _readable(ran.stderr, port)


def _db_word(crontab: str) -> str:
    """The --db word of a crontab line, as /bin/sh reads it."""
    words = shlex.split(crontab.split(" ", 5)[5].replace("\\%", "%"))
    return words[words.index("--db") + 1]


@pytest.mark.parametrize("password", PASSWORDS)
def test_the_timer_holds_no_database_password(
    password: str, port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.engine import make_url

    from plncrm.notifications import timer

    monkeypatch.setenv("PATH", "/nonexistent")  # no systemctl to start it
    pln = Pln()
    for shape, url in _database_urls(password, port).items():
        monkeypatch.setattr(timer, "systemd_folder", lambda: None)
        out = pln("--db", url, "notify", "--install-timer", "07:30").stdout
        folder = tmp_path / shape
        monkeypatch.setattr(timer, "systemd_folder", lambda folder=folder: folder)
        written = pln("--db", url, "notify", "--install-timer", "07:30").stdout
        units = [path.read_text() for path in folder.iterdir()]
        assert len(units) == 2
        assert not _leaks(password, out, written, *units), (shape, out, units)
        assert "***" not in out + "".join(units)  # a mask would not authenticate
        assert "~/.pgpass" in out
        # What the timer runs is the same database, read as SQLAlchemy reads it
        shown = make_url(_db_word(out.splitlines()[-1]))
        assert (shown.username, shown.password, shown.host, shown.port, shown.database) == (
            "plnuser",
            None,
            "127.0.0.1",
            port,
            "plndb",
        )
        assert dict(shown.query) == {"sslmode": "disable", "application_name": "plnapp"}
        _readable(units[0] + units[1], port)


def test_what_history_records_of_a_database_url(port: int) -> None:
    """`pln history` shows the command as typed: the password masked, in
    `--db URL` and `--db=URL` alike, the rest as typed."""
    from plncrm.cli.environment import Environment

    for password in PASSWORDS:
        for shape, url in _database_urls(password, port).items():
            for argv in (
                ["--db", url, "add-contact", "Ana"],
                [f"--db={url}", "add-contact", "Ana"],
            ):
                shown = Environment(argv=argv).command
                assert not _leaks(password, shown), (shape, shown)
                _readable(shown, port)
                assert shown.endswith(" add-contact Ana")


@pytest.mark.parametrize("password", ["Qx7k Zw9v", "Qx7k'Zw9v", "Qx7k\\Zw9v", "Qx7k=Zw9v&"])
def test_a_libpq_connection_string_keeps_its_password(
    password: str, port: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`host=… password='…'` is no URL, so pln takes it for a file's name;
    its password is masked in what is shown, and no timer holds it."""
    from plncrm.cli.environment import Environment
    from plncrm.notifications import timer

    escaped = password.replace("\\", "\\\\").replace("'", "\\'")
    dsn = (
        f"host=127.0.0.1 port={port} dbname=plndb user=plnuser password='{escaped}' sslmode=disable"
    )
    assert not _leaks(password, redact(f"cannot open {dsn}: refused", *url_secrets(dsn)))
    assert not _leaks(password, redact(f"cannot open {dsn}: refused"))
    shown = Environment(argv=["--db", dsn, "due"]).command
    assert not _leaks(password, shown)
    assert f"host=127.0.0.1 port={port} dbname=plndb user=plnuser password=" in shown
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(timer, "systemd_folder", lambda: tmp_path / "units")
    for argv in (["notify", "--install-timer", "07:30"], ["due"], ["add-contact", "Ana"]):
        result = Pln()("--db", dsn, *argv, ok=False)
        assert result.exit_code == 8  # refused: never a new store named after the password
        assert "not host=… dbname=… settings" in result.stderr
        assert not _leaks(password, result.stdout, result.stderr)
    assert not (tmp_path / "units").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("password", ["Qx7k/Zw9v", "Qx7k@Zw9v", "Qx7k Zw9v", "Qx7k?Zw9v#"])
def test_a_vdirsyncer_configuration_holds_no_password(
    pln: Pln, tmp_path: Path, password: str
) -> None:
    url = f"https://ana:{password}@dav.example.org/ana/pln/?view=week"
    printed = [
        pln("calendar", "vdirsyncer", str(tmp_path / "cal"), "--url", url, "-u", "ana").stdout,
        pln("sync", "vdirsyncer", str(tmp_path / "book"), "--url", url, "-u", "ana").stdout,
    ]
    for out in printed:
        assert not _leaks(password, out), out
        assert 'url = "https://ana:***@dav.example.org/ana/pln/?view=week"' in out


# Notification URLs: tokens masked, and only the tokens

TOKENS = [
    "Qx7kZw9v",
    "Qx7k/Zw9v",
    "Qx7k@Zw9v",
    "Qx7k:Zw9v",
    "Qx7k#Zw9v",
    "Qx7k?Zw9v",
    "Qx7k Zw9v",
    "Qx7k&Zw9v",
    "Qx7ké€Zw9v",
]


@pytest.mark.parametrize("token", TOKENS)
def test_a_token_is_masked_and_what_follows_it_stays(pln: Pln, token: str) -> None:
    port = _closed_port()
    code = quote(token, safe="")
    urls = (
        f"ntfy://127.0.0.1:{port}/topicQx7k?token={code}&priority=high "
        f"gotify://127.0.0.1:{port}/{code}?priority=high"
    )
    pln("add-contact", "Ana Lima")
    said = [pln("config", "notify.urls", urls).stdout]
    said += [pln("config", "notify.urls").stdout, pln("config").stdout]
    said += [json.dumps(pln.json("config"), ensure_ascii=False), pln("history").stdout]
    said += [pln("notify", "--always", "--dry-run").stdout]
    sent = pln("notify", "--always", ok=False)
    sent_json = pln("notify", "--always", "--json", ok=False)
    said += [sent.stdout, sent.stderr, sent_json.stdout, sent_json.stderr]
    assert sent.exit_code == 10, (sent.stderr, sent.exception)
    assert not _leaks(token, *said), said
    shown = f"ntfy://127.0.0.1:{port}/***?token=***&priority=high gotify://127.0.0.1:{port}/***?priority=high"
    assert said[0] == f"notify.urls = {shown}\n"
    assert shown in said[3]
    assert f"ntfy (ntfy://127.0.0.1:{port}/***?token=***&priority=high): " in sent.stderr
    assert f"(gotify://127.0.0.1:{port}/***?priority=high): " in sent.stderr
    assert "priority=high" in said[4]  # history


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "json://h.example.org/x?token=abc&priority=high",
            "json://h.example.org/x?token=***&priority=high",
        ),
        (
            "failed (json://h.example.org/x?token=abc) at 07:00",
            "failed (json://h.example.org/x?token=***) at 07:00",
        ),
        (
            "pln config x 'ntfy://h.example.org/t?token=abc'",
            "pln config x 'ntfy://h.example.org/t?token=***'",
        ),
        ("pln --db 'host=h password=pw' due", "pln --db 'host=h password=***' due"),
        (
            '{"url": "x?token=abc", "priority": "high"}',
            '{"url": "x?token=***", "priority": "high"}',
        ),
        ("token=abc, priority=high.", "token=***, priority=high."),
        ("host=h password='p w\\' x' user=u", "host=h password='***' user=u"),
        (
            "at postgresql://u:pw@h/db?sslpassword=k&sslmode=require: refused",
            "at postgresql://u:***@h/db?sslpassword=***&sslmode=require: refused",
        ),
        (
            "postgresql://u:pw@h/db?application_name=me@laptop",
            "postgresql://u:***@h/db?application_name=me@laptop",
        ),
        (
            "mailto://u:p@smtp.example.org?to=a@example.org",
            "mailto://***:***@smtp.example.org?to=a@example.org",
        ),
        (
            "https://me:pw@dav.example.org/cal/?api_key=k1&view=week",
            "https://me:***@dav.example.org/cal/?api_key=***&view=week",
        ),
    ],
)
def test_the_mask_takes_the_secret_and_nothing_after_it(text: str, shown: str) -> None:
    assert redact(text) == shown


def test_a_notification_url_keeps_its_plain_parameters() -> None:
    assert mask_url("ntfy://ntfy.example.org/topic?token=abc&priority=high&format=markdown") == (
        "ntfy://ntfy.example.org/***?token=***&priority=high&format=markdown"
    )
    assert (
        mask_url("json://127.0.0.1:8/x?priority=Qx7k%2FZw9v")
        == "json://127.0.0.1:8/***?priority=***"
    )
    assert mask_url("mailto://u:Qx7k/Zw9v@smtp.example.org") == "mailto://***:***@smtp.example.org"


# The one rule, against SQLAlchemy's own reading

_PIECES = [*"/@:#? %&=+'\"\\$é€ü_-.~;,", "%40", "%2F"]
_HOSTILE = st.lists(st.sampled_from(_PIECES), min_size=1, max_size=6).map("".join)


@settings(max_examples=300, deadline=None)
@given(
    middle=_HOSTILE,
    encoded=st.booleans(),
    query=st.sampled_from(["", "?sslmode=disable", "?application_name=me@laptop&sslmode=disable"]),
)
def test_every_password_is_found_as_sqlalchemy_reads_it(
    middle: str, encoded: bool, query: str
) -> None:
    from sqlalchemy.engine import make_url

    password = HALVES[0] + middle + HALVES[1]
    written = quote(password, safe="") if encoded else password
    url = f"postgresql+psycopg://plnuser:{written}@127.0.0.1:5433/plndb{query}"
    said = redact(
        f'cannot open the database {url}: connection to server at "127.0.0.1", port 5433 failed',
        *url_secrets(url),
    )
    assert not _leaks(password, said), said
    assert said.startswith(
        "cannot open the database postgresql+psycopg://plnuser:***@127.0.0.1:5433/plndb"
    )
    assert said.endswith(f'{query}: connection to server at "127.0.0.1", port 5433 failed')
    kept = without_password(url)
    assert not _leaks(password, kept)
    read = make_url(kept)
    assert (read.username, read.password, read.host, read.port, read.database) == (
        "plnuser",
        None,
        "127.0.0.1",
        5433,
        "plndb",
    )
    assert dict(read.query) == dict(make_url(f"postgresql://h/{query}").query)
    if password_spills(url):  # the store refuses it: SQLAlchemy would read a host in it
        assert "@" in written
    else:
        read = make_url(url)
        assert (read.host, read.port, read.database) == ("127.0.0.1", 5433, "plndb")
        assert read.password in url_secrets(url)  # masked wherever the driver repeats it
