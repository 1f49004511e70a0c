"""Ids are never reused: a number, once merged away or deleted, never names
someone else (in notes that cite it, `pln history`, an undo)."""

from __future__ import annotations

from pathlib import Path

from helpers import Pln


def test_a_deleted_or_merged_number_is_never_given_again(pln: Pln) -> None:
    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("rm", "2", "--yes")
    assert "Added Cy Park (#3)" in pln("add-contact", "Cy Park").stdout
    pln("add-contact", "Maya O.", "--new")
    pln("merge", "1", "4", "--yes")
    assert "Added Dee Roy (#5)" in pln("add-contact", "Dee Roy").stdout
    pln("follow-up", "--no-contact", "book the room")
    pln("follow-up", "--no-contact", "order banners")
    pln("undo", "--yes")  # takes the newest follow-up back: its number stays spent
    assert pln.json("follow-up", "--no-contact", "call back")["id"] == 3


def test_a_store_from_before_keeps_everything_and_counts_on(pln: Pln, pln_db: Path) -> None:
    """Migration 0015 rebuilds the tables of a store written before it: rows,
    indexes, search and the journal's triggers all stay; and the counter starts
    above every id the journal remembers, even one deleted before the upgrade."""
    import sqlite3

    from alembic import command
    from alembic.config import Config
    from sqlalchemy import create_engine

    from plncrm.store.engine import dispose_all
    from plncrm.store.location import resolve_url
    from plncrm.store.migrate import MIGRATIONS_DIR

    pln("add-contact", "Ana Lima", "--org", "Riverside USD", "-e", "ana@riverside.org")
    pln("add-contact", "Ben Ode")
    pln("add-contact", "Cy Park")
    pln("rm", "3", "--yes")
    dispose_all()
    old = create_engine(resolve_url(str(pln_db)))
    with old.begin() as conn:
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS_DIR))
        config.attributes["connection"] = conn
        command.downgrade(config, "0014")
    old.dispose()
    with sqlite3.connect(pln_db) as raw:
        create = raw.execute("SELECT sql FROM sqlite_master WHERE name = 'contact'").fetchone()[0]
        assert "AUTOINCREMENT" not in create
    assert "Added Dee Roy (#4)" in pln("add-contact", "Dee Roy").stdout  # upgraded again
    assert list(pln_db.parent.glob("pln.db.backup-0014-*"))
    assert [c["name"] for c in pln.json("search", "riverside")] == ["Ana Lima"]
    pln("undo", "--yes")
    assert [c["name"] for c in pln.json("list")] == ["Ana Lima", "Ben Ode"]
    assert "Added Eve Sol (#5)" in pln("add-contact", "Eve Sol").stdout


def test_an_import_never_takes_a_deleted_number(pln: Pln, tmp_path: Path) -> None:
    """Imports insert many rows at once: each takes the number the store would
    give next, never the highest one left + 1 (#2, deleted, is spent)."""

    def ids() -> list[int]:
        return [c["id"] for c in pln.json("list")]

    pln("add-contact", "Ana Lima")
    pln("add-contact", "Ben Ode")
    pln("rm", "2", "--yes")
    sheet = tmp_path / "c.csv"
    sheet.write_text("Name\nCy Park\n")
    pln("import", "csv", str(sheet))
    assert ids() == [1, 3]
    pln("rm", "3", "--yes")
    card = tmp_path / "d.vcf"
    card.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Dee Roy\r\nEND:VCARD\r\n")
    pln("import", "vcard", str(card))
    assert ids() == [1, 4]
    pln("rm", "4", "--yes")
    other = tmp_path / "other.json"
    other.write_text(
        '{"format": "plncrm", "version": 1, "contacts": '
        '[{"id": 7, "name": "Eve Sol", "created_at": "2026-11-01T09:00:00+00:00"}]}'
    )
    pln("import", "json", str(other))
    assert ids() == [1, 5]
    assert "Added Fay Tan (#6)" in pln("add-contact", "Fay Tan").stdout


def test_a_restored_store_counts_on_past_what_it_held(pln: Pln, tmp_path: Path) -> None:
    """A JSON export restored into an emptied store keeps its ids; the store
    then counts on after them, and after every number it had given before."""
    for name in ("Ana Lima", "Ben Ode", "Cy Park"):
        pln("add-contact", name)
    export = tmp_path / "all.json"
    pln("export", "json", "-o", str(export))
    pln("add-contact", "Dee Roy")
    for number in ("1", "2", "3", "4"):
        pln("rm", number, "--yes")
    pln("import", "json", str(export))
    assert [c["id"] for c in pln.json("list")] == [1, 2, 3]
    assert "Added Eve Sol (#5)" in pln("add-contact", "Eve Sol").stdout
