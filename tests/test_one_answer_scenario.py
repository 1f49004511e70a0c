"""A booth, a webinar and a month of follow-ups, replayed day by day (issue
27): every day `due --json`, `report --json`, the synced calendar and `event
show --json` name the same people as waiting, late or met."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import Pln

BOOTH = "Prairie State Literacy Conference 2026"
WEBINAR = "Structured Literacy Webinar"
START = date(2026, 10, 1)
VISITORS = ("Ana Lima", "Ben Okafor", "Chloé Martin", "Dev Patel")


def calendar(pln: Pln, folder: Path) -> list[tuple[str, str, date, str]]:
    """Each synced entry: (UID, summary, day, description)."""
    from icalendar import Calendar

    pln("calendar", "sync", str(folder))
    found = []
    for path in sorted(folder.glob("pln-*.ics")):
        [event] = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
        found.append(
            (
                str(event["UID"]),
                str(event["SUMMARY"]),
                event.decoded("DTSTART"),
                str(event.get("DESCRIPTION", "")),
            )
        )
    return found


def named(summary: str) -> str:
    """The person an entry is about: "Title (Name)" or "Reach out to Name"."""
    if summary.startswith("Reach out to "):
        return summary.removeprefix("Reach out to ")
    return summary.rsplit(" (", 1)[1].rstrip(")")


def answers(pln: Pln, folder: Path, today: date) -> dict[str, dict[str, set[str]]]:
    agenda = pln.json("due", "--limit", "0")
    report = pln.json("report", "--since", START.isoformat())
    entries = calendar(pln, folder)
    shows = [pln.json("event", "show", name) for name in (BOOTH, WEBINAR)]
    late_touch = {o["name"] for o in report["dormancy"]["most_overdue"]}
    return {
        "waiting": {
            "due": {i["contact"] for i in agenda if i["kind"] == "met-no-follow-up"},
            "report": {w["name"] for w in report["strikeouts"]["waiting"]},
            "calendar": {
                named(s)
                for uid, s, _, _ in entries
                if "strike-out" in uid or s.startswith("Follow up after meeting")
            },
            "event show": {
                t["contact"]["name"]
                for show in shows
                for t in show["follow_ups"]
                if t["source"] == "guard"
            },
        },
        "late": {
            "due": {
                i["contact"]
                for i in agenda
                if i["contact"] and date.fromisoformat(i["due"]) < today
            },
            "calendar": {
                named(s) for _, s, day, text in entries if day == today and "late" in text
            },
        },
        "late keeping in touch": {
            "due": {
                i["contact"]
                for i in agenda
                if i["kind"] == "keep-in-touch" and date.fromisoformat(i["due"]) < today
            },
            "report": late_touch,
            "calendar": {
                named(s)
                for uid, s, day, text in entries
                if uid.startswith("keep-in-touch") and day == today and "late" in text
            },
        },
        "met": {
            "event show": {c["name"] for show in shows for c in show["met"]},
            "report": {str(report["strikeouts"]["met"])},
        },
    }


@pytest.mark.slow
def test_a_month_after_a_booth_and_a_webinar(store_url: str, tmp_path: Path) -> None:
    folder = tmp_path / "calendar"
    before = Pln(day=START - timedelta(days=45))
    before("add-contact", "Keisha Brown", "--cadence", "monthly", "--email", "keisha@d87.org")
    seen: dict[str, list[set[str]]] = {}
    plan = {
        0: [
            (
                "add-contact",
                name,
                "--email",
                f"{name.split()[0].lower()}@example.org",
                "--met-at",
                BOOTH,
                "--met-on",
                START.isoformat(),
            )
            for name in VISITORS
        ]
        + [("event", "add", WEBINAR, "--on", "2026-10-08", "--hosted", "--kind", "webinar")],
        1: [("log", "ana", "--kind", "email", "-m", "pricing sheet as promised")],
        4: [("follow-up", "ben", "Send K-2 pilot pricing", "--due", "2026-10-09")],
        6: [
            ("add-contact", "Eli Cohen", "--email", "eli@example.org"),
            ("event", "invite", WEBINAR, "ana", "eli"),
        ],
        7: [("event", "attended", WEBINAR, "ana", "eli")],
        12: [("dismiss", "k1")],
        14: [("log", "chloé", "--kind", "meeting", "-m", "coffee at the district office")],
        19: [("done", "ben")],
        22: [("snooze", "dev", "--until", "2026-10-27")],
    }
    for offset in range(31):
        today = START + timedelta(days=offset)
        pln = Pln(day=today)
        for args in plan.get(offset, []):
            if args[0] == "done":  # Ben's pricing follow-up, by its id
                [task] = [t for t in pln.json("follow-ups") if t["title"].startswith("Send K-2")]
                args = ("done", str(task["id"]))
            if args[0] == "snooze":  # Dev's strike-out follow-up
                [task] = [
                    t
                    for t in pln.json("follow-ups")
                    if t["contact"] and t["contact"]["name"] == "Dev Patel"
                ]
                args = ("snooze", str(task["id"]), *args[2:])
            pln(*args)
        if offset % 3 and offset not in plan and offset != 30:
            continue
        for question, sides in answers(pln, folder, today).items():
            values = list(sides.values())
            if question == "met":
                assert str(len(sides["event show"])) == sides["report"].pop(), (today, sides)
                seen.setdefault(question, []).append(sides["event show"])
                continue
            assert all(v == values[0] for v in values), (today, question, sides)
            seen.setdefault(question, []).append(values[0])
    # The month went somewhere: each answer changed along the way.
    assert {"Ben Okafor", "Chloé Martin", "Dev Patel"} in seen["waiting"]
    assert {"Ben Okafor", "Dev Patel"} in seen["waiting"]  # Chloé met for coffee
    assert seen["waiting"][-1] == {"Ben Okafor", "Dev Patel"}
    assert any("Ben Okafor" in late for late in seen["late"])
    assert {"Keisha Brown"} in seen["late keeping in touch"]
    assert seen["late keeping in touch"][-1] == set()  # dismissed on day 12: not late since
    assert seen["met"][-1] >= set(VISITORS)
