"""Gathering what `scheduler.suggestions` needs, without reading the whole network.

Seeds are the person named with --for, or the `ACTIVE` most recently contacted
people; partners come from everyone who needs or offers something and from
the seeds' rare groups. Groups are then read only for the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from plncrm.matchmaking.rank import Candidate, Suggestion, candidates, is_rare, rank
from plncrm.reads import settings
from plncrm.store.db import connection, value
from plncrm.store.kinds import ATTENDED, STEP_KINDS
from plncrm.store.plain import Reader, day
from plncrm.store.schema import Contact
from plncrm.util.batches import chunks
from plncrm.util.text import fold, keywords_of_folded

if TYPE_CHECKING:
    from sqlmodel import Session

ACTIVE = 150


@lru_cache(maxsize=65536)
def _keywords(folded: str) -> frozenset[str]:
    return keywords_of_folded(folded)


@lru_cache(maxsize=65536)
def _org(org: str | None) -> str | None:
    return fold(org) if org else None


_TAGS_OF = "SELECT contact_id, key FROM contact_detail WHERE kind = :tag AND contact_id IN :ids"
_COMMUNITIES = (
    "SELECT m.contact_id, c.name FROM community_member m "
    "JOIN community c ON c.id = m.community_id WHERE {where}"
)


def groups_of(db: Reader, ids: Sequence[int]) -> dict[int, set[str]]:
    """Tags and communities of these contacts, as "tag:x" / "community:Name"."""
    found: dict[int, set[str]] = {}
    for chunk in chunks(ids):
        for contact_id, key in db.tuples(_TAGS_OF, {"tag": "tag", "ids": chunk}):
            found.setdefault(contact_id, set()).add(f"tag:{key}")
        where = _COMMUNITIES.format(where="m.contact_id IN :ids")
        for contact_id, name in db.tuples(where, {"ids": chunk}):
            found.setdefault(contact_id, set()).add(f"community:{name}")
    return found


def group_sizes(db: Reader, groups: Iterable[str]) -> dict[str, int]:
    tags = sorted({g[4:] for g in groups if g.startswith("tag:")})
    names = sorted({g[10:] for g in groups if g.startswith("community:")})
    sizes: dict[str, int] = {}
    for batch in chunks(tags):
        for key, n in db.tuples(
            "SELECT key, count(*) FROM contact_detail WHERE kind = :tag AND key IN :keys "
            "GROUP BY key",
            {"tag": "tag", "keys": batch},
        ):
            sizes[f"tag:{key}"] = n
    if names:
        for name, n in db.tuples(
            "SELECT c.name, count(*) FROM community c "
            "JOIN community_member m ON m.community_id = c.id WHERE c.name IN :names "
            "GROUP BY c.name",
            {"names": names},
        ):
            sizes[f"community:{name}"] = n
    return sizes


def rare_members(
    db: Reader,
    groups: Iterable[str],
    sizes: dict[str, int],
    total: int,
    quiet: frozenset[str] = frozenset(),
) -> dict[str, list[int]]:
    rare = [g for g in groups if is_rare(g, sizes.get(g, 0), total, quiet)]
    members: dict[str, list[int]] = {}
    tags = [g[4:] for g in rare if g.startswith("tag:")]
    for batch in chunks(tags):
        for contact_id, key in db.tuples(
            "SELECT contact_id, key FROM contact_detail WHERE kind = :tag AND key IN :keys",
            {"tag": "tag", "keys": batch},
        ):
            members.setdefault(f"tag:{key}", []).append(contact_id)
    names = [g[10:] for g in rare if g.startswith("community:")]
    if names:
        where = _COMMUNITIES.format(where="c.name IN :names")
        for contact_id, name in db.tuples(where, {"names": names}):
            members.setdefault(f"community:{name}", []).append(contact_id)
    return members


PARTNER_PHRASES = 6000  # needs and offers of the most recently contacted people

_COLUMNS = "d.contact_id, d.kind, d.value, d.key, c.name, c.org, c.last_contacted"
# Walk contacts newest first and stop after PARTNER_PHRASES phrases: the work does
# not grow with the network. (SQLite needs CROSS JOIN to keep that join order.)
_RECENT = (
    "SELECT " + _COLUMNS + " FROM contact c {join} contact_detail d ON d.contact_id = c.id "
    "AND d.kind IN ('need', 'offer') WHERE c.archived = :archived AND c.last_contacted IS NOT NULL "
    "ORDER BY c.last_contacted DESC, c.id LIMIT :limit"
)
# Then those never contacted (added from a card, an import, a form), newest first:
# without them, `suggest --for` found a partner only once they had a timeline entry.
_NEVER = (
    "SELECT " + _COLUMNS + " FROM contact c {join} contact_detail d ON d.contact_id = c.id "
    "AND d.kind IN ('need', 'offer') WHERE c.archived = :archived AND c.last_contacted IS NULL "
    "ORDER BY c.id DESC LIMIT :limit"
)
_OF = (
    "SELECT " + _COLUMNS + " FROM contact c JOIN contact_detail d ON d.contact_id = c.id "
    "AND d.kind IN ('need', 'offer') WHERE c.id IN :ids"
)


def _people(db: Reader, extra_ids: Sequence[int]) -> list[Candidate]:
    """The needs and offers of the most recently contacted people (then of the
    never contacted), and of `extra_ids` (the seeds) whoever they are.

    Plain rows: skipping the ORM's per-row handling halved the time."""
    join = "CROSS JOIN" if db.dialect == "sqlite" else "JOIN"
    rows = db.tuples(_RECENT.format(join=join), {"archived": False, "limit": PARTNER_PHRASES})
    if len(rows) < PARTNER_PHRASES:
        left = PARTNER_PHRASES - len(rows)
        rows += db.tuples(_NEVER.format(join=join), {"archived": False, "limit": left})
    seen = {row[0] for row in rows}
    wanted = [i for i in extra_ids if i not in seen]
    for batch in chunks(wanted):
        rows += db.tuples(_OF, {"ids": batch})
    grouped: dict[int, list[Any]] = {}
    for contact_id, kind, text, key, name, org, last in rows:
        entry = grouped.setdefault(contact_id, [name, org, last, [], []])
        entry[3 if kind == "need" else 4].append((text, _keywords(key)))
    people = [
        Candidate(cid, name, _org(org), tuple(needs), tuple(offers), frozenset(), day(last))
        for cid, (name, org, last, needs, offers) in grouped.items()
    ]
    return people + _more_people(db, [i for i in extra_ids if i not in grouped])


