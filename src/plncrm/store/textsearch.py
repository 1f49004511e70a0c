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
(without the index: accents there count unless typed the same way). Other
engines match each word anywhere with LIKE.

A migration that rebuilds `contact` or `contact_detail` (Alembic's batch mode
on SQLite) drops their triggers: it must run `create_triggers()` again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from sqlalchemy import ColumnElement, func, or_, select, text
from sqlmodel import Session, col

from plncrm.store.models import Contact, ContactDetail
from plncrm.util.text import escape_like, fold

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
def deferred(session: Session) -> Iterator[set[int]]:
    """For bulk writes: set the triggers aside and index, in one pass at the
    end, the contacts whose ids the block adds to the yielded set (an import of
    50,000 rows: 4 s of triggers, 0.4 s this way). SQLite's DDL is
    transactional, so if the block fails the triggers return with the rollback."""
    changed: set[int] = set()
    if session.get_bind().dialect.name != "sqlite":
        yield changed
        return

    def run(statement: str) -> None:
        session.execute(text(statement))

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


def text_clauses(words: str, *, dialect: str) -> list[ColumnElement[bool]]:
    """Conditions that together find the contacts containing every word of
    `words` (see the module's docstring)."""
    split = words.split()
    if dialect == "postgresql":
        return [_regex_clause(word) for word in split]
    if dialect != "sqlite":
        return [_like_clause(fold(word)) for word in split]
    indexed = [w for w in split if re.search(r"[^\W_]", w)]
    clauses = [_like_clause(fold(word)) for word in split if word not in indexed]
    if indexed:
        query = " ".join('"' + word.replace('"', '""') + '"*' for word in indexed)
        matches = text("SELECT rowid FROM contact_words WHERE contact_words MATCH :query")
        clauses.append(col(Contact.id).in_(matches.bindparams(query=query)))
    return clauses


def _regex_clause(word: str) -> ColumnElement[bool]:
    # Word starts (\m) depend on the database's locale, which may not know
    # letters beyond ASCII ("王芳", "Петров"): those words match anywhere.
    start = r"\m" if word[:1].isascii() else ""
    folded, lowered = start + re.escape(fold(word)), start + re.escape(word.lower())
    in_details = select(col(ContactDetail.contact_id)).where(
        col(ContactDetail.key).regexp_match(folded)
    )
    return or_(
        col(Contact.name_key).regexp_match(folded),
        *(
            func.lower(column).regexp_match(lowered)
            for column in (Contact.org, Contact.role, Contact.notes)
        ),
        col(Contact.id).in_(in_details),
    )


def _like_clause(word: str) -> ColumnElement[bool]:
    pattern = like_pattern(word)
    in_details = select(col(ContactDetail.contact_id)).where(
        col(ContactDetail.key).like(pattern, escape="\\")
    )
    return or_(
        col(Contact.name_key).like(pattern, escape="\\"),
        func.lower(Contact.org).like(pattern, escape="\\"),
        func.lower(Contact.role).like(pattern, escape="\\"),
        func.lower(Contact.notes).like(pattern, escape="\\"),
        col(Contact.id).in_(in_details),
    )


def like_pattern(value: str) -> str:
    return f"%{escape_like(value)}%"
