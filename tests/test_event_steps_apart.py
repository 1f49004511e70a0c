"""The recording and the thank-you are two steps (issue 31): a guest sent the
recording as a no-show who is then found to have come is owed the thank-you,
in `event attended`, `event show`, the agenda and the report alike; migration
0021 moves a stored no-show's `thanked_on` to `recording_on`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from helpers import Pln
from test_no_shows import EVENT, LINK, _webinar
from test_organisations import _migrate

OWED = "Sent the recording, then came after all (owed a thank-you): Ana Lima"


def _guest(pln: Pln, name: str) -> dict[str, Any]:
    guests = pln.json("event", "show", EVENT)["guests"]
    [guest] = [g for g in guests if g["contact"]["name"] == name]
    return dict(guest)


def _thank_line(pln: Pln) -> list[str]:
    return [i["title"] for i in pln.json("due", "--limit", "0") if i["title"].startswith("Thank")]


def _funnel(pln: Pln) -> tuple[int, int, int]:
    [row] = pln.json("report")["hosted_events"]
    return row["thanked"], row["no_shows"], row["recording_sent"]


def test_sent_the_recording_then_found_to_have_come_is_owed_the_thank_you(pln: Pln) -> None:
    _webinar(pln)  # Rachel and Ben came; Ana and Carla said yes and did not
    pln("event", "thank", EVENT, "rachel", "ben")
    pln("event", "thank", EVENT, "--no-shows", "--recording", LINK)
    assert _thank_line(pln) == []
    assert _funnel(pln) == (2, 2, 2)
    said = pln("event", "attended", EVENT, "ana").stdout
    assert OWED in said
    ana = _guest(pln, "Ana Lima")
    assert (ana["recording_on"], ana["thanked_on"]) == ("2026-11-29", None)
    shown = pln("event", "show", EVENT).stdout
    assert "recording sent 2026-11-29" in shown
    assert "Ana Lima" in shown.split("attended")[-1]
    assert "thanked 2026-11-29" not in shown.split("Ana Lima")[-1].splitlines()[0]
    # Reached since the event, but only by the recording: the agenda still owes her one.
    assert _thank_line(pln) == [f"Thank 1 attendee of {EVENT}"]
    assert _funnel(pln) == (2, 1, 1)  # she came: thanked 2 of 3, one no-show sent it
    pln("event", "thank", EVENT, "ana")
    line = [t for t in pln("event", "show", EVENT).stdout.splitlines() if "Ana Lima" in t][-1]
    assert "recording sent 2026-11-29, thanked 2026-11-29" in line
    assert _thank_line(pln) == []
    assert _funnel(pln) == (3, 1, 1)
    pln("undo", "--yes")  # the thank-you
    assert _guest(pln, "Ana Lima")["thanked_on"] is None
    pln("undo", "--yes")  # the attendance
    assert _guest(pln, "Ana Lima")["attended"] is False
    pln("undo", "--yes")  # the recording
    assert _guest(pln, "Ana Lima")["recording_on"] is None
    # Marked as having come with no recording sent: nothing is said about one.
    assert "owed" not in pln("event", "attended", EVENT, "ana").stdout


def test_migration_0021_moves_a_no_shows_thank_you_to_the_recording(
    pln: Pln, store_url: str
) -> None:
    from sqlalchemy import create_engine, text

    from plncrm.store.engine import dispose_all

    _webinar(pln)
    pln("event", "thank", EVENT, "rachel", "ben")
    dispose_all()
    _migrate(store_url, "0020", down=True)
    old = create_engine(store_url)
    with old.begin() as conn:  # as 0020 stored it: the recording in thanked_on
        conn.execute(text("UPDATE event_guest SET thanked_on = '2026-11-20' WHERE contact_id = 3"))
    old.dispose()
    _migrate(store_url, "head")
    rachel, ana = _guest(pln, "Rachel Goldberg"), _guest(pln, "Ana Lima")
    assert (rachel["thanked_on"], rachel["recording_on"]) == ("2026-11-29", None)
    assert (ana["thanked_on"], ana["recording_on"]) == (None, "2026-11-20")
    assert "Ana Lima" in pln("event", "attended", EVENT, "ana").stdout
    assert _thank_line(pln) == [f"Thank 1 attendee of {EVENT}"]


def test_merging_two_guests_keeps_every_days_step(pln: Pln) -> None:
    """Ana's two records were both guests: the one kept has the earlier
    invitation, the answer with its day, the attendance, both messages."""
    pln("event", "add", EVENT, "--on", "2026-11-19", "--hosted")
    pln("add-contact", "Ana Lima", "--email", "ana@school.example")
    pln("add-contact", "Ana Lima", "--email", "ana.lima@home.example", "--new")
    pln("event", "invite", EVENT, "ana@school.example", "--on", "2026-11-01")
    pln("event", "invite", EVENT, "ana.lima@home.example", "--on", "2026-10-28")
    pln("event", "rsvp", EVENT, "ana.lima@home.example", "yes", "--on", "2026-11-03")
    pln("event", "attended", EVENT, "ana@school.example")
    pln("event", "thank", EVENT, "ana.lima@home.example", "--no-shows", "--recording", LINK)
    pln("event", "thank", EVENT, "ana@school.example", "--on", "2026-11-20")
    pln("merge", "ana@school.example", "ana.lima@home.example", "--yes")
    [kept] = pln.json("event", "show", EVENT)["guests"]
    assert {k: kept[k] for k in kept if k != "contact"} == {
        "invited_on": "2026-10-28",
        "rsvp": "yes",
        "rsvp_on": "2026-11-03",
        "attended": True,
        "thanked_on": "2026-11-20",
        "recording_on": "2026-11-29",
        "minutes": None,
    }
    pln("undo", "--yes")
    assert len(pln.json("event", "show", EVENT)["guests"]) == 2


def test_event_show_lists_only_the_follow_ups_that_came_from_it(pln: Pln) -> None:
    """Maya, met at the conference, has her strike-out there; her other task
    (a congratulation on a new role) is hers, not the conference's."""
    pln("event", "add", "IRC", "--on", "2026-11-27")
    pln("add-contact", "Maya Okafor", "--met-at", "IRC", "--met-on", "2026-11-27")
    pln("follow-up", "maya", "Congratulate Maya Okafor on the new role", "--due", "2026-11-30")
    titles = [t["title"] for t in pln.json("event", "show", "IRC")["follow_ups"]]
    assert len(titles) == 1
    assert "Congratulate" not in titles[0]
    assert "Congratulate" not in pln("event", "show", "IRC").stdout
    assert "Congratulate" in pln("show", "maya").stdout


