"""Reading the user's mail over IMAP (`mail.imap`, `mail.folders`) for `pln
mail scan`: the header block of each message not read before, never a body.

Incremental: for each folder the scan's state remembers its UIDVALIDITY and
the highest UID read, so that a re-scan asks only for what arrived since (and
nothing at all when the folder's UIDNEXT says nothing did). When the server
renumbered a folder (a new UIDVALIDITY), the folder is read again from the
start; the scan's Message-ID check keeps a message from being logged twice.
The state moves only when the caller says its own transaction committed
(`HeaderBlocks.commit`), so a scan that fails halfway reads the same messages
again next time.

A folder named "Sent" that the server does not have is the folder it marks as
sent mail (\\Sent: "[Gmail]/Sent Mail", "Sent Items"); INBOX is any case.
"""

from __future__ import annotations

import imaplib
import json
from collections.abc import Generator, Iterator, MutableMapping, Sequence
from pathlib import Path
from types import TracebackType
from typing import Any

from plncrm.mail import imap_client as client
from plncrm.util.batches import chunks
from plncrm.util.errors import FileError, Refused
from plncrm.util.mail_account import ImapAccount

BATCH = 250  # messages' headers asked for in one command
MAX_STATE = 1_000_000  # bytes of a state file
SENT = "sent"


Marks = dict[str, tuple[int, int]]  # folder -> (UIDVALIDITY, highest UID read)
State = MutableMapping[str, Any]  # what is kept: {"account": …, "folders": {name: [v, uid]}}


def _marks(kept: State, account: ImapAccount) -> Marks:
    """The marks kept for `account`; none for another account, and none from
    what is not of the shape pln writes (the folders are then read again)."""
    found = kept.get("folders") if kept.get("account") == account.shown() else None
    marks: Marks = {}
    for name, mark in found.items() if isinstance(found, dict) else ():
        if isinstance(mark, list) and len(mark) == 2 and all(type(n) is int for n in mark):
            marks[str(name)] = (mark[0], max(mark[1], 0))
    return marks


def _load(path: Path) -> State:
    from plncrm.util.files import read_regular, reason

    try:
        data = json.loads(read_regular(path, MAX_STATE))
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise FileError(f"cannot read {path}: {reason(exc)}") from None
    except (ValueError, RecursionError):
        return {}
    return data if isinstance(data, dict) else {}


def _save(path: Path, kept: State) -> None:
    from plncrm.util.files import make_private_folder, reason, write_file

    try:
        make_private_folder(path.parent)
    except OSError as exc:
        raise FileError(f"cannot write {path}: {reason(exc)}") from None
    write_file(path, json.dumps(dict(kept), indent=1).encode() + b"\n")


def _resolve(account: ImapAccount, known: list[client.Folder], wanted: Sequence[str]) -> list[str]:
    """The server's folders that `mail.folders` names, in its order."""
    by_name = {f.name: f for f in known}
    chosen: list[str] = []
    for name in wanted:
        found = by_name.get(name)
        if found is None:
            same = [f for f in known if f.name.casefold() == name.casefold()]
            found = same[0] if len(same) == 1 else None
        if found is None and name.casefold() == SENT:
            found = next((f for f in known if "\\sent" in f.flags), None)
        if found is None:
            names = ", ".join(f.name for f in known[:10]) + (", …" if len(known) > 10 else "")
            raise Refused(
                f"{account.shown()} has no folder {name!r} (mail.folders; it has {names})"
            )
        if "\\noselect" in found.flags:
            raise Refused(f"{account.shown()}: {found.name!r} holds folders, not messages")
        if found.name not in chosen:
            chosen.append(found.name)
    return chosen


class HeaderBlocks(Iterator[bytes]):
    """The header block of each message not read before, folder by folder, in
    the order they arrived; `commit()` records how far they went."""

    def __init__(
        self,
        conn: client.Bounded,
        account: ImapAccount,
        password: str,
        folders: list[str],
        state: State | Path,
    ) -> None:
        self.account, self.folders = account, folders
        self.read = dict.fromkeys(folders, 0)  # header blocks handed out, per folder
        self._conn, self._password = conn, password
        self._path = state if isinstance(state, Path) else None
        self._kept = _load(state) if isinstance(state, Path) else state
        self._marks = _marks(self._kept, account)
        self._blocks = self._each()

    def __next__(self) -> bytes:
        return next(self._blocks)

    def __enter__(self) -> HeaderBlocks:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Stop reading and log out (what was handed out stays handed out)."""
        self._blocks.close()
        client.drop(self._conn)

    def commit(self) -> None:
        """Remember every block handed out so far as read: call it once what
        was made of them is committed to the store (and then save the state
        it was given, when that was not a file)."""
        self._kept.clear()
        self._kept["account"] = self.account.shown()
        self._kept["folders"] = {n: list(mark) for n, mark in sorted(self._marks.items())}
        if self._path is not None:
            _save(self._path, self._kept)

    def _each(self) -> Generator[bytes, None, None]:
        try:
            for name in self.folders:
                yield from self._folder(name)
        except (imaplib.IMAP4.error, OSError, ValueError) as exc:
            client.drop(self._conn)
            raise client.failure(self.account, exc, self._password) from None
        client.logout(self._conn)

    def _folder(self, name: str) -> Iterator[bytes]:
        mark = self._marks.get(name)
        known = client.status(self._conn, name)
        if mark and known and _nothing_new(known, *mark):
            return
        opened = client.examine(self._conn, name)
        validity, last = mark or (opened.uidvalidity, 0)
        if validity != opened.uidvalidity:  # renumbered: read it all again
            last = 0
        self._marks[name] = (opened.uidvalidity, last)
        if not opened.exists or _nothing_new(opened, opened.uidvalidity, last):
            return
        for batch in chunks(client.uids_after(self._conn, last), BATCH):
            for uid, block in client.fetch_headers(self._conn, batch):
                self._marks[name] = (opened.uidvalidity, uid)  # handed out from here on
                self.read[name] += 1
                yield block
            self._marks[name] = (opened.uidvalidity, batch[-1])


def _nothing_new(folder: client.Opened, validity: int, last: int) -> bool:
    """Whether the folder holds no message past `last` of numbering `validity`."""
    return folder.uidvalidity == validity and 0 < folder.uidnext <= last + 1


def header_blocks(
    account: ImapAccount, password: str, folders: Sequence[str], state: State | Path
) -> HeaderBlocks:
    """Log in to `account` and find `folders` (mail.folders) on it, then hand
    out the header block (bytes, for `mail.headers.parse_headers`) of each
    message not read before according to `state`: the part of the scan's own
    state kept for IMAP (`inbox_state.State.imap`, updated by `commit`), or a
    file of its own. Errors are one line naming the account, never the
    password: `DeliveryError` (login refused, server unreachable or too
    slow), `Refused` (no such folder)."""
    conn = client.connect(account, password)
    try:
        chosen = _resolve(account, client.folders(conn), folders)
    except (imaplib.IMAP4.error, OSError, ValueError) as exc:
        client.drop(conn)
        raise client.failure(account, exc, password) from None
    except Refused:
        client.logout(conn)
        raise
    return HeaderBlocks(conn, account, password, chosen, state)
