"""Cards as the folder holds them: plncrm's fields written over a card's own,
so that what plncrm does not know (photos, addresses, custom fields) survives
every round trip; and the fields read back, to tell what a phone changed."""

from __future__ import annotations

import hashlib
from typing import Any, NamedTuple

from plncrm.importers.records import Record
from plncrm.importers.vcard import read as read_cards
from plncrm.util.errors import PlnError

VERSIONS = ("4.0", "3.0")
# The properties plncrm writes; every other one is the card's own and is kept.
OWNED = frozenset({"fn", "n", "nickname", "email", "tel", "org", "title", "url", "x-socialprofile",
                   "socialprofile", "categories", "bday", "note"})  # fmt: skip


def digest(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:32]


def merged(
    ours: str, theirs: bytes | None, uid: str, version: str, extra: bytes | None = None
) -> bytes:
    """The card to write: `ours` (plncrm's card of the contact) over `theirs`
    (the folder's card, if any), keeping its UID and its other properties, and
    those of `extra` (a second card of the same person) that it lacks."""
    import vobject

    card = vobject.readOne(theirs.decode("utf-8", "replace")) if theirs else vobject.vCard()
    if extra:
        for child in vobject.readOne(extra.decode("utf-8", "replace")).getChildren():
            name = child.name.lower()
            if (
                name not in OWNED
                and name not in ("uid", "version", "prodid", "rev")
                and name not in card.contents
            ):
                line = card.add(name)
                line.value = child.value
                line.params = dict(child.params)
    for child in list(card.getChildren()):
        if child.name.lower() in OWNED or child.name.lower() in ("version", "prodid"):
            card.remove(child)
    for child in vobject.readOne(ours).getChildren():
        name = child.name.lower()
        if name in OWNED:
            line = card.add(name)
            line.value = child.value
            line.params = dict(child.params)
    if not theirs or "uid" not in card.contents:
        card.add("uid").value = uid
    card.add("version").value = version
    card.add("prodid").value = "-//plncrm//pln sync contacts//EN"
    return str(card.serialize()).encode("utf-8")


class Fields(NamedTuple):
    """What plncrm reads from a card, compared field by field."""

    name: str | None
    akas: tuple[str, ...]
    org: str | None
    role: str | None
    notes: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    links: tuple[str, ...]
    tags: tuple[str, ...]


def fields(data: bytes | str) -> tuple[Fields, Record] | None:
    """The card's fields (and its record, for the import engine), or None
    when it is no card plncrm can read."""
    raw = data.encode() if isinstance(data, str) else data
    try:
        for found in read_cards(raw):
            if isinstance(found, Record):
                return Fields(found.name, tuple(found.akas), found.org, found.role, found.notes,
                              tuple(found.emails), tuple(found.phones),
                              tuple(dict.fromkeys(found.links)), tuple(found.tags)), found  # fmt: skip
            return None
    except PlnError:
        return None  # no card at all in the file
    return None


def changes(before: Fields, after: Fields) -> dict[str, Any]:
    """The fields that differ, with their new values (lists as lists)."""
    return {name: (list(new) if isinstance(new, tuple) else new)
            for name, old, new in zip(Fields._fields, before, after, strict=True) if old != new}  # fmt: skip
