"""Gathering what `scheduler.suggestions` needs, without reading the whole network.

Seeds are the person named with --for, or the `ACTIVE` most recently contacted
people; partners come from everyone who needs or offers something and from
the seeds' rare groups. Groups are then read only for the candidates.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select, text
from sqlmodel import Session, col

from plncrm.matchmaking.rank import Candidate, Suggestion, candidates, is_rare, rank
from plncrm.reads import settings
from plncrm.store.kinds import ATTENDED, STEP_KINDS
from plncrm.store.models import Community, CommunityMember, Contact, ContactDetail, Introduction
from plncrm.store.plain import SessionReader
from plncrm.util.batches import chunks
from plncrm.util.text import fold, keywords_of_folded

ACTIVE = 150


@lru_cache(maxsize=65536)
def _keywords(folded: str) -> frozenset[str]:
    return keywords_of_folded(folded)


@lru_cache(maxsize=65536)
def _org(org: str | None) -> str | None:
    return fold(org) if org else None


def groups_of(session: Session, ids: Sequence[int]) -> dict[int, set[str]]:
    """Tags and communities of these contacts, as "tag:x" / "community:Name"."""
    found: dict[int, set[str]] = {}
    for chunk in chunks(ids):
        for contact_id, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
                col(ContactDetail.kind) == "tag", col(ContactDetail.contact_id).in_(chunk)
            )
        ):
            found.setdefault(contact_id, set()).add(f"tag:{key}")
        for contact_id, name in session.execute(
            select(col(CommunityMember.contact_id), col(Community.name))
            .join(Community, col(Community.id) == col(CommunityMember.community_id))
            .where(col(CommunityMember.contact_id).in_(chunk))
        ):
            found.setdefault(contact_id, set()).add(f"community:{name}")
    return found


def group_sizes(session: Session, groups: Iterable[str]) -> dict[str, int]:
    tags = sorted({g[4:] for g in groups if g.startswith("tag:")})
    names = sorted({g[10:] for g in groups if g.startswith("community:")})
    sizes: dict[str, int] = {}
    for batch in chunks(tags):
        for key, n in session.execute(
            select(col(ContactDetail.key), func.count())
            .where(
                col(ContactDetail.kind) == "tag",
                col(ContactDetail.key).in_(batch),
            )
            .group_by(col(ContactDetail.key))
        ):
            sizes[f"tag:{key}"] = n
    if names:
        for name, n in session.execute(
            select(col(Community.name), func.count())
            .join(CommunityMember, col(CommunityMember.community_id) == col(Community.id))
            .where(col(Community.name).in_(names))
            .group_by(col(Community.name))
        ):
            sizes[f"community:{name}"] = n
    return sizes


def rare_members(
    session: Session,
    groups: Iterable[str],
    sizes: dict[str, int],
    total: int,
    quiet: frozenset[str] = frozenset(),
) -> dict[str, list[int]]:
    rare = [g for g in groups if is_rare(g, sizes.get(g, 0), total, quiet)]
    members: dict[str, list[int]] = {}
    tags = [g[4:] for g in rare if g.startswith("tag:")]
    for batch in chunks(tags):
        for contact_id, key in session.execute(
            select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
                col(ContactDetail.kind) == "tag",
                col(ContactDetail.key).in_(batch),
            )
        ):
            members.setdefault(f"tag:{key}", []).append(contact_id)
    names = [g[10:] for g in rare if g.startswith("community:")]
    if names:
        for contact_id, name in session.execute(
            select(col(CommunityMember.contact_id), col(Community.name))
            .join(Community, col(Community.id) == col(CommunityMember.community_id))
            .where(col(Community.name).in_(names))
        ):
            members.setdefault(f"community:{name}", []).append(contact_id)
    return members


def _day(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


PARTNER_PHRASES = 6000  # needs and offers of the most recently contacted people

_COLUMNS = "d.contact_id, d.kind, d.value, d.key, c.name, c.org, c.last_contacted"
# Walk contacts newest first and stop after PARTNER_PHRASES phrases: the work does
# not grow with the network. (SQLite needs CROSS JOIN to keep that join order.)
_RECENT = (
    "SELECT " + _COLUMNS + " FROM contact c {join} contact_detail d ON d.contact_id = c.id "
    "AND d.kind IN ('need', 'offer') WHERE c.archived = :archived AND c.last_contacted IS NOT NULL "
    "ORDER BY c.last_contacted DESC, c.id LIMIT :limit"
)
_OF = text(
    "SELECT " + _COLUMNS + " FROM contact c JOIN contact_detail d ON d.contact_id = c.id "
    "AND d.kind IN ('need', 'offer') WHERE c.id IN :ids"
).bindparams(bindparam("ids", expanding=True))


def _people(session: Session, extra_ids: Sequence[int]) -> list[Candidate]:
    """The needs and offers of the most recently contacted people, and of
    `extra_ids` (the seeds) whoever they are.

    Plain SQL: skipping the ORM's per-row handling halves the time."""
    conn = session.connection()
    join = "CROSS JOIN" if conn.dialect.name == "sqlite" else "JOIN"
    rows = list(
        conn.execute(text(_RECENT.format(join=join)), {"archived": False, "limit": PARTNER_PHRASES})
    )
    seen = {row[0] for row in rows}
    wanted = [i for i in extra_ids if i not in seen]
    for batch in chunks(wanted):
        rows += conn.execute(_OF, {"ids": batch}).all()
    grouped: dict[int, list[Any]] = {}
    for contact_id, kind, value, key, name, org, last in rows:
        entry = grouped.setdefault(contact_id, [name, org, last, [], []])
        entry[3 if kind == "need" else 4].append((value, _keywords(key)))
    people = [
        Candidate(cid, name, _org(org), tuple(needs), tuple(offers), frozenset(), _day(last))
        for cid, (name, org, last, needs, offers) in grouped.items()
    ]
    return people + _more_people(session, [i for i in extra_ids if i not in grouped])


