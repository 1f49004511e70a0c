"""What one sync decided, for the command to carry out and the user to read:
a step per card (what happened to it and why), the card files to write and
remove, and the state to save. Nothing here touches the folder: the command
writes the files only once the store's side succeeded, and the state after
commit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from plncrm.addressbook.state import Synced


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
