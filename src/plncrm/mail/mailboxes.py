"""Reading the header blocks of the messages in a Maildir or an mbox file,
only those not read before: what `pln mail scan` learns from.

A Maildir (mbsync's, offlineimap's) is a folder of `cur/` and `new/`, with
others like it inside (`.Sent`, `Sent`, `Archive`); each message is a file
whose name is unique and stable but for the flags after ":2,". Which names
were read is kept per folder, with the times of `cur/` and `new/`: a re-scan
with nothing new lists nothing. An mbox (a Google Takeout, Thunderbird) is
one file of messages, each after a "From " line; it is streamed, never loaded
whole, and kept as its size, the offset read to and a digest of its first
bytes: a file that grew is read on from there, one rewritten (compacted,
replaced) from the start. Only header blocks are read: a message's body is
skipped unread, as far as the file allows (an mbox must be searched for the
next "From " line).
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any, NamedTuple

from plncrm.util.errors import FileError
from plncrm.util.files import reason

FIRST_READ = 16_384  # bytes of a message file read at first: most header blocks fit
MAX_HEADER = 262_144  # a header block longer than this is cut (no real one is)
CHUNK = 4 << 20  # bytes of an mbox read at a time
HEAD = 4_096  # the first bytes of an mbox whose digest tells the same file from another
MAX_DEPTH = 4  # folders inside a Maildir looked into
# Folders that hold no exchange: drafts never went out, spam was never anyone's.
_SKIPPED = re.compile(r"(^|[./])(drafts?|templates|spam|junk|junk e-?mail|bulk mail)$", re.I)
_FLAGS = re.compile(r"[:!;]2,")
_READ = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)  # a FIFO planted in a folder never blocks


class Block(NamedTuple):
    """One message's header block, and when it came when its headers do not say."""

    raw: bytes
    where: str  # the file (Maildir), or the "From " line (mbox): for the fallback date
    maildir: bool

    def fallback(self) -> datetime | None:
        """The file's time (Maildir), or the date on the mbox "From " line."""
        if self.maildir:
            try:
                return datetime.fromtimestamp(os.stat(self.where).st_mtime, timezone.utc)
            except (OSError, ValueError, OverflowError):
                return None
        parts = self.where.split(None, 2)
        if len(parts) < 3:
            return None
        try:
            moment = parsedate_to_datetime(parts[2])
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def is_maildir(path: Path) -> bool:
    """Whether `path` is a Maildir folder, or a folder of them (mbsync's account folder)."""
    return path.is_dir() and any(True for _ in _leaves(path, 1))


def _leaves(root: Path, depth: int = MAX_DEPTH) -> Iterator[Path]:
    """`root` and the folders inside it that hold messages (cur/ or new/), but
    drafts and spam; never through a symbolic link."""
    if (root / "cur").is_dir() or (root / "new").is_dir():
        yield root
    if depth <= 0:
        return
    try:
        inside = sorted(os.scandir(root), key=lambda e: e.name)
    except OSError:
        return
    for entry in inside:
        if entry.name in ("cur", "new", "tmp") or not entry.is_dir(follow_symlinks=False):
            continue
        if not _SKIPPED.search(entry.name):
            yield from _leaves(Path(entry.path), depth - 1)


def _base(name: str) -> tuple[str, str]:
    """A message file's stable name, and its flags ("S", "RS", "D")."""
    found = _FLAGS.search(name)
    return (name[: found.start()], name[found.end() :]) if found else (name, "")


class Maildir:
    """The messages of a Maildir not read before (`known`: the state of the
    last scan, by folder); `state()` gives what this read leaves known."""

    def __init__(self, root: Path, known: dict[str, Any]) -> None:
        self.root = root
        self.known = known
        self.seen: dict[str, Any] = {}

    def blocks(self) -> Iterator[Block]:
        for leaf in _leaves(self.root):
            key = str(leaf)
            before = self.known.get(key)
            known = _known_names(before)
            times = [_mtime(leaf / "cur"), _mtime(leaf / "new")]  # before listing: nothing missed
            if known is not None and isinstance(before, dict) and before.get("times") == times:
                self.seen[key] = before
                continue
            names = known or set()
            listed: dict[str, str] = {}
            for sub in ("new", "cur"):
                for name in _names(leaf / sub):
                    base, flags = _base(name)
                    if base not in names and "D" not in flags:
                        listed.setdefault(base, str(leaf / sub / name))
                    names.add(base)
            for base in sorted(listed):
                raw = _read_head(listed[base])
                if raw is not None:
                    yield Block(raw, listed[base], True)
            current = {_base(n)[0] for sub in ("new", "cur") for n in _names(leaf / sub)}
            self.seen[key] = {"times": times, "names": sorted(names & current)}

    def state(self) -> dict[str, Any]:
        return self.seen


def _known_names(before: object) -> set[str] | None:
    """The names a folder's state holds, if it has the shape a scan writes
    (anyone who can write the state file could have written anything)."""
    if not isinstance(before, dict) or not isinstance(before.get("names"), list):
        return None
    names = before["names"]
    return set(names) if all(isinstance(n, str) for n in names) else None


def _mtime(folder: Path) -> int:
    try:
        return os.stat(folder).st_mtime_ns
    except OSError:
        return -1


