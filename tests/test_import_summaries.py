"""What an import's summary says, and that it is so: meetings too old for a
strike-out follow-up, follow-ups counted per event, the order a date column
was read in, whom it added and merged; and what our own CSV carries back."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

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
        f"No strike-out follow-up for 6 people met at {CASCD} on 2026-10-01, "
        "more than 30 days ago: "
        "Adaeze Okonkwo, Grace Whitfield, Lisa Wong, Rachel Goldberg, Thomas Becker, "
    ) in " ".join(out.split())
    assert "and 1 more" not in out  # all six named
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
    dry = pln.json(
        "import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01", "--dry-run"
    )
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


def _sheet(tmp_path: Path, text: str) -> str:
    path = tmp_path / "sheet.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_follow_ups_are_counted_per_event_and_those_met_at_none_said_apart(
    store_url: str, tmp_path: Path
) -> None:
    """Ann's webinar is too old for a follow-up; Bob and Cy were met at no
    event: the summary named the webinar for their two follow-ups, and its
    hint drafted for nobody."""
    sheet = _sheet(
        tmp_path,
        "Name,Email,Where we met,Date met\n"
        "Ann One,ann1@example.org,Zoom webinar,9/5/2026\n"
        "Bob Two,bob2@example.org,,10/6/2026\n"
        "Cy Three,cy3@example.org,,10/7/2026\n",
    )
    pln = Pln(day=date(2026, 10, 8))
    dry = pln.json("import", "csv", sheet, "--date-order", "mdy", "--dry-run")
    assert dry["follow_ups_for"] == [
        {"id": None, "name": "Bob Two", "event": None, "met_on": "2026-10-06"},
        {"id": None, "name": "Cy Three", "event": None, "met_on": "2026-10-07"},
    ]
    out = pln("import", "csv", sheet, "--date-order", "mdy").stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert (
        "2 follow-up(s) for people met at no event, so that none strikes out: "
        "Bob Two, Cy Three (pln due lists them)"
    ) in lines
    assert not any("met at  " in line or "nobody met at Zoom webinar" in line for line in lines)
    assert (
        "No strike-out follow-up for 1 person met at Zoom webinar on 2026-09-05, "
        "more than 30 days ago: Ann One"
    ) in lines
    assert {i["contact"] for i in pln.json("due")} == {"Bob Two", "Cy Three"}


def test_each_event_counts_its_own_follow_ups_and_its_hint_drafts_for_them(
    store_url: str, tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path,
        "Name,Email,Where we met,Date met\n"
        "Ann One,ann1@example.org,EdCamp Elgin,2026-11-07\n"
        "Bob Two,bob2@example.org,EdCamp Elgin,2026-11-07\n"
        "Cy Three,cy3@example.org,Zoom webinar,2026-11-08\n"
        "Di Four,di4@example.org,,2026-11-08\n",
    )
    pln = Pln(day=NOV_9)
    out = pln("import", "csv", sheet).stdout
    lines = [" ".join(line.split()) for line in out.splitlines()]
    assert (
        "2 follow-up(s) so that nobody met at EdCamp Elgin strikes out: Ann One, Bob Two "
        "(pln due; pln event follow-up 'EdCamp Elgin' --draft drafts them all)"
    ) in lines
    assert (
        "1 follow-up(s) so that nobody met at Zoom webinar strikes out: Cy Three "
        "(pln due; pln event follow-up 'Zoom webinar' --draft drafts them all)"
    ) in lines
    assert (
        "1 follow-up(s) for people met at no event, so that none strikes out: "
        "Di Four (pln due lists them)"
    ) in lines
    drafts = pln("event", "follow-up", "EdCamp Elgin", "--draft").stdout
    assert "ann1@example.org" in drafts
    assert "bob2@example.org" in drafts
    assert "cy3@example.org" not in drafts
    report = pln.json("import", "csv", sheet, "--dry-run")
    assert report["follow_ups_for"] == []  # imported again: nothing new


def _day_first_locale(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")


def test_one_date_column_is_read_one_way_as_its_own_dates_show(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No order set and a locale that says day first: 9/17/2026 can only be
    month first, so 10/1/2026 in the same column is October 1 too, and the
    summary says so and why."""
    _day_first_locale(monkeypatch)
    sheet = _sheet(
        tmp_path,
        "Name,Email,Date met,Last contacted\n"
        "Ann One,ann1@example.org,9/17/2026,3/4/2026\n"
        "Bob Two,bob2@example.org,10/1/2026,\n",
    )
    pln = Pln(day=NOV_9)
    report = pln.json("import", "csv", sheet, "--dry-run")
    assert report["date_columns"] == [
        {"column": "Date met", "order": "mdy", "because": "9/17/2026", "dates": ["10/1/2026"]}
    ]
    # Another column, with no date of its own that reads one way: the default.
    assert (report["ambiguous_dates"], report["date_order"]) == (["3/4/2026"], "dmy")
    out = " ".join(pln("import", "csv", sheet).stdout.split())
    assert (
        "Date met: dates that read both ways read month first (mdy), as 9/17/2026 in the same "
        "column can only: 10/1/2026; --date-order dmy"
    ) in out
    assert pln.json("show", "Bob Two")["met_on"] == "2026-10-01"
    assert pln.json("show", "Ann One")["last_contacted"] == "2026-04-03"


