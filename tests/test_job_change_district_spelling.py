"""A re-import spelling a district another way ("Evanston-Skokie D65" for
"Evanston-Skokie District 65") is the same job, not a move (issue 31): the
agenda reads organisations by `core.org_names`, the one rule."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from helpers import TODAY, Pln

HEAD = "First Name,Last Name,Email,Organization,Title\n"
ROW = "Maya,Ortiz,maya@d65.example,{org},Principal\n"


def _sheet(tmp_path: Path, name: str, org: str) -> str:
    path = tmp_path / name
    path.write_text(HEAD + ROW.format(org=org), encoding="utf-8")
    return str(path)


def test_another_spelling_of_the_district_is_no_job_change(store_url: str, tmp_path: Path) -> None:
    first = _sheet(tmp_path, "a.csv", "Evanston-Skokie District 65")
    Pln(day=TODAY - timedelta(days=30))("import", "csv", first)
    Pln()("import", "csv", _sheet(tmp_path, "b.csv", "Evanston-Skokie D65"))
    titles = [i.get("title", "") for i in Pln().json("due")]
    assert not [t for t in titles if t.startswith("Congratulate Maya Ortiz")], titles
    # A real move still is one, and its line names where she was.
    Pln()("import", "csv", _sheet(tmp_path, "c.csv", "Oak Park D97"))
    lines = {i["title"]: i for i in Pln().json("due") if i.get("title")}
    moved = lines["Congratulate Maya Ortiz on the new role"]["reason"]
    assert moved.startswith("moved from Evanston-Skokie "), moved
    assert moved.endswith(" to Oak Park D97: who replaces them there?"), moved


def test_the_line_names_the_record_as_called_now_though_its_key_is_older(
    store_url: str, tmp_path: Path
) -> None:
    """A store written before "D65" read as "District 65": a renamed record's
    other name keeps the key the rule gave it then, and a past role spelt the
    other way still finds the record by its name as called now."""
    from sqlalchemy import create_engine, text

    Pln(day=TODAY - timedelta(days=30))(
        "import", "csv", _sheet(tmp_path, "a.csv", "Evanston-Skokie D65")
    )
    Pln(day=TODAY - timedelta(days=20))("org", "rename", "Evanston-Skokie D65", "ESD65 Office")
    Pln()("import", "csv", _sheet(tmp_path, "c.csv", "Oak Park D97"))
    engine = create_engine(store_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE organisation_alias SET name_key = 'evanston skokie d65'"))
        conn.execute(
            text(
                "UPDATE contact_detail SET value = 'Principal at Evanston-Skokie District 65' "
                "WHERE kind = 'past_role'"
            )
        )
    engine.dispose()
    lines = {i["title"]: i for i in Pln().json("due") if i.get("title")}
    assert lines["Congratulate Maya Ortiz on the new role"]["reason"] == (
        "moved from ESD65 Office to Oak Park D97: who replaces them there?"
    )