def _names(folder: Path) -> list[str]:
    try:
        return [n for n in os.listdir(folder) if not n.startswith(".")]
    except OSError:
        return []


def _read_head(path: str) -> bytes | None:
    """A message file's header block (and perhaps a little more): read in
    one go for most, a little further for long ones, never a whole body."""
    try:
        fd = os.open(path, _READ | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None  # gone meanwhile (moved by the mail client), or a link
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return None
        data = os.read(fd, FIRST_READ)
        while len(data) < MAX_HEADER and b"\n\n" not in data and b"\n\r\n" not in data:
            more = os.read(fd, FIRST_READ * 4)
            if not more:
                break
            data += more
        return data[:MAX_HEADER]
    except OSError:
        return None
    finally:
        os.close(fd)


class Mbox:
    """The messages of an mbox file not read before (`known`: [size, offset,
    digest of its first bytes, digest of the bytes just before offset] as the
    last scan left it)."""

    def __init__(self, path: Path, known: object) -> None:
        self.path = path
        self.known = known
        self.seen: list[Any] = []

    def blocks(self) -> Iterator[Block]:
        try:
            fd = os.open(self.path, _READ)
        except OSError as exc:
            raise FileError(f"cannot read {self.path}: {reason(exc)}") from None
        with os.fdopen(fd, "rb", buffering=0) as file:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise FileError(f"{self.path} is no mbox file (nor a Maildir folder)")
            size = info.st_size
            head = hashlib.sha256(os.pread(fd, HEAD, 0)).hexdigest()

            def tail(offset: int) -> str:
                """What lies just before `offset`: a file rewritten in place
                (Thunderbird compacting it) differs there, though not at its start."""
                return hashlib.sha256(os.pread(fd, HEAD, max(0, offset - HEAD))).hexdigest()

            start = _resume_at(self.known, size, head, tail)
            self.seen = [size, start, head, tail(start)]
            if start < size:
                file.seek(start)
                yield from _messages(file)
            self.seen = [size, size, head, tail(size)]

    def state(self) -> list[Any]:
        return self.seen


def _resume_at(known: object, size: int, head: str, tail: Callable[[int], str]) -> int:
    """Where to read on from: the offset read to, if this is the same file
    (its first bytes, and those just before the offset) and has not shrunk;
    else the start (the store's Message-IDs keep what was logged from twice)."""
    if isinstance(known, list) and len(known) == 4:
        was, offset, digest, before = known
        if (
            digest == head
            and type(was) is int
            and type(offset) is int
            and 0 <= offset <= was <= size
            and before == tail(offset)
        ):
            return offset
    return 0


class _Stream:
    """An mbox read a chunk at a time: `buffer[pos:]` is what is still to read."""

    def __init__(self, file: Any) -> None:
        self.file, self.buffer, self.pos, self.ended = file, b"", 0, False

    def more(self) -> bool:
        """Read the next chunk (dropping what was read); False at the end."""
        if self.ended:
            return False
        chunk = self.file.read(CHUNK)
        if not chunk:
            self.ended = True
            return False
        self.buffer, self.pos = self.buffer[self.pos :] + chunk, 0
        return True

    def next_start(self, after: int) -> int:
        """Where the next message begins (its "From " line) after `after`,
        reading on as needed (and leaving behind what lies before); -1 at the end."""
        while True:
            found = self.buffer.find(b"\nFrom ", after)
            if found >= 0:
                return found + 1
            self.pos = max(self.pos, len(self.buffer) - 5)  # "\nFrom " may straddle chunks
            if not self.more():
                return -1
            after = 0


def _messages(file: Any) -> Iterator[Block]:
    """Each message's "From " line and header block, streaming the file: a
    message starts at a line that begins with "From " (as the standard
    library's `mailbox.mbox` reads it)."""
    stream = _Stream(file)
    stream.more()
    start = 0 if stream.buffer.startswith(b"From ") else stream.next_start(0)
    while start >= 0:
        stream.pos = start
        while _end_of_head(stream.buffer, start) < 0 and len(stream.buffer) - start < MAX_HEADER:
            if not stream.more():
                break
            start = 0
        buffer = stream.buffer
        line_end = buffer.find(b"\n", start, start + MAX_HEADER)
        if line_end < 0:  # a "From " line longer than any header: no message, skip to the next
            start = stream.next_start(start + 5)
            continue
        end = _end_of_head(buffer, line_end)
        cut = end if end >= 0 else min(len(buffer), start + MAX_HEADER)
        following = buffer.find(b"\nFrom ", line_end, cut)
        if following >= 0:  # a "From " line before any blank one: a new message
            cut = following + 1
        raw, where = buffer[line_end + 1 : cut], buffer[start:line_end].decode("latin-1")
        yield Block(raw, where.rstrip("\r"), False)
        start = cut if following >= 0 else stream.next_start(max(cut - 1, line_end))


def _end_of_head(buffer: bytes, start: int) -> int:
    """Where the header block that begins at `start` ends (just after its
    last line), looking no further than MAX_HEADER; -1 if not there."""
    limit = start + MAX_HEADER
    lf = buffer.find(b"\n\n", start, limit)
    crlf = buffer.find(b"\n\r\n", start, lf + 2 if lf >= 0 else limit)  # only if sooner
    found = [i for i in (lf, crlf) if i >= 0]
    return min(found) + 1 if found else -1