def test_someone_known_checked_in_at_an_event_not_ours_was_met_there(pln: Pln) -> None:
    """Eventbrite's check-in of someone first met elsewhere is a meeting again,
    as `add-contact --met-at` of someone known is: counted and listed as met
    there; their card keeps where they were first met. At our own event,
    attending is not meeting."""
    sheet = Path(__file__).parent / "fixtures" / "events" / "eventbrite.csv"
    pln(
        "add-contact",
        "Siobhan O'Brien",
        "--email",
        "sobrien@oswego308.example",
        "--met-at",
        "Fall CUE",
        "--met-on",
        "2026-10-01",
    )
    pln("event", "add", "IRC", "--on", "2026-11-20")
    pln("event", "import", "IRC", str(sheet))
    met = {e["name"]: e["counts"]["met"] for e in pln.json("events")}
    assert met["IRC"] == 1
    shown = pln.json("event", "show", "IRC")
    assert [m["name"] for m in shown["met"]] == ["Siobhan O'Brien"]
    assert "met there" in pln("event", "show", "IRC").stdout
    assert pln.json("show", "siobhan")["met_at"] == "Fall CUE"
    pln("event", "add", "Our Webinar", "--on", "2026-11-21", "--hosted")
    pln("event", "import", "Our Webinar", str(sheet))
    assert {e["name"]: e["counts"]["met"] for e in pln.json("events")}["Our Webinar"] == 0


def test_an_export_made_before_0021_restores_the_recording_apart(pln: Pln, tmp_path: Path) -> None:
    """An older document held the recording in `thanked_on`: restored, a
    guest who did not come was sent the recording, one who came was thanked."""
    _webinar(pln)
    pln("event", "thank", EVENT, "rachel")
    pln("event", "thank", EVENT, "ana", "--no-shows", "--recording", LINK)
    document = json.loads(pln("export", "json").stdout)
    for guest in document["event_guests"]:
        guest["thanked_on"] = guest["thanked_on"] or guest.pop("recording_on")
        guest.pop("recording_on", None)
    old = tmp_path / "old.json"
    old.write_text(json.dumps(document), encoding="utf-8")
    copy = str(tmp_path / "copy.db")
    pln("--db", copy, "import", "json", str(old))
    guests = {
        g["contact"]["name"]: (g["thanked_on"], g["recording_on"])
        for g in pln.json("--db", copy, "event", "show", EVENT)["guests"]
    }
    assert guests["Rachel Goldberg"] == ("2026-11-29", None)
    assert guests["Ana Lima"] == (None, "2026-11-29")
