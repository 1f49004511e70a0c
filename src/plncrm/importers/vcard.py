"""vCard files (2.1, 3.0, 4.0), one card or many, read with vobject.

Each card is parsed on its own, so a broken card is reported with its line
and the rest still import. Embedded photos, logos and sounds are dropped
before parsing (they are often malformed, and plncrm keeps no images);
vCard 2.1's quoted-printable soft line breaks are joined first.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from plncrm.core.names import NameParts, compose, family_first, from_email
from plncrm.importers.records import Record, Rejected, clean
from plncrm.importers.text_files import decode
from plncrm.util.bounds import MAX_FIELD_BYTES
from plncrm.util.errors import Invalid
from plncrm.util.files import safe_uid
from plncrm.util.text import tags_in

BINARY = re.compile(r"^(?:[\w-]+\.)?(PHOTO|LOGO|SOUND|KEY)[;:]", re.IGNORECASE)
PROPERTY = re.compile(r"^(?:[\w-]+\.)?[A-Za-z][\w-]*[;:]")
LINK_PROPERTIES = ("url", "x-socialprofile", "socialprofile")
LINE_END = re.compile(r"\r\n|\r|\n")
OLD_EXPORT = "plncrm-contact-"  # earlier exports' UIDs: another store's ids, not identities


def keep_line(kept: list[str], line: str, joining: bool) -> bool:
    """Add a card's line to `kept`, joined to the line before when that one
    ended in a quoted-printable soft line break (vCard 2.1); whether the next
    line continues this one."""
    if joining and kept:
        kept[-1] = kept[-1][:-1] + line.lstrip()
    else:
        kept.append(line)
    return "QUOTED-PRINTABLE" in kept[-1].upper() and kept[-1].endswith("=")


def blocks(text: str) -> Iterator[tuple[int, list[str]] | Rejected]:
    """The lines of each BEGIN:VCARD … END:VCARD block, with the line it starts on.
    A card with a text property over `MAX_FIELD_BYTES` (folded lines included) is
    rejected here, before the parser builds it: a 20 MB note took gigabytes."""
    current: list[str] | None = None
    start = 0
    too_long = 0  # the line of a property past the limit, if any
    size, binary = 0, False  # of the property being read
    # Only CR and LF end a line: `str.splitlines` also breaks at \x1c-\x1e, \x85
    # and U+2028, which a note may hold (a card of ours would not read back).
    for number, line in enumerate(LINE_END.split(text), start=1):
        upper = line.strip().upper()
        if upper == "BEGIN:VCARD":
            if current is not None:
                yield Rejected(start, "card has no END:VCARD")
            current, start, too_long, size = [line.rstrip("\r")], number, 0, 0
        elif current is not None:
            if line[:1] in (" ", "\t"):
                size += len(line)
            else:
                size, binary = len(line), bool(BINARY.match(line))
            if size > MAX_FIELD_BYTES and not binary and not too_long:
                too_long = number
            if not too_long:
                current.append(line.rstrip("\r"))
            if upper == "END:VCARD":
                if too_long:
                    why = f"a field is longer than {MAX_FIELD_BYTES:,} characters (line {too_long})"
                    yield Rejected(start, why)
                else:
                    yield start, current
                current = None
    if current is not None:
        yield Rejected(start, "card has no END:VCARD")


TEXT_PROPERTY = re.compile(
    r"^((?:[\w-]+\.)?(?:NOTE|FN|TITLE|ROLE)(?:;[^:]*)?:)(.*)$", re.IGNORECASE
)


def _escape_commas(line: str) -> str:
    """vobject keeps only the first of comma-separated text values; a bare comma
    in a NOTE or TITLE (common outside 3.0, where it should be escaped) is text."""
    match = TEXT_PROPERTY.match(line)
    if not match:
        return line
    return match[1] + re.sub(r"(?<!\\),", r"\\,", match[2])


def _prepare(lines: list[str]) -> str:
    """Drop binary properties with their continuation lines; join QP soft breaks."""
    kept: list[str] = []
    skipping = False
    joining = False
    for line in lines:
        if skipping:
            if line[:1] in (" ", "\t") or (line.strip() and not PROPERTY.match(line)):
                continue
            skipping = False
        if BINARY.match(line):
            skipping = True
            continue
        joining = keep_line(kept, line, joining)
    return "\r\n".join(_escape_commas(line) for line in kept) + "\r\n"


def _value(child: Any) -> Any:
    """A property's value. One in base64 (vCard 2.1's ENCODING=BASE64, 3.0's
    ENCODING=b) comes as bytes: its text in the CHARSET it names, else UTF-8."""
    value = child.value
    if not isinstance(value, bytes):
        return value
    charset = (child.params.get("CHARSET") or ["utf-8"])[0]
    try:
        return value.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return value.decode("utf-8", errors="replace")


def _text(value: Any) -> str:
    if isinstance(value, bytes):  # never "b'Zo\\xc3\\xab'": text, as well as it reads
        return value.decode("utf-8", errors="replace")
    if isinstance(value, list | tuple):
        return " ".join(_text(v) for v in value if v)
    return str(value)


def _parts(n: Any) -> NameParts:
    """A vCard N, exactly."""

    def part(attr: str) -> str | None:
        return clean(_text(getattr(n, attr, "")))

    return NameParts(
        given=part("given"),
        middle=part("additional"),
        family=part("family"),
        prefix=part("prefix"),
        suffix=part("suffix"),
    )


def _list(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [str(item).strip() for item in items if str(item).strip()]


def _record(line: int, card: Any) -> Record | Rejected:
    def values(name: str) -> list[Any]:
        return [_value(child) for child in card.contents.get(name, [])]

    name = clean(_text(values("fn")[0])) if values("fn") else None
    parts = _parts(values("n")[0]) if values("n") else NameParts()
    if not name and parts:
        name = compose(parts, eastern=family_first(f"{parts.family or ''} {parts.given or ''}"))
    emails = [_text(v).strip() for v in values("email") if _text(v).strip()]
    if not name and emails:
        name = from_email(emails[0])  # named from the address until a name is known
    if not name:
        return Rejected(line, "card has no name (FN or N) and no email")
    akas = [a for v in values("nickname") for a in _list(v)]
    uid = _text(values("uid")[0]).strip() if values("uid") else None
    orgs = values("org")
    tags = [t for cats in values("categories") for c in _list(cats) for t in tags_in(c)]
    pronouns = [_text(v).strip() for v in values("x-pronouns") + values("pronouns")]
    notes = "\n".join(_text(v).strip() for v in values("note") if _text(v).strip()) or None
    # Web addresses and social profiles, in the card's own order.
    links = [
        _text(_value(child)).strip()
        for child in card.getChildren()
        if child.name.lower() in LINK_PROPERTIES and _text(_value(child)).strip()
    ]
    return Record(
        line=line,
        name=name,
        emails=emails,
        akas=akas,
        given=parts.given,
        middle=parts.middle,
        family=parts.family,
        prefix=parts.prefix,
        suffix=parts.suffix,
        pronouns=clean(pronouns[0]) if pronouns else None,
        uid=uid if uid and safe_uid(uid) and not uid.startswith(OLD_EXPORT) else None,
        phones=[_text(v).strip() for v in values("tel") if _text(v).strip()],
        links=links,
        tags=tags,
        org=clean(
            _text(orgs[0]).split(";")[0]
            if orgs and not isinstance(orgs[0], list)
            else (orgs[0][0] if orgs and orgs[0] else "")
        ),
        role=clean(_text(values("title")[0])) if values("title") else None,
        notes=notes,
        # The engine checks the birthday.
        birthday=clean(_text(values("bday")[0])) if values("bday") else None,
    )


def read(data: bytes) -> Iterator[Record | Rejected]:
    import vobject

    found = False
    for block in blocks(decode(data)):
        found = True
        if isinstance(block, Rejected):
            yield block
            continue
        line, lines = block
        try:
            card = vobject.readOne(_prepare(lines))
        except Exception as exc:  # vobject raises many kinds of errors for bad input
            message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            yield Rejected(line, "unreadable card: " + re.sub(r"^At line \d+: ", "", message))
            continue
        yield _record(line, card)
    if not found:
        raise Invalid("not a vCard file: no card (BEGIN:VCARD … END:VCARD) in it")
