"""Values out of range are refused where they are parsed (exit 5, saying the
range), and secrets in database URLs never reach a message."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PG_URL, Pln
from plncrm.util.redact import redact

PLN = Path(sys.executable).with_name("pln")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("config", "intro-wait-days", "99999999999999"), "between 0 and 365"),
        (("config", "guard-days", "3000000"), "between 0 and 365"),
        (("config", "guard-days", "٣"), "whole number of days"),
        (("config", "cadence.board", "9000 years"), "up to 10 years"),
        (("follow-up", "ana", "x", "--every", "99999 years"), "up to 10 years"),
        (("follow-up", "ana", "x", "--due", "9999-12-31"), "1900 to 2200"),
        (("follow-up", "ana", "x", "--due", "1066-10-14"), "1900 to 2200"),
        (("add-contact", "Bo", "--met-on", "in 8000 years"), "1900 to 2200"),
        (("add-contact", "Bo", "--cadence", "9000 years"), "up to 10 years"),
        (("log", "ana", "--on", "50000 years ago"), "1900 to 2200"),
        (("due", "--within", "99999999"), "--within must be between 0 and 3,660"),
        (("due", "--limit", "-1"), "--limit must be between 0"),
        (("list", "--limit", "99999999999999999999"), "--limit must be between 1"),
        (("show", "2147483648"), "an id is a whole number from 1 to 2147483647"),
        (("done", "9223372036854775808"), "an id is a whole number"),
        (("intros", "show", "99999999999999999999"), "an id is a whole number"),
        (("event", "show", "#99999999999999999999"), "an id is a whole number"),
    ],
)
def test_out_of_range_values_are_refused_up_front(
    pln: Pln, args: tuple[str, ...], message: str
) -> None:
    pln("add-contact", "Ana")
    pln("event", "add", "Expo", "--on", "2026-12-01")
    before = pln.json("list")
    result = pln(*args, ok=False)
    assert result.exit_code == 5, (result.stdout, result.stderr)
    assert message in result.stderr
    assert pln.json("list") == before
    assert pln("due").exit_code == 0


@pytest.mark.parametrize("ref", ["²", "١", "#²"])
def test_digits_from_other_scripts_are_names_not_ids(pln: Pln, ref: str) -> None:
    pln("add-contact", "Ana")
    result = pln("show", ref, ok=False)
    assert result.exit_code == 3
    assert "no contact matches" in result.stderr


def test_the_edges_of_the_ranges_are_accepted(pln: Pln) -> None:
    pln("add-contact", "Ana", "--cadence", "10 years")
    pln("follow-up", "ana", "far", "--due", "2200-12-31", "--every", "120 months")
    pln("config", "guard-days", "365")
    assert pln.json("due", "--within", "3660", "--limit", "0")


# Secrets


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(db: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(PLN), "due"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PLN_DB": db},
    )


@pytest.mark.parametrize(
    "url",
    [
        "postgresql+psycopg://pln:Sup3rSecret@127.0.0.1:{port}/nosuchdb",
        "postgresql+psycopg://pln:Sup3rSecret@127.0.0.1:notaport/nosuchdb",
        "postgresql+psycopg://pln:Sup3rSecret@127.0.0.1:{port}/nosuchdb?sslmode=bogus",
        "postgresql+psycopg://pln:Sup%33rSecret@127.0.0.1:{port}/nosuchdb",
    ],
)
def test_a_database_password_is_never_printed(url: str) -> None:
    result = _run(url.format(port=_closed_port()))
    assert result.returncode == 8, result.stderr
    assert "Sup3rSecret" not in result.stderr + result.stdout
    assert "Sup%33rSecret" not in result.stderr
    assert "***" in result.stderr


@pytest.mark.skipif(not PG_URL, reason="needs a PostgreSQL server (PLN_TEST_PG)")
def test_a_password_sent_to_a_real_server_is_never_printed() -> None:
    from sqlalchemy.engine import make_url

    assert PG_URL
    url = make_url(PG_URL).set(password="Sup3rSecret", database="no_such_database_here")
    result = _run(url.render_as_string(hide_password=False))
    assert result.returncode == 8, result.stderr
    assert "Sup3rSecret" not in result.stderr + result.stdout


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://u:pw@h/db", "postgresql://u:***@h/db"),
        ("x postgresql+psycopg://u:p@ss@h/db y", "x postgresql+psycopg://u:***@h/db y"),
        (
            "postgresql://u@h/db?sslmode=require&password=pw",
            "postgresql://u@h/db?sslmode=require&password=***",
        ),
        ("ntfy://127.0.0.1:8080/topic", "ntfy://127.0.0.1:8080/topic"),
        ("host=h password=pw user=u", "host=h password=*** user=u"),
    ],
)
def test_redact_masks_passwords_and_tokens(text: str, shown: str) -> None:
    assert redact(text) == shown
