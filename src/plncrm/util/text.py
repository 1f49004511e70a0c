"""Making text from users and files safe to show, and comparable."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import Any

# CSI/OSC escape sequences first, then any other C0/C1 control except tab/newline,
# and the bidirectional embeddings, overrides, isolates and marks that can make
# text display in another order than it is stored ("Trojan Source").
_ESCAPES = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)?|[@-Z\\-_])")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def strip_controls(value: str) -> str:
    """Remove terminal escape sequences, control characters and bidirectional
    controls, keeping newlines and tabs: the one way user text is made safe to show."""
    return _CONTROLS.sub("", _ESCAPES.sub("", value))


# What an address may not hold: what separates or quotes addresses in a To:
# line or a vCard ("ana@x.org>,<eve@evil.org" is two recipients).
_NOT_IN_EMAIL = frozenset('<>,;:"()[]\\')


def is_email(value: str) -> bool:
    """Whether `value` is one email address, the rule for every way one comes
    in: a local part, one @, and a domain with a dot between non-empty labels;
    no whitespace, control or invisible character, and none of <>,;:"()[]\\."""
    local, at, domain = value.partition("@")
    if not (local and at and domain) or "@" in domain:
        return False
    if any(
        ch in _NOT_IN_EMAIL or ch.isspace() or unicodedata.category(ch)[0] == "C" for ch in value
    ):
        return False
    labels = domain.split(".")
    return len(labels) > 1 and all(labels)


def escape_like(value: str) -> str:
    """`value` for a LIKE pattern with ESCAPE '\\': its %, _ and \\ match themselves."""
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def one_line(value: str) -> str:
    """Like `strip_controls`, with newlines and tabs folded to spaces (for table cells)."""
    return " ".join(strip_controls(value).split())


@lru_cache(maxsize=16384)
def fold(value: str) -> str:
    """A case- and accent-insensitive key, so 'José' finds 'jose'."""
    if value.isascii():
        return value.casefold().strip()
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


# Apostrophes and quotation marks as word processors, phones and keyboards
# write them ("O’Malley", "DʼArcy", “Bernie”), and the plain ones they stand for.
QUOTES = {
    "\u2019": "'",
    "\u2018": "'",
    "\u201b": "'",
    "\u02bc": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
}
_PLAIN_QUOTES = str.maketrans(QUOTES)


def plain_quotes(value: str) -> str:
    """`value` with typographic apostrophes and quotes as the plain ones."""
    return value.translate(_PLAIN_QUOTES)


def match_fold(value: str) -> str:
    """`fold`, with typographic apostrophes and quotes as plain ones: the key
    that matching and lookups compare ("O’Malley" is "o'malley"). Stored keys
    are `fold`ed as written; compare them through `plain_quotes`."""
    return plain_quotes(fold(value))


_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(value: str) -> list[str]:
    """Folded word tokens of a phrase."""
    return _WORD.findall(fold(value))


def slug(value: str) -> str:
    """A tag-like key: folded words joined by hyphens."""
    return "-".join(words(value))


def tags_in(text: str) -> list[str]:
    """The tags a cell or an argument lists ("K-2, literacy"): files separate
    tags by commas, semicolons or bars, so no tag holds one."""
    return [tag for tag in re.split(r"\s*[,;|]\s*", text.strip()) if tag]


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "help",
        "helping",
        "in",
        "into",
        "is",
        "it",
        "its",
        "looking",
        "need",
        "needs",
        "new",
        "of",
        "on",
        "or",
        "our",
        "some",
        "someone",
        "the",
        "their",
        "them",
        "they",
        "this",
        "to",
        "want",
        "wants",
        "who",
        "with",
        "work",
        "working",
    ]
)


@lru_cache(maxsize=1)
def _snowball() -> Any:
    import Stemmer  # PyStemmer: the Snowball stemmers in C, ~2 ms to import

    return Stemmer.Stemmer("english", 0)  # no cache of its own: `stem` keeps one


# Snowball is an inflectional stemmer: it leaves a noun made from another word
# ("partnership", "teacher", "writer") apart from that word ("partner",
# "teaching", "writing"). These two derivations are folded onto Snowball's stem
# of the word they come from, the same way on both sides of a match.
_SHIP = "ship"  # partnership → partner, mentorship → mentor, leadership → leader
_AGENT = "er"  # teacher → stem("teaching"), writer → stem("writing"), coder → stem("coding")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball (Porter 2) English stem of a folded word, with a noun in
    -ship or an agent noun in -er brought to its root: "coaching", "coaches" →
    "coach"; "teachers", "teaching" → "teach"; "writer", "writing" → "write";
    "partnerships", "partners" → "partn". Enough to match needs with offers."""
    snowball = _snowball()
    found: str = snowball.stemWord(word)
    if found.endswith(_SHIP) and len(found) - len(_SHIP) >= 4:
        found = snowball.stemWord(found[: -len(_SHIP)])
    if found.endswith(_AGENT) and len(found) - len(_AGENT) >= 3:
        found = snowball.stemWord(found[: -len(_AGENT)] + "ing")
    return found


def keywords(phrase: str) -> frozenset[str]:
    """Normalised keywords of a needs/offers phrase: folded, stemmed, no stopwords."""
    return keywords_of_folded(fold(phrase))


def keywords_of_folded(folded: str) -> frozenset[str]:
    """`keywords` of text that is already folded (a stored detail key)."""
    return frozenset(stem(w) for w in _WORD.findall(folded) if w not in STOPWORDS and len(w) > 1)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may run as a formula


def formula_safe(text: str) -> str:
    """A CSV cell that cannot run as a formula: an apostrophe before a risky start."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def formula_unsafe(text: str) -> str:
    """`formula_safe` undone: what our own CSV export wrote comes back as it was."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 contact", "2 contacts", "1 follow-up", "3 follow-ups"."""
    return f"{n:,} {noun if n == 1 else (plural or noun + 's')}"


# Words that start with a vowel letter but a consonant sound ("a university").
_CONSONANT_SOUND = ("uni", "use", "one", "eu")


def with_article(noun: str) -> str:
    """`noun` after "a" or "an" as it is said: "an introduction", "a keep-in-touch",
    "a university"."""
    low = noun.lower()
    vowel = low[:1] in tuple("aeiou") and not low.startswith(_CONSONANT_SOUND)
    return f"{'an' if vowel else 'a'} {noun}"
