"""`pln event import`: registrant and attendee files as the platforms export
them (tests/fixtures/events/), recorded against one event."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from helpers import Pln

EVENTS = Path(__file__).parent / "fixtures" / "events"
WEBINAR = "Phonics Webinar"


def fixture(name: str) -> str:
    return str(EVENTS / name)


def webinar(pln: Pln, hosted: bool = True) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", *(["--hosted"] if hosted else []))
    pln(
        "add-contact",
        "Derek Washington",
        "-e",
        "derek.washington@oswego308.example",
        "--org",
        "Oswego CUSD 308",
    )


def guests(pln: Pln) -> dict[str, dict[str, Any]]:
    shown = pln.json("event", "show", WEBINAR)
    return {g["contact"]["name"]: g for g in shown["guests"]}


def imported(pln: Pln, name: str, *more: str) -> dict[str, Any]:
    found: dict[str, Any] = pln.json("event", "import", WEBINAR, fixture(name), *more)
    return found


def timeline(pln: Pln, who: str) -> list[str]:
    return [i["note"] for i in pln.json("show", who)["timeline"]]


def history_length(pln: Pln) -> int:
    return len(pln.json("history", "-n", "1000"))


def test_registrants_then_attendees_of_one_webinar(pln: Pln) -> None:
    webinar(pln)
    first = imported(pln, "zoom-registrants.csv")
    assert first["event"]["format"] == "zoom-registrants"
    assert sorted(p["name"] for p in first["added_contacts"]) == sorted(
        ["María García", "Siobhan O'Brien", "王小明", "Дмитрий Иванов"]
    )
    assert first["event"]["matched"] == ["Derek Washington"]
    assert first["event"]["skipped"] == [
        {"name": "Pat Quinn", "why": "registration status 'cancelled'"}
    ]
    rows = guests(pln)
    assert set(rows) == {
        "Derek Washington",
        "María García",
        "Siobhan O'Brien",
        "王小明",
        "Дмитрий Иванов",
    }
    assert all(g["rsvp"] == "yes" and not g["attended"] for g in rows.values())
    assert rows["María García"]["invited_on"] == "2026-11-02"  # the registration time
    assert rows["María García"]["rsvp_on"] == "2026-11-02"
    assert rows["Siobhan O'Brien"]["rsvp_on"] == "2026-11-03"
    new = pln.json("show", "Siobhan O'Brien")
    assert new["met_at"] is None  # a hosted webinar: they came to it, we did not meet them there
    assert new["org"] == "Oswego CUSD 308"
    assert new["role"] == "Principal"

    second = imported(pln, "zoom-attendees.csv")
    assert second["added"] == 0  # the host and panelist sections are not attendees
    ev = second["event"]
    assert ev["attended"] == [
        {"name": "Derek Washington", "minutes": 64},
        {"name": "María García", "minutes": 55},  # two sessions: 30 + 25
        {"name": "Siobhan O'Brien", "minutes": 58},
    ]
    assert ev["too_short"] == [{"name": "Дмитрий Иванов", "minutes": 4}]
    # As the agenda counts them: those under --min-minutes did not come either.
    assert ev["no_shows"] == ["Дмитрий Иванов", "王小明"]
    assert ev["registered"] == []  # answered yes already
    rows = guests(pln)
    came = {n for n, g in rows.items() if g["attended"]}
    assert came == {"Derek Washington", "María García", "Siobhan O'Brien"}
    assert rows["María García"]["minutes"] == 55
    assert rows["Дмитрий Иванов"]["minutes"] == 4  # kept, though not counted as attended
    assert rows["王小明"]["minutes"] is None
    shown = pln("event", "show", WEBINAR).stdout
    assert "55 min" in shown
    assert timeline(pln, "María García")[:2] == [
        "Attended Phonics Webinar (55 min)",
        "Answered yes to Phonics Webinar",
    ]
    assert pln.json("show", "María García")["timeline"][0]["date"] == "2026-11-18"


def test_the_same_file_twice_changes_nothing(pln: Pln) -> None:
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    before, shown = history_length(pln), guests(pln)
    notes = timeline(pln, "María García")
    again = imported(pln, "zoom-attendees.csv")
    assert (again["added"], again["merged"]) == (0, 0)
    assert again["event"]["attended"] == []
    assert again["event"]["registered"] == []
    assert again["event"]["unchanged"] == 5
    assert history_length(pln) == before  # nothing written: no entry for pln undo
    assert guests(pln) == shown
    assert timeline(pln, "María García") == notes


def test_fewer_minutes_count_with_min_minutes_and_a_later_report_adds_them(pln: Pln) -> None:
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    later = imported(pln, "zoom-attendees.csv", "--min-minutes", "3")
    assert later["event"]["attended"] == [{"name": "Дмитрий Иванов", "minutes": 4}]
    assert later["event"]["unchanged"] == 4
    assert guests(pln)["Дмитрий Иванов"]["attended"] is True


def test_dry_run_changes_nothing(pln: Pln) -> None:
    webinar(pln)
    before = history_length(pln)
    dry = imported(pln, "zoom-attendees.csv", "--dry-run")
    assert dry["dry_run"] is True
    assert dry["added"] == 4
    assert len(dry["event"]["attended"]) == 3
    assert history_length(pln) == before
    assert guests(pln) == {}
    out = pln("event", "import", WEBINAR, fixture("zoom-attendees.csv"), "-n").stdout
    assert "dry run: nothing changed" in out
    assert "would be recorded" in out


def test_eventbrite_checked_in_is_attended_and_not_attending_skipped(pln: Pln) -> None:
    webinar(pln)
    found = imported(pln, "eventbrite.csv")
    assert found["event"]["format"] == "eventbrite"
    assert sorted(p["name"] for p in found["added_contacts"]) == ["Aroha Ngātai", "Siobhan O'Brien"]
    assert found["event"]["attended"] == [{"name": "Siobhan O'Brien", "minutes": None}]
    assert found["event"]["skipped"] == [
        {"name": "Yusuf Al-Hakim", "why": "registration status 'Not Attending'"}
    ]
    rows = guests(pln)
    assert rows["Aroha Ngātai"]["rsvp_on"] == "2026-11-03"
    assert pln.json("show", "Aroha Ngātai")["org"] == "Te Kura o Ōtaki, Ōtaki"


@pytest.mark.parametrize("name", ["google-forms.csv", "microsoft-forms.csv"])
def test_forms_responses_are_registrations(pln: Pln, name: str) -> None:
    webinar(pln)
    found = imported(pln, name)
    assert found["event"]["format"] == name.removesuffix(".csv")
    rows = guests(pln)
    assert rows["María García"]["rsvp"] == "yes"
    assert rows["María García"]["rsvp_on"] == "2026-11-02"  # when the form was sent
    assert rows["Siobhan O'Brien"]["rsvp_on"] == "2026-11-03"
    assert not any(g["attended"] for g in rows.values())
    shown = pln.json("show", "María García")
    assert shown["org"] == "Naperville CUSD 203"
    assert shown["role"] == "Literacy Coach"
    if name.startswith("microsoft"):  # "anonymous" is no address
        assert pln.json("show", "Дмитрий Иванов")["emails"] == []


def test_teams_attendance_list_in_utf16_with_durations(pln: Pln) -> None:
    webinar(pln)
    assert (EVENTS / "teams.csv").read_bytes()[:2] == b"\xff\xfe"
    found = imported(pln, "teams.csv")
    ev = found["event"]
    assert ev["format"] == "teams"
    assert ev["attended"] == [
        {"name": "María García", "minutes": 55},
        {"name": "Siobhan O'Brien", "minutes": 58},
    ]
    assert ev["too_short"] == [{"name": "Дмитрий Иванов", "minutes": 4}]  # "(Guest)" taken off
    names = {p["name"] for p in found["added_contacts"]}
    assert "Dana Host" not in names  # the organizer is us
    (host,) = ev["skipped"]  # named, with how to say it is not us
    assert host["name"] == "Dana Host"
    assert host["why"].startswith("the meeting's host (dana@literacy.example); if that is not")
    assert guests(pln)["María García"]["rsvp"] is None  # came, never registered


@pytest.mark.parametrize("mine", ["dana@literacy.example", "someone@else.example"])
def test_teams_organizer_is_us_only_when_my_email_says(pln: Pln, mine: str) -> None:
    """An organizer is not always us (a colleague's meeting): my-email decides."""
    webinar(pln)
    pln("config", "my-email", mine)
    ev = imported(pln, "teams.csv")["event"]
    attended = [a["name"] for a in ev["attended"]]
    if mine.startswith("dana"):
        assert ev["skipped"] == [{"name": "Dana Host", "why": "the host, ourselves"}]
        assert "Dana Host" not in attended
    else:
        assert ev["skipped"] == []
        assert "Dana Host" in attended


def test_a_plain_sheet_with_map_at_an_event_we_did_not_host(pln: Pln) -> None:
    webinar(pln, hosted=False)
    found = imported(
        pln,
        "plain.csv",
        "--map",
        "name=Attendee",
        "--map",
        "registered=Signed up",
        "--map",
        "attended=Showed up",
        "--map",
        "minutes=Minutes watched",
    )
    ev = found["event"]
    assert ev["format"] == "csv"
    assert ev["attended"] == [{"name": "Aroha Ngātai", "minutes": 47}]
    assert ev["no_shows"] == ["Aoife O'Sullivan"]
    shown = pln.json("show", "Aoife O'Sullivan")
    assert shown["met_at"] is None  # not hosted, and she did not come: not met there
    assert shown["org"] == "St. Brigid's"
    assert pln.json("show", "Aroha Ngātai")["met_at"] == WEBINAR  # she came: met there


def test_format_forced_and_unknown_files_refused(pln: Pln) -> None:
    webinar(pln)
    linkedin = Path(__file__).parent / "fixtures" / "linkedin-current.csv"
    refused = pln("event", "import", WEBINAR, str(linkedin), ok=False)
    assert refused.exit_code == 5
    assert "zoom-attendees" in refused.stderr
    assert "teams" in refused.stderr
    wrong = pln(
        "event", "import", WEBINAR, fixture("teams.csv"), "--format", "eventbrite", ok=False
    )
    assert wrong.exit_code == 5
    bad = pln("event", "import", WEBINAR, fixture("teams.csv"), "--format", "slack", ok=False)
    assert bad.exit_code == 5
    assert "--format is one of" in bad.stderr
    forced = imported(pln, "zoom-attendees.csv", "--format", "zoom-attendees")
    assert forced["event"]["format"] == "zoom-attendees"
    assert guests(pln) != {}


def test_summary_names_new_matched_and_skipped(pln: Pln) -> None:
    webinar(pln)
    out = pln("event", "import", WEBINAR, fixture("zoom-registrants.csv")).stdout
    assert "Added: " in out
    assert "Siobhan O'Brien" in out
    assert "王小明" in out
    assert "Matched 1 known: Derek Washington" in out
    assert "Skipped Pat Quinn: registration status 'cancelled'" in out
    assert "guests of Phonics Webinar, nobody recorded as met" in out


def test_undo_takes_an_import_back(pln: Pln) -> None:
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    pln("undo", "--yes")
    assert guests(pln) == {}
    assert pln("show", "María García", ok=False).exit_code == 3


def test_a_later_report_changes_only_the_minutes(pln: Pln, tmp_path: Path) -> None:
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    notes = timeline(pln, "Siobhan O'Brien")
    text = (EVENTS / "zoom-attendees.csv").read_text(encoding="utf-8")
    later = tmp_path / "attendees-final.csv"
    later.write_text(text.replace('"Nov 18, 2026 04:57 PM",58,', '"Nov 18, 2026 05:01 PM",62,'))
    before = history_length(pln)
    found = pln.json("event", "import", WEBINAR, str(later))
    assert found["event"]["attended"] == []
    assert found["event"]["unchanged"] == 4
    assert guests(pln)["Siobhan O'Brien"]["minutes"] == 62
    assert timeline(pln, "Siobhan O'Brien") == notes
    assert history_length(pln) == before + 1
    pln("undo", "--yes")
    assert guests(pln)["Siobhan O'Brien"]["minutes"] == 58


def test_minutes_go_through_json_and_merge(pln: Pln, tmp_path: Path) -> None:
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    saved = tmp_path / "store.json"
    pln("export", "json", "-o", str(saved))
    assert '"minutes": 55' in saved.read_text(encoding="utf-8")
    pln("add-contact", "M. García", "-e", "mg@other.example")
    other = pln.json("show", "M. García")["id"]
    pln("event", "attended", WEBINAR, str(other))
    maria = pln.json("show", "María García")["id"]
    pln("merge", str(other), str(maria), "--yes")  # kept: the one with no minutes
    merged = guests(pln)[pln.json("show", str(other))["name"]]
    assert merged["minutes"] == 55
    assert merged["attended"] is True
    other_store = str(tmp_path / "restored.db")
    pln("--db", other_store, "import", "json", str(saved))
    shown = pln.json("--db", other_store, "event", "show", WEBINAR)
    spent = {g["contact"]["name"]: g["minutes"] for g in shown["guests"]}
    assert spent["María García"] == 55
    assert spent["Дмитрий Иванов"] == 4


def test_event_show_prints_the_minutes_of_those_who_left_too_soon(
    pln: Pln, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Someone in the session 4 minutes said yes and is not counted as having
    come: the card says so, rather than a bare "yes" that hides the 4 minutes."""
    webinar(pln)
    imported(pln, "zoom-attendees.csv")
    monkeypatch.setenv("COLUMNS", "80")
    lines = pln("event", "show", WEBINAR).stdout.splitlines()
    [row] = [line for line in lines if "Дмитрий Иванов" in line]
    assert "yes, 4 min, not counted as attended" in row
    link = "https://video.example/phonics"
    pln("event", "thank", WEBINAR, "Дмитрий", "--no-shows", "--recording", link)
    shown = " ".join(pln("event", "show", WEBINAR).stdout.replace("│", " ").split())
    assert "yes, 4 min, not counted as attended; recording sent 2026-11-29" in shown
    [row] = [line for line in lines if "王小明" in line]
    assert "yes " in row
    assert "min" not in row


def test_a_registration_report_does_not_say_people_came(pln: Pln) -> None:
    """Registrants of a webinar not held yet are its guests: the summary said
    "people came to" it; at an event we did not host they were met there."""
    webinar(pln)
    said = pln("event", "import", WEBINAR, fixture("zoom-registrants.csv")).stdout
    assert "Read as zoom-registrants; guests of Phonics Webinar, nobody recorded as met\n" in said
    pln("event", "add", "Their Conference", "--on", "2026-11-18")
    said = pln("event", "import", "Their Conference", fixture("eventbrite.csv")).stdout
    assert "Read as eventbrite; people met at Their Conference\n" in said