def test_an_order_that_is_set_is_never_overruled_by_a_column(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _day_first_locale(monkeypatch)
    sheet = _sheet(tmp_path, "Name,Date met\nAnn One,9/17/2026\nBob Two,10/1/2026\n")
    pln = Pln(day=NOV_9)
    report = pln.json("import", "csv", sheet, "--date-order", "dmy", "--dry-run")
    assert (report["date_columns"], report["ambiguous_dates"]) == ([], ["10/1/2026"])
    pln("config", "date-order", "dmy")
    pln("import", "csv", sheet)
    assert pln.json("show", "Bob Two")["met_on"] == "2026-01-10"


def test_a_column_with_dates_of_both_kinds_keeps_the_default(
    store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _day_first_locale(monkeypatch)
    sheet = _sheet(
        tmp_path, "Name,Date met\nAnn One,9/17/2026\nBob Two,10/1/2026\nCy Three,17/9/2026\n"
    )
    report = Pln(day=NOV_9).json("import", "csv", sheet, "--dry-run")
    assert (report["date_columns"], report["ambiguous_dates"], report["date_order"]) == (
        [],
        ["10/1/2026"],
        "dmy",
    )


CARDS = FIXTURES / "conference-cards.vcf"  # nine cards
NINE = [
    "Dr. Stephanie Hale",
    "Ana Alvarez",
    "Yuki Tanaka",
    "Priya Shah",
    "Kwame Mensah",
    "William Foster",
    "Katherine Brennan",
    "Maria Gonzalez",
    "Jordan Lee",
]


def test_a_summary_names_whom_it_added_and_merged_into(store_url: str, tmp_path: Path) -> None:
    pln = Pln(day=NOV_9)
    dry = pln("import", "vcard", str(CARDS), "--dry-run").stdout.splitlines()
    assert dry[1] == "Would add: " + ", ".join(NINE)  # everyone, not the first five
    report = pln.json("import", "vcard", str(CARDS), "--dry-run")
    assert report["added_contacts"] == [{"id": None, "name": name} for name in NINE]
    assert report["merged_contacts"] == []
    report = pln.json("import", "vcard", str(CARDS))
    ids = {c["name"]: c["id"] for c in pln.json("list", "--all")}
    assert report["added_contacts"] == [{"id": ids[name], "name": name} for name in NINE]
    # A sheet that brings two of them something new, and one new person.
    sheet = _sheet(
        tmp_path,
        "Name,Email,Organization,Tags\n"
        "Maria Gonzalez,mgonzalez@cicd99.edu,Cicero District 99,bilingual\n"
        "Jordan Lee,jlee@illinoisreadingcouncil.org,,\n"
        "Sam Okafor,sam@example.org,,\n"
        "Jordan Lee,jlee@illinoisreadingcouncil.org,,board\n",
    )
    dry = pln.json("import", "csv", sheet, "--dry-run")
    assert (dry["added"], dry["merged"], dry["skipped"]) == (1, 2, 1)
    assert dry["added_contacts"] == [{"id": None, "name": "Sam Okafor"}]
    assert dry["merged_contacts"] == [
        {"id": ids["Maria Gonzalez"], "name": "Maria Gonzalez"},
        {"id": ids["Jordan Lee"], "name": "Jordan Lee"},
    ]
    lines = pln("import", "csv", sheet).stdout.splitlines()
    assert lines[1:3] == ["Added: Sam Okafor", "Merged into: Maria Gonzalez, Jordan Lee"]
    # Nothing new the second time: nobody named.
    again = pln("import", "csv", sheet).stdout
    assert "Added:" not in again
    assert "Merged into:" not in again


def test_a_known_contact_a_sheet_gives_only_a_community_is_named_as_merged(
    store_url: str, tmp_path: Path
) -> None:
    pln = Pln(day=NOV_9)
    pln("add-contact", "Ana Lima", "--email", "ana@example.org")
    sheet = _sheet(tmp_path, "Name,Email,Community\nAna Lima,ana@example.org,#edchat\n")
    report = pln.json("import", "csv", sheet)
    assert (report["merged"], report["skipped"]) == (1, 0)
    assert report["merged_contacts"] == [{"id": 1, "name": "Ana Lima"}]


HALE = """BEGIN:VCARD
VERSION:3.0
N:Hale;Stephanie;Ann;Dr.;Ed.D.
FN:Stephanie Hale
ORG:Elgin Area School District U-46
TITLE:Principal
EMAIL:shale@u-46.org
END:VCARD
"""
LINKEDIN_LATER = """First Name,Last Name,URL,Email Address,Company,Position,Connected On
Stephanie,Hale,https://www.linkedin.com/in/stephanie-hale-edd,shale@u-46.org,\
"Escuela N°5; Norte",Superintendent,02 Nov 2026
"""
KEPT = (
    "name",
    "given",
    "middle",
    "family",
    "prefix",
    "suffix",
    "akas",
    "past_roles",
    "org",
    "role",
)


def test_our_own_csv_carries_other_names_name_parts_and_past_roles_back(
    store_url: str, tmp_path: Path
) -> None:
    """A card's "Dr." and "Ed.D." the shown name leaves out, the names she
    goes by, and the job she left: `export csv | import csv` into an empty
    store lost all of them."""
    pln = Pln(day=NOV_9)
    (tmp_path / "hale.vcf").write_text(HALE)
    pln("import", "vcard", str(tmp_path / "hale.vcf"))
    pln("edit", "shale@u-46.org", "--aka", "Steph", "--aka", "ステファニー")
    (tmp_path / "later.csv").write_text(LINKEDIN_LATER)
    pln("import", "linkedin", str(tmp_path / "later.csv"))
    before = pln.json("show", "shale@u-46.org")
    assert before["past_roles"] == [
        "Principal at Elgin Area School District U-46 (until 2026-11-09)"
    ]
    assert (before["prefix"], before["suffix"], before["middle"]) == ("Dr.", "Ed.D.", "Ann")
    exported = pln("export", "csv").stdout
    header = exported.splitlines()[0].lstrip("\ufeff").split(",")
    for column in (
        "prefix",
        "given_name",
        "middle_name",
        "family_name",
        "suffix",
        "other_names",
        "past_roles",
    ):
        assert column in header
    fresh = tmp_path / "fresh.db"
    report = pln.json("--db", str(fresh), "import", "csv", "-", input=exported)
    assert (report["added"], report["unused_columns"]) == (1, [])
    after = pln.json("--db", str(fresh), "show", "shale@u-46.org")
    assert {k: after[k] for k in KEPT} == {k: before[k] for k in KEPT}


def test_a_sheet_s_own_other_names_and_past_roles_columns_and_map(
    store_url: str, tmp_path: Path
) -> None:
    sheet = _sheet(
        tmp_path,
        "Name,Email,AKA,Previously,Prefix\n"
        "Bernadette Walsh,bwalsh@d214.org,Bernie; Bern,Dean at NIU (until 2025-06-30),Dr.\n",
    )
    pln = Pln(day=NOV_9)
    pln("import", "csv", sheet, "--map", "past_roles=Previously")
    bernie = pln.json("show", "bwalsh@d214.org")
    assert (bernie["name"], bernie["prefix"], bernie["akas"], bernie["past_roles"]) == (
        "Bernadette Walsh",
        "Dr.",
        ["Bernie", "Bern"],
        ["Dean at NIU (until 2025-06-30)"],
    )
    helped = " ".join(pln("import", "csv", "--help").stdout.split())
    for field in ("other_names", "past_roles", "prefix", "suffix", "middle"):
        assert field in helped


def test_a_title_written_out_more_fully_is_taken_as_a_correction_not_a_new_job(
    store_url: str, tmp_path: Path
) -> None:
    """The badge said "Dir. Curriculum"; her LinkedIn export, later, says
    "Director of Curriculum & Instruction": the role stayed the badge's."""
    pln = Pln(day=date(2026, 10, 2))
    pln("import", "vcard", str(BOOTH), "--met-at", CASCD, "--met-on", "2026-10-01")
    export = tmp_path / "Connections.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Rachel,Goldberg,https://www.linkedin.com/in/rachel-goldberg-d181,rgoldberg@d181.org,"
        "Hinsdale Community Consolidated School District 181,Director of Curriculum & Instruction,"
        "05 Oct 2026\n"
        "Thomas,Becker,,tbecker@d300.org,CUSD 300,Asst. Supt. Teaching & Learning,05 Oct 2026\n"
    )
    later = Pln(day=NOV_9)
    out = later("import", "linkedin", str(export)).stdout
    assert (
        "Updated Rachel Goldberg: title written out: Dir. Curriculum → Director of Curriculum & "
        "Instruction\n"
    ) in out
    assert "past role" not in out
    rachel = later.json("show", "Rachel Goldberg")
    assert (rachel["role"], rachel["org"], rachel["past_roles"]) == (
        "Director of Curriculum & Instruction",
        "Hinsdale CCSD 181",
        [],
    )
    assert not any("Congratulate" in i["title"] for i in later.json("due", "--limit", "0"))
    # The shorter form again (the badge's own file) changes nothing back.
    again = later.json("import", "vcard", str(BOOTH))
    assert again["updated"] == []
    assert later.json("show", "Rachel Goldberg")["role"] == "Director of Curriculum & Instruction"


def test_a_new_organisation_with_the_title_written_out_is_one_job_change(
    store_url: str, tmp_path: Path
) -> None:
    pln = Pln(day=NOV_9)
    pln(
        "add-contact",
        "Rachel Goldberg",
        "--email",
        "rgoldberg@d181.org",
        "--org",
        "Hinsdale CCSD 181",
        "--role",
        "Dir. Curriculum",
    )
    sheet = _sheet(
        tmp_path,
        "Name,Email,Organization,Title\n"
        "Rachel Goldberg,rgoldberg@d181.org,Naperville CUSD 203,"
        "Director of Curriculum & Instruction\n",
    )
    [updated] = pln.json("import", "csv", sheet)["updated"]
    assert updated["change"] == (
        "role Dir. Curriculum → Director of Curriculum & Instruction; "
        "organisation Hinsdale CCSD 181 → Naperville CUSD 203"
    )
    assert pln.json("show", "Rachel Goldberg")["past_roles"] == [
        "Dir. Curriculum at Hinsdale CCSD 181 (until 2026-11-09)"
    ]