def _more_people(db: Reader, ids: Sequence[int]) -> list[Candidate]:
    people = []
    for chunk in chunks(ids):
        for cid, name, org, last in db.tuples(
            "SELECT id, name, org, last_contacted FROM contact WHERE id IN :ids AND archived = :no",
            {"ids": chunk, "no": False},
        ):
            people.append(Candidate(id=cid, name=name, org=_org(org), last_contacted=day(last)))
    return people


# A touchpoint logged with several people ("lunch with Ana and Ben", a call,
# a thread) means they have met, unless it only records each one's part in
# something larger: an event attended, an invitation, a link accepted. Nor does
# a gathering of more than TOGETHER_MAX people introduce all of them.
NOT_TOGETHER = (ATTENDED, *STEP_KINDS)
TOGETHER_MAX = 12


_TOGETHER = (
    "SELECT a.contact_id, b.contact_id FROM interaction_contact a "
    "JOIN interaction i ON i.id = a.interaction_id "
    "JOIN interaction_contact b ON b.interaction_id = a.interaction_id "
    "AND b.role = 'with' AND b.contact_id <> a.contact_id "
    "WHERE a.contact_id IN :ids AND a.role = 'with' AND i.kind NOT IN :kinds "
    "AND (SELECT count(*) FROM interaction_contact n "
    "WHERE n.interaction_id = a.interaction_id AND n.role = 'with') <= :most"
)


def logged_together(db: Reader, ids: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs, each involving one of `ids`, logged together in one touchpoint
    (`pln log ana ben -m "lunch"`): they have met, no need to introduce them.

    Plain SQL through the index on each contact's interactions."""
    pairs: set[tuple[int, int]] = set()
    for chunk in chunks(ids):
        params = {"ids": list(chunk), "kinds": list(NOT_TOGETHER), "most": TOGETHER_MAX}
        for a, b in db.tuples(_TOGETHER, params):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def import_tags(db: Reader) -> frozenset[str]:
    """The tags imports have put on everyone they brought (`import-tags`)."""
    return frozenset(t for t in settings.value(db, "import-tags").split(",") if t)


def connected_pairs(db: Reader) -> set[tuple[int, int]]:
    """Pairs never to suggest: already introduced, declined or in progress, or
    one brought the other."""
    pairs = {
        (low, high)
        for low, high in db.tuples(
            "SELECT low_id, high_id FROM introduction WHERE status != :cancelled",
            {"cancelled": "cancelled"},
        )
    }
    for cid, via in db.tuples("SELECT id, via_id FROM contact WHERE via_id IS NOT NULL"):
        pairs.add((min(cid, via), max(cid, via)))
    return pairs


def suggestions(
    source: Reader | Session,
    today: date,
    *,
    focus: Contact | None = None,
    limit: int = 10,
    same_org: bool = False,
) -> list[Suggestion]:
    db = connection(source)
    if focus is not None and focus.id is not None:
        seeds = [focus.id]
    else:
        seeds = [
            cid
            for (cid,) in db.tuples(
                "SELECT id FROM contact WHERE archived = :no "
                "ORDER BY last_contacted DESC NULLS LAST, id LIMIT :active",
                {"no": False, "active": ACTIVE},
            )
        ]
    total = int(value(db, "SELECT count(*) FROM contact") or 0)
    quiet = import_tags(db)
    seed_groups = groups_of(db, seeds)
    wanted = {g for gs in seed_groups.values() for g in gs}
    rare = rare_members(db, wanted, group_sizes(db, wanted), total, quiet)
    people = _people(db, seeds)
    known = {m.id for m in people}
    people += _more_people(db, sorted({i for ids in rare.values() for i in ids} - known))
    excluded = connected_pairs(db) | logged_together(db, seeds)
    pairs = candidates(people, seeds=seeds, rare_groups=rare, excluded=excluded, same_org=same_org)
    involved = sorted({i for key in pairs for i in key})
    groups = {cid: frozenset(gs) for cid, gs in groups_of(db, involved).items()}
    sizes = group_sizes(db, {g for gs in groups.values() for g in gs})
    return rank(pairs, today, groups=groups, sizes=sizes, total=total, limit=limit, quiet=quiet)
