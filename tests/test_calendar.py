"""`pln calendar sync`: the agenda as a vdir calendar collection, read back with
the icalendar library; kept current by re-syncs and by the `calendar.dir`
hook; `pln export ics` with the same entries."""

from __future__ import annotations

import os
import stat
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln


def entries(folder: Path) -> dict[str, Any]:
    """Each pln-*.ics file's one VEVENT, by UID (minus @plncrm)."""
    from icalendar import Calendar

    found = {}
    for path in sorted(folder.glob("pln-*.ics")):
        [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        uid = str(event["UID"]).removesuffix("@plncrm")
        assert path.name == f"pln-{uid}.ics"
        found[uid] = event
    return found


def summaries(folder: Path) -> dict[str, tuple[str, object]]:
    return {uid: (str(e["SUMMARY"]), e.decoded("DTSTART")) for uid, e in entries(folder).items()}


def network(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    pln("add-contact", "Ben O'Neil", "--cadence", "monthly")
    pln("log", "ben", "--on", "2026-11-20", "-m", "coffee at the PD day")
    pln("follow-up", "ana", "send the slides", "--due", "2026-12-02")
    pln(
        "follow-up", "--no-contact", "plan the webinar", "--due", "2026-12-24", "--every", "monthly"
    )
    pln("add-contact", "Chloé Martin")
    pln("intro", "ana", "chloé", "--why", "both teach robotics")
    pln(
        "event",
        "add",
        "Maths circle",
        "--on",
        "2026-12-10",
        "--at",
        "16:00",
        "--end",
        "17:30",
        "--tz",
        "America/Chicago",
        "--hosted",
        "--where",
        "https://meet.example.org/m",
    )


EXPECTED = {
    "follow-up-1": ("send the slides (Ana Lima)", date(2026, 12, 2)),
    "follow-up-2": ("plan the webinar", date(2026, 12, 24)),
    "keep-in-touch-2": ("Reach out to Ben O'Neil", date(2026, 12, 20)),
    "intro-1": ("Ask Ana Lima about meeting Chloé Martin", date(2026, 11, 29)),
    "event-1": ("Maths circle", datetime(2026, 12, 10, 22, 0, tzinfo=timezone.utc)),
}


def test_every_kind_of_item_becomes_an_entry(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    out = pln("calendar", "sync", str(folder)).stdout
    assert f"Synced the calendar in {folder}: 5 added, 0 updated, 0 removed, 0 unchanged." in out
    assert "pln calendar vdirsyncer" in out  # the first time: how to carry it on
    assert summaries(folder) == EXPECTED
    found = entries(folder)
    assert found["event-1"].decoded("DTEND") == datetime(2026, 12, 10, 23, 30, tzinfo=timezone.utc)
    assert str(found["event-1"]["LOCATION"]) == "https://meet.example.org/m"
    assert "Repeats every 1 month" in str(found["follow-up-2"]["DESCRIPTION"])
    assert "pln intros ask 1 b --draft" in str(found["intro-1"]["DESCRIPTION"])
    for event in found.values():
        [alarm] = event.walk("VALARM")
        if (
            "DTEND" in event
            and isinstance(event.decoded("DTSTART"), date)
            and not isinstance(event.decoded("DTSTART"), datetime)
        ):
            assert alarm.decoded("TRIGGER") == timedelta(hours=9)  # 9:00 on the day
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in folder.glob("*.ics"))


def test_a_resync_updates_and_removes_never_duplicates(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    pln("calendar", "sync", str(folder))
    (folder / "birthday.ics").write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")  # not ours
    again = pln("calendar", "sync", str(folder)).stdout
    assert "0 added, 0 updated, 0 removed, 5 unchanged." in again
    pln("follow-ups", "edit", "1", "--due", "2026-12-04", "--title", "send the slides and notes")
    pln("done", "2")  # recurring: it comes back a month on
    pln("intros", "ask", "1", "a")
    pln("archive", "ben")
    out = pln("calendar", "sync", str(folder)).stdout
    # The recurring one comes back as a new follow-up (#3); Ben is archived.
    assert "1 added, 2 updated, 2 removed, 1 unchanged." in out
    assert summaries(folder) == {
        **{k: v for k, v in EXPECTED.items() if k not in ("keep-in-touch-2", "follow-up-2")},
        "follow-up-1": ("send the slides and notes (Ana Lima)", date(2026, 12, 4)),
        "follow-up-3": ("plan the webinar", date(2026, 12, 29)),  # a month from done
        "intro-1": ("Ask Chloé Martin about meeting Ana Lima", date(2026, 11, 29)),
    }
    assert (folder / "birthday.ics").exists()
    dry = pln("calendar", "sync", str(folder), "--dry-run").stdout
    assert "Would sync" in dry
    assert "0 added, 0 updated, 0 removed, 4 unchanged" in dry


def test_a_file_changed_by_hand_is_put_back(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    pln("calendar", "sync", str(folder))
    entry = folder / "pln-follow-up-1.ics"
    entry.write_text(entry.read_text().replace("send the slides", "something else"))
    (folder / "pln-intro-1.ics").unlink()
    out = pln("calendar", "sync", str(folder)).stdout
    assert "1 added, 1 updated, 0 removed, 3 unchanged." in out
    assert summaries(folder) == EXPECTED


def test_dry_run_writes_nothing(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    out = pln("calendar", "sync", str(folder), "--dry-run").stdout
    assert "Would sync the calendar" in out
    assert "would add: " in out
    assert not folder.exists()


def test_alarm_setting_and_none(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    pln("config", "notify.alarm", "7:30")
    pln("calendar", "sync", str(folder))
    [alarm] = entries(folder)["follow-up-1"].walk("VALARM")
    assert alarm.decoded("TRIGGER") == timedelta(hours=7, minutes=30)
    pln("config", "notify.alarm", "off")
    assert "0 added, 5 updated" in pln("calendar", "sync", str(folder)).stdout
    assert entries(folder)["follow-up-1"].walk("VALARM") == []


def test_waves_of_badge_scans_are_one_entry(pln: Pln, tmp_path: Path) -> None:
    for i in range(6):
        pln("add-contact", f"Visitor {i}", "--met-at", "Booth at ISTE", "--met-on", "2026-11-28")
    folder = tmp_path / "cal"
    pln("calendar", "sync", str(folder))
    [(uid, (summary, day))] = summaries(folder).items()
    assert uid == "met-1"
    assert summary == "Follow up with the 6 people met at Booth at ISTE"
    assert day == date(2026, 11, 30)
    assert "pln event follow-up 1" in str(entries(folder)["met-1"]["DESCRIPTION"])


def test_the_calendar_dir_hook_follows_every_change(pln: Pln, tmp_path: Path) -> None:
    network(pln)
    folder = tmp_path / "cal"
    pln("config", "calendar.dir", str(folder))  # a setting: the whole calendar is written
    assert summaries(folder) == EXPECTED
    pln("follow-ups", "edit", "1", "--due", "2026-12-05")
    assert summaries(folder)["follow-up-1"] == ("send the slides (Ana Lima)", date(2026, 12, 5))
    pln("done", "1")
    assert "follow-up-1" not in summaries(folder)
    pln("undo", "--yes")  # not journaled itself: a full re-sync
    assert summaries(folder)["follow-up-1"] == ("send the slides (Ana Lima)", date(2026, 12, 5))
    pln("edit", "ana", "--name", "Ana Lima-Souza")  # her name is in two entries
    got = summaries(folder)
    assert got["follow-up-1"][0] == "send the slides (Ana Lima-Souza)"
    assert got["intro-1"][0] == "Ask Ana Lima-Souza about meeting Chloé Martin"
    pln("follow-up", "ben", "ask about the grant", "--due", "2026-12-01")  # busy: no keep-in-touch
    got = summaries(folder)
    assert "keep-in-touch-2" not in got
    assert "follow-up-3" in got
    pln("snooze", "i1", "--until", "2026-12-07")
    assert summaries(folder)["intro-1"][1] == date(2026, 12, 7)
    full = pln("calendar", "sync").stdout  # the configured folder; nothing left to do
    assert "0 added, 0 updated, 0 removed, 5 unchanged." in full


def test_the_hook_keeps_a_wave_whole(pln: Pln, tmp_path: Path) -> None:
    folder = tmp_path / "cal"
    pln("config", "calendar.dir", str(folder))
    for i in range(5):
        pln("add-contact", f"Visitor {i}", "--met-at", "Booth at ISTE", "--met-on", "2026-11-28")
    assert list(summaries(folder)) == ["met-1"]
    pln("log", "visitor 0", "-m", "emailed the brochure")  # four left: one entry each
    assert sorted(summaries(folder)) == [f"follow-up-{i}" for i in (2, 3, 4, 5)]
    assert "0 added, 0 updated, 0 removed, 4 unchanged." in pln("calendar", "sync").stdout


def test_a_calendar_that_cannot_be_written_warns_but_keeps_the_change(
    pln: Pln, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    pln("config", "calendar.dir", str(blocker / "cal"), ok=True)
    result = pln("add-contact", "Ana Lima")
    assert "the calendar in" in result.stderr
    assert "was not updated" in result.stderr
    assert [c["name"] for c in pln.json("list")] == ["Ana Lima"]


def test_export_ics_has_the_same_entries(pln: Pln, tmp_path: Path) -> None:
    from icalendar import Calendar

    network(pln)
    target = tmp_path / "agenda.ics"
    pln("export", "ics", "-o", str(target))
    events = Calendar.from_ical(target.read_bytes()).walk("VEVENT")
    got = {
        str(e["UID"]).removesuffix("@plncrm"): (str(e["SUMMARY"]), e.decoded("DTSTART"))
        for e in events
    }
    assert got == EXPECTED
    assert all(e.walk("VALARM") for e in events)


def test_text_is_escaped_and_folded() -> None:
    from icalendar import Calendar

    from plncrm.calendars import ics
    from plncrm.calendars.entries import CalendarItem

    title = "Call Zoë; then, ask\\about 「数学」 " + "long " * 30 + "\x1b[31mred"
    item = CalendarItem("follow-up-9", title, date(2026, 12, 1), "line one\nline two, three")
    data = ics.one(item, None, datetime(2026, 11, 29, tzinfo=timezone.utc))
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    [event] = Calendar.from_ical(data).walk("VEVENT")
    assert str(event["SUMMARY"]) == title.replace("\x1b[31m", "")
    assert str(event["DESCRIPTION"]) == "line one\nline two, three"
    assert ics.same(data.replace(b"20261129T000000Z", b"20270101T000000Z"), item, None)
    assert not ics.same(data, item._replace(summary="Call Zoë"), None)


def test_not_a_folder_is_refused(pln: Pln, tmp_path: Path) -> None:
    target = tmp_path / "file.ics"
    target.write_text("")
    result = pln("calendar", "sync", str(target), ok=False)
    assert result.exit_code == 5
    assert "is a file" in result.stderr
    assert os.path.getsize(target) == 0


def test_vdirsyncer_config_names_the_folder(pln: Pln, tmp_path: Path) -> None:
    out = pln(
        "calendar",
        "vdirsyncer",
        str(tmp_path / "cal"),
        "--url",
        "https://dav.example.org/ana/pln/",
        "-u",
        "ana",
    ).stdout
    assert f'path = "{tmp_path / "cal"}"' in out
    assert 'url = "https://dav.example.org/ana/pln/"' in out
    assert "read_only = true" in out


@pytest.mark.parametrize("url", ["https://ana:hunter2@dav.example.org/ana/pln/"])
def test_vdirsyncer_config_never_prints_a_password(pln: Pln, tmp_path: Path, url: str) -> None:
    out = pln("calendar", "vdirsyncer", str(tmp_path), "--url", url).stdout
    assert "hunter2" not in out


def test_nothing_changed_reads_nothing_but_the_state(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.calendars import sync

    network(pln)
    folder = tmp_path / "cal"
    pln("calendar", "sync", str(folder))

    def no_gathering(*args: object, **kwargs: object) -> object:
        raise AssertionError("gathered the calendar although nothing changed")

    with monkeypatch.context() as patched:
        patched.setattr(sync, "gather_items", no_gathering)
        assert (
            "0 added, 0 updated, 0 removed, 5 unchanged."
            in pln("calendar", "sync", str(folder)).stdout
        )
        pln("follow-ups", "edit", "1", "--due", "2026-12-09")  # no calendar.dir: no hook
        assert pln("calendar", "sync", str(folder), ok=False).exit_code == 1  # it must look
    assert (
        "0 added, 1 updated, 0 removed, 4 unchanged." in pln("calendar", "sync", str(folder)).stdout
    )
    pln("undo", "--yes")  # stamps the journal: the version moves
    assert "0 added, 1 updated" in pln("calendar", "sync", str(folder)).stdout
    later = Pln(day=date(2026, 12, 11))  # the hosted event is over
    assert "1 removed" in later("calendar", "sync", str(folder)).stdout


def test_a_copy_of_the_store_never_writes_into_this_machines_calendar(
    pln: Pln, tmp_path: Path
) -> None:
    pln("config", "calendar.dir", str(tmp_path / "cal"))
    pln("add-contact", "Ana Lima")
    document = pln("export", "json").stdout
    assert "calendar.dir" not in document
    copy = tmp_path / "copy.db"
    pln("--db", str(copy), "import", "json", "-", input=document)
    assert pln.json("--db", str(copy), "config")["calendar.dir"] in ("", None)


def test_the_first_command_of_a_day_moves_what_became_late_to_today(
    store_url: str, tmp_path: Path
) -> None:
    """With `calendar.dir` set and no `pln calendar sync` run, an entry that
    became late overnight is on today's date after the day's first command,
    however unrelated, not left on its old day (an alarm nobody sees)."""
    folder = tmp_path / "cal"
    monday, thursday = date(2026, 3, 2), date(2026, 3, 5)
    first = Pln(day=monday)
    first("add-contact", "Ana Lima")
    first("follow-up", "ana", "send the slides", "--due", "2026-03-03")
    first("config", "calendar.dir", str(folder))
    assert summaries(folder)["follow-up-1"][1] == date(2026, 3, 3)
    later = Pln(day=thursday)
    later("add-contact", "Ben Ode")  # touches nothing of Ana's
    assert summaries(folder)["follow-up-1"][1] == thursday
    assert "late" in str(entries(folder)["follow-up-1"].get("DESCRIPTION", ""))
    later("add-contact", "Chloé Martin")  # the same day: only what it touched is read
    assert summaries(folder)["follow-up-1"][1] == thursday


def test_one_writer_for_every_calendar_pln_writes(pln: Pln, tmp_path: Path) -> None:
    """`event ics`, `export ics` and `calendar sync` are written by one writer:
    one PRODID, and an event over several days spans them in each."""
    from icalendar import Calendar

    pln("event", "add", "Fall CUE", "--on", "2026-12-10", "--until", "2026-12-12", "--hosted")
    folder = tmp_path / "cal"
    pln("calendar", "sync", str(folder))
    written = {
        "event ics": pln("event", "ics", "fall cue").stdout_bytes,
        "export ics": pln("export", "ics").stdout_bytes,
        "calendar sync": next(folder.glob("pln-event-*.ics")).read_bytes(),
    }
    for data in written.values():
        calendar = Calendar.from_ical(data)
        assert str(calendar["PRODID"]) == "-//plncrm//pln//EN"
        [event] = calendar.walk("VEVENT")
        assert (event.decoded("DTSTART"), event.decoded("DTEND")) == (
            date(2026, 12, 10),
            date(2026, 12, 13),
        )
        assert str(event["TRANSP"]) == "OPAQUE"  # an event blocks the days; a reminder does not
