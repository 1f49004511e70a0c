"""What `pln event import` says and keeps (issue 31, round 3): no fact of the
file dropped without a word, a --format that does not fit named for what the
file is, possible duplicates pointed at, everyone named, a re-import quiet."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from helpers import Pln

EVENTS = Path(__file__).parent / "fixtures" / "events"
WEBINAR = "Phonics Webinar"
ZOOM_HEAD = (
    "Registration Report\n"
    'Report Generated:,"Nov 19, 2026 09:02 AM"\n'
    "Topic,Webinar ID,Scheduled Start Time\n"
    '"Phonics Webinar",812 3456 7890,"Nov 18, 2026 04:00 PM"\n'
    "Registrant Details\n"
    "First Name,Last Name,Email,City,Zip/Postal Code,Phone,Organization,Job Title,"
    "Questions & Comments,Registration Time,Approval Status\n"
)


def zoom(tmp_path: Path, *rows: str) -> str:
    path = tmp_path / "registrants.csv"
    path.write_text(ZOOM_HEAD + "".join(r + "\n" for r in rows), encoding="utf-8")
    return str(path)


def setup(pln: Pln) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln("add-contact", "María García", "-e", "maria@d203.example", "--org", "Naperville CUSD 203")


ANA = 'Ana,Lima,ana@cps.example,Chicago,,+1 312 555 0100,CPS,Teacher,"Slides, please?",'
ANA += '"Nov 9, 2026 10:14 AM",approved'
MARIA = 'María,García,maria@d203.example,,,+1 630 555 0199,Naperville CUSD 203,,"Captions?",'
MARIA += '"Nov 9, 2026 11:14 AM",approved'


def test_questions_and_phones_of_a_zoom_report_are_kept(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    out = pln("event", "import", WEBINAR, zoom(tmp_path, ANA, MARIA)).stdout
    ana = pln.json("show", "Ana Lima")
    assert ana["notes"] == "Questions & Comments: Slides, please?"
    assert ana["phones"] == ["+1 312-555-0100"]
    maria = pln.json("show", "María García")
    assert maria["phones"] == []  # self-typed: a known contact stays as stored
    assert maria["notes"] is None
    said = "Not applied to María García (they typed it; kept on a note): phone +1 630-555-0199; "
    assert said + "Questions & Comments: Captions?" in out
    notes = [i["note"] for i in maria["timeline"]]
    assert any("Questions & Comments: Captions?" in n for n in notes)
    # City has a value in a row: named; Zip/Postal Code is empty in every row: not.
    assert "Not imported, no field reads them: City (--map" in out


def test_an_eventbrite_cell_phone_is_the_contact_phone(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    path = tmp_path / "eventbrite.csv"
    path.write_text(
        "Order #,Order Date,First Name,Last Name,Email,Quantity,Attendee Status,Job Title,"
        "Company,Home Phone,Cell Phone\n"
        "99,2026-11-02 10:14:03-06:00,Dara,Ó Súilleabháin,dara@d203.example,1,Attending,"
        "Coach,Naperville CUSD 203,,+1 630 555 0142\n",
        encoding="utf-8",
    )
    out = pln("event", "import", WEBINAR, str(path)).stdout
    assert pln.json("show", "Dara")["phones"] == ["+1 630-555-0142"]
    assert "Not imported" not in out  # the order's own columns are no fact about her


def test_a_forms_bookkeeping_is_not_listed_its_questions_are(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    path = tmp_path / "ms.csv"
    path.write_text(
        "ID,Start time,Completion time,Email,Name,Last modified time,School,"
        "Which grade band do you teach?\n"
        "1,11/1/26 10:12:01,11/1/26 10:14:03,ana@cps.example,Ana Lima,,CPS,K-2\n",
        encoding="utf-8",
    )
    out = pln("event", "import", WEBINAR, str(path)).stdout
    assert "Not imported, no field reads them: Which grade band do you teach? (" in out
    assert "Start time" not in out
    assert "ID" not in out


def test_keep_unmapped_keeps_the_rest_in_new_contacts_notes(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    out = pln("event", "import", WEBINAR, zoom(tmp_path, ANA), "--keep-unmapped").stdout
    assert "Kept in notes (as 'Column: value'): City" in out
    notes = pln.json("show", "Ana Lima")["notes"]
    assert notes == "Questions & Comments: Slides, please?\nCity: Chicago"
    forms = str(EVENTS / "google-forms.csv")
    pln("event", "import", WEBINAR, forms, "--keep-unmapped")
    wang = pln.json("show", "王小明")["notes"]
    assert wang == "What would you like us to cover?: Phonics for English learners"


def test_a_form_with_map_is_still_read_as_the_form(pln: Pln) -> None:
    setup(pln)
    forms = str(EVENTS / "google-forms.csv")
    found = pln.json(
        "event", "import", WEBINAR, forms, "--map", "notes=What would you like us to cover?"
    )
    assert found["event"]["format"] == "google-forms"
    assert found["unused_columns"] == []  # the Timestamp is the registration's day


KINDS = {
    "zoom-registrants.csv": ("zoom-registrants", "a Zoom registration report"),
    "zoom-attendees.csv": ("zoom-attendees", "a Zoom attendee report"),
    "eventbrite.csv": ("eventbrite", "an Eventbrite attendee report"),
    "google-forms.csv": ("google-forms", "a Google Forms responses sheet"),
    "microsoft-forms.csv": ("microsoft-forms", "a Microsoft Forms responses sheet"),
    "teams.csv": ("teams", "a Teams attendance list"),
}
PAIRS = [
    (name, forced) for name in KINDS for forced, _ in KINDS.values() if forced != KINDS[name][0]
]


@pytest.mark.parametrize(("name", "forced"), PAIRS)
def test_a_format_that_does_not_fit_says_what_the_file_is(pln: Pln, name: str, forced: str) -> None:
    setup(pln)
    refused = pln("event", "import", WEBINAR, str(EVENTS / name), "--format", forced, ok=False)
    assert refused.exit_code == 5
    fmt, looks = KINDS[name]
    assert f"this looks like {looks}" in refused.stderr
    assert f"--format {fmt} reads it" in refused.stderr


SIOBHAN = "Siobhan,O'Brien,siobhan@gmail.example,,,,Oswego CUSD 308,Principal,,"
SIOBHAN += '"Nov 9, 2026 08:01 PM",approved'
ZOE = 'Zoë,Beaumont,zoe@lumen.example,,,,Lumen,,,"Nov 9, 2026 08:01 PM",approved'


def test_a_registrant_who_may_be_someone_known_is_pointed_at(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    pln("add-contact", "Siobhán O'Brien", "-e", "sob@oswego.example", "--org", "Oswego CUSD 308")
    pln("add-contact", "Zoe Beaumont", "-e", "zb@elsewhere.example", "--org", "Elsewhere")
    file = zoom(tmp_path, SIOBHAN, ZOE, ANA)
    dry = pln("event", "import", WEBINAR, file, "--dry-run").stdout
    said = "Siobhan O'Brien may be the same as #2 Siobhán O'Brien (same name and organisation)"
    assert f"{said}\n" in dry  # as the import says it
    out = pln("event", "import", WEBINAR, file).stdout
    new = {p["name"]: p["id"] for p in pln.json("list")}
    siobhan, zoe = new["Siobhan O'Brien"], new["Zoë Beaumont"]
    assert (
        f"Siobhan O'Brien (#{siobhan}) may be the same as #2 Siobhán O'Brien "
        f"(same name and organisation): pln merge 2 {siobhan}\n"
    ) in out
    assert f"(#{zoe}) may be the same as #3 Zoe Beaumont (same name): pln merge 3 {zoe}" in out
    assert "Ana Lima (" not in out  # nobody else of that name
    assert len(pln.json("list")) == 6  # three known, three added: never merged for the user
    again = pln.json("event", "import", WEBINAR, file, "--dry-run")
    assert again["maybe_same"] == []  # matched by their addresses now: nobody added


def test_the_same_file_again_says_in_one_line_that_nothing_changed(
    pln: Pln, tmp_path: Path
) -> None:
    setup(pln)
    quinn = 'Pat,Quinn,pat@example.org,,,,,,,"Nov 9, 2026 09:00 AM",cancelled'
    file = zoom(tmp_path, ANA, MARIA, quinn)
    first = pln("event", "import", WEBINAR, file).stdout
    assert "Not applied to María García" in first
    for dry in ((), ("--dry-run",)):
        again = pln("event", "import", WEBINAR, file, *dry).stdout
        verb = "would change" if dry else "changed"
        said = f"Nothing {verb}: Phonics Webinar has this zoom-registrants file's 2 people as it "
        said += "has them; 1 cancelled, skipped"
        assert (
            again
            == said + ("" if dry else "; what María García typed is on a note, not applied") + "\n"
        )
    notes = [i["note"] for i in pln.json("show", "María García")["timeline"]]
    assert sum("(not applied)" in n for n in notes) == 1
    bo = 'Bo,Chen,bo@cps.example,,,,CPS,,,"Nov 10, 2026 09:00 AM",approved'
    more = pln("event", "import", WEBINAR, zoom(tmp_path, ANA, MARIA, bo)).stdout
    assert "Not applied to María García" not in more  # said once, when its note was written
    assert "Not applied, on a note since an earlier import: María García\n" in more


def test_the_summary_names_everyone_wrapped_at_the_width(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    setup(pln)
    monkeypatch.setenv("COLUMNS", "60")
    people = [f"Person{i:02},Teacher,p{i}@cps.example" for i in range(12)]
    rows = [f'{p},,,,CPS,,,"Nov 9, 2026 10:14 AM",approved' for p in people]
    out = pln("event", "import", WEBINAR, zoom(tmp_path, *rows)).stdout
    assert " more" not in out
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Added:"))
    listed = " ".join(line.strip() for line in lines[at : at + 5])
    assert all(f"Person{i:02} Teacher" in listed for i in range(12))
    assert all(len(line) <= 60 for line in lines[at : at + 3])
    assert lines[at + 1].startswith("  Person")  # the names go on under the label
    assert "Person00 Teacher,\n  Person" in out or "Person00 Teacher, Person01" in out


def test_past_two_hundred_names_the_summary_points_at_json(pln: Pln, tmp_path: Path) -> None:
    setup(pln)
    rows = [f'Guest,N{i:03},g{i}@cps.example,,,,,,,"Nov 9, 2026",approved' for i in range(203)]
    out = pln("event", "import", WEBINAR, zoom(tmp_path, *rows)).stdout
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Added:"))
    block = [lines[at], *itertools.takewhile(lambda x: x.startswith("  "), lines[at + 1 :])]
    listed = " ".join(block)
    assert listed.count("Guest N") == 200
    assert listed.endswith(" and 3 more (--json lists everyone)")
    found = pln.json("event", "import", WEBINAR, zoom(tmp_path, *rows), "--dry-run")
    assert len(found["event"]["matched"]) == 203  # --json: everyone


def test_the_reports_share_of_who_came_says_its_base(pln: Pln) -> None:
    """'came 4 (60%)' was 3 of 5 registrants and one who came unregistered."""
    from datetime import timedelta

    from helpers import TODAY

    on = (TODAY - timedelta(days=10)).isoformat()
    pln("event", "add", "Decodable Texts PD", "--on", on, "--hosted")
    for n in range(1, 7):
        pln("add-contact", f"Guest Number{n}", "--email", f"g{n}@school.example")
        if n <= 5:
            pln("event", "rsvp", "Decodable Texts PD", f"Number{n}", "yes")
        if n in (1, 2, 3, 6):
            pln("event", "attended", "Decodable Texts PD", f"Number{n}")
    out = pln("report").stdout
    assert " 3 of 5 (60%) " in out
    said = "Decodable Texts PD: 3 of 5 registered came (60%), 1 more came unregistered"
    assert said in out


def test_past_twenty_namesakes_pln_duplicates_lists_the_rest(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from plncrm.render import transfer

    monkeypatch.setattr(transfer, "NAMESAKES", 1)
    setup(pln)
    pln("add-contact", "Siobhán O'Brien", "-e", "sob@oswego.example", "--org", "Oswego CUSD 308")
    pln("add-contact", "Zoe Beaumont", "-e", "zb@elsewhere.example", "--org", "Elsewhere")
    out = pln("event", "import", WEBINAR, zoom(tmp_path, SIOBHAN, ZOE)).stdout
    assert out.count("may be the same as") == 1
    assert "1 more added may be someone known: pln duplicates lists them (--json: all)\n" in out


def test_what_was_not_applied_wraps_at_the_width(
    pln: Pln, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A self-typed change of a known contact, long, at COLUMNS=80: wrapped
    between its parts like every other summary line, each part whole."""
    setup(pln)
    monkeypatch.setenv("COLUMNS", "80")
    long = MARIA.replace('"Captions?"', '"Captions please, and the slides, and a recording?"')
    out = pln("event", "import", WEBINAR, zoom(tmp_path, long)).stdout
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("Not applied to"))
    block = [lines[at], *itertools.takewhile(lambda x: x.startswith("  "), lines[at + 1 :])]
    assert len(block) > 1
    assert all(len(line) <= 80 for line in block)
    said = " ".join(line.strip() for line in block)
    assert said.startswith("Not applied to María García (they typed it; kept on a note): ")
    assert "phone +1 630-555-0199;" in said
    assert said.endswith("Questions & Comments: Captions please, and the slides, and a recording?")


