"""Finding contacts by the words in them, without reading every contact.

On SQLite a full-text index (FTS5) holds one document per contact: name,
organisation, role and notes, then every detail (emails, phones, links, tags,
needs, offers), so that all the words of a search are matched in one index
look-up. Triggers keep it current, so every path that writes (commands,
imports, merges, restores, cascading deletes) updates it without knowing.
A search word matches the start of an indexed word, ignoring case and accents:
"jose" finds "José", "school.org" finds "ana@school.org".

PostgreSQL matches the same word starts with a regular expression over the
folded name and details and the lower-cased organisation, role and notes
(without the index: accents there count unless typed the same way). The
queries are in `reads.lists`.

A migration that rebuilds `contact` or `contact_detail` (Alembic's batch mode
on SQLite) drops their triggers: it must run `create_triggers()` again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plncrm.store.db import Db

Run = Callable[[str], object]
"""Executes one SQL statement: migrations pass `op.execute`."""

INDEX_TABLES = ("contact_words",)
_TOKENIZER = "unicode61 remove_diacritics 2"
# A contact's document: its own fields, then every detail's value and key.
_DOCUMENT = (
    "coalesce(c.name, '') || ' ' || coalesce(c.org, '') || ' ' || coalesce(c.role, '') || ' ' || "
    "coalesce(c.notes, '') || ' ' || coalesce((SELECT group_concat(d.value || ' ' || d.key, ' ') "
    "FROM contact_detail d WHERE d.contact_id = c.id), '')"
)


def _refresh(contact_id: str) -> str:
    return (
        f"DELETE FROM contact_words WHERE rowid = {contact_id}; "
        f"INSERT INTO contact_words(rowid, body) SELECT c.id, {_DOCUMENT} "
        f"FROM contact c WHERE c.id = {contact_id};"
    )


_TRIGGERS = (
    f"""CREATE TRIGGER contact_words_insert AFTER INSERT ON contact BEGIN
        {_refresh("new.id")}
    END""",
    f"""CREATE TRIGGER contact_words_update AFTER UPDATE OF id, name, org, role, notes ON contact
    BEGIN
        DELETE FROM contact_words WHERE rowid = old.id;
        {_refresh("new.id")}
    END""",
    """CREATE TRIGGER contact_words_delete AFTER DELETE ON contact BEGIN
        DELETE FROM contact_words WHERE rowid = old.id;
    END""",
    f"""CREATE TRIGGER detail_words_insert AFTER INSERT ON contact_detail BEGIN
        {_refresh("new.contact_id")}
    END""",
    f"""CREATE TRIGGER detail_words_update
    AFTER UPDATE OF value, key, contact_id ON contact_detail BEGIN
        {_refresh("old.contact_id")}
        {_refresh("new.contact_id")}
    END""",
    f"""CREATE TRIGGER detail_words_delete AFTER DELETE ON contact_detail BEGIN
        {_refresh("old.contact_id")}
    END""",
)
TRIGGER_NAMES = tuple(re.findall(r"CREATE TRIGGER (\w+)", " ".join(_TRIGGERS)))


def create_index(run: Run) -> None:
    """Create the index and fill it from what is stored."""
    run(f"CREATE VIRTUAL TABLE contact_words USING fts5(body, tokenize = '{_TOKENIZER}')")
    run(f"INSERT INTO contact_words(rowid, body) SELECT c.id, {_DOCUMENT} FROM contact c")
    create_triggers(run)


def create_triggers(run: Run) -> None:
    for statement in _TRIGGERS:
        run(statement)


def drop_index(run: Run) -> None:
    for name in TRIGGER_NAMES:
        run(f"DROP TRIGGER IF EXISTS {name}")
    for table in INDEX_TABLES:
        run(f"DROP TABLE IF EXISTS {table}")


@contextmanager
def deferred(db: Db) -> Iterator[set[int]]:
    """For bulk writes: set the triggers aside and index, in one pass at the
    end, the contacts whose ids the block adds to the yielded set (an import of
    50,000 rows: 4 s of triggers, 0.4 s this way). SQLite's DDL is
    transactional, so if the block fails the triggers return with the rollback."""
    changed: set[int] = set()
    if db.dialect != "sqlite":
        yield changed
        return

    def run(statement: str) -> None:
        db.execute(statement)

    for name in TRIGGER_NAMES:
        run(f"DROP TRIGGER {name}")
    yield changed
    ids = sorted(changed)
    for start in range(0, len(ids), 500):
        marks = ", ".join(str(int(i)) for i in ids[start : start + 500])
        run(f"DELETE FROM contact_words WHERE rowid IN ({marks})")
        run(
            f"INSERT INTO contact_words(rowid, body) SELECT c.id, {_DOCUMENT} "
            f"FROM contact c WHERE c.id IN ({marks})"
        )
    create_triggers(run)


def is_index_table(name: str | None) -> bool:
    """The index's own tables (and FTS5's shadow tables) are not models."""
    return bool(name) and str(name).startswith(INDEX_TABLES)
