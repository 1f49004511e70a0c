"""User preferences stored with the data (`pln config`), with their defaults.

Keys:
- ``guard-days``: days after meeting someone before the strike-out guard's
  follow-up is due (default 2).
- ``important-tags``: comma-separated tags whose contacts rank higher in the agenda.
- ``cadence.TAG``: default keep-in-touch interval for contacts with that tag and
  no cadence of their own (e.g. ``cadence.board = 1 month``).
- ``intro-wait-days``: days to wait for an answer to an introduction before
  nudging (default 5).
- ``my-name``: how message drafts are signed.
- ``history-size``: how many commands `pln undo` can take back (default 100).
- ``phone-region``: the country phone numbers written without "+" belong to
  ("US", "DE"); none by default, so only "+" numbers are normalised.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.store.engine import upsert
from plncrm.store.journal import HISTORY_SIZE
from plncrm.store.models import Setting
from plncrm.util.bounds import check_count
from plncrm.util.dates import Interval, parse_interval
from plncrm.util.errors import Invalid, NotFound
from plncrm.util.text import one_line, slug

MAX_SETTING_DAYS = 365
MAX_HISTORY_SIZE = 10_000
DEFAULTS = {"guard-days": "2", "important-tags": "", "intro-wait-days": "5", "my-name": "",
            "history-size": str(HISTORY_SIZE), "phone-region": ""}  # fmt: skip


@dataclass(frozen=True)
class Preferences:
    guard_days: int = 2
    intro_wait_days: int = 5
    important_tags: frozenset[str] = frozenset()
    my_name: str = ""
    phone_region: str = ""
    tag_cadences: dict[str, Interval] = field(default_factory=dict)


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
    if key == "important-tags":
        return key, ",".join(t for t in (slug(v) for v in value.split(",")) if t)
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


def unset(session: Session, key: str) -> None:
    session.info.pop("pln_preferences", None)
    row = session.get(Setting, key.strip().lower())
    if row is None:
        raise NotFound(f"{key!r} is not set")
    session.delete(row)
    session.flush()


def stored(session: Session) -> dict[str, str]:
    rows = session.execute(select(Setting).order_by(col(Setting.key))).scalars()
    return {row.key: row.value for row in rows}


def effective(session: Session) -> dict[str, str]:
    """Every setting with its value, defaults filled in."""
    return {**DEFAULTS, **stored(session)}


def load(session: Session) -> Preferences:
    """The preferences, read once per transaction (`set_value` and `unset` forget them)."""
    cached = session.info.get("pln_preferences")
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    values = effective(session)
    cadences = {
        key[len("cadence.") :]: parse_interval(value)
        for key, value in values.items()
        if key.startswith("cadence.")
    }
    prefs = Preferences(
        guard_days=int(values["guard-days"]),
        intro_wait_days=int(values["intro-wait-days"]),
        important_tags=frozenset(t for t in values["important-tags"].split(",") if t),
        my_name=values["my-name"],
        phone_region=values["phone-region"],
        tag_cadences=cadences,
    )
    session.info["pln_preferences"] = prefs
    return prefs
