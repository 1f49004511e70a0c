"""Which contacts a list shows: the filters, the orders, pages and batches,
and how many there are in all. One query, written once, for `list`, `search`,
invitations by tag or event, and the exports.

Words are found as `store.textsearch` describes: on SQLite through its
full-text index (a search word matches the start of an indexed word, ignoring
case and accents), on PostgreSQL by regular expressions over the folded name
and details and the lower-cased organisation, role and notes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from plncrm.reads.contacts import COLUMNS
from plncrm.reads.events import MET_THERE
from plncrm.reads.rows import of
from plncrm.store.plain import Reader, Source, reader
from plncrm.store.schema import Contact
from plncrm.util.social import handle_url
from plncrm.util.text import escape_like, fold, slug

SortKey = Literal["name", "last-contacted", "added"]  # the orders of store.kinds.CONTACT_SORTS


@dataclass(frozen=True)
class ContactFilter:
    """Which contacts a list, its count or its batches are about: every field
    given narrows them. `text` matches all of its words, each in the name,
    organisation, role, notes, emails, tags, needs or offers."""

    tags: Sequence[str] = ()
    org: str | None = None  # words in the organisation's name, when no record fits it
    org_ids: Sequence[int] = ()  # the organisations `org` means (`organisations.meant_by`)
    text: str | None = None
    met_event_id: int | None = None
    community_id: int | None = None
    contact_ids: Sequence[int] | None = None
    archived: bool = False  # True: only the archived, who are otherwise left out
    unnamed: bool = False  # only those named from their email address, still to name
    quiet_since: date | None = None  # not contacted on or after this day (never counts)


EVERYONE = ContactFilter()

_ORDER: dict[str, str] = {
    "name": "contact.name_key, contact.id",
    # NULLS LAST in a form both engines read: the flag sorts first.
    "last-contacted": "(contact.last_contacted IS NULL), contact.last_contacted DESC, "
    "contact.name_key",
    "added": "contact.id DESC",
}
# --reverse: the same orders backwards (never contacted first, then the longest ago).
_REVERSED: dict[str, str] = {
    "name": "contact.name_key DESC, contact.id DESC",
    "last-contacted": "(contact.last_contacted IS NOT NULL), contact.last_contacted, "
    "contact.name_key",
    "added": "contact.id",
}


def _where(where: ContactFilter, dialect: str, by_name: bool = False) -> tuple[str, dict[str, Any]]:
    """The SQL condition on `contact` for `where`, and its parameters. With
    `by_name`, a tag is checked while walking the names in order (`+id`: not
    by looking up each of its people), which finds a page of a tag that many
    people have sooner."""
    terms = ["contact.archived = :archived"]
    params: dict[str, Any] = {"archived": where.archived}
    member = "+contact.id" if by_name else "contact.id"
    for n, tag in enumerate(where.tags):
        terms.append(
            f"{member} IN (SELECT contact_id FROM contact_detail "
            f"WHERE kind = 'tag' AND key = :tag{n})"
        )
        params[f"tag{n}"] = slug(tag)
    if where.org_ids:
        terms.append("contact.org_id IN :org_ids")
        params["org_ids"] = list(where.org_ids)
    elif where.org:
        terms.append(r"lower(contact.org) LIKE :org ESCAPE '\'")
        params["org"] = f"%{escape_like(where.org.lower())}%"
    if where.text:
        found, more = _text_terms(where.text, dialect)
        terms += found
        params.update(more)
    if where.met_event_id is not None:
        terms.append(f"contact.id IN ({MET_THERE})")  # first met there, or again
        params["met_event_id"] = where.met_event_id
    if where.community_id is not None:
        terms.append(
            "contact.id IN (SELECT contact_id FROM community_member "
            "WHERE community_id = :community_id)"
        )
        params["community_id"] = where.community_id
    if where.contact_ids is not None:
        terms.append("contact.id IN :contact_ids")
        params["contact_ids"] = list(where.contact_ids)
    if where.quiet_since is not None:
        terms.append("(contact.last_contacted IS NULL OR contact.last_contacted < :quiet_since)")
        params["quiet_since"] = where.quiet_since
    if where.unnamed:  # as `names.looks_like_email` decides
        terms.append("contact.name LIKE '%@%' AND contact.name NOT LIKE '% %'")
    return " AND ".join(terms), params


def _as_link(word: str) -> str:
    url = handle_url(word) if "." in word else None
    return re.sub(r"^https?://", "", url) if url else word


def _text_terms(words: str, dialect: str) -> tuple[list[str], dict[str, Any]]:
    """Conditions that together find the contacts containing every word. A
    handle ("ana@mastodon.social", "ana.bsky.social") is looked for as the
    profile address it is stored as."""
    split = [_as_link(word) for word in words.split()]
    terms: list[str] = []
    params: dict[str, Any] = {}
    if dialect == "postgresql":
        for n, word in enumerate(split):
            # Word starts (\m) depend on the database's locale, which may not
            # know letters beyond ASCII ("王芳", "Петров"): those match anywhere.
            start = r"\m" if word[:1].isascii() else ""
            params[f"folded{n}"] = start + re.escape(fold(word))
            params[f"lowered{n}"] = start + re.escape(word.lower())
            terms.append(
                f"(contact.name_key ~ :folded{n} OR lower(contact.org) ~ :lowered{n} "
                f"OR lower(contact.role) ~ :lowered{n} OR lower(contact.notes) ~ :lowered{n} "
                f"OR contact.id IN (SELECT contact_id FROM contact_detail WHERE key ~ :folded{n}))"
            )
        return terms, params
    indexed = [w for w in split if re.search(r"[^\W_]", w)]
    for n, word in enumerate(w for w in split if w not in indexed):  # punctuation alone
        params[f"like{n}"] = f"%{escape_like(fold(word))}%"
        terms.append(
            rf"(contact.name_key LIKE :like{n} ESCAPE '\' OR lower(contact.org) LIKE :like{n} "
            rf"ESCAPE '\' OR lower(contact.role) LIKE :like{n} ESCAPE '\' "
            rf"OR lower(contact.notes) LIKE :like{n} ESCAPE '\' "
            rf"OR contact.id IN (SELECT contact_id FROM contact_detail "
            rf"WHERE key LIKE :like{n} ESCAPE '\'))"
        )
    if indexed:
        params["match"] = " ".join('"' + word.replace('"', '""') + '"*' for word in indexed)
        terms.append(
            "contact.id IN (SELECT rowid FROM contact_words WHERE contact_words MATCH :match)"
        )
    return terms, params


def _query(
    source: Source, where: ContactFilter, sort: SortKey, limit: int | None, reverse: bool = False
) -> tuple[Any, str, dict[str, Any]]:
    read = reader(source)
    by_name = bool(limit) and sort == "name" and not reverse and _common_tags(read, where)
    condition, params = _where(where, read.dialect, by_name)
    order = (_REVERSED if reverse else _ORDER)[sort]
    if not limit:
        return read, f"SELECT {COLUMNS} FROM contact WHERE {condition} ORDER BY {order}", params
    # A page: order the matching ids first, then read the page's whole rows.
    # Sorting whole rows cost three times as much for a tag 3,000 people have.
    page = f"SELECT contact.id FROM contact WHERE {condition} ORDER BY {order} LIMIT {int(limit)}"
    return (
        read,
        f"SELECT {COLUMNS} FROM contact WHERE contact.id IN ({page}) ORDER BY {order}",
        params,
    )


COMMON = 25  # a tag one in this many people have is common: a page walks the names


def _common_tags(read: Reader, where: ContactFilter) -> bool:
    """Whether every tag of an otherwise unfiltered list is common (on SQLite,
    whose planner would otherwise look up and sort all of its people)."""
    if read.dialect != "sqlite" or not where.tags or where.text or where.org or where.org_ids:
        return False
    size = int(read.rows("SELECT coalesce(max(id), 0) AS n FROM contact")[0]["n"])
    enough = max(size // COMMON, 1)
    for tag in where.tags:
        sql = (
            "SELECT count(*) AS n FROM (SELECT 1 FROM contact_detail "
            "WHERE kind = 'tag' AND key = :tag LIMIT :enough) AS found"
        )
        if int(read.rows(sql, {"tag": slug(tag), "enough": enough})[0]["n"]) < enough:
            return False
    return True


def list_contacts(
    source: Source,
    where: ContactFilter = EVERYONE,
    *,
    sort: SortKey = "name",
    limit: int | None = None,
    reverse: bool = False,
) -> list[Contact]:
    """The contacts `where` describes, in `sort` order (or its `reverse`), at
    most `limit` of them."""
    read, sql, params = _query(source, where, sort, limit, reverse)
    return [of(Contact, r) for r in read.rows(sql, params)]


def contact_batches(
    source: Source,
    where: ContactFilter = EVERYONE,
    *,
    sort: SortKey = "name",
    reverse: bool = False,
) -> Iterator[list[Contact]]:
    """Every contact `list_contacts` would return, read a batch at a time, so
    that listing or exporting 260,000 people never holds them all at once."""
    read, sql, params = _query(source, where, sort, None, reverse)
    for batch in read.batches(sql, params):
        yield [of(Contact, r) for r in batch]


COUNT_CAP = 1000  # a page says "of 1,000+" beyond this: counting further grows with the network


def count_contacts(source: Source, where: ContactFilter = EVERYONE, cap: int | None = None) -> int:
    """How many contacts `list_contacts` would return without a limit, or
    `cap` when there are at least that many."""
    read = reader(source)
    condition, params = _where(where, read.dialect)
    inner = f"SELECT contact.id FROM contact WHERE {condition}"
    if cap:
        inner += f" LIMIT {int(cap)}"
    return int(read.rows(f"SELECT count(*) AS n FROM ({inner}) AS counted", params)[0]["n"])
