"""Keeping the store and a vdir address book in step, both ways.

For each card the last sync left in step (`state`), each side is compared
with how it was then, field by field (`cards.Fields`): a field changed on one
side only is taken to the other, both ways in the same sync; a field changed
on both sides (to different values) is a conflict, reported by name and left
as each side has it until `--resolve` says whose it is, while the card's other
fields still sync. A field plncrm holds again as it was before the last sync
read it from the card (`pln undo` took the read back) is not plncrm changing
it: the card's value is read again, never overwritten. A card
new in the folder comes in through the import engine, so that a card a phone
made for someone already known updates that contact instead of duplicating
them; a card deleted in the folder archives its contact (history is never
deleted) once the user confirms. A phone's edit changes only the fields the
phone changed: the card as last synced says which.

Nothing in the folder is lost. A card file holding several cards is split:
the others are written each to a file of its own before the first is left
alone in the original. Two cards sharing a UID are two people (matched, like
any new card, by email, profile or name, never by the UID they share). A
second card of someone known is folded into their card only with all it
holds (its name as another name, its notes, every other property). A card
made in the folder whose contact is gone here (deleted, or an undo took back
the sync that brought it in) is a conflict, never removed unasked. A card
plncrm cannot read (a link, a FIFO, a file over `MAX_CARD_BYTES`, an
unreadable file, a card vobject cannot parse) is reported and left as it is
while every other card syncs. File names are derived (`href_of`), never
taken from a card.

Store changes happen in the caller's transaction; files are written only
after all of them succeeded (`Outcome.writes`), and the state after commit.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, NamedTuple

from sqlalchemy.orm import SessionTransaction
from sqlmodel import Session, col, select

from plncrm.addressbook import cards, state
from plncrm.addressbook.state import FOLDER, PLN, Synced
from plncrm.core import contacts
from plncrm.core.contacts import ContactFields
from plncrm.importers.records import Record
from plncrm.store.models import Contact
from plncrm.util.bounds import MAX_CARD_BYTES
from plncrm.util.errors import FileError, PlnError
from plncrm.util.files import file_stem, read_regular, reason
from plncrm.util.text import fold

SUFFIX = ".vcf"


def href_of(uid: str) -> str:
    """The file a contact's card is first written to: derived from its uid,
    never a path (`file_stem`)."""
    return f"{file_stem(uid)}{SUFFIX}"


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
    action: str  # new, write, read, import, remove, archive, conflict, skip, wait, split
    href: str
    name: str
    why: str = ""
    fields: tuple[str, ...] = ()  # read: the fields read; conflict: the fields in conflict


@dataclass
class Outcome:
    steps: list[Step] = field(default_factory=list)
    writes: dict[str, bytes] = field(default_factory=dict)  # href → the card to write
    removals: list[str] = field(default_factory=list)
    synced: dict[str, Synced] = field(default_factory=dict)  # the state to save
    loaded: dict[str, Synced] = field(default_factory=dict)  # the state as it was
    warnings: list[str] = field(default_factory=list)  # about the folder as a whole

    def count(self, action: str) -> int:
        return sum(1 for s in self.steps if s.action == action)


@dataclass
class _Sync:
    session: Session
    folder: Path
    card_of: CardOf
    today: date
    version: str
    resolve: dict[str, dict[str, str]]  # contact uid → field ("*": every one) → theirs or mine
    archive: bool  # the user confirmed archiving contacts whose cards were deleted
    out: Outcome = field(default_factory=Outcome)
    touched: set[str] = field(default_factory=set)  # contacts this run changed, by uid
    made: dict[str, str] = field(default_factory=dict)  # href → who made the card (state)
    shared: set[str] = field(default_factory=set)  # UIDs carried by more than one card

    def step(self, action: str, href: str, name: str, why: str = "",
             fields: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.out.steps.append(Step(action, href, name, why, fields))

    def choice(self, uid: str, name: str = "*") -> str | None:
        """Whose side `--resolve` took for a field of the contact, if any."""
        chosen = self.resolve.get(uid, {})
        return chosen.get(name, chosen.get("*"))

    def write(self, href: str, ours: StoreCard, theirs: bytes | None, action: str,
              extra: bytes | None = None, before: Synced | None = None) -> bool:  # fmt: skip
        """Write plncrm's card over the folder's; False (the file left as it
        is, reported) when the folder's card cannot be parsed."""
        if action == "import":  # made there: so it stays, whatever this run writes to it later
            self.made[href] = FOLDER
        made = self.made.get(href, PLN)
        try:
            data = cards.merged(ours.text, theirs, ours.uid, self.version, extra)
        except cards.Unreadable as exc:
            self.step(
                "skip",
                href,
                f"{ours.name} ({href})",
                f"cannot parse the card: {exc}; left as it is",
            )
            if before is not None:
                self.out.synced[href] = before
            elif theirs is not None:  # in step as it is: not read in again next time
                self.out.synced[href] = Synced(ours.uid, cards.digest(theirs), ours.key,
                                               cards.plain(theirs), made)  # fmt: skip
            return False
        self.out.synced[href] = Synced(
            ours.uid, cards.digest(data), ours.key, cards.plain(data), made, cards.plain(ours.text)
        )
        if data != theirs:
            self.out.writes[href] = data
            self.step(action, href, ours.name)
        elif action != "write":
            self.step(action, href, ours.name)
        return True

    def apply(self, href: str, contact: Contact, changed: dict[str, Any],
              item: Synced | None) -> list[str] | None:  # fmt: skip
        """The card's values of the `changed` fields into `contact`; the fields
        taken, or None (reported, the card's state kept) when the store
        refuses them. A card without a name keeps the contact's, a birthday
        that is no day is not read."""
        values: dict[str, Any] = {k: (list(v) if isinstance(v, tuple) else v)
                                  for k, v in changed.items()}  # fmt: skip
        if not values.get("name"):
            values.pop("name", None)
        birthday: Any = values.pop("birthday", ())
        if birthday and cards.birthday(birthday) != birthday:
            birthday = ()  # no day: the card's text stays on the card
        try:
            with self.session.begin_nested():
                edits: dict[str, Any] = {k: ("" if v is None else v) for k, v in values.items()}
                contacts.edit_contact(self.session, contact, ContactFields(**edits), self.today)
                if birthday != ():
                    contact.birthday = birthday or None
                    self.session.add(contact)
                    self.session.flush()
        except PlnError as exc:
            self.step("skip", href, contact.name, exc.message)
            if item is not None:
                self.out.synced[href] = item
            return None
        return sorted([*values, *(["birthday"] if birthday != () else [])])

    def read(self, href: str, contact: Contact, before: str | None, theirs: bytes,
             item: Synced | None = None) -> None:  # fmt: skip
        """The folder's card into `contact`: the fields it changed since
        `before` (all of them, without it)."""
        now = cards.fields(theirs)
        if now is None:
            self.step(
                "skip",
                href,
                f"{contact.name} ({href})",
                "not a card plncrm can read; left as it is",
            )
            if item is not None:
                self.out.synced[href] = item
            return
        old = cards.fields(before) if before else None
        changed = cards.changes(old[0], now[0]) if old else now[0]._asdict()
        taken = self.apply(href, contact, changed, item)
        if taken is None:
            return
        assert contact.id is not None
        ours = self.card_of(self.session, contact.id)
        self.touched.add(ours.uid)
        self.out.synced[href] = Synced(ours.uid, cards.digest(theirs), ours.key,
                                       cards.plain(theirs), self.made.get(href, PLN),
                                       cards.plain(ours.text))  # fmt: skip
        self.step("read", href, ours.name, ", ".join(taken) or "no field plncrm keeps",
                  tuple(taken))  # fmt: skip


