"""Cards as the folder holds them: plncrm's fields written over a card's own,
so that what plncrm does not know (photos, addresses, custom fields) survives
every round trip; and the fields read back, to tell what a phone changed.

Photos, logos, sounds and keys are never decoded: their lines are taken out
of the card before it is parsed and put back, as they were, into the card
written (a 10 MB photo once cost gigabytes, and a broken one stopped every
sync). A file is read whatever its encoding (UTF-8, UTF-16 with a byte-order
mark, Windows-1252) and vCard 2.1's quoted-printable soft line breaks are
joined; a card that still cannot be parsed raises `Unreadable`, and the
caller leaves its file as it is.
"""

from __future__ import annotations

import hashlib
import re
from typing import Any, NamedTuple

from plncrm.importers.records import Record
from plncrm.importers.text_files import decode
from plncrm.importers.vcard import BINARY, PROPERTY, keep_line
from plncrm.importers.vcard import read as read_cards
from plncrm.util.errors import PlnError

VERSIONS = ("4.0", "3.0")
# The properties plncrm writes; every other one is the card's own and is kept.
OWNED = frozenset(
    {
        "fn",
        "n",
        "nickname",
        "email",
        "tel",
        "org",
        "title",
        "url",
        "x-socialprofile",
        "socialprofile",
        "categories",
        "bday",
        "note",
    }
)
UID_LINE = re.compile(r"^(?:[\w-]+\.)?UID(?:;[^:\r\n]*)?:(.*)$", re.IGNORECASE | re.MULTILINE)


class Unreadable(Exception):
    """A card plncrm cannot parse, with why."""


def digest(data: bytes | str) -> str:
    raw = data.encode() if isinstance(data, str) else data
    return hashlib.sha256(raw).hexdigest()[:32]


def _lines(data: bytes | str) -> list[str]:
    text = decode(data) if isinstance(data, bytes) else data
    return text.splitlines()


def split(data: bytes) -> list[bytes] | None:
    """The cards of a file, each as a file of its own (UTF-8, CRLF), in order;
    None when the file is not only cards (text between them, a card without
    its END, a card inside a card): such a file is left as it is."""
    found: list[bytes] = []
    current: list[str] | None = None
    for line in _lines(data):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                return None
            current = [line.rstrip("\r")]
        elif current is not None:
            current.append(line.rstrip("\r"))
            if upper == "END:VCARD":
                found.append(("\r\n".join(current) + "\r\n").encode("utf-8", "surrogateescape"))
                current = None
        elif line.strip():
            return None
    return found if current is None else None


