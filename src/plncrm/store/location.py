"""Where the data lives: `--db` / `PLN_DB` (a path or an SQLAlchemy URL), else the
platform's user data folder.

Only `scheme://…` is a URL. Anything else is a file path taken literally: a
`%20` or a `?` in it is part of the file's name, never decoded or cut off.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path

from plncrm.util.errors import StoreError

APP_NAME = "plncrm"
DB_FILENAME = "pln.db"
SQLITE_PREFIX = "sqlite:///"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def is_url(value: str) -> bool:
    return bool(_URL.match(value))


def resolve_url(value: str | None) -> str:
    """A URL for a user-supplied location (None means the default file). A path
    becomes `sqlite:///` + the absolute path, which `sqlite_path` gives back
    character for character."""
    if value and is_url(value):
        return value
    if value and re.search(r"(?:^|\s)(?:host|dbname|user|password|port)\s*=", value):
        # A libpq keyword string is no file name: taken as one, it would name a
        # new store after the password.
        raise StoreError(
            "a store is a file path or a URL (postgresql://user@host/db), "
            "not host=… dbname=… settings"
        )
    path = Path(os.path.expanduser(value)) if value else default_db_path()
    return SQLITE_PREFIX + str(path.absolute())


def sqlite_path(url: str) -> Path | None:
    """The database file behind an SQLite URL, or None for other engines and memory."""
    if not url.startswith(SQLITE_PREFIX):
        return None
    rest = url[len(SQLITE_PREFIX) :]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), in 0700 folders if
    new. A dangling symbolic link (`PLN_DB` naming a link to a store yet to be
    made) gets the file it names: O_EXCL refuses to create through a link, and
    SQLite would then create it with the umask's mode."""
    if path.exists():
        _owner_only(path)
        return
    from plncrm.util.files import make_private_folder

    target = Path(os.path.realpath(path))
    make_private_folder(target.parent)
    try:
        fd = os.open(target, os.O_CREAT | os.O_EXCL | os.O_WRONLY | _NOFOLLOW, 0o600)
    except FileExistsError:
        return  # another process made it first, or a loop of links (SQLite then says)
    os.close(fd)


_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)


class ReadOnlyStore(Exception):
    """A store whose folder cannot be written, with changes still in its log."""


def read_only_uri(path: Path) -> str | None:
    """How to read the store at `path` when its folder cannot be written (a
    read-only mount, someone else's folder), or None when it can. SQLite's WAL
    mode needs `-wal` and `-shm` files beside the store: with no pending log
    (none, or empty: the last `pln` folded it in), the file alone is the whole
    store and is opened immutable; with a log and its index both there, read
    only through them. A log without its index cannot be read: ReadOnlyStore."""
    real = Path(os.path.realpath(path))
    if os.access(real.parent, os.W_OK):
        return None
    uri = real.as_uri() + "?mode=ro"
    try:
        pending = os.stat(f"{real}-wal").st_size > 0
    except OSError:
        pending = False
    if not pending:
        return uri + "&immutable=1"
    if os.path.exists(f"{real}-shm"):
        return uri
    raise ReadOnlyStore(
        f"its folder is read-only and its last changes wait in {real}-wal, which cannot be "
        "read without an index file beside it; open it once where the folder can be written"
    )


def connect_to_read(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection for reading the store at `path`, wherever it lies: its
    folder may be read-only (see `read_only_uri`; raises ReadOnlyStore)."""
    uri = read_only_uri(path)
    if uri is None:
        return sqlite3.connect(path, timeout=timeout)
    return sqlite3.connect(uri, uri=True, timeout=timeout)


class NotAStore(Exception):
    """The file is not a plncrm store: another program's database, or not SQLite."""


def stored_revision(path: Path) -> str | None:
    """The schema revision of an existing SQLite file, read without changing it:
    None for an empty file or database (a new store). Raises `NotAStore` for a
    file that holds something else, so that plncrm never adds its tables to, or
    switches the journal of, someone else's database."""
    try:
        if path.stat().st_size == 0:
            return None
    except FileNotFoundError:
        return None
    try:
        conn = connect_to_read(path, timeout=30)
    except sqlite3.Error as exc:
        raise NotAStore(str(exc)) from None
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        if not tables:
            return None
        if "alembic_version" not in tables or "contact" not in tables:
            raise NotAStore("it holds other tables")
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
    except sqlite3.DatabaseError as exc:
        raise NotAStore(str(exc)) from None
    finally:
        conn.close()
    if row is None:
        raise NotAStore("it has no schema version")
    return str(row[0])


def _owner_only(path: Path) -> None:
    """A store copied or made readable to others (0644, 0666) is taken back to
    0600 with its journal files: it holds other people's personal data. Only
    our own regular files; a file we cannot change is left as it is."""
    import stat

    for each in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            found = os.stat(each)
            if (
                stat.S_ISREG(found.st_mode)
                and found.st_uid == os.getuid()
                and found.st_mode & 0o077
            ):
                os.chmod(each, 0o600)
        except OSError:
            continue
