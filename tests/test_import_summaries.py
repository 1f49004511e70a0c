"""What an import's summary says, and that it is so: meetings too old for a
strike-out follow-up, follow-ups counted per event, the order a date column
was read in, whom it added and merged; and what our own CSV carries back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from helpers import Pln

FIXTURES = Path(__file__).with_name("fixtures")
BOOTH = FIXTURES / "booth-badges-known.vcf"  # six badge scans
CASCD = "CASCD Fall Conference 2026"
NOV_9 = date(2026, 11, 9)


def test_a_booth_met_longer_ago_than_strike_outs_look_back_is_said_with_a_way_to_follow_up(
    store_url: str,
) -> None:
    """The cards of a conference five weeks ago, imported now: nobody gets a
    strike-out follow-up, and the summary says so instead of nothing."""
    pln = Pln(day=NOV_9)
    out = pln("import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01").stdout
    assert out.startswith("Added 6,")
    assert (
        f"No strike-out follow-up for 6 people met at {CASCD} on 2026-10-01, more than 30 days ago: "
        "Adaeze Okonkwo, Grace Whitfield, Lisa Wong, Rachel Goldberg, Thomas Becker and 1 more"
    ) in " ".join(out.split())
    assert "follow-up(s)" not in out
    hint = next(line for line in out.splitlines() if line.startswith("To follow up anyway"))
    assert f"pln list --met-at '{CASCD}' lists them" in hint
    assert f"pln follow-up REF 'Follow up after meeting at {CASCD}'" in hint
    # The hint works: the list names them, and a follow-up can be given.
    assert len(pln.json("list", "--met-at", CASCD)) == 6
    pln("follow-up", "Lisa Wong", f"Follow up after meeting at {CASCD}")
    assert [i["contact"] for i in pln.json("due")] == ["Lisa Wong"]


def test_too_old_meetings_in_json_and_a_dry_run(store_url: str) -> None:
    pln = Pln(day=NOV_9)
    dry = pln.json("import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01",
                   "--dry-run")  # fmt: skip
    assert dry["follow_ups"] == 0
    assert [(m["id"], m["name"], m["event"], m["met_on"]) for m in dry["too_old_for_follow_ups"]][
        :2
    ] == [
        (None, "Adaeze Okonkwo", CASCD, "2026-10-01"),
        (None, "Grace Whitfield", CASCD, "2026-10-01"),
    ]
    done = pln.json("import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01")
    ids = {m["name"]: m["id"] for m in done["too_old_for_follow_ups"]}
    assert ids["Lisa Wong"] == pln.json("show", "Lisa Wong")["id"]


def test_the_report_counts_only_whom_a_strike_out_follow_up_was_for_and_lists_the_rest_apart(
    store_url: str,
) -> None:
    """The report's figure and its "still waiting" list agree: the booth
    recorded five weeks late is not "0 of 6 followed up" with nobody
    waiting, but named apart."""
    pln = Pln(day=NOV_9)
    pln("import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01")
    pln("add-contact", "Ana Lima", "--met-at", "EdCamp Elgin", "--met-on", "2026-11-07")
    pln("add-contact", "Ben Ode", "--met-at", "EdCamp Elgin", "--met-on", "2026-11-07")
    pln("log", "Ben Ode", "--kind", "email", "-m", "slides")
    s = pln.json("report")["strikeouts"]
    assert (s["met"], s["followed_up_in_window"]) == (2, 1)
    assert [w["name"] for w in s["waiting"]] == ["Ana Lima"]
    assert [w["name"] for w in s["recorded_late"]][:2] == ["Rachel Goldberg", "Grace Whitfield"]
    assert {(w["met_at"], w["met_on"], w["days"]) for w in s["recorded_late"]} == {
        (CASCD, "2026-10-01", 39)
    }
    screen = " ".join(pln("report").stdout.replace("│", " ").split())
    assert "1 of 2 people met at events followed up within 2 days (50%)" in screen
    assert (
        "Not counted: 6 people met at events more than 30 days before they were recorded" in screen
    )
    assert f"pln list --met-at '{CASCD}' lists them" in screen
    # Followed up after all: counted, and followed up.
    pln("log", "Lisa Wong", "--kind", "call")
    s = pln.json("report")["strikeouts"]
    assert (s["met"], s["followed_up_in_window"], len(s["recorded_late"])) == (3, 1, 5)


def test_a_strike_out_follow_up_marked_done_is_a_follow_up(store_url: str) -> None:
    pln = Pln(day=NOV_9)
    pln("add-contact", "Ana Lima", "--met-at", "EdCamp Elgin", "--met-on", "2026-11-08")
    [task] = [i for i in pln.json("due") if i["contact"] == "Ana Lima"]
    pln("done", str(task["task_id"]))
    s = pln.json("report")["strikeouts"]
    assert (s["met"], s["followed_up_in_window"], s["waiting"], s["recorded_late"]) == (
        1,
        1,
        [],
        [],
    )
