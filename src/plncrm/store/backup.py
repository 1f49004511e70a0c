"""Copies of an SQLite store, taken and put back safely while `pln` runs.

SQLite's online backup copies a consistent snapshot even while other `pln`
processes write; the copy is written under a temporary name beside its target
and renamed when complete, 0600 from the start. A restore first keeps a copy of
the store it replaces, and copies the backup *into* the live database (again
through the backup API), so that a process that has it open never sees half a
file. PostgreSQL stores are backed up with `pg_dump` (or `pln export json`).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path

from plncrm.store import location
from plncrm.store.revision import check_revision
from plncrm.util import clock
from plncrm.util.errors import FileError, Invalid, StoreError
from plncrm.util.files import check_target, reason


def store_path(url: str) -> Path:
    """The SQLite file behind `url`; PostgreSQL has its own tools."""
    path = location.sqlite_path(url)
    if path is None:
        raise Invalid(
            "backup and restore are for SQLite stores: on PostgreSQL use pg_dump and "
            "pg_restore, or pln export json and pln import json"
        )
    return path


def default_name() -> Path:
    """pln-backup-20261129-071503.db: the name says when."""
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    return Path(f"pln-backup-{stamp}.db")


def backup(url: str, target: Path) -> Path:
    """Write a consistent copy of the store at `url` to `target`."""
    source = store_path(url)
    if not source.exists():
        raise StoreError(f"there is no store at {source} yet")
    if target.exists() and target.resolve() == source.resolve():
        raise Invalid("a backup cannot be written over the store itself")
    check_target(target)  # a link, FIFO or device: refused, never replaced
    copy_store(source, target)
    return target


def copy_store(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite store `source`, complete or not at all."""
    tmp: str | None = None
    try:
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        os.close(fd)
        # The source's folder may be read-only (see `location.read_only_uri`).
        src = location.connect_to_read(source, timeout=30)
        dst = sqlite3.connect(tmp)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            src.close()
            dst.close()
        with open(tmp, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise FileError(f"cannot write {target}: {reason(exc)}") from None
    except (sqlite3.Error, location.ReadOnlyStore) as exc:
        _remove(tmp)
        raise StoreError(f"cannot copy {source}: {exc}") from None


def _remove(tmp: str | None) -> None:
    if tmp is not None and os.path.exists(tmp):
        os.unlink(tmp)


def check_store(path: Path) -> None:
    """Refuse anything but a plncrm store this version can read."""
    if not path.is_file():
        raise StoreError(f"no store at {path}")
    try:
        revision = location.stored_revision(path)
    except location.NotAStore as exc:
        raise StoreError(f"{path} is not a plncrm store ({exc})") from None
    except location.ReadOnlyStore as exc:
        raise StoreError(f"cannot read {path}: {exc}") from None
    if revision is None:
        raise StoreError(f"{path} is not a plncrm store (it is empty)")
    check_revision(revision)


def restore(url: str, source: Path) -> Path:
    """Put the store backed up in `source` in place of the one at `url`;
    return where a copy of the replaced store was kept."""
    store = store_path(url)
    check_store(source)
    if store.exists() and source.resolve() == store.resolve():
        raise Invalid("that file is the store itself")
    stamp = clock.local_now().strftime("%Y%m%d-%H%M%S")
    kept = store.with_name(f"{store.name}.before-restore-{stamp}")
    if store.exists():
        copy_store(store, kept)
    else:
        location.create_private_file(store)
    try:
        src, dst = sqlite3.connect(source, timeout=30), sqlite3.connect(store, timeout=30)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot restore {source}: {exc}; the store is unchanged") from None
    return kept
