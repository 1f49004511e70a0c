"""Which contacts a list shows: the filters, the orders, pages and batches,
and how many there are in all. One query, written once, for `list`, `search`,
invitations by tag or event, and the exports."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import Select, func, select
from sqlmodel import Session, col

from plncrm.store.models import CommunityMember, Contact, ContactDetail
from plncrm.store.textsearch import like_pattern, text_clauses
from plncrm.util.batches import CHUNK
from plncrm.util.text import slug

SortKey = Literal["name", "last-contacted", "added"]  # the orders of store.kinds.CONTACT_SORTS


@dataclass(frozen=True)
class ContactFilter:
    """Which contacts a list, its count or its batches are about: every field
    given narrows them. `text` matches all of its words, each in the name,
    organisation, role, notes, emails, tags, needs or offers."""

    tags: Sequence[str] = ()
    org: str | None = None
    text: str | None = None
    met_event_id: int | None = None
    community_id: int | None = None
    contact_ids: Sequence[int] | None = None
    archived: bool = False  # True: only the archived, who are otherwise left out
    unnamed: bool = False  # only those named from their email address, still to name


EVERYONE = ContactFilter()


def _filtered(where: ContactFilter, dialect: str) -> Select[Contact]:
    query = select(Contact).where(col(Contact.archived).is_(where.archived))
    for tag in where.tags:
        query = query.where(
            col(Contact.id).in_(
                select(col(ContactDetail.contact_id)).where(
                    col(ContactDetail.kind) == "tag", col(ContactDetail.key) == slug(tag)
                )
            )
        )
    if where.org:
        pattern = like_pattern(where.org.lower())
        query = query.where(func.lower(Contact.org).like(pattern, escape="\\"))
    if where.text:
        query = query.where(*text_clauses(where.text, dialect=dialect))
    if where.met_event_id is not None:
        query = query.where(col(Contact.met_event_id) == where.met_event_id)
    if where.community_id is not None:
        members = select(col(CommunityMember.contact_id)).where(
            col(CommunityMember.community_id) == where.community_id
        )
        query = query.where(col(Contact.id).in_(members))
    if where.contact_ids is not None:
        query = query.where(col(Contact.id).in_(where.contact_ids))
    if where.unnamed:  # as `names.looks_like_email` decides
        query = query.where(col(Contact.name).contains("@"), ~col(Contact.name).contains(" "))
    return query


_ORDER: dict[str, Callable[[], tuple[Any, ...]]] = {
    "name": lambda: (col(Contact.name_key), col(Contact.id)),
    "last-contacted": lambda: (
        col(Contact.last_contacted).desc().nulls_last(),
        col(Contact.name_key),
    ),
    "added": lambda: (col(Contact.id).desc(),),
}


def list_contacts(
    session: Session,
    where: ContactFilter = EVERYONE,
    *,
    sort: SortKey = "name",
    limit: int | None = None,
) -> list[Contact]:
    """The contacts `where` describes, in `sort` order, at most `limit` of them."""
    query = _filtered(where, _dialect(session)).order_by(*_ORDER[sort]())
    if limit:
        query = query.limit(limit)
    return list(session.execute(query).scalars())


def contact_batches(
    session: Session, where: ContactFilter = EVERYONE, *, sort: SortKey = "name"
) -> Iterator[list[Contact]]:
    """Every contact `list_contacts` would return, read `CHUNK` at a time, so
    that listing or exporting 260,000 people never holds them all at once."""
    query = _filtered(where, _dialect(session)).order_by(*_ORDER[sort]())
    result = session.execute(query.execution_options(yield_per=CHUNK))
    for batch in result.scalars().partitions():
        yield list(batch)


def _dialect(session: Session) -> str:
    return session.get_bind().dialect.name


def count_contacts(session: Session, where: ContactFilter = EVERYONE) -> int:
    """How many contacts `list_contacts` would return without a limit."""
    query = _filtered(where, _dialect(session))
    query = query.with_only_columns(func.count(col(Contact.id)))
    return int(session.execute(query).scalar_one())
