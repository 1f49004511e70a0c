"""Resolving what the user typed (REF) to exactly one record, never by guessing.

A contact: an id ("12" or "#12"), an email, an exact name or alternate name
(ignoring case and accents; when several are, the one written with the typed
accents), or a unique case- and accent-insensitive part of a name; when several names
contain the part but only one has a word starting with it, that one ("ana"
names Ana Lima, not Hiroshi Tanaka). No match: an error
naming close candidates. Several: an error listing them with their ids, so the
user can pick one. Events and communities: an id, an exact name, or a unique
part of one.
"""

from __future__ import annotations

import unicodedata

from plncrm.store.plain import Reader, Row
from plncrm.util.bounds import parse_id
from plncrm.util.errors import Ambiguous, Invalid, NotFound
from plncrm.util.text import QUOTES, escape_like, fold, one_line, plain_quotes

MAX_LISTED = 8

# Typed names are matched without these: "dandre" finds D'Andre, "oconnell" O'Connell.
SQUEEZED = ("'", *(mark for mark, plain in QUOTES.items() if plain == "'"), "-", ".", " ")


def squeeze(key: str) -> str:
    for mark in SQUEEZED:
        key = key.replace(mark, "")
    return key


def _plain_sql(column: str) -> str:
    """`plain_quotes` in SQL, the same on SQLite and PostgreSQL."""
    for mark, plain in QUOTES.items():
        column = f"replace({column}, '{mark}', '{plain.replace(chr(39), chr(39) * 2)}')"
    return column


def _squeezed_sql(column: str) -> str:
    """`squeeze` in SQL, the same on SQLite and PostgreSQL."""
    for mark in SQUEEZED:
        column = f"replace({column}, '{mark.replace(chr(39), chr(39) * 2)}', '')"
    return column


WHO = "SELECT id, org FROM contact WHERE id IN :ids"
FIRST_EMAILS = """
SELECT contact_id, value FROM contact_detail WHERE kind = 'email' AND contact_id IN :ids
ORDER BY contact_id, position, id
"""


def _describe(rows: list[Row], reader: Reader | None = None, total: int | None = None) -> str:
    """The candidates with their ids; with a `reader`, each with their
    organisation, and their first email when they have none or another has the
    same name and organisation, so that the user (or an assistant) can tell
    which one to pick in few words; `total`: how many matched, when `rows` are
    the first."""
    listed = rows[:MAX_LISTED]
    told: dict[int, str] = {}
    if reader is not None and listed:
        ids = [int(r["id"]) for r in listed]
        orgs = {r["id"]: r["org"] or "" for r in reader.rows(WHO, {"ids": ids})}
        emails: dict[int, str] = {}
        for r in reader.rows(FIRST_EMAILS, {"ids": ids}):
            emails.setdefault(r["contact_id"], r["value"])
        alike: dict[tuple[str, str], int] = {}
        for r in listed:
            same = (fold(r["name"]), fold(orgs.get(r["id"], "")))
            alike[same] = alike.get(same, 0) + 1
        for r in listed:
            org = orgs.get(r["id"], "")
            parts = [one_line(org)] if org else []
            if (not org or alike[(fold(r["name"]), fold(org))] > 1) and emails.get(r["id"]):
                parts.append(one_line(emails[r["id"]]))
            if parts:
                told[r["id"]] = f" ({', '.join(parts)})"
    shown = ", ".join(f"#{r['id']} {one_line(r['name'])}{told.get(r['id'], '')}" for r in listed)
    more = max(total or 0, len(rows)) - len(listed)
    return shown + (f" and {more} more" if more > 0 else "")


def _exists(reader: Reader, table: str, number: int, noun: str) -> int:
    if not reader.rows(f"SELECT id FROM {table} WHERE id = :id", {"id": number}):
        raise NotFound(f"no {noun} with id {number}")
    return number


BY_EMAIL = """
SELECT contact_id AS id FROM contact_detail WHERE kind = 'email' AND key = :key
ORDER BY contact_id LIMIT 1
"""


def by_email(reader: Reader, email: str) -> int | None:
    """The contact with this email address, if any."""
    found = reader.rows(BY_EMAIL, {"key": fold(email)})
    return int(found[0]["id"]) if found else None


EXACT = "SELECT id, name FROM contact WHERE name_key = :key ORDER BY id"
KNOWN_AS = """
SELECT c.id, c.name FROM contact c JOIN contact_detail d ON d.contact_id = c.id
WHERE d.kind = 'aka' AND d.key = :key ORDER BY c.id LIMIT 2
"""
# The same, whatever apostrophes and quotes the name and the typed text use
# ("O’Malley" and "O'Malley"): only for a typed name that has one.
EXACT_PLAIN = f"SELECT id, name FROM contact WHERE {_plain_sql('name_key')} = :key ORDER BY id"
KNOWN_AS_PLAIN = f"""
SELECT c.id, c.name FROM contact c JOIN contact_detail d ON d.contact_id = c.id
WHERE d.kind = 'aka' AND {_plain_sql("d.key")} = :key ORDER BY c.id LIMIT 2
"""
PARTIAL_WHERE = rf"""
WHERE name_key LIKE :part ESCAPE '\' OR {_squeezed_sql("name_key")} LIKE :squeezed ESCAPE '\'
   OR id IN (SELECT contact_id FROM contact_detail WHERE kind = 'aka'
             AND key LIKE :part ESCAPE '\')
"""
PARTIAL = rf"""
SELECT id, name,
       (name_key LIKE :start ESCAPE '\' OR name_key LIKE :word ESCAPE '\'
        OR id IN (SELECT contact_id FROM contact_detail WHERE kind = 'aka'
                  AND (key LIKE :start ESCAPE '\' OR key LIKE :word ESCAPE '\'))) AS at_word
FROM contact {PARTIAL_WHERE}
ORDER BY name_key, id LIMIT {MAX_LISTED * 4}
"""
# How many match, when PARTIAL stopped at its limit ("and 42 more" must be true).
PARTIAL_COUNT = f"SELECT count(*) AS n FROM contact {PARTIAL_WHERE}"


