"""What a new user and an attacker found, replayed: a uid in a file names a
person only when the file agrees it is them (a badge scanner numbers its cards
1, 2, 3 at every show, and a sheet's uid column may hold someone else's); what
an import accepts can be exported and imported again."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import Pln


def test_a_uid_held_by_someone_else_is_a_new_person(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("uid,name,email,org\nT-001,Rosa Delgado,rosa@eastside.org,Eastside ISD\n")
    pln("import", "csv", str(sheet))
    other = tmp_path / "other.csv"
    other.write_text(
        "uid,name,email,org\nT-001,Omar Farouk,omar@example.org,Cairo American College\n"
    )
    said = pln("import", "csv", str(other)).stdout
    assert said.startswith("Added 1, merged 0")
    rosa = pln.json("show", "rosa")
    assert (rosa["org"], rosa["emails"]) == ("Eastside ISD", ["rosa@eastside.org"])
    omar = pln.json("show", "omar")
    assert omar["org"] == "Cairo American College"
    assert omar["uid"] != rosa["uid"]


def test_a_badge_file_numbering_its_cards_again_adds_new_visitors(pln: Pln, tmp_path: Path) -> None:
    def card(uid: str, name: str, email: str) -> str:
        return f"BEGIN:VCARD\nVERSION:3.0\nUID:{uid}\nFN:{name}\nEMAIL:{email}\nEND:VCARD\n"

    first = tmp_path / "fall.vcf"
    first.write_text(card("1", "Ana Lima", "ana@x.org") + card("2", "Ben Ode", "ben@y.org"))
    pln("import", "vcard", str(first))
    second = tmp_path / "spring.vcf"
    second.write_text(card("1", "Cy Park", "cy@z.org") + card("2", "Ben Ode", "ben@y.org"))
    said = pln("import", "vcard", str(second)).stdout
    assert said.startswith("Added 1, merged 0")  # Cy is new; Ben is known and unchanged
    assert sorted(c["name"] for c in pln.json("list")) == ["Ana Lima", "Ben Ode", "Cy Park"]


def test_our_own_export_read_back_still_matches_by_uid(pln: Pln) -> None:
    pln("add-contact", "Rosa Delgado", "-e", "rosa@eastside.org")
    exported = pln("export", "csv").stdout
    said = pln("import", "csv", "-", input=exported).stdout
    assert said.startswith("Added 0")


def test_a_moment_out_of_range_once_stored_in_utc_is_refused(pln: Pln) -> None:
    """What is accepted can be exported and imported again: the range holds
    for the moment as stored (UTC), not as written."""
    doc = (
        '{"format": "plncrm", "version": 1, "contacts": [{"id": 1, "name": "D", "uid": "dd", '
        '"created_at": "2200-12-31T23:00:00-05:00"}]}'
    )
    result = pln("import", "json", "-", input=doc, ok=False)
    assert result.exit_code == 5
    assert "created_at" in result.stderr


def test_an_edit_that_changes_nothing_leaves_nothing_to_undo(pln: Pln) -> None:
    pln("add-contact", "Seán O'Connell", "--org", "Galway ETB")
    pln("edit", "sean", "--org", "Galway and Roscommon ETB")
    said = pln("edit", "sean", "--org", "Galway and Roscommon ETB").stdout
    assert "nothing changed" in said
    assert "pln edit sean --org 'Galway and Roscommon ETB'" in pln("history").stdout
    assert len(pln.json("history")) == 2  # the add and the real edit, not the empty one
    pln("undo", "--yes")  # takes back the real edit
    assert pln.json("show", "sean")["org"] == "Galway ETB"


def test_an_empty_value_clears_a_list_as_it_clears_a_field(pln: Pln) -> None:
    pln(
        "add-contact", "Ana Lima", "--email", "ana@x.org", "--phone", "+1 555 0100", "--tag", "math"
    )
    said = pln("edit", "ana", "--email", "", "--phone", "", "--tag", "").stdout
    assert "email (removed ana@x.org)" in said
    shown = pln.json("show", "ana")
    assert (shown["emails"], shown["phones"], shown["tags"]) == ([], [], [])


def test_correcting_where_someone_was_met_keeps_the_day_given(pln: Pln) -> None:
    pln("event", "add", "NCTM Boston 2026", "--on", "2026-11-19", "--until", "2026-11-20")
    pln("add-contact", "Liam Walsh", "--met-at", "NCTM Bostn 2026", "--met-on", "2026-11-20")
    pln("edit", "liam", "--met-at", "NCTM Boston 2026")
    shown = pln.json("show", "liam")
    assert (shown["met_at"], shown["met_on"]) == ("NCTM Boston 2026", "2026-11-20")


def test_done_with_a_message_says_when_there_is_nobody_to_log_it_with(pln: Pln) -> None:
    said = pln("follow-up", "--no-contact", "write the PLN newsletter", "--due", "today").stdout
    task = said.split("#", 1)[1].split()[0]
    said = pln("done", task, "-m", "sent the newsletter").stdout
    assert "no contact: -m not logged" in said


def test_what_the_attacker_found_in_the_everyday_writes(pln: Pln) -> None:
    """Punctuation names nobody; done records only what happened; a series
    stops at the last day a store holds; a link in a note is no secret."""
    pln("add-contact", "Solo Person")
    for ref in ("'", "-", "."):
        refused = pln("log", "--", ref, "-m", "x", ok=False)
        assert refused.exit_code == 3
        assert refused.stderr.startswith("pln: no contact matches")
    said = pln("follow-up", "solo", "call", "--due", "today").stdout
    task = said.split("#", 1)[1].split()[0]
    future = pln("done", task, "--on", "2100-01-01", ok=False)
    assert future.exit_code == 5
    assert "has not happened yet" in future.stderr
    said = pln("follow-up", "solo", "renew", "--due", "2200-12-01", "--every", "1 year", "--fixed")
    said = said.stdout
    last = said.split("#", 1)[1].split()[0]
    assert "next #" not in pln("done", last).stdout  # 2201 is past what a store holds
    pln("log", "solo", "-m", "slides at https://example.org/deck")
    assert "https://example.org/deck" in pln("history").stdout


def test_a_long_search_is_invalid_input_not_an_internal_error(pln: Pln) -> None:
    pln("add-contact", "Solo Person")
    said = pln("show", "C" * 60_000, ok=False)
    # SQLite refuses so long a pattern (exit 5); PostgreSQL looks, and finds nobody (exit 3).
    assert said.exit_code in (3, 5)
    assert said.stderr.count("\n") == 1
    assert said.stderr.startswith(("pln: that is too long to look for", "pln: no contact matches"))


def test_show_lists_the_open_follow_ups_the_agenda_has(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A card that agrees with `pln due`: the open follow-ups about someone,
    soonest first (a new user could not see them without `pln follow-ups`)."""
    monkeypatch.setenv("COLUMNS", "80")
    pln("add-contact", "Rachel Goldberg, M.Ed.", "--email", "r@x.org")
    pln("follow-up", "rachel", "send the [bold]deck[/bold]", "--due", "2026-12-04")
    pln("follow-up", "rachel", "book the room", "--due", "2026-11-30")
    pln("follow-up", "rachel", "done already", "--due", "2026-11-29")
    pln("done", "3")
    card = [line.rstrip() for line in pln("show", "rachel").stdout.splitlines()]
    assert card[3:5] == [
        "to do         2  book the room · due 2026-11-30 (tomorrow)",
        "              1  send the [bold]deck[/bold] · due 2026-12-04 (in 5 days)",
    ]
    assert "done already" not in "\n".join(card)
    view = pln.json("show", "rachel")
    assert [t["title"] for t in view["follow_ups"]] == [
        "book the room",
        "send the [bold]deck[/bold]",
    ]
