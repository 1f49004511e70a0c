"""Changing the preferences stored with the data (`pln config`); their keys,
defaults and reading are in `reads.settings`."""

from __future__ import annotations

from sqlmodel import Session

from plncrm.reads import settings
from plncrm.reads.settings import DEFAULTS, Preferences
from plncrm.store.engine import upsert
from plncrm.store.models import Setting
from plncrm.store.plain import SessionReader
from plncrm.util.bounds import MAX_HISTORY_SIZE, check_count
from plncrm.util.dates import DATE_ORDERS, parse_interval
from plncrm.util.errors import Invalid, NotFound
from plncrm.util.text import one_line, slug

MAX_SETTING_DAYS = 365
__all__ = ["DEFAULTS", "Preferences", "check_setting", "effective", "load",
           "remember_import_tags", "set_value", "unset"]  # fmt: skip


def check_setting(key: str, value: str) -> tuple[str, str]:
    """The key and value as stored, or `Invalid` saying what is wrong."""
    key = key.strip().lower()
    if key.startswith("cadence."):
        tag = slug(key[len("cadence.") :])
        if not tag:
            raise Invalid("name a tag: cadence.TAG")
        return f"cadence.{tag}", str(parse_interval(value))
    if key in ("guard-days", "intro-wait-days"):
        return key, _whole(key, value, "days", 0, MAX_SETTING_DAYS)
    if key == "history-size":
        return key, _whole(key, value, "commands", 1, MAX_HISTORY_SIZE)
    if key == "my-name":
        return key, one_line(value)
    if key == "phone-region":
        from plncrm.core.phones import check_region

        return key, check_region(value)
    if key.startswith(("notify.", "calendar.")):
        return key, _outward(key, value)
    if key == "date-order":
        order = value.strip().lower()
        if order not in DATE_ORDERS:
            raise Invalid(f"date-order takes {', '.join(DATE_ORDERS)} (3/4/2026 as March 4: mdy), "
                          f"not {value!r}")  # fmt: skip
        return key, order
    if key in ("important-tags", "import-tags"):
        return key, ",".join(dict.fromkeys(t for t in (slug(v) for v in value.split(",")) if t))
    raise Invalid(f"unknown setting {key!r}; known: {', '.join(DEFAULTS)}, cadence.TAG")


def _outward(key: str, value: str) -> str:
    """Settings of what leaves the store: notifications and the calendar."""
    from plncrm.util.times import parse_span, parse_time

    value = value.strip()
    if key == "notify.urls":
        from plncrm.util.notify_urls import check_urls

        return check_urls(value)
    if key == "notify.alarm":
        return "off" if value.lower() in ("off", "none", "no") else parse_time(value)
    if key == "notify.quiet-hours":
        return "-".join(parse_span(value)) if value else ""
    if key == "notify.only-urgent":
        if value.lower() not in ("yes", "no", "true", "false", "on", "off"):
            raise Invalid(f"notify.only-urgent takes yes or no, not {value!r}")
        return "yes" if value.lower() in ("yes", "true", "on") else "no"
    if key == "calendar.dir":
        from pathlib import Path

        return str(Path(value).expanduser().absolute()) if value else ""
    raise Invalid(f"unknown setting {key!r}; known: {', '.join(DEFAULTS)}, cadence.TAG")


def _whole(key: str, value: str, unit: str, low: int, high: int) -> str:
    number = value.strip()
    if not (number.isascii() and number.isdigit()):
        raise Invalid(f"{key} takes a whole number of {unit}, not {value!r}")
    return str(check_count(int(number), low, high, key))


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
