"""The one way plncrm writes a file the user named: exports, saved reports,
drafts and backups.

Another user must never be able to read, redirect or truncate what we write, and
a failure must leave nothing behind. So the data goes to a temporary file created
exclusively in the target's folder (`mkstemp`: 0600 from the first byte, never an
existing file, never a symlink), is flushed to disk, then renamed over the
target. A target that is not a regular file (a terminal, a FIFO, `/dev/stdout`,
a device) is written into, never replaced. A symlink at the target is refused:
following it could overwrite a file elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from plncrm.util.errors import FileError

_REASONS = {
    errno.ENOENT: "no such folder",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EROFS: "read-only file system",
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EISDIR: "it is a folder",
    errno.ELOOP: "it is a symbolic link",
}


def reason(exc: OSError) -> str:
    """A short, plain reason for an OS error."""
    return _REASONS.get(exc.errno or 0, exc.strerror or type(exc).__name__)


Content = bytes | Iterable[bytes]


def _chunks(data: Content) -> Iterable[bytes]:
    return (data,) if isinstance(data, bytes) else data


def write_stdout(data: Content) -> None:
    buffer = getattr(sys.stdout, "buffer", None)
    for chunk in _chunks(data):
        if buffer is not None:
            buffer.write(chunk)
        else:  # a test runner's text stream
            sys.stdout.write(chunk.decode())
    sys.stdout.flush()


def write_file(path: Path | str | None, data: Content) -> None:
    """Write `data` (bytes, or chunks of them streamed as they come) to `path`
    (None or "-": standard output), all or nothing."""
    if path is None or str(path) == "-":
        write_stdout(data)
        return
    target = Path(path)
    try:
        info = os.lstat(target)
    except FileNotFoundError:
        info = None
    except OSError as exc:
        raise FileError(f"cannot write {target}: {reason(exc)}") from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        if _is_stream(target):
            _write_into(target, data)
            return
        raise FileError(f"cannot write {target}: it is a symbolic link; name the real file")
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise FileError(f"cannot write {target}: it is a folder")
    if info is not None and not stat.S_ISREG(info.st_mode):
        _write_into(target, data)
        return
    _replace(target, data)


def _is_stream(target: Path) -> bool:
    """A symlink to something that is not a regular file (`/dev/stdout` → a pipe)."""
    try:
        return not stat.S_ISREG(os.stat(target).st_mode) and not stat.S_ISDIR(
            os.stat(target).st_mode
        )
    except OSError:
        return False


def _write_into(target: Path, data: Content) -> None:
    """Write into a device, FIFO or terminal without creating or replacing anything."""
    try:
        fd = os.open(target, os.O_WRONLY | getattr(os, "O_NOCTTY", 0))
        try:
            for chunk in _chunks(data):
                view = memoryview(chunk)
                while view:
                    view = view[os.write(fd, view) :]
        finally:
            os.close(fd)
    except OSError as exc:
        raise FileError(f"cannot write {target}: {reason(exc)}") from None


def _replace(target: Path, data: Content) -> None:
    folder = target.parent
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".tmp")
    except OSError as exc:
        raise FileError(f"cannot write {target}: {reason(exc)} ({folder})") from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in _chunks(data):
                handle.write(chunk)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        _remove(tmp)
        raise FileError(f"cannot write {target}: {reason(exc)}") from None
    except BaseException:
        _remove(tmp)
        raise
    _sync_folder(folder)


def _remove(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


def _sync_folder(folder: Path) -> None:
    """Make the rename itself durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def make_private_folder(folder: Path) -> None:
    """Create `folder` and any missing parents as 0700, whatever the umask."""
    missing: list[Path] = []
    current = folder
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for part in reversed(missing):
        try:
            os.mkdir(part, 0o700)
        except FileExistsError:
            continue
        os.chmod(part, 0o700)


def write_private(path: Path | str, data: bytes) -> None:
    """Write `data` as the whole of `path`, in place, readable by its owner only."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view) :]
    finally:
        os.close(fd)


def replace_private(path: Path | str, data: bytes) -> None:
    """Replace `path` by `data` atomically, 0600, through `.NAME.tmp` beside it
    (a name vdir readers skip), without flushing to disk: for the files plncrm
    keeps in step with the store (calendar entries, address cards, their
    state), which it can always write again; the user's own files go through
    `write_file`."""
    folder, name = os.path.split(os.fspath(path))
    tmp = os.path.join(folder, f".{name}.tmp")
    write_private(tmp, data)
    os.replace(tmp, path)
