"""Cards new in the folder (made on a phone, not yet known to plncrm) come
in through the import engine, so that a card a phone made for someone
already known updates that contact instead of duplicating them; each
contact's card is then written back over the card. Two cards sharing a UID
are two people (matched, like any new card, by email, profile or name, never
by the UID they share). A second card of someone who has a card already is
folded into that card with all it holds (its name as another name, its
notes, every other property), and removed.

The cards go in as few imports as can be: one import loads the store once,
where one import a card made a sync of a thousand new cards take minutes."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from plncrm.addressbook import cards
from plncrm.addressbook.cardfiles import href_of
from plncrm.addressbook.moves import Syncing
from plncrm.addressbook.store_cards import StoreCard
from plncrm.core import contacts, same_person
from plncrm.core.contacts import ContactFields
from plncrm.importers.records import Record
from plncrm.store.db import savepoint
from plncrm.store.schema import Contact, new_uid
from plncrm.util.errors import PlnError
from plncrm.util.text import fold


def import_all(
    sync: Syncing, files: dict[str, bytes], own: dict[str, str], handled: set[str]
) -> None:
    """The cards new in the folder, in name order, through the import engine
    together (one import a card loaded the whole store for each: a thousand
    new cards took minutes). A file named as a contact's own card (an earlier
    export, never synced) comes in only if a card before it was that contact,
    so the cards before it go in first."""
    waiting: list[tuple[str, bytes]] = []
    for href in sorted(files):
        if href in own and own[href] not in handled:
            handled.update(import_cards(sync, waiting))
            waiting = []
            if own[href] not in handled:
                continue  # plncrm's own card, never synced: the caller compares it
        waiting.append((href, files.pop(href)))
    handled.update(import_cards(sync, waiting))


def import_cards(sync: Syncing, arrivals: list[tuple[str, bytes]]) -> set[str]:
    """Cards new in the folder (name, bytes), in order: each matched to a
    contact, or added, and the contact's card written back over it; the uids
    of their contacts. In as few imports as `_batch` allows; card by card once
    the engine refuses one (its savepoint alone is taken back, as before)."""
    uids: set[str] = set()
    start, alone = 0, False
    while start < len(arrivals):
        batch = arrivals[start : start + 1] if alone else arrivals[start:]
        taken = _batch(sync, batch, uids)
        if taken is None:
            alone = True
        else:
            start += taken
    return uids


def _batch(sync: Syncing, arrivals: list[tuple[str, bytes]], uids: set[str]) -> int | None:
    """Import the cards at once and write each contact's card back; how many
    of the first cards that took, or None when the engine refused one of
    several (nothing taken).

    One import takes its records one after another, as one sync per card did,
    but for two things: a card for someone an earlier card of the same import
    added is folded into that record, where one import per card merged it into
    the stored contact; and each card is written back only after all are in.
    So a batch ends before the first card whose contact a card before it has,
    or whose contact is in doubt (`_contacts`), and is imported again without
    it; a card in doubt first in its batch is imported alone."""
    while True:
        records = [_record(sync, theirs) for _, theirs in arrivals]
        try:
            found, rejected, cut = _imported(sync, records)
        except PlnError as exc:
            if len(arrivals) > 1:
                return None
            readable = next(r for r in records if r is not None)
            sync.step("skip", arrivals[0][0], readable.name, exc.message)
            return 1
        if cut == len(arrivals):
            break
        arrivals = arrivals[:cut]
    placed = _placed(sync)
    for (href, theirs), record, contact in zip(arrivals, records, found, strict=True):
        if record is None:
            sync.step("skip", href, href, "not a card plncrm can read; left as it is")
        elif contact is None or contact.id is None:
            why = "; ".join(rejected.get(record.line, []))
            sync.step("skip", href, record.name, why or "not added")
        else:
            uids.add(_place(sync, href, theirs, record, contact, placed))
    return len(arrivals)


def _imported(
    sync: Syncing, records: list[Record | None]
) -> tuple[list[Contact | None], dict[int, list[str]], int]:
    """The readable records through the import engine in a savepoint: the
    contact each went to, why the engine refused records (by their place,
    `Record.line`), and how many of the first records `_contacts` is sure of;
    kept only if that is all of them."""
    from plncrm.importers.apply import apply  # only when there are new cards

    readable = [r for r in records if r is not None]
    if not readable:
        return [None] * len(records), {}, len(records)
    for line, record in enumerate(readable, start=1):
        record.line = line
    given = [(r.uid, _addresses(r)) for r in readable]
    then: list[Contact | None] = []

    def one_by_one() -> Iterator[Record]:
        for record in readable:
            yield record
            then.append(_matched(sync, record))  # taken, and the records after it not yet

    rejected: dict[int, list[str]] = {}
    try:
        with savepoint(sync.db):
            report = apply(
                sync.db,
                one_by_one(),
                source="carddav",
                connected_note="Added on the phone",
                today=sync.today,
            )
            for refused in report.rejected:
                rejected.setdefault(refused.line, []).append(refused.reason)
            found, cut = _contacts(sync, records, given, then, rejected)
            if cut != len(records):
                raise _Again(found, cut)  # the engine changed the records: they are read again
    except _Again as again:
        return again.found, rejected, again.cut
    return found, rejected, cut


class _Again(Exception):
    """An import taken back: only its first `cut` records are sure."""

    def __init__(self, found: list[Contact | None], cut: int) -> None:
        self.found, self.cut = found, cut


def _record(sync: Syncing, theirs: bytes) -> Record | None:
    """A new card's record for the import engine, or None: no card plncrm can
    read. A card without a UID of its own (none, or one another card carries
    too: two people until the user merges them) is given a new one, which the
    contact it makes takes, so that contact is found by it."""
    found = cards.fields(theirs)
    if found is None:
        return None
    record = found[1]
    if not record.uid or record.uid in sync.shared:
        record.uid = new_uid()
    return record


def _contacts(
    sync: Syncing,
    records: list[Record | None],
    given: list[tuple[str | None, object]],
    then: list[Contact | None],
    rejected: Mapping[int, object],
) -> tuple[list[Contact | None], int]:
    """The contact each record went to, and how many of the first records
    that is sure for: found by the UID the record went in with (the contact
    it made, or the one holding that UID), or found the same (`_matched`) as
    the engine took it (`then`) and after the whole import (a later card can
    change the organisation it was found by). The first record in doubt ends
    them (alone in its import, it is found as the engine took it), and so does
    one whose contact a record before it has (the engine folded it into that
    record, or both merged into one contact), and one whose addresses the
    engine changed after the first: an address another person has is kept in
    its notes naming them, and a record of the same import has no number yet."""
    alone = sum(r is not None for r in records) == 1
    found: list[Contact | None] = []
    seen: set[int | None] = set()
    taken = enumerate(zip(given, then, strict=True))
    for n, record in enumerate(records):
        if record is None:
            found.append(None)
            continue
        place, ((uid, addresses), before) = next(taken)
        now = _matched(sync, record)
        sure = alone or (
            (place == 0 or _addresses(record) == addresses)
            and (
                (now is not None and record.uid == uid and now.uid == uid)
                or (now is not None and before is not None and now.id == before.id)
                or (now is None and before is None and record.line in rejected)
            )
        )
        if not sure:  # the records before it alone, or it alone
            return found, n if place else n + 1
        if now is not None and now.id in seen:
            return found, n
        if now is not None:
            seen.add(now.id)
        found.append(now)
    return found, len(records)


def _addresses(record: Record) -> object:
    """The record's emails and links, as the import engine may change them."""
    return (tuple(record.emails), tuple(record.links))


