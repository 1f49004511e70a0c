"""`pln interactions` (alias `pln timeline`): what happened across the network,
each filter alone and together, pages and --json, an 80-column screen with
hostile notes shown literally; and `pln list`'s --not-contacted-since,
--reverse and role column. On every engine under test (the `pln` fixture)."""

from __future__ import annotations

import pytest

from helpers import Pln


def network(pln: Pln) -> None:
    """Three people at two districts, a booth, a gift and a few touchpoints
    on known days (TODAY is 2026-11-29)."""
    pln("add-contact", "José Núñez", "--org", "Oswego CUSD 308", "--role", "Reading coach")
    pln("add-contact", "Ana Lima", "--org", "Naperville 203", "--email", "ana@example.org")
    pln("add-contact", "Ben Ode", "--org", "Oswego CUSD 308")
    pln("add-contact", "Quiet Quinn")  # never contacted
    pln("event", "add", "Fall CUE", "--on", "2026-10-10", "--kind", "conference")
    pln("resource", "add", "Décodable Pack", "--link", "https://example.org/pack.pdf")
    pln("log", "José", "-m", "Coffee about phonics", "--kind", "meeting", "--on", "2026-09-01")
    booth = ("-m", "Booth chat: DECODABLE readers", "--at", "Fall CUE", "--on", "2026-10-10")
    pln("log", "Ana", "Ben", *booth)
    pln("give", "Décodable", "José", "Ana", "--on", "2026-11-20", "-m", "as promised")
    pln("log", "Ben", "-m", "Called about the grant", "--kind", "call", "--on", "2026-11-25")


def ids(pln: Pln, *args: str) -> list[int]:
    return [row["id"] for row in pln.json("interactions", *args)]


def kinds_and_notes(pln: Pln, *args: str) -> list[tuple[str, str]]:
    return [(row["kind"], row["note"]) for row in pln.json("interactions", *args)]


def test_newest_first_with_stable_keys(pln: Pln) -> None:
    network(pln)
    found = pln.json("interactions")
    assert [r["date"] for r in found] == sorted((r["date"] for r in found), reverse=True)
    assert len(found) == 5  # the meeting, the booth chat, two gifts, the call
    assert all(
        set(r) == {"id", "date", "kind", "note", "event", "with", "about", "by"} for r in found
    )
    booth = next(r for r in found if r["event"])
    assert booth["event"]["name"] == "Fall CUE"
    assert [p["name"] for p in booth["with"]] == ["Ana Lima", "Ben Ode"]


def test_who_got_the_decodable_pack(pln: Pln) -> None:
    network(pln)
    gifts = pln.json("interactions", "--kind", "gave", "--text", "decodable")
    assert sorted(p["name"] for r in gifts for p in r["with"]) == ["Ana Lima", "José Núñez"]
    assert {r["note"] for r in gifts} == {"Décodable Pack: as promised"}
    # The alias answers the same, and so do other cases and accents.
    assert pln.json("timeline", "--kind", "gave", "--text", "DÉCOD") == gifts


def test_text_matches_word_starts_every_word_any_case_or_accent(pln: Pln) -> None:
    network(pln)
    assert {k for k, _ in kinds_and_notes(pln, "--text", "decodable")} == {"gave", "event"}
    assert kinds_and_notes(pln, "--text", "booth decod") == [
        ("event", "Booth chat: DECODABLE readers")
    ]
    assert kinds_and_notes(pln, "--text", "codable") == []  # not the start of a word
    assert kinds_and_notes(pln, "--text", "booth grant") == []  # every word must be there
    assert kinds_and_notes(pln, "--text", "ＰＨＯＮＩＣＳ") == [("meeting", "Coffee about phonics")]


def test_kind_is_repeatable_and_checked(pln: Pln) -> None:
    network(pln)
    assert {k for k, _ in kinds_and_notes(pln, "--kind", "meeting", "-k", "call")} == {
        "meeting",
        "call",
    }
    refused = pln("interactions", "--kind", "emial", ok=False)
    assert refused.exit_code != 0
    assert "no kind 'emial'" in refused.stderr


def test_with_resolves_a_contact_as_everywhere(pln: Pln) -> None:
    network(pln)
    notes = [n for _, n in kinds_and_notes(pln, "--with", "jose")]
    assert notes == ["Décodable Pack: as promised", "Coffee about phonics"]
    assert len(ids(pln, "--with", "ana@example.org")) == 2
    missing = pln("interactions", "--with", "Nobody Here", ok=False)
    assert missing.exit_code != 0
    assert "no contact matches" in missing.stderr


def test_org_event_and_dates(pln: Pln) -> None:
    network(pln)
    oswego = kinds_and_notes(pln, "--org", "oswego")
    assert [k for k, _ in oswego] == ["call", "gave", "event", "meeting"]
    assert kinds_and_notes(pln, "--event", "fall") == [("event", "Booth chat: DECODABLE readers")]
    assert [k for k, _ in kinds_and_notes(pln, "--since", "30 days")] == ["call", "gave", "gave"]
    between = kinds_and_notes(pln, "--since", "2026-10-10", "--until", "2026-11-20")
    assert [k for k, _ in between] == ["gave", "gave", "event"]
    assert kinds_and_notes(pln, "--until", "last year") == []


def test_filters_combine(pln: Pln) -> None:
    network(pln)
    both = kinds_and_notes(pln, "--org", "oswego", "--text", "decodable", "--kind", "gave")
    assert both == [("gave", "Décodable Pack: as promised")]
    assert kinds_and_notes(pln, "--with", "ben", "--kind", "call", "--since", "2026-11-26") == []
    assert kinds_and_notes(pln, "--with", "ben", "--event", "Fall CUE", "--text", "booth") == [
        ("event", "Booth chat: DECODABLE readers")
    ]


