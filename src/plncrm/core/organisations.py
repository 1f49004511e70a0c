"""Organisations as records: the schools, districts, companies and
universities contacts belong to.

A contact's `org` stays the text it is written with and shown as; `org_id`
says which `organisation` it means. Every write that sets a contact's
organisation ends with `place` (or `settle`, after a bulk write), the one
function that finds the record a name means or creates it. A name means a
record when it is written the same once case, accents, punctuation, "The",
"Inc" and the usual short forms are set aside, or when imports would take
them for one organisation (`org_names.same_org`: "Riverside USD" and
"Riverside Unified School District", "CPS" and "Chicago Public Schools");
when two records would fit, or their district numbers differ, it is a new
one.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import TYPE_CHECKING

from plncrm.core.org_lookup import closest, key_of, known, lookup
from plncrm.core.org_names import guess_kind, means, means_key, org_key
from plncrm.store.db import Db, connection
from plncrm.store.plain import Reader
from plncrm.util import clock
from plncrm.util.errors import Conflict, Invalid, NotFound
from plncrm.util.text import match_fold

if TYPE_CHECKING:
    from sqlmodel import Session


class Finder:
    """The organisations of the store, loaded once for a write that places
    many contacts (an import): each name is looked for among the records
    whose key starts with the same letter, as every rule of `same_org` needs."""

    def __init__(self, db: Db, aliases: bool = True) -> None:
        self.db = db
        self.keys: dict[str, int] = {}
        self.names: dict[str, list[tuple[int, str]]] = defaultdict(list)  # (id, key)
        self.found: dict[str, int] = {}
        self.called: dict[int, tuple[str, str]] = {}  # id → (name, key)
        # Another name of a record (merged into it, or its name before a
        # rename) means it as its own name does; `aliases` False: a store
        # migrated to before they were kept (migration 0019).
        for oid, name, key in known(db, aliases):
            self.called.setdefault(oid, (name, key))
            self._know(oid, key)

    def _know(self, oid: int, key: str) -> None:
        self.keys.setdefault(key, oid)
        self.names[key[:1]].append((oid, key))

    def written(self, name: str | None) -> str | None:
        """How a contact's organisation is stored: a name that means a record
        only through one of its other names ("Hinsdale Township HSD 86",
        merged into "Hinsdale District 86") is written with the record's
        name, as `merge` and `rename` wrote everyone there; any other as given."""
        if not name or not name.strip():
            return name
        oid = self.find(name)
        if oid is None:
            return name
        called, own = self.called[oid]
        key = org_key(name) or match_fold(name)
        return name if key == own or means_key(key, own) else called

    def find(self, name: str) -> int | None:
        """The record `name` means, if one is sure."""
        key = org_key(name) or match_fold(name)
        if key in self.keys:
            return self.keys[key]
        fits = {oid for oid, known in self.names[key[:1]] if means_key(key, known)}
        return fits.pop() if len(fits) == 1 else None

    def resolve(self, name: str) -> int:
        """The record `name` means, created when none does."""
        text = name.strip()
        if text in self.found:
            return self.found[text]
        oid = self.find(text)
        if oid is None:
            key = org_key(text) or match_fold(text)
            oid = self.db.insert(
                "organisation",
                {
                    "uid": _new_uid(),
                    "name": text,
                    "name_key": key,
                    "kind": guess_kind(text),
                    "created_at": clock.now(),
                },
            )
            assert oid is not None
            self.called[oid] = (text, key)
            self._know(oid, key)
        self.found[text] = oid
        return oid


def _new_uid() -> str:
    from plncrm.store.schema import new_uid

    return new_uid()


def placed(source: Db | Session, org: str | None) -> tuple[str | None, int | None]:
    """A contact's organisation as stored (`Finder.written`) and the record it
    means, found or created: what `add-contact` and `edit --org` store as
    `contact.org` and `contact.org_id`."""
    if not org or not org.strip():
        return org, None
    finder = Finder(connection(source))
    text = finder.written(org)
    assert text is not None
    return text, finder.resolve(text)


def place(source: Db | Session, contact_ids: Iterable[int], finder: Finder | None = None) -> int:
    """Point each contact's `org_id` at the record its `org` text means
    (creating it), or at none when the text is empty; how many changed."""
    db = connection(source)
    finder = finder or Finder(db)
    changed = 0
    ids = list(contact_ids)
    for start in range(0, len(ids), 500):
        rows = db.tuples(
            "SELECT id, org, org_id FROM contact WHERE id IN :ids",
            {"ids": ids[start : start + 500]},
        )
        for cid, org, org_id in rows:
            wanted = finder.resolve(org) if org and org.strip() else None
            if wanted != org_id:
                db.execute(
                    "UPDATE contact SET org_id = :o WHERE id = :id", {"o": wanted, "id": cid}
                )
                changed += 1
    return changed


def settle(source: Db | Session) -> int:
    """After a bulk write that set organisations as text (an import, a
    sync, a restore): every contact whose text and record disagree by being
    empty is placed."""
    db = connection(source)
    ids = [
        cid
        for (cid,) in db.tuples(
            "SELECT id FROM contact WHERE (org_id IS NULL AND org IS NOT NULL AND org <> '') "
            "OR (org_id IS NOT NULL AND (org IS NULL OR org = ''))"
        )
    ]
    return place(db, ids) if ids else 0


def meant_by(source: Reader | Session, text: str) -> list[int]:
    """The records a typed `--org` means: each whose name is `text` written
    another way (`means`), so that a filter by organisation finds "Riverside
    Unified School District" for "Riverside USD"; none when no record fits
    (the caller may then fall back to words in the text)."""
    key = key_of(text)
    names = known(connection(source))
    return list(dict.fromkeys(oid for oid, _, k in names if k == key or means_key(key, k)))


def filter_ids(source: Reader | Session, text: str) -> list[int]:
    """What `--org TEXT` filters by: the records it means (`meant_by`), or
    whose names (or other names) hold its words as their key reads them
    ("District 65" in "Evanston-Skokie D65", as `pln org show` finds a part),
    or none when it is a part of organisations' names as written
    ("perville"), for the caller's words fallback; NotFound naming the
    closest organisations when it is neither (a typo would list nobody)."""
    from plncrm.util.text import escape_like

    found = meant_by(source, text)
    if found:
        return found
    db = connection(source)
    words = f" {key_of(text)} "
    found = list(dict.fromkeys(oid for oid, _, k in known(db) if words in f" {k} "))
    if found:
        return found
    like = {"t": f"%{escape_like(text.strip().lower())}%"}
    if db.tuples("SELECT 1 FROM contact WHERE lower(org) LIKE :t ESCAPE '\\' LIMIT 1", like):
        return []
    hint = closest(db, text)
    raise NotFound(f"no organisation is called {text.strip()!r}{hint} (pln orgs lists them)")


def rename(source: Db | Session, name: str, new: str) -> tuple[str, int]:
    """Rename an organisation; every contact there is written with the new
    name. The old name and how many contacts changed."""
    from plncrm.util.text import one_line

    db = connection(source)
    new = one_line(new)  # on one line, without control or bidi characters, as every org
    if not new:
        raise Invalid("The new name is empty.")
    oid, old = lookup(db, name)
    # Another spelling of another record would make two records of one organisation.
    others = [o for o in [Finder(db).keys.get(org_key(new)), *meant_by(db, new)] if o]
    other = next((o for o in others if o != oid), None)
    if other is not None:
        raise Conflict(f"{new!r} is another organisation (#{other}): pln org merge joins the two.")
    db.execute(
        "UPDATE organisation SET name = :n, name_key = :k WHERE id = :id",
        {"n": new, "k": org_key(new) or match_fold(new), "id": oid},
    )
    keep_alias(db, oid, old)
    touched = db.execute(
        "UPDATE contact SET org = :n WHERE org_id = :id AND org <> :n", {"n": new, "id": oid}
    )
    return old, touched + _rewrite_past(db, old, new)


def set_kind(source: Db | Session, name: str, kind: str) -> tuple[int, str, str | None]:
    """Say what an organisation is (a new record's kind is only guessed from
    its name, `guess_kind`); its id, name and the kind it had."""
    from plncrm.store.kinds import ORG_KINDS

    if kind not in ORG_KINDS:
        raise Invalid(f"--kind is one of {', '.join(ORG_KINDS)}, not {kind!r}")
    db = connection(source)
    oid, called = lookup(db, name)
    had = db.tuples("SELECT kind FROM organisation WHERE id = :id", {"id": oid})[0][0]
    db.execute("UPDATE organisation SET kind = :k WHERE id = :id", {"k": kind, "id": oid})
    return oid, called, had


def merge(source: Db | Session, keep: str, other: str) -> tuple[str, str, int]:
    """Fold `other` into `keep`: its contacts (written with `keep`'s name)
    and the past roles that name it move; `other` is removed. The two names
    and how many contacts changed."""
    db = connection(source)
    keep_id, keep_name = lookup(db, keep)
    other_id, other_name = lookup(db, other)
    if keep_id == other_id:
        raise Invalid(f"{keep!r} and {other!r} are the same organisation.")
    moved = db.execute(
        "UPDATE contact SET org_id = :k, org = :n WHERE org_id = :o",
        {"k": keep_id, "n": keep_name, "o": other_id},
    )
    past = _rewrite_past(db, other_name, keep_name)
    db.execute(
        "UPDATE organisation_alias SET organisation_id = :k WHERE organisation_id = :o",
        {"k": keep_id, "o": other_id},
    )
    keep_alias(db, keep_id, other_name)
    db.execute("DELETE FROM organisation WHERE id = :o", {"o": other_id})
    return keep_name, other_name, moved + past


def keep_alias(db: Db, oid: int, name: str) -> None:
    """Keep `name` as another name of record `oid`, so that it still means
    it; none that is the record's own name (written another way), and none
    twice."""
    key = org_key(name) or match_fold(name)
    own = db.tuples("SELECT name_key FROM organisation WHERE id = :o", {"o": oid})[0][0]
    db.execute(
        "DELETE FROM organisation_alias WHERE organisation_id = :o AND name_key = :k",
        {"o": oid, "k": own},
    )
    if key == own or db.tuples(
        "SELECT 1 FROM organisation_alias WHERE organisation_id = :o AND name_key = :k",
        {"o": oid, "k": key},
    ):
        return
    db.insert("organisation_alias", {"organisation_id": oid, "name": name, "name_key": key})


def record_names(source: Reader | Session, contact_ids: Iterable[int]) -> dict[int, str]:
    """Each contact's organisation as its record is called (one name for the
    spellings and other names of one district), for a list of people."""
    ids = sorted(set(contact_ids))
    if not ids:
        return {}
    return dict(
        connection(source).tuples(
            "SELECT c.id, o.name FROM contact c JOIN organisation o ON o.id = c.org_id "
            "WHERE c.id IN :ids",
            {"ids": ids},
        )
    )


def aliases(source: Reader | Session, oid: int) -> list[str]:
    """The other names of record `oid`, oldest first (`pln org show`)."""
    return [
        name
        for (name,) in connection(source).tuples(
            "SELECT name FROM organisation_alias WHERE organisation_id = :o ORDER BY id",
            {"o": oid},
        )
    ]


PAST = re.compile(r"^(?P<role>.*? at )?(?P<org>.+?)(?P<until>\s*\(until [^)]*\))?$")


def names_in_past(value: str, name: str) -> bool:
    """Whether a past role ("Mentor at Riverside USD (until 2026-11-29)")
    names the organisation called `name`."""
    found = PAST.match(value)
    return bool(found and found["role"] and means(found["org"], name))


def _rewrite_past(db: Db, old: str, new: str) -> int:
    """Past roles that name `old` name `new`; how many contacts changed."""
    rows = db.tuples("SELECT id, contact_id, value FROM contact_detail WHERE kind = 'past_role'")
    touched: set[int] = set()
    for did, cid, text in rows:
        found = PAST.match(text)
        if not found or not found["role"] or not means(found["org"], old):
            continue
        from plncrm.core.contacts import detail_key

        value = f"{found['role']}{new}{found['until'] or ''}"
        if db.execute(
            "UPDATE contact_detail SET value = :v, key = :k WHERE id = :id AND NOT EXISTS "
            "(SELECT 1 FROM contact_detail o WHERE o.contact_id = :c AND o.kind = 'past_role' "
            "AND o.key = :k)",
            {"v": value, "k": detail_key("past_role", value), "id": did, "c": cid},
        ):
            touched.add(cid)
    return len(touched)
