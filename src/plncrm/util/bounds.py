"""The ranges that values from users and files must fall in.

Checked where a value is parsed, so that nothing out of range is stored to make
a later command fail (a year-9999 due date overflows the agenda's arithmetic; an
id past 64 bits overflows the database). Each limit is stated once, here.
"""

from __future__ import annotations

from datetime import date

from plncrm.util.errors import Invalid

# What an id column holds on both engines: PostgreSQL's `integer` stops at
# 2**31 - 1, and an import naming a larger id must be refused, not crash there.
MAX_ID = 2**31 - 1
MAX_MINUTES = 60 * 24 * 31  # time in an event's session: a month of days at most
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2200, 12, 31)
MAX_INTERVAL_DAYS = 3660  # ten years
MAX_DAYS_AHEAD = 3660  # `pln due --within`
MAX_LIMIT = 1_000_000
MAX_FIELD_BYTES = 1_000_000  # one name, note or cell
# One card file in a synced address book, photo included (a 20 MB photo is 27 MB
# of base64): a bigger one is reported and left as it is.
MAX_CARD_BYTES = 32_000_000
# One file to import (a sheet, a vCard file, an export, a registrant report): LinkedIn's
# export of 30,000 connections is about 3 MB. A file larger is refused, never read whole.
MAX_IMPORT_BYTES = 100_000_000
HISTORY_SIZE = 100  # commands kept for undo unless `pln config history-size` says otherwise
MAX_HISTORY_SIZE = 10_000
MAX_TEMPLATE_CHARS = 20_000  # one message template (pln template edit)
# What a visitor types at the booth's kiosk (pln serve --kiosk): a name, a school, a role;
# an address as long as the standard allows; the consent sentence the networker sets.
MAX_VISITOR_FIELD = 200
MAX_EMAIL_CHARS = 254
MAX_CONSENT_CHARS = 600
# One field of the owner's pages (pln serve): a name or a tag; a note; a whole form.
MAX_WEB_FIELD = 1000
MAX_WEB_NOTE = 20_000
MAX_WEB_FORM = 64_000
# This many people met at one event and still waiting: one line (and one
# calendar entry) for them all.
GROUP_AT = 5


def parse_id(text: str) -> int | None:
    """The id in "12" or "#12" (ASCII digits only), or None when `text` is not an id."""
    digits = text.strip().removeprefix("#")
    if not (digits.isascii() and digits.isdigit()):
        return None
    return check_id(int(digits))


def check_id(value: int) -> int:
    if not 0 <= value <= MAX_ID:
        raise Invalid(f"an id is a whole number from 1 to {MAX_ID}, not {value}")
    return value


def check_count(value: int, low: int, high: int, what: str) -> int:
    if not low <= value <= high:
        raise Invalid(f"{what} must be between {low:,} and {high:,}, not {value:,}")
    return value
