"""What TAB offers: contact names starting with what was typed. Read through
`store.plain`, so that completing a name never loads SQLAlchemy, and never
creates, upgrades or touches a store: only a current one is read."""

from __future__ import annotations

from plncrm.store.plain import Reader, opened
from plncrm.util.text import escape_like, fold

# A name, or a word of it, starting with the typed text; or another name (aka),
# offered as itself ("Hiro" → "Hiroshi Tanaka", which finds 田中 浩 too).
NAMES_STARTING = r"""
SELECT id, name, name_key FROM contact
WHERE name_key LIKE :start ESCAPE '\' OR name_key LIKE :word ESCAPE '\'
UNION
SELECT contact_id, value, key FROM contact_detail
WHERE kind = 'aka' AND (key LIKE :start ESCAPE '\' OR key LIKE :word ESCAPE '\')
ORDER BY 3, 1
LIMIT :limit
"""


def names_starting(url: str, prefix: str, limit: int = 20) -> list[tuple[int, str]]:
    """(id, name) of contacts whose name, or a word of it, starts with `prefix`."""
    from plncrm.store.location import sqlite_path

    with opened(url) as found:
        if found is not None:
            return _names(found, prefix, limit)
    if sqlite_path(url) is not None:
        return []  # no store yet, or one to upgrade: not for a TAB to do
    from plncrm.store.engine import transaction
    from plncrm.store.plain import SessionReader

    with transaction(url) as session:
        return _names(SessionReader(session), prefix, limit)


# Names starting with the typed text, through the index on name_key (a range),
# so that TAB costs the same in any network: when these fill the list, the
# scan for a later word of a name (which reads every name) is not needed.
NAMES_IN_RANGE = r"""
SELECT id, name, name_key FROM contact
WHERE name_key >= :low AND name_key < :high AND name_key LIKE :start ESCAPE '\'
ORDER BY name_key, id
LIMIT :limit
"""


def _names(reader: Reader, prefix: str, limit: int) -> list[tuple[int, str]]:
    folded = fold(prefix)
    key = escape_like(folded)
    params = {"start": f"{key}%", "word": f"% {key}%", "limit": limit}
    if folded:
        high = folded[:-1] + chr(ord(folded[-1]) + 1)
        rows = reader.rows(NAMES_IN_RANGE, {**params, "low": folded, "high": high})
        if len(rows) >= limit:
            return [(int(r["id"]), str(r["name"])) for r in rows]
    rows = reader.rows(NAMES_STARTING, params)
    return [(int(r["id"]), str(r["name"])) for r in rows]
