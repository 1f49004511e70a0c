"""`pln event import` under hostile and real files: durations in each
platform's spelling, one person's rows folded by one rule whatever their
order, cells with two addresses, the dry run that takes no write lock, and
the no-show count the agenda gives too."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from helpers import Pln
from plncrm.importers.event_times import duration_table, minutes_of

EVENTS = Path(__file__).parent / "fixtures" / "events"
WEBINAR = "Phonics Webinar"
ZOOM = (EVENTS / "zoom-attendees.csv").read_text(encoding="utf-8")
HEADER = ZOOM.splitlines().index("Attendee Details") + 1


def webinar(pln: Pln, *more: str) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted", *more)


def zoom(tmp_path: Path, rows: list[list[str]], name: str = "zoom.csv") -> str:
    """The Zoom attendee report with `rows` as its attendees (the fixture's
    title lines, host and panelist sections kept)."""
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    head = "\n".join(ZOOM.splitlines()[: HEADER + 1])
    path = tmp_path / name
    path.write_text(head + "\n" + out.getvalue(), encoding="utf-8")
    return str(path)


def attendees() -> list[list[str]]:
    lines = ZOOM.splitlines()[HEADER + 1 :]
    return [row for row in csv.reader(lines) if len(row) > 1]


def guests(pln: Pln) -> dict[str, dict[str, Any]]:
    shown = pln.json("event", "show", WEBINAR)
    return {g["contact"]["name"]: g for g in shown["guests"]}


@pytest.mark.parametrize(
    ("written", "minutes"),
    [
        ("65", 65),
        ("47.5", 47),
        ("1:00", 60),  # a sheet's h:mm: an hour, not a minute
        ("0:45", 45),
        ("1:05:03", 65),
        ("75:30", 75),  # a first part of 24 and over is minutes
        ("1 hr 5 min", 65),
        ("1h 5m", 65),
        ("1h 5m 3s", 65),
        ("55m 10s", 55),
        ("2 hours", 120),
        ("45 min", 45),
        ("30s", 0),
        ("—", None),
        ("1:75", None),
        ("soon", None),
        ("99999999", None),  # beyond MAX_MINUTES
    ],
)
def test_durations_as_the_platforms_write_them(written: str, minutes: int | None) -> None:
    assert minutes_of(written) == minutes


def test_the_duration_table_is_in_the_docs() -> None:
    docs = (Path(__file__).parent.parent / "docs" / "events.md").read_text(encoding="utf-8")
    assert duration_table() in docs


def test_an_unreadable_duration_is_said_and_leaves_attendance_unknown(
    pln: Pln, tmp_path: Path
) -> None:
    webinar(pln)
    text = (EVENTS / "teams.csv").read_text(encoding="utf-16")
    path = tmp_path / "teams.csv"
    path.write_text(text.replace("58m 1s", "—"), encoding="utf-16")
    found = pln.json("event", "import", WEBINAR, str(path))
    ev = found["event"]
    [said] = ev["not_understood"]
    assert said.startswith("row 13: duration '—' not understood")
    assert "Siobhan O'Brien" not in [a["name"] for a in ev["attended"]]
    shown = guests(pln)["Siobhan O'Brien"]  # registered, whether she came unknown
    assert shown["rsvp"] == "yes"
    assert shown["attended"] is False
    assert shown["minutes"] is None
    assert ev["attendance_unknown"] == ["Siobhan O'Brien"]
    out = pln("event", "import", WEBINAR, str(path), "-n").stdout
    assert "row 13: duration '—' not understood" in out
    # The agenda counts her with those who did not come; the summary says why.
    assert "Siobhan O'Brien (attendance unknown)" in out


def test_one_persons_rows_are_the_union_of_their_intervals(pln: Pln, tmp_path: Path) -> None:
    """María joined twice: 16:01–16:31 and 16:35–17:00 (55); a third row that
    overlaps both (16:20–16:40) adds only 16:31–16:35: 59, not the sum nor the max."""
    webinar(pln)
    rows = attendees()
    again = list(rows[0])
    again[20:23] = ["Nov 18, 2026 04:20 PM", "Nov 18, 2026 04:40 PM", "20"]
    found = pln.json("event", "import", WEBINAR, zoom(tmp_path, [*rows, again]))
    spent = {a["name"]: a["minutes"] for a in found["event"]["attended"]}
    assert spent["María García"] == 59


def test_minutes_are_capped_at_the_sessions_length(pln: Pln, tmp_path: Path) -> None:
    """Zoom says the webinar lasted 64 minutes: a row claiming three hours
    counts 64; with no such line, the event's own times (16:00-16:45) cap it."""
    webinar(pln, "--at", "16:00", "--end", "16:45")
    rows = attendees()
    rows[0][20:23] = ["Nov 18, 2026 03:00 PM", "Nov 18, 2026 06:00 PM", "180"]
    found = pln.json("event", "import", WEBINAR, zoom(tmp_path, rows))
    spent = {a["name"]: a["minutes"] for a in found["event"]["attended"]}
    assert spent["María García"] == 64
    assert spent["Derek Washington"] == 64
    path = tmp_path / "untitled.csv"
    path.write_text(Path(zoom(tmp_path, rows)).read_text().replace(",64,6,1,", ",,6,1,"))
    pln("undo", "--yes")
    found = pln.json("event", "import", WEBINAR, str(path))
    spent = {a["name"]: a["minutes"] for a in found["event"]["attended"]}
    assert spent["María García"] == 45
    assert spent["Derek Washington"] == 45


