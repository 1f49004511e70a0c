"""Nicknames and the formal names they stand for (Bill and William, Kathy and
Katherine), for matching one person written two ways: from the hand-curated
`nicknames` dataset, read once on first use."""

from __future__ import annotations

from plncrm.core.names import NameParts, tidy
from plncrm.util.text import fold, match_fold


def _nickname_file() -> str | None:
    """The `nicknames` package's names.csv, found without importing the
    package (whose import reads its own metadata: a quarter of a second)."""
    from importlib.util import find_spec

    spec = find_spec("nicknames")
    if spec is None or not spec.submodule_search_locations:  # pragma: no cover - a dependency
        return None
    import os

    return os.path.join(next(iter(spec.submodule_search_locations)), "names.csv")


_RELATED: dict[str, frozenset[str]] | None = None


def related_names(given: str) -> frozenset[str]:
    """The given names directly related to this one as name and nickname
    (William: Bill, Will, Billy…; Kathy: Katherine, Kathleen…), folded: from
    the hand-curated `nicknames` dataset (Carlton Northern, Apache-2.0)."""
    global _RELATED
    if _RELATED is None:
        table: dict[str, set[str]] = {}
        path = _nickname_file()
        if path:
            with open(path, encoding="utf-8") as lines:
                next(lines, None)
                for line in lines:
                    a, _, b = line.strip().split(",")
                    table.setdefault(a, set()).add(b)
                    table.setdefault(b, set()).add(a)
        _RELATED = {k: frozenset(v) for k, v in table.items()}
    words = fold(given).split()
    return _RELATED.get(words[0], frozenset()) if words else frozenset()


def nickname_keys(name: str, parts: NameParts = NameParts()) -> set[str]:
    """`person_key` with the given name replaced by each name it is a
    nickname or the formal form of ("bill chen" for William Chen)."""
    found = tidy(name, parts)
    given, family = found.parts.given, found.parts.family
    if not (given and family):
        return set()
    return {match_fold(f"{other} {family}") for other in related_names(given)}
