"""Whether a file's organisation and title are a new job, or the known one
written another way: a badge's "Dir. Curriculum" is the "Director of
Curriculum & Instruction" already stored, "Hinsdale CCSD 181" is "Hinsdale
Community Consolidated School District 181", "Principal" is "Principal, May
Whitney Elementary"; and whether it is one the contact has left (an older
file than the store). Pure: words in, an answer out."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from plncrm.core.org_names import same_org
from plncrm.core.roles import without_date
from plncrm.util.text import fold

# Short forms written on badges, cards and sheets, and what they stand for.
ABBREVIATIONS = {
    "dir": "director",
    "asst": "assistant",
    "assoc": "associate",
    "supt": "superintendent",
    "coord": "coordinator",
    "elem": "elementary",
    "mgr": "manager",
    "sr": "senior",
    "vp": "vice president",
    "admin": "administrator",
    "dept": "department",
    "dist": "district",
    "univ": "university",
    "intl": "international",
    "acad": "academy",
    "tech": "technology",
    "hs": "high school",
    "ms": "middle school",
    "es": "elementary school",
    "jh": "junior high",
    "sd": "school district",
    "usd": "unified school district",
    "isd": "independent school district",
    "cusd": "community unit school district",
    "ccsd": "community consolidated school district",
    "esd": "elementary school district",
    "hsd": "high school district",
}
FILLER = frozenset(("of", "the", "and", "for", "at", "in", "a", "an", "inc", "llc", "ltd", "co"))
_SHORTEST_PREFIX = 3  # "curr" stands for "curriculum"; "in" stands for nothing


def words(text: str) -> list[str]:
    """A title's or organisation's words: no case, accents, punctuation or
    filler ("of", "&"), and every short form written out ("Dir." → director)."""
    found = re.sub(r"[^\w]+", " ", fold(text).replace("&", " and ")).split()
    return [w for word in found for w in ABBREVIATIONS.get(word, word).split() if w not in FILLER]


def _stands_for(short: list[str], long: list[str]) -> bool:
    """Whether `short` is `long` shortened: from its first word on, each word
    of `short` is a word of `long` in order, the start of one ("Instr." for
    instruction) or the initials of several ("CAO")."""
    at = 0
    for index, word in enumerate(short):
        step = _match(word, long, at)
        while step is None and index and at < len(long) - 1:  # later words may skip some
            at += 1
            step = _match(word, long, at)
        if step is None:
            return False
        at += step
    return True


def _match(word: str, long: list[str], at: int) -> int | None:
    """How many words of `long` from `at` the one word stands for, or None."""
    if at >= len(long):
        return None
    if word == long[at] or (len(word) >= _SHORTEST_PREFIX and long[at].startswith(word)):
        return 1
    if len(word) > 1 and not word.isdigit():
        initials = "".join(w[0] for w in long[at : at + len(word)])
        if len(long) - at >= len(word) and initials == word:
            return len(word)
    return None


def _numbers(found: list[str]) -> set[str]:
    return {w for w in found if w.isdigit()}


def _same(a: str, b: str) -> bool:
    wa, wb = words(a), words(b)
    if wa == wb or (wa and set(wa) == set(wb)):  # "Coordinator, Multilingual Programs"
        return True
    if not wa or not wb or not _numbers_agree(wa, wb):
        return False
    return _stands_for(wa, wb) or _stands_for(wb, wa)


def _numbers_agree(a: list[str], b: list[str]) -> bool:
    """District 181 is not District 86; "Peoria Public Schools" may be District 150."""
    na, nb = _numbers(a), _numbers(b)
    return not na or not nb or na == nb


def same_title(known: str | None, given: str | None) -> bool:
    """Whether `given` is the `known` title written another way: the same
    words after abbreviations and punctuation, or a shorter form of it
    ("Principal" of "Principal, May Whitney Elementary"; "Dir. Curriculum" of
    "Director of Curriculum & Instruction"). "Principal" is no short form of
    "Assistant Principal": a shorter title starts where the known one does."""
    return not known or not given or _same(known, given)


def _short_forms(text: str) -> int:
    """How many of a title's words are short forms ("Dir.", "Asst.")."""
    return sum(word in ABBREVIATIONS for word in re.sub(r"[^\w]+", " ", fold(text)).split())


def fuller_title(known: str | None, given: str | None) -> bool:
    """Whether `given` is the `known` title written out more fully: the
    reverse of a shorter form (`same_title`). LinkedIn's "Director of
    Curriculum & Instruction" for a badge's "Dir. Curriculum", "Assistant
    Principal" for "Asst. Principal", "Chief Academic Officer" for "CAO",
    "Principal, May Whitney Elementary" for "Principal"; never a title
    merely worded otherwise ("Multilingual Programs Coordinator")."""
    if not known or not given:
        return False
    wk, wg = words(known), words(given)
    if not wk or not wg or not _numbers_agree(wk, wg):
        return False
    if wk == wg or set(wk) == set(wg):  # the same words: written out where the known is short
        return _short_forms(known) > _short_forms(given)
    return _stands_for(wk, wg) and not _stands_for(wg, wk)


def same_organisation(known: str | None, given: str | None) -> bool:
    """Whether `given` names the `known` organisation: as `same_title`, and as
    the import matches them (`org_names.same_org`: "CPS" and "Chicago Public
    Schools", spellings close enough), but never two districts of different
    numbers."""
    if not known or not given:
        return True
    if _same(known, given):
        return True
    return _numbers_agree(words(known), words(given)) and same_org(known, given)


def _readings(past: str) -> Iterator[tuple[str | None, str | None]]:
    """The title and organisation a past role as stored may have been written
    from (`core.roles.past_role`: "TITLE at ORGANISATION", or one of them
    alone): each " at " may be the one between them."""
    text = without_date(past).strip()
    splits = [m.start() for m in re.finditer(r" at ", text)]
    for at in splits:
        yield text[:at], text[at + len(" at ") :]
    if not splits:
        yield text, None
        yield None, text


def former_job(past: Iterable[str], org: str | None, role: str | None) -> bool:
    """Whether the `org` and `role` a file would give a contact (None for
    one it would not change) are those of one of its `past` roles, as
    `same_organisation` and `same_title` compare them: the file is older than
    what the store knows (a sheet from before the job change, or from before
    the user's correction), so its job is stale, not a new one."""
    if not org and not role:
        return False
    for value in past:
        for was_role, was_org in _readings(value):
            if (not org or (was_org and same_organisation(was_org, org))) and (
                not role or (was_role and same_title(was_role, role))
            ):
                return True
    return False
