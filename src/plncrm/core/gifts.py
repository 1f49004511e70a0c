"""What became of the resources given (`pln resource show`, the report), and
whom a resource would help: contacts whose needs its needs or tags answer,
matched as matchmaking matches needs with offers (stemmed keywords, so that
"decodables" answers "decodable texts")."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from plncrm.core.resources import GIVEN, items
from plncrm.core.touch import recorded_together, stamped
from plncrm.store.db import connection, fetch
from plncrm.store.plain import Reader
from plncrm.store.schema import Resource
from plncrm.util.batches import chunks
from plncrm.util.text import keywords, keywords_of_folded

if TYPE_CHECKING:
    from sqlmodel import Session

# A need is answered when a resource's phrase covers this share of its
# keywords: matchmaking's MIN_COVERAGE ("decodables" covers "decodable texts").
MIN_COVERAGE = 0.34
FOLLOWED_SHOWN = 5  # later interactions listed for each recipient
MAX_NEEDS_READ = 200_000  # needs scanned for pointers: a bound, far above a real network

Touch = tuple[date, int, datetime | None]  # an interaction's day, id and when it was recorded


def followed(gift: Touch, touch: Touch) -> bool:
    """Did `touch` follow `gift`: logged after it and not recorded with it (the
    kiosk's invitation and answer, a second resource at the same booth visit:
    `touch.recorded_together`, the rule that keeps them from following up
    meeting them too)."""
    return touch[:2] > gift[:2] and not recorded_together(gift[2], touch[2])


def _touch(on: Any, iid: Any, created: Any) -> Touch:
    day = on if isinstance(on, date) else date.fromisoformat(str(on)[:10])
    return day, int(iid), stamped(created)


@dataclass
class Recipient:
    """Someone given a resource, when, and what followed with them since."""

    contact_id: int
    name: str
    given_on: date
    gift_id: int
    gift_recorded: datetime | None  # what follows the gift: see `followed`
    followed: list[tuple[date, str, str | None]] = field(default_factory=list)
    followed_count: int = 0


def who_received(source: Reader | Session, resource: Resource) -> list[Recipient]:
    """Each person given `resource` (first gift), oldest first, with the
    interactions with them after it (newest first, a few), other than gifts
    of the same resource."""
    db = connection(source)
    first: dict[int, Recipient] = {}
    gifts: set[int] = set()
    for row in db.rows(
        "SELECT i.id, i.happened_on, i.created_at, ic.contact_id, c.name FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
        "JOIN contact c ON c.id = ic.contact_id "
        "WHERE i.resource_id = :r ORDER BY i.happened_on, i.id",
        {"r": resource.id},
    ):
        gifts.add(int(row["id"]))
        contact_id = int(row["contact_id"])
        if contact_id not in first:
            first[contact_id] = Recipient(
                contact_id,
                str(row["name"]),
                row["happened_on"],
                int(row["id"]),
                _touch(row["happened_on"], row["id"], row["created_at"])[2],
            )
    _after(db, first, gifts)
    return list(first.values())


def _after(db: Reader, people: dict[int, Recipient], gifts: set[int]) -> None:
    """Fill in what followed each recipient's gift."""
    for chunk in chunks(list(people)):
        for row in db.rows(
            "SELECT i.id, i.happened_on, i.created_at, i.kind, i.note, ic.contact_id "
            "FROM interaction i JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "AND ic.role = 'with' "  # in touch with them: not a mention (an intro proposed)
            "WHERE ic.contact_id IN :ids ORDER BY i.happened_on DESC, i.id DESC",
            {"ids": chunk},
        ):
            person = people[int(row["contact_id"])]
            gift = (person.given_on, person.gift_id, person.gift_recorded)
            touch = _touch(row["happened_on"], row["id"], row["created_at"])
            if int(row["id"]) in gifts or not followed(gift, touch):
                continue
            person.followed_count += 1
            if len(person.followed) < FOLLOWED_SHOWN:
                person.followed.append((row["happened_on"], str(row["kind"]), row["note"]))


Phrase = tuple[str, frozenset[str]]  # a resource's need or tag, and its keywords


def _phrases(resource: Resource) -> list[Phrase]:
    """A resource's needs, then its tags ("decodable-texts": two words), with their keywords."""
    said = [*items(resource.needs), *items(resource.tags)]
    return [(p, keywords(p.replace("-", " "))) for p in said]


