"""Text from users and files is shown literally on every screen and in every
draft: Rich markup is never interpreted, and no terminal escape or
bidirectional control gets through."""

from __future__ import annotations

import re

import pytest

from helpers import Pln

pytestmark = pytest.mark.slow  # a hostile network through every screen, three times

HOSTILE = [
    "Eve [/bold]",
    "[link=http://evil.example]Lin[/link] Ko",
    "Mal\x1b]8;;http://evil.example\x07lory\x1b]8;;\x07 Ray",
    "Ro\u202etrebo Qu",
    "Cl\x1b[2Jear Sky",
    "[bold red]Loud[/] Al",
]
BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
LITERAL = ("[/bold]", "[link=http://evil.example]", "[bold red]")


def hostile_network(pln: Pln) -> None:
    pln(
        "event",
        "add",
        "Expo [/bold] \u202e2026",
        "--on",
        "2026-12-10",
        "--hosted",
        "--where",
        "[link=http://evil.example]room[/link]",
        "--kind",
        "webinar",
    )
    pln("community", "add", "#chat [/i]", "--focus", "[red]focus[/red]", "--mine")
    for i, name in enumerate(HOSTILE):
        pln(
            "add-contact",
            name,
            "--email",
            f"p{i}@example.org",
            "--org",
            "[b]Org[/b] \u202e",
            "--met-at",
            "Expo",
            "--met-on",
            "2026-11-20",
            "--tag",
            "math",
            "--needs",
            "[i]coaching[/i]",
            "--offers",
            "coaching",
            "--cadence",
            "1 month",
            "--note",
            "note [/bold] \x1b[31mred\u2066",
        )
        pln("community", "join", "chat", f"#{i + 1}")
    pln("log", "#1", "#2", "-m", "[blink]hello[/blink]\u202e", "--on", "2026-10-01")
    pln("follow-up", "#3", "[/bold] send \x1b]8;;http://x\x07slides", "--due", "2026-11-25")
    pln("intro", "#1", "#2", "--why", "[red]why[/red] \u202e")
    pln("intro", "#3", "#4", "--why", "both [/bold]")
    pln("intros", "ask", "2", "both")
    pln("intros", "answer", "2", "a", "yes")
    pln("intros", "answer", "2", "b", "yes")
    pln("intros", "introduce", "2")
    pln("intros", "outcome", "2", "met", "--note", "[/bold] went \u202e well")
    pln("event", "invite", "expo", "#5", "#6")
    pln("event", "rsvp", "expo", "#5", "yes")
    pln("config", "my-name", "Me [/bold] \u202e")


SCREENS = [
    ("due",),
    ("due", "--within", "30"),
    ("list",),
    ("show", "#1"),
    ("show", "#2"),
    ("show", "#3"),
    ("search", "coaching"),
    ("events",),
    ("event", "show", "expo"),
    ("follow-ups",),
    ("intros",),
    ("intros", "show", "1"),
    ("intros", "show", "2"),
    ("suggest",),
    ("ripple", "#1"),
    ("communities",),
    ("report",),
    ("report", "--html", "-"),
    ("team",),
    ("duplicates",),
    ("config",),
    ("intros", "draft", "1", "ask-a"),
    ("intros", "draft", "2", "follow-up-b"),
    ("event", "invite", "expo", "--tag", "math", "--draft"),
    ("event", "invite", "expo", "#1", "--bcc"),
    ("intro", "#5", "#6", "--why", "[/bold] \u202e", "--draft"),
    ("event", "attended", "expo", "#5", "--on", "2026-12-10"),
    ("event", "thank", "expo", "--draft"),
    ("write", "k1"),
    ("write", "7"),
]


@pytest.fixture
def screens(pln: Pln) -> list[tuple[tuple[str, ...], str]]:
    hostile_network(pln)
    later = Pln(day=pln.day.replace(day=1, month=12).replace(day=12))
    out = []
    for args in SCREENS:
        runner = later if args[0] == "event" and args[1] in ("attended", "thank") else pln
        result = runner(*args)
        out.append((args, result.stdout + result.stderr))
    return out


def test_every_screen_and_draft_shows_hostile_text_literally(
    screens: list[tuple[tuple[str, ...], str]],
) -> None:
    seen_literal: set[str] = set()
    for args, text in screens:
        assert "\x1b" not in text, (args, text)
        assert not BIDI.search(text), (args, text)
        seen_literal |= {marker for marker in LITERAL if marker in text}
    assert seen_literal == set(LITERAL)


def test_names_with_markup_appear_as_typed(screens: list[tuple[tuple[str, ...], str]]) -> None:
    shown = dict(screens)
    assert "Eve [/bold]" in shown[("show", "#1")]
    assert "[link=http://evil.example]Lin[/link] Ko" in shown[("show", "#2")]
    assert "Expo [/bold]" in shown[("event", "show", "expo")]
    assert "[red]why[/red]" in shown[("intros", "show", "1")]


def test_on_a_colour_terminal_no_link_or_injected_escape_gets_through(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile_network(pln)
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "200")
    for args in SCREENS[:20]:
        text = pln(*args).stdout
        assert "\x1b]" not in text, (args, text)  # OSC: hyperlinks, titles
        assert "\x1b[2J" not in text, (args, text)
        assert not BIDI.search(text), (args, text)
    assert "[link=http://evil.example]" in pln("show", "#2").stdout
