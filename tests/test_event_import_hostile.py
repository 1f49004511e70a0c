"""`pln event import` under hostile files (issue 31): a repeated header, the
file's host, registration times not understood, too many addresses in a
cell, real people with device-like names, and --keep-unmapped in --json."""

from __future__ import annotations

from pathlib import Path

from helpers import TODAY, Pln

EVENT = "Dup Webinar"
REGISTRANTS = """Registration Report
Topic,Webinar ID,Scheduled Start Time,Scheduled Duration (minutes),# Registered,# Cancelled
"Dup Webinar",812,"Nov 18, 2026 04:00 PM",60,6,1
Registrant Details
"""


def sheet(tmp_path: Path, header: str, *rows: str) -> str:
    path = tmp_path / "registrants.csv"
    path.write_text(REGISTRANTS + "\n".join([header, *rows]) + "\n", encoding="utf-8")
    return str(path)


def test_a_repeated_empty_email_column_loses_no_address(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    pln("add-contact", "Sam Lee", "-e", "sam@known.example")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status,Email"
    row = 'Sam,Lee,sam.other@x.example,Other Org,"Nov 2, 2026 10:14 AM",approved,'
    path = sheet(tmp_path, header, row)
    said = pln("event", "import", EVENT, path, "--dry-run").stdout
    assert "Email appears twice (columns 3, 7): the first with a value read" in said
    found = pln.json("event", "import", EVENT, path)
    assert found["event"]["matched"] == []
    assert [p["name"] for p in found["added_contacts"]] == ["Sam Lee"]
    assert "sam.other@x.example" in pln("show", "#2").stdout


def test_repeated_columns_that_disagree_are_refused(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status,Email"
    row = 'Sam,Lee,sam@x.example,Org,"Nov 2, 2026 10:14 AM",approved,other@x.example'
    out = pln("event", "import", EVENT, sheet(tmp_path, header, row), ok=False)
    assert out.exit_code == 5
    assert "Email appears twice" in out.stderr
    assert "line 6" in out.stderr


def test_a_row_without_an_email_matched_by_name_is_named(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    pln("add-contact", "Ana Known", "-e", "ana@known.example")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status"
    row = 'Ana,Known,,,"Nov 2, 2026 10:14 AM",approved'
    path = sheet(tmp_path, header, row)
    dry = pln.json("event", "import", EVENT, path, "--dry-run")
    assert dry["event"]["matched_by_name"] == ["Ana Known"]
    found = pln.json("event", "import", EVENT, path)
    assert found["event"]["matched_by_name"] == ["Ana Known"]


MEETING = """Meeting ID,Topic,Start Time,End Time,User Email,Duration (Minutes),Participants
812 3456 7890,Office Hours,11/18/2026 04:00:00 PM,11/18/2026 05:00:00 PM,ana@school.example,60,5

Name (Original Name),User Email,Join Time,Leave Time,Duration (Minutes),Guest
Ana Guest,ana@school.example,11/18/2026 04:00:00 PM,11/18/2026 05:00:00 PM,60,No
Android Jones,,11/18/2026 04:02:00 PM,11/18/2026 04:50:00 PM,48,Yes
Bob Real,bob@real.example,11/18/2026 04:02:00 PM,11/18/2026 04:50:00 PM,48,Yes
"""


def meeting(pln: Pln, tmp_path: Path) -> str:
    pln("event", "add", "Office Hours", "--on", "2026-11-18", "--hosted")
    path = tmp_path / "meeting.csv"
    path.write_text(MEETING, encoding="utf-8")
    return str(path)


def test_with_my_email_set_the_files_host_is_a_guest(pln: Pln, tmp_path: Path) -> None:
    path = meeting(pln, tmp_path)
    pln("config", "my-email", "me@literacy.example")
    found = pln.json("event", "import", "Office Hours", path)
    assert "Ana Guest" in [p["name"] for p in found["added_contacts"]]
    assert "Ana Guest" in [a["name"] for a in found["event"]["attended"]]


def test_without_my_email_the_files_host_is_named_and_how_to_keep_them(
    pln: Pln, tmp_path: Path
) -> None:
    path = meeting(pln, tmp_path)
    found = pln.json("event", "import", "Office Hours", path, "--dry-run")
    [why] = [s["why"] for s in found["event"]["skipped"] if s["name"] == "Ana Guest"]
    assert why.startswith("the meeting's host (ana@school.example)")
    assert "pln config my-email" in why


def test_a_person_named_like_a_device_is_kept_once_added_by_hand(pln: Pln, tmp_path: Path) -> None:
    path = meeting(pln, tmp_path)
    found = pln.json("event", "import", "Office Hours", path, "--dry-run")
    [why] = [s["why"] for s in found["event"]["skipped"] if s["name"] == "Android Jones"]
    assert why.startswith("no email, may be a device")
    assert "pln add-contact" in why
    pln("add-contact", "Android Jones")
    found = pln.json("event", "import", "Office Hours", path)
    assert "Android Jones" in [a["name"] for a in found["event"]["attended"]]
    assert "Android Jones" in found["event"]["matched_by_name"]


def test_the_files_host_again_is_named_not_counted_as_cancelled(pln: Pln, tmp_path: Path) -> None:
    path = meeting(pln, tmp_path)
    pln("event", "import", "Office Hours", path)
    [line] = pln("event", "import", "Office Hours", path).stdout.splitlines()
    assert "cancelled" not in line
    assert "Ana Guest (the meeting's host (ana@school.example)" in line


def test_keep_unmapped_json_names_the_columns_kept_as_the_text_does(pln: Pln) -> None:
    from test_event_import import WEBINAR, fixture, webinar

    webinar(pln)
    sheet = fixture("zoom-attendees.csv")
    said = pln("event", "import", WEBINAR, sheet, "--keep-unmapped", "--dry-run").stdout
    assert "Kept in notes (as 'Column: value'): City," in said
    found = pln.json("event", "import", WEBINAR, sheet, "--keep-unmapped")
    assert "City" in found["kept_columns"]
    assert found["unused_columns"] == []
    plain = pln.json("event", "import", WEBINAR, sheet, "--dry-run")
    assert "City" in plain["unused_columns"]
    assert plain["kept_columns"] == []


def test_registration_times_not_understood_or_absurd_are_named_by_line(
    pln: Pln, tmp_path: Path
) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status"
    rows = [
        'Far,Future,far@x.example,Org,"Nov 2, 9999 10:14 AM",approved',
        'Garbage,Date,garb@x.example,Org,"not a date",approved',
        'Feb,Thirty,feb@x.example,Org,"Feb 30, 2026 10:14 AM",approved',
        "Zero,Date,zero@x.example,Org,0000-01-01,approved",
        'Old,Person,old@x.example,Org,"Nov 2, 1900 10:14 AM",approved',
        "Empty,One,empty1@x.example,Org,,approved",
        "Empty,Two,empty2@x.example,Org,,approved",
        'Next,Year,next@x.example,Org,"Nov 2, 2027 10:14 AM",approved',
    ]
    path = sheet(tmp_path, header, *rows)
    said = pln("event", "import", EVENT, path, "--dry-run").stdout
    for line, written in ((6, "Nov 2, 9999"), (7, "not a date"), (8, "Feb 30, 2026"), (9, "0000")):
        [text] = [t for t in said.splitlines() if t.startswith(f"Not understood, row {line}:")]
        assert written in text
        assert "the import day" in text
    [old] = [t for t in said.splitlines() if t.startswith("line 10:")]
    assert "1900-11-02" in old
    assert "more than a year before the event" in old
    assert "2 registrations with no registration time: recorded on the import day" in said
    assert any(t.startswith("line 13:") and "a day to come" in t for t in said.splitlines())
    pln("event", "import", EVENT, path)
    assert pln.json("show", "Old Person")["last_contacted"] == TODAY.isoformat()


def test_addresses_past_the_fifth_in_a_cell_are_named_by_line(pln: Pln, tmp_path: Path) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status"
    cell = "; ".join(f"a{i}@x.example" for i in range(1, 8))
    row = f'Multi,Addr,"{cell}",Org,"Nov 2, 2026 10:14 AM",approved'
    found = pln.json("event", "import", EVENT, sheet(tmp_path, header, row), "--dry-run")
    [said] = [n for n in found["event"]["notices"] if n.startswith("line 6:")]
    assert "a6@x.example, a7@x.example" in said
    assert "a5@x.example" not in said


def test_a_repeated_column_no_field_reads_is_kept_whole_not_refused(
    pln: Pln, tmp_path: Path
) -> None:
    pln("event", "add", EVENT, "--on", "2026-11-18", "--hosted")
    header = "First Name,Last Name,Email,Organization,Registration Time,Approval Status,Q,Q"
    row = 'Sam,Lee,sam@x.example,Org,"Nov 2, 2026 10:14 AM",approved,one,two'
    path = sheet(tmp_path, header, row)
    found = pln.json("event", "import", EVENT, path, "--keep-unmapped")
    assert found["kept_columns"] == ["Q", "Q"]
    assert "Q: one\nQ: two" in pln.json("show", "Sam Lee")["notes"]
