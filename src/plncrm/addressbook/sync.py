"""Keeping the store and a vdir address book in step, both ways: `run`
compares the two and makes the store's side of the changes; the command
writes the files and the state (`outcome.Outcome`).

Each card file falls to one part: one plncrm cannot read (a link, a FIFO, a
file over `MAX_CARD_BYTES`, an unreadable file, a card vobject cannot parse)
is reported and left as it is while every other card syncs; one the last
sync left in step is compared with both sides (`known_cards`, field by field
in `field_merge`); one new in the folder comes in through the import engine
(`new_cards`); a contact with no card gets one. The folder itself
(`cardfiles`): nothing in it is lost, a file of several cards is split one card
a file, file names are derived, never taken from a card. A phone's edit
changes only the fields the phone changed: the card as last synced
(`state`) says which; plncrm's card of a contact, and the fingerprint that
says whether it changed, are in `store_cards`. The moves every decision ends
in are in `moves`. What `--resolve` settles is stated here (`SIDES`,
`FIELD_WORDS`, `resolutions`): the command only parses it.

Store changes happen in the caller's transaction; files are written only
after all of them succeeded (`Outcome.writes`), and the state after commit.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from plncrm.addressbook import cardfiles, cards, known_cards, new_cards, state, store_cards
from plncrm.addressbook.cardfiles import href_of
from plncrm.addressbook.field_merge import merge
from plncrm.addressbook.moves import Syncing
from plncrm.addressbook.outcome import Outcome, Step

if TYPE_CHECKING:
    from plncrm.store.db import Db

__all__ = ["FIELD_WORDS", "SIDES", "Outcome", "Step", "href_of", "resolutions", "run"]

SIDES = ("theirs", "mine")  # whose side `--resolve` takes: the folder's card, or plncrm's
# The words `--resolve` takes for a field, as `cards.Fields` names it.
_WORDS_OF = {
    "name": "name",
    "given": "given",
    "family": "family",
    "akas": "aka akas nickname",
    "org": "org",
    "role": "role title",
    "notes": "note notes",
    "emails": "email emails",
    "phones": "phone phones",
    "links": "link links url",
    "tags": "tag tags",
    "birthday": "birthday",
}
FIELD_WORDS = {word: field for field, words in _WORDS_OF.items() for word in words.split()}


def run(
    db: Db,
    folder: Path,
    today: date,
    *,
    version: str = "4.0",
    resolve: dict[str, dict[str, str]] | None = None,
    archive: bool = False,
) -> Outcome:
    """Compare the store and the folder and make the store's side of the
    changes; the caller writes `writes`, removes `removals` and saves `synced`."""
    store = store_cards.every_card(db)
    files, problems = cardfiles.read(folder)
    known, trouble = state.load(folder)
    sync = Syncing(db, folder, today, version, resolve or {}, archive)
    sync.out.loaded = dict(known)
    sync.made = {href: item.made for href, item in known.items()}
    if trouble:
        sync.out.warnings.append(f"{trouble}: every card was compared as on a first sync")
    cardfiles.split(folder, files, problems, sync.out)
    uids = Counter(u for data in files.values() if (u := cards.uid_of(data)))
    sync.shared = {u for u, n in uids.items() if n > 1}
    own = {href_of(uid): uid for uid in store}
    handled: set[str] = set()
    for href, why in sorted(problems.items()):
        item = known.pop(href, None)
        name = item and known_cards.named(item.card, "")
        sync.step("skip", href, f"{name} ({href})" if name else href, why)
        if item is not None:
            sync.out.synced[href] = item  # as it was: compared again once readable
            handled.add(item.uid)
        if href in own:
            handled.add(own[href])  # their card is not written over what cannot be read
    for href, item in known.items():
        handled.add(item.uid)
        known_cards.settle(sync, href, item, store.get(item.uid), files.pop(href, None))
    new_cards.import_all(sync, files, own, handled)
    for uid, ours in sorted(store.items(), key=lambda kv: kv[1].name):
        if uid in handled or uid in sync.touched:
            continue
        href = href_of(uid)
        theirs = files.pop(href, None)
        if theirs is not None and cards.fields(theirs) is None:
            known_cards.conflict(sync, href, ours, theirs, None)
        elif theirs is not None and cards.fields(theirs) != cards.fields(ours.text):
            merge(sync, href, ours, theirs, None)  # never synced: each field that differs asks
        else:
            sync.write(href, ours, theirs, "new" if theirs is None else "write")
    _refresh(sync)
    return sync.out


def resolutions(
    db: Db, folder: Path, resolve: tuple[str, str, str] | None
) -> dict[str, dict[str, str]]:
    """What `--resolve` settles (contact, field or "*", side) as `run` takes
    it: the contact by uid, or the uid of a card whose contact is gone (a
    conflict's message names it)."""
    if resolve is None:
        return {}
    from plncrm.core import refs
    from plncrm.util.errors import NotFound

    ref, field, side = resolve
    try:
        contact = refs.resolve(db, ref)
    except NotFound:
        if any(item.uid == ref for item in state.load(folder)[0].values()):
            return {ref: {field: side}}
        raise
    return {contact.uid or "": {field: side}}


def _refresh(sync: Syncing) -> None:
    """Cards of contacts this run changed from another card (a second card of
    the same person, merged in), written again so that one pass leaves both
    sides in step."""
    for href, item in list(sync.out.synced.items()):
        if item.uid not in sync.touched or href in sync.out.removals:
            continue
        contact = sync.contact(item.uid)
        if contact is None or contact.id is None or contact.archived:
            continue
        ours = sync.card_of(contact.id)
        if ours.key != item.store:
            sync.write(href, ours, sync.current(href), "write")
