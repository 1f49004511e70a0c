from __future__ import annotations

import json

import pytest

from helpers import Pln


def test_add_then_list_and_show(pln: Pln) -> None:
    pln(
        "add-contact",
        "Maya Okafor",
        "--email",
        "maya@example.org",
        "--org",
        "Riverside USD",
        "--role",
        "Coach",
        "--tag",
        "math",
        "--tag",
        "coaching",
        "--link",
        "https://bsky.app/profile/maya",
        "--met-at",
        "ISTE 2026",
        "--met-on",
        "3 days ago",
        "--needs",
        "co-presenter",
        "--offers",
        "math coaching",
        "--cadence",
        "3 months",
        "--note",
        "Number talks",
    )
    pln("add-contact", "Ben Ode", "--via", "maya")
    listed = pln.json("list")
    assert [c["name"] for c in listed] == ["Ben Ode", "Maya Okafor"]
    maya = listed[1]
    for key in ("id", "name", "email", "org", "tags", "last_contacted"):
        assert key in maya
    assert maya["email"] == "maya@example.org"
    assert maya["tags"] == ["math", "coaching"]
    assert maya["met_at"] == "ISTE 2026"
    assert maya["met_on"] == "2026-11-26"
    assert maya["cadence"] == "3 months"
    assert listed[0]["via"] == {"id": maya["id"], "name": "Maya Okafor"}

    table = pln("list").stdout
    assert "Maya Okafor" in table
    assert "ISTE 2026" in table
    card = pln("show", "maya").stdout
    for text in (
        "Maya Okafor",
        "Riverside USD",
        "co-presenter",
        "math coaching",
        "every 3 months",
        "Ben Ode",
    ):
        assert text in card


