"""The one way plncrm writes a file the user named: exports, saved reports,
drafts and backups.

Another user must never be able to read, redirect or truncate what we write, and
a failure must leave nothing behind. So the data goes to a temporary file created
exclusively in the target's folder (O_EXCL | O_NOFOLLOW: 0600 from the first
byte, never an existing file, never a symlink), is flushed to disk, then renamed
over the target: nothing at the target's name is ever opened, so a link there
is never written through, whatever is swapped in meanwhile. What is at the name
is looked at (never opened) first and just before the rename: a symbolic link,
a FIFO (which would block), a device or a folder is refused. Standard output is
`-` or `/dev/stdout`; `/dev/stderr` and `/dev/fd/N` (a shell's `>(…)`) are
written through the descriptor this process already has, never opened by name.

Inside the folders plncrm keeps in step (address books, calendars), where
anyone who can write the folder (vdirsyncer, a phone app, another user) may
plant links, the same holds for every file: names come from `file_stem`, never
from what a file or an import says; reads and in-place writes never follow a
link (`O_NOFOLLOW`) and take regular files only; replacements go through an
exclusive temporary file with a random name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import re
import secrets
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator
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
    """Write to standard output; a full disk or a closed device (`> /dev/full`)
    is a `FileError`, and what could not be written is dropped so that the
    exit does not try again (a reader gone away stays quiet: `cli._close`)."""
    buffer = getattr(sys.stdout, "buffer", None)
    try:
        for chunk in _chunks(data):
            if buffer is not None:
                buffer.write(chunk)
            else:  # a test runner's text stream
                sys.stdout.write(chunk.decode())
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise FileError(f"cannot write standard output: {reason(exc)}") from None


def write_file(path: Path | str | None, data: Content) -> None:
    """Write `data` (bytes, or chunks of them streamed as they come) to `path`
    (None, "-", /dev/stdout: standard output; /dev/stderr, /dev/fd/N: that
    open descriptor), all or nothing."""
    if path is None or str(path) in ("-", "/dev/stdout"):
        write_stdout(data)
        return
    target = Path(path)
    descriptor = _DESCRIPTORS.fullmatch(os.fspath(path))
    if descriptor is not None:
        _write_descriptor(target, int(descriptor.group(1) or 2), data)
        return
    _replace(target, data)


# Names of descriptors this process was given (`pln export csv -o >(gzip …)`
# passes /dev/fd/63): written through the descriptor, never opened by name.
_DESCRIPTORS = re.compile(r"/dev/stderr|/(?:dev|proc/self)/fd/([0-9]{1,9})")


def _write_descriptor(target: Path, fd: int, data: Content) -> None:
    try:
        os.fstat(fd)
        for chunk in _chunks(data):
            _write_all(fd, chunk)
    except OSError as exc:
        why = "not open" if exc.errno == errno.EBADF else reason(exc)
        raise FileError(f"cannot write {target}: {why}") from None


def check_target(target: Path) -> None:
    """A `FileError` unless `target` is a regular file or nothing, for a
    writer that renames a new file over it (`pln backup`)."""
    _refuse(None, str(target), target)


def _refuse(folder: int | None, name: str, target: Path) -> None:
    """A `FileError` unless `name` in `folder` is a regular file or nothing:
    looked at (never opened, never followed), so that a FIFO cannot block us
    and a link or a device is never written through."""
    try:
        info = os.lstat(name, dir_fd=folder)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode):
        return
    if stat.S_ISLNK(info.st_mode):
        why = "it is a symbolic link; name the real file"
    elif stat.S_ISDIR(info.st_mode):
        why = "it is a folder"
    else:
        kind = "a FIFO" if stat.S_ISFIFO(info.st_mode) else "a device or socket"
        why = f"it is {kind}, not a regular file (- writes to standard output)"
    raise FileError(f"cannot write {target}: {why}")


def _replace(target: Path, data: Content) -> None:
    """Write a new private file beside `target` and rename it over `target`.
    The folder is opened once and every step names the file in it, so nothing
    is written through whatever the names point at meanwhile: the rename
    replaces a link or a FIFO planted after the last look, never follows it."""
    folder, name = target.parent, target.name
    if name in ("", ".", ".."):
        raise FileError(f"cannot write {target}: it is a folder")
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError as exc:
        raise FileError(f"cannot write {target}: {reason(exc)} ({folder})") from None
    tmp: str | None = None
    try:
        _refuse(dir_fd, name, target)
        tmp, fd = _temporary(dir_fd, name, target)
        try:
            for chunk in _chunks(data):
                _write_all(fd, chunk)
            os.fsync(fd)
        finally:
            os.close(fd)
        _refuse(dir_fd, name, target)
        os.replace(tmp, name, src_dir_fd=dir_fd, dst_dir_fd=dir_fd)
        tmp = None
        with contextlib.suppress(OSError):
            os.fsync(dir_fd)  # the rename itself durable
    except OSError as exc:
        raise FileError(f"cannot write {target}: {reason(exc)}") from None
    finally:
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp, dir_fd=dir_fd)
        os.close(dir_fd)


def _temporary(folder: int, name: str, target: Path) -> tuple[str, int]:
    """A new file `.NAME.RANDOM.tmp` in `folder`, 0600, open for writing:
    created here (O_EXCL), never an existing file, never through a link."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | os.O_CLOEXEC
    for _ in range(100):
        tmp = f".{name[:100]}.{secrets.token_hex(6)}.tmp"
        try:
            return tmp, os.open(tmp, flags, 0o600, dir_fd=folder)
        except FileExistsError:
            continue
        except OSError as exc:
            # ENOENT from a folder that is there (/proc): it takes no new files.
            why = "no new file can be made there" if exc.errno == errno.ENOENT else reason(exc)
            raise FileError(f"cannot write {target}: {why} ({target.parent})") from None
    raise FileError(f"cannot write {target}: no free temporary name in {target.parent}")


