"""Keeping the store and a vdir address book in step, both ways.

For each card the last sync left in step (`state`), each side is compared
with how it was then: a side that changed wins; a card changed on both sides
is a conflict, reported and left until `--resolve` says whose it is. A card
new in the folder comes in through the import engine, so that a card a phone
made for someone already known updates that contact instead of duplicating
them; a card deleted in the folder archives its contact (history is never
deleted) once the user confirms. A phone's edit changes only the fields the
phone changed: the card as last synced says which.

Store changes happen in the caller's transaction; files are written only
after all of them succeeded (`Outcome.writes`), and the state after commit.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from sqlmodel import Session, col, select

from plncrm.addressbook import cards, state
from plncrm.addressbook.state import Synced
from plncrm.core import contacts
from plncrm.core.contacts import ContactFields
from plncrm.store.models import Contact
from plncrm.util.errors import PlnError

SUFFIX = ".vcf"


class StoreCard(NamedTuple):
    """plncrm's card of one contact, as `pln export vcard` writes it: drawn
    only when needed (vobject takes milliseconds a card); `key` is a digest
    of what it is drawn from, which says whether the contact changed."""

    id: int
    uid: str
    name: str
    key: str
    draw: Callable[[], str]

    @property
    def text(self) -> str:
        return self.draw()


CardsFor = Callable[[Session], dict[str, StoreCard]]  # every contact not archived, by uid
CardOf = Callable[[Session, int], StoreCard]


class Step(NamedTuple):
    action: str  # new, write, read, import, remove, archive, conflict, skip, wait
    href: str
    name: str
    why: str = ""


@dataclass
class Outcome:
    steps: list[Step] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)  # href → the card to write
    removals: list[str] = field(default_factory=list)
    synced: dict[str, Synced] = field(default_factory=dict)  # the state to save

    def count(self, action: str) -> int:
        return sum(1 for s in self.steps if s.action == action)


@dataclass
class _Sync:
    session: Session
    folder: Path
    card_of: CardOf
    today: date
    version: str
    resolve: dict[str, str]  # contact uid → "theirs" or "mine"
    archive: bool  # the user confirmed archiving contacts whose cards were deleted
    out: Outcome = field(default_factory=Outcome)
    touched: set[str] = field(default_factory=set)  # contacts this run changed, by uid

    def step(self, action: str, href: str, name: str, why: str = "") -> None:
        self.out.steps.append(Step(action, href, name, why))

    def write(self, href: str, ours: StoreCard, theirs: bytes | None, action: str,
              extra: bytes | None = None) -> None:  # fmt: skip
        data = cards.merged(ours.text, theirs, ours.uid, self.version, extra)
        self.out.synced[href] = Synced(ours.uid, cards.digest(data), ours.key,
                                       data.decode("utf-8", "replace"))  # fmt: skip
        if data != theirs:
            self.out.writes[href] = data
            self.step(action, href, ours.name)
        elif action != "write":
            self.step(action, href, ours.name)

    def read(self, href: str, contact: Contact, before: str | None, theirs: bytes) -> None:
        """The folder's card into `contact`: the fields it changed since
        `before` (all of them, without it)."""
        now = cards.fields(theirs)
        if now is None:
            self.step("skip", href, contact.name, "not a card plncrm can read")
            return
        old = cards.fields(before) if before else None
        changed = cards.changes(old[0], now[0]) if old else now[0]._asdict()
        if not changed.get("name"):
            changed.pop("name", None)  # a card without a name keeps the contact's
        values: dict[str, Any] = {k: ("" if v is None else v) for k, v in changed.items()}
        try:
            with self.session.begin_nested():
                contacts.edit_contact(self.session, contact, ContactFields(**values), self.today)
        except PlnError as exc:
            self.step("skip", href, contact.name, exc.message)
            return
        assert contact.id is not None
        ours = self.card_of(self.session, contact.id)
        self.touched.add(ours.uid)
        self.out.synced[href] = Synced(ours.uid, cards.digest(theirs), ours.key,
                                       theirs.decode("utf-8", "replace"))  # fmt: skip
        self.step("read", href, ours.name, ", ".join(sorted(changed)) or "no field plncrm keeps")


def _contact(session: Session, uid: str) -> Contact | None:
    return session.execute(select(Contact).where(col(Contact.uid) == uid)).scalar()


def _files(folder: Path) -> dict[str, bytes]:
    try:
        with os.scandir(folder) as entries:
            names = [e.name for e in entries if e.name.endswith(SUFFIX) and e.is_file()]
    except FileNotFoundError:
        return {}
    return {name: (folder / name).read_bytes() for name in names}


def run(
    session: Session, folder: Path, cards_for: CardsFor, card_of: CardOf, today: date, *,
    version: str = "4.0", resolve: dict[str, str] | None = None, archive: bool = False,
) -> Outcome:  # fmt: skip
    """Compare the store and the folder and make the store's side of the
    changes; the caller writes `writes`, removes `removals` and saves `synced`."""
    store = cards_for(session)
    files = _files(folder)
    sync = _Sync(session, folder, card_of, today, version, resolve or {}, archive)
    handled: set[str] = set()
    for href, item in state.load(folder).items():
        handled.add(item.uid)
        _known(sync, href, item, store.get(item.uid), files.pop(href, None))
    for href in sorted(files):
        if href[: -len(SUFFIX)] in store and href[: -len(SUFFIX)] not in handled:
            continue  # plncrm's own card, never synced (an earlier export): below
        handled.update(_new_card(sync, href, files.pop(href)))
    for uid, ours in sorted(store.items(), key=lambda kv: kv[1].name):
        if uid in handled or uid in sync.touched:
            continue
        href = f"{uid}{SUFFIX}"
        theirs = files.pop(href, None)
        if theirs is not None and cards.fields(theirs) != cards.fields(ours.text):
            _conflict(sync, href, ours, theirs, None)
        else:
            sync.write(href, ours, theirs, "new" if theirs is None else "write")
    _refresh(sync, store)
    return sync.out


def _refresh(sync: _Sync, store: dict[str, StoreCard]) -> None:
    """Cards of contacts this run changed from another card (a second card of
    the same person, merged in), written again so that one pass leaves both
    sides in step."""
    for href, item in list(sync.out.synced.items()):
        if item.uid not in sync.touched or href in sync.out.removals:
            continue
        contact = _contact(sync.session, item.uid)
        if contact is None or contact.id is None or contact.archived:
            continue
        ours = sync.card_of(sync.session, contact.id)
        if ours.key != item.store:
            sync.write(href, ours, _current(sync, href), "write")


def _current(sync: _Sync, href: str) -> bytes | None:
    """The card at `href` as this run leaves it so far."""
    if href in sync.out.writes:
        return sync.out.writes[href]
    path = sync.folder / href
    return path.read_bytes() if path.exists() else None


def _known(
    sync: _Sync, href: str, item: Synced, ours: StoreCard | None, theirs: bytes | None
) -> None:
    """A card the last sync left in step."""
    ours_changed = ours is None or ours.key != item.store
    theirs_changed = theirs is None or cards.digest(theirs) != item.file
    if ours is not None and theirs is not None:
        if not ours_changed and not theirs_changed:
            sync.out.synced[href] = item
        elif not theirs_changed:
            sync.write(href, ours, theirs, "write")
        elif not ours_changed:
            contact = _contact(sync.session, item.uid)
            assert contact is not None
            sync.read(href, contact, item.card, theirs)
        else:
            _conflict(sync, href, ours, theirs, item)
        return
    if ours is None and theirs is None:
        return
    if ours is None:  # deleted or archived here
        contact = _contact(sync.session, item.uid)
        if theirs_changed:  # and edited there: whose is it?
            _conflict(sync, href, None, theirs, item, contact)
            return
        sync.out.removals.append(href)
        sync.step("remove", href, contact.name if contact else _named(item.card, item.uid),
                  "archived in plncrm" if contact else "deleted in plncrm")  # fmt: skip
        return
    if ours_changed:  # deleted there, changed here
        _conflict(sync, href, ours, None, item)
        return
    _archive(sync, href, ours, item)


def _named(card: str, fallback: str) -> str:
    """The name on a card (FN), for a contact no longer in the store."""
    for line in card.splitlines():
        if line.upper().startswith("FN:"):
            return line[3:].replace("\\,", ",").replace("\\;", ";")
    return fallback


def _archive(sync: _Sync, href: str, ours: StoreCard, item: Synced) -> None:
    if not sync.archive:
        sync.out.synced[href] = item  # asked again next time
        sync.step("wait", href, ours.name, "its card was deleted in the folder")
        return
    contact = sync.session.get(Contact, ours.id)
    assert contact is not None
    contacts.set_archived(sync.session, contact, True)
    sync.step("archive", href, ours.name, "its card was deleted in the folder")


def _conflict(
    sync: _Sync, href: str, ours: StoreCard | None, theirs: bytes | None, item: Synced | None,
    contact: Contact | None = None,
) -> None:  # fmt: skip
    """Both sides changed: whoever `--resolve` names wins, else nothing moves."""
    uid = ours.uid if ours else item.uid if item else ""
    name = (
        ours.name if ours else contact.name if contact else _named(item.card if item else "", uid)
    )
    choice = sync.resolve.get(uid)
    if choice is None:
        if item is not None:
            sync.out.synced[href] = item
        here = "changed" if ours is not None else "archived" if contact else "deleted"
        there = "changed" if theirs is not None else "deleted"
        why = f"{here} in plncrm and {there} in the folder since the last sync"
        if ours is None and contact is None:  # no contact left to name
            why += f"; settle it with --resolve {uid} theirs|mine"
        sync.step("conflict", href, name, why)
        return
    if choice == "mine":
        if ours is None:  # archived here: the card goes
            sync.out.removals.append(href)
            sync.step("remove", href, name, "resolved: mine")
        else:
            sync.write(href, ours, theirs, "write")
        return
    if theirs is None:
        assert ours is not None
        assert item is not None
        sync.archive = True
        _archive(sync, href, ours, item)
        return
    target = contact or _contact(sync.session, uid)
    if target is None:  # deleted here: the card comes in again as a new one
        _new_card(sync, href, theirs)
        return
    if target.archived:
        contacts.set_archived(sync.session, target, False)
    sync.read(href, target, ours.text if ours else None, theirs)  # what differs from ours


def _new_card(sync: _Sync, href: str, theirs: bytes) -> set[str]:
    """A card new in the folder: matched to a contact, or added, through the
    import engine; the contact's card is written back over it."""
    from plncrm.importers.apply import apply

    found = cards.fields(theirs)
    if found is None:
        sync.step("skip", href, href, "not a card plncrm can read")
        return set()
    record = found[1]
    try:
        with sync.session.begin_nested():
            report = apply(sync.session, [record], source="carddav", connected_note="Added on the phone",
                           today=sync.today)  # fmt: skip
    except PlnError as exc:
        sync.step("skip", href, record.name, exc.message)
        return set()
    contact = _matched(sync.session, record)
    if contact is None or contact.id is None:
        sync.step(
            "skip", href, record.name, "; ".join(r.reason for r in report.rejected) or "not added"
        )
        return set()
    ours = sync.card_of(sync.session, contact.id)
    sync.touched.add(ours.uid)
    own = next((h for h, s in sync.out.synced.items() if s.uid == ours.uid and h != href), None)
    if (
        own is None
        and f"{ours.uid}{SUFFIX}" != href
        and (sync.folder / f"{ours.uid}{SUFFIX}").exists()
    ):
        own = f"{ours.uid}{SUFFIX}"
    if own is not None:  # they have a card already: one card, with what this one adds
        sync.write(own, ours, _current(sync, own), "write", extra=theirs)
        sync.out.removals.append(href)
        sync.step("import", href, ours.name, "a second card of theirs: merged into their card")
        return {ours.uid}
    sync.write(href, ours, theirs, "import")
    return {ours.uid}


def _matched(session: Session, record: Any) -> Contact | None:
    """The contact the import engine put `record` into."""
    if record.uid:
        found = _contact(session, record.uid)
        if found is not None:
            return found
    from plncrm.reads.refs import by_email
    from plncrm.store.plain import SessionReader

    for email in record.emails:
        owner = by_email(SessionReader(session), email)
        if owner is not None:
            return session.get(Contact, owner)
    same = contacts.likely_same(session, ContactFields(name=record.name, org=record.org,
                                                       links=list(record.links)))  # fmt: skip
    return same[0] if same else None
