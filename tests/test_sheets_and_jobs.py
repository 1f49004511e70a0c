"""Sheets read as people write them (quotes, dates, headers, where we met), and
job changes taken only when the job changed (issue 27)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from helpers import TODAY, Pln
from plncrm.util.errors import Invalid
from plncrm.util.sheet_dates import default_date_order, parse_sheet_date

FIXTURES = Path(__file__).with_name("fixtures")
SHEET = FIXTURES / "partnerships-sheet.csv"  # nicknames in apostrophes first, quoted commas later


def test_the_sheet_is_a_real_trap_for_a_guessed_quote() -> None:
    """What the fixture is for: csv.Sniffer takes the nicknames' apostrophes
    for the quote and cuts "Dean, College of Education" in two."""
    text = SHEET.read_text()
    guessed = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    assert guessed.quotechar == "'"
    assert '"Dean' in next(
        row for row in csv.reader(text.splitlines(), guessed) if "Dolores" in row[0]
    )


def test_quoted_commas_stay_in_their_cell_whatever_apostrophes_come_first(pln: Pln) -> None:
    report = pln.json("import", "csv", str(SHEET), "--date-order", "mdy")
    assert (report["added"], report["rejected"]) == (10, [])
    dee = pln.json("show", "dolores")
    assert (dee["role"], dee["org"]) == (
        "Dean, College of Education",
        "Northern Illinois University",
    )
    assert dee["past_roles"] == []
    assert dee["notes"] == "Research partnerships, grad students for the pilot"
    hannah = pln.json("show", "hannah")
    assert hannah["role"] == "Principal, Monroe Elementary"
    assert hannah["notes"].startswith('Met through Priya; "very" interested in the decodables')
    assert pln.json("show", "grace")["notes"] == "Asked for the scope and sequence, the 'big' one"


def test_a_sheet_separated_by_semicolons_with_apostrophes_reads_whole(
    pln: Pln, tmp_path: Path
) -> None:
    """A European spreadsheet's export: ";" between cells, day-first dates."""
    sheet = tmp_path / "kontakte.csv"
    sheet.write_text(
        "Name;Organisation;Funktion;E-Mail;Datum\n"
        "Lena Vogel;'Lenchen';Leiterin;lena.vogel@schule-mitte.de;17.09.2026\n"
        'Jonas Weber;"Gymnasium Mitte; Berlin";"Lehrer, Mathematik";'
        "jonas.weber@gym-mitte.de;18.9.2026\n",
        encoding="utf-8",
    )
    maps = ["--map", "role=Funktion", "--map", "met_on=Datum"]
    assert pln.json("import", "csv", str(sheet), *maps)["added"] == 2
    jonas = pln.json("show", "jonas")
    assert (jonas["org"], jonas["role"], jonas["met_on"]) == (
        "Gymnasium Mitte; Berlin",
        "Lehrer, Mathematik",
        "2026-09-18",
    )


def test_such_a_sheet_goes_out_and_comes_back_whole(pln: Pln, tmp_path: Path) -> None:
    """`export csv | import csv` into an empty store: every row, every field
    (quoted commas, apostrophes, doubled quotes) the same."""
    pln("import", "csv", str(SHEET), "--date-order", "mdy")
    first = pln("export", "csv").stdout
    other = str(tmp_path / "other.db")
    report = pln.json("--db", other, "import", "csv", "-", input=first)
    assert (report["added"], report["rejected"], report["kept_in_notes"]) == (10, [], [])
    assert pln("--db", other, "export", "csv").stdout == first


def test_dates_in_the_forms_people_type_them(pln: Pln) -> None:
    """US dates (even the unambiguous 10/19/2026), a spelled month, 17.9.2026,
    a spreadsheet's serial number: each a day, none kept in notes."""
    report = pln.json("import", "csv", str(SHEET), "--date-order", "mdy")
    assert report["kept_in_notes"] == []
    met = {p["name"]: pln.json("show", p["name"])["met_on"] for p in pln.json("list")}
    assert met == {
        "Bernard Kowalczyk": "2026-09-17",
        "Katherine Osei": "2026-09-17",
        "William Sandoval": "2026-09-18",
        "Priya Raman": "2026-10-19",
        "Dolores Fitzgerald": "2026-09-17",
        "Marcus O'Neill": "2026-03-04",
        "Tamika Brooks": "2026-09-17",
        "Hannah Lindqvist": "2026-09-17",
        "Javier Morales": "2026-09-17",
        "Grace Whitfield": "2026-09-17",
    }