def _answered_by(phrases: Sequence[Phrase], wanted: frozenset[str]) -> str | None:
    """The first of `phrases` that answers a need of keywords `wanted`."""
    if not wanted:
        return None
    for phrase, words in phrases:
        shared = wanted & words
        if shared and len(shared) / len(wanted) >= MIN_COVERAGE:
            return phrase
    return None


def _given(db: Reader, resource_ids: Sequence[int]) -> set[tuple[int, int]]:
    """(resource, contact) pairs already given."""
    found: set[tuple[int, int]] = set()
    for chunk in chunks(list(resource_ids)):
        for rid, cid in db.tuples(
            "SELECT i.resource_id, ic.contact_id FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "WHERE i.resource_id IN :ids",
            {"ids": chunk},
        ):
            found.add((int(rid), int(cid)))
    return found


def for_contact(source: Reader | Session, contact_id: int) -> list[tuple[Resource, str]]:
    """Resources that answer one of the contact's needs and were not given to
    them yet, each with the need it answers."""
    db = connection(source)
    needs = [
        str(v)
        for (v,) in db.tuples(
            "SELECT value FROM contact_detail WHERE contact_id = :c AND kind = 'need' "
            "ORDER BY position",
            {"c": contact_id},
        )
    ]
    if not needs:
        return []
    given = {
        int(rid)
        for (rid,) in db.tuples(
            "SELECT i.resource_id FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "WHERE ic.contact_id = :c AND i.resource_id IS NOT NULL",
            {"c": contact_id},
        )
    }
    wanted = [(n, keywords(n)) for n in needs]
    found = []
    for resource in fetch(db, Resource, "1 = 1 ORDER BY name_key"):
        phrases = _phrases(resource)
        need = next((n for n, k in wanted if _answered_by(phrases, k) is not None), None)
        if need is not None and resource.id not in given:
            found.append((resource, need))
    return found


def offered(source: Reader | Session, contact_id: int) -> list[dict[str, Any]]:
    """`for_contact` as `pln show --json` writes it."""
    return [
        {"id": r.id, "name": r.name, "link": r.link, "need": need}
        for r, need in for_contact(source, contact_id)
    ]


@dataclass
class Pointer:
    """People whose needs a resource answers and who were not given it yet."""

    resource: Resource
    about: str  # the resource's phrase that answered the most of them
    people: list[tuple[int, str]]  # (id, name), by name
    interested: bool = False  # tagged with one of its tags (`interested`), not asked for it


def pointers(
    source: Reader | Session, *, at_least: int = 1, only: int | None = None
) -> list[Pointer]:
    """For each resource, the active contacts who asked for what it answers
    and do not have it yet (`only`: that contact): the most asked-for first."""
    db = connection(source)
    resources = [r for r in fetch(db, Resource, "1 = 1 ORDER BY name_key") if _phrases(r)]
    if not resources:
        return []
    given = _given(db, [r.id or 0 for r in resources])
    rows = db.tuples(
        "SELECT d.contact_id, c.name, c.name_key, d.key FROM contact_detail d "
        "JOIN contact c ON c.id = d.contact_id "
        f"WHERE d.kind = 'need' AND NOT c.archived {'AND c.id = :only' if only else ''} "
        f"ORDER BY c.name_key LIMIT {MAX_NEEDS_READ}",
        {"only": only},
    )
    needs = [(int(cid), str(name), keywords_of_folded(str(key))) for cid, name, _, key in rows]
    by_word: dict[str, list[int]] = defaultdict(list)  # keyword → the needs that hold it
    for n, (_, _, wanted) in enumerate(needs):
        for word in wanted:
            by_word[word].append(n)
    found = []
    for resource in resources:
        phrases = _phrases(resource)
        counts: dict[str, int] = defaultdict(int)
        people: dict[int, str] = {}
        near = {n for _, words in phrases for w in words for n in by_word.get(w, ())}
        for n in sorted(near):  # by name, as the needs were read
            contact_id, name, wanted = needs[n]
            if (resource.id or 0, contact_id) in given or contact_id in people:
                continue
            matched = _answered_by(phrases, wanted)
            if matched is not None:
                people[contact_id] = name
                counts[matched] += 1
        if len(people) >= at_least:
            about = max(counts, key=lambda p: counts[p])
            found.append(Pointer(resource, about, list(people.items())))
    found.sort(key=lambda p: (-len(p.people), p.resource.name_key))
    return found


