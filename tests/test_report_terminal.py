"""`pln report` in an 80-column terminal (issue 33): the heat map of a long
period condensed to fit, long event names cut with …, and its wording."""

from __future__ import annotations

import re

import pytest
from rich.cells import cell_len

from helpers import TODAY, Pln


@pytest.fixture(autouse=True)
def eighty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")


def fits(out: str) -> str:
    assert max(cell_len(line) for line in out.splitlines()) <= 80, out
    return out


def heat_map(out: str) -> list[str]:
    """The Activity panel's lines, from the month names to the legend."""
    lines = out.splitlines()
    first = next(i for i, line in enumerate(lines) if "Activity" in line)
    last = next(i for i, line in enumerate(lines) if "less" in line)
    return lines[first + 1 : last + 1]


@pytest.mark.parametrize("months", [6, 17, 18, 30, 36, 60])
def test_the_heat_map_fits_80_columns_up_to_five_years(pln: Pln, months: int) -> None:
    pln("add-contact", "Ana Lima")
    pln("log", "ana", "--on", f"{months - 1} months ago", "-m", "call")
    pln("log", "ana", "--on", "3 days ago", "-m", "call")
    out = fits(pln("report", "--since", f"{months} months ago").stdout)
    lines = heat_map(out)
    assert len(lines) == 9, out  # the months, a row a weekday, the legend: nothing folded
    assert [line.split()[1] for line in lines[1:8:2]] == ["Mon", "Wed", "Fri", "Sun"]
    names = re.findall(r"[A-Z][a-z]{2}", lines[0])
    assert len(names) >= min(months, 6), out
    condensed = "; a column is" in lines[-1]
    assert condensed == (months * 4.35 > 72), out
    assert ("2026" in lines[0]) == condensed, "a condensed map names its years"


def test_a_long_event_name_is_cut_to_fit(pln: Pln) -> None:
    long = "Evidence-Based Literacy Instruction Leadership Summit " + "E" * 60
    pln("add-contact", "Ana Lima", "--met-at", long, "--met-on", "3 days ago")
    pln("add-contact", "Ben Ode", "--met-at", "ISTE 2026", "--met-on", "3 days ago")
    pln("config", "follow-up-goal", "2d")
    out = fits(pln("report").stdout)
    row = next(line for line in out.splitlines() if "Evidence-Based" in line)
    assert "…" in row, out
    assert row.split("…")[1].split()[:2] == ["1", "0"], out  # met 1, none within a day
    assert "EEEE" not in out.split(row)[1].split("ISTE 2026")[0], "the rest not folded below"


def test_a_mention_in_an_introduction_is_not_in_touch_again(pln: Pln) -> None:
    """Proposing an introduction logs it *about* both people: nobody was in
    touch with Ben, so his gift has not come back (nor does `resource show` say so)."""
    pln("add-contact", "Ana Lima", "-e", "a@x.org")
    pln("add-contact", "Ben Ode", "-e", "b@x.org")
    pln("resource", "add", "Slides", "--link", "https://x.org/s")
    pln("give", "Slides", "ben", "--on", "5 days ago", "-m", "as promised")
    pln("intro", "ana", "ben", "--why", "both teach K-2")
    resources = pln.json("report")["resources"]
    assert (resources["people"], resources["came_back"]) == (1, 0)
    assert "Introduction of" not in pln("resource", "show", "Slides").stdout
    assert "1 given to 1 person; they were not in touch again after it" in pln("report").stdout
    pln("log", "ben", "--kind", "call", "-m", "loved them", "--on", "2 days ago")
    assert pln.json("report")["resources"]["came_back"] == 1
    assert "1 given to 1 person; they were in touch again after it" in pln("report").stdout


def test_a_whole_median_is_said_whole(pln: Pln) -> None:
    for name in ("Ana Lima", "Ben Ode"):
        pln("add-contact", name, "--met-at", "ISTE 2026", "--met-on", "3 days ago")
        pln("log", name.split()[0].lower(), "--kind", "call", "-m", "hi", "--on", "2 days ago")
    out = " ".join(w for w in pln("report").stdout.split() if w != "│")
    assert "median 1 day to the first follow-up" in out, out
    assert pln.json("report")["headline"]["median_days_to_follow_up"] == 1


def test_strike_out_days_are_the_agendas(pln: Pln) -> None:
    """Waiting is counted to today, as `pln due` counts it, also in a period
    that ended two days ago (it was counted to the period's end)."""
    pln("add-contact", "Ana Lima", "--met-at", "ISTE 2026", "--met-on", "5 days ago")
    report = pln.json("report", "--period", "2026-09-01..2026-11-27")
    assert [w["days"] for w in report["strikeouts"]["waiting"]] == [5]
    assert "met at ISTE 2026 5 days ago" in pln("due").stdout


def test_the_heat_map_piped_draws_its_levels_with_characters(pln: Pln) -> None:
    """Issue 33: without colour every day was the same ■. Piped or saved, the
    levels are characters, the legend too."""
    for name in ("Ana Lima", "Ben Ode", "Cy Park", "Di Moss"):
        pln("add-contact", name)
    for who in ("ana", "ben", "cy", "di"):
        pln("log", who, "-m", "call", "--on", "2026-11-18")  # Wednesday: the busiest
    pln("log", "ana", "-m", "call", "--on", "2026-11-20")  # Friday: one
    lines = heat_map(fits(pln("report", "--period", "2026-11").stdout))
    assert "■" not in "".join(lines)
    assert lines[-1].split()[1:4] == ["less", "·░▒▓█", "more"]
    rows = {line.split()[1]: line.split()[2:-1] for line in lines[1:8] if line.split()[1] != "│"}
    assert rows["Wed"] == ["·", "·", "█", "·"]  # the 4th, 11th, 18th, 25th
    assert rows["Fri"] == ["·", "·", "░", "·"]
    assert rows["Sun"] == ["·"] * 5  # the 1st to the 29th: five Sundays


def test_the_heat_map_in_colour_keeps_its_squares(pln: Pln) -> None:
    """In a terminal with colour, the squares are shaded; NO_COLOR there: characters."""
    from io import StringIO

    from rich.console import Console

    from plncrm.render.report import draw

    pln("add-contact", "Ana Lima")
    pln("log", "ana", "-m", "call", "--on", "2026-11-18")
    doc = pln.json("report", "--period", "2026-11")
    for no_color, squares in ((False, True), (True, False)):
        out = StringIO()
        console = Console(
            file=out, force_terminal=True, color_system="truecolor", width=80, no_color=no_color
        )
        draw(console, doc, TODAY)
        lines = heat_map(out.getvalue())
        assert ("■" in lines[-1]) == squares, out.getvalue()
        assert bool(set("░▒▓█") & set("".join(lines))) != squares