def _contact(session: Session, uid: str) -> Contact | None:
    return session.execute(select(Contact).where(col(Contact.uid) == uid)).scalar()


def _files(folder: Path) -> tuple[dict[str, bytes], dict[str, str]]:
    """The card files' bytes, and why each of the others cannot be read."""
    try:
        with os.scandir(folder) as entries:
            names = sorted(e.name for e in entries if e.name.endswith(SUFFIX))
    except FileNotFoundError:
        return {}, {}
    except OSError as exc:
        raise FileError(f"cannot read {folder}: {reason(exc)}") from None
    files: dict[str, bytes] = {}
    problems: dict[str, str] = {}
    for name in names:
        try:
            files[name] = read_regular(folder / name, MAX_CARD_BYTES)
        except OSError as exc:
            problems[name] = f"cannot read it: {reason(exc)}; left as it is"
    return files, problems


def _split(sync: _Sync, files: dict[str, bytes], problems: dict[str, str]) -> None:
    """Each file of several cards: the others each written to a file of its
    own (first, so that no card is ever only in memory), the first left alone
    in the original. A file with text between its cards is left as it is."""
    for href in sorted(files):
        if cards.count(files[href]) < 2:
            continue
        parts = cards.split(files[href])
        if parts is not None and len(parts) < 2:
            continue  # "BEGIN:VCARD" in a note
        if not parts:
            problems[href] = "several cards with other text between them; left as it is"
            del files[href]
            continue
        stem = href[: -len(SUFFIX)]
        base = (
            stem if len(stem) <= 80 and not stem.startswith(".") else "card-" + cards.digest(stem)
        )
        for number, part in enumerate(parts[1:], start=2):
            name, again = f"{base}-{number}{SUFFIX}", 1
            while (
                name in files
                or name in problems
                or name in sync.out.writes
                or (os.path.lexists(sync.folder / name))
            ):
                again += 1
                name = f"{base}-{number}-{again}{SUFFIX}"
            sync.out.writes[name] = part
            files[name] = part
        files[href] = parts[0]
        sync.out.writes[href] = parts[0]
        sync.step("split", href, href, f"{len(parts)} cards: each now in a file of its own")


