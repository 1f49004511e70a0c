"""A card the last sync left in step (`state.Synced`), compared with both
sides as they are now: unchanged, changed on one side or both (merged field
by field), or gone on one side. A card deleted in the folder archives its
contact (history is never deleted) once the user confirms; a contact deleted
or archived here takes its card away, except a card made in the folder whose
contact is gone here (deleted, or an undo took back the sync that brought it
in): that is a conflict, never removed unasked. Gone on one side and changed
on the other is a conflict too, until `--resolve` says whose it is."""

from __future__ import annotations

from plncrm.addressbook import cards, new_cards
from plncrm.addressbook.field_merge import merge
from plncrm.addressbook.moves import Syncing
from plncrm.addressbook.state import FOLDER, Synced
from plncrm.addressbook.store_cards import StoreCard
from plncrm.core import contacts
from plncrm.store.schema import Contact


def settle(
    sync: Syncing, href: str, item: Synced, ours: StoreCard | None, theirs: bytes | None
) -> None:
    """The card at `href` as the last sync left it (`item`), plncrm's card of
    its contact (None: archived or deleted here) and the file (None: deleted
    there)."""
    ours_changed = ours is None or ours.key != item.store
    theirs_changed = theirs is None or cards.digest(theirs) != item.file
    if ours is not None and theirs is not None:
        if not ours_changed and not theirs_changed and not item.held:
            sync.out.synced[href] = item
        elif not theirs_changed and not item.was and not item.held:
            sync.write(href, ours, theirs, "write", before=item)
        else:
            merge(sync, href, ours, theirs, item, ours_changed, theirs_changed)
        return
    if ours is None and theirs is None:
        return
    if ours is None:  # deleted or archived here
        contact = sync.contact(item.uid)
        if theirs_changed:  # and edited there: whose is it?
            conflict(sync, href, None, theirs, item, contact)
            return
        if contact is None and item.made == FOLDER:  # made there: never removed unasked
            why = "made in the folder, and its contact is gone in plncrm (deleted or undone)"
            conflict(sync, href, None, theirs, item, contact, why=why)
            return
        sync.out.removals.append(href)
        name = contact.name if contact else named(item.card, item.uid)
        sync.step("remove", href, name, "archived in plncrm" if contact else "deleted in plncrm")
        return
    if ours_changed:  # deleted there, changed here
        conflict(sync, href, ours, None, item)
        return
    _archive(sync, href, ours, item)


def named(card: str, fallback: str) -> str:
    """The name on a card (FN), for a contact no longer in the store."""
    for line in card.splitlines():
        if line.upper().startswith("FN:"):
            return line[3:].replace("\\,", ",").replace("\\;", ";")
    return fallback


def _archive(sync: Syncing, href: str, ours: StoreCard, item: Synced) -> None:
    if not sync.archive:
        sync.out.synced[href] = item  # asked again next time
        sync.step("wait", href, ours.name, "its card was deleted in the folder")
        return
    contact = sync.contact_of(ours.id)
    assert contact is not None
    contacts.set_archived(sync.db, contact, True)
    sync.step("archive", href, ours.name, "its card was deleted in the folder")


def conflict(
    sync: Syncing,
    href: str,
    ours: StoreCard | None,
    theirs: bytes | None,
    item: Synced | None,
    contact: Contact | None = None,
    why: str = "",
) -> None:
    """Both sides changed: whoever `--resolve` names wins, else nothing moves."""
    uid = ours.uid if ours else item.uid if item else ""
    name = ours.name if ours else contact.name if contact else named(item.card if item else "", uid)
    choice = sync.choice(uid)
    if choice is None:
        if item is not None:
            sync.out.synced[href] = item
        here = "changed" if ours is not None else "archived" if contact else "deleted"
        there = "changed" if theirs is not None else "deleted"
        why = why or f"{here} in plncrm and {there} in the folder since the last sync"
        if ours is None and contact is None:  # no contact left to name
            why += f"; settle it with --resolve {uid} theirs|mine"
        sync.step("conflict", href, name, why)
        return
    if choice == "mine":
        if ours is None:  # archived here: the card goes
            sync.out.removals.append(href)
            sync.step("remove", href, name, "resolved: mine")
        else:
            sync.write(href, ours, theirs, "write", before=item)
        return
    if theirs is None:
        assert ours is not None
        assert item is not None
        sync.archive = True
        _archive(sync, href, ours, item)
        return
    target = contact or sync.contact(uid)
    if target is None:  # deleted here: the card comes in again as a new one
        new_cards.import_cards(sync, [(href, theirs)])
        return
    if target.archived:
        contacts.set_archived(sync.db, target, False)
    sync.read(href, target, ours.text if ours else None, theirs, item)  # what differs from ours
