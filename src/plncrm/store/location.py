"""Where the data lives: `--db` / `PLN_DB` (a path or an SQLAlchemy URL), else the
platform's user data folder."""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "plncrm"
DB_FILENAME = "pln.db"


def default_db_path() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def resolve_url(value: str | None) -> str:
    """An SQLAlchemy URL for a user-supplied location (None means the default file)."""
    if value and "://" in value:
        return value
    path = Path(os.path.expanduser(value)) if value else default_db_path()
    return f"sqlite:///{path.resolve()}"


def sqlite_path(url: str) -> Path | None:
    """The database file behind an SQLite URL, or None for other engines and memory."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        return None
    rest = url[len(prefix) :].split("?", 1)[0]
    if not rest or rest == ":memory:":
        return None
    return Path(rest)


def create_private_file(path: Path) -> None:
    """Create an empty file readable by its owner only (0600), in a 0700 folder if new."""
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    except FileExistsError:
        return
    os.close(fd)