def run(
    session: Session, folder: Path, cards_for: CardsFor, card_of: CardOf, today: date, *,
    version: str = "4.0", resolve: dict[str, dict[str, str]] | None = None, archive: bool = False,
) -> Outcome:  # fmt: skip
    """Compare the store and the folder and make the store's side of the
    changes; the caller writes `writes`, removes `removals` and saves `synced`."""
    store = cards_for(session)
    files, problems = _files(folder)
    known, trouble = state.load(folder)
    sync = _Sync(session, folder, card_of, today, version, resolve or {}, archive)
    sync.out.loaded = dict(known)
    sync.made = {href: item.made for href, item in known.items()}
    if trouble:
        sync.out.warnings.append(f"{trouble}: every card was compared as on a first sync")
    _split(sync, files, problems)
    uids = Counter(u for data in files.values() if (u := cards.uid_of(data)))
    sync.shared = {u for u, n in uids.items() if n > 1}
    own = {href_of(uid): uid for uid in store}
    handled: set[str] = set()
    for href, why in sorted(problems.items()):
        item = known.pop(href, None)
        name = item and _named(item.card, "")
        sync.step("skip", href, f"{name} ({href})" if name else href, why)
        if item is not None:
            sync.out.synced[href] = item  # as it was: compared again once readable
            handled.add(item.uid)
        if href in own:
            handled.add(own[href])  # their card is not written over what cannot be read
    for href, item in known.items():
        handled.add(item.uid)
        _known(sync, href, item, store.get(item.uid), files.pop(href, None))
    _new_cards(sync, files, own, handled)
    for uid, ours in sorted(store.items(), key=lambda kv: kv[1].name):
        if uid in handled or uid in sync.touched:
            continue
        href = href_of(uid)
        theirs = files.pop(href, None)
        if theirs is not None and cards.fields(theirs) is None:
            _conflict(sync, href, ours, theirs, None)
        elif theirs is not None and cards.fields(theirs) != cards.fields(ours.text):
            _merge(sync, href, ours, theirs, None)  # never synced: each field that differs asks
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
    try:
        return read_regular(sync.folder / href, MAX_CARD_BYTES)
    except OSError:
        return None