def _remove(tmp: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(tmp)


# A record's uid as plncrm stores it: it names files (a contact's card), so
# 1 to 64 letters, digits and . _ : @ -, not starting with a dot (never `.`,
# `..` or a hidden file), never a path or a control character.
UID = re.compile(r"[A-Za-z0-9_:@-][A-Za-z0-9._:@-]{0,63}")


def safe_uid(value: str | None) -> str | None:
    """`value` as a record's uid, or None when it cannot be one (the record
    then gets a fresh uid): the one rule for every uid that enters the store
    (CSV, JSON, vCard, sync)."""
    return value if value and UID.fullmatch(value) else None


def file_stem(uid: str) -> str:
    """The file name (without its extension) a record's file takes: its uid when
    `safe_uid` takes it, else a digest of it (a store written before uids were
    checked may hold any text), so that a name never leaves its folder."""
    if safe_uid(uid):
        return uid
    return "uid-" + hashlib.sha256(uid.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@contextlib.contextmanager
def exclusive(path: Path, busy: str) -> Iterator[None]:
    """Hold an advisory lock on `path` (a private file, made if new, never
    through a symlink) for the block: `Conflict(busy)` if another process
    holds it. Released however the block ends, the process's end included."""
    import fcntl

    from plncrm.util.errors import Conflict, FileError

    try:
        make_private_folder(path.parent)
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o600)
    except OSError as exc:
        raise FileError(f"cannot lock {path}: {reason(exc)}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise Conflict(busy) from None
        yield
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


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class NotRegular(OSError):
    """A file in a kept folder that is no regular file (a link, a FIFO, a device)."""


def read_regular(path: Path | str, limit: int) -> bytes:
    """The bytes of the regular file at `path`, never through a link, never a
    FIFO or a device (which could block or never end); `NotRegular` for those,
    and `OSError(EFBIG)` for a file over `limit` bytes."""
    fd = os.open(path, os.O_RDONLY | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise NotRegular(errno.EINVAL, "not a regular file")
        if info.st_size > limit:
            raise OSError(errno.EFBIG, f"larger than {limit:,} bytes")
        chunks, size = [], 0
        while chunk := os.read(fd, 1 << 20):
            size += len(chunk)
            if size > limit:  # grew while read
                raise OSError(errno.EFBIG, f"larger than {limit:,} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


def kind_of(path: Path | str) -> str | None:
    """Why a name in a kept folder is no file plncrm reads or writes through
    ("a symbolic link", "not a regular file"), or None for a regular file or
    no file at all."""
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(info.st_mode):
        return "a symbolic link"
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file"
    return None


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def create_private(path: Path | str, data: bytes) -> bool:
    """Write `data` as a new file at `path`, 0600; False (nothing written) when
    any file or link is there already."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    except FileExistsError:
        return False
    try:
        _write_all(fd, data)
    finally:
        os.close(fd)
    return True


def write_private(path: Path | str, data: bytes) -> None:
    """Write `data` as the whole of `path`, in place, readable by its owner
    only. A link, a FIFO or a file with other names (a hard link) at `path` is
    removed first and a new file created: nothing outside is ever written."""
    try:
        fd = os.open(
            path, os.O_WRONLY | os.O_CREAT | _NOFOLLOW | getattr(os, "O_NONBLOCK", 0), 0o600
        )
    except OSError as exc:
        if exc.errno not in (errno.ELOOP, errno.ENXIO, errno.EISDIR):
            raise
        fd = -1
    if fd >= 0:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_uid != os.geteuid():
            os.close(fd)
            fd = -1
    if fd < 0:
        os.unlink(path)  # the link itself, never what it points to
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW, 0o600)
    try:
        os.ftruncate(fd, 0)
        _write_all(fd, data)
    finally:
        os.close(fd)


def replace_private(path: Path | str, data: bytes) -> None:
    """Replace `path` by `data` atomically, 0600: written to an exclusive
    temporary file with a random name beside it (`.NAME.XXXXXXXX.tmp`, which
    vdir readers skip; never an existing file or a link), then renamed over
    `path` (a link there is replaced, never followed). Not flushed to disk: for
    the files plncrm keeps in step with the store (calendar entries, address
    cards, their state), which it can always write again; the user's own files
    go through `write_file`."""
    folder, name = os.path.split(os.fspath(path))
    prefix = f".{name[:100]}."
    fd, tmp = tempfile.mkstemp(dir=folder or ".", prefix=prefix, suffix=".tmp")
    try:
        try:
            _write_all(fd, data)
        finally:
            os.close(fd)
        os.replace(tmp, path)
    except BaseException:
        _remove(tmp)
        raise
