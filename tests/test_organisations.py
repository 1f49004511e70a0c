"""Organisations as records (issue 31): made by add-contact, edit and imports
(spellings an import takes for one share a record), `pln orgs`, `pln org
show` of a district with its current and former people, `pln org rename`
and `pln org merge` keeping every contact's history, and `pln undo` of each."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers import TODAY, Pln

FIRST = """Name,Email,Organization,Title
Derek Washington,derek@oswego.example,Oswego CUSD 308,Curriculum Director
Ana Ruiz,ana@oswego.example,Oswego Community Unit School District 308,Teacher
Li Wu,li@naperville.example,Naperville 203,Principal
Tom Ode,tom@district86.example,District 86,Teacher
Kay Moe,kay@district181.example,District 181,Teacher
"""
# Derek, known by his email, has moved to Naperville.
SECOND = """Name,Email,Organization,Title
Derek Washington,derek@oswego.example,Naperville 203,Assistant Superintendent
"""


def _orgs(pln: Pln) -> dict[str, int]:
    return {o["name"]: o["people"] for o in pln.json("orgs")}


def _import(pln: Pln, tmp_path: Path, name: str, text: str) -> None:
    sheet = tmp_path / name
    sheet.write_text(text, encoding="utf-8")
    pln("import", "csv", str(sheet))


def test_add_contact_and_edit_find_or_make_the_record(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Riverside USD")
    pln("add-contact", "Sean Li", "--org", "Riverside Unified School District")
    pln("add-contact", "Rosa Diaz", "--org", "Westview High")
    pln("add-contact", "Ben Ode", "--org", "Eastview High")
    # One district written two ways; Westview and Eastview are two schools.
    assert _orgs(pln) == {"Riverside USD": 2, "Westview High": 1, "Eastview High": 1}
    pln("edit", "Ben Ode", "--org", "westview high school")
    assert _orgs(pln) == {"Riverside USD": 2, "Westview High": 2}  # nobody is or was at Eastview
    assert {o["name"]: o["people"] for o in pln.json("orgs", "--all")}["Eastview High"] == 0
    pln("undo", "--yes")
    assert _orgs(pln)["Eastview High"] == 1
    listed = pln.json("orgs", "--sort", "people")
    assert listed[0]["name"] == "Riverside USD"
    assert listed[0]["kind"] == "district"
    assert set(listed[0]) == {"id", "name", "kind", "people", "last_touch", "open_follow_ups"}
    assert pln("orgs", "--sort", "nonsense", ok=False).exit_code != 0
    assert [o["name"] for o in pln.json("orgs", "-n", "1")] == ["Eastview High"]
    assert "2 more: -n 0 lists them all." in pln("orgs", "--limit", "1").stdout


def test_an_import_makes_records_and_org_show_lists_current_and_former_people(
    pln: Pln, tmp_path: Path
) -> None:
    _import(pln, tmp_path, "first.csv", FIRST)
    # The CUSD's two spellings are one record; districts of other numbers are not.
    assert _orgs(pln) == {
        "Oswego CUSD 308": 2,
        "Naperville 203": 1,
        "District 86": 1,
        "District 181": 1,
    }
    pln("log", "Ana Ruiz", "--kind", "meeting", "-m", "Phonics webinar debrief")
    _import(pln, tmp_path, "second.csv", SECOND)
    assert _orgs(pln)["Oswego CUSD 308"] == 1
    assert _orgs(pln)["Naperville 203"] == 2
    shown = pln.json("org", "show", "Oswego Community Unit School District 308")
    assert [p["name"] for p in shown["people"]] == ["Ana Ruiz"]
    assert [p["name"] for p in shown["former"]] == ["Derek Washington"]
    assert shown["former"][0]["was"].startswith("Curriculum Director at Oswego CUSD 308")
    assert [(i["with"], i["note"]) for i in shown["timeline"]] == [
        ("Ana Ruiz", "Phonics webinar debrief")
    ]
    screen = pln("org", "show", "oswego cusd 308").stdout
    assert "Ana Ruiz — Teacher" in screen
    assert "Derek Washington — was Curriculum Director at Oswego CUSD 308" in screen
    naperville = pln.json("org", "show", "Naperville 203")
    assert [p["name"] for p in naperville["people"]] == ["Derek Washington", "Li Wu"]
    assert pln("org", "show", "Nowhere Academy", ok=False).exit_code == 3


def test_a_move_between_organisations_is_one_line_dismissed_or_undone(
    pln: Pln, tmp_path: Path
) -> None:
    """The re-import that moves Derek from Oswego to Naperville puts one line
    on the agenda; dismiss takes it off; undo takes the move back."""
    _import(pln, tmp_path, "first.csv", FIRST)

    def moves() -> list[dict[str, Any]]:
        return [i for i in pln.json("due") if "Derek Washington" in (i.get("title") or "")]

    assert moves() == []
    _import(pln, tmp_path, "second.csv", SECOND)
    [line] = moves()
    assert line["title"] == "Congratulate Derek Washington on the new role"
    assert line["reason"].startswith("moved from Oswego CUSD 308 to Naperville")
    assert line["reason"].endswith("who replaces them there?")
    _import(pln, tmp_path, "second.csv", SECOND)  # the same file again: still one
    assert len(moves()) == 1
    pln("dismiss", str(line["handle"]))
    assert moves() == []
    pln("undo", "--yes")  # the dismissal
    assert len(moves()) == 1
    pln("undo", "--yes")  # the move (the same file again changed nothing: no step)
    assert moves() == []
    assert pln.json("show", "Derek Washington")["org"] == "Oswego CUSD 308"


def test_rename_keeps_history_and_undo_takes_it_back(pln: Pln, tmp_path: Path) -> None:
    _import(pln, tmp_path, "first.csv", FIRST)
    pln("log", "Derek Washington", "--kind", "call", "-m", "Pilot scope")
    said = pln("org", "rename", "Oswego CUSD 308", "Oswego School District 308").stdout
    assert "Renamed Oswego CUSD 308 to Oswego School District 308: 2 contact(s) changed" in said
    for name in ("Derek Washington", "Ana Ruiz"):
        assert pln.json("show", name)["org"] == "Oswego School District 308"
    shown = pln.json("org", "show", "Oswego School District 308")
    assert [i["note"] for i in shown["timeline"]] == ["Pilot scope"]
    taken = pln("org", "rename", "Oswego School District 308", "District 86", ok=False)
    assert taken.exit_code == 6
    assert "pln org merge joins the two" in taken.stderr
    pln("undo", "--yes")
    assert pln.json("show", "Derek Washington")["org"] == "Oswego CUSD 308"
    assert pln.json("show", "Ana Ruiz")["org"] == "Oswego Community Unit School District 308"
    assert "Oswego CUSD 308" in _orgs(pln)


def test_merge_moves_contacts_and_past_roles_and_undo_takes_it_back(
    pln: Pln, tmp_path: Path
) -> None:
    _import(pln, tmp_path, "first.csv", FIRST)
    _import(pln, tmp_path, "second.csv", SECOND)  # Derek's past role names Oswego
    pln("log", "Li Wu", "--kind", "meeting", "-m", "Walkthrough")
    said = pln("org", "merge", "Naperville 203", "Oswego CUSD 308").stdout
    assert "Merged Oswego CUSD 308 into Naperville 203: 2 contact(s) changed" in said
    assert "Oswego CUSD 308" not in _orgs(pln)
    shown = pln.json("org", "show", "Naperville 203")
    assert [p["name"] for p in shown["people"]] == ["Ana Ruiz", "Derek Washington", "Li Wu"]
    assert [i["note"] for i in shown["timeline"]] == ["Walkthrough"]
    derek = pln.json("show", "Derek Washington")
    assert derek["past_roles"][0].startswith("Curriculum Director at Naperville 203 (until")
    assert pln.json("show", "Ana Ruiz")["org"] == "Naperville 203"
    pln("undo", "--yes")
    assert _orgs(pln)["Oswego CUSD 308"] == 1
    assert pln.json("show", "Ana Ruiz")["org"] == "Oswego Community Unit School District 308"
    assert pln.json("show", "Derek Washington")["past_roles"][0].startswith(
        "Curriculum Director at Oswego CUSD 308"
    )
    assert pln("org", "merge", "Naperville 203", "naperville 203", ok=False).exit_code != 0


def test_merging_and_deleting_contacts_keep_records_in_step(pln: Pln) -> None:
    pln("add-contact", "Maya Okafor", "-e", "maya@r.example", "--org", "Riverside USD")
    pln("add-contact", "Maya O.", "-e", "maya2@r.example", "--org", "Lakeside ISD")
    pln("merge", "1", "2", "--yes")
    assert _orgs(pln) == {"Riverside USD": 1}  # nobody is or was at Lakeside: --all shows it
    pln("rm", "Maya Okafor", "--yes")
    assert _orgs(pln) == {}
    every = {o["name"]: o["people"] for o in pln.json("orgs", "--all")}
    assert every == {"Riverside USD": 0, "Lakeside ISD": 0}


def test_json_export_and_restore_keep_the_records(pln: Pln, tmp_path: Path) -> None:
    pln("add-contact", "Maya Okafor", "--org", "Riverside USD")
    pln("add-contact", "Sean Li", "--org", "Riverside Unified School District")
    pln("add-contact", "Rosa Diaz", "--org", "Lumen EdTech")
    document = tmp_path / "pln.json"
    document.write_text(pln("export", "json").stdout, encoding="utf-8")
    exported = pln.json("orgs")
    assert [o["name"] for o in exported] == ["Lumen EdTech", "Riverside USD"]
    copy = str(tmp_path / "copy.db")
    pln("--db", copy, "import", "json", str(document))
    assert pln.json("--db", copy, "orgs") == exported
    people = pln.json("--db", copy, "org", "show", "riverside usd")["people"]
    assert [p["name"] for p in people] == ["Maya Okafor", "Sean Li"]
    # Into a store that has data: the document's organisations are found, not doubled.
    pln("--db", copy, "add-contact", "Ben Ode", "--org", "Lumen Edtech Inc.")
    other = tmp_path / "other.json"
    other.write_text(pln("--db", copy, "export", "json").stdout, encoding="utf-8")
    pln("import", "json", str(other))
    assert {o["name"]: o["people"] for o in pln.json("orgs")} == {
        "Lumen EdTech": 2,
        "Riverside USD": 2,
    }


def _migrate(store_url: str, target: str, down: bool = False) -> None:
    from alembic import command
    from alembic.config import Config

    from plncrm.store.engine import dispose_all, get_engine
    from plncrm.store.migrate import MIGRATIONS_DIR

    engine = get_engine(store_url)
    with engine.connect() as conn:
        if engine.dialect.name == "sqlite":  # as store.migrate: rebuilds fire no ON DELETE
            conn.connection.dbapi_connection.execute("PRAGMA foreign_keys = OFF")  # type: ignore[union-attr]
        with conn.begin():
            config = Config()
            config.set_main_option("script_location", str(MIGRATIONS_DIR))
            config.attributes["connection"] = conn
            (command.downgrade if down else command.upgrade)(config, target)
    dispose_all()


def test_migration_0019_makes_records_from_the_stored_text(pln: Pln, store_url: str) -> None:
    """Back to 0018, contacts named with three spellings of two districts and
    a company; upgrading gives three records, the spellings of one sharing it."""
    from sqlalchemy import create_engine, text

    from plncrm.store.engine import dispose_all

    pln("add-contact", "Ana Ruiz", "--org", "Riverside USD")
    dispose_all()
    _migrate(store_url, "0018", down=True)
    old = create_engine(store_url)
    with old.begin() as conn:
        for name, org in (
            ("Ben Ode", "Riverside Unified School District"),
            ("Cy Day", "riverside usd"),
            ("Dee Lo", "District 86"),
            ("Eve Ma", "District 181"),
            ("Fay Ng", None),
        ):
            conn.execute(
                text(
                    "INSERT INTO contact (name, name_key, org, archived, created_at) "
                    "VALUES (:n, :k, :o, false, '2026-01-01 00:00:00')"
                ),
                {"n": name, "k": name.lower(), "o": org},
            )
    old.dispose()
    _migrate(store_url, "head")
    assert _orgs(pln) == {"Riverside USD": 3, "District 86": 1, "District 181": 1}
    shown = pln.json("org", "show", "riverside unified school district")
    assert [p["name"] for p in shown["people"]] == ["Ana Ruiz", "Ben Ode", "Cy Day"]
    assert pln.json("show", "Ben Ode")["org"] == "Riverside Unified School District"


def test_a_kiosk_visit_joins_the_school_already_known(pln: Pln, store_url: str) -> None:
    """The kiosk writes through an import: the visitor's "Oak Elementary
    School" is the Oak Elementary a contact already works at."""
    from plncrm.cli.environment import Environment
    from plncrm.importers import visitors

    pln("event", "add", "Fall CUE", "--on", TODAY.isoformat(), "--kind", "conference")
    pln("add-contact", "Rosa Diaz", "--org", "Oak Elementary")
    env = Environment(db=store_url)
    with env.reading() as reader:
        booth = visitors.booth(reader, "fall cue", [], None, [])
    given = {"name": ["Maya Lin"], "email": ["maya@oak.edu"], "org": ["Oak Elementary School"]}
    given["consent"] = ["yes"]
    with env.writing() as db:
        visitors.record(db, booth, visitors.read_visit(given, booth), TODAY)
    assert _orgs(pln) == {"Oak Elementary": 2}
    assert pln.json("show", "maya")["org"] == "Oak Elementary School"
    pln("undo", "--yes")
    assert _orgs(pln) == {"Oak Elementary": 1}


