"""`pln event import` after a new user's six-week walk (issue 31, round 3):
a sheet that would record nothing is refused, an event we did not host
counts as met only those who came, a later report's minutes are kept and
said, hosts and devices are skipped by name, a future registration day is
clamped, and `event attended` names whom it marked."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import Pln

EVENTS = Path(__file__).parent / "fixtures" / "events"
WEBINAR = "Phonics Webinar"
SUMMIT = "Literacy Leaders Summit"


def guests(pln: Pln, event: str = WEBINAR) -> dict[str, dict[str, Any]]:
    shown = pln.json("event", "show", event)
    return {g["contact"]["name"]: g for g in shown["guests"]}


def timeline(pln: Pln, who: str) -> list[str]:
    return [i["note"] for i in pln.json("show", who)["timeline"]]


def test_a_plain_sheet_mapping_neither_registered_nor_attended_is_refused(
    pln: Pln, tmp_path: Path
) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Email,Topic\nAna Ruiz,ana@cps.example,Phonics\n", encoding="utf-8")
    refused = pln("event", "import", WEBINAR, str(sheet), "--map", "notes=Topic", ok=False)
    assert refused.exit_code == 5
    assert "nothing would be recorded" in refused.stderr
    assert "registered=" in refused.stderr
    assert pln("show", "Ana Ruiz", ok=False).exit_code == 3  # nobody added either
    found = pln.json("event", "import", WEBINAR, str(sheet), "--map", "registered=Topic")
    assert found["event"]["registered"] == ["Ana Ruiz"]


def summit(pln: Pln) -> dict[str, Any]:
    """An Eventbrite conference we did not host: one checked in, one
    attending but never checked in, one who said no."""
    pln("event", "add", SUMMIT, "--on", "2026-11-28")
    school = ["--org", "Oswego CUSD 308", "--role", "Principal"]  # as the file has her
    pln("add-contact", "Siobhan O'Brien", "-e", "sobrien@oswego308.example", *school)
    eventbrite = str(EVENTS / "eventbrite.csv")
    found: dict[str, Any] = pln.json("event", "import", SUMMIT, eventbrite)
    return found


def test_at_an_event_not_hosted_only_who_came_was_met(pln: Pln) -> None:
    found = summit(pln)
    came, never = "Siobhan O'Brien", "Aroha Ngātai"  # checked in; "Attending", not checked in
    assert found["event"]["attended"] == [{"name": came, "minutes": None}]
    assert found["event"]["no_shows"] == [never]
    shown = pln.json("event", "show", SUMMIT)
    assert [c["name"] for c in shown["met"]] == [came]
    assert pln.json("show", never)["met_at"] is None
    assert timeline(pln, never) == []  # a registration is no invitation of ours answered
    assert pln.json("show", never)["last_contacted"] is None
    rows = guests(pln, SUMMIT)
    assert rows[never]["rsvp"] == "yes"
    assert rows[never]["invited_on"] is None
    assert rows[came]["invited_on"] is None
    assert "Met at " + SUMMIT in timeline(pln, came)
    # The follow-ups: one, for the one who came, as the summary counts them.
    tasks = [t for t in pln.json("follow-ups", "--all") if SUMMIT in t["title"]]
    assert [t["contact"]["name"] for t in tasks] == [came]
    assert found["follow_ups"] == len(tasks)
    out = pln("event", "show", SUMMIT).stdout
    assert "invited" not in out
    assert "registered" in out  # with the organiser: listed, as no invitation of ours
    assert any(never in line and "yes" in line for line in out.splitlines())


def test_the_summit_summary_counts_the_follow_ups_it_made(pln: Pln) -> None:
    pln("event", "add", SUMMIT, "--on", "2026-11-28")
    out = pln("event", "import", SUMMIT, str(EVENTS / "eventbrite.csv")).stdout
    assert "1 follow-up(s) so that nobody met at " + SUMMIT in out
    assert "Registered (with the organiser): Aroha Ngātai, Siobhan O'Brien" in out
    assert pln.json("show", "Siobhan O'Brien")["met_at"] == SUMMIT


def test_event_attended_names_whom_it_marked(pln: Pln) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln("add-contact", "Ana Ruiz", "-e", "ana@cps.example")
    pln("event", "invite", WEBINAR, "Ana Ruiz")
    said = pln("event", "attended", WEBINAR, "ana").stdout
    assert said.strip() == f"Marked as having attended {WEBINAR}: Ana Ruiz"
    again = pln("event", "attended", WEBINAR, "ana").stdout
    assert again.strip() == f"Already recorded as having attended {WEBINAR}: Ana Ruiz"
    taken = pln("event", "attended", WEBINAR, "ana", "--remove").stdout
    assert taken.strip() == f"No longer recorded as having attended {WEBINAR}: Ana Ruiz"


ATTENDEES = EVENTS / "zoom-attendees.csv"
SHORT = '"Nov 18, 2026 04:20 PM","Nov 18, 2026 04:24 PM",4,'  # Дмитрий: 4 minutes
LONGER = '"Nov 18, 2026 04:20 PM","Nov 18, 2026 04:45 PM",25,'


def test_a_no_show_sent_the_recording_who_came_after_all_is_owed_a_thank_you(
    pln: Pln, tmp_path: Path
) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln("event", "import", WEBINAR, str(ATTENDEES))
    pln("event", "thank", WEBINAR, "Дмитрий", "--no-shows", "--recording", "https://v.example/1")
    assert guests(pln)["Дмитрий Иванов"]["recording_on"] == "2026-11-29"
    final = tmp_path / "attendees-final.csv"
    final.write_text(ATTENDEES.read_text(encoding="utf-8").replace(SHORT, LONGER), "utf-8")
    found = pln.json("event", "import", WEBINAR, str(final))
    assert found["event"]["attended"] == [{"name": "Дмитрий Иванов", "minutes": 25}]
    assert found["event"]["owed_thanks"] == ["Дмитрий Иванов"]
    row = guests(pln)["Дмитрий Иванов"]
    assert (row["attended"], row["minutes"], row["thanked_on"]) == (True, 25, None)
    assert row["recording_on"] == "2026-11-29"  # kept: the recording was sent
    assert "Sent the recording" in " ".join(timeline(pln, "Дмитрий Иванов"))  # still said
    [hosted] = pln.json("report")["hosted_events"]
    assert hosted["thanked"] == 0  # the recording is not a thank-you
    said = pln("event", "thank", WEBINAR, "Дмитрий").stdout
    assert "Дмитрий Иванов" in said
    assert guests(pln)["Дмитрий Иванов"]["thanked_on"] == "2026-11-29"


def test_an_older_report_keeps_the_larger_minutes_and_says_so(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    final = tmp_path / "attendees-final.csv"
    final.write_text(ATTENDEES.read_text(encoding="utf-8").replace(SHORT, LONGER), "utf-8")
    pln("event", "import", WEBINAR, str(final))
    older = pln.json("event", "import", WEBINAR, str(ATTENDEES))
    assert older["event"]["kept_minutes"] == [{"name": "Дмитрий Иванов", "file": 4, "kept": 25}]
    assert guests(pln)["Дмитрий Иванов"]["minutes"] == 25
    assert guests(pln)["Дмитрий Иванов"]["attended"] is True
    out = pln("event", "import", WEBINAR, str(ATTENDEES)).stdout
    assert "Дмитрий Иванов (file says 4 min, kept 25)" in out


def test_attendance_imported_after_record_who_came_was_dismissed_brings_the_steps_back(
    pln: Pln,
) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted", "--kind", "webinar")
    pln("event", "import", WEBINAR, str(EVENTS / "zoom-registrants.csv"))
    assert pln("dismiss", "e1").stdout.startswith(f"Dismissed e1: recording who came to {WEBINAR}")
    pln("event", "import", WEBINAR, str(ATTENDEES))
    titles = [i["title"] for i in pln.json("due", "--limit", "0") if i["kind"] == "event"]
    assert f"Thank 3 attendees of {WEBINAR}" in titles
    assert any(t.startswith("Send the recording to 2 who did not come") for t in titles)


REGISTRANTS = (
    "Registration Report\n"
    'Report Generated:,"Nov 19, 2026 09:02 AM"\n'
    "Topic,Webinar ID,Scheduled Start Time\n"
    '"Phonics Webinar",812 3456 7890,"Nov 18, 2026 04:00 PM"\n'
    "Registrant Details\n"
    "First Name,Last Name,Email,Registration Time,Approval Status\n"
    'Ana,Lima,ana@cps.example,"Nov 9, 2026 10:14 AM",approved\n'
    'Ben,Okafor,ben@cps.example,"Dec 9, 2026 10:14 AM",approved\n'
)


def test_a_registration_on_a_day_to_come_is_recorded_on_the_import_day(
    pln: Pln, tmp_path: Path
) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    path = tmp_path / "registrants.csv"
    path.write_text(REGISTRANTS, encoding="utf-8")
    dry = pln.json("event", "import", WEBINAR, str(path), "-n")
    said = "line 8: Ben Okafor registered on 2026-12-09, a day to come: recorded on 2026-11-29"
    assert dry["event"]["later_days"] == [said]
    out = pln("event", "import", WEBINAR, str(path)).stdout
    assert said in out
    rows = guests(pln)
    assert rows["Ben Okafor"]["rsvp_on"] == "2026-11-29"
    assert rows["Ana Lima"]["rsvp_on"] == "2026-11-09"
    assert pln.json("show", "Ben Okafor")["last_contacted"] == "2026-11-29"


MEETING = (
    "Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants\n"
    "81234567890,Phonics Office Hours,11/18/2026 03:58:12 PM,11/18/2026 05:02:40 PM,"
    "dana@literacy.example,65,4\n"
    "\n"
    "Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest\n"
    "Dana Host,dana@literacy.example,11/18/2026 03:58:12 PM,11/18/2026 05:02:40 PM,65,No\n"
    "Li Na (李娜),li.na@school.example,11/18/2026 04:00:00 PM,11/18/2026 05:00:00 PM,60,Yes\n"
    "iPhone de Marta,,11/18/2026 04:10:00 PM,11/18/2026 04:50:00 PM,40,Yes\n"
)


def test_a_zoom_meetings_host_and_a_device_are_skipped_by_name(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", "Office Hours", "--on", "2026-11-18", "--hosted")
    path = tmp_path / "meeting.csv"
    path.write_text(MEETING, encoding="utf-8")
    found = pln.json("event", "import", "Office Hours", str(path))
    assert [p["name"] for p in found["added_contacts"]] == ["李娜"]
    host, device = found["event"]["skipped"]
    assert host["name"] == "Dana Host"
    assert host["why"].startswith("the meeting's host (dana@literacy.example); if that is not")
    assert device["name"] == "iPhone de Marta"
    assert device["why"].startswith("no email, may be a device")
    out = pln("event", "import", "Office Hours", str(path)).stdout
    assert "iPhone de Marta" in out
    # Without the summary line, `pln config my-email` says who we are.
    pln("config", "my-email", "dana@literacy.example")
    pln("event", "add", "Office Hours 2", "--on", "2026-11-18", "--hosted")
    path.write_text(MEETING.split("\n\n", 1)[1], encoding="utf-8")
    again = pln.json("event", "import", "Office Hours 2", str(path))
    assert {"name": "Dana Host", "why": "the host, ourselves"} in again["event"]["skipped"]
    assert pln("show", "Dana Host", ok=False).exit_code == 3


def test_map_on_a_platform_report_adds_to_the_format(pln: Pln, tmp_path: Path) -> None:
    """--map on a recognised file read it as a plain sheet: every registration lost."""
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    path = tmp_path / "registrants.csv"
    head, rows = REGISTRANTS.split("First Name,", 1)
    path.write_text(
        head
        + "First Name,"
        + rows.replace("approved\n", "approved,Decoding\n").replace(
            "Approval Status\n", "Approval Status,Topic\n"
        ),
        encoding="utf-8",
    )
    found = pln.json("event", "import", WEBINAR, str(path), "--map", "notes=Topic")
    assert found["event"]["format"] == "zoom-registrants"
    assert sorted(found["event"]["registered"]) == ["Ana Lima", "Ben Okafor"]
    assert pln.json("show", "Ana Lima")["notes"] == "Topic: Decoding"
    assert found["unused_columns"] == []
    wrong = pln("event", "import", WEBINAR, str(path), "--map", "notes=Subject", ok=False)
    assert wrong.exit_code == 5
    assert "no column 'Subject' for notes" in wrong.stderr
    other = pln("event", "import", WEBINAR, str(path), "--map", "cadence=Topic", ok=False)
    assert other.exit_code == 5
    assert "--format csv" in other.stderr


def test_what_a_known_guest_typed_is_noted_about_them_not_a_touch(pln: Pln) -> None:
    """The "(not applied)" note is about her, not with her: it neither moves her
    last contact nor closes the strike-out follow-up of meeting her."""
    pln("event", "add", SUMMIT, "--on", "2026-11-28")
    pln("add-contact", "Siobhan O'Brien", "-e", "sobrien@oswego308.example", "--org", "Elgin U-46")
    found = pln.json("event", "import", SUMMIT, str(EVENTS / "eventbrite.csv"))
    assert found["event"]["attended"] == [{"name": "Siobhan O'Brien", "minutes": None}]
    assert any("(not applied)" in (note or "") for note in timeline(pln, "Siobhan O'Brien"))
    tasks = [t for t in pln.json("follow-ups", "--all") if SUMMIT in t["title"]]
    assert [(t["contact"]["name"], t["status"]) for t in tasks] == [("Siobhan O'Brien", "open")]
    assert pln.json("show", "Siobhan O'Brien")["org"] == "Elgin U-46"
