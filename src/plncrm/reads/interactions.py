"""Searching what happened: interactions across the whole network, newest
first, narrowed by words in the note, kind, person, organisation, event and
dates (`pln interactions`, alias `pln timeline`).

Words are matched as `pln search` matches them, ignoring case and accents:
each folded word must start a word of the folded note ("decod" finds
"Décodable Pack"). There is no index of notes (no migration this round), so
the store narrows the rows first by everything else and, for each word, to
the notes that contain it in plain ASCII or hold any other character (which
may fold to it); Python folds only those. That scan grows with the network
(about 15 ms at 50,000 interactions, 120 ms at 500,000: docs/performance.md);
a full-text index of notes, which needs a migration, would keep it flat.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from plncrm.store.plain import Reader
from plncrm.util.text import escape_like, fold

# Someone's time at an organisation: the contact, the day before it began
# (None: always) and its last day (None: still there).
Tenure = tuple[int, date | None, date | None]


@dataclass(frozen=True)
class InteractionFilter:
    """Which interactions to show: every field given narrows them."""

    text: str | None = None  # every word starts a word of the note
    kinds: Sequence[str] = ()  # any of these kinds
    contact_id: int | None = None  # with or about this contact
    org: str | None = None  # with or about someone whose organisation contains this
    # ...or, when `org` names records, anyone who was there while they were
    # (`core.org_views.tenures`): (contact, after this day, until this day).
    at: Sequence[Tenure] | None = None
    event_id: int | None = None
    since: date | None = None  # on or after
    until: date | None = None  # on or before


NEWEST_FIRST = "ORDER BY i.happened_on DESC, i.id DESC"
BATCH = 500


def _where(where: InteractionFilter, dialect: str) -> tuple[str, dict[str, Any]]:
    """The SQL condition on `interaction i` for all but the exact word match."""
    terms = ["1 = 1"]
    params: dict[str, Any] = {}
    if where.kinds:
        terms.append("i.kind IN :kinds")
        params["kinds"] = list(where.kinds)
    if where.contact_id is not None:
        terms.append(
            "i.id IN (SELECT interaction_id FROM interaction_contact WHERE contact_id = :contact)"
        )
        params["contact"] = where.contact_id
    if where.at is not None:
        terms.append(_while_there(where.at, params))
    elif where.org:
        terms.append(
            "i.id IN (SELECT ic.interaction_id FROM interaction_contact ic "
            r"JOIN contact c ON c.id = ic.contact_id WHERE lower(c.org) LIKE :org ESCAPE '\')"
        )
        params["org"] = f"%{escape_like(where.org.lower())}%"
    if where.event_id is not None:
        terms.append("i.event_id = :event")
        params["event"] = where.event_id
    if where.since is not None:
        terms.append("i.happened_on >= :since")
        params["since"] = where.since
    if where.until is not None:
        terms.append("i.happened_on <= :until")
        params["until"] = where.until
    found = words(where.text)
    if found:
        # A note in plain ASCII folds to its lower case, which LIKE compares
        # (SQLite's LIKE ignores the case of ASCII letters); one with any other
        # character is left to `matcher` (it may fold to the words).
        sqlite = dialect == "sqlite"
        note = "i.note" if sqlite else "lower(i.note)"
        other = "i.note GLOB '*[^ -~]*'" if sqlite else "i.note ~ '[^ -~]'"
        likes = []
        for n, word in enumerate(found):
            likes.append(rf"{note} LIKE :like{n} ESCAPE '\'")
            params[f"like{n}"] = f"%{escape_like(word)}%"
        terms.append(f"i.note IS NOT NULL AND ({' AND '.join(likes)} OR {other})")
    return " AND ".join(terms), params


def _while_there(tenures: Sequence[Tenure], params: dict[str, Any]) -> str:
    """The condition that an interaction was with or about someone while they
    were at the organisation: one term per distinct span of days, so that
    everyone there all along (most) is one list of ids."""
    spans: dict[tuple[date | None, date | None], list[int]] = {}
    for contact, after, until in tenures:
        spans.setdefault((after, until), []).append(contact)
    ors = []
    for n, ((after, until), ids) in enumerate(spans.items()):
        term = [f"ic.contact_id IN :at{n}"]
        params[f"at{n}"] = ids
        if after is not None:
            term.append(f"i.happened_on > :after{n}")
            params[f"after{n}"] = after
        if until is not None:
            term.append(f"i.happened_on <= :until{n}")
            params[f"until{n}"] = until
        ors.append(f"({' AND '.join(term)})")
    if not ors:
        return "1 = 0"
    return (
        "EXISTS (SELECT 1 FROM interaction_contact ic WHERE ic.interaction_id = i.id "
        f"AND ({' OR '.join(ors)}))"
    )


def words(text: str | None) -> list[str]:
    """The folded words of a search."""
    return fold(text).split() if text else []


def matcher(text: str | None) -> re.Pattern[str] | None:
    """One pattern that a folded note matches when every word starts a word
    of it (a word that starts with punctuation, or with a letter beyond ASCII,
    which scripts without spaces write, may be anywhere)."""
    found = words(text)
    if not found:
        return None
    parts = []
    for word in found:
        start = r"(?<![^\W_])" if word[:1].isascii() and word[:1].isalnum() else ""
        parts.append(f"(?=.*?{start}{re.escape(word)})")
    return re.compile("".join(parts), re.S)


def matching_ids(reader: Reader, where: InteractionFilter) -> list[int]:
    """The ids of every interaction `where` describes, newest first."""
    condition, params = _where(where, reader.dialect)
    pattern = matcher(where.text)
    if pattern is None:
        sql = f"SELECT i.id FROM interaction i WHERE {condition} {NEWEST_FIRST}"
        return [int(row[0]) for row in reader.tuples(sql, params)]
    # Unordered, so that SQLite reads the table straight through rather than
    # along the index of days (three times slower); the few found are sorted here.
    sql = f"SELECT i.id, i.happened_on, i.note FROM interaction i WHERE {condition}"
    search = pattern.match
    found = [(day, int(i)) for i, day, note in reader.tuples(sql, params) if search(fold(note))]
    found.sort(reverse=True)
    return [i for _, i in found]


def page_ids(reader: Reader, where: InteractionFilter, limit: int) -> tuple[list[int], int]:
    """The newest `limit` ids `where` describes, and how many there are in all."""
    if where.text:
        found = matching_ids(reader, where)
        return found[:limit], len(found)
    condition, params = _where(where, reader.dialect)
    sql = f"SELECT i.id FROM interaction i WHERE {condition} {NEWEST_FIRST} LIMIT {int(limit)}"
    ids = [int(row[0]) for row in reader.tuples(sql, params)]
    if len(ids) < limit:
        return ids, len(ids)
    count = f"SELECT count(*) FROM interaction i WHERE {condition}"
    return ids, int(reader.tuples(count, params)[0][0])


DETAILS = """
SELECT i.id, i.happened_on, i.kind, i.note, i.created_by, e.id AS event, e.name AS event_name
FROM interaction i LEFT JOIN event e ON e.id = i.event_id
WHERE i.id IN :ids
"""
PEOPLE = """
SELECT ic.interaction_id, ic.role, c.id, c.name FROM interaction_contact ic
JOIN contact c ON c.id = ic.contact_id
WHERE ic.interaction_id IN :ids
ORDER BY c.name_key, c.id
"""


def views(reader: Reader, ids: Sequence[int]) -> list[dict[str, Any]]:
    """What `--json` prints of each interaction (and the table draws), in the
    order of `ids`: its date, kind, note, event, the people it was with and
    those it was about, and the member who recorded it. Stable keys."""
    if not ids:
        return []
    people: dict[int, dict[str, list[dict[str, Any]]]] = {}
    for row in reader.rows(PEOPLE, {"ids": list(ids)}):
        side = "about" if row["role"] == "about" else "with"
        entry = people.setdefault(row["interaction_id"], {"with": [], "about": []})
        entry[side].append({"id": row["id"], "name": row["name"]})
    found = {}
    for row in reader.rows(DETAILS, {"ids": list(ids)}):
        event = {"id": row["event"], "name": row["event_name"]} if row["event"] else None
        entry = people.get(row["id"], {"with": [], "about": []})
        found[row["id"]] = {
            "id": row["id"],
            "date": row["happened_on"].isoformat(),
            "kind": row["kind"],
            "note": row["note"],
            "event": event,
            "with": entry["with"],
            "about": entry["about"],
            "by": row["created_by"],
        }
    return [found[i] for i in ids if i in found]


def view_batches(reader: Reader, ids: Sequence[int]) -> Iterator[list[dict[str, Any]]]:
    """`views` of many ids, a batch at a time."""
    for start in range(0, len(ids), BATCH):
        yield views(reader, ids[start : start + BATCH])
