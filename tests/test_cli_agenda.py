from __future__ import annotations

import re
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
import time_machine

from helpers import Pln
from plncrm.cli import app


def build_network(pln: Pln) -> None:
    pln(
        "add-contact",
        "Maya Okafor",
        "--met-at",
        "ISTE 2026",
        "--met-on",
        "3 days ago",
        "--tag",
        "board",
    )
    pln("add-contact", "Ben Ode", "--cadence", "1 month")
    pln("log", "ben", "--on", "2026-10-01", "-m", "coffee")
    pln("add-contact", "Cy Park")
    pln("follow-up", "cy", "send", "the", "slides", "--due", "yesterday")
    pln("follow-up", "--no-contact", "write blog post")
    pln("follow-up", "maya", "share rubric", "--due", "friday")
    pln("config", "important-tags", "board")


def test_due_shows_every_kind_with_reasons(pln: Pln) -> None:
    build_network(pln)
    items = pln.json("due")
    assert [(i["kind"], i["section"], i["contact"], i["title"], i["due"]) for i in items] == [
        ("follow-up", "Overdue", "Cy Park", "send the slides", "2026-11-28"),
        ("follow-up", "Today", None, "write blog post", "2026-11-29"),
        (
            "met-no-follow-up",
            "Don't strike out",
            "Maya Okafor",
            "Follow up after meeting at ISTE 2026",
            "2026-11-28",
        ),
        ("keep-in-touch", "Reach out", "Ben Ode", "Reach out to Ben Ode", "2026-11-01"),
        ("follow-up", "Coming up", "Maya Okafor", "share rubric", "2026-12-04"),
    ]
    for item in items:
        assert isinstance(item["score"], float)
        assert item["reason"]
    assert items[2]["reason"] == "met at ISTE 2026 3 days ago, no follow-up yet"
    screen = pln("due").stdout
    for text in (
        "Overdue",
        "Don't strike out",
        "Reach out",
        "met at ISTE 2026 3 days ago",
        "overdue by 1 day",
    ):
        assert text in screen
    assert re.search(r"^ *1 \S", screen, re.M), "each line starts with its handle"


def test_due_on_another_day_and_within(pln: Pln) -> None:
    build_network(pln)
    later = pln.json("due", "--on", "2026-12-04", "--within", "0")
    assert ("share rubric", "Today") in [(i["title"], i["section"]) for i in later]
    assert [i["title"] for i in pln.json("due", "--within", "30")][-1] == "share rubric"


def test_nothing_due_is_one_friendly_line(pln: Pln) -> None:
    out = pln("due").stdout
    assert out.strip() == "Nothing due on 2026-11-29: your network is in good shape."
    assert pln.json("due") == []


def test_done_rolls_a_recurring_follow_up_forward(pln: Pln) -> None:
    pln("add-contact", "Ana")
    task = pln.json("follow-up", "ana", "check in", "--every", "2 weeks")
    assert task["every"] == "2 weeks"
    [result] = pln.json("done", str(task["id"]))
    assert result["status"] == "done"
    assert result["next"]["due"] == "2026-12-13"
    assert [t["due"] for t in pln.json("follow-ups")] == ["2026-12-13"]
    again = pln("done", str(task["id"]), ok=False)
    assert again.exit_code == 6
    assert "already done" in again.stderr


def test_done_can_log_the_interaction(pln: Pln) -> None:
    pln("add-contact", "Ana", "--met-at", "NCTM", "--met-on", "yesterday")
    pln("follow-up", "ana", "email her")
    assert {i["kind"] for i in pln.json("due")} == {"follow-up", "met-no-follow-up"}
    pln("done", "2", "-m", "sent the rubric", "--kind", "email")
    shown = pln.json("show", "ana")
    assert shown["last_contacted"] == "2026-11-29"
    assert shown["timeline"][0]["note"] == "sent the rubric"
    assert pln.json("due") == []  # the touchpoint closed the strike-out guard too


def test_snooze_cancel_and_list(pln: Pln) -> None:
    pln("follow-up", "--no-contact", "a")
    pln("follow-up", "--no-contact", "b")
    assert "until 2026-12-04" in pln("snooze", "1", "--until", "friday").stdout
    pln("cancel", "2")
    tasks = pln.json("follow-ups")
    assert [(t["id"], t["status"], t["snoozed_until"]) for t in tasks] == [
        (1, "snoozed", "2026-12-04")
    ]
    assert len(pln.json("follow-ups", "--all")) == 2
    assert pln.json("due", "--within", "3") == []
    assert [i["section"] for i in pln.json("due")] == ["Coming up"]
    assert pln("cancel", "99", ok=False).exit_code == 3


def test_bad_dates_and_intervals_exit_with_examples(pln: Pln) -> None:
    pln("add-contact", "Ana")
    for args in (
        ("follow-up", "ana", "x", "--due", "someday"),
        ("snooze", "1", "--until", "later"),
        ("due", "--on", "the 5th"),
    ):
        result = pln(*args, ok=False)
        assert result.exit_code == 5, args
        assert "try: 2026-12-24, today, tomorrow" in result.stderr
    result = pln("follow-up", "ana", "x", "--every", "sometimes", ok=False)
    assert result.exit_code == 5
    assert "try: 2 weeks, 3 months" in result.stderr
    assert pln.json("follow-ups") == []