def test_the_same_rows_in_another_order_change_nothing(pln: Pln, tmp_path: Path) -> None:
    webinar(pln)
    rows = attendees()
    # The same person under another spelling and the address in capitals, and
    # someone with no address: the rows that decided a person's name came first.
    other = list(rows[0])
    other[1:4] = ["Maria G", "Maria", "G"]
    other[4] = other[4].upper()
    nameless = list(rows[2])
    nameless[4] = ""
    every = [*rows, other, nameless]
    first = pln.json("event", "import", WEBINAR, zoom(tmp_path, every))
    before = guests(pln)
    people = len(pln.json("list"))
    history = len(pln.json("history", "-n", "1000"))
    second = pln.json("event", "import", WEBINAR, zoom(tmp_path, every[::-1], "reversed.csv"))
    assert (second["added"], second["event"]["attended"], second["event"]["registered"]) == (
        0,
        [],
        [],
    )
    assert len(pln.json("list")) == people
    assert len(pln.json("history", "-n", "1000")) == history
    assert guests(pln) == before
    # And on a fresh store, the reversed file alone does what the first did.
    other_store = str(tmp_path / "other.db")
    pln("--db", other_store, "event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    alone = pln.json(
        "--db", other_store, "event", "import", WEBINAR, str(tmp_path / "reversed.csv")
    )
    assert sorted(p["name"] for p in alone["added_contacts"]) == sorted(
        p["name"] for p in first["added_contacts"]
    )
    assert alone["event"]["attended"] == first["event"]["attended"]


def test_a_cell_with_two_addresses_keeps_both(pln: Pln, tmp_path: Path) -> None:
    webinar(pln)
    rows = attendees()
    rows[2][4] = "sobrien@oswego308.example; siobhan@home.example"
    rows[3][4] = "d.ivanov@school.example, dmitri@home.example"
    found = pln.json("event", "import", WEBINAR, zoom(tmp_path, rows))
    assert found["rejected"] == []
    shown = pln.json("show", "Siobhan O'Brien")
    assert shown["emails"][0] == "sobrien@oswego308.example"
    assert "siobhan@home.example" in shown["emails"]
    assert "dmitri@home.example" in pln.json("show", "Дмитрий Иванов")["emails"]


def test_a_dry_run_takes_no_write_lock(pln: Pln, pln_db: Path) -> None:
    """Another member writing holds the store's write lock: a dry run still answers."""
    webinar(pln)
    store = sqlite3.connect(pln_db, timeout=0.1)
    store.execute("BEGIN IMMEDIATE")
    try:
        found = pln.json(
            "event", "import", WEBINAR, str(EVENTS / "zoom-attendees.csv"), "--dry-run"
        )
    finally:
        store.rollback()
        store.close()
    assert found["dry_run"] is True
    assert found["added"] == 5
    names = [a["name"] for a in found["event"]["attended"]]
    assert names == ["Derek Washington", "María García", "Siobhan O'Brien"]
    assert found["event"]["no_shows"] == ["Дмитрий Иванов", "王小明"]
    assert guests(pln) == {}


def test_the_summary_and_the_agenda_count_the_same_no_shows(pln: Pln) -> None:
    webinar(pln)
    pln("event", "import", WEBINAR, str(EVENTS / "zoom-registrants.csv"))
    found = pln.json("event", "import", WEBINAR, str(EVENTS / "zoom-attendees.csv"))
    counted = len(found["event"]["no_shows"])
    assert counted == 2
    agenda = pln("due").stdout
    assert f"Send the recording to {counted} who did not come to {WEBINAR}" in agenda


