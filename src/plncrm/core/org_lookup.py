"""Which organisation a user means by what they typed: one resolver for
`pln org show`, `rename`, `merge` and `kind`, as `reads.refs` is for people.

Keys are read from the names as the rules of `org_names` read them now, not
from the stored `name_key`, so that a rule learnt since ("D65" is "District
65") holds for records written before it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from plncrm.core.org_names import means_key, org_key
from plncrm.store.db import connection
from plncrm.util.errors import Ambiguous, NotFound
from plncrm.util.text import match_fold, one_line

if TYPE_CHECKING:
    from sqlmodel import Session

    from plncrm.store.db import Db
    from plncrm.store.plain import Reader

LISTED = 8  # candidates named in an error


def key_of(name: str) -> str:
    """The key a name is compared by (`org_key`, or its folded text when it
    has no word the key keeps)."""
    return org_key(name) or match_fold(name)


def known(db: Db | Reader, aliases: bool = True) -> list[tuple[int, str, str]]:
    """Every record's name and other names (unless not `aliases`), with their
    keys: (id, name, key), the records' own names first."""
    sql = "SELECT id, name, 0 AS other, id AS n FROM organisation"
    if aliases:
        sql += " UNION ALL SELECT organisation_id, name, 1, id FROM organisation_alias"
    rows = db.tuples(f"{sql} ORDER BY 3, 4")
    return [(oid, name, key_of(name)) for oid, name, _, _ in rows]


def lookup(source: Reader | Session, name: str) -> tuple[int, str]:
    """The record a typed name means: by id ("#3"), its name or another name
    as written, another spelling of one (`means_key`), or a unique part of
    one ("Skokie", "District 65", "65"). Several: Ambiguous listing them;
    none: NotFound naming the closest."""
    db = connection(source)
    text = one_line(name)
    if text.lstrip("#").isdigit():
        rows = db.tuples(
            "SELECT id, name FROM organisation WHERE id = :id", {"id": int(text.lstrip("#"))}
        )
        if rows:
            return rows[0][0], rows[0][1]
    names = known(db)
    called = {oid: n for oid, n, _ in reversed(names)}
    folded, key = match_fold(text), key_of(text)
    for fits in (
        lambda n, k: match_fold(n) == folded,
        lambda n, k: k == key,
        lambda n, k: means_key(key, k),
        lambda n, k: f" {key} " in f" {k} " or (folded and folded in match_fold(n)),
    ):
        found = list(dict.fromkeys(oid for oid, n, k in names if fits(n, k)))
        if len(found) == 1:
            return found[0], called[found[0]]
        if found:
            listed = ", ".join(f"#{oid} {one_line(called[oid])}" for oid in found[:LISTED])
            more = f" and {len(found) - LISTED} more" if len(found) > LISTED else ""
            # Records written before a rule learnt that their names are one
            # ("D65", "District 65"): say how to join them.
            own = {k for oid, n, k in names if n == called[oid] and oid in found}
            join = "; if they are one, pln org merge joins them" if len(own) == 1 else ""
            raise Ambiguous(
                f"{text!r} matches several organisations: {listed}{more}; "
                f"use an id or a fuller name{join}"
            )
    raise NotFound(f"No organisation is called {text!r}{closest(db, text)} (pln orgs lists them).")


def closest(db: Db, text: str) -> str:
    """ "; did you mean …?" naming the organisations nearest `text`, or ""."""
    from rapidfuzz import fuzz, process

    names = [name for (name,) in db.tuples("SELECT name FROM organisation ORDER BY name")]
    near = process.extract(text, names, scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    return f"; did you mean {', '.join(repr(n) for n, _, _ in near)}?" if near else ""
