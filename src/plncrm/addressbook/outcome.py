"""What one sync decided, for the command to carry out and the user to read:
a step per card (what happened to it and why), the card files to write and
remove, and the state to save. Nothing here touches the folder: the command
writes the files only once the store's side succeeded, and the state after
commit."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from sqlmodel import Session

from plncrm.addressbook.state import Synced


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