def _more_people(session: Session, ids: Sequence[int]) -> list[Candidate]:
    people = []
    for chunk in chunks(ids):
        for cid, name, org, last in session.execute(
            select(
                col(Contact.id), col(Contact.name), col(Contact.org), col(Contact.last_contacted)
            ).where(col(Contact.id).in_(chunk), col(Contact.archived).is_(False))
        ):
            people.append(Candidate(id=cid, name=name, org=_org(org), last_contacted=last))
    return people


# A touchpoint logged with several people ("lunch with Ana and Ben", a call,
# a thread) means they have met, unless it only records each one's part in
# something larger: an event attended, an invitation, a link accepted. Nor does
# a gathering of more than TOGETHER_MAX people introduce all of them.
NOT_TOGETHER = (ATTENDED, *STEP_KINDS)
TOGETHER_MAX = 12


_TOGETHER = text(
    "SELECT a.contact_id, b.contact_id FROM interaction_contact a "
    "JOIN interaction i ON i.id = a.interaction_id "
    "JOIN interaction_contact b ON b.interaction_id = a.interaction_id "
    "AND b.role = 'with' AND b.contact_id <> a.contact_id "
    "WHERE a.contact_id IN :ids AND a.role = 'with' AND i.kind NOT IN :kinds "
    "AND (SELECT count(*) FROM interaction_contact n "
    "WHERE n.interaction_id = a.interaction_id AND n.role = 'with') <= :most"
).bindparams(bindparam("ids", expanding=True), bindparam("kinds", expanding=True))


def logged_together(session: Session, ids: Sequence[int]) -> set[tuple[int, int]]:
    """Pairs, each involving one of `ids`, logged together in one touchpoint
    (`pln log ana ben -m "lunch"`): they have met, no need to introduce them.

    Plain SQL through the index on each contact's interactions."""
    conn = session.connection()
    pairs: set[tuple[int, int]] = set()
    for chunk in chunks(ids):
        params = {"ids": list(chunk), "kinds": list(NOT_TOGETHER), "most": TOGETHER_MAX}
        for a, b in conn.execute(_TOGETHER, params):
            pairs.add((min(a, b), max(a, b)))
    return pairs


def import_tags(session: Session) -> frozenset[str]:
    """The tags imports have put on everyone they brought (`import-tags`)."""
    return frozenset(
        t for t in settings.value(SessionReader(session), "import-tags").split(",") if t
    )


def connected_pairs(session: Session) -> set[tuple[int, int]]:
    """Pairs never to suggest: already introduced, declined or in progress, or
    one brought the other."""
    pairs = {
        (low, high)
        for low, high in session.execute(
            select(col(Introduction.low_id), col(Introduction.high_id)).where(
                col(Introduction.status) != "cancelled"
            )
        )
    }
    for cid, via in session.execute(
        select(col(Contact.id), col(Contact.via_id)).where(col(Contact.via_id).is_not(None))
    ):
        pairs.add((min(cid, via), max(cid, via)))
    return pairs


def suggestions(
    session: Session,
    today: date,
    *,
    focus: Contact | None = None,
    limit: int = 10,
    same_org: bool = False,
) -> list[Suggestion]:
    if focus is not None and focus.id is not None:
        seeds = [focus.id]
    else:
        seeds = list(
            session.execute(
                select(col(Contact.id))
                .where(col(Contact.archived).is_(False))
                .order_by(col(Contact.last_contacted).desc().nulls_last(), col(Contact.id))
                .limit(ACTIVE)
            ).scalars()
        )
    total = session.execute(select(func.count()).select_from(Contact)).scalar_one()
    quiet = import_tags(session)
    seed_groups = groups_of(session, seeds)
    wanted = {g for gs in seed_groups.values() for g in gs}
    rare = rare_members(session, wanted, group_sizes(session, wanted), total, quiet)
    people = _people(session, seeds)
    known = {m.id for m in people}
    people += _more_people(session, sorted({i for ids in rare.values() for i in ids} - known))
    excluded = connected_pairs(session) | logged_together(session, seeds)
    pairs = candidates(people, seeds=seeds, rare_groups=rare, excluded=excluded, same_org=same_org)
    involved = sorted({i for key in pairs for i in key})
    groups = {cid: frozenset(gs) for cid, gs in groups_of(session, involved).items()}
    sizes = group_sizes(session, {g for gs in groups.values() for g in gs})
    return rank(pairs, today, groups=groups, sizes=sizes, total=total, limit=limit, quiet=quiet)
