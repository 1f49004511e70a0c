"""`pln report`'s follow-up numbers (issue 33): the headline's "followed up in
time" is the follow-up chart's own sums, within one window (the follow-up-goal,
else guard-days), and people entered too late to chart are counted, not lost."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import Pln
from plncrm.render import report_readings as readings

PERIOD = ("--period", "2026-09-01..2026-11-29")


def backfilled(pln: Pln) -> None:
    """Six met at an expo 45 days ago and entered today (two followed up), and
    two met 3 days ago (one followed up the next day)."""
    for i in range(1, 7):
        email = f"b{i}@x.org"
        pln(
            "add-contact",
            f"Back Person{i}",
            "-e",
            email,
            "--met-at",
            "Fall Expo",
            "--met-on",
            "45 days ago",
        )
    pln("log", "b1@x.org", "-k", "email", "--on", "44 days ago", "-m", "hi")
    pln("log", "b2@x.org", "-k", "email", "--on", "40 days ago", "-m", "hi")
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2026", "--met-on", "3 days ago")
    pln("add-contact", "Ben Ode", "--met-at", "ISTE 2026", "--met-on", "3 days ago")
    pln("log", "ben", "--kind", "email", "-m", "slides", "--on", "2 days ago")


def words(out: str) -> str:
    """The terminal's text, its box and line breaks left out."""
    return " ".join(w for w in out.split() if w not in "│╭╮╰╯")


def sums(report: dict[str, Any]) -> tuple[int, int, int]:
    events = report["series"]["follow_up_speed"]["events"]
    return (
        sum(e["met"] for e in events),
        sum(e["in_window"] for e in events),
        sum(e["never"] for e in events),
    )


def test_the_headline_is_the_charts_sums(pln: Pln) -> None:
    backfilled(pln)
    report = pln.json("report", *PERIOD)
    head, speed = report["headline"], report["series"]["follow_up_speed"]
    # Charted: the two Fall Expo people followed up (1 and 5 days) and both from ISTE.
    assert sums(report) == (4, 2, 1)
    assert (head["met_at_events"], head["followed_up_in_window"]) == (4, 2)
    assert (head["follow_up_rate"], head["median_days_to_follow_up"]) == (0.5, 1)
    assert (speed["window_days"], speed["window"], speed["goal_days"]) == (2, "guard-days", None)
    assert (speed["not_charted"], speed["not_charted_after_days"]) == (4, 30)
    assert len(report["strikeouts"]["recorded_late"]) == 4  # the same four, by name there
    pln("config", "follow-up-goal", "1w")
    report = pln.json("report", *PERIOD)
    head, speed = report["headline"], report["series"]["follow_up_speed"]
    assert sums(report) == (4, 3, 1)  # within a week: Back Person2's 5 days count now
    assert (head["met_at_events"], head["followed_up_in_window"]) == (4, 3)
    assert (speed["window_days"], speed["window"]) == (7, "follow-up-goal")
    assert [e["within_goal"] for e in speed["events"]] == [2, 1]


def test_the_terminal_says_which_window_and_who_is_not_charted(pln: Pln) -> None:
    backfilled(pln)
    out = words(pln("report", *PERIOD).stdout)
    assert (
        "Of 4 met at 2 events, 2 followed up within 2 days (guard-days); 3 within a week; "
        "1 never. 4 entered later than 30 days after meeting: not charted."
    ) in out
    pln("config", "follow-up-goal", "1w")
    out = words(pln("report", *PERIOD, "--compare", "previous").stdout)
    assert "Of 4 met at 2 events, 3 followed up within 7 days (your goal); 1 never." in out
    assert "followed up within 7 days (your goal) 3 0 ↑" in out
    assert "share followed up within 7 days (your goal) 75% – " in out


def test_the_html_reading_says_the_same(pln: Pln, tmp_path: Path) -> None:
    backfilled(pln)
    pln("report", *PERIOD, "--html", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    reading = (
        "Of 4 met at 2 events, 2 followed up within 2 days (guard-days); 3 within a week; "
        "1 never. 4 entered later than 30 days after meeting: not charted."
    )
    assert f'<p class="reading">{reading}</p>' in page


def test_nobody_charted_still_says_who_was_left_out() -> None:
    speed = {"goal_days": None, "events": [], "not_charted": 1, "not_charted_after_days": 30}
    assert readings.follow_up_speed(speed) == (
        "Nobody was met at an event in this period. "
        "1 entered later than 30 days after meeting: not charted."
    )


def test_the_html_at_a_glance_labels_in_time_exactly(pln: Pln, tmp_path: Path) -> None:
    backfilled(pln)
    pln("report", *PERIOD, "--html", str(tmp_path / "r.html"))
    page = (tmp_path / "r.html").read_text()
    assert '<th scope="row">followed up within 2 days (guard-days)</th><td>2</td>' in page
    assert "followed up in time" not in page
