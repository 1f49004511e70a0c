"""A person's name and its parts: given and family names, prefix ("Dr.") and
suffix ("M.Ed."), and the alternate names (another script, a nickname, a
maiden name) that finding people and spotting duplicates also read.

Parts are kept exactly as a vCard's N or LinkedIn's First/Last gave them; a
typed name is split by nameparser, except where the family name comes first:
names in Chinese, Japanese or Korean script, and Vietnamese names.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from plncrm.util.text import fold

# The commonest Vietnamese family names, which come first ("Nguyễn Văn An").
VIETNAMESE_FAMILY = frozenset(fold(n) for n in (
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
    "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Đoàn", "Lương", "Trịnh"))  # fmt: skip
_VIETNAMESE_MARKS = re.compile("[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", re.I)


# A name's parts, as the contact table and a vCard's N keep them.
PARTS = ("given", "middle", "family", "prefix", "suffix")


@dataclass(frozen=True)
class NameParts:
    given: str | None = None
    family: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    middle: str | None = None

    def __bool__(self) -> bool:
        return any((self.given, self.middle, self.family, self.prefix, self.suffix))


def family_first(name: str) -> bool:
    """Whether this name is written family name first."""
    if any(_east_asian(ch) for ch in name):
        return True
    words = name.split()
    return (
        len(words) > 1
        and fold(words[0]) in VIETNAMESE_FAMILY
        and bool(_VIETNAMESE_MARKS.search(name))
    )


def _east_asian(ch: str) -> bool:
    return unicodedata.name(ch, "").startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA", "HANGUL"))


def split(name: str) -> NameParts:
    """The parts of a typed name ("Dr. Maya Okafor", "O'Brien, Conor",
    "Rachel Goldberg, M.Ed.", "田中 浩", "Nguyễn Văn An")."""
    text = " ".join(name.split())
    if not text or "@" in text:
        return NameParts()
    if family_first(text):
        words = text.split()
        if len(words) == 1:  # "田中浩": the script does not mark where the family name ends
            return NameParts(family=None, given=None)
        if len(words) > 2 and not any(_east_asian(ch) for ch in text):  # Nguyễn Thị Minh Khai
            return NameParts(family=words[0], given=words[-1], middle=" ".join(words[1:-1]))
        return NameParts(family=words[0], given=" ".join(words[1:]))
    from nameparser import HumanName

    from plncrm.util.text import one_line

    parsed = HumanName(one_line(text))
    return NameParts(given=parsed.first or None, middle=parsed.middle or None,
                     family=parsed.last or None, prefix=parsed.title or None,
                     suffix=parsed.suffix or None)  # fmt: skip


def compose(parts: NameParts, *, eastern: bool = False) -> str:
    """The parts as one name, in the order the name's culture writes them."""
    order = (
        (parts.family, parts.middle, parts.given)
        if eastern
        else (parts.given, parts.middle, parts.family)
    )
    core = " ".join(p for p in order if p)
    full = " ".join(p for p in (parts.prefix, core) if p)
    return f"{full}, {parts.suffix}" if parts.suffix and full else (full or parts.suffix or "")


def alternate(name: str, parts: NameParts) -> str | None:
    """The parts spelled as a name when they are not the name's own words (a
    card whose FN is "田中 浩" and N "Tanaka;Hiroshi"): an alternate name to
    find them by."""
    if not (parts.given or parts.family):
        return None
    words = set(fold(name).replace(",", " ").split())
    wanted = fold(f"{parts.given or ''} {parts.family or ''}").split()
    if all(w in words for w in wanted):
        return None
    return compose(NameParts(given=parts.given, family=parts.family),
                   eastern=family_first(f"{parts.family or ''} {parts.given or ''}"))  # fmt: skip


def looks_like_email(name: str) -> bool:
    """Whether a contact is still named from their email (`pln list --unnamed`)."""
    return "@" in name and " " not in name.strip()


def from_email(email: str) -> str:
    """A name to show for someone known only by an email address: its address."""
    return email.strip()