def test_headers_are_shown_without_invisible_characters(pln: Pln, tmp_path: Path) -> None:
    """A header's zero-width space, soft hyphen or control character is
    invisible: shown, it makes "ZeroWidth" unlike what the user types."""
    setup(pln)
    extra = "Approval Status,Zero\u200bWidth,Ro\u00adom\x07\n"
    head = ZOOM_HEAD.replace("Approval Status\n", extra)
    path = tmp_path / "registrants.csv"
    path.write_text(head + ANA + ",x,y\n", encoding="utf-8")
    out = pln("event", "import", WEBINAR, str(path)).stdout
    said = next(line for line in out.splitlines() if line.startswith("Not imported"))
    assert "ZeroWidth, Room (--map" in said
    assert not any(ch in out for ch in "\u200b\u00ad\x07")


def test_a_header_is_mapped_as_it_is_shown(pln: Pln, tmp_path: Path) -> None:
    """The summary says "ZeroWidth": --map notes=ZeroWidth reads that column."""
    setup(pln)
    head = ZOOM_HEAD.replace("Approval Status\n", "Approval Status,Zero\u200bWidth\n")
    path = tmp_path / "registrants.csv"
    path.write_text(head + ANA + ",seen\n", encoding="utf-8")
    pln("event", "import", WEBINAR, str(path), "--map", "notes=ZeroWidth")
    assert "ZeroWidth: seen" in pln.json("show", "Ana Lima")["notes"]


def test_a_plain_sheets_headers_are_shown_without_invisible_characters(
    pln: Pln, tmp_path: Path
) -> None:
    """`pln import csv` names the columns it left as the event import does."""
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Zero\u200bWidth\nAna Lima,ana@x.example,y\n", encoding="utf-8")
    out = pln("import", "csv", str(path)).stdout
    assert "Not imported, no field reads them: ZeroWidth (--map" in out
