"""What TAB offers: contact names starting with what was typed. A plain
query (`store.plain`), so that completing a name never loads SQLAlchemy."""

from __future__ import annotations

from plncrm.store.plain import read
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
    key = escape_like(fold(prefix))
    rows = read(url, NAMES_STARTING, {"start": f"{key}%", "word": f"% {key}%", "limit": limit})
    return [(int(cid), str(name)) for cid, name, _ in rows]
