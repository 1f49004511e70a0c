"""Is this someone the network already has? The one rule `add-contact` and
the address-book sync ask before adding a person (imports match by their own
engine, `importers.known`, which reads names the same way); the pairs of the
network that are probably one person (`pln duplicates`), and those the user
said are not (`core.merge` folds the others into one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.core import names
from plncrm.core.contacts import ContactFields, clean, detail_key
from plncrm.core.nicknames import nickname_keys
from plncrm.store.db import Db, add_row, connection, fetch, get_row, value
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, DistinctPair
from plncrm.util.errors import Invalid
from plncrm.util.text import QUOTES, escape_like, fold, match_fold, plain_quotes, words

if TYPE_CHECKING:
    from sqlmodel import Session


def likely_same(source: Reader | Session, fields: ContactFields) -> tuple[Contact, str] | None:
    """The first of `candidates` (the lowest id), or None."""
    found = candidates(source, fields)
    return found[0] if found else None


def candidates(source: Reader | Session, fields: ContactFields) -> list[tuple[Contact, str]]:
    """The stored contacts who are probably the person `fields` describes, and
    why, by id; only the closest kind of match counts (two namesakes: both).
    What counts:
    the same profile link; the same name as matching reads it (credentials,
    honorifics and pronouns aside, typographic apostrophes as plain ones, a
    given name someone goes by as theirs: Bernie for Bernadette Walsh, known
    as Bernie) at the same organisation or where either has none; or a
    nickname or the formal name (Bill and William) at the same organisation,
    as imports match. Emails are checked by `add_contact` itself."""
    db = connection(source)
    for link in fields.links or []:
        key = detail_key("link", link)
        owner_id = value(
            db,
            "SELECT contact_id FROM contact_detail WHERE kind = 'link' AND key = :key LIMIT 1",
            {"key": key},
        )
        owner = get_row(db, Contact, owner_id) if owner_id is not None else None
        if owner is not None:
            return [(owner, f"the same link {link}")]
    name = clean(fields.name)
    if not name:
        return []
    typed = names.tidy(name)
    mine = {names.person_key(typed.name, typed.parts), match_fold(typed.name), match_fold(name)}
    mine |= names.aka_keys([*(fields.akas or []), *typed.akas], typed.parts)
    nicknamed = nickname_keys(typed.name, typed.parts)
    org = _org_words(fields.org)
    found: list[tuple[int, int, str]] = []  # (how close, id, why)
    rows = _namesakes(db, name, typed.parts.family)
    akas: dict[int, dict[str, str]] = {}
    sql = (
        "SELECT contact_id, value, key FROM contact_detail "
        "WHERE kind = 'aka' AND contact_id IN :ids"
    )
    for contact_id, aka, key in db.tuples(sql, {"ids": [r[0] for r in rows]}) if rows else ():
        akas.setdefault(contact_id, {})[match_fold(key)] = aka
    family = match_fold(typed.parts.family or "")
    for contact_id, their_name, name_key, their_org, *parts in rows:
        known_as = names.NameParts(*parts)
        if plain_quotes(name_key) not in mine and match_fold(known_as.family or "") != family:
            continue  # "Li" in "Ma Li" is no Lin, nor a Li who is not a family name
        theirs = {names.person_key(their_name, known_as), plain_quotes(name_key)}
        their_akas = akas.get(contact_id, {})
        at = _org_words(their_org)
        compatible, same_org = (not org or not at or org == at), bool(org and at and org == at)
        where = f" at {their_org}" if same_org else ""
        if mine & theirs and compatible:
            one = (0, contact_id, "the same name" + where)
        elif compatible and (hit := sorted(mine & names.aka_keys(their_akas, known_as))):
            given = hit[0].split(" ", 1)[0]
            one = (1, contact_id, f"also known as {their_akas.get(given, given)}" + where)
        elif same_org and (nicknamed & theirs or nickname_keys(their_name, known_as) & mine):
            one = (2, contact_id, "a nickname or the formal name" + where)
        else:
            continue
        found.append(one)
    closest = min((close for close, _, _ in found), default=None)
    rows = [
        (get_row(db, Contact, cid), why) for close, cid, why in sorted(found) if close == closest
    ]
    return [(contact, why) for contact, why in rows if contact is not None]


def _org_words(org: str | None) -> list[str]:
    """An organisation's name as `likely_same` compares it: its words, folded,
    whatever its apostrophes ("St. Mary's", "St. Mary’s")."""
    return words(match_fold(org)) if org and org.strip() else []


def _namesakes(db: Db, name: str, family: str | None) -> list[Any]:
    """The stored contacts whose name is this one, or holds its family name as
    words of its own (whatever their apostrophes), with their organisation
    and name parts."""

    def pattern(text: str) -> str:  # a typographic apostrophe or a plain one: any one character
        return "".join("_" if ch in QUOTES or ch in "'\"" else ch for ch in escape_like(fold(text)))

    patterns = [pattern(name)]
    if family and fold(family).strip():
        word = pattern(family)
        patterns += [f"% {word}", f"% {word} %", f"% {word},%", f"{word} %", f"{word},%"]
    which = " OR ".join(f"name_key LIKE :p{i} ESCAPE '\\'" for i in range(len(patterns)))
    return db.tuples(
        "SELECT id, name, name_key, org, given, family, prefix, suffix, middle FROM contact "
        f"WHERE {which} ORDER BY id",
        {f"p{i}": p for i, p in enumerate(patterns)},
    )


@dataclass(frozen=True)
class Duplicate:
    a: Contact
    b: Contact
    reason: str


MAX_PAIRS = 500


def mark_distinct(source: Db | Session, a: Contact, b: Contact, today: date) -> bool:
    """Remember that `a` and `b` are different people (two namesakes, a shared
    office line): never suggested as duplicates again. False if already said."""
    if a.id == b.id:
        raise Invalid("a contact is always the same person as themself")
    db = connection(source)
    low, high = sorted((a.id or 0, b.id or 0))
    if get_row(db, DistinctPair, low, high) is not None:
        return False
    add_row(db, DistinctPair(low_id=low, high_id=high, marked_on=today))  # by the member writing
    return True


def distinct_pairs(source: Reader | Session) -> set[tuple[int, int]]:
    found = connection(source).tuples("SELECT low_id, high_id FROM distinct_pair")
    return {(low, high) for low, high in found}


def find_duplicates(
    source: Reader | Session,
    fuzzy_limit: int = 2000,
    limit: int = MAX_PAIRS,
    same_org: Callable[[str | None, str | None], bool] | None = None,
) -> tuple[list[Duplicate], bool]:
    """Pairs that are probably one person: the same name (credentials,
    honorifics, pronouns and emoji aside, typographic apostrophes as plain
    ones), one's name and a given name the other goes by (Bernie Walsh and
    Bernadette Walsh, known as Bernie), the same email, link or phone, a
    nickname and the formal name at the same organisation (`same_org`, by
    default the same spelling), or (in networks up to `fuzzy_limit` people)
    names that differ by a typo. Never a pair marked as different people
    (`mark_distinct`). At most `limit` pairs, and whether there were more: a
    large network with many namesakes has millions of pairs, and nobody merges
    more than a screenful before looking again."""
    db = connection(source)
    people: dict[int | None, Contact] = {c.id: c for c in fetch(db, Contact, "1 = 1 ORDER BY id")}
    pairs: dict[tuple[int, int], str] = {}
    distinct = distinct_pairs(db)

    def add_group(ids: list[int], why: str) -> bool:
        for i, a in enumerate(ids):
            for b in ids[i + 1 :]:
                if len(pairs) >= limit:
                    return False
                if (min(a, b), max(a, b)) not in distinct:
                    pairs.setdefault((a, b), why)
        return True

    def key_of(c: Contact) -> str:
        return names.person_key(
            c.name, names.NameParts(c.given, c.family, c.prefix, c.suffix, c.middle)
        )

    by_name: dict[str, list[int]] = {}
    keys = {c.id or 0: key_of(c) for c in people.values()}
    for cid, key in keys.items():
        by_name.setdefault(key, []).append(cid)
    complete = all(add_group(ids, "same name") for ids in by_name.values() if len(ids) > 1)
    also = _also_known_as(db, people, by_name)
    complete = complete and all(
        add_group(sorted(ids), "also known as") for ids in also.values() if len(ids) > 1
    )
    shared: dict[tuple[str, str], set[int]] = {}
    for contact_id, kind, key in db.tuples(
        "SELECT contact_id, kind, key FROM contact_detail WHERE kind IN :kinds ORDER BY kind, key",
        {"kinds": ["email", "link", "phone"]},
    ):
        shared.setdefault((kind, key), set()).add(contact_id)
    complete = complete and all(
        add_group(sorted(ids), f"same {kind}") for (kind, _), ids in shared.items() if len(ids) > 1
    )
    alike = same_org or (lambda a, b: bool(a and b and match_fold(a) == match_fold(b)))
    complete = complete and _nicknames(people, by_name, alike, add_group)
    if complete and len(people) <= fuzzy_limit:
        complete = _similar_names(people, add_group)
    found = [Duplicate(people[a], people[b], why) for (a, b), why in sorted(pairs.items())]
    return found, not complete


def _also_known_as(
    db: Db, people: dict[int | None, Contact], by_name: dict[str, list[int]]
) -> dict[str, set[int]]:
    """Who is known by each alternate name ("Hiroshi Tanaka" for 田中 浩), with
    whoever is named so; and by their family name after a given name they go
    by ("bernie walsh" for Bernadette Walsh, known as Bernie)."""
    also: dict[str, set[int]] = {}
    akas: dict[int, list[str]] = {}
    for contact_id, key in db.tuples(
        "SELECT contact_id, key FROM contact_detail WHERE kind = 'aka' ORDER BY key"
    ):
        akas.setdefault(contact_id, []).append(key)
        key = plain_quotes(key)
        also.setdefault(key, set(by_name.get(key, []))).add(contact_id)
    for contact_id, theirs in sorted(akas.items()):
        c = people.get(contact_id)
        for key in sorted(names.aka_keys(theirs, names.NameParts(c.given, c.family)) if c else ()):
            also.setdefault(key, set(by_name.get(key, []))).add(contact_id)
    return also


def _nicknames(
    people: dict[int | None, Contact],
    by_name: dict[str, list[int]],
    alike: Callable[[str | None, str | None], bool],
    add_group: Callable[[list[int], str], bool],
) -> bool:
    """Pair a nickname and the formal name (Bill and William) at the same
    organisation; False if the pairs ran out."""
    for cid, c in people.items():
        parts = names.NameParts(c.given, c.family, c.prefix, c.suffix, c.middle)
        for other in sorted({o for k in nickname_keys(c.name, parts) for o in by_name.get(k, [])}):
            if (
                (cid or 0) < other
                and alike(c.org, people[other].org)
                and not add_group([cid or 0, other], "nickname, same organisation")
            ):
                return False
    return True


def _similar_names(
    people: dict[int | None, Contact], add_group: Callable[[list[int], str], bool]
) -> bool:
    """Pair names that differ by a typo or in word order; False if the pairs ran out."""
    from rapidfuzz import fuzz, process

    ids = [i or 0 for i in people]
    names = [plain_quotes(people[i].name_key) for i in ids]
    for x, name in enumerate(names):
        found = process.extract(
            name, names[x + 1 :], scorer=fuzz.token_sort_ratio, score_cutoff=90, limit=None
        )
        for _, _score, y in found:
            if names[x + 1 + y] != name and not add_group(
                [ids[x], ids[x + 1 + y]], "similar names"
            ):
                return False
    return True