def count(data: bytes) -> int:
    """How many cards a file may hold (BEGIN:VCARD anywhere; `split` says for sure)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return decode(data).upper().count("BEGIN:VCARD")
    return data.upper().count(b"BEGIN:VCARD")


def uid_of(data: bytes) -> str | None:
    """The UID a card file states (its first), as written."""
    text = decode(data) if data.startswith((b"\xff\xfe", b"\xfe\xff")) else None
    if text is not None:
        found = UID_LINE.search(text)
        return found[1].strip() if found else None
    raw = re.search(rb"(?im)^(?:[\w-]+\.)?UID(?:;[^:\r\n]*)?:(.*?)\r?$", data)
    return raw[1].decode("utf-8", "replace").strip() if raw else None


def _parts(data: bytes | str) -> tuple[str, list[str]]:
    """The card without its binary properties (soft line breaks joined), and
    those properties as they were, one string each (folded lines included;
    vCard 2.1's unfolded base64 lines too)."""
    kept: list[str] = []
    binary: list[list[str]] = []
    in_binary = joining = False
    for line in _lines(data):
        if in_binary:
            if line[:1] in (" ", "\t") or (line.strip() and not PROPERTY.match(line)):
                binary[-1].append(line.rstrip("\r"))
                continue
            in_binary = False
        line = line.rstrip("\r")
        if BINARY.match(line):
            in_binary = True
            binary.append([line])
            continue
        joining = keep_line(kept, line, joining)
    return "\r\n".join(kept) + "\r\n", ["\r\n".join(lines) for lines in binary]


def plain(data: bytes | str) -> str:
    """The card without its photos and other binary properties: what the state
    keeps of it (only the fields plncrm reads are compared)."""
    return _parts(data)[0]


def _parse(text: str) -> Any:
    import vobject

    try:
        return vobject.readOne(text)
    except Exception as exc:  # vobject raises many kinds of errors for bad input
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise Unreadable(re.sub(r"^At line \d+: ", "", message)[:200]) from None


def _line(child: Any) -> str:
    return str(child.serialize()).strip()


def merged(
    ours: str,
    theirs: bytes | None,
    uid: str,
    version: str,
    extra: bytes | None = None,
    keep: frozenset[str] = frozenset(),
) -> bytes:
    """The card to write: `ours` (plncrm's card of the contact) over `theirs`
    (the folder's card, if any), keeping its UID and its other properties, and
    every property of `extra` (a second card of the same person) that it does
    not hold already; the fields in `keep` (still in conflict) stay as
    `theirs` has them. `Unreadable` when `theirs` or `extra` cannot be parsed."""
    import vobject

    kept = {p for f in keep for p in PROPERTIES[f]} if theirs else set()

    text, binary = _parts(theirs) if theirs else ("", [])
    card = _parse(text) if theirs else vobject.vCard()
    if extra:
        extra_text, extra_binary = _parts(extra)
        held = {_line(c) for c in card.getChildren()}
        for child in _parse(extra_text).getChildren():
            name = child.name.lower()
            if name in OWNED or name in ("uid", "version", "prodid", "rev"):
                continue
            if _line(child) not in held:
                line = card.add(name)
                line.value = child.value
                line.params = dict(child.params)
                held.add(_line(line))
        binary += [b for b in extra_binary if b not in binary]
    for child in list(card.getChildren()):
        name = child.name.lower()
        if (name in OWNED and name not in kept) or name in ("version", "prodid"):
            card.remove(child)
    for child in _parse(ours).getChildren():
        name = child.name.lower()
        if name in OWNED and name not in kept:
            line = card.add(name)
            line.value = child.value
            line.params = dict(child.params)
    if not theirs or "uid" not in card.contents:
        card.add("uid").value = uid
    card.add("version").value = version
    card.add("prodid").value = "-//plncrm//pln sync contacts//EN"
    try:
        out = str(card.serialize())
    except Exception as exc:  # a value vobject read but cannot write back
        raise Unreadable(
            str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        ) from None
    if binary:
        end = out.rstrip().rfind("END:VCARD")
        out = out[:end] + "".join(b + "\r\n" for b in binary) + out[end:]
    return out.encode("utf-8", "surrogateescape")


class Fields(NamedTuple):
    """What plncrm reads from a card, compared field by field: a conflict is
    the same field changed on both sides."""

    name: str | None
    akas: tuple[str, ...]
    org: str | None
    role: str | None
    notes: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    links: tuple[str, ...]
    tags: tuple[str, ...]
    given: str | None
    family: str | None
    birthday: str | None  # as stored ("1980-04-12", "--04-12"), or the card's text if no day


FIELDS: tuple[str, ...] = Fields._fields
# The properties that hold each field on a card.
PROPERTIES = {
    "name": ("fn",),
    "akas": ("nickname",),
    "org": ("org",),
    "role": ("title",),
    "notes": ("note",),
    "emails": ("email",),
    "phones": ("tel",),
    "links": ("url", "x-socialprofile", "socialprofile"),
    "tags": ("categories",),
    "given": ("n",),
    "family": ("n",),
    "birthday": ("bday",),
}


def birthday(text: str | None) -> str | None:
    """A card's birthday as plncrm stores it, or its text when it is no day."""
    from plncrm.util.dates import parse_birthday

    if not text:
        return None
    try:
        return parse_birthday(text)
    except PlnError:
        return text


def fields(data: bytes | str) -> tuple[Fields, Record] | None:
    """The card's fields (and its record, for the import engine), or None
    when it is no card plncrm can read."""
    raw = plain(data).encode("utf-8", "surrogateescape")  # photos are no fields
    try:
        for found in read_cards(raw):
            if isinstance(found, Record):
                return Fields(
                    found.name,
                    tuple(found.akas),
                    found.org,
                    found.role,
                    found.notes,
                    tuple(found.emails),
                    tuple(found.phones),
                    tuple(dict.fromkeys(found.links)),
                    tuple(found.tags),
                    found.given,
                    found.family,
                    birthday(found.birthday),
                ), found
            return None
    except PlnError:
        return None  # no card at all in the file
    return None


def changes(before: Fields, after: Fields) -> dict[str, Any]:
    """The fields that differ, with their new values (lists as lists)."""
    return {
        name: (list(new) if isinstance(new, tuple) else new)
        for name, old, new in zip(Fields._fields, before, after, strict=True)
        if old != new
    }
