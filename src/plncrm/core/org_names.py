"""How an organisation's name is read: the key it is compared by and
whether two spellings name one organisation.

Pure text rules, apart from the records (`organisations`), so that the
importers and the job-change prompts that only compare names need not load
the store's side of organisations.
"""

from __future__ import annotations

import re

from plncrm.util.text import match_fold

# Words schools and companies are written with and without, and common short forms.
_NOISE = frozenset(("the", "inc", "llc", "ltd", "co", "gmbh", "plc"))
_SHORT = {
    "usd": "unified school district",
    "cusd": "community unit school district",
    "isd": "independent school district",
    "sd": "school district",
    "dist": "district",
    "hsd": "high school district",
    "chsd": "community high school district",
    "csd": "community school district",
    "ccsd": "community consolidated school district",
    "esd": "elementary school district",
    "uhsd": "union high school district",
    "ssd": "special school district",
    "cisd": "consolidated independent school district",
    "hs": "high school",
    "ms": "middle school",
    "es": "elementary school",
    "elem": "elementary",
    "st": "saint",
    "univ": "university",
    "acad": "academy",
    "intl": "international",
}
# A district's number written short after its place: "D65", "U46", "SD65", "Dist65".
_NUMBERED = re.compile(r"(d|u|sd|dist)(\d+)")
SAME_ORG_SCORE = 90  # rapidfuzz ratio from which two spellings are one word of a name


def org_key(org: str) -> str:
    """An organisation's name without case, accents, punctuation (apostrophes
    of any kind: "St. Mary’s"), "The" or "Inc"."""
    words = re.sub(r"[^\w]+", " ", match_fold(org).replace("'", "")).split()
    words = _district_number([w for w in words if w not in _NOISE])
    return " ".join(_SHORT.get(w, w) for w in words)


def _district_number(words: list[str]) -> list[str]:
    """A district's number as its name ends ("Oak Park D97", "Elgin U-46",
    "Evanston SD 65", "Dist. 65") read as "district 97", so that every
    spelling of one district is one key. Only the last word(s) after a place
    name: "D3 Robotics" or "3D printing club" is no district."""
    if len(words) >= 2 and (short := _NUMBERED.fullmatch(words[-1])):
        prefix, number = short[1], short[2]
        rest = words[:-1]
    elif len(words) >= 3 and words[-1].isdigit() and words[-2] in ("d", "u", "dist"):
        prefix, number, rest = words[-2], words[-1], words[:-2]
    else:
        return words
    if rest[-1] == "district":  # "School District U-46"
        return [*rest, number]
    return [*rest, *(["sd"] if prefix == "sd" else ["district"]), number]


def same_org(a: str | None, b: str | None) -> bool:
    """Whether two spellings name one organisation ("Oakridge High" and
    "Oakridge High School"; "Riverside USD" and "Riverside Unified School
    District"; "CPS" and "Chicago Public Schools")."""
    if not a or not b:
        return False
    return _same_keys(org_key(a), org_key(b))


def _same_keys(ka: str, kb: str) -> bool:
    """`same_org` of two names' keys."""
    if ka == kb:
        return True
    from rapidfuzz import fuzz

    shorter, longer = sorted((ka.split(), kb.split()), key=len)
    # One name's words all within the other's, first word alike: the same school written short.
    if shorter and shorter[0] == longer[0] and set(shorter) <= set(longer):
        return True
    # An acronym of the other: "CPS" and "Chicago Public Schools".
    if len(shorter) == 1 and len(longer) > 1 and shorter[0] == "".join(w[0] for w in longer):
        return True
    # Word for word, each the same word written short or mistyped; a word of
    # its own ("Westview" and "Eastview", "North" and "South Central", "St.
    # Mary" and "St. Mark") is another school, never a spelling.
    return len(shorter) == len(longer) and all(
        x == y
        or (min(len(x), len(y)) >= 3 and (x.startswith(y) or y.startswith(x)))
        or (x[0] == y[0] and fuzz.ratio(x, y) >= SAME_ORG_SCORE)
        for x, y in zip(shorter, longer, strict=True)
    )


def _numbers(key: str) -> set[str]:
    return {w for w in key.split() if w.isdigit()}


def means(name: str, known: str) -> bool:
    """Whether `name` names the record called `known`: as `same_org`, but
    never two districts of different numbers (District 181, District 86)."""
    return means_key(org_key(name), org_key(known))


def means_key(ka: str, kb: str) -> bool:
    """`means` of two names' keys (`org_key`), for a caller that holds many."""
    a, b = _numbers(ka), _numbers(kb)
    return bool(ka and kb) and (not a or not b or a == b) and _same_keys(ka, kb)


def guess_kind(name: str, key: str | None = None) -> str | None:
    """What a name says the organisation is, when it says it plainly (`key`:
    its `org_key`, when the caller holds it)."""
    key = f" {org_key(name) if key is None else key} "
    for words, kind in (
        ((" school district ", " public schools", " district ", " cusd ", " usd "), "district"),
        ((" university ", " college "), "university"),
        ((" school ", " elementary ", " academy ", " high ", " middle "), "school"),
    ):
        if any(w in key for w in words):
            return kind
    return None