def _known(
    sync: _Sync, href: str, item: Synced, ours: StoreCard | None, theirs: bytes | None
) -> None:
    """A card the last sync left in step."""
    ours_changed = ours is None or ours.key != item.store
    theirs_changed = theirs is None or cards.digest(theirs) != item.file
    if ours is not None and theirs is not None:
        if not ours_changed and not theirs_changed and not item.held:
            sync.out.synced[href] = item
        elif not theirs_changed and not item.was and not item.held:
            sync.write(href, ours, theirs, "write", before=item)
        else:
            _merge(sync, href, ours, theirs, item, ours_changed, theirs_changed)
        return
    if ours is None and theirs is None:
        return
    if ours is None:  # deleted or archived here
        contact = _contact(sync.session, item.uid)
        if theirs_changed:  # and edited there: whose is it?
            _conflict(sync, href, None, theirs, item, contact)
            return
        if contact is None and item.made == FOLDER:  # made there: never removed unasked
            _conflict(sync, href, None, theirs, item, contact,
                      why="made in the folder, and its contact is gone in plncrm (deleted or undone)")  # fmt: skip
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
    contact: Contact | None = None, why: str = "",
) -> None:  # fmt: skip
    """Both sides changed: whoever `--resolve` names wins, else nothing moves."""
    uid = ours.uid if ours else item.uid if item else ""
    name = (
        ours.name if ours else contact.name if contact else _named(item.card if item else "", uid)
    )
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
    target = contact or _contact(sync.session, uid)
    if target is None:  # deleted here: the card comes in again as a new one
        _import(sync, [(href, theirs)])
        return
    if target.archived:
        contacts.set_archived(sync.session, target, False)
    sync.read(href, target, ours.text if ours else None, theirs, item)  # what differs from ours


UNKNOWN = "\x00unknown"  # the value both sides agreed on, when no sync ever saw them agree


def _undone(sync: _Sync, entry: int | None) -> bool:
    """Whether `pln undo` took back the sync journaled as `entry` (a store
    without a journal: taken as undone, so the card's value is never lost)."""
    if entry is None:
        return True
    from plncrm.store.models import Journal

    found = sync.session.get(Journal, entry)
    return found is not None and found.undone_at is not None


def _compare(
    sync: _Sync, uid: str, sides: tuple[cards.Fields, cards.Fields],
    bases: tuple[cards.Fields | None, cards.Fields | None], held: Mapping[str, Any],
    was: Mapping[str, tuple[Any, int | None]], changed: tuple[bool, bool],
) -> tuple[list[str], dict[str, Any], list[str]]:  # fmt: skip
    """Each field that differs between the folder's card and plncrm's
    (`sides`), against what each held at the last sync (`bases`): in
    conflict, to read from the card, or to write to it."""
    conflicts: list[str] = []
    reads: dict[str, Any] = {}
    writes: list[str] = []
    for name in cards.FIELDS:
        t_now, m_now = getattr(sides[0], name), getattr(sides[1], name)
        if t_now == m_now:
            continue
        if bases[0] is None or bases[1] is None:
            t_base = m_base = held.get(name, UNKNOWN)
        else:
            t_base = held.get(name, getattr(bases[0], name))
            m_base = held.get(name, getattr(bases[1], name))
        t = (changed[0] or name in held) and t_now != t_base
        m = (changed[1] or name in held) and m_now != m_base
        if m and name in was and was[name][0] == m_now and _undone(sync, was[name][1]):
            m, t = False, True  # the sync that read it was undone: not plncrm changing it
        if t and m:
            side = sync.choice(uid, name)
            if side is None:
                conflicts.append(name)
                continue
            t = side == "theirs"
        if t:
            reads[name] = t_now
        elif m:
            writes.append(name)
        # else: the sides only write the same value differently; each keeps its own
    return conflicts, reads, writes


