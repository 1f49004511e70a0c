"""Imports store only what is real and every export comes back: a birthday that
is no date is kept in notes and reported (never stored), a cadence imported
from a spreadsheet reaches the agenda, a store holding only settings takes a
whole store, a row's event is matched by its exact name, and whatever hostile
fields an import took, `export json | import json` into an empty store keeps
every contact."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from helpers import Pln
from plncrm.util.dates import parse_birthday
from plncrm.util.errors import Invalid


def other_store(tmp_path: Path, name: str = "other.db") -> tuple[Pln, str]:
    """A second, empty store beside the test's own."""
    return Pln(), str(tmp_path / name)


def show(pln: Pln, ref: str, *db: str) -> dict[str, Any]:
    return json.loads(pln(*db, "show", ref, "--json").stdout)  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        ("1980-04-12", "1980-04-12"),
        ("19800412", "1980-04-12"),
        ("--04-12", "--04-12"),
        ("--0412", "--04-12"),
        ("--02-29", "--02-29"),
        (" 1980-04-12 ", "1980-04-12"),
        ("1980-04-12T00:00:00Z", "1980-04-12"),
    ],
)
def test_a_birthday_is_a_real_day_with_or_without_a_year(text: str, stored: str) -> None:
    assert parse_birthday(text) == stored


@pytest.mark.parametrize(
    "text",
    [
        "banana",
        "1980-02-30",
        "--13-45",
        "--02-30",
        "circa 1800",
        "1800-01-01",
        "2400-01-01",
        "",
        "1980-04",
        "--04-12x",
        "1980-04-12 and more",
        "１９８０-04-12",
    ],
)
def test_anything_else_is_not_a_birthday(text: str) -> None:
    with pytest.raises(Invalid):
        parse_birthday(text)


def test_a_spreadsheets_birthdays_that_are_no_dates_go_to_notes_and_the_summary(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Birthday,Notes\nAnn,banana,\nBen,1980-02-30,likes tea\nCat,--13-45,\n"
        "Dee,--02-29,\nEve,1980-04-12,\n"
    )
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 5
    assert report["kept_in_notes"] == [
        {"line": 2, "reason": "birthday 'banana' is not a date, kept in notes"},
        {"line": 3, "reason": "birthday '1980-02-30' is not a date, kept in notes"},
        {"line": 4, "reason": "birthday '--13-45' is not a date, kept in notes"},
    ]
    people = {c["name"]: c for c in pln.json("list")}
    assert {n: c["birthday"] for n, c in people.items()} == {
        "Ann": None,
        "Ben": None,
        "Cat": None,
        "Dee": "--02-29",
        "Eve": "1980-04-12",
    }
    assert people["Ann"]["notes"] == "Birthday: banana"
    assert people["Ben"]["notes"] == "likes tea\nBirthday: 1980-02-30"
    text = pln("import", "csv", str(sheet), "--dry-run").stdout
    assert "birthday 'banana' is not a date" in text


def test_a_cards_text_birthday_goes_to_notes_and_a_birthday_without_a_year_stays(
    pln: Pln, tmp_path: Path
) -> None:
    cards = tmp_path / "cards.vcf"
    cards.write_text(
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Old Timer\r\nBDAY;VALUE=text:circa 1800\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Leap Day\r\nBDAY:--0229\r\nEND:VCARD\r\n"
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:No Such Day\r\nBDAY:19800230\r\nNOTE:hi\r\nEND:VCARD\r\n"
    )
    report = pln.json("import", "vcard", str(cards))
    assert report["kept_in_notes"] == [
        {"line": 1, "reason": "birthday 'circa 1800' is not a date, kept in notes"},
        {"line": 11, "reason": "birthday '19800230' is not a date, kept in notes"},
    ]
    assert (show(pln, "old")["birthday"], show(pln, "old")["notes"]) == (
        None,
        "Birthday: circa 1800",
    )
    assert show(pln, "leap")["birthday"] == "--02-29"
    assert show(pln, "no such")["notes"] == "hi\nBirthday: 19800230"


def test_a_birthday_that_is_no_date_reaches_a_known_contacts_notes(
    pln: Pln, tmp_path: Path
) -> None:
    pln("add-contact", "Ann Lee", "--email", "ann@x.org", "--note", "met at the fair")
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Email,Birthday\nAnn Lee,ann@x.org,banana\n")
    report = pln.json("import", "csv", str(sheet))
    assert (report["merged"], len(report["kept_in_notes"])) == (1, 1)
    ann = show(pln, "ann")
    assert (ann["birthday"], ann["notes"]) == (None, "met at the fair\nBirthday: banana")
    again = pln.json("import", "csv", str(sheet))  # said once, not once per import
    assert (again["merged"], again["skipped"]) == (0, 1)
    assert show(pln, "ann")["notes"] == "met at the fair\nBirthday: banana"