def test_the_order_of_ambiguous_dates_is_chosen_and_said(pln: Pln) -> None:
    said = pln("import", "csv", str(SHEET), "--dry-run", "--date-order", "mdy").stdout
    assert "read month first (mdy): 3/4/2026" in said
    report = pln.json("import", "csv", str(SHEET), "--dry-run", "--date-order", "dmy")
    assert (report["date_order"], report["ambiguous_dates"]) == ("dmy", ["3/4/2026"])
    pln("config", "date-order", "dmy")
    pln("import", "csv", str(SHEET))
    assert pln.json("show", "marcus")["met_on"] == "2026-04-03"
    assert pln("config", "date-order", "ydm", ok=False).exit_code == 5
    assert pln("import", "csv", str(SHEET), "--date-order", "usa", ok=False).exit_code == 5


def test_a_sheet_with_no_ambiguous_date_says_nothing_of_the_order(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Date met\nAna Lima,10/19/2026\n")
    said = pln("import", "csv", str(sheet), "--date-order", "dmy").stdout
    assert "read both ways" not in said
    assert pln.json("show", "ana")["met_on"] == "2026-10-19"


def test_the_default_order_follows_the_phone_region_then_the_locale(
    pln: Pln, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # No date in the column reads only one way (SHEET's 9/17/2026 would decide).
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Date met\nMarcus O'Neill,3/4/2026\nAna Lima,2026-10-19\n")
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert pln.json("import", "csv", str(sheet), "--dry-run")["date_order"] == "mdy"
    monkeypatch.setenv("LANG", "en_GB.UTF-8")
    assert pln.json("import", "csv", str(sheet), "--dry-run")["date_order"] == "dmy"
    pln("config", "phone-region", "us")  # where the user is beats the machine's locale
    assert pln.json("import", "csv", str(sheet), "--dry-run")["date_order"] == "mdy"


@pytest.mark.parametrize(
    ("text", "order", "expected", "ambiguous"),
    [
        ("9/17/2026", "dmy", date(2026, 9, 17), False),
        ("10/19/2026", "dmy", date(2026, 10, 19), False),
        ("17/9/2026", "mdy", date(2026, 9, 17), False),
        ("3/4/2026", "mdy", date(2026, 3, 4), True),
        ("3/4/2026", "dmy", date(2026, 4, 3), True),
        ("3/4/2026", "ymd", date(2026, 4, 3), True),
        ("4/4/2026", "mdy", date(2026, 4, 4), False),
        ("3.4.2026", "mdy", date(2026, 4, 3), False),  # dots: day first, always
        ("17.09.2026", "mdy", date(2026, 9, 17), False),
        ("2026/9/17", "mdy", date(2026, 9, 17), False),
        ("2026-09-17", "mdy", date(2026, 9, 17), False),
        ("9/17/26", "mdy", date(2026, 9, 17), False),
        ("9/17/2026 14:30", "mdy", date(2026, 9, 17), False),
        ("Sept 17, 2026", "dmy", date(2026, 9, 17), False),
        ("Sept. 17, 2026", "dmy", date(2026, 9, 17), False),
        ("17 September 2026", "mdy", date(2026, 9, 17), False),
        ("46282", "mdy", date(2026, 9, 17), False),
        ("46282.4375", "mdy", date(2026, 9, 17), False),
        ("Nov 20", "mdy", date(2026, 11, 20), False),
    ],
)
def test_sheet_dates(text: str, order: str, expected: date, ambiguous: bool) -> None:
    found = parse_sheet_date(text, TODAY, order)  # type: ignore[arg-type]
    assert (found.day, found.ambiguous) == (expected, ambiguous)


@pytest.mark.parametrize(
    "text", ["13/13/2026", "9.17.2026", "2/30/2026", "123/4/2026", "banana", "3"]
)
def test_what_is_no_sheet_date(text: str) -> None:
    with pytest.raises(Invalid):
        parse_sheet_date(text, TODAY, "mdy")


def test_the_default_order() -> None:
    assert default_date_order("", "en_US.UTF-8") == "mdy"
    assert default_date_order("", "fr_CA.UTF-8") == "mdy"
    assert default_date_order("PH", "de_DE.UTF-8") == "mdy"
    assert default_date_order("DE", "en_US.UTF-8") == "dmy"
    assert default_date_order("", "C.UTF-8") == "dmy"


def test_a_header_naming_two_fields_reads_as_one(pln: Pln, tmp_path: Path) -> None:
    """ "Interests; Notes" keeps its text whole as notes; "Title/Role" is the role."""
    pln("import", "csv", str(SHEET), "--date-order", "mdy")
    assert pln.json("show", "bernard")["notes"] == "Wants the K-2 pilot pricing for his coaches"
    assert pln.json("show", "bernard")["tags"] == []
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Name,Title/Role,Notes/Interests,Email or Phone\nAna Lima,Coach,likes maps,ana@x.org\n"
    )
    report = pln.json("import", "csv", str(sheet))
    assert report["unused_columns"] == []
    ana = pln.json("show", "ana lima")
    assert (ana["role"], ana["notes"], ana["emails"]) == ("Coach", "likes maps", ["ana@x.org"])


def test_where_we_met_that_is_no_event_is_kept_as_notes(pln: Pln) -> None:
    """A podcast, a Twitter chat, a hashtag, a friend, a Facebook group's link:
    no event of that name; the conference stays an event."""
    said = pln("import", "csv", str(SHEET), "--date-order", "mdy").stdout
    assert (
        "Kept as notes, not events: podcast, Twitter chat, #edchat, a friend, "
        "https://www.facebook.com/groups/iltechteachers"
    ) in " ".join(said.split())
    assert [e["name"] for e in pln.json("events")] == ["Prairie State Literacy Conference 2026"]
    priya = pln.json("show", "priya")
    assert (priya["met_at"], priya["met_on"]) == (None, "2026-10-19")
    assert priya["notes"].endswith("Where we met: podcast")
    assert pln.json("show", "tamika")["notes"] == "Where we met: #edchat"


BADGES = (
    FIXTURES / "booth-badges-known.vcf"
)  # badge scans of people already known, titles cut short
BOOTH = ["--met-at", "Prairie State Literacy Conference 2026", "--met-on", "2026-11-20"]


def _known_before_the_booth(pln: Pln) -> None:
    pln(
        "add-contact",
        "Rachel Goldberg",
        "--org",
        "Hinsdale Community Consolidated School District 181",
        "--role",
        "Director of Curriculum & Instruction",
        "--email",
        "rgoldberg@d181.org",
    )
    pln(
        "add-contact",
        "Grace Whitfield",
        "--org",
        "Lake Zurich CUSD 95",
        "--role",
        "Principal, May Whitney Elementary",
        "--email",
        "gwhitfield@lz95.org",
    )
    pln(
        "add-contact",
        "Thomas Becker",
        "--org",
        "Community Unit School District 300",
        "--role",
        "Assistant Superintendent for Teaching and Learning",
        "--email",
        "tbecker@d300.org",
    )
    pln(
        "add-contact",
        "William Sandoval",
        "--org",
        "Peoria Public Schools District 150",
        "--role",
        "Chief Academic Officer",
        "--email",
        "wsandoval@psd150.org",
    )
    pln(
        "add-contact",
        "Lisa Wong",
        "--org",
        "Elmhurst CUSD 205",
        "--role",
        "Literacy Coordinator",
        "--email",
        "lwong@elmhurst205.org",
        "--link",
        "linkedin.com/in/lisa-wong-literacy",
    )
    pln(
        "add-contact",
        "Adaeze Okonkwo",
        "--org",
        "Oak Park Elementary School District 97",
        "--role",
        "Teacher, Grade 3",
        "--email",
        "aokonkwo@op97.org",
    )


def test_a_badge_that_writes_the_known_job_short_changes_nothing(pln: Pln) -> None:
    """ "Dir. Curriculum" is the Director of Curriculum & Instruction, "Hinsdale
    CCSD 181" her district spelled short, "Principal" the principal of May
    Whitney Elementary, "CUSD 300" Community Unit School District 300, "CAO"
    the Chief Academic Officer: a match only fills what is missing."""
    _known_before_the_booth(pln)
    report = pln.json("import", "vcard", str(BADGES), *BOOTH)
    changed = {u["name"] for u in report["updated"]}
    assert changed == {"Lisa Wong", "Adaeze Okonkwo"}
    for ref, org, role in [
        (
            "rachel",
            "Hinsdale Community Consolidated School District 181",
            "Director of Curriculum & Instruction",
        ),
        ("grace", "Lake Zurich CUSD 95", "Principal, May Whitney Elementary"),
        (
            "thomas",
            "Community Unit School District 300",
            "Assistant Superintendent for Teaching and Learning",
        ),
        ("william", "Peoria Public Schools District 150", "Chief Academic Officer"),
    ]:
        shown = pln.json("show", ref)
        assert (shown["org"], shown["role"], shown["past_roles"]) == (org, role, [])
    titles = [f["title"] for f in pln.json("follow-ups")]
    assert not [t for t in titles if "Rachel" in t and "new role" in t]


def test_a_real_job_change_is_taken_on_the_agenda_with_its_new_email_first(pln: Pln) -> None:
    _known_before_the_booth(pln)
    said = pln("import", "vcard", str(BADGES), *BOOTH).stdout
    assert said.count("Updated ") == 2
    lisa = pln.json("show", "lisa")
    assert (lisa["org"], lisa["role"]) == ("Naperville CUSD 203", "Director of Literacy")
    assert lisa["past_roles"] == ["Literacy Coordinator at Elmhurst CUSD 205 (until 2026-11-29)"]
    assert lisa["emails"] == ["lwong@naperville203.org", "lwong@elmhurst205.org"]
    ada = pln.json("show", "adaeze")
    assert (ada["org"], ada["role"]) == (
        "Oak Park Elementary School District 97",
        "Asst. Principal",
    )
    assert ada["past_roles"] == [
        "Teacher, Grade 3 at Oak Park Elementary School District 97 (until 2026-11-29)"
    ]
    due = {i["title"]: i["reason"] for i in pln.json("due") if i.get("title")}
    moved = "Congratulate Lisa Wong on the new role"
    # A move leaves a gap where she was.
    assert due[moved] == (
        "moved from Elmhurst CUSD 205 to Naperville CUSD 203: who replaces them there?"
    )
    assert due["Congratulate Adaeze Okonkwo on the new role"] == (
        "now Asst. Principal at Oak Park Elementary School District 97"
    )
    # The same badges again: nothing changes, no second follow-up.
    again = pln.json("import", "vcard", str(BADGES), *BOOTH)
    assert again["updated"] == []
    titles = [f["title"] for f in pln.json("follow-ups")]
    assert titles.count(moved) == 1


@pytest.mark.parametrize(
    ("known", "given"),
    [
        ("Director of Curriculum & Instruction", "Dir. Curriculum"),
        ("Director of Curriculum & Instruction", "Dir. Curr. & Instr."),
        ("Principal, May Whitney Elementary", "Principal"),
        ("Assistant Superintendent for Teaching and Learning", "Asst. Supt. Teaching & Learning"),
        ("Chief Academic Officer", "CAO"),
        ("Literacy Coordinator", "Literacy Coord."),
        ("Coordinator, Multilingual Programs", "Multilingual Programs Coordinator"),
    ],
)
def test_titles_written_short_are_the_same_title(known: str, given: str) -> None:
    from plncrm.importers.jobs import same_title

    assert same_title(known, given)


@pytest.mark.parametrize(
    ("known", "given"),
    [
        ("Assistant Principal", "Principal"),
        ("Principal", "Assistant Principal"),
        ("Director of Curriculum", "Director of Technology"),
        ("Teacher, Grade 2", "Teacher, Grade 3"),
        ("Literacy Coordinator", "Director of Literacy"),
    ],
)
def test_other_titles_are_a_change(known: str, given: str) -> None:
    from plncrm.importers.jobs import same_title

    assert not same_title(known, given)


@pytest.mark.parametrize(
    ("known", "given", "same"),
    [
        ("Hinsdale Community Consolidated School District 181", "Hinsdale CCSD 181", True),
        ("Community Unit School District 300", "CUSD 300", True),
        ("Riverside Unified School District", "Riverside USD", True),
        ("Austin Independent School District", "Austin ISD", True),
        ("Northern Illinois University", "NIU", True),
        ("Oak Park Elementary School District 97", "Oak Park Elem. SD 97", True),
        ("Peoria Public Schools District 150", "Peoria Public Schools", True),
        ("Hinsdale CCSD 181", "Hinsdale Township HSD 86", False),
        ("Elmhurst CUSD 205", "Naperville CUSD 203", False),
        ("Aurora East USD 131", "Aurora West USD 129", False),
    ],
)
def test_organisations_written_short(known: str, given: str, same: bool) -> None:
    from plncrm.importers.jobs import same_organisation

    assert same_organisation(known, given) is same