def _merge(
    sync: _Sync, href: str, ours: StoreCard, theirs: bytes, item: Synced | None,
    ours_changed: bool = True, theirs_changed: bool = True,
) -> None:  # fmt: skip
    """A card changed on either side since the last sync (`item`; None: never
    synced), field by field against what both sides held then: a field changed
    on one side goes to the other; one changed on both, differently, is a
    conflict until `--resolve` names a side, and stays as each side has it
    while the other fields sync."""
    now = cards.fields(theirs)
    mine = cards.fields(ours.text)
    contact = _contact(sync.session, ours.uid)
    if now is None or mine is None or contact is None or contact.id is None:
        sync.step(
            "skip", href, f"{ours.name} ({href})", "not a card plncrm can read; left as it is"
        )
        if item is not None:
            sync.out.synced[href] = item
        return
    base_t = cards.fields(item.card) if item else None
    base_m = (cards.fields(item.mine) if item.mine else base_t) if item else None
    held = item.held if item else {}
    was = item.was if item else {}
    bases = (base_t[0] if base_t else None, base_m[0] if base_m else None)
    conflicts, reads, writes = _compare(sync, ours.uid, (now[0], mine[0]), bases, held, was,
                                        (theirs_changed, ours_changed))  # fmt: skip
    before = mine[0]
    if reads:
        taken = sync.apply(href, contact, reads, item)
        if taken is None:
            return
        ours = sync.card_of(sync.session, contact.id)
        sync.touched.add(ours.uid)
        sync.step("read", href, ours.name, ", ".join(taken), tuple(taken))
    data = theirs
    if writes:
        try:
            data = cards.merged(
                ours.text, theirs, ours.uid, sync.version, keep=frozenset(conflicts)
            )
        except cards.Unreadable as exc:
            sync.step(
                "skip",
                href,
                f"{ours.name} ({href})",
                f"cannot parse the card: {exc}; left as it is",
            )
            if item is not None:
                sync.out.synced[href] = item
            return
        if data != theirs:
            sync.out.writes[href] = data
            sync.step("write", href, ours.name, ", ".join(writes), tuple(writes))
    if not reads and not writes and not conflicts and item is not None and theirs_changed:
        sync.step("read", href, ours.name, "no field plncrm keeps")
    if conflicts:
        sync.step("conflict", href, ours.name,
                  f"{', '.join(conflicts)}: changed in plncrm and in the folder since the last sync",
                  tuple(conflicts))  # fmt: skip
    agreed = {n: held.get(n, getattr(base_t[0], n) if base_t else UNKNOWN) for n in conflicts}
    undone = {
        n: v for n, v in was.items() if n not in reads and n not in writes and n not in agreed
    }
    entry = sync.session.info.get("pln_journal")
    undone.update({n: (getattr(before, n), entry) for n in reads})
    sync.out.synced[href] = Synced(
        ours.uid, cards.digest(data), ours.key, cards.plain(data),
        sync.made.get(href, PLN), cards.plain(ours.text), agreed, undone,
    )  # fmt: skip


def _new_cards(sync: _Sync, files: dict[str, bytes], own: dict[str, str],
               handled: set[str]) -> None:  # fmt: skip
    """The cards new in the folder, in name order, through the import engine
    together (one import a card loaded the whole store for each: a thousand
    new cards took minutes). A file named as a contact's own card (an earlier
    export, never synced) comes in only if a card before it was that contact,
    so the cards before it go in first."""
    waiting: list[tuple[str, bytes]] = []
    for href in sorted(files):
        if href in own and own[href] not in handled:
            handled.update(_import(sync, waiting))
            waiting = []
            if own[href] not in handled:
                continue  # plncrm's own card, never synced: the caller compares it
        waiting.append((href, files.pop(href)))
    handled.update(_import(sync, waiting))


def _import(sync: _Sync, arrivals: list[tuple[str, bytes]]) -> set[str]:
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


