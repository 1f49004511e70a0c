"""What `pln mail scan` keeps between runs, outside the store: which messages
of each mailbox it has read (so that a re-scan reads only new ones), and the
people you write to who are not contacts (`pln mail strangers`: they are not
in the network, so they are not in the store either).

One JSON file: beside an SQLite store (`pln.db.mail-scan.json`), else in the
user's state folder, named after the store. It is a cache: lost, damaged or
of another shape, the next scan reads everything again, and the store's
unique Message-IDs keep every message logged once. It remembers the undo
entry of the last scan that logged anything: when `pln undo` has taken that
scan back, what was read is forgotten, so that the next scan logs it again.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from plncrm.util.errors import FileError
from plncrm.util.files import make_private_folder, read_regular, reason, replace_private

FORMAT = 1
MAX_STATE_BYTES = 500_000_000  # far beyond a million messages
SUFFIX = ".mail-scan.json"
MAX_HASHES = 50  # Message-IDs remembered per stranger, so a copy is not counted twice


def lock_for(url: str, what: str) -> Path:
    """The lock file that keeps two `pln` from doing `what` ("send", "scan")
    for the store at `url` at once, beside the state."""
    state = path_for(url)
    return state.with_name(state.name.removesuffix(".json") + f".{what}.lock")


def path_for(url: str) -> Path:
    """Where the state of the store at `url` lives."""
    from plncrm.store.location import APP_NAME, sqlite_path
    from plncrm.util.redact import redact, url_secrets

    found = sqlite_path(url)
    if found is not None:
        return found.with_name(found.name + SUFFIX)
    from platformdirs import user_state_path

    named = hashlib.sha256(redact(url, *url_secrets(url)).encode()).hexdigest()[:16]
    return user_state_path(APP_NAME, appauthor=False) / f"mail-scan-{named}.json"


@dataclass
class Stranger:
    """Someone you exchanged mail with who is not in the network."""

    name: str  # their display name as your messages gave it ("" if none)
    wrote_to: int = 0  # messages you sent them
    heard_from: int = 0  # messages they sent you
    last: str = ""  # the day of the latest, ISO
    last_id: str = ""  # its Message-ID
    last_out: bool = False  # whether it went out (yours)
    hashes: list[str] = field(default_factory=list)  # of the Message-IDs counted

    def count(self, message_id: str, on: date, out: bool, name: str) -> None:
        """Count one message, once however many copies are read."""
        digest = hashlib.sha256(message_id.encode()).hexdigest()[:12]
        if digest in self.hashes:
            return
        self.hashes = [*self.hashes, digest][-MAX_HASHES:]
        self.name = name or self.name
        if out:
            self.wrote_to += 1
        else:
            self.heard_from += 1
        if on.isoformat() >= self.last:
            self.last, self.last_id, self.last_out = on.isoformat(), message_id, out

    def row(self) -> list[Any]:
        return [
            self.name,
            self.wrote_to,
            self.heard_from,
            self.last,
            self.last_id,
            self.last_out,
            self.hashes,
        ]


def _stranger(row: object) -> Stranger | None:
    """A stranger as the file holds them, if of the shape a scan writes."""
    if not isinstance(row, list) or len(row) != 7:
        return None
    name, out, came, last, last_id, last_out, hashes = row
    strings = all(isinstance(v, str) for v in (name, last, last_id))
    counts = type(out) is int and type(came) is int and isinstance(last_out, bool)
    if not (strings and counts and isinstance(hashes, list)):
        return None
    try:
        date.fromisoformat(last)
    except ValueError:
        return None
    kept = [h for h in hashes if isinstance(h, str)][-MAX_HASHES:]
    return Stranger(name, out, came, last, last_id, last_out, kept)


@dataclass
class State:
    entry: int | None = None  # the undo entry of the last scan that logged anything
    maildirs: dict[str, Any] = field(default_factory=dict)  # folder → its names and times
    mboxes: dict[str, Any] = field(default_factory=dict)  # file → [size, offset, digest]
    imap: dict[str, Any] = field(default_factory=dict)  # the IMAP account's own (mail.imap)
    strangers: dict[str, Stranger] = field(default_factory=dict)  # address → them

    def forget_reading(self) -> None:
        """Read every mailbox again from the start (the store lost what was logged)."""
        self.entry, self.maildirs, self.mboxes, self.imap = None, {}, {}, {}


def load(path: Path) -> State:
    """The state at `path`; an empty one if there is none or it is not of
    the shape a scan writes (anyone who can write the folder can write it)."""
    try:
        data = json.loads(read_regular(path, MAX_STATE_BYTES))
    except (OSError, ValueError, RecursionError):
        return State()
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return State()
    entry = data.get("entry")
    maildirs, mboxes, imap, rows = (_mapping(data.get(k)) for k in _PARTS)
    if maildirs is None or mboxes is None or imap is None or rows is None:
        return State()
    strangers = {a: s for a, row in rows.items() if (s := _stranger(row)) is not None}
    return State(entry if type(entry) is int else None, maildirs, mboxes, imap, strangers)


_PARTS = ("maildirs", "mboxes", "imap", "strangers")


def _mapping(value: object) -> dict[str, Any] | None:
    return value if isinstance(value, dict) else None


def save(path: Path, state: State) -> None:
    """Write the state whole, atomically, readable by its owner only."""
    data = {
        "format": FORMAT,
        "entry": state.entry,
        "maildirs": state.maildirs,
        "mboxes": state.mboxes,
        "imap": state.imap,
        "strangers": {a: s.row() for a, s in sorted(state.strangers.items())},
    }
    try:
        make_private_folder(path.parent)
        replace_private(path, json.dumps(data, separators=(",", ":")).encode())
    except OSError as exc:
        raise FileError(f"cannot keep what was read in {path}: {reason(exc)}") from None
