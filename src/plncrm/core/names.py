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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from plncrm.util.text import fold, match_fold

# The commonest Vietnamese family names, which come first ("Nguyễn Văn An").
_VIETNAMESE = """
    Nguyễn Trần Lê Phạm Hoàng Huỳnh Phan Vũ Võ Đặng Bùi
    Đỗ Hồ Ngô Dương Lý Đinh Trương Đoàn Lương Trịnh
"""
VIETNAMESE_FAMILY = frozenset(fold(n) for n in _VIETNAMESE.split())
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
    return _east_asian_name(unicodedata.name(ch, ""))


def in_one_word(*parts: str | None) -> bool:
    """Whether these parts of a name are written together, with no space:
    Chinese, Japanese and Korean names, family name first ("王" and "小明"
    are 王小明, "김" and "민준" 김민준, "田中" and "さくら" 田中さくら), as
    their own scripts write them. Katakana alone spells a foreign name,
    written given name first: it stays apart."""
    written = [p for p in parts if p and p.strip()]
    names = [unicodedata.name(ch, "") for p in written for ch in p if not ch.isspace()]
    return (
        len(written) > 1
        and all(_east_asian_name(n) for n in names)
        and any(n.startswith(("CJK UNIFIED", "HANGUL")) for n in names)
    )


def _east_asian_name(name: str) -> bool:
    return name.startswith(("CJK UNIFIED", "HIRAGANA", "KATAKANA", "HANGUL"))


def given_and_family(given: str | None, family: str | None) -> str:
    """A first and a last name (a sheet's two columns) as one name: in
    their order, or family name first and together for a name in Chinese,
    Japanese or Korean script (First 小明, Last 王: 王小明)."""
    if in_one_word(given, family):
        return "".join(p.strip() for p in (family, given) if p)
    return " ".join(p.strip() for p in (given, family) if p and p.strip())


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
    return NameParts(
        given=parsed.first or None,
        middle=parsed.middle or None,
        family=parsed.last or None,
        prefix=parsed.title or None,
        suffix=parsed.suffix or None,
    )


def compose(parts: NameParts, *, eastern: bool = False) -> str:
    """The parts as one name, in the order the name's culture writes them."""
    order = (
        (parts.family, parts.middle, parts.given)
        if eastern
        else (parts.given, parts.middle, parts.family)
    )
    core = ("" if eastern and in_one_word(*order) else " ").join(p for p in order if p)
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
    if in_one_word(parts.family, parts.given) and "".join(fold(name).split()) == "".join(
        fold(f"{parts.family}{parts.given}").split()
    ):  # "王小明" with N:王;小明: the same name, written as its script writes it
        return None
    return compose(
        NameParts(given=parts.given, family=parts.family),
        eastern=family_first(f"{parts.family or ''} {parts.given or ''}"),
    )


def looks_like_email(name: str) -> bool:
    """Whether a contact is still named from their email (`pln list --unnamed`)."""
    return "@" in name and " " not in name.strip()


def from_email(email: str) -> str:
    """A name to show for someone known only by an email address: its address."""
    return email.strip()


