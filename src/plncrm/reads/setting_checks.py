"""How each setting's value is checked as it is typed (`pln config`) or read
from a file (`pln import json`), and written as it is stored: one function a
kind of value, named in `settings.SETTINGS`. A checker that needs a heavier
module imports it only when a value is checked."""

from __future__ import annotations

from plncrm.util.bounds import MAX_CONSENT_CHARS, MAX_HISTORY_SIZE, check_count
from plncrm.util.errors import Invalid

MAX_SETTING_DAYS = 365


def days(key: str, value: str) -> str:
    return whole(key, value, "days", 0, MAX_SETTING_DAYS)


def goal_days(key: str, value: str) -> str:
    """A number of days ("2d", "2 days", "1w"), stored as "2d"; '' for none."""
    import re

    text = value.strip().lower()
    if not text:
        return ""
    found = re.fullmatch(r"(\d{1,3})\s*(d|days?|w|weeks?)?", text)
    if found is None:
        raise Invalid(f"{key} takes days or weeks, such as 2d or 1w, not {value!r}")
    days = int(found[1]) * (7 if (found[2] or "d").startswith("w") else 1)
    return f"{check_count(days, 0, MAX_SETTING_DAYS, key)}d"


def commands(key: str, value: str) -> str:
    return whole(key, value, "commands", 1, MAX_HISTORY_SIZE)


def whole(key: str, value: str, unit: str, low: int, high: int) -> str:
    number = value.strip()
    if not (number.isascii() and number.isdigit()):
        raise Invalid(f"{key} takes a whole number of {unit}, not {value!r}")
    return str(check_count(int(number), low, high, key))


def tags(key: str, value: str) -> str:
    from plncrm.util.text import slug

    return ",".join(dict.fromkeys(t for t in (slug(v) for v in value.split(",")) if t))


def one_line(key: str, value: str) -> str:
    from plncrm.util.text import one_line

    return one_line(value)


def interval(key: str, value: str) -> str:
    from plncrm.util.intervals import parse_interval

    return str(parse_interval(value))


def region(key: str, value: str) -> str:
    """A two-letter region code phonenumbers knows ("US", "DE"), upper-cased; '' for none."""
    code = value.strip().upper()
    if not code:
        return ""
    import phonenumbers

    if code not in phonenumbers.SUPPORTED_REGIONS:
        raise Invalid(f"not a region code: {value!r} (two letters, such as US, GB or DE)")
    return code


def date_order(key: str, value: str) -> str:
    from plncrm.util.dates import DATE_ORDERS

    order = value.strip().lower()
    if order not in DATE_ORDERS:
        raise Invalid(
            f"date-order takes {', '.join(DATE_ORDERS)} (3/4/2026 as March 4: mdy), not {value!r}"
        )
    return order


def urls(key: str, value: str) -> str:
    from plncrm.util.notify_urls import check_urls

    return check_urls(value.strip())


def alarm(key: str, value: str) -> str:
    from plncrm.util.times import parse_time

    value = value.strip()
    return "off" if value.lower() in ("off", "none", "no") else parse_time(value)


def span(key: str, value: str) -> str:
    from plncrm.util.times import parse_span

    value = value.strip()
    return "-".join(parse_span(value)) if value else ""


def yes_no(key: str, value: str) -> str:
    answer = value.strip().lower()
    if answer not in ("yes", "no", "true", "false", "on", "off"):
        raise Invalid(f"{key} takes yes or no, not {value.strip()!r}")
    return "yes" if answer in ("yes", "true", "on") else "no"


def folder(key: str, value: str) -> str:
    from pathlib import Path

    value = value.strip()
    return str(Path(value).expanduser().absolute()) if value else ""


def smtp(key: str, value: str) -> str:
    from plncrm.util.mail_account import check_smtp

    return check_smtp(value)


def imap(key: str, value: str) -> str:
    from plncrm.util.mail_account import check_imap

    return check_imap(value)


def mail_folders(key: str, value: str) -> str:
    from plncrm.util.mail_account import check_folders

    return check_folders(value)


def sender(key: str, value: str) -> str:
    from plncrm.util.mail_account import check_sender

    return check_sender(value)


def template(key: str, value: str) -> str:
    from plncrm.util.templating import check_template

    return check_template(key.removeprefix("template."), value)


def per_minute(key: str, value: str) -> str:
    return whole(key, value, "messages a minute", 0, 10_000)


def addresses(key: str, value: str) -> str:
    """Email addresses, comma-separated, lower-cased, each checked."""
    from plncrm.util.text import is_email

    found = [a.strip().lower() for a in value.replace(";", ",").split(",") if a.strip()]
    wrong = [a for a in found if not is_email(a)]
    if wrong:
        raise Invalid(f"{key} takes email addresses separated by commas, not {wrong[0]!r}")
    return ",".join(dict.fromkeys(found))


def consent(key: str, value: str) -> str:
    """One sentence, at most MAX_CONSENT_CHARS: what visitors agree to is recorded as it is."""
    from plncrm.util.text import one_line

    text = one_line(value)
    if not text:
        raise Invalid(f"{key} needs a sentence for visitors to agree to")
    if len(text) > MAX_CONSENT_CHARS:
        raise Invalid(f"{key} is at most {MAX_CONSENT_CHARS} characters, not {len(text):,}")
    return text


def submissions(key: str, value: str) -> str:
    return whole(key, value, "submissions a minute", 1, 1000)


def email(key: str, value: str) -> str:
    """One email address, or '' for none."""
    from plncrm.util.text import is_email

    address = value.strip()
    if address and not is_email(address):
        raise Invalid(f"{key} takes one email address, not {address!r}")
    return address


def phone(key: str, value: str) -> str:
    """A phone number as written ("+1 512 555 0100"): digits and what separates
    them, or '' for none. Kept as typed: a card shows it to people."""
    from plncrm.util.text import one_line

    number = one_line(value)
    digits = sum(ch.isdigit() for ch in number)
    if number and (digits < 3 or any(not (ch.isdigit() or ch in " +-().") for ch in number)):
        raise Invalid(f"{key} takes a phone number such as +1 512 555 0100, not {number!r}")
    return number


def link(key: str, value: str) -> str:
    """An http or https address (what a phone opens from a card), or '' for none."""
    from urllib.parse import urlsplit

    from plncrm.util.text import one_line

    address = one_line(value)
    parts = urlsplit(address)
    if address and (
        parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in address
    ):
        raise Invalid(f"{key} takes an http:// or https:// address, not {address!r}")
    return address