def test_limits_say_how_many_more(pln: Pln) -> None:
    network(pln)
    assert len(ids(pln, "-n", "2")) == 2
    assert len(ids(pln, "-n", "0")) == 5
    screen = pln("interactions", "-n", "2").stdout
    assert "Showing the newest 2 of 5: 3 more with -n 0 (all)" in screen
    texts = pln("interactions", "--text", "decodable", "--limit", "1").stdout
    assert "Showing the newest 1 of 3: 2 more" in texts
    assert "5 interactions" in pln("timeline", "-n", "0").stdout
    assert "No interactions match." in pln("interactions", "--text", "nothing").stdout
    assert pln("interactions", "-n", "-1", ok=False).exit_code != 0


def test_a_page_of_many_counts_the_rest(pln: Pln) -> None:
    pln("add-contact", "Many Times")
    for n in range(60):
        pln("log", "Many", "-m", f"Visit {n}", "--on", f"2026-{9 + n // 30:02d}-{n % 30 + 1:02d}")
    screen = pln("interactions").stdout
    assert "Showing the newest 50 of 60: 10 more" in screen
    assert len(pln.json("interactions")) == 60  # JSON: everything unless -n


HOSTILE = "[bold red]Loud[/] \x1b[2Jcleared \u202eevil [link=http://evil.example]x[/link]"


def test_an_80_column_screen_fits_and_shows_notes_literally(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    network(pln)
    pln("log", "Ana", "-m", HOSTILE + " and a very long tail " * 5, "--on", "2026-11-28")
    screen = pln("interactions").stdout
    lines = screen.splitlines()
    assert all(len(line) <= 80 for line in lines), [len(line) for line in lines]
    assert "[bold red]Loud[/]" in screen
    assert "\x1b" not in screen
    assert "\u202e" not in screen
    assert "…" in screen  # the long note is cut, on one line
    assert any(line.lstrip().startswith("6 ") and "Nov 28" in line for line in lines)
    found = pln.json("interactions", "--text", "loud")
    assert len(found) == 1
    assert "[bold red]Loud[/]" in found[0]["note"]


def test_timeline_is_listed_once_as_an_alias(pln: Pln) -> None:
    help_text = pln("--help").stdout
    assert "interactions" in help_text
    commands = [line.split()[0] for line in help_text.split("Commands:")[1].splitlines() if line]
    assert "interactions" in commands
    assert "timeline" not in commands
    assert "alias: pln timeline" in " ".join(pln("interactions", "--help").stdout.split())


def list_names(pln: Pln, *args: str) -> list[str]:
    return [row["name"] for row in pln.json("list", *args)]


def test_list_not_contacted_since_counts_the_never_contacted(pln: Pln) -> None:
    network(pln)
    # Last contacted: José 11-20, Ana 11-20, Ben 11-25, Quinn never.
    assert list_names(pln, "--not-contacted-since", "2026-11-21") == [
        "Ana Lima",
        "José Núñez",
        "Quiet Quinn",
    ]
    assert list_names(pln, "--not-contacted-since", "3 days") == [
        "Ana Lima",
        "Ben Ode",
        "José Núñez",
        "Quiet Quinn",
    ]
    assert list_names(pln, "--not-contacted-since", "30 days") == ["Quiet Quinn"]
    bad = pln("list", "--not-contacted-since", "someday", ok=False)
    assert bad.exit_code != 0


def test_list_reverse_turns_any_order_around(pln: Pln) -> None:
    network(pln)
    by_name = list_names(pln)
    assert list_names(pln, "--reverse") == by_name[::-1]
    assert list_names(pln, "--sort", "last-contacted", "--reverse")[0] == "Quiet Quinn"
    assert list_names(pln, "--sort", "last-contacted")[0] == "Ben Ode"
    assert list_names(pln, "--sort", "added", "--limit", "2") == ["Quiet Quinn", "Ben Ode"]
    assert list_names(pln, "--sort", "added", "-r", "--limit", "2") == ["José Núñez", "Ana Lima"]


def _header(screen: str) -> list[str]:
    return screen.splitlines()[0].replace("┃", " ").split()


def test_list_shows_the_role_where_the_width_allows(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    network(pln)
    monkeypatch.setenv("COLUMNS", "100")
    wide = pln("list").stdout
    assert "role" in _header(wide)
    assert "Reading coach" in wide
    monkeypatch.setenv("COLUMNS", "50")
    narrow = pln("list").stdout
    assert "role" not in _header(narrow)
    assert all(len(line) <= 50 for line in narrow.splitlines())


def test_wildcards_and_quotes_in_words_are_literal(pln: Pln) -> None:
    network(pln)
    pln("log", "Ben", "-m", "Scored 100% on the quiz", "--on", "2026-11-26")
    pln("log", "Ben", "-m", "Scored 1000 points", "--on", "2026-11-26")
    assert [n for _, n in kinds_and_notes(pln, "--text", "100%")] == ["Scored 100% on the quiz"]
    assert kinds_and_notes(pln, "--text", "_") == []
    assert kinds_and_notes(pln, "--text", '"') == []
    assert pln("interactions", "--org", "%", ok=False).exit_code == 3  # no organisation has a %
    assert [n for _, n in kinds_and_notes(pln, "--text", "k-2 team")] == []
    pln("give", "Décodable", "Ben", "--on", "2026-11-27", "-m", "for the K-2 team")
    assert [n for _, n in kinds_and_notes(pln, "--text", "k-2 team")] == [
        "Décodable Pack: for the K-2 team"
    ]