# What people add to a name on LinkedIn and on cards, taken off before
# matching and greeting: credentials and generational suffixes after the family
# name ("Alvarez, Ed.D.", "Mensah PhD"), honorifics before the given name,
# pronouns ("(she/her)") and emoji or other symbols ("Shah 📚").
_CREDENTIALS = """
    phd edd med mba ma ms msc mst mat ba bs bsc md do jd llm cpa cfa pe pmp rn np lcsw lpc nbct
    ncsp bcba ccc-slp shrm-cp shrm-scp aprn dnp psyd mfa mph mpa msw esq jr sr ii iii iv cae cfre
    ccsp cissp pmp-acp
"""
CREDENTIALS = frozenset(_CREDENTIALS.split())
HONORIFICS = frozenset(("dr", "prof", "mr", "mrs", "ms", "mx", "miss", "rev", "fr", "sir", "dame"))
_PRONOUNS = re.compile(
    r"[\(\[]?\s*\b(?:she|he|they|ze|xe|zie|ey)\s*/\s*(?:her|hers|him|his|them|theirs|they|she|he|"
    r"zir|hir|xem|xyr|em)(?:\s*/\s*(?:hers|his|theirs|them|her|him|they|she|he))?\b\s*[\)\]]?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Tidy:
    """A name with what decorated it taken off: the name to show, its parts,
    the pronouns it carried, and the nicknames it gave in quotes ("Bernie")."""

    name: str
    parts: NameParts
    pronouns: str | None = None
    akas: tuple[str, ...] = ()


# A nickname in quotes among the words of a name: "Bernadette 'Bernie' Walsh",
# 'Bernadette "Bernie" Walsh', "Robert “Bob” Chen"; never the apostrophe of
# "O'Neil" or "D’Arcy", which no space comes before.
_NICK = r"[^\W\d_](?:[\w.\-'’ ]{0,40}?[\w.])?"
_QUOTED = re.compile(
    rf"(?:(?<=\s)|^)(?:['‘’ʼ](?P<single>{_NICK})['’‘ʼ]|[\"“”„](?P<double>{_NICK})[\"”“])(?=[\s,]|$)"
)


def _nicknames_out(text: str) -> tuple[str, tuple[str, ...]]:
    """The text without the nicknames it gives in quotes, and those nicknames;
    a text that is nothing but one stays as it is."""
    found = [m.group("single") or m.group("double") for m in _QUOTED.finditer(text)]
    if not found:
        return text, ()
    rest = " ".join(_QUOTED.sub(" ", text).split()).strip(" ,")
    rest = re.sub(r"\s+,", ",", rest)
    return (rest, tuple(dict.fromkeys(found))) if rest else (text, ())


def _family_comma_given(core: str, found: NameParts) -> bool:
    """Whether a name is written family name, comma, given names ("O'Neil,
    Patrick", "de la Cruz, Maria José"), as spreadsheets and directories list
    people, and split as such."""
    family, comma, given = core.partition(",")
    return (
        bool(comma and family.strip() and given.strip())
        and "," not in given
        and not any(ch.isdigit() for ch in core)
        and len(family.split()) <= 4
        and len(given.split()) <= 4
        and bool(found.given and found.family)
        and match_fold(found.family or "") == match_fold(family)
    )


def credential(word: str) -> bool:
    """Whether a word after a name is a credential or suffix ("Ed.D.", "PhD", "M.Ed.", "Jr.")."""
    bare = word.strip(" ,")
    key = fold(bare).replace(".", "")
    # Written as one ("Ed.D.", "PhD", "MA", "Jr."), not a name that spells like
    # one ("Do", "Ma": family names).
    if key in CREDENTIALS and ("." in bare or sum(ch.isupper() for ch in bare) > 1):
        return True
    # Initials with dots or capitals: "Ph.D.", "NBCT", "M.S.Ed."; never a plain word.
    return bool(re.fullmatch(r"(?:[A-Z][a-z]{0,2}\.){2,4}|[A-Z]{2,6}(?:-[A-Z]{1,4})?", bare))


_JOINERS = "\u200d\ufe0e\ufe0f"  # zero-width joiner, text and emoji presentation selectors
_HEADLINE = re.compile(r"\s+\|\s+")  # "Anne Lee | Math Coach": a name, then a headline


def _in_word(text: str, i: int) -> bool:
    """Whether the character at `i` stands between two letters (or a letter's marks)."""
    return (
        0 < i < len(text) - 1
        and unicodedata.category(text[i - 1])[0] in "LM"
        and unicodedata.category(text[i + 1])[0] in "LM"
    )


def _undecorated(text: str) -> str:
    """Text without emoji, pictographs, dingbats and the joiners between them,
    and without a headline after " | ". What belongs to names stays: a middle
    dot ("Gal·la", "买买提·艾力"), a joiner between letters (Sinhala "ශ්‍රී")
    and an accent written as an apostrophe ("D´Angelo", "O`Brien")."""
    head = _HEADLINE.split(text, maxsplit=1)[0]
    if head != text and head.strip():
        text = head
    kept = []
    for i, ch in enumerate(text):
        kind = unicodedata.category(ch)
        if ch in _JOINERS or ch in "\u00b7" or kind == "Sk":
            drop = not _in_word(text, i)  # "Gal·la", "ශ්‍රී", "D´Angelo"; never "👩‍💻", "📚 · 🎓"
        else:
            drop = kind in ("So", "Cs", "Co", "Cn") or ch in "|•✦★☆"
        kept.append(" " if drop else ch)
    found = " ".join("".join(kept).split())
    if found == " ".join(text.split()):  # nothing taken off: "-Minus" stays as typed
        return found
    return found.strip(" -–—,;:")  # what joined the decoration: "Shah – 📚"


def visible(name: str) -> bool:
    """Whether a name shows anything: one of only spaces, joiners, zero-width
    or other invisible characters ("\u200b") is no name."""
    return any(unicodedata.category(ch)[0] not in "CZM" for ch in name)


def pronouns_of(text: str) -> tuple[str, str | None]:
    """The text without its pronouns, and the pronouns ("she/her"), if any."""
    found = _PRONOUNS.search(text)
    if not found:
        return text, None
    said = re.sub(r"\s*/\s*", "/", found.group(0).strip(" ()[]")).lower()
    rest = " ".join((text[: found.start()] + " " + text[found.end() :]).split())
    return rest.strip(" -–—,;:"), said


def _credentials_after(text: str) -> tuple[str, list[str]]:
    """Split "Alvarez, Ed.D." into ("Alvarez", ["Ed.D."]) and "Mensah PhD" into
    ("Mensah", ["PhD"]); a name with nothing after it stays as it is."""
    taken: list[str] = []
    chunks = [c.strip() for c in text.split(",")]
    while len(chunks) > 1 and chunks[-1] and all(credential(w) for w in chunks[-1].split()):
        taken[:0] = chunks.pop().split()
    words = ", ".join(chunks).split()
    while len(words) > 1 and credential(words[-1]):
        taken.insert(0, words.pop())
    return " ".join(words).strip(" ,"), taken


def _honorific_before(text: str) -> tuple[str, str | None]:
    words = text.split()
    if len(words) > 1 and fold(words[0]).rstrip(".") in HONORIFICS:
        return " ".join(words[1:]), words[0]
    return text, None


@lru_cache(maxsize=8192)
def tidy(name: str, parts: NameParts = NameParts()) -> Tidy:
    """The name and its parts with credentials, honorifics, pronouns and emoji
    taken off into their own parts ("Alvarez, Ed.D." → family "Alvarez",
    suffix "Ed.D."; "Tanaka (she/her)" → pronouns "she/her"). The name shown
    keeps its credentials as written, without the pronouns and emoji.
    Remembered: an import asks it of each name several times (matching,
    merging, storing), and the answer is a pure function of the name."""
    text, pronouns = pronouns_of(_undecorated(name))
    text, akas = _nicknames_out(text) if "@" not in text else (text, ())
    if parts.given or parts.family:
        given, said_g = pronouns_of(_undecorated(parts.given or ""))
        family, said_f = pronouns_of(_undecorated(parts.family or ""))
        given, nick_g = _nicknames_out(given)
        family, nick_f = _nicknames_out(family)
        akas = tuple(dict.fromkeys((*akas, *nick_g, *nick_f)))
        given, prefix = _honorific_before(given)
        family, after = _credentials_after(family)
        suffix = ", ".join(x for x in (parts.suffix, *after) if x) or None
        clean = NameParts(
            given=given or None,
            family=family or None,
            middle=parts.middle,
            prefix=parts.prefix or prefix,
            suffix=suffix,
        )
        if text and clean.given and clean.family:  # "O'Neil, Patrick" as the file's own parts
            core, _ = _credentials_after(text)
            if _family_comma_given(_honorific_before(core)[0], clean):
                text = compose(clean)
        return Tidy(text or compose(clean), clean, pronouns or said_g or said_f, akas)
    if not text or "@" in text or family_first(text):
        return Tidy(text or name, split(text) if text else parts, pronouns, akas)
    core, after = _credentials_after(text)
    core, prefix = _honorific_before(core)
    found = split(core)
    clean = NameParts(
        given=found.given,
        middle=found.middle,
        family=found.family,
        prefix=found.prefix or prefix,
        suffix=", ".join(x for x in (found.suffix, *after) if x) or None,
    )
    if _family_comma_given(core, found):
        # "O'Neil, Patrick" is shown as Patrick O'Neil; "Alvarez, Ed.D." has
        # a credential after its comma, and is shown as written.
        text = compose(clean)
    return Tidy(text, clean, pronouns, akas)


def person_key(name: str, parts: NameParts = NameParts()) -> str:
    """The name as matching reads it: given and family names only, folded
    ("Dr. Stephanie Hale" and "Stephanie Hale, Ed.D." are "stephanie hale")."""
    found = tidy(name, parts)
    given, family = found.parts.given, found.parts.family
    if given and family and alternate(found.name, found.parts) is None:
        return match_fold(f"{given} {family}")
    return match_fold(found.name)  # parts in another script ("田中 浩", "Tanaka;Hiroshi"): an aka


def given_akas(akas: Iterable[str], parts: NameParts) -> list[str]:
    """The other names that are a given name the person goes by ("Bernie" for
    Bernadette Walsh), not a whole name or their family name."""
    family = match_fold(parts.family or "")
    found = []
    for aka in akas:
        word = match_fold(aka)
        if (
            word
            and " " not in word
            and word != family
            and word != match_fold(parts.given or "")
            and re.fullmatch(r"[^\W\d_][\w'\-.]*", word)
        ):
            found.append(word)
    return found


def aka_keys(akas: Iterable[str], parts: NameParts) -> set[str]:
    """The name as matching reads it with each given name the person goes by
    in place of their own ("bernie walsh" for Bernadette Walsh, known as
    Bernie): for matching, their given name as much as the one on record."""
    if not parts.family:
        return set()
    family = match_fold(parts.family)
    return {f"{word} {family}" for word in given_akas(akas, parts)}
