"""One sync in progress (`Syncing`: what it was asked, what it decided so
far), and the moves every decision about a card ends in: plncrm's card
written over the folder's (what plncrm does not know stays on it), or the
folder's fields taken into the contact. Store changes happen in the caller's
transaction; the files are only listed in the outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from plncrm.addressbook import cardfiles, cards, store_cards
from plncrm.addressbook.outcome import Outcome, Step
from plncrm.addressbook.state import FOLDER, PLN, Synced
from plncrm.addressbook.store_cards import StoreCard
from plncrm.core import contacts
from plncrm.core.contacts import ContactFields
from plncrm.store.db import Db, fetch, save, savepoint
from plncrm.store.schema import Contact, values
from plncrm.util.errors import PlnError


@dataclass
class Syncing:
    db: Db
    folder: Path
    today: date
    version: str
    resolve: dict[str, dict[str, str]]  # contact uid → field ("*": every one) → theirs or mine
    archive: bool  # the user confirmed archiving contacts whose cards were deleted
    out: Outcome = field(default_factory=Outcome)
    touched: set[str] = field(default_factory=set)  # contacts this run changed, by uid
    made: dict[str, str] = field(default_factory=dict)  # href → who made the card (state)
    shared: set[str] = field(default_factory=set)  # UIDs carried by more than one card

    def step(
        self, action: str, href: str, name: str, why: str = "", fields: tuple[str, ...] = ()
    ) -> None:
        self.out.steps.append(Step(action, href, name, why, fields))

    def choice(self, uid: str, name: str = "*") -> str | None:
        """Whose side `--resolve` took for a field of the contact, if any."""
        chosen = self.resolve.get(uid, {})
        return chosen.get(name, chosen.get("*"))

    def card_of(self, contact_id: int) -> StoreCard:
        """plncrm's card of a contact, as this run has left them so far."""
        return store_cards.card_of(self.db, contact_id)

    def contact(self, uid: str) -> Contact | None:
        found = fetch(self.db, Contact, "uid = :uid", {"uid": uid})
        return found[0] if found else None

    def contact_of(self, contact_id: int) -> Contact | None:
        found = fetch(self.db, Contact, "id = :id", {"id": contact_id})
        return found[0] if found else None

    def current(self, href: str) -> bytes | None:
        """The card at `href` as this run leaves it so far."""
        if href in self.out.writes:
            return self.out.writes[href]
        return cardfiles.read_one(self.folder, href)

    def write(
        self,
        href: str,
        ours: StoreCard,
        theirs: bytes | None,
        action: str,
        extra: bytes | None = None,
        before: Synced | None = None,
    ) -> bool:
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
                self.out.synced[href] = Synced(
                    ours.uid, cards.digest(theirs), ours.key, cards.plain(theirs), made
                )
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

    def apply(
        self, href: str, contact: Contact, changed: dict[str, Any], item: Synced | None
    ) -> list[str] | None:
        """The card's values of the `changed` fields into `contact`; the fields
        taken, or None (reported, the card's state kept) when the store
        refuses them. A card without a name keeps the contact's, a birthday
        that is no day is not read."""
        taken = {k: (list(v) if isinstance(v, tuple) else v) for k, v in changed.items()}
        if not taken.get("name"):
            taken.pop("name", None)
        birthday: Any = taken.pop("birthday", ())
        if birthday and cards.birthday(birthday) != birthday:
            birthday = ()  # no day: the card's text stays on the card
        before = values(contact)
        try:
            with savepoint(self.db):
                edits: dict[str, Any] = {k: ("" if v is None else v) for k, v in taken.items()}
                contacts.edit_contact(self.db, contact, ContactFields(**edits), self.today)
                if birthday != ():
                    contact.birthday = birthday or None
                    save(self.db, contact, "birthday")
        except PlnError as exc:
            for name, value in before.items():  # as the store has them again
                if getattr(contact, name) != value:
                    setattr(contact, name, value)
            self.step("skip", href, contact.name, exc.message)
            if item is not None:
                self.out.synced[href] = item
            return None
        return sorted([*taken, *(["birthday"] if birthday != () else [])])

    def read(
        self,
        href: str,
        contact: Contact,
        before: str | None,
        theirs: bytes,
        item: Synced | None = None,
    ) -> None:
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
        ours = self.card_of(contact.id)
        self.touched.add(ours.uid)
        self.out.synced[href] = Synced(
            ours.uid,
            cards.digest(theirs),
            ours.key,
            cards.plain(theirs),
            self.made.get(href, PLN),
            cards.plain(ours.text),
        )
        why = ", ".join(taken) or "no field plncrm keeps"
        self.step("read", href, ours.name, why, tuple(taken))
