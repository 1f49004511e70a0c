"""Keeping a vdir calendar collection in step with the agenda: one `.ics` file
per entry (the layout vdirsyncer and khal read), named after the entry's UID.

Only files named `pln-*.ics` are ever written or removed, so the folder may
be a collection that holds other entries too. A state file beside them
(`.pln-calendar.state`, which vdir readers ignore) remembers each file's
fingerprint, modification time and size, and the folder's own modification
time: a re-sync with nothing changed compares fingerprints and touches no
file (nor lists the folder, when nothing in it was added, removed or
replaced since). A file changed since (by the `calendar.dir` hook, by
vdirsyncer, by hand) is read back and rewritten unless it holds the entry.
The state is a cache: lost or from another Python, it is rebuilt by reading
the files.

The collection is derived from the store and can always be written again, so
entries are replaced atomically but not flushed to disk one by one (which
made a first sync of 60,000 entries ten times slower). Every file is written
through the safe writer (`util.files`): a new entry is created exclusively, a
changed one through an exclusive temporary file with a random name, the
state in place without following a link; a link planted in the folder is
replaced or ignored, never followed, and nothing is read through one.
"""

from __future__ import annotations

import contextlib
import marshal
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timezone
from pathlib import Path

from plncrm.calendars import ics
from plncrm.calendars.entries import Entry
from plncrm.util.clock import day_of
from plncrm.util.errors import FileError
from plncrm.util.files import (
    create_private,
    kind_of,
    make_private_folder,
    read_regular,
    reason,
    replace_private,
    write_private,
)

PREFIX, SUFFIX = "pln-", ".ics"
STATE = ".pln-calendar.state"
STATE_FORMAT = 2
MAX_STATE_BYTES = 200_000_000  # far beyond a million entries
MAX_ENTRY_BYTES = 10_000_000  # an entry file is compared only below this

Stat = tuple[int, int]  # mtime_ns, size
Known = dict[str, tuple[int, int, int]]  # file name → fingerprint, mtime_ns, size


