"""`pln event import` reads what registrants typed about themselves: like the
kiosk, a row is matched by its email alone, and a known contact's stored
organisation, role and name are not changed (no job-change line): what differs
goes on a note "(not applied)" and is named in the summary (issue 31)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import Pln

WEBINAR = "Phonics Webinar"
HEADER = (
    "First Name,Last Name,Email,Address,City,Country/Region,Zip/Postal Code,State/Province,"
    "Phone,Industry,Organization,Job Title,Purchasing Time Frame,Role in Purchase Process,"
    "No of Employees,Questions & Comments,Registration Time,Approval Status"
)


def _registrants(tmp_path: Path, *rows: str) -> str:
    """A Zoom registration report, title lines first, as Zoom writes it."""
    path = tmp_path / "registrants.csv"
    path.write_text(
        "Registration Report\n"
        'Report Generated:,"Nov 19, 2026 09:02 AM"\n'
        "Topic,Webinar ID,Scheduled Start Time,Scheduled Duration (minutes),"
        "# Registered,# Cancelled\n"
        f'Phonics Webinar,812 3456 7890,"Nov 18, 2026 04:00 PM",60,{len(rows)},0\n'
        "Registrant Details\n" + HEADER + "\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    return str(path)


DEREK_MOVED = (
    "Derek,W.,derek.washington@oswego308.example,,Naperville,United States,,Illinois,"
    "555-0100,Education,Naperville CUSD 203,Director of Literacy,,,,,"
    '"Nov 9, 2026 02:12 PM",approved'
)
# Someone typing Derek's name and school with an address of their own.
NAMESAKE = (
    "Derek,Washington,dwash@elsewhere.example,,Oswego,United States,,Illinois,,Education,"
    'Oswego CUSD 308,Curriculum Director,,,,,"Nov 10, 2026 09:00 AM",approved'
)


def _derek(pln: Pln) -> None:
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln(
        "add-contact",
        "Derek Washington",
        "-e",
        "derek.washington@oswego308.example",
        "--org",
        "Oswego CUSD 308",
        "--role",
        "Curriculum Director",
    )


def _congratulations(pln: Pln) -> list[dict[str, Any]]:
    return [i for i in pln.json("due", "--limit", "0") if "Congratulate" in (i["title"] or "")]


def test_a_known_contact_is_not_changed_by_what_they_typed(pln: Pln, tmp_path: Path) -> None:
    _derek(pln)
    file = _registrants(tmp_path, DEREK_MOVED, NAMESAKE)
    done = pln.json("event", "import", WEBINAR, file)
    shown = pln.json("show", "derek.washington@oswego308.example")
    assert (shown["name"], shown["org"], shown["role"]) == (
        "Derek Washington",
        "Oswego CUSD 308",
        "Curriculum Director",
    )
    assert shown["emails"] == ["derek.washington@oswego308.example"]
    assert _congratulations(pln) == []  # a self-typed form moves nobody
    typed = "name Derek W.; organisation Naperville CUSD 203; role Director of Literacy"
    typed += "; phone 555-0100"  # the Phone column is read: not applied to him either
    assert done["not_applied"] == [{"line": 7, "name": "Derek Washington", "typed": typed}]
    note = f"In {WEBINAR}'s zoom-registrants file, they wrote: {typed} (not applied)"
    assert note in [i["note"] for i in shown["timeline"]]
    # The namesake at his school, with another address, is someone new: matched by email alone.
    assert [p["name"] for p in done["added_contacts"]] == ["Derek Washington"]
    assert done["event"]["matched"] == ["Derek Washington"]
    assert len(done["event"]["registered"]) == 2

    history = len(pln.json("history", "-n", "1000"))
    again = pln.json("event", "import", WEBINAR, file)  # the same file: nothing more
    assert (again["added"], again["merged"]) == (0, 0)
    assert len(pln.json("history", "-n", "1000")) == history
    timeline = [
        i["note"] for i in pln.json("show", "derek.washington@oswego308.example")["timeline"]
    ]
    assert timeline.count(note) == 1


def test_the_summary_names_what_was_not_applied(pln: Pln, tmp_path: Path) -> None:
    _derek(pln)
    screen = pln("event", "import", WEBINAR, _registrants(tmp_path, DEREK_MOVED)).stdout
    assert "Not applied to Derek Washington (they typed it; kept on a note): name Derek W.;" in (
        " ".join(screen.split())
    )
    assert "Updated" not in screen


def test_a_sheet_of_ones_own_still_takes_a_new_job(pln: Pln, tmp_path: Path) -> None:
    """The networker's own sheet is no self-typed form: the move is taken."""
    _derek(pln)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Name,Email,Organization,Title\n"
        "Derek Washington,derek.washington@oswego308.example,Naperville CUSD 203,"
        "Director of Literacy\n",
        encoding="utf-8",
    )
    pln("import", "csv", str(sheet))
    assert pln.json("show", "Derek Washington")["org"] == "Naperville CUSD 203"
    assert len(_congratulations(pln)) == 1


def test_an_attendee_report_follows_the_same_rule(pln: Pln) -> None:
    """Zoom's attendee report carries the names and jobs people registered with."""
    pln("event", "add", WEBINAR, "--on", "2026-11-18", "--hosted")
    pln(
        "add-contact",
        "Derek Washington",
        "-e",
        "derek.washington@oswego308.example",
        "--org",
        "Naperville CUSD 203",
    )
    attendees = Path(__file__).parent / "fixtures" / "events" / "zoom-attendees.csv"
    done = pln.json("event", "import", WEBINAR, str(attendees))
    assert pln.json("show", "Derek Washington")["org"] == "Naperville CUSD 203"
    assert pln.json("show", "Derek Washington")["role"] is None
    assert [u["name"] for u in done["not_applied"]] == ["Derek Washington"]
    assert "organisation Oswego CUSD 308" in done["not_applied"][0]["typed"]
    assert _congratulations(pln) == []
    assert ("Derek Washington", 64) in [
        (a["name"], a["minutes"]) for a in done["event"]["attended"]
    ]
