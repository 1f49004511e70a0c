"""People an import has just added who may be someone already known. A
registrant is matched by their email alone (`self_typed`: anyone can type a
name), so Siobhan O'Brien registering with her own Gmail address is added
beside Siobhán O'Brien of her school. The summary points at each such pair,
with the merge that would fold them: never done for the user, who knows
whether two namesakes are one person (`pln duplicates` finds them later too)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from plncrm.core.same_person import distinct_pairs
from plncrm.importers.records import Named
from plncrm.store.plain import Reader
from plncrm.util.text import fold, match_fold, words

BATCH = 500  # names a query asks about


@dataclass(frozen=True)
class Namesake:
    """Someone added (`new_id` 0 in a dry run) and a contact of the same name."""

    new_id: int
    new_name: str
    known_id: int
    known_name: str
    why: str  # "same name", "same name and organisation"

    @property
    def merge(self) -> str | None:
        """The command that folds the new one into the known one (none in a dry run)."""
        return f"pln merge {self.known_id} {self.new_id}" if self.new_id else None

    def as_dict(self) -> dict[str, object]:
        return {
            "added": {"id": self.new_id or None, "name": self.new_name},
            "known": {"id": self.known_id, "name": self.known_name},
            "why": self.why,
            "merge": self.merge,
        }


def namesakes(reader: Reader, added: Sequence[Named]) -> list[Namesake]:
    """Each added person's namesakes among the contacts (case and accents
    aside), those earlier added by the same import included, never a pair
    marked as different people; in the order they were added."""
    keys = sorted({fold(p.name) for p in added if p.name.strip()})
    rows: list[tuple[int, str, str, str | None]] = []
    for at in range(0, len(keys), BATCH):
        rows += reader.tuples(
            "SELECT id, name, name_key, org FROM contact "
            "WHERE name_key IN :keys AND NOT archived ORDER BY id",
            {"keys": keys[at : at + BATCH]},
        )
    if not rows:
        return []
    by_key: dict[str, list[tuple[int, str, str | None]]] = {}
    for cid, name, key, org in rows:
        by_key.setdefault(key, []).append((cid, name, org))
    new = {p.id for p in added if p.id}
    orgs = {cid: org for cid, _, _, org in rows}
    distinct = distinct_pairs(reader)
    found = []
    for person in added:
        for cid, name, org in by_key.get(fold(person.name), []):
            if cid == person.id or (cid in new and cid > person.id):
                continue  # themself; two added namesakes are said once
            if (min(cid, person.id), max(cid, person.id)) in distinct:
                continue
            mine = orgs.get(person.id) if person.id else person.org  # a dry run's
            same = bool(mine and org and words(match_fold(mine)) == words(match_fold(org)))
            why = "same name and organisation" if same else "same name"
            found.append(Namesake(person.id, person.name, cid, name, why))
    return found