def _placed(sync: Syncing) -> dict[str, list[str]]:
    """The card files this run left in step so far, by their contact's uid, in
    the order they were; a batch's cards go to contacts none of the others
    has, so this holds for each of them while the batch is written back."""
    found: dict[str, list[str]] = {}
    for href, item in sync.out.synced.items():
        found.setdefault(item.uid, []).append(href)
    return found


def _place(
    sync: Syncing,
    href: str,
    theirs: bytes,
    record: Record,
    contact: Contact,
    placed: dict[str, list[str]],
) -> str:
    """A new card the import engine put into `contact`: the contact's card
    written back over it, or, when they have a card already, into that one
    with all this one holds (and this one removed); the contact's uid."""
    assert contact.id is not None
    ours = sync.card_of(contact.id)
    sync.touched.add(ours.uid)
    mine = placed.get(ours.uid, ())
    own = next((h for h in mine if h != href and sync.out.synced[h].uid == ours.uid), None)
    if own is None and href_of(ours.uid) != href and sync.current(href_of(ours.uid)) is not None:
        own = href_of(ours.uid)
    if own is not None:  # they have a card already: one card, with all this one holds
        ours = _keep_names(sync, contact, record)
        if sync.write(own, ours, sync.current(own), "write", extra=theirs):
            sync.out.removals.append(href)
            sync.step("import", href, ours.name, "a second card of theirs: merged into their card")
            return ours.uid
    sync.write(href, ours, theirs, "import")
    return ours.uid


def _keep_names(sync: Syncing, contact: Contact, record: Record) -> StoreCard:
    """Before a second card of `contact` goes: its name (as another name) and
    its notes, where the contact lacks them; the contact's card, drawn again."""
    assert contact.id is not None
    ours = sync.card_of(contact.id)
    known = cards.fields(ours.text)
    akas = list(known[0].akas) if known else []
    notes = contact.notes or ""
    fields = ContactFields()
    if record.name and fold(record.name) not in {fold(contact.name), *(fold(a) for a in akas)}:
        fields.akas = [*akas, record.name]
    if record.notes and record.notes.strip() not in notes:
        fields.notes = f"{notes}\n{record.notes.strip()}" if notes else record.notes.strip()
    if fields.akas is None and fields.notes is None:
        return ours
    try:
        with savepoint(sync.db):
            contacts.edit_contact(sync.db, contact, fields, sync.today)
    except PlnError:
        return ours
    return sync.card_of(contact.id)


def _matched(sync: Syncing, record: Record) -> Contact | None:
    """The contact the import engine put `record` into."""
    if record.uid:
        found = sync.contact(record.uid)
        if found is not None:
            return found
    from plncrm.reads.refs import by_email

    for email in record.emails:
        owner = by_email(sync.db, email)
        if owner is not None:
            return sync.contact_of(owner)
    fields = ContactFields(name=record.name, org=record.org, links=list(record.links))
    same = same_person.likely_same(sync.db, fields)
    return same[0] if same else None
