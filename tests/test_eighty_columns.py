"""The 80-column problems of issue 27, each drawn at COLUMNS=80 from the
situation that showed it: nothing that carries meaning is cut, nothing is
repeated 46 times, labels and counts say what is there."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from rich.cells import cell_len

from helpers import TODAY, Pln

CONFERENCE = "Prairie State Literacy Conference 2026"


@pytest.fixture(autouse=True)
def eighty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def fits(out: str) -> str:
    assert max(cell_len(line) for line in out.splitlines()) <= 80, out
    return out


def booth(pln: Pln, visitors: int) -> None:
    met = (TODAY - timedelta(days=3)).isoformat()
    for n in range(1, visitors + 1):
        pln("add-contact", f"Visitor Number{n:02}", "--met-at", CONFERENCE, "--met-on", met)


def test_the_booth_line_keeps_its_meaning_and_cuts_the_name(pln: Pln) -> None:
    booth(pln, 40)
    out = fits(pln("due").stdout)
    [line] = [line for line in out.splitlines() if line.lstrip().startswith("m1 ")]
    assert "40 people met 3 days ago, none followed up: Prairie" in line


@pytest.mark.slow
def test_event_show_counts_one_title_once(pln: Pln) -> None:
    booth(pln, 46)
    out = fits(pln("event", "show", "1").stdout)
    title = f"Follow up after meeting at {CONFERENCE}"
    flat = " ".join(re.sub(r"[│╭╮╰╯─]", " ", out).split())
    assert flat.count("Follow up after meeting") == 1, out
    assert f"{title} — 46 people" in flat
    assert "and 43 more" in flat
    assert len(out.splitlines()) < 46 + 15  # the people met, and a few lines more
    follow_ups = pln.json("event", "show", "1")["follow_ups"]
    assert len(follow_ups) == 46  # --json lists every one


def test_the_communities_table_never_cuts_a_url(pln: Pln) -> None:
    url = "https://www.facebook.com/groups/illinois-literacy-coaches-network-k5/"
    pln(
        "community",
        "add",
        "Illinois Literacy Coaches Network",
        "--focus",
        "K-5 literacy coaching and structured literacy",
        "--where",
        url,
    )
    pln("community", "add", "ILA", "--where", "https://ila.example.org/")
    out = fits(pln("communities").stdout)
    assert sorted(re.findall(r"https?://\S+", out)) == ["https://ila.example.org/", url], out
    assert any(line.split() == ["1", url] for line in out.splitlines()), out
    assert "Illinois Literacy" in out


def test_the_heat_map_names_the_months_in_the_period(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("log", "ana", "--on", "2026-10-14", "-m", "call")
    out = pln("report", "--since", "2026-09-03").stdout
    header = next(line for line in out.splitlines() if "Sep" in line or "Aug" in line)
    assert header.split() == ["│", "Sep", "Oct", "Nov", "│"], out
    # Each name over the first week that starts in its month.
    from plncrm.render.report import month_labels

    labels = month_labels(date(2026, 9, 3), TODAY, 14, 2)
    assert labels.index("Sep") == 2  # Monday 7 September: the second column
    assert labels.index("Oct") == 2 * 5  # Monday 5 October
    assert labels.index("Nov") == 2 * 9  # Monday 2 November
    assert month_labels(date(2026, 9, 29), TODAY, 10, 2).split() == ["Oct", "Nov"]


def test_logged_with_counts_people_not_references(pln: Pln) -> None:
    for n in range(1, 11):
        pln("add-contact", f"Teacher Number{n:02}")
    refs = [str(n) for n in range(1, 11)] * 2  # each named twice: 20 references, 10 people
    out = pln("log", *refs, "--kind", "gave", "-m", "shared the rubric").stdout
    said = out.replace("\n  ", " ")
    assert all(said.count(f"Teacher Number{n:02}") == 1 for n in range(1, 11)), out
    assert " more" not in out


def test_two_people_of_one_name_are_told_apart(pln: Pln) -> None:
    pln("add-contact", "Maria Gonzalez", "--org", "Aurora West USD 129", "--email", "mg@aurora.org")
    pln(
        "add-contact",
        "Maria Gonzalez",
        "--org",
        "Elgin U-46",
        "--email",
        "mgonzalez@u46.org",
        "--new",
    )
    said = pln("show", "Maria Gonzalez", ok=False).stderr
    assert "#1 Maria Gonzalez (Aurora West USD 129)" in said
    assert "#2 Maria Gonzalez (Elgin U-46)" in said
    pln(
        "add-contact",
        "Maria Gonzalez",
        "--org",
        "Elgin U-46",
        "--email",
        "maria.g@u46.org",
        "--new",
    )
    said = " ".join(pln("show", "maria", ok=False).stderr.split())
    assert "#2 Maria Gonzalez (Elgin U-46, mgonzalez@u46.org)" in said
    assert "#3 Maria Gonzalez (Elgin U-46, maria.g@u46.org)" in said
    assert "#1 Maria Gonzalez (Aurora West USD 129)," in said  # no email needed


def test_two_people_of_one_name_on_the_agenda_are_told_apart(pln: Pln) -> None:
    pln("add-contact", "Michael Brown", "--org", "Elgin U-46")
    pln("add-contact", "Michael Brown", "--org", "Naperville 203", "--new")
    pln("add-contact", "Ana Lima")
    for ref in ("1", "2", "3"):
        pln("follow-up", ref, "send pricing", "--due", "today")
    out = fits(pln("due").stdout)
    assert "Michael Brown (Elgin U-46) · send pricing" in out
    assert "Michael Brown (Naperville 203) · send pricing" in out
    assert "Ana Lima · send pricing" in out  # a name of one person stays as it is


def test_the_hosted_events_panel_keeps_its_headers_and_the_events_name(pln: Pln) -> None:
    """The report's funnel of a hosted webinar at 80 columns: "registered" was
    cut to "register…" and the name folded onto two lines, while the numbers'
    columns had room to spare."""
    on = (TODAY - timedelta(days=10)).isoformat()
    pln("event", "add", "Phonics Webinar", "--on", on, "--hosted")
    for n in range(1, 4):
        pln("add-contact", f"Guest Number{n}", "--email", f"g{n}@school.example")
        pln("event", "rsvp", "Phonics Webinar", f"Number{n}", "yes")
    pln("event", "attended", "Phonics Webinar", "Number1")
    pln("event", "thank", "Phonics Webinar", "--no-shows", "--recording", "https://v.example/1")
    out = fits(pln("report").stdout)
    panel = out.split("Hosted events", 1)[1].split("╰", 1)[0]
    assert "…" not in panel
    assert re.search(r"│ Phonics Webinar +" + on + r" +1 of 3 \(33%\) +0 +0 +2 of 2 +│", panel)


def test_the_no_show_line_keeps_its_meaning_and_cuts_the_name(pln: Pln) -> None:
    """The agenda's recording line at 80 columns: what to do comes first and the
    event's name last, so a long name is what is cut ("send the recor…" was)."""
    on = (TODAY - timedelta(days=1)).isoformat()
    for name in ("Phonics Webinar", CONFERENCE):
        pln("event", "add", name, "--on", on, "--hosted")
    for n in range(1, 4):
        pln("add-contact", f"Guest Number{n}", "--email", f"g{n}@school.example")
        for name in ("Phonics Webinar", CONFERENCE):
            pln("event", "rsvp", name, f"Number{n}", "yes")
            pln("event", "attended", name, "Number1")
    out = fits(pln("due").stdout)
    assert "Send the recording to 2 who did not come to Phonics Webinar " in out
    assert "Send the recording to 2 who did not come to Prairie State Lit" in out
    assert "→ pln event thank 2 --no-shows --recording URL\n" in out  # the command whole
