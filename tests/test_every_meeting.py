"""Every meeting counts (issue 27): someone already known, met again at an
event (a booth's badge scan, `pln log REF --at EVENT`, `pln add-contact` with
--met-at), is a visitor like any other: a strike-out follow-up, listed where
the event's people are, counted by the report."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from helpers import Pln

BOOTH_FILE = Path(__file__).parent / "fixtures" / "booth-returning.vcf"
BOOTH = "Prairie State Literacy Conference 2026"
WEBINAR = "K-2 Pilot Webinar"
DAY = date(2026, 10, 1)
KNOWN = {"Rachel Goldberg", "Kwame Mensah"}
NEW = {"Beatriz Ferreira", "Daniel Kowalski", "Mei Liu"}


def _known_people() -> None:
    """Rachel, first met at last spring's conference and followed up; Kwame,
    a colleague's referral never met in person."""
    spring = Pln(day=DAY - timedelta(days=120))
    spring(
        "add-contact",
        "Rachel Goldberg",
        "--email",
        "rgoldberg@d181.org",
        "--org",
        "Hinsdale CCSD 181",
        "--role",
        "Director of Curriculum & Instruction",
        "--met-at",
        "ILA Spring Institute",
        "--met-on",
        spring.day.isoformat(),
    )
    spring("log", "rachel", "--kind", "email", "-m", "thanks for stopping by")
    spring("add-contact", "Kwame Mensah", "--email", "kmensah@u-46.org", "--org", "Elgin U-46")
    spring(
        "event",
        "add",
        WEBINAR,
        "--on",
        (DAY + timedelta(days=21)).isoformat(),
        "--hosted",
        "--kind",
        "webinar",
    )


def _names(items: list[dict[str, object]], key: str = "name") -> set[str]:
    return {str(i[key]) for i in items}


def test_a_booth_file_with_known_people_names_them_all_as_met_and_waiting(store_url: str) -> None:
    _known_people()
    booth = Pln(day=DAY)
    report = booth.json(
        "import", "vcard", str(BOOTH_FILE), "--met-at", BOOTH, "--met-on", DAY.isoformat()
    )
    assert report["follow_ups"] == 5  # the two known faces too
    everyone = KNOWN | NEW
    morning = Pln(day=DAY + timedelta(days=1))
    due = morning.json("due", "--limit", "0")
    # Five visitors are one grouped line; it stands for each of them.
    lines = [m for i in due for m in i.get("group", [i]) if m["kind"] == "met-no-follow-up"]
    waiting_due = {str(m["contact"]) for m in lines}
    assert all(BOOTH in m["reason"] for m in lines)  # Rachel too, first met elsewhere
    figures = morning.json("report", "--since", DAY.isoformat())["strikeouts"]
    show = morning.json("event", "show", BOOTH)
    listed = morning.json("list", "--met-at", BOOTH)
    assert waiting_due == everyone
    assert _names(figures["waiting"]) == everyone
    assert figures["met"] == len(everyone)
    assert _names(show["met"]) == everyone
    assert {m["met_on"] for m in show["met"]} == {DAY.isoformat()}
    guards = {t["contact"]["name"] for t in show["follow_ups"] if t["source"] == "guard"}
    assert guards == everyone
    assert _names(listed) == everyone
    # Where Rachel was first met stays where it was; the booth is on her timeline.
    rachel = morning.json("show", "rachel")
    assert rachel["met_at"] == "ILA Spring Institute"
    assert any(i["kind"] == "event" and i["note"] == f"Met at {BOOTH}" for i in rachel["timeline"])
    # Kwame had never been met: the booth is where he was first met.
    assert morning.json("show", "kwame")["met_at"] == BOOTH
    # Inviting everyone met at the booth reaches the known faces too.
    invited = morning.json("event", "invite", WEBINAR, "--met-at", BOOTH)["invited"]
    assert _names(invited) == everyone
    # The same file again adds no second follow-up for anyone.
    assert (
        Pln(day=DAY + timedelta(days=1)).json(
            "import", "vcard", str(BOOTH_FILE), "--met-at", BOOTH, "--met-on", DAY.isoformat()
        )["follow_ups"]
        == 0
    )


