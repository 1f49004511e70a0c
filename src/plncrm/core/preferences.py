"""Changing the preferences stored with the data (`pln config`); their keys,
defaults, checks and reading are in `reads.settings` (`SETTINGS`)."""

from __future__ import annotations

from sqlmodel import Session

from plncrm.reads import settings
from plncrm.reads.settings import DEFAULTS, Preferences, check_setting
from plncrm.store.engine import upsert
from plncrm.store.models import Setting
from plncrm.store.plain import SessionReader
from plncrm.util.errors import NotFound
from plncrm.util.text import slug

__all__ = ["DEFAULTS", "Preferences", "check_setting", "effective", "load",
           "remember_import_tags", "set_value", "unset"]  # fmt: skip


def set_value(session: Session, key: str, value: str) -> tuple[str, str]:
    key, value = check_setting(key, value)
    session.info.pop("pln_preferences", None)
    upsert(session, Setting, {"key": key, "value": value})
    return key, value


def remember_import_tags(session: Session, tags: list[str]) -> None:
    """Add the tags an import put on everyone it brought to `import-tags`."""
    known = settings.value(SessionReader(session), "import-tags")
    wanted = ",".join([known, *(slug(t) for t in tags)])
    if check_setting("import-tags", wanted)[1] != known:
        set_value(session, "import-tags", wanted)


def unset(session: Session, key: str) -> None:
    session.info.pop("pln_preferences", None)
    row = session.get(Setting, key.strip().lower())
    if row is None:
        raise NotFound(f"{key!r} is not set")
    session.delete(row)
    session.flush()


def effective(session: Session) -> dict[str, str]:
    """Every setting with its value, defaults filled in."""
    return settings.effective(SessionReader(session))


def load(session: Session) -> Preferences:
    """The preferences, read once per transaction (`set_value` and `unset` forget them)."""
    cached = session.info.get("pln_preferences")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    prefs = settings.load(SessionReader(session))
    session.info["pln_preferences"] = prefs
    return prefs
