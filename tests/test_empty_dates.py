"""An empty date option (`--since ""`, a variable that expanded to nothing) is
an error in one line (exit 5, an invalid value), like any date pln cannot read: it used to mean
no date at all, so `pln interactions --since "$FROM"` listed everything and
`pln event add X --on ""` made an event with no day (issue 31)."""

from __future__ import annotations

import pytest

from helpers import Pln

# Each command with an empty date option, after `_store` made what it names.
EMPTY = [
    ("interactions", "--since", ""),
    ("interactions", "--until", ""),
    ("timeline", "--since", ""),
    ("list", "--not-contacted-since", ""),
    ("due", "--on", ""),
    ("notify", "--on", ""),
    ("report", "--since", ""),
    ("add-contact", "Cy Park", "--met-on", ""),
    ("event", "add", "Expo", "--on", ""),
    ("event", "add", "Expo", "--on", "2026-11-02", "--until", ""),
    ("event", "edit", "Fair", "--on", ""),
    ("event", "edit", "Fair", "--until", ""),
    ("event", "invite", "Fair", "Ana Lima", "--on", ""),
    ("event", "rsvp", "Fair", "Ana Lima", "yes", "--on", ""),
    ("event", "attended", "Fair", "Ana Lima", "--on", ""),
    ("event", "thank", "Fair", "--on", ""),
    ("event", "thank", "Fair", "--no-shows", "--recording", "https://example.org/r", "--on", ""),
    ("event", "remind", "Fair", "--on", ""),
    ("give", "Pack", "Ana Lima", "--on", ""),
    ("interaction", "edit", "1", "--on", ""),
    ("follow-ups", "edit", "1", "--due", ""),
    ("follow-up", "Ana Lima", "Call", "--due", ""),
    ("done", "1", "--on", ""),
    ("snooze", "1", "--until", ""),
    ("import", "csv", "FILE", "--met-at", "Fair", "--met-on", ""),
]


def _store(pln: Pln, tmp_path: object) -> None:
    pln("add-contact", "Ana Lima", "-e", "ana@example.org")
    pln("event", "add", "Fair", "--on", "2026-11-02")
    pln("resource", "add", "Pack", "--link", "https://example.org/pack")
    pln("log", "Ana Lima", "-m", "Coffee")
    pln("follow-up", "Ana Lima", "Call", "--due", "friday")


@pytest.mark.parametrize("args", EMPTY, ids=[" ".join(a[:2]) + " " + a[-2] for a in EMPTY])
def test_an_empty_date_is_an_error(pln: Pln, tmp_path: object, args: tuple[str, ...]) -> None:
    from pathlib import Path

    _store(pln, tmp_path)
    sheet = Path(str(tmp_path)) / "people.csv"
    sheet.write_text("Name,Email\nBo Ek,bo@example.org\n", encoding="utf-8")
    argv = [str(sheet) if a == "FILE" else a for a in args]
    before = pln.json("history", "-n", "100")
    refused = pln(*argv, ok=False)
    assert refused.exit_code == 5, (argv, refused.stdout, refused.stderr)
    assert len(refused.stderr.strip().splitlines()) == 1, refused.stderr
    assert "date" in refused.stderr
    assert pln.json("history", "-n", "100") == before  # nothing written