def test_a_known_face_with_an_open_follow_up_gets_no_second_one(store_url: str) -> None:
    pln = Pln(day=DAY - timedelta(days=3))
    pln(
        "add-contact",
        "Rachel Goldberg",
        "--email",
        "rgoldberg@d181.org",
        "--met-at",
        "District 181 visit",
        "--met-on",
        pln.day.isoformat(),
    )
    Pln(day=DAY).json(
        "import", "vcard", str(BOOTH_FILE), "--met-at", BOOTH, "--met-on", DAY.isoformat()
    )
    tasks = [
        t
        for t in Pln(day=DAY).json("follow-ups")
        if t["contact"] and t["contact"]["name"] == "Rachel Goldberg"
    ]
    assert len(tasks) == 1
    # Still listed as met at the booth, and counted there.
    show = Pln(day=DAY).json("event", "show", BOOTH)
    assert "Rachel Goldberg" in _names(show["met"])


def test_log_at_an_event_arms_a_known_person_too(store_url: str) -> None:
    _known_people()
    pln = Pln(day=DAY)
    pln("event", "add", BOOTH, "--on", DAY.isoformat())
    said = pln(
        "log", "rachel", "--at", BOOTH, "-m", "stopped by the booth: K-2 pilot pricing"
    ).stdout
    assert "1 follow-up(s)" in said
    [task] = [t for t in pln.json("follow-ups") if t["contact"]["name"] == "Rachel Goldberg"]
    assert task["title"] == f"Follow up after meeting at {BOOTH}"
    assert task["due"] == (DAY + timedelta(days=2)).isoformat()
    assert _names(pln.json("event", "show", BOOTH)["met"]) == {"Rachel Goldberg"}
    assert _names(pln.json("list", "--met-at", BOOTH)) == {"Rachel Goldberg"}
    assert pln.json("report", "--since", DAY.isoformat())["strikeouts"]["met"] == 1
    # An email the next day follows her up.
    Pln(day=DAY + timedelta(days=1))("log", "rachel", "--kind", "email", "-m", "pricing sent")
    after = Pln(day=DAY + timedelta(days=1)).json("report", "--since", DAY.isoformat())
    assert after["strikeouts"]["waiting"] == []
    assert after["strikeouts"]["followed_up_in_window"] == 1


def test_add_contact_of_a_known_person_met_at_an_event_records_the_meeting(
    store_url: str,
) -> None:
    _known_people()
    pln = Pln(day=DAY)
    said = pln(
        "add-contact",
        "Rachel Goldberg",
        "--met-at",
        BOOTH,
        "--met-on",
        DAY.isoformat(),
        "--note",
        "Send K-2 pilot pricing",
    ).stdout
    assert "already in your network" in said
    assert "met again at" in said
    assert "Follow-up #" in said
    assert len(pln.json("list", "--met-at", BOOTH)) == 1
    rachel = pln.json("show", "rachel")
    assert rachel["met_at"] == "ILA Spring Institute"
    assert rachel["timeline"][0]["note"] == f"Met at {BOOTH}: Send K-2 pilot pricing"
    # By email too, though the name is written another way.
    said = pln(
        "add-contact", "Kwame A. Mensah", "--email", "kmensah@u-46.org", "--met-at", BOOTH
    ).stdout
    assert "met again at" in said
    assert _names(pln.json("event", "show", BOOTH)["met"]) == {"Rachel Goldberg", "Kwame Mensah"}
    # Without --met-at, a known person is still refused (exit 6), and --new adds another.
    assert pln("add-contact", "Rachel Goldberg", ok=False).exit_code == 6


def test_an_attending_guest_is_not_met_there(store_url: str) -> None:
    _known_people()
    day = DAY + timedelta(days=21)
    Pln(day=DAY)("event", "invite", WEBINAR, "rachel")
    Pln(day=day)("event", "attended", WEBINAR, "rachel")
    assert Pln(day=day).json("event", "show", WEBINAR)["met"] == []
    assert Pln(day=day).json("list", "--met-at", WEBINAR) == []


