"""Every everyday screen, drawn from a realistic store at 80 and 120 columns:
no line wider than the terminal, no email or URL cut, one line per contact in
`list` at 120 (issue 17)."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from helpers import Pln

ANA = "Ana Maria da Conceição Albuquerque de Oliveira-Santos"
ANA_EMAIL = "ana.oliveira-santos@riverside-unified.k12.ca.us"  # 47 characters
ANA_LINK = "https://www.linkedin.com/in/ana-maria-conceicao-albuquerque-oliveira-santos/"
TANAKA_EMAIL = "hiroshi.tanaka@kyoto-municipal-board-of-education.ed.jp"
EMAILS = {ANA_EMAIL, TANAKA_EMAIL, "sean@oconnell.ie", "grace@dublin.ie", "grace.ho@sfusd.edu"}
URLS = {ANA_LINK, "https://bsky.app/profile/hiroshi.bsky.social"}
SCREENS = (
    ("due", "--within", "60"),
    ("list",),
    ("list", "--tag", "math"),
    ("show", "1"),
    ("show", "2"),
    ("search", "rubric"),
    ("events",),
    ("follow-ups",),
    ("intros",),
    ("suggest",),
    ("team",),
)


@pytest.fixture
def pln(store_url: str) -> Pln:
    pln = Pln()
    pln(
        "add-contact",
        ANA,
        "--email",
        ANA_EMAIL,
        "--link",
        ANA_LINK,
        "--tag",
        "math",
        "--tag",
        "coaching",
        "--org",
        "Riverside Unified School District Office of Curriculum",
        "--role",
        "Director of Mathematics Professional Learning",
        "--needs",
        "a partner district for number talks",
        "--offers",
        "rubric for coaching cycles",
        "--met-at",
        "The Very Long International Conference on Teaching Mathematics 2026",
        "--met-on",
        "2026-11-27",
    )
    pln(
        "add-contact",
        "田中 浩",
        "--aka",
        "Hiroshi Tanaka",
        "--email",
        TANAKA_EMAIL,
        "--link",
        "https://bsky.app/profile/hiroshi.bsky.social",
        "--tag",
        "math",
        "--offers",
        "number talks",
        "--needs",
        "rubric for coaching cycles",
    )
    pln(
        "add-contact",
        "Seán O'Connell",
        "--email",
        "sean@oconnell.ie",
        "--tag",
        "coaching",
        "--org",
        "Dublin City Schools",
        "--met-at",
        "Fall CUE",
        "--met-on",
        "2026-11-28",
    )
    pln("add-contact", "Grace Ó Briain", "--email", "grace@dublin.ie", "--tag", "math")
    pln("add-contact", "Grace Ho", "--email", "grace.ho@sfusd.edu", "--cadence", "1 month")
    pln(
        "log",
        "1",
        "-m",
        "Talked about the rubric; she'll send the district's PD calendar",
        "--with",
        "2",
    )
    pln(
        "follow-up",
        "1",
        "Send the number talks deck and the coaching-cycle rubric we "
        "discussed at lunch on Thursday",
        "--due",
        "2027-01-05",
    )
    pln("follow-up", "田中", "Ask about the lesson-study visit", "--due", "2026-11-25")
    pln(
        "intro",
        "1",
        "2",
        "--why",
        "both run number talks PD for their districts and want "
        "to compare notes on the rubric and the coaching cycle",
    )
    pln(
        "event",
        "add",
        "Number Talks Community of Practice: Winter Kickoff (online)",
        "--on",
        "2026-12-10",
        "--at",
        "16:00",
        "--hosted",
    )
    return pln


@pytest.mark.parametrize("columns", [80, 120])
def test_every_screen_fits_and_keeps_emails_and_urls_whole(
    pln: Pln, columns: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    for args in SCREENS:
        out = pln(*args).stdout
        assert out.strip(), args
        widest = max(cell_len(line) for line in out.splitlines())
        assert widest <= columns, (args, out)
        for word in re.findall(r"[^\s│┃]*@[^\s│┃]*", out):
            assert word.strip("()<>,") in EMAILS, (args, word, out)  # never cut or broken
        for word in re.findall(r"https?://[^\s│┃]*", out):
            assert word in URLS, (args, word, out)
    card = pln("show", "1").stdout
    assert ANA_EMAIL in card
    assert ANA_LINK in card


def test_a_contact_is_one_line_in_list_at_120_columns(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "120")
    lines = pln("list").stdout.splitlines()
    assert len(lines) == 2 + 5 + 1, lines  # header and rule, one line each, the count
    assert any(ANA_EMAIL in line and line.lstrip().startswith("1") for line in lines)
    assert any("田中 浩" in line and TANAKA_EMAIL in line for line in lines)


def test_a_name_part_at_a_word_start_wins_over_one_inside_a_word(pln: Pln) -> None:
    """ "ana" is inside "Tanaka" (田中 浩's other name) too; only Ana starts with it."""
    assert pln.json("show", "ana", "--json")["id"] == 1
    assert pln("show", "grace", ok=False).exit_code == 4  # two Graces: still ambiguous


def test_a_page_of_a_long_list_counts_the_rest_up_to_a_cap(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Counting every match grows with the network: past COUNT_CAP a page says "N+"."""
    from plncrm.reads import lists

    lines = pln("list", "--limit", "2").stdout.splitlines()
    assert lines[-1] == "Showing 2 of 5: --limit N or --all for more"
    assert not any(line.endswith(" contacts") for line in lines)  # said once, not twice
    monkeypatch.setattr(lists, "COUNT_CAP", 3)
    assert pln("list", "--limit", "2").stdout.splitlines()[-1] == (
        "Showing 2 of 3+: --limit N or --all for more"
    )


def test_a_page_of_a_tag_is_the_same_whichever_way_it_is_found(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A common tag's page walks the names in order; a rare one's looks up its
    people: both give the same contacts in the same order."""
    from plncrm.reads import lists

    pln("archive", "4")  # Grace Ó Briain: tagged math, but archived
    pages = []
    for common in (1, 10**9):  # no tag common (one in 1 people), then every tag
        monkeypatch.setattr(lists, "COMMON", common)
        pages.append(
            [c["name"] for c in pln.json("list", "--tag", "math", "--limit", "2", "--json")]
        )
    assert pages[0] == pages[1] == [ANA, "田中 浩"]