def interested(
    source: Reader | Session, *, only: int | None = None, asked: Sequence[Pointer] = ()
) -> list[Pointer]:
    """For each resource, the active contacts tagged with one of its tags (a
    kiosk's interests become tags) who were not given it and are not among
    those who asked for what it answers (`asked`, from `pointers`): pointed
    at as interested in the tag, not as having asked. Most people first."""
    db = connection(source)
    resources = [r for r in fetch(db, Resource, "1 = 1 ORDER BY name_key") if items(r.tags)]
    if not resources:
        return []
    given = _given(db, [r.id or 0 for r in resources])
    already = {(p.resource.id or 0, cid) for p in asked for cid, _ in p.people}
    by_tag: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for cid, name, key in db.tuples(
        "SELECT d.contact_id, c.name, d.key FROM contact_detail d "
        "JOIN contact c ON c.id = d.contact_id "
        "WHERE d.kind = 'tag' AND d.key IN :tags AND NOT c.archived "
        f"{'AND c.id = :only' if only else ''} ORDER BY c.name_key, c.id",
        {"tags": sorted({t for r in resources for t in items(r.tags)}), "only": only},
    ):
        by_tag[str(key)].append((int(cid), str(name)))
    found = []
    for resource in resources:
        counts: dict[str, int] = defaultdict(int)
        people: dict[int, str] = {}
        for tag in items(resource.tags):
            for cid, name in by_tag.get(tag, ()):
                pair = (resource.id or 0, cid)
                if pair not in given and pair not in already and cid not in people:
                    people[cid] = name
                    counts[tag] += 1
        if people:
            about = max(counts, key=lambda t: counts[t])
            found.append(Pointer(resource, about, list(people.items()), interested=True))
    found.sort(key=lambda p: (-len(p.people), p.resource.name_key))
    return found


@dataclass(frozen=True)
class Returns:
    """Resources given in a period, and what came back: recipients who were
    in touch again after their gift (up to today)."""

    given: int  # gifts logged in the period (one a person)
    people: int  # distinct people given something
    came_back: int  # of them, those with an interaction after their gift


def returns(source: Reader | Session, since: date, until: date | None = None) -> Returns:
    """What `pln report` counts of the resources given from `since` to `until`
    (a period's end: a past quarter's leaves out what was given after it;
    None: up to now). What came back is counted up to now, as follow-ups are:
    an interaction with them after the gift (not another gift, not one that
    only mentions them, as proposing an introduction does)."""
    db = connection(source)
    first: dict[int, Touch] = {}  # each person's first gift
    given = 0
    for iid, cid, on, created in db.tuples(
        "SELECT i.id, ic.contact_id, i.happened_on, i.created_at FROM interaction i "
        "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
        "WHERE i.kind = :kind AND i.resource_id IS NOT NULL "
        "AND i.happened_on >= :since AND i.happened_on <= :until ORDER BY i.happened_on",
        {"kind": GIVEN, "since": since, "until": until or date.max},
    ):
        given += 1
        first.setdefault(int(cid), _touch(on, iid, created))
    back = 0
    for chunk in chunks(list(first)):
        later = db.tuples(
            "SELECT ic.contact_id, i.id, i.happened_on, i.created_at FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id AND ic.role = 'with' "
            "WHERE ic.contact_id IN :ids AND i.happened_on >= :since AND i.kind <> :kind",
            {"ids": chunk, "since": since, "kind": GIVEN},
        )
        came = set()
        for cid, iid, on, created in later:
            if followed(first[int(cid)], _touch(on, iid, created)):
                came.add(int(cid))
        back += len(came)
    return Returns(given, len(first), back)


def recipient_view(person: Recipient) -> dict[str, Any]:
    """Someone given a resource, as `pln resource show --json` writes it."""
    return {
        "id": person.contact_id,
        "name": person.name,
        "given_on": person.given_on.isoformat(),
        "followed": [
            {"on": on.isoformat(), "kind": kind, "note": note} for on, kind, note in person.followed
        ],
        "followed_count": person.followed_count,
    }


def pointer_view(pointer: Pointer) -> dict[str, Any]:
    """A resource to give those who asked, as `pln suggest --json` writes it."""
    return {
        "resource_id": pointer.resource.id,
        "name": pointer.resource.name,
        "about": pointer.about,
        "why": "interested" if pointer.interested else "asked",
        "people": [{"id": i, "name": n} for i, n in pointer.people],
    }


def sent_to(source: Reader | Session, resource: Resource) -> set[int]:
    """Those pln already sent `resource` to (a gift logged with its message)."""
    return {
        int(cid)
        for (cid,) in connection(source).tuples(
            "SELECT ic.contact_id FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "WHERE i.resource_id = :r AND i.message_id IS NOT NULL",
            {"r": resource.id},
        )
    }