def _notes(pln: Pln, name: str) -> str:
    return str(pln.json("show", name)["notes"] or "")


def test_a_visitor_scanned_on_both_days_keeps_both_notes(store_url: str, tmp_path: Path) -> None:
    pln = Pln(day=DAY)
    pln("import", "vcard", str(BOOTH_FILE), "--met-at", BOOTH, "--met-on", DAY.isoformat())
    notes = _notes(pln, "beatriz")
    assert "day 1: wants the dyslexia screener sample" in notes
    assert "day 2: came back with her director, send the PD calendar" in notes
    assert len(pln.json("list", "--text", "ferreira")) == 1


def test_two_imports_a_day_apart_keep_both_notes(store_url: str, tmp_path: Path) -> None:
    cards = BOOTH_FILE.read_text().split("END:VCARD\n")
    day1 = tmp_path / "day1.vcf"
    day2 = tmp_path / "day2.vcf"
    day1.write_text("END:VCARD\n".join(cards[:5]) + "END:VCARD\n")
    day2.write_text(cards[5] + "END:VCARD\n")
    Pln(day=DAY)("import", "vcard", str(day1), "--met-at", BOOTH, "--met-on", DAY.isoformat())
    later = Pln(day=DAY + timedelta(days=1))
    said = later.json("import", "vcard", str(day2), "--met-at", BOOTH)
    assert said["merged"] == 1
    notes = _notes(later, "beatriz")
    assert "day 1: wants the dyslexia screener sample" in notes
    assert "day 2: came back with her director, send the PD calendar" in notes
    assert str(later.day) in notes  # the second note says when it came


def test_merging_two_cards_of_one_visitor_keeps_both_notes(store_url: str) -> None:
    """`pln merge` of two cards typed by hand keeps each card's note, the
    other's marked with where it came from."""
    pln = Pln(day=DAY)
    pln(
        "add-contact",
        "Beatriz Ferreira",
        "--email",
        "bferreira@d87.org",
        "--met-at",
        BOOTH,
        "--note",
        "wants the dyslexia screener sample",
    )
    pln(
        "add-contact",
        "Bea Ferreira",
        "--phone",
        "+1 630 555 0144",
        "--met-at",
        BOOTH,
        "--new",
        "--note",
        "send the PD calendar",
    )
    said = pln("merge", "1", "2", "--yes").stdout
    assert "Beatriz Ferreira" in said
    assert "Bea Ferreira" in said
    notes = _notes(pln, "beatriz")
    assert notes.startswith("wants the dyslexia screener sample")
    assert "From Bea Ferreira" in notes
    assert notes.endswith("send the PD calendar")
    assert len(pln.json("list", "--text", "ferreira")) == 1


def test_a_colleagues_card_of_the_same_visitor_adds_its_note(
    store_url: str, tmp_path: Path
) -> None:
    """Team mode: Ben's scan of someone Ana scanned keeps Ben's note too."""
    ana_file, ben_file = tmp_path / "ana.csv", tmp_path / "ben.csv"
    ana_file.write_text("Name,Email,Notes\nMei Liu,mliu@d204.org,asked for the K-2 pilot pricing\n")
    ben_file.write_text('Name,Email,Notes\nMei Liu,mliu@d204.org,"wants a demo, Thursdays"\n')
    pln = Pln(day=DAY)
    pln("import", "csv", str(ana_file), "--met-at", BOOTH, "--met-on", DAY.isoformat(), user="ana")
    said = pln.json("import", "csv", str(ben_file), "--met-at", BOOTH, user="ben")
    assert said["merged"] == 1
    notes = _notes(pln, "mei")
    assert "asked for the K-2 pilot pricing" in notes
    assert "wants a demo, Thursdays" in notes
    assert pln.json("show", "mei")["met_by"] == {BOOTH: ["ana", "ben"]}


