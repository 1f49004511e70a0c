"""Is this someone the network already has? The one rule `add-contact` and
the address-book sync ask before adding a person (imports match by their own
engine, `importers.known`, which reads names the same way)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plncrm.core import names
from plncrm.core.contacts import ContactFields, clean, detail_key
from plncrm.store.db import Db, connection, get_row, value
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact
from plncrm.util.text import QUOTES, escape_like, fold, match_fold, plain_quotes, words

if TYPE_CHECKING:
    from sqlmodel import Session


def likely_same(source: Reader | Session, fields: ContactFields) -> tuple[Contact, str] | None:
    """A stored contact who is probably the person `fields` describes, and why:
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
            return owner, f"the same link {link}"
    name = clean(fields.name)
    if not name:
        return None
    typed = names.tidy(name)
    mine = {names.person_key(typed.name, typed.parts), match_fold(typed.name), match_fold(name)}
    mine |= names.aka_keys([*(fields.akas or []), *typed.akas], typed.parts)
    nicknames = names.nickname_keys(typed.name, typed.parts)
    org = _org_words(fields.org)
    best: tuple[int, int, str] | None = None  # (how close, id, why)
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
            found = (0, contact_id, "the same name" + where)
        elif compatible and (hit := sorted(mine & names.aka_keys(their_akas, known_as))):
            given = hit[0].split(" ", 1)[0]
            found = (1, contact_id, f"also known as {their_akas.get(given, given)}" + where)
        elif same_org and (nicknames & theirs or names.nickname_keys(their_name, known_as) & mine):
            found = (2, contact_id, "a nickname or the formal name" + where)
        else:
            continue
        best = min(best, found) if best else found
    if best is None:
        return None
    contact = get_row(db, Contact, best[1])
    return (contact, best[2]) if contact is not None else None


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