def test_undoing_an_import_takes_its_organisations_back(pln: Pln, tmp_path: Path) -> None:
    _import(pln, tmp_path, "first.csv", FIRST)
    assert len(pln.json("orgs")) == 4
    said = pln("undo", "--yes").stdout
    assert "4 organisations" in said
    assert pln.json("orgs") == []


def test_what_a_typed_organisation_means(pln: Pln, store_url: str) -> None:
    """For `--org` filters: the records a name means, spellings included."""
    from plncrm.cli.environment import Environment
    from plncrm.core.organisations import meant_by

    pln("add-contact", "Maya Okafor", "--org", "Riverside Unified School District")
    pln("add-contact", "Tom Ode", "--org", "District 86")
    pln("add-contact", "Kay Moe", "--org", "District 181")
    with Environment(db=store_url).reading() as reader:
        assert meant_by(reader, "riverside usd") == [1]
        assert meant_by(reader, "District 86") == [2]
        assert meant_by(reader, "Lakeside") == []


def test_org_filters_mean_the_organisation_any_spelling_else_words(pln: Pln) -> None:
    """`--org` on pln list and pln interactions names the record: another
    spelling of it finds everyone there; words that name no record still find
    organisations that contain them."""
    pln("add-contact", "Derek Washington", "--org", "Oswego Community Unit School District 308")
    pln("add-contact", "Ana Lima", "--org", "Oswego CUSD 308")
    pln("add-contact", "Ben Ode", "--org", "Oswego East High School")
    pln("log", "ana", "-m", "district call")
    pln("log", "ben", "-m", "school call")
    at = {p["name"] for p in pln.json("list", "--org", "oswego cusd 308")}
    assert at == {"Derek Washington", "Ana Lima"}
    words = {p["name"] for p in pln.json("list", "--org", "oswego")}
    assert words == {"Derek Washington", "Ana Lima", "Ben Ode"}
    long_name = "Oswego Community Unit School District 308"
    assert [i["note"] for i in pln.json("interactions", "--org", long_name)] == ["district call"]


def test_a_rename_is_one_line_and_never_another_records_spelling(pln: Pln) -> None:
    """Renamed to another spelling of another record, the two would be one
    organisation in two records; control characters go as everywhere else."""
    pln("add-contact", "Bo One", "--org", "Riverside Unified School District")
    pln("add-contact", "Di Three", "--org", "Westview Academy")
    refused = pln("org", "rename", "Westview Academy", "Riverside Unified", ok=False)
    assert refused.exit_code == 6
    assert "pln org merge" in refused.stderr
    said = pln("org", "rename", "Westview Academy", "West\x1b[31mview\u202e\nPrep").stdout
    assert said == "Renamed Westview Academy to Westview Prep: 1 contact(s) changed.\n"
    assert pln.json("show", "Di Three")["org"] == "Westview Prep"