def test_log_and_timeline(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    out = pln(
        "log", "ana", "ben", "-m", "coffee at ISTE", "--kind", "meeting", "--on", "yesterday"
    ).stdout
    assert "Logged meeting on 2026-11-28" in out
    shown = pln.json("show", "ana")
    assert shown["last_contacted"] == "2026-11-28"
    assert shown["timeline"] == [
        {
            "id": 1,
            "date": "2026-11-28",
            "kind": "meeting",
            "role": "with",
            "note": "coffee at ISTE",
            "with": [{"id": 2, "name": "Ben Ode"}],
        }
    ]
    assert "coffee at ISTE" in pln("show", "ben").stdout


def test_list_filters_and_search(pln: Pln) -> None:
    pln("add-contact", "Ana", "--tag", "math", "--org", "Lumen")
    pln("add-contact", "Ben", "--tag", "ela", "--offers", "grant writing")
    pln("add-contact", "Cy", "--met-at", "NCTM")
    assert [c["name"] for c in pln.json("list", "--tag", "math")] == ["Ana"]
    assert [c["name"] for c in pln.json("list", "--org", "lum")] == ["Ana"]
    assert [c["name"] for c in pln.json("list", "--text", "grant")] == ["Ben"]
    assert [c["name"] for c in pln.json("list", "--met-at", "nctm")] == ["Cy"]
    assert [c["name"] for c in pln.json("search", "grant", "writing")] == ["Ben"]
    assert "No contacts match" in pln("search", "nothing-like-this").stdout


def test_an_empty_network_says_how_to_start(pln: Pln) -> None:
    assert pln("list").stdout.startswith("No contacts yet: pln add-contact NAME adds one")
    assert pln("list", "--tag", "math").stdout.strip() == "No contacts match."


def test_edit_and_tag(pln: Pln) -> None:
    pln("add-contact", "Ana", "--tag", "math", "--email", "ana@x.org")
    pln("edit", "ana", "--org", "Lumen", "--tag", "ela", "--cadence", "monthly")
    pln("tag", "ana", "coaching", "leaders")
    pln("tag", "ana", "ela", "--remove")
    ana = pln.json("show", "ana@x.org")
    assert ana["org"] == "Lumen"
    assert ana["tags"] == ["coaching", "leaders"]
    assert ana["cadence"] == "1 month"


def test_rm_asks_and_refuses_without_a_terminal(pln: Pln, pln_terminal: Pln) -> None:
    pln("add-contact", "Ana")
    refused = pln("rm", "ana", ok=False)
    assert refused.exit_code == 7
    assert "without --yes" in refused.stderr
    declined = pln_terminal("rm", "ana", input="n\n", ok=False)
    assert declined.exit_code == 7
    assert len(pln.json("list")) == 1
    pln_terminal("rm", "ana", input="y\n")
    assert pln.json("list") == []
    pln("add-contact", "Ben")
    assert "Deleted Ben" in pln("rm", "ben", "--yes").stdout


def test_add_contact_prompts_on_a_terminal_only(pln: Pln, pln_terminal: Pln) -> None:
    pln_terminal("add-contact", input="Ana Lima\nana@x.org\nLumen\nCoach\nISTE\nmath, ela\n")
    ana = pln.json("show", "ana")
    assert (ana["email"], ana["org"], ana["role"], ana["met_at"], ana["tags"]) == (
        "ana@x.org",
        "Lumen",
        "Coach",
        "ISTE",
        ["math", "ela"],
    )
    result = pln("add-contact", ok=False)
    assert result.exit_code == 5
    assert "needs a name" in result.stderr


def test_user_errors_are_one_line_on_stderr(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ana Souza")
    cases = [
        (("show", "nobody"), 3, "no contact matches 'nobody'"),
        (("show", "ana"), 4, "matches several contacts: #1 Ana Lima, #2 Ana Souza"),
        (("log", "ana lima", "--on", "someday"), 5, "cannot read date 'someday'; try:"),
        (("add-contact", "X", "--email", "nope"), 5, "not an email address"),
        (("add-contact", "X", "--cadence", "often"), 5, "cannot read interval"),
    ]
    for args, code, message in cases:
        result = pln(*args, ok=False)
        assert result.exit_code == code, args
        assert message in result.stderr
        assert result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr + result.stdout
        assert result.stdout == ""


def test_bad_input_changes_nothing(pln: Pln) -> None:
    pln("add-contact", "Ana", "--email", "ana@x.org")
    result = pln("add-contact", "Ben", "--email", "ben@x.org", "--email", "ANA@x.org", ok=False)
    assert result.exit_code == 6
    assert pln("add-contact", "Cy", "--via", "nobody", ok=False).exit_code == 3
    assert [c["name"] for c in pln.json("list")] == ["Ana"]


def test_markup_and_escape_codes_are_shown_literally(pln: Pln) -> None:
    pln(
        "add-contact",
        "[bold red]Mallory[/bold red]",
        "--note",
        "x\x1b[31mred\x1b]0;title\x07 \x07y",
        "--org",
        "[link=http://evil]Org[/link]",
    )
    for out in (pln("list").stdout, pln("show", "1").stdout):
        assert "[bold red]Mallory[/bold red]" in out
        assert "\x1b" not in out
        assert "\x07" not in out
    assert "[link=http://evil]Org[/link]" in pln("show", "1").stdout
    assert json.loads(pln("show", "1", "--json").stdout)["notes"] == "xred y"


def test_no_colour_when_not_a_terminal(pln: Pln) -> None:
    pln("add-contact", "Ana", "--tag", "math")
    assert "\x1b[" not in pln("list").stdout
    assert "\x1b[" not in pln("show", "ana").stdout


def test_version_and_help(pln: Pln) -> None:
    assert pln("--version").stdout.startswith("pln ")
    help_text = pln("--help").stdout
    for command in ("add-contact", "list", "show", "edit", "rm", "tag", "search", "log"):
        assert command in help_text


def test_show_keeps_the_timeline_to_the_latest_unless_asked(pln: Pln) -> None:
    pln("add-contact", "Ana")
    for day in range(1, 31):
        pln("log", "ana", "-m", f"touch {day}", "--on", f"2026-10-{day:02d}")
    shown = pln.json("show", "ana")
    assert len(shown["timeline"]) == 25
    assert shown["timeline"][0]["note"] == "touch 30"
    assert shown["timeline_more"] == 5
    assert "5 earlier interactions: pln show 1 --all" in pln("show", "ana").stdout
    assert len(pln.json("show", "ana", "--all")["timeline"]) == 30


def test_one_edit_can_set_the_cadence_and_the_introducer(pln: Pln) -> None:
    """Resolving --via flushes the session; the edit must not then mistake its
    own new cadence for another member's change."""
    pln("add-contact", "Ben Ode")
    pln("add-contact", "Ana Lima", "--cadence", "1 month")
    pln("edit", "ana", "--cadence", "3 months", "--via", "ben", "--met-at", "NCTM")
    ana = pln.json("show", "ana")
    assert (ana["cadence"], ana["via"]["name"], ana["met_at"]) == ("3 months", "Ben Ode", "NCTM")


def test_a_bad_option_value_is_one_pln_line_with_exit_5(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    bad = pln("log", "ana", "--kind", "emial", ok=False)
    assert bad.exit_code == 5
    assert bad.stderr.startswith("pln: invalid value for '--kind'")
    assert "Value error" not in bad.stderr
    assert "Usage:" not in bad.stderr
    assert pln("event", "add", ok=False).exit_code == 2  # a missing argument is a usage error
    limit = pln("due", "--limit", "abc", ok=False)
    assert (limit.exit_code, limit.stderr) == (
        5,
        "pln: invalid value for '--limit' / '-n': 'abc' is not a whole number\n",
    )


def test_list_gives_each_contact_one_line_and_never_cuts_an_email(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    from rich.cells import cell_len

    people = [
        (
            "Ana Maria da Conceição Albuquerque de Oliveira",
            "ana.maria.albuquerque@riverside-unified.k12.ca.us",
            "Riverside Unified School District Office of Curriculum",
        ),
        ("田中 浩", "h.tanaka@ois.ed.jp", "大阪インターナショナルスクール"),
        ("Conor O'Brien", "cobrien@stpatricks.ie", "St. Patrick's Academy"),
    ]
    for name, email, org in people:
        pln(
            "add-contact",
            name,
            "-e",
            email,
            "--org",
            org,
            "--tag",
            "assessment",
            "--tag",
            "retrieval practice",
        )
    for columns in (80, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        lines = pln("list").stdout.splitlines()
        assert max(cell_len(line) for line in lines) <= columns
        body = [line for line in lines if "│" in line]
        assert len(body) == 3  # one line each
        for _, email, _ in people:
            assert any(email in line for line in body)
        assert ("contacted" in lines[0]) is (columns == 120)  # wider: room for more


def test_tab_offers_names_and_other_names_on_every_engine(pln: Pln, store_url: str) -> None:
    from plncrm.reads.completion import names_starting

    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode", "--aka", "Benjamin_%Ode")
    pln("add-contact", "田中 浩", "--aka", "Hiroshi Tanaka")
    assert names_starting(store_url, "an") == [(1, "Ana Lima")]
    assert names_starting(store_url, "lim") == [(1, "Ana Lima")]  # a word of the name
    assert names_starting(store_url, "Hiro") == [(3, "Hiroshi Tanaka")]
    assert names_starting(store_url, "benjamin_%") == [
        (2, "Benjamin_%Ode")
    ]  # % and _ match themselves
    assert names_starting(store_url, "benjamin%") == []
