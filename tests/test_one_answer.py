"""One answer per question (issue 27): the agenda, the report and the calendar
agree on who is late, waiting or snoozed, and each agenda line has its own
handle."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from helpers import TODAY, Pln


def calendar(pln: Pln, folder: Path) -> dict[str, Any]:
    """The synced entries by UID: (summary, day)."""
    from icalendar import Calendar

    pln("calendar", "sync", str(folder))
    found = {}
    for path in sorted(folder.glob("pln-*.ics")):
        [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        found[str(event["UID"]).removesuffix("@plncrm")] = (
            str(event["SUMMARY"]),
            event.decoded("DTSTART"),
        )
    return found


def late(pln: Pln) -> dict[str, int]:
    """Who the report lists as past their cadence, and by how many days."""
    report = pln.json("report")
    return {o["name"]: o["days_overdue"] for o in report["dormancy"]["most_overdue"]}


def due(pln: Pln) -> dict[str, dict[str, Any]]:
    return {i["handle"]: i for i in pln.json("due")}


def test_a_dismissed_keep_in_touch_line_is_late_nowhere(store_url: str, tmp_path: Path) -> None:
    """`pln dismiss k1`: the cadence starts again today, for the report and
    the calendar too; when it comes round again all three count from there."""
    long_ago = TODAY - timedelta(days=260)
    pln = Pln(day=long_ago)
    pln("add-contact", "Keisha Brown", "--cadence", "monthly")
    pln = Pln()
    assert late(pln) == {"Keisha Brown": 229}
    assert due(pln)["k1"]["reason"].startswith("no contact logged yet")
    pln("dismiss", "k1")
    assert late(pln) == {}
    assert "k1" not in due(pln)
    entries = calendar(pln, tmp_path / "cal")
    assert entries["keep-in-touch-1"] == ("Reach out to Keisha Brown", date(2026, 12, 29))
    # A month and ten days on: ten days late by every count.
    later = Pln(day=date(2027, 1, 8))
    assert late(later) == {"Keisha Brown": 10}
    assert due(later)["k1"]["reason"] == "no contact logged yet; you aim for every 1 month"
    assert due(later)["k1"]["due"] == "2026-12-29"
    assert calendar(later, tmp_path / "cal")["keep-in-touch-1"][1] == date(2027, 1, 8)


def test_a_late_follow_up_is_on_todays_date_and_moves_daily(store_url: str, tmp_path: Path) -> None:
    pln = Pln(day=date(2026, 9, 1))
    pln("add-contact", "Ana Lima")
    pln("follow-up", "ana", "send the pricing", "--due", "2026-09-03")
    pln("follow-up", "ana", "ask about the pilot", "--due", "2026-12-20")
    folder = tmp_path / "cal"
    assert calendar(pln, folder)["follow-up-1"][1] == date(2026, 9, 3)  # not late: its own day
    for day in (TODAY, TODAY + timedelta(days=1)):
        entries = calendar(Pln(day=day), folder)
        assert entries["follow-up-1"] == ("send the pricing (Ana Lima)", day)
        assert entries["follow-up-2"][1] == date(2026, 12, 20)
        assert due(Pln(day=day))["1"]["section"] == "Overdue"
    # A snoozed one is on the day it comes back, then late from that day.
    pln("snooze", "1", "--until", "2026-12-05")
    assert calendar(pln, folder)["follow-up-1"][1] == date(2026, 12, 5)
    assert calendar(Pln(day=date(2026, 12, 9)), folder)["follow-up-1"][1] == date(2026, 12, 9)
    assert due(Pln(day=date(2026, 12, 9)))["1"]["reason"].startswith("overdue by 4 days")


def test_keeping_in_touch_stands_aside_for_the_same_follow_ups_everywhere(
    store_url: str, tmp_path: Path
) -> None:
    """A follow-up due within the week covers keeping in touch, in the agenda
    and the calendar alike; one due months ahead does not hide it."""
    pln = Pln(day=TODAY - timedelta(days=100))
    pln("add-contact", "Ben Okafor", "--cadence", "monthly")
    pln("add-contact", "Chloé Martin", "--cadence", "monthly")
    pln = Pln()
    pln("follow-up", "ben", "send the grant notes", "--due", "2026-12-02")  # within the week
    pln("follow-up", "chloé", "ask about the spring visit", "--due", "2027-03-01")
    handles = due(pln)
    entries = calendar(pln, tmp_path / "cal")
    assert "k1" not in handles
    assert "keep-in-touch-1" not in entries
    assert "k2" in handles
    assert entries["keep-in-touch-2"] == ("Reach out to Chloé Martin", TODAY)
    assert late(pln) == {"Ben Okafor": 69, "Chloé Martin": 69}  # late, whatever the agenda shows


def test_each_side_of_an_introduction_has_its_own_handle(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Chloé Martin")
    pln("intro", "ana", "chloé", "--why", "both teach robotics")
    lines = pln.json("due")
    handles = [i["handle"] for i in lines if i["kind"] == "intro"]
    assert handles == sorted(handles)
    assert set(handles) == {"i1a", "i1b"}
    assert "i1a" in pln("due").stdout
    assert "i1b" in pln("due").stdout
    said = pln("snooze", "i1a", "--until", "2026-12-05").stdout
    assert "i1a" in said
    assert "Ana Lima" in said
    assert [i["handle"] for i in pln.json("due") if i["kind"] == "intro"] == ["i1b"]
    done = pln("done", "i1b", ok=False)
    assert done.exit_code != 0
    assert "introduction 1" in done.stderr
    dismissed = pln("dismiss", "i1b", ok=False)
    assert dismissed.exit_code != 0
    assert "i1b" in dismissed.stderr
    # The old form still means the whole introduction: both sides.
    pln("snooze", "i1", "--until", "2026-12-10")
    assert [i for i in Pln(day=date(2026, 12, 6)).json("due") if i["kind"] == "intro"] == []
    back = Pln(day=date(2026, 12, 10)).json("due")
    assert {i["handle"] for i in back if i["kind"] == "intro"} == {"i1a", "i1b"}