@dataclass
class Outcome:
    """What a sync did (or, dry, would do), by UID."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def file_name(uid: str) -> str:
    return f"{PREFIX}{uid}{SUFFIX}"


def _uid(name: str) -> str:
    return name[len(PREFIX) : -len(SUFFIX)]


def _listed(folder: Path) -> dict[str, Stat]:
    """Our files in the folder, with their times and sizes."""
    try:
        with os.scandir(folder) as entries:
            found = {}
            for e in entries:
                if (
                    e.name.startswith(PREFIX)
                    and e.name.endswith(SUFFIX)
                    and e.is_file(follow_symlinks=False)
                ):
                    info = e.stat(follow_symlinks=False)
                    found[e.name] = (info.st_mtime_ns, info.st_size)
            return found
    except FileNotFoundError:
        return {}


def _stat(path: Path) -> Stat | None:
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    return info.st_mtime_ns, info.st_size


def _folder_time(folder: Path) -> int:
    try:
        return folder.stat().st_mtime_ns
    except FileNotFoundError:
        return -1


def ours(name: object) -> bool:
    """Whether `name` is an entry file of ours: a plain name in the folder,
    never a path, whatever a state file planted in the folder says."""
    return (
        isinstance(name, str)
        and name.startswith(PREFIX)
        and name.endswith(SUFFIX)
        and len(name) > len(PREFIX) + len(SUFFIX)
        and os.path.basename(name) == name
        and "\0" not in name
        and name.isprintable()
    )


def _fingerprints(known: object) -> Known | None:
    """The state's record of files, if every part of it has the shape a sync
    writes; None for anything else (the folder is then listed afresh)."""
    if not isinstance(known, dict):
        return None
    for name, seen in known.items():
        if not (
            ours(name)
            and isinstance(seen, tuple)
            and len(seen) == 3
            and all(type(n) is int for n in seen)
        ):
            return None
    return known


def _load(folder: Path) -> tuple[int, Known, object]:
    """The folder's time, the files and the store's version as last synced;
    nothing if unreadable or not of the shape a sync writes (anyone who can
    write the folder can write its state: it only ever saves work)."""
    try:
        data = marshal.loads(read_regular(folder / STATE, MAX_STATE_BYTES))
        if isinstance(data, tuple) and len(data) == 4 and data[0] == STATE_FORMAT:
            known = _fingerprints(data[2])
            if known is not None and type(data[1]) is int:
                return data[1], known, data[3]
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, RecursionError):
        pass
    return -2, {}, None


def synced_before(folder: Path) -> bool:
    """Whether the folder holds a state of an earlier sync (else a sync of one
    command's entries would leave a folder holding only those)."""
    return (folder / STATE).is_file() and kind_of(folder / STATE) is None


def current(folder: Path, version: tuple[str, ...]) -> int | None:
    """How many entries the folder holds, if it was synced at this `version`
    of the store (see `sync.store_version`) and nothing in it changed since;
    else None. The one read a re-sync with nothing to do needs."""
    when, known, synced = _load(folder)
    if synced != version or when != _folder_time(folder):
        return None
    return len(known)


def _save(folder: Path, known: Known, version: tuple[str, ...] | None, stamp: datetime) -> None:
    """Write the state in place (a rename would change the folder's time,
    which the state records); created empty first for the same reason. Its
    modification time is the sync's moment, which `synced_on` reads."""
    path = folder / STATE
    if not path.exists() or kind_of(path) is not None:  # a link is replaced, not followed
        write_private(path, b"")
    write_private(path, marshal.dumps((STATE_FORMAT, _folder_time(folder), known, version)))
    os.utime(path, (stamp.timestamp(), stamp.timestamp()))


def synced_on(folder: Path) -> date | None:
    """The day of the folder's last whole sync (one `stat`: a command's hook
    asks it every time), or None."""
    try:
        return day_of(datetime.fromtimestamp(os.stat(folder / STATE).st_mtime, timezone.utc))
    except (OSError, ValueError, OverflowError):
        return None


def _put(folder: str, name: str, data: bytes, new: bool) -> Stat:
    """Write one entry: a new one straight into place (one write of a few
    hundred bytes; a rename each made a first sync of 60,000 three times
    slower), a changed one atomically, so that a reader never sees it half
    replaced."""
    path = os.path.join(folder, name)
    if not new or not create_private(path, data):  # else appeared meanwhile: replaced
        replace_private(path, data)
    info = os.lstat(path)
    return info.st_mtime_ns, info.st_size


class _Writer:
    """Writes entries on a second thread while the next ones are drawn: on a
    first sync, creating tens of thousands of files waits on the disk and
    drawing them on the processor, and the two overlap. Batches keep the
    hand-over cheap; the first error stops the writing and is raised by `done`."""

    BATCH = 256

    def __init__(self, folder: str) -> None:
        import queue
        import threading

        self.folder = folder
        self.batch: list[tuple[str, bytes, bool]] = []
        self.queue: queue.SimpleQueue[list[tuple[str, bytes, bool]] | None] = queue.SimpleQueue()
        self.written: dict[str, Stat] = {}
        self.error: OSError | None = None
        self.thread = threading.Thread(target=self._run, name="pln-calendar-writer", daemon=True)
        self.thread.start()

    def put(self, name: str, data: bytes, new: bool) -> None:
        self.batch.append((name, data, new))
        if len(self.batch) >= self.BATCH:
            self.queue.put(self.batch)
            self.batch = []

    def _run(self) -> None:
        while (batch := self.queue.get()) is not None:
            for name, data, new in batch:
                if self.error is None:
                    try:
                        self.written[name] = _put(self.folder, name, data, new)
                    except OSError as exc:
                        self.error = exc

    def done(self) -> dict[str, Stat]:
        self.queue.put(self.batch)
        self.queue.put(None)
        self.thread.join()
        if self.error is not None:
            raise self.error
        return self.written


def _holds(path: str, entry: Entry, alarm: time | None) -> bool:
    try:
        return ics.same(read_regular(path, MAX_ENTRY_BYTES), entry[2](), alarm)
    except OSError:
        return False


def _prepare(folder: Path, dry_run: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise FileError(f"{folder} is a file, not a folder: name a folder for the calendar")
    if not dry_run:
        try:
            make_private_folder(folder)
        except OSError as exc:
            raise FileError(f"cannot create {folder}: {reason(exc)}") from None


def sync(
    folder: Path,
    entries: Iterable[Entry],
    alarm: time | None,
    stamp: datetime,
    considered: set[str] | None = None,
    dry_run: bool = False,
    version: tuple[str, ...] | None = None,
) -> Outcome:
    """Make the folder hold exactly `entries`: write new and changed ones and
    remove those that no longer exist. With `considered` (the UIDs one
    command may have changed), only their files are looked at, and the state
    is left for the next full sync to bring up to date. A full sync records
    the store's `version` it wrote, for `current`."""
    _prepare(folder, dry_run)
    try:
        if considered is None:
            when, known, synced = _load(folder)
            # Nothing added, removed or replaced since the last sync: its record stands.
            same = when == _folder_time(folder)
            files = {n: (m, s) for n, (_, m, s) in known.items()} if same else _listed(folder)
        else:
            known = {}
            names = (file_name(uid) for uid in considered)
            files = {n: st for n in names if (st := _stat(folder / n)) is not None}
        outcome, kept, changed = _apply(
            folder, entries, alarm, stamp, files, known, dry_run, overlap=considered is None
        )
        if considered is None and not dry_run and (changed or not same or synced != version):
            _save(folder, kept, version, stamp)
    except OSError as exc:
        raise FileError(f"cannot write the calendar in {folder}: {reason(exc)}") from None
    return outcome


def _apply(
    folder: Path,
    entries: Iterable[Entry],
    alarm: time | None,
    stamp: datetime,
    files: dict[str, Stat],
    known: Known,
    dry_run: bool,
    overlap: bool,
) -> tuple[Outcome, Known, bool]:
    outcome, kept, changed = Outcome(), {}, False
    fingerprint, where = ics.fingerprint, str(folder)
    writer = _Writer(where) if overlap and not dry_run else None
    pending: dict[str, int] = {}
    for entry in entries:
        uid, key, make = entry
        name = f"{PREFIX}{uid}{SUFFIX}"
        fp = fingerprint(key, alarm)
        on_disk = files.pop(name, None)
        if on_disk is not None:
            seen = known.get(name)
            if seen is not None and seen[0] == fp and seen[1:] == on_disk:
                kept[name] = seen
                outcome.unchanged += 1
                continue
            changed = True
            if _holds(os.path.join(where, name), entry, alarm):
                kept[name] = (fp, *on_disk)
                outcome.unchanged += 1
                continue
        changed = True
        (outcome.updated if on_disk is not None else outcome.added).append(uid)
        if writer is not None:
            writer.put(name, ics.one(make(), alarm, stamp), new=on_disk is None)
            pending[name] = fp
        elif not dry_run:
            kept[name] = (fp, *_put(where, name, ics.one(make(), alarm, stamp), on_disk is None))
    if writer is not None:
        for name, written in writer.done().items():
            kept[name] = (pending[name], *written)
    for name in sorted(files):  # left over: entries that no longer exist
        changed = True
        if not ours(name):  # never a path: only our own files in this folder go
            continue
        outcome.removed.append(_uid(name))
        if not dry_run:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(folder / name)
    return outcome, kept, changed
