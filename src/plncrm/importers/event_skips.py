"""Who in a registrant or attendee file is no guest to record, and why:
ourselves (a Zoom meeting report lists its host among the participants, as a
Teams list its organizer), and a device that joined with no address ("iPhone
de Marta"), which would become a contact named after a phone. Each is named
in the summary's skipped list, never added silently."""

from __future__ import annotations

import re
from email.utils import parseaddr

from plncrm.importers.event_people import Guest
from plncrm.reads import settings
from plncrm.store.plain import Reader

# A name a phone, tablet or computer gives itself ("iPhone de Marta", "Marta's
# iPad", "Galaxy S21", "DESKTOP-4FJ2K"): a person's name seldom holds these words.
DEVICE = re.compile(
    r"\b(iphone|ipad|ipod|android|galaxy|pixel|huawei|xiaomi|redmi|oneplus|motorola|"
    r"macbook|imac|chromebook|thinkpad|kindle)\b|^(desktop|laptop)-\w",
    re.IGNORECASE,
)
HOST = "the host, ourselves"
DEVICE_NAME = "no email, looks like a device name"
REASONS = (HOST, DEVICE_NAME)


def ours(reader: Reader, host: str | None) -> frozenset[str]:
    """Our addresses: the file's host (a Zoom meeting report's summary line),
    `pln config my-email`, and mail.from's."""
    found = [host or "", settings.value(reader, "my-email")]
    found.append(parseaddr(settings.value(reader, "mail.from"))[1])
    return frozenset(a.strip().lower() for a in found if "@" in a)


def why_skipped(guest: Guest, addresses: frozenset[str]) -> str | None:
    """Why `guest` is not recorded (None: they are)."""
    emails = {e.strip().lower() for e in guest.contact.emails}
    if emails & addresses:
        return HOST
    if not emails and DEVICE.search(guest.contact.name or ""):
        return DEVICE_NAME
    return None