def test_a_json_documents_birthday_that_is_no_date_is_kept_in_notes(
    pln: Pln, tmp_path: Path
) -> None:
    """A store written before birthdays were checked still restores."""
    pln("add-contact", "Ann Lee", "--note", "hello")
    document = json.loads(pln("export", "json").stdout)
    document["contacts"][0]["birthday"] = "banana"
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document))
    for db in (str(tmp_path / "empty.db"), str(tmp_path / "busy.db")):
        other = Pln()
        if db.endswith("busy.db"):
            other("--db", db, "add-contact", "Cy")
        report = json.loads(other("--db", db, "import", "json", str(path), "--json").stdout)
        assert report["kept_in_notes"] == [
            {
                "line": 0,
                "reason": "contacts[0] (Ann Lee): birthday 'banana' is not a date, kept in notes",
            }
        ]
        ann = show(other, "ann", "--db", db)
        assert (ann["birthday"], ann["notes"]) == (None, "hello\nBirthday: banana")
        assert other("--db", db, "export", "json").exit_code == 0


def test_an_imported_cadence_reaches_the_agenda_and_survives_a_csv_round_trip(
    pln: Pln, tmp_path: Path
) -> None:
    sheet = tmp_path / "people.csv"
    sheet.write_text(
        "Name,Cadence,Last contacted,Met on\nAnn,1 month,2026-09-01,\nBen,2 weeks,,2026-10-01\n"
        "Cy,3 months,2026-11-20,\n"
    )
    pln("import", "csv", str(sheet))
    due = [i for i in pln.json("due") if i["kind"] == "keep-in-touch"]
    assert sorted(i["contact"] for i in due) == ["Ann", "Ben"]
    # Known contacts take a cadence they lacked, and fall due from it too.
    pln("add-contact", "Dee", "--email", "dee@x.org")
    pln("log", "dee", "-m", "coffee", "--on", "2026-08-01")
    more = tmp_path / "more.csv"
    more.write_text("Name,Email,Cadence\nDee,dee@x.org,1 month\n")
    pln("import", "csv", str(more))
    lines = sorted(i["contact"] for i in pln.json("due") if i["kind"] == "keep-in-touch")
    assert lines == ["Ann", "Ben", "Dee"]
    # Our own CSV, into an empty store: every keep-in-touch line comes back.
    exported = pln("export", "csv").stdout
    other, db = other_store(tmp_path)
    other("--db", db, "import", "csv", "-", input=exported)
    again = json.loads(other("--db", db, "due", "--json").stdout)
    assert sorted(i["contact"] for i in again if i["kind"] == "keep-in-touch") == lines


def test_a_whole_store_goes_into_a_store_that_holds_only_settings(pln: Pln, tmp_path: Path) -> None:
    """The README's move from a personal store to a team's: its settings were set first."""
    pln("add-contact", "Ann Lee", "--email", "ann@x.org", "--cadence", "1 month")
    pln("config", "guard-days", "3")
    pln("config", "phone-region", "GB")
    mine = tmp_path / "mine.json"
    pln("export", "json", "-o", str(mine))
    team, db = other_store(tmp_path, "team.db")
    team("--db", db, "config", "guard-days", "5")  # the team's own choice
    report = json.loads(team("--db", db, "import", "json", str(mine), "--json").stdout)
    assert report["added"] == 1
    assert report["settings_kept"] == ["guard-days"]
    assert [c["name"] for c in json.loads(team("--db", db, "list", "--json").stdout)] == ["Ann Lee"]
    config = json.loads(team("--db", db, "config", "--json").stdout)
    assert (config["guard-days"], config["phone-region"]) == ("5", "GB")
    said = team("--db", str(tmp_path / "team2.db"), "config", "guard-days", "5")
    assert said.exit_code == 0
    text = team("--db", str(tmp_path / "team2.db"), "import", "json", str(mine)).stdout
    assert "Settings kept as they were here (the file differs): guard-days" in text


@pytest.mark.parametrize("known", [["Conf 21"], ["Conf 21", "Conf 22"]])
def test_a_rows_event_is_its_exact_name_never_a_longer_one(
    pln: Pln, tmp_path: Path, known: list[str]
) -> None:
    """One known "Conf 21" took the row met at "Conf 2"; two refused the whole import."""
    for name in known:
        pln("event", "add", name, "--on", "2021-05-01")
    sheet = tmp_path / "people.csv"
    sheet.write_text("Name,Met at\nAnn,Conf 2\nBen,conf  21\nCy,Conf\n")
    report = pln.json("import", "csv", str(sheet))
    assert report["added"] == 3
    assert [show(pln, name)["met_at"] for name in ("ann", "ben", "cy")] == [
        "Conf 2",
        "Conf 21",
        "Conf",
    ]
    assert sorted(e["name"] for e in pln.json("events")) == sorted([*known, "Conf 2", "Conf"])


def test_a_note_with_a_line_separator_comes_back_from_a_vcard_export(
    pln: Pln, tmp_path: Path
) -> None:
    """U+2028 is no line end in a vCard: the card was cut there and rejected."""
    pln("add-contact", "Ann Lee", "--note", "one\u2028two")
    other, db = other_store(tmp_path)
    report = json.loads(
        other(
            "--db", db, "import", "vcard", "-", "--json", input=pln("export", "vcard").stdout
        ).stdout
    )
    assert (report["added"], report["rejected"]) == (1, [])
    assert show(other, "ann", "--db", db)["notes"] == "one\u2028two"