def test_a_sheets_met_at_column_arms_a_known_person(store_url: str, tmp_path: Path) -> None:
    """A spreadsheet row naming the event where someone already known was met
    again is a meeting like a scan: a strike-out follow-up, listed as met there."""
    _known_people()
    sheet = tmp_path / "booth.csv"
    sheet.write_text(
        f"Name,Email,Met at,Met on,Notes\n"
        f"Kwame Mensah,kmensah@u-46.org,{BOOTH},{DAY.isoformat()},Send K-2 pilot pricing\n"
    )
    pln = Pln(day=DAY)
    pln("import", "csv", str(sheet))
    assert "Kwame Mensah" in _names(pln.json("event", "show", BOOTH)["met"])
    waiting = pln.json("due", "--limit", "0")
    assert any(i["contact"] == "Kwame Mensah" and i["kind"] == "met-no-follow-up" for i in waiting)


def test_someone_met_again_waits_since_that_meeting_and_can_be_snoozed(store_url: str) -> None:
    """Found by a new user: the report counted Rachel's wait from last spring,
    and snoozing her guard did not take it off the morning's agenda."""
    _known_people()
    met = DAY + timedelta(days=30)
    Pln(day=met)("event", "add", "EdCamp", "--on", met.isoformat())
    Pln(day=met)("log", "rachel", "--at", "EdCamp", "-m", "coffee")
    later = Pln(day=met + timedelta(days=4))
    [waiting] = later.json("report")["strikeouts"]["waiting"]
    assert (waiting["name"], waiting["days"]) == ("Rachel Goldberg", 4)
    [guard] = [i for i in later.json("due") if i["kind"] == "met-no-follow-up"]
    later("snooze", guard["handle"], "--until", (met + timedelta(days=10)).isoformat())
    assert not [i for i in later.json("due", "--within", "0") if i["kind"] == "met-no-follow-up"]
    shown = Pln(day=met + timedelta(days=10)).json("due", "--within", "0")
    assert [i["contact"] for i in shown if i["kind"] == "met-no-follow-up"] == ["Rachel Goldberg"]


def test_a_known_face_at_the_booth_is_glad_to_be_seen_again(store_url: str) -> None:
    """Found by a new user: Rachel, known since the spring institute, was
    told "It was great to meet you" after this booth."""
    _known_people()
    booth = Pln(day=DAY)
    booth("import", "vcard", str(BOOTH_FILE), "--met-at", BOOTH, "--met-on", DAY.isoformat())
    drafts = booth("event", "follow-up", BOOTH, "--draft").stdout.split("To: ")
    [rachel] = [d for d in drafts if d.startswith("Rachel Goldberg")]
    assert f"Subject: Great to see you again at {BOOTH}" in rachel
    [mei] = [d for d in drafts if d.startswith("Mei Liu")]
    assert f"It was great to meet you at {BOOTH}" in mei


def test_a_namesake_with_another_email_is_not_met_again_on_a_guess(store_url: str) -> None:
    """Two Anna Smiths met at two booths, each with their own address: the
    second is refused (exit 6), naming the stored address and how to keep
    both, and nothing changes; the same address, or none typed, is met again."""
    pln = Pln(day=DAY)
    pln("add-contact", "Anna Smith", "--email", "anna1@x.org", "--met-at", BOOTH)
    before = pln("export", "json").stdout
    refused = pln(
        "add-contact", "Anna Smith", "--email", "anna2@y.org", "--met-at", WEBINAR, ok=False
    )
    assert refused.exit_code == 6
    assert "with another email (anna1@x.org)" in refused.stderr
    assert "pln edit 1 --email anna1@x.org --email anna2@y.org keeps both" in refused.stderr
    assert pln("export", "json").stdout == before
    for typed in (["--email", "ANNA1@x.org"], []):
        said = pln("add-contact", "Anna Smith", *typed, "--met-at", WEBINAR).stdout
        assert "Anna Smith (#1) is already in your network: met again" in said
    pln("add-contact", "Anna Smith", "--email", "anna2@y.org", "--met-at", WEBINAR, "--new")
    assert len(pln.json("list")) == 2
