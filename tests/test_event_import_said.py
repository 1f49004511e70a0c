"""What `pln event import` says (issue 31): the same file again is one line
("Nothing changed: …") as its dry run says, those already recorded are
named, the columns nobody reads wrap at the terminal's width, and a dry run
and the import give a namesake one wording."""

from __future__ import annotations

import pytest

from helpers import Pln
from test_event_import import WEBINAR, fixture, webinar


def test_the_same_attendee_report_again_is_one_line(pln: Pln) -> None:
    webinar(pln)
    pln("event", "import", WEBINAR, fixture("zoom-attendees.csv"))
    said = f"Nothing changed: {WEBINAR} has this zoom-attendees file's 5 people as it has them"
    [line] = pln("event", "import", WEBINAR, fixture("zoom-attendees.csv")).stdout.splitlines()
    assert line.startswith(said)
    dry = pln("event", "import", WEBINAR, fixture("zoom-attendees.csv"), "--dry-run").stdout
    [line] = dry.splitlines()
    assert line.startswith(said.replace("Nothing changed", "Nothing would change"))


def test_those_already_recorded_are_named(pln: Pln) -> None:
    webinar(pln)
    pln("event", "import", WEBINAR, fixture("zoom-attendees.csv"))
    out = pln("event", "import", WEBINAR, fixture("zoom-attendees.csv"), "--min-minutes", "3")
    [line] = [t for t in out.stdout.splitlines() if t.startswith("Already recorded")]
    assert line.startswith("Already recorded as the file has them (4 people): Derek Washington,")
    assert "Дмитрий" not in out.stdout.split("Already recorded")[-1]
    found = pln.json("event", "import", WEBINAR, fixture("zoom-attendees.csv"))
    assert found["event"]["unchanged"] == 5
    assert "Дмитрий Иванов" in found["event"]["unchanged_people"]


def test_columns_nobody_reads_wrap_at_the_terminal_width(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    webinar(pln)
    out = pln("event", "import", WEBINAR, fixture("zoom-attendees.csv")).stdout
    lines = out.splitlines()
    start = next(i for i, t in enumerate(lines) if t.startswith("Not imported"))
    unread = lines[start : start + 3]
    assert unread[0].startswith("Not imported, no field reads them: City,")
    assert unread[-1] == "  (--map FIELD=Column, or --keep-unmapped to keep them in notes)"
    assert "Country/Region Name" in " ".join(unread)
    assert max(len(t) for t in unread) <= 80


def test_a_dry_run_and_the_import_give_a_namesake_one_wording(pln: Pln) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln("add-contact", "Derek Washington", "--org", "Oswego CUSD 308")
    sheet = fixture("zoom-registrants.csv")
    dry = pln("event", "import", WEBINAR, sheet, "--dry-run").stdout
    done = pln("event", "import", WEBINAR, sheet).stdout
    for said in (dry, done):
        assert "#1 Derek Washington (same name and organisation)" in said