def _batch(sync: _Sync, arrivals: list[tuple[str, bytes]], uids: set[str]) -> int | None:
    """Import the cards at once and write each contact's card back; how many
    of the first cards that took, or None when the engine refused one of
    several (nothing taken).

    One import takes its records one after another, as one sync per card did,
    but for two things: a card for someone an earlier card of the same import
    added is folded into that record, where one import per card merged it into
    the stored contact; and each card is written back only after all are in.
    So a batch ends before the first card whose contact a card before it has,
    and is imported again without it."""
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
    sync: _Sync, records: list[Record | None]
) -> tuple[list[Contact | None], dict[int, list[str]], int]:
    """The readable records through the import engine in a savepoint: the
    contact each went to, why the engine refused records (by their place,
    `Record.line`), and how many `_cut` takes; kept only if that is all."""
    from plncrm.importers.apply import apply

    readable = [r for r in records if r is not None]
    if not readable:
        return [None] * len(records), {}, len(records)
    for line, record in enumerate(readable, start=1):
        record.line = line
    session = sync.session
    savepoint = session.begin_nested()
    try:
        report = apply(session, readable, source="carddav", connected_note="Added on the phone",
                       today=sync.today)  # fmt: skip
        found = [None if r is None else _matched(session, r) for r in records]
        rejected: dict[int, list[str]] = {}
        for refused in report.rejected:
            rejected.setdefault(refused.line, []).append(refused.reason)
        cut = _cut(records, found, rejected)
    except BaseException:
        _take_back(session, savepoint)
        raise
    if cut == len(records):
        savepoint.commit()
    else:
        _take_back(session, savepoint)  # the engine changed the records: they are read again
    return found, rejected, cut


def _take_back(session: Session, savepoint: SessionTransaction) -> None:
    """Roll the savepoint back and forget every object the session holds: it
    expires only those it saw change, and a contact changed in the savepoint,
    let go and loaded again by a later query would keep its taken-back values."""
    savepoint.rollback()
    session.expire_all()


def _record(sync: _Sync, theirs: bytes) -> Record | None:
    """A new card's record for the import engine, or None: no card plncrm can read."""
    found = cards.fields(theirs)
    if found is None:
        return None
    record = found[1]
    if record.uid and record.uid in sync.shared:
        record.uid = None  # two cards sharing a UID are two people until the user merges them
    return record


def _cut(records: list[Record | None], found: list[Contact | None],
         rejected: Mapping[int, object]) -> int:  # fmt: skip
    """How many of the first cards an import may take together: up to the
    first whose contact a card before it has (or, found nowhere though not
    refused, may have been folded into one before it)."""
    seen: set[int | None] = set()
    for n, (record, contact) in enumerate(zip(records, found, strict=True)):
        if record is None:
            continue
        if contact is None:
            if seen and record.line not in rejected:
                return n
            continue
        if contact.id in seen:
            return n
        seen.add(contact.id)
    return len(records)


def _placed(sync: _Sync) -> dict[str, list[str]]:
    """The card files this run left in step so far, by their contact's uid, in
    the order they were; a batch's cards go to contacts none of the others
    has, so this holds for each of them while the batch is written back."""
    found: dict[str, list[str]] = {}
    for href, item in sync.out.synced.items():
        found.setdefault(item.uid, []).append(href)
    return found


def _place(sync: _Sync, href: str, theirs: bytes, record: Record, contact: Contact,
           placed: dict[str, list[str]]) -> str:  # fmt: skip
    """A new card the import engine put into `contact`: the contact's card
    written back over it, or, when they have a card already, into that one
    with all this one holds (and this one removed); the contact's uid."""
    assert contact.id is not None
    ours = sync.card_of(sync.session, contact.id)
    sync.touched.add(ours.uid)
    own = next((h for h in placed.get(ours.uid, ())
                if h != href and sync.out.synced[h].uid == ours.uid), None)  # fmt: skip
    if own is None and href_of(ours.uid) != href and _current(sync, href_of(ours.uid)) is not None:
        own = href_of(ours.uid)
    if own is not None:  # they have a card already: one card, with all this one holds
        ours = _keep_names(sync, contact, record)
        if sync.write(own, ours, _current(sync, own), "write", extra=theirs):
            sync.out.removals.append(href)
            sync.step("import", href, ours.name, "a second card of theirs: merged into their card")
            return ours.uid
    sync.write(href, ours, theirs, "import")
    return ours.uid


def _keep_names(sync: _Sync, contact: Contact, record: Any) -> StoreCard:
    """Before a second card of `contact` goes: its name (as another name) and
    its notes, where the contact lacks them; the contact's card, drawn again."""
    assert contact.id is not None
    ours = sync.card_of(sync.session, contact.id)
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
        with sync.session.begin_nested():
            contacts.edit_contact(sync.session, contact, fields, sync.today)
    except PlnError:
        return ours
    return sync.card_of(sync.session, contact.id)


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
