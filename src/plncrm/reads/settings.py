"""The preferences stored with the data (`pln config`), read with their defaults.

Keys:
- ``guard-days``: days after meeting someone before the strike-out guard's
  follow-up is due (default 2).
- ``important-tags``: comma-separated tags whose contacts rank higher in the agenda.
- ``import-tags``: comma-separated tags an import put on everyone it brought
  (`pln import … --tag booth`; each import adds its own): where people came
  from, never a reason `pln suggest` gives to introduce two of them.
- ``cadence.TAG``: default keep-in-touch interval for contacts with that tag and
  no cadence of their own (e.g. ``cadence.board = 1 month``).
- ``intro-wait-days``: days to wait for an answer to an introduction before
  nudging (default 5).
- ``my-name``: how message drafts are signed.
- ``history-size``: how many commands `pln undo` can take back (default 100).
- ``phone-region``: the country phone numbers written without "+" belong to
  ("US", "DE"); none by default, so only "+" numbers are normalised.
- ``date-order``: how a sheet's ambiguous dates (3/4/2026) read: ``mdy``,
  ``dmy`` or ``ymd``; by default from ``phone-region``, else the locale (month
  first in the US, Canada and the Philippines, day first elsewhere).
- ``notify.urls``: where `pln notify` sends the agenda (Apprise URLs, separated
  by spaces); shown with their secrets masked.
- ``notify.alarm``: when calendar entries ring on their day (default 09:00; "off").
- ``notify.quiet-hours``: a span such as 21:00-07:00 when `pln notify` sends nothing.
- ``notify.only-urgent``: "yes" to notify only when something is overdue or a
  strike-out is waiting.
- ``calendar.dir``: a vdir calendar folder `pln` re-syncs after every change.
"""

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

from plncrm.store.plain import Reader
from plncrm.util.bounds import HISTORY_SIZE
from plncrm.util.dates import DATE_ORDERS, DateOrder, Interval, default_date_order, parse_interval

DEFAULTS = {"guard-days": "2", "important-tags": "", "import-tags": "", "intro-wait-days": "5", "my-name": "",
            "history-size": str(HISTORY_SIZE), "phone-region": "", "date-order": "", "notify.urls": "",
            "notify.alarm": "09:00", "notify.quiet-hours": "", "notify.only-urgent": "no",
            "calendar.dir": ""}  # fmt: skip
SECRET = frozenset({"notify.urls"})  # shown masked, and never exported
# A folder on this machine: a copy of the store elsewhere must not write into it.
LOCAL = frozenset({"calendar.dir"})
NOT_EXPORTED = SECRET | LOCAL


class Preferences(NamedTuple):
    guard_days: int = 2
    intro_wait_days: int = 5
    important_tags: frozenset[str] = frozenset()
    my_name: str = ""
    phone_region: str = ""
    tag_cadences: Mapping[str, Interval] = MappingProxyType({})


def stored(reader: Reader) -> dict[str, str]:
    rows = reader.rows("SELECT key, value FROM setting ORDER BY key")
    return {row["key"]: row["value"] for row in rows}


def effective(reader: Reader) -> dict[str, str]:
    """Every setting with its value, defaults filled in."""
    return {**DEFAULTS, **stored(reader)}


def load(reader: Reader) -> Preferences:
    values = effective(reader)
    cadences = {
        key[len("cadence.") :]: parse_interval(value)
        for key, value in values.items()
        if key.startswith("cadence.")
    }
    return Preferences(
        guard_days=int(values["guard-days"]),
        intro_wait_days=int(values["intro-wait-days"]),
        important_tags=frozenset(t for t in values["important-tags"].split(",") if t),
        my_name=values["my-name"],
        phone_region=values["phone-region"],
        tag_cadences=cadences,
    )


def value(reader: Reader, key: str) -> str:
    """One setting, its default when unset: a single indexed read."""
    rows = reader.rows("SELECT value FROM setting WHERE key = :key", {"key": key})
    return str(rows[0]["value"]) if rows else DEFAULTS.get(key, "")


def date_order(reader: Reader, locale_name: str) -> DateOrder:
    """The order of a sheet's ambiguous dates: `date-order` when set, else
    from `phone-region` or `locale_name` (the caller's LC_TIME, "en_US.UTF-8")."""
    values = {row["key"]: row["value"] for row in reader.rows(
        "SELECT key, value FROM setting WHERE key IN ('date-order', 'phone-region')")}  # fmt: skip
    chosen = values.get("date-order", "")
    for order in DATE_ORDERS:
        if chosen == order:
            return order
    return default_date_order(values.get("phone-region", ""), locale_name)


def shown(key: str, value: str) -> str:
    """A setting's value as `pln config` prints it: secrets masked."""
    if key not in SECRET:
        return value
    from plncrm.util.redact import mask_url

    return " ".join(mask_url(url) for url in value.split())
