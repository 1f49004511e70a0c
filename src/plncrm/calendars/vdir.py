"""Keeping a vdir calendar collection in step with the agenda: one `.ics` file
per item (the layout vdirsyncer and khal read), named after the item's UID.

Only files named `pln-*.ics` are ever written or removed, so the folder may
be a collection that holds other entries too. A state file beside them
(`.pln-calendar.json`, which vdir readers ignore) remembers each file's
fingerprint, modification time and size, so a re-sync with nothing changed
reads no file and writes none; a file changed since (by the `calendar.dir`
hook, or by hand) is read back and rewritten unless it holds the entry.

The collection is derived from the store and can always be written again, so
files are replaced atomically but not flushed to disk one by one (which made a
first sync of 60,000 entries ten times slower).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path

from plncrm.calendars import ics
from plncrm.calendars.items import CalendarItem
from plncrm.util.errors import FileError
from plncrm.util.files import make_private_folder, reason

PREFIX, SUFFIX = "pln-", ".ics"
STATE = ".pln-calendar.json"

Known = dict[str, tuple[str, int, int]]  # file name → fingerprint, mtime_ns, size


@dataclass
class Outcome:
    """What a sync did (or, dry, would do), by UID."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def file_name(uid: str) -> str:
    return f"{PREFIX}{uid}{SUFFIX}"


def _uid(name: str) -> str:
    return name[len(PREFIX) : -len(SUFFIX)]


def _ours(folder: Path) -> dict[str, os.stat_result]:
    try:
        with os.scandir(folder) as entries:
            return {e.name: e.stat() for e in entries
                    if e.name.startswith(PREFIX) and e.name.endswith(SUFFIX) and e.is_file()}  # fmt: skip
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise FileError(f"cannot read {folder}: {reason(exc)}") from None


def _load(folder: Path) -> Known:
    try:
        data = json.loads((folder / STATE).read_text(encoding="utf-8"))
        if data.get("format") != ics.FORMAT:
            return {}
        return {name: (fp, mtime, size) for name, (fp, mtime, size) in data["files"].items()}
    except (OSError, ValueError, KeyError, TypeError):
        return {}  # no state, or not ours: every file is checked by its content


def _save(folder: Path, known: Known) -> None:
    tmp = folder / f"{STATE}.tmp"
    data = {"format": ics.FORMAT, "files": {n: list(v) for n, v in sorted(known.items())}}
    _write(tmp, json.dumps(data, separators=(",", ":")).encode())
    os.replace(tmp, folder / STATE)


def _write(path: Path, data: bytes) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
    finally:
        os.close(fd)


def _put(folder: Path, name: str, data: bytes) -> os.stat_result:
    """Write one entry atomically: a reader never sees half of it."""
    tmp = folder / f".{name}.tmp"  # not *.ics: a vdir reader skips it
    _write(tmp, data)
    os.replace(tmp, folder / name)
    return os.stat(folder / name)


def _holds(path: Path, item: CalendarItem, alarm: time | None) -> bool:
    try:
        return ics.same(path.read_bytes(), item, alarm)
    except OSError:
        return False


def _check_folder(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise FileError(f"{folder} is a file, not a folder: name a folder for the calendar")


def sync(
    folder: Path, items: Iterable[CalendarItem], alarm: time | None, stamp: datetime,
    considered: set[str] | None = None, dry_run: bool = False,
) -> Outcome:  # fmt: skip
    """Make the folder hold exactly `items`: write new and changed entries and
    remove entries that no longer exist. With `considered` (the UIDs one
    command may have changed), only those are looked at, and the state file
    is left for the next full sync to bring up to date."""
    _check_folder(folder)
    outcome = Outcome()
    if not dry_run:
        try:
            make_private_folder(folder)
        except OSError as exc:
            raise FileError(f"cannot create {folder}: {reason(exc)}") from None
    files = _ours(folder)
    known = _load(folder) if considered is None else {}
    wanted: set[str] = set()
    try:
        for item in items:
            name = file_name(item.uid)
            wanted.add(name)
            fp = ics.fingerprint(item, alarm)
            stat = files.get(name)
            if stat is not None:
                seen = known.get(name)
                if seen == (fp, stat.st_mtime_ns, stat.st_size) or _holds(
                    folder / name, item, alarm
                ):
                    known[name] = (fp, stat.st_mtime_ns, stat.st_size)
                    outcome.unchanged += 1
                    continue
            (outcome.updated if stat is not None else outcome.added).append(item.uid)
            if not dry_run:
                stat = _put(folder, name, ics.one(item, alarm, stamp))
                known[name] = (fp, stat.st_mtime_ns, stat.st_size)
        candidates = (
            files if considered is None else {file_name(u) for u in considered} & set(files)
        )
        for name in sorted(set(candidates) - wanted):
            outcome.removed.append(_uid(name))
            known.pop(name, None)
            if not dry_run:
                os.unlink(folder / name)
        if not dry_run and considered is None:
            _save(folder, {n: v for n, v in known.items() if n in wanted})
    except OSError as exc:
        raise FileError(f"cannot write the calendar in {folder}: {reason(exc)}") from None
    return outcome