def _as_written(name: str) -> str:
    """A name as written, accents kept; case, spaces and quote marks aside."""
    return " ".join(unicodedata.normalize("NFC", plain_quotes(name)).casefold().split())


def _exact(reader: Reader, text: str, key: str, quoted: bool) -> list[Row]:
    """The contacts named `text`, case and accents aside; of several, the one
    written with the accents typed ("Siobhán" typed, Siobhán and Siobhan known)."""
    exact = reader.rows(EXACT, {"key": key})
    if not exact and quoted:
        exact = reader.rows(EXACT_PLAIN, {"key": plain_quotes(key)})
    as_typed = [r for r in exact if _as_written(r["name"]) == _as_written(text)]
    return as_typed if len(exact) > 1 and len(as_typed) == 1 else exact


def negative_id(text: str) -> bool:
    """Whether `text` is "-1" or "#-3", an id if ids were negative. They are
    not: such a text names a contact only as their exact name, never a part."""
    digits = text.strip().removeprefix("#").removeprefix("-")
    return text.strip().removeprefix("#").startswith("-") and digits.isascii() and digits.isdigit()


def resolve_id(reader: Reader, ref: str) -> int:
    """The id of the one contact `ref` names."""
    text = ref.strip()
    if not any(ch.isalnum() for ch in text):  # "'" or "-" would match everyone: never guess
        raise NotFound(f"no contact matches {one_line(text)!r}" if text else "no contact given")
    number = parse_id(text)
    if number is not None:
        return _exists(reader, "contact", number, "contact")
    if "@" in text:
        owner = by_email(reader, text)
        if owner is not None:
            return owner
    key = fold(text)
    quoted = any(mark in key for mark in ("'", '"', *QUOTES))
    exact = _exact(reader, text, key, quoted)
    if len(exact) == 1:
        return int(exact[0]["id"])
    if len(exact) > 1:
        raise Ambiguous(
            f"{len(exact)} contacts are named {one_line(text)!r}: "
            f"{_describe(exact, reader)}; use an id"
        )
    also = reader.rows(KNOWN_AS, {"key": key})
    if not also and quoted:
        also = reader.rows(KNOWN_AS_PLAIN, {"key": plain_quotes(key)})
    if len(also) == 1:
        return int(also[0]["id"])
    if negative_id(text):
        raise Invalid(f"an id is a whole number from 1, and no contact is named {text!r}")
    return _by_part(reader, text, key)


def _by_part(reader: Reader, text: str, key: str) -> int:
    """The one contact whose name holds `key`; several: an error listing them."""
    escaped = escape_like(key)
    params = {
        "part": f"%{escaped}%",
        "squeezed": f"%{escape_like(squeeze(key))}%",
        "start": f"{escaped}%",
        "word": f"% {escaped}%",
    }
    partial = reader.rows(PARTIAL, params)
    at_word = [r for r in partial if r["at_word"]]
    if len(partial) == 1 or len(at_word) == 1:
        return int((at_word or partial)[0]["id"])
    if partial:
        total = len(partial)
        if total == MAX_LISTED * 4:
            where = {k: params[k] for k in ("part", "squeezed")}
            total = int(reader.rows(PARTIAL_COUNT, where)[0]["n"])
        raise Ambiguous(
            f"{one_line(text)!r} matches several contacts: "
            f"{_describe(partial, reader, total)}; use an id or a fuller name"
        )
    raise NotFound(f"no contact matches {one_line(text)!r}{_suggestions(reader, key)}")


def _suggestions(reader: Reader, key: str) -> str:
    from rapidfuzz import fuzz, process

    rows = reader.rows("SELECT id, name, name_key FROM contact")
    if not rows:
        return ""
    keys = {r["id"]: r["name_key"] for r in rows}
    best = process.extract(key, keys, scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    if not best:
        return ""
    by_id = {r["id"]: r for r in rows}
    return "; did you mean " + _describe([by_id[cid] for _, _, cid in best]) + "?"


def named_id(reader: Reader, table: str, ref: str, noun: str, plural: str) -> int:
    """The id of the event or community (`table`) that `ref` names by id
    ("12", "#12"), exact name, or a unique part of its name; otherwise an error
    that lists the candidates or says where to look."""
    text = ref.strip()
    number = parse_id(text)
    if number is not None:
        return _exists(reader, table, number, noun)
    key = fold(text)
    exact = reader.rows(
        f"SELECT id FROM {table} WHERE name_key = :key ORDER BY id LIMIT 1", {"key": key}
    )
    if exact:
        return int(exact[0]["id"])
    if negative_id(text):
        raise Invalid(f"an id is a whole number from 1, and no {noun} is named {text!r}")
    partial = reader.rows(
        f"SELECT id, name FROM {table} WHERE name_key LIKE :part ESCAPE '\\' ORDER BY id LIMIT 9",
        {"part": f"%{escape_like(key)}%"},
    )
    if len(partial) == 1:
        return int(partial[0]["id"])
    if partial:
        listed = ", ".join(f"#{p['id']} {one_line(p['name'])}" for p in partial[:8])
        raise Ambiguous(f"{one_line(text)!r} matches several {plural}: {listed}; use an id")
    raise NotFound(f"no {noun} matches {one_line(text)!r} (pln {plural} lists them)")
