"""Changing the preferences stored with the data (`pln config`); their keys,
defaults, checks and reading are in `reads.settings` (`SETTINGS`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plncrm.reads import settings
from plncrm.reads.settings import DEFAULTS, Preferences, check_setting
from plncrm.store.db import Db, connection
from plncrm.util.errors import NotFound
from plncrm.util.text import slug

if TYPE_CHECKING:
    from sqlmodel import Session

__all__ = [
    "DEFAULTS",
    "Preferences",
    "check_setting",
    "effective",
    "load",
    "remember_import_tags",
    "set_value",
    "unset",
]


def set_value(into: Db | Session, key: str, value: str) -> tuple[str, str]:
    """Store a setting, replacing its value: inserted if absent, else
    overwritten when it differs, which stays right when another member writes
    the same key at the same moment."""
    key, value = check_setting(key, value)
    db = connection(into)
    db.info.pop("pln_preferences", None)
    params = {"key": key, "value": value}
    inserted = db.execute(
        "INSERT INTO setting (key, value) VALUES (:key, :value) ON CONFLICT DO NOTHING", params
    )
    if not inserted:
        db.execute("UPDATE setting SET value = :value WHERE key = :key AND value <> :value", params)
    return key, value


def remember_import_tags(into: Db | Session, tags: list[str]) -> None:
    """Add the tags an import put on everyone it brought to `import-tags`."""
    db = connection(into)
    known = settings.value(db, "import-tags")
    wanted = ",".join([known, *(slug(t) for t in tags)])
    if check_setting("import-tags", wanted)[1] != known:
        set_value(db, "import-tags", wanted)


def unset(into: Db | Session, key: str) -> None:
    db = connection(into)
    db.info.pop("pln_preferences", None)
    if not db.execute("DELETE FROM setting WHERE key = :key", {"key": key.strip().lower()}):
        raise NotFound(f"{key!r} is not set")


def effective(source: Db | Session) -> dict[str, str]:
    """Every setting with its value, defaults filled in."""
    return settings.effective(connection(source))


def load(source: Db | Session) -> Preferences:
    """The preferences, read once per transaction (`set_value` and `unset` forget them)."""
    db = connection(source)
    cached = db.info.get("pln_preferences")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    prefs = settings.load(db)
    db.info["pln_preferences"] = prefs
    return prefs