def test_the_summary_counts_people_matched_not_skipped(pln: Pln) -> None:
    """The engine's "skipped 5" meant five known people with nothing new about
    them, beside "Skipped Pat Quinn" for a cancelled registration: one word,
    two meanings. The first line counts those matched, and skipped means left out."""
    webinar(pln)
    pln("add-contact", "Derek Washington", "-e", "derek.washington@oswego308.example")
    out = pln("event", "import", WEBINAR, str(EVENTS / "zoom-registrants.csv")).stdout
    assert out.startswith("Added 4, matched 1 known, skipped 1, rejected 0\n")
    assert "Skipped Pat Quinn: registration status 'cancelled'" in out
    again = pln("event", "import", WEBINAR, str(EVENTS / "zoom-registrants.csv")).stdout
    assert again.startswith("Nothing changed: Phonics Webinar has this zoom-registrants file's")
    assert "5 people as it has them; 1 cancelled, skipped;" in again
    dry = pln("event", "import", WEBINAR, str(EVENTS / "zoom-attendees.csv"), "-n").stdout
    assert dry.startswith("Would add 0, matched 5 known, skipped 0, rejected 0 (dry run: nothing")


def test_a_long_report_is_read_holding_its_people_not_its_rows() -> None:
    """20,000 rows of 10 people who keep rejoining: what reading holds beyond
    the file's bytes is the 10 people (it held every row, a thousand bytes
    each: 5.9 GB for a million)."""
    import tracemalloc
    from datetime import date

    from plncrm.importers import event_files

    head = "\n".join(ZOOM.splitlines()[: HEADER + 1])
    lines = []
    for i in range(20_000):
        row = ["Yes", f"Person {i % 10}", "", "", f"p{i % 10}@s.example", *[""] * 15]
        at = f'"Nov 18, 2026 04:{i % 60:02} PM"'
        lines.append(",".join([*row, at, at, "1", "Yes", "US"]))
    data = (head + "\n" + "\n".join(lines) + "\n").encode()
    tracemalloc.start()
    try:
        sheet = event_files.read(data, date(2026, 11, 29), "mdy")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 3_000_000, peak  # the file is 2.3 MB; its rows as lists were 30 MB
    assert len(sheet.guests) == 10
    assert sheet.guests[0].rows == 2_000


@pytest.mark.parametrize(
    ("cell", "emails"),
    [
        ("a@x.org; b@y.org", ["a@x.org", "b@y.org"]),
        ("a@x.org, b@y.org", ["a@x.org", "b@y.org"]),
        ("Ana Ruiz <a@x.org>", ["a@x.org"]),
        ("anonymous", ["anonymous"]),  # no address: the engine says why it is none
        ("; ".join(f"u{i}@x.org" for i in range(50)), [f"u{i}@x.org" for i in range(5)]),
    ],
)
def test_the_addresses_of_a_cell(cell: str, emails: list[str]) -> None:
    from plncrm.importers.event_rows import emails_in

    assert emails_in(cell) == emails


def test_an_event_not_found_is_said_before_the_file_is_read(pln: Pln) -> None:
    webinar(pln)
    other = Path(__file__).parent / "fixtures" / "linkedin-current.csv"  # no attendee file
    refused = pln("event", "import", "Phonics Webinarr", str(other), ok=False)
    assert refused.exit_code == 3
    assert "Phonics Webinarr" in refused.stderr


FORMATS = {
    "zoom-registrants.csv": (),
    "zoom-attendees.csv": (),
    "eventbrite.csv": (),
    "google-forms.csv": (),
    "microsoft-forms.csv": (),
    "teams.csv": (),
    "plain.csv": (
        *("--map", "name=Attendee", "--map", "registered=Signed up"),
        *("--map", "attended=Showed up", "--map", "minutes=Minutes watched"),
    ),
}


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_each_format_twice_changes_nothing_and_another_kind_is_refused(pln: Pln, name: str) -> None:
    webinar(pln)
    more = FORMATS[name]
    first = pln.json("event", "import", WEBINAR, str(EVENTS / name), *more)
    assert first["added"] > 0
    history, shown = len(pln.json("history", "-n", "1000")), guests(pln)
    again = pln.json("event", "import", WEBINAR, str(EVENTS / name), *more)
    assert (again["added"], again["event"]["registered"], again["event"]["attended"]) == (0, [], [])
    assert len(pln.json("history", "-n", "1000")) == history
    assert guests(pln) == shown
    if name != "plain.csv":
        kind = "teams" if name != "teams.csv" else "zoom-attendees"
        refused = pln("event", "import", WEBINAR, str(EVENTS / name), "--format", kind, ok=False)
        assert refused.exit_code == 5