def test_follow_up_needs_a_contact_or_no_contact(pln: Pln) -> None:
    result = pln("follow-up", "just text", ok=False)
    assert result.exit_code == 5
    assert "--no-contact" in result.stderr


def test_config_round_trip(pln: Pln) -> None:
    assert pln.json("config")["guard-days"] == "2"
    pln("config", "guard-days", "4")
    pln("config", "cadence.Board", "every 2 months")
    values = pln.json("config")
    assert (values["guard-days"], values["cadence.board"]) == ("4", "2 months")
    pln("config", "guard-days", "--unset")
    assert pln.json("config")["guard-days"] == "2"
    assert pln("config", "colour", "red", ok=False).exit_code == 5


def test_tag_cadence_set_by_config_reaches_the_agenda(pln: Pln) -> None:
    pln("add-contact", "Ana", "--tag", "board")
    pln("log", "ana", "--on", "2026-09-01")
    assert pln.json("due") == []
    pln("config", "cadence.board", "monthly")
    assert [i["kind"] for i in pln.json("due")] == ["keep-in-touch"]


def test_export_ics_round_trips_through_icalendar(pln: Pln, tmp_path: Path) -> None:
    from icalendar import Calendar

    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send slides", "--due", "2026-12-03")
    pln("follow-up", "--no-contact", "plan webinar", "--due", "Dec 24", "--every", "monthly")
    pln("follow-up", "--no-contact", "done already")
    pln("done", "3")
    target = tmp_path / "pln.ics"
    pln("export", "ics", "-o", str(target))
    assert target.stat().st_mode & 0o077 == 0
    calendar = Calendar.from_ical(target.read_bytes())
    events = sorted(calendar.walk("VEVENT"), key=lambda e: e["UID"])
    assert [(str(e["SUMMARY"]), e.decoded("DTSTART")) for e in events] == [
        ("send slides (Ana Lima)", date(2026, 12, 3)),
        ("plan webinar", date(2026, 12, 24)),
    ]
    assert "Contact: Ana Lima (#1)" in str(events[0]["DESCRIPTION"])
    stdout = pln("export", "ics").stdout
    assert stdout.startswith("BEGIN:VCALENDAR")


@pytest.mark.usefixtures("store_url")
def test_the_real_clock_sets_today(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    runner = CliRunner()
    with time_machine.travel(datetime(2027, 3, 1, 9, 0, tzinfo=timezone.utc), tick=False):
        assert (
            runner.invoke(app, ["follow-up", "--no-contact", "x", "--due", "tomorrow"]).exit_code
            == 0
        )
        result = runner.invoke(app, ["due", "--json"])
    assert '"due": "2027-03-02"' in result.stdout


def test_a_large_backlog_is_counted_up_to_a_cap(pln: Pln, monkeypatch: object) -> None:
    from plncrm.agenda import gather as agenda

    for n in range(5):
        pln("follow-up", "--no-contact", f"task {n}", "--due", "2026-11-20")
    assert "… and 3 more" in pln("due", "--limit", "2").stdout
    monkeypatch.setattr(agenda, "COUNT_CAP", 4)  # type: ignore[attr-defined]
    assert "… and 2+ more" in pln("due", "--limit", "2").stdout


def test_the_agenda_fits_the_terminal_and_puts_the_name_first(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 80 and 120 columns: no line wider than the terminal, the contact's
    name before the title, a short due date, no unlabelled score."""
    from helpers import Pln

    pln = Pln()
    long = "Ana Maria da Conceição Albuquerque de Oliveira-Santos"
    pln(
        "add-contact",
        long,
        "--met-at",
        "The Very Long International Conference on Teaching Mathematics 2026",
        "--met-on",
        "2026-11-27",
    )
    pln("add-contact", "田中 浩", "--met-at", "Fall CUE", "--met-on", "2026-11-28")
    pln(
        "follow-up",
        "田中",
        "send the number talks deck and the rubric we talked about at lunch",
        "--due",
        "2027-01-05",
    )
    pln(
        "intro",
        "ana maria",
        "田中",
        "--why",
        "both run number talks PD for their districts and want "
        "to compare notes on the rubric and the coaching cycle",
    )
    from rich.cells import cell_len

    for columns in (80, 120):
        monkeypatch.setenv("COLUMNS", str(columns))
        out = pln("due", "--within", "60").stdout
        lines = out.splitlines()
        assert max(cell_len(line) for line in lines) <= columns, out
        assert any(
            line.lstrip().startswith("1 Ana Maria") and line.rstrip().endswith("Nov 29")
            for line in lines
        ), out
        assert any("2027-01-05" in line for line in lines), out
        assert not any(line.rstrip().endswith(".0") or " 10." in line for line in lines), out
        listed = pln("follow-ups").stdout.splitlines()
        assert max(cell_len(line) for line in listed) <= columns
        assert len(listed) == 2 + 3  # a header, its rule, one line per follow-up
        intros = pln("intros").stdout.splitlines()
        assert max(cell_len(line) for line in intros) <= columns
        assert len(intros) == 2 + 1