def test_our_csv_with_a_quote_on_a_notes_second_line_reads_back(pln: Pln, tmp_path: Path) -> None:
    """The sniffer took such a cell for a sign that quotes are not doubled."""
    pln("add-contact", "Ann Lee", "--email", "ann@x.org", "--note", 'one\ntwo "2"')
    pln("add-contact", "Ben Ode", "--org", "Lumen")
    other, db = other_store(tmp_path)
    exported = pln("export", "csv").stdout
    report = json.loads(other("--db", db, "import", "csv", "-", "--json", input=exported).stdout)
    assert (report["added"], report["rejected"]) == (2, [])
    assert show(other, "ann", "--db", db)["notes"] == 'one\ntwo "2"'


# Fields an adversary (or a careless spreadsheet) puts in a file.
HOSTILE = st.one_of(
    st.sampled_from(
        [
            "banana",
            "1980-02-30",
            "--13-45",
            "circa 1800",
            "--02-29",
            "1980-04-12",
            "[bold]x[/bold]",
            "<b>x</b>",
            "a\x00b\x1b[31m",
            '"quoted", comma',
            "line\nbreak",
            "=1+1",
            "@SUM(A1)",
            "a\u2028b\x85c\x1dd",
            "田中 浩",
            "Зоя",
            "مريم",
            "x" * 3000,
            " ",
            "",
            "2 weeks",
            "never",
            "0",
            "Conf 2",
            ";",
            "\\,",
        ]
    ),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=30),
)


def _csv_file(rows: list[dict[str, str]]) -> str:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "Name",
            "Email",
            "Birthday",
            "Cadence",
            "Met at",
            "Met on",
            "Notes",
            "Tags",
            "Organization",
            "Last contacted",
        ]
    )
    for i, row in enumerate(rows):
        writer.writerow(
            [
                f"{row['name']} {i}",
                f"p{i}@example.org",
                row["birthday"],
                row["cadence"],
                row["met_at"],
                row["met_on"],
                row["notes"],
                row["tags"],
                row["org"],
                row["last"],
            ]
        )
    return out.getvalue()


def _vcf_file(rows: list[dict[str, str]]) -> str:
    def escape(text: str) -> str:
        return (
            text.replace("\\", "\\\\")
            .replace("\n", "\\n")
            .replace("\r", "")
            .replace(",", "\\,")
            .replace(";", "\\;")
        )

    cards = []
    for i, row in enumerate(rows):
        cards.append(
            f"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{escape(row['name'])} v{i}\r\n"
            f"EMAIL:v{i}@example.org\r\nBDAY:{escape(row['birthday'])}\r\n"
            f"NOTE:{escape(row['notes'])}\r\nORG:{escape(row['org'])}\r\n"
            f"CATEGORIES:{escape(row['tags'])}\r\nEND:VCARD\r\n"
        )
    return "".join(cards)


ROW = st.fixed_dictionaries(
    dict.fromkeys(
        ("name", "birthday", "cadence", "met_at", "met_on", "notes", "tags", "org", "last"), HOSTILE
    )
)


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)  # no shrinking: seconds, not minutes
@given(rows=st.lists(ROW, min_size=1, max_size=4))
@pytest.mark.slow
def test_whatever_an_import_took_its_store_exports_and_restores_into_an_empty_store(
    tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path, rows: list[dict[str, str]]
) -> None:
    import shutil

    from plncrm.store.engine import dispose_all

    where = tmp_path_factory.mktemp("round")
    for name in ("first.db", "second.db", "csv.db", "vcard.db"):  # empty stores, not migrated
        shutil.copyfile(sqlite_template, where / name)
    pln, db = Pln(), ["--db", str(where / "first.db")]
    (where / "people.csv").write_text(_csv_file(rows))
    (where / "people.vcf").write_text(_vcf_file(rows))
    added = 0
    for kind, name in (("csv", "people.csv"), ("vcard", "people.vcf")):
        report = json.loads(pln(*db, "import", kind, str(where / name), "--json").stdout)
        assert (report["rejected"], report["merged"], report["skipped"]) == ([], 0, 0), report
        added += report["added"]
    document = pln(*db, "export", "json").stdout
    before = json.loads(document)
    for person in before["contacts"]:
        if person["birthday"] is not None:  # only real days were stored
            assert parse_birthday(person["birthday"]) == person["birthday"]
    empty = ["--db", str(where / "second.db")]
    pln(*empty, "import", "json", "-", input=document)
    after = json.loads(pln(*empty, "export", "json").stdout)
    assert after == before
    assert len(after["contacts"]) == added == 2 * len(rows)
    for kind in ("csv", "vcard"):  # the other exports, each into an empty store
        exported = pln(*db, "export", kind).stdout
        into = ["--db", str(where / f"{kind}.db")]
        report = json.loads(pln(*into, "import", kind, "-", "--json", input=exported).stdout)
        assert (report["added"], report["rejected"]) == (added, []), report
    dispose_all()
