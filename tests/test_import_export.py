"""Importing LinkedIn, vCard, CSV and JSON; exporting and round trips."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from helpers import Pln
from plncrm.importers import linkedin, vcard
from plncrm.util.errors import Invalid

FIXTURES = Path(__file__).with_name("fixtures")
RESAVED = (
    "\ufeffFirst Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
    "Maya,Okafor,https://www.linkedin.com/in/maya-okafor-edu/,,Riverside USD,Coach,19-Dec-25\r\n"
    "Sam,Lee,https://www.linkedin.com/in/samlee,sam@example.org,,,01-Feb-24\r\n"
).encode()


def names(pln: Pln) -> list[str]:
    return [c["name"] for c in pln.json("list")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            (FIXTURES / "linkedin-current.csv").read_bytes(),
            [
                (
                    "Maya Okafor",
                    "maya.okafor@example.org",
                    "https://www.linkedin.com/in/maya-okafor-edu",
                    date(2026, 11, 14),
                ),
                (
                    "Tomás Quintero",
                    None,
                    "https://www.linkedin.com/in/tomasquintero",
                    date(2026, 10, 3),
                ),
                (
                    "Priya Raman",
                    "priya@example.com",
                    "https://www.linkedin.com/in/priya-raman-1b2c3",
                    date(2025, 6, 27),
                ),
                (
                    "Jordan Whitfield",
                    None,
                    "https://www.linkedin.com/in/jwhitfield",
                    date(2024, 10, 9),
                ),
            ],
        ),
        (
            (FIXTURES / "linkedin-old.csv").read_bytes(),
            [
                ("Ana Lima", "ana@example.org", None, date(2018, 1, 8)),
                ("Ben Ode", None, None, date(2019, 12, 24)),
            ],
        ),
        (
            RESAVED,
            [
                (
                    "Maya Okafor",
                    None,
                    "https://www.linkedin.com/in/maya-okafor-edu/",
                    date(2025, 12, 19),
                ),
                (
                    "Sam Lee",
                    "sam@example.org",
                    "https://www.linkedin.com/in/samlee",
                    date(2024, 2, 1),
                ),
            ],
        ),
    ],
    ids=["current", "old", "spreadsheet-resave"],
)
def test_linkedin_variants(
    data: bytes, expected: list[tuple[str, str | None, str | None, date]]
) -> None:
    records = [r for r in linkedin.read(data) if isinstance(r, linkedin.Record)]
    got = [
        (r.name, r.emails[0] if r.emails else None, r.links[0] if r.links else None, r.connected_on)
        for r in records
    ]
    assert got == expected


def test_linkedin_import_reports_the_broken_row_and_keeps_the_rest(pln: Pln) -> None:
    report = pln.json("import", "linkedin", str(FIXTURES / "linkedin-current.csv"))
    assert report.pop("added_contacts") == [
        {"id": i, "name": n}
        for i, n in enumerate(
            ("Maya Okafor", "Tomás Quintero", "Priya Raman", "Jordan Whitfield"), start=1
        )
    ]
    assert report == {
        "added": 4,
        "merged": 0,
        "skipped": 0,
        "dry_run": False,
        "follow_ups": 0,
        "merged_contacts": [],
        "met_at": [],
        "undated_events": [],
        "unused_columns": [],
        "kept_columns": [],
        "kept_in_notes": [],
        "updated": [],
        "not_applied": [],  # what people typed about themselves: none from LinkedIn
        "not_applied_before": [],
        "settings_kept": [],
        "settings_taken": [],
        "settings_left_out": [],
        "not_events": [],
        "ambiguous_dates": [],
        "date_order": None,
        "date_columns": [],
        "former_jobs": [],
        "cleaned": [],
        "follow_ups_for": [],
        "too_old_for_follow_ups": [],
        "rejected": [{"line": 8, "reason": "cannot read the Connected On date 'the day we met'"}],
    }
    maya = pln.json("show", "maya")
    assert (maya["org"], maya["role"], maya["links"]) == (
        "Riverside Unified School District",
        "Instructional Coach",
        ["https://www.linkedin.com/in/maya-okafor-edu"],
    )
    assert [(t["date"], t["kind"], t["note"]) for t in maya["timeline"]] == [
        ("2026-11-14", "connected", "Connected on LinkedIn")
    ]
    assert maya["last_contacted"] == "2026-11-14"
    assert pln.json("show", "priya")["org"] == "Lumen EdTech, Inc."
    out = pln("import", "linkedin", str(FIXTURES / "linkedin-current.csv")).stdout
    assert out.startswith("Added 0, merged 0 into existing contacts, skipped 4, rejected 1")
    assert "the day we met" in out


def test_reimporting_is_idempotent_and_merges_new_information(pln: Pln, tmp_path: Path) -> None:
    first = tmp_path / "first.csv"
    first.write_bytes(RESAVED)
    pln("import", "linkedin", str(first))
    assert pln.json("import", "linkedin", str(first))["added"] == 0
    # The same people again, from the current-format export: matched by
    # profile link, new details merged.
    report = pln.json("import", "linkedin", str(FIXTURES / "linkedin-current.csv"))
    assert (report["added"], report["merged"]) == (3, 1)
    maya = pln.json("show", "maya")
    assert maya["emails"] == ["maya.okafor@example.org"]
    assert maya["org"] == "Riverside USD"  # what we had is kept
    assert len(maya["timeline"]) == 2
    assert len(pln.json("list")) == 5
    again = pln.json("import", "linkedin", str(FIXTURES / "linkedin-current.csv"))
    assert (again["added"], again["merged"], again["skipped"]) == (0, 0, 4)


def test_vcard_versions_and_a_broken_card(pln: Pln) -> None:
    report = pln.json("import", "vcard", str(FIXTURES / "cards-21.vcf"))
    reason = "unreadable card: Failed to parse line: this line is not a vCard property"
    assert (report["added"], report["rejected"]) == (3, [{"line": 16, "reason": reason}])
    jurgen = pln.json("show", "jurgen")
    assert jurgen["name"] == "Jürgen Müller"
    assert jurgen["phones"] == ["+49 5551 234", "+49 5559 999"]  # as phonenumbers groups them
    assert (jurgen["org"], jurgen["role"]) == ("Gesamtschule Nord", "Fachleiter")
    assert jurgen["notes"] == "Erste Zeile, mit einem sehr langen Text der umbrochen wird"
    maya = pln.json("show", "maya")
    assert maya["tags"] == ["math", "coaching"]
    assert (
        maya["notes"]
        == "Met at the state math conference. Looking for a co-presenter on number talks."
    )
    jiwoo = pln.json("show", "ji-woo")
    assert (jiwoo["emails"], jiwoo["birthday"]) == (
        ["jiwoo.park@example.net", "jiwoo@example.com"],
        "--04-12",
    )
    assert pln.json("import", "vcard", str(FIXTURES / "cards-21.vcf"))["skipped"] == 3


def test_unterminated_card_and_empty_file(tmp_path: Path) -> None:
    results = list(vcard.read(b"BEGIN:VCARD\nVERSION:3.0\nFN:Half\n"))
    assert results == [vcard.Rejected(1, "card has no END:VCARD")]
    with pytest.raises(Invalid, match="not a vCard file"):
        list(vcard.read(b"hello"))


def test_vcard_export_round_trips(pln: Pln, tmp_path: Path) -> None:
    pln("import", "vcard", str(FIXTURES / "cards-21.vcf"))
    pln(
        "edit",
        "maya",
        "--link",
        "https://bsky.app/profile/maya.example",
        "--link",
        "https://www.linkedin.com/in/maya",
    )
    out = tmp_path / "all.vcf"
    pln("export", "vcard", "-o", str(out))
    import vobject

    cards = list(vobject.readComponents(out.read_text()))
    assert [c.fn.value for c in cards] == ["Ji-woo Park", "Jürgen Müller", "Maya Okafor"]
    before = pln.json("list")
    other = Pln()
    result = other("--db", str(tmp_path / "copy.db"), "import", "vcard", str(out))
    assert result.exit_code == 0
    after = json.loads(other("--db", str(tmp_path / "copy.db"), "list", "--json").stdout)
    fields = ("name", "emails", "phones", "org", "role", "tags", "links", "notes", "birthday")
    assert [{f: c[f] for f in fields} for c in after] == [{f: c[f] for f in fields} for c in before]


def test_csv_import_with_detected_and_mapped_columns(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Full Name,E-mail,Email 2,School,Job Title,Tags,Notes,Needs\n"
        "Ana Lima,ana@x.org,ana@home.net,Riverside,Mentor,"
        'math; coaching,"Met, briefly",grant writing\n'
        ",nobody@x.org,,,,,,\n"
        "Bad Email,not-an-email,,,,,,\n"
    )
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 2  # the row with only an email is named from it
    assert report["rejected"] == [{"line": 4, "reason": "not an email address: 'not-an-email'"}]
    ana = pln.json("show", "ana")
    assert (ana["emails"], ana["org"], ana["role"], ana["tags"], ana["notes"], ana["needs"]) == (
        ["ana@x.org", "ana@home.net"],
        "Riverside",
        "Mentor",
        ["math", "coaching"],
        "Met, briefly",
        ["grant writing"],
    )
    semi = tmp_path / "semi.csv"
    semi.write_text("Person;Employer\nBen Ode;Lumen\n")
    assert pln("import", "csv", str(semi), ok=False).exit_code == 5
    pln("import", "csv", str(semi), "--map", "name=Person")
    assert pln.json("show", "ben")["org"] == "Lumen"
    assert pln("import", "csv", str(semi), "--map", "name=Nope", ok=False).exit_code == 5


def test_strict_dry_run_and_atomicity(pln: Pln) -> None:
    path = str(FIXTURES / "linkedin-current.csv")
    strict = pln("import", "linkedin", path, "--strict", ok=False)
    assert strict.exit_code == 5
    assert "line 8: cannot read the Connected On date" in strict.stderr
    assert names(pln) == []  # the good rows before it were not kept either
    dry = pln("import", "linkedin", path, "--dry-run").stdout
    assert dry.startswith("Would have added 4")
    assert names(pln) == []
    assert pln("import", "linkedin", "/no/such/file.csv", ok=False).exit_code == 3
    # The failed import set the search index's triggers aside; the rollback restored them.
    pln("add-contact", "Zoë Quill", "--offers", "podcast editing")
    assert [c["name"] for c in pln.json("search", "zoe", "podcast")] == ["Zoë Quill"]
    pln("import", "linkedin", path)
    assert len(pln.json("search", "maya")) == 1


def test_csv_export_cannot_run_formulas(pln: Pln) -> None:
    pln(
        "add-contact",
        '=HYPERLINK("http://evil")',
        "--org",
        "+cmd",
        "--phone",
        "+1 555 0100",
        "--note",
        "@SUM(A1)",
    )
    pln("add-contact", "--tag", "ok", "--", "-Minus")
    text = pln("export", "csv").stdout.lstrip("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows[0]["name"] == "'-Minus"
    assert (rows[1]["name"], rows[1]["org"], rows[1]["phone"], rows[1]["notes"]) == (
        '\'=HYPERLINK("http://evil")',
        "'+cmd",
        "'+1 555 0100",
        "'@SUM(A1)",
    )
    assert rows[0]["tags"] == "ok"


def test_json_round_trip_is_exact(pln: Pln, tmp_path: Path) -> None:
    pln("config", "guard-days", "3")
    pln("event", "add", "ISTE", "--on", "Nov 20", "--kind", "conference")
    pln(
        "add-contact",
        "Ana Lima",
        "-e",
        "ana@x.org",
        "--met-at",
        "ISTE",
        "--needs",
        "coaching",
        "--cadence",
        "monthly",
    )
    pln("add-contact", "Ben Ode", "--via", "ana", "--offers", "coaching", "--tag", "math")
    pln("log", "ana", "ben", "-m", "coffee", "--kind", "meeting")
    pln("follow-up", "ben", "send slides", "--every", "2 weeks")
    pln("intro", "ana", "ben", "--why", "coaching")
    pln("intros", "ask", "1", "a")
    pln("community", "add", "#edchat")
    pln("community", "join", "edchat", "ana")
    pln("event", "add", "Webinar", "--on", "Dec 10", "--hosted")
    pln("event", "invite", "webinar", "ana")
    first = tmp_path / "one.json"
    pln("export", "json", "-o", str(first))
    document = json.loads(first.read_text())
    assert (document["format"], document["version"]) == ("plncrm", 1)
    assert {k: len(v) for k, v in document.items() if isinstance(v, list)} == {
        "events": 2,
        "organisations": 0,
        "contacts": 2,
        "communities": 1,
        "introductions": 1,
        "interactions": 4,
        "follow_ups": 2,
        "event_guests": 1,
        "agenda_snoozes": 0,
        "distinct_pairs": 0,
        "resources": 0,
        "consents": 0,
    }
    copy = tmp_path / "copy.db"
    restored = Pln()
    assert restored("--db", str(copy), "import", "json", str(first)).exit_code == 0
    second = tmp_path / "two.json"
    restored("--db", str(copy), "export", "json", "-o", str(second))
    assert second.read_text() == first.read_text()
    agenda = json.loads(restored("--db", str(copy), "due", "--json").stdout)
    assert {i["kind"] for i in agenda} == {"follow-up", "intro"}


def test_json_import_into_a_store_with_data_merges(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ana Lima", "-e", "ana@x.org")
    pln("add-contact", "Ben Ode")
    pln("log", "ana", "ben", "-m", "coffee")
    pln("intro", "ana", "ben", "--why", "x")
    dump = tmp_path / "dump.json"
    pln("export", "json", "-o", str(dump))
    other_db = str(tmp_path / "other.db")
    other = Pln()
    other("--db", other_db, "add-contact", "Ana Lima", "-e", "ANA@x.org", "--org", "Riverside")
    other("--db", other_db, "add-contact", "Cy")
    report = json.loads(other("--db", other_db, "import", "json", str(dump), "--json").stdout)
    assert (report["added"], report["merged"] + report["skipped"]) == (1, 1)
    people = json.loads(other("--db", other_db, "list", "--json").stdout)
    assert [c["name"] for c in people] == ["Ana Lima", "Ben Ode", "Cy"]
    again = json.loads(other("--db", other_db, "import", "json", str(dump), "--json").stdout)
    assert again["added"] == 0
    ana = json.loads(other("--db", other_db, "show", "ana", "--json").stdout)
    assert ana["org"] == "Riverside"
    assert [t["note"] for t in ana["timeline"]].count("coffee") == 1
    assert len(json.loads(other("--db", other_db, "intros", "--json").stdout)) == 1


def test_json_import_refuses_other_documents(pln: Pln, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "something"}')
    assert pln("import", "json", str(bad), ok=False).exit_code == 5
    bad.write_text('{"format": "plncrm", "version": 99}')
    assert "newer" in pln("import", "json", str(bad), ok=False).stderr
    bad.write_text("not json")
    assert pln("import", "json", str(bad), ok=False).exit_code == 5


def test_merge_keeps_every_related_record(pln: Pln) -> None:
    pln("add-contact", "Ana Lima", "-e", "ana@x.org", "--tag", "math")
    pln(
        "add-contact",
        "Ana Lima",
        "--new",
        "-e",
        "ana@home.net",
        "--tag",
        "ela",
        "--org",
        "Riverside",
        "--met-at",
        "ISTE",
    )
    pln("add-contact", "Ben Ode", "--via", "2")
    pln("log", "2", "ben", "-m", "coffee")
    pln("follow-up", "2", "send slides")
    pln("intro", "2", "ben", "--why", "x")
    pln("community", "add", "#edchat")
    pln("community", "join", "edchat", "2")
    pln("event", "add", "Webinar", "--on", "Dec 10", "--hosted")
    pln("event", "invite", "webinar", "2")
    dupes = pln.json("duplicates")
    assert dupes == [
        {
            "a": {"id": 1, "name": "Ana Lima"},
            "b": {"id": 2, "name": "Ana Lima"},
            "reason": "same name",
        }
    ]
    assert pln("merge", "1", "2", ok=False).exit_code == 7  # no terminal, no --yes
    result = pln.json("merge", "1", "2", "--yes")
    assert result["moved"]["interactions"] == 3  # the coffee, the introduction, the invitation
    ana = pln.json("show", "1")
    assert ana["emails"] == ["ana@x.org", "ana@home.net"]
    assert ana["tags"] == ["math", "ela"]
    assert (ana["org"], ana["met_at"], ana["communities"]) == ("Riverside", "ISTE", ["#edchat"])
    assert ana["introduced"] == [{"id": 3, "name": "Ben Ode"}]
    assert "coffee" in [t["note"] for t in ana["timeline"]]
    assert [t["contact"]["id"] for t in pln.json("follow-ups", "--all")] == [
        1,
        1,
    ]  # the task and the met-at guard
    assert pln.json("intros")[0]["a"]["id"] == 1
    guests = pln.json("event", "show", "webinar")["guests"]
    assert [g["contact"]["id"] for g in guests] == [1]
    assert [c["id"] for c in pln.json("list")] == [1, 3]
    assert pln.json("duplicates") == []


def test_namesakes_with_different_profiles_stay_apart(pln: Pln, tmp_path: Path) -> None:
    export = tmp_path / "c.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Okafor,https://www.linkedin.com/in/maya-1,,,,01 Jan 2025\n"
        "Maya,Okafor,https://www.linkedin.com/in/maya-2,,,,02 Jan 2025\n"
        "Maya,Okafor,https://www.linkedin.com/in/maya-1/,maya@example.org,,,03 Jan 2025\n"
    )
    report = pln.json("import", "linkedin", str(export))
    assert (report["added"], report["merged"]) == (2, 1)
    assert len(pln.json("list")) == 2


def test_a_known_contact_is_found_by_name_when_linkedin_hides_the_email(
    pln: Pln, tmp_path: Path
) -> None:
    pln("add-contact", "Maya Okafor", "-e", "maya@example.org")
    export = tmp_path / "c.csv"
    export.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maya,Okafor,https://www.linkedin.com/in/maya-1,,Riverside,,01 Jan 2025\n"
        "Sam,Lee,https://www.linkedin.com/in/sam,sam@example.org,,,01 Jan 2025\n"
    )
    pln("add-contact", "Sam Lee", "-e", "sam@other.org")
    report = pln.json("import", "linkedin", str(export))
    assert (report["added"], report["merged"]) == (1, 1)
    assert pln.json("show", "maya")["links"] == ["https://www.linkedin.com/in/maya-1"]
    assert len(pln.json("list", "--text", "sam")) == 2


def test_an_unclosed_quote_rejects_its_row_and_keeps_the_rest() -> None:
    data = (
        b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        b"Ana,Lima,,,,,01 Jan 2025\n"
        b'Ben,"Ode,,,,,01 Jan 2025\n'
    )
    results = list(linkedin.read(data))
    assert [r.name for r in results if isinstance(r, linkedin.Record)] == ["Ana Lima"]
    assert results[-1] == linkedin.Rejected(
        3, "unreadable CSV: a quote opened on line 3 is never closed"
    )


@pytest.mark.parametrize("encoding", ["cp1252", "utf-16", "utf-8-sig"])
def test_linkedin_exports_in_other_encodings(encoding: str) -> None:
    text = (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n"
        "Tomás,Quintero,,,Açaí Co,,03 Oct 2026\r\n"
    )
    [record] = list(linkedin.read(text.encode(encoding)))
    assert isinstance(record, linkedin.Record)
    assert (record.name, record.org) == ("Tomás Quintero", "Açaí Co")


def test_a_personal_store_moves_into_the_team_store(pln: Pln, tmp_path: Path) -> None:
    """SQLite → the store under test (PostgreSQL too, with PLN_TEST_PG): ids
    kept on a restore must not collide with what the team adds afterwards."""
    mine, theirs = str(tmp_path / "mine.db"), str(tmp_path / "theirs.db")
    pln("--db", mine, "add-contact", "Ana Lima", "-e", "ana@x.org", "--tag", "math")
    pln("--db", mine, "add-contact", "Ben Ode", "--offers", "coaching")
    pln("--db", mine, "follow-up", "ben", "send slides", "--every", "2 weeks")
    pln("--db", mine, "log", "ana", "ben", "-m", "coffee")
    pln("--db", mine, "export", "json", "-o", str(tmp_path / "mine.json"))
    pln("import", "json", str(tmp_path / "mine.json"))
    pln("add-contact", "Cy Park", "-e", "cy@x.org")
    pln("follow-up", "cy", "call")
    pln("log", "cy", "-m", "hello")
    pln("intro", "cy", "ben", "--why", "coaching")
    pln("--db", theirs, "add-contact", "Ana Lima", "-e", "ANA@x.org", "--org", "Lumen")
    pln("--db", theirs, "add-contact", "Di Mora", "--needs", "coaching")
    pln("--db", theirs, "export", "json", "-o", str(tmp_path / "theirs.json"))
    pln("import", "json", str(tmp_path / "theirs.json"))
    assert [c["name"] for c in pln.json("list")] == ["Ana Lima", "Ben Ode", "Cy Park", "Di Mora"]
    ana = pln.json("show", "ana")
    assert (ana["org"], ana["tags"]) == ("Lumen", ["math"])
    assert len(pln.json("follow-ups")) == 2


def test_a_hand_kept_spreadsheet_keeps_every_column(pln: Pln) -> None:
    """Where we met, the date and the interests land in their fields: the people
    met at an event in the last month are waiting for a follow-up, "#edchat" (a
    Twitter chat) is no event but a line of notes, and the ISTE contact met in
    June (history recorded late) gets no guard."""
    sheet = str(FIXTURES / "hand-kept.csv")
    said = pln("import", "csv", sheet, "--dry-run").stdout
    assert "Would have added 6" in said
    assert "Not imported" not in said
    report = pln.json("import", "csv", sheet)
    assert report["unused_columns"] == []
    assert report["follow_ups"] == 3
    assert sorted(report["met_at"]) == ["Fall CUE", "ISTE", "TCEA"]
    assert (report["undated_events"], report["not_events"]) == ([], ["#edchat"])
    maya = pln.json("show", "maya")
    assert (maya["org"], maya["met_at"], maya["met_on"]) == (
        "Riverside USD",
        "Fall CUE",
        "2026-11-20",
    )
    assert (maya["links"], maya["tags"]) == (["https://x.com/mayaokafor"], ["number talks"])
    assert maya["notes"] == "Wants the PD deck"
    assert pln.json("show", "conor")["tags"] == ["assessment", "retrieval practice"]
    assert pln.json("show", "dandre")["notes"].startswith("=call him back")
    souza = pln.json("show", "souza")
    assert (souza["met_at"], souza["met_on"], souza["notes"]) == (
        None,
        None,
        "Where we met: #edchat",
    )
    waiting = {i["contact"] for i in pln.json("due") if i["kind"] == "met-no-follow-up"}
    assert waiting == {"Maya Okafor", "Conor O'Brien", "Lucía Hernández"}


def test_columns_no_field_reads_are_named_and_can_be_kept(pln: Pln, tmp_path: Path) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Email,Shirt size,Lunch\nAna Lima,ana@x.org,M,veggie\n")
    said = pln("import", "csv", str(sheet), "--dry-run").stdout
    assert "Not imported, no field reads them: Shirt size, Lunch" in said
    assert pln.json("import", "csv", str(sheet), "--dry-run")["unused_columns"] == [
        "Shirt size",
        "Lunch",
    ]
    said = pln("import", "csv", str(sheet), "--keep-unmapped").stdout
    assert "Kept in notes (as 'Column: value'): Shirt size, Lunch" in said
    assert pln.json("show", "ana")["notes"] == "Shirt size: M\nLunch: veggie"


def test_every_field_can_be_mapped(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Ben Ode")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "Who,Conf,Day,Intro,Every,Groups we share,Born,Hashtags,Handle,Toot,Sky,LI,Wants,Gives,"
        "Last\n"
        "Ana Lima,NCTM,Nov 20,Ben Ode,2 months,edchat/mtbos,1980-04-12,math/coaching,@ana,"
        "@ana@mastodon.social,ana.bsky.social,ana-lima,a coach,grant writing,2026-11-01\n"
    )
    maps = [
        "name=Who",
        "met_at=Conf",
        "met-on=Day",
        "via=Intro",
        "cadence=Every",
        "communities=Groups we share",
        "birthday=Born",
        "tags=Hashtags",
        "twitter=Handle",
        "mastodon=Toot",
        "bluesky=Sky",
        "linkedin=LI",
        "needs=Wants",
        "offers=Gives",
        "last_contacted=Last",
    ]
    args = [a for m in maps for a in ("--map", m)]
    report = pln.json("import", "csv", str(sheet), *args, "--split", "/")
    assert report["unused_columns"] == []
    assert report["added"] == 1
    ana = pln.json("show", "ana")
    assert (ana["met_at"], ana["met_on"], ana["via"]["name"]) == ("NCTM", "2026-11-20", "Ben Ode")
    assert (ana["cadence"], ana["birthday"], ana["tags"]) == (
        "2 months",
        "1980-04-12",
        ["math", "coaching"],
    )
    assert sorted(ana["communities"]) == ["edchat", "mtbos"]
    assert ana["links"] == [
        "https://www.linkedin.com/in/ana-lima",
        "https://x.com/ana",
        "https://bsky.app/profile/ana.bsky.social",
        "https://mastodon.social/@ana",
    ]
    assert (ana["needs"], ana["offers"], ana["last_contacted"]) == (
        ["a coach"],
        ["grant writing"],
        "2026-11-01",
    )


def test_a_value_that_cannot_be_used_is_kept_in_notes_and_reported(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Name,Met on,Cadence,Via\nAna Lima,the day after,often,Nobody Known\n")
    said = pln("import", "csv", str(sheet)).stdout
    assert "Kept in notes" in said
    assert "'the day after' is not a date" in said
    assert "cadence 'often'" in said
    assert "via 'Nobody Known'" in said
    ana = pln.json("show", "ana")
    assert ana["notes"] == "Met on: the day after\nCadence: often\nVia: Nobody Known"
    assert (ana["cadence"], ana["via"], ana["met_on"]) == (None, None, None)


def test_our_own_csv_is_an_exact_round_trip(pln: Pln, tmp_path: Path) -> None:
    pln("import", "csv", str(FIXTURES / "hand-kept.csv"))
    pln(
        "edit",
        "maya",
        "--cadence",
        "3 months",
        "--via",
        "conor",
        "--tag",
        "coaching",
        "--phone",
        "+1 206 555 0110",
        "--note",
        'Wants the PD deck, and "the" slides\nline two',
    )
    pln("community", "add", "edchat")
    pln("community", "join", "edchat", "maya", "ana lima")
    pln("log", "lucia", "-m", "coffee", "--on", "2026-11-25")
    first = pln("export", "csv").stdout
    other = str(tmp_path / "other.db")
    pln("--db", other, "import", "csv", "-", input=first)
    assert pln("--db", other, "export", "csv").stdout == first
    # ...and read back into the store it came from, it adds and changes nothing.
    assert pln.json("import", "csv", "-", input=first)["added"] == 0
    assert pln("export", "csv").stdout == first


def test_our_own_csv_comes_back_without_its_formula_guards(pln: Pln, tmp_path: Path) -> None:
    pln(
        "add-contact",
        "Lena Vogel",
        "--phone",
        "+49 151 2345678",
        "--note",
        "=SUM(A1) is not a formula",
    )
    exported = pln("export", "csv").stdout
    assert "'+49 151 2345678" in exported
    other = str(tmp_path / "other.db")
    pln("--db", other, "import", "csv", "-", input=exported)
    lena = pln.json("--db", other, "show", "lena")
    assert lena["phones"] == ["+49 151 2345678"]
    assert lena["notes"] == "=SUM(A1) is not a formula"


def test_merging_someone_by_another_name_keeps_the_kept_name_parts(pln: Pln) -> None:
    """Found replaying a month: merging "Lena Vogel" into "Ana Lima" (one person
    under two names) gave Ana's card N:Vogel;Lena."""
    pln("import", "csv", "-", input="Name\nAna Lima\n")
    pln("add-contact", "Lena Vogel", "--given", "Lena", "--family", "Vogel")
    pln("merge", "ana", "lena", "--yes")
    ana = pln.json("show", "ana")
    assert (ana["name"], ana["given"], ana["family"]) == ("Ana Lima", "Ana", "Lima")
    assert ana["akas"] == ["Lena Vogel"]
    card = pln("export", "vcard").stdout
    assert "N:Lima;Ana;;;" in card
