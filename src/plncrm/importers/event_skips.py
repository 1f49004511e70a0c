"""Who in a registrant or attendee file is no guest to record, and why:
ourselves (a Zoom meeting report lists its host among the participants, as a
Teams list its organizer), and a device that joined with no address ("iPhone
de Marta"), which would become a contact named after a phone. Each is named
in the summary's skipped list, never added silently."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
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
# A person so named is kept once known: `pln add-contact`, then the file again.
DEVICE_NAME = "no email, may be a device (a person? pln add-contact NAME, then import again)"
FILE_HOST = "the meeting's host"  # the file's host line, with no address of ours set
REASONS = (HOST, DEVICE_NAME)


def is_ours(why: str) -> bool:
    """Whether a skip's reason is the file's own (ourselves, a device), not a cancellation."""
    return why in REASONS or why.startswith(FILE_HOST)


@dataclass(frozen=True)
class Ours:
    """Who we are in a file: our addresses (`pln config my-email`, mail.from's),
    and the file's host line when neither is set (else the host is a guest
    like any other, unless one of ours)."""

    addresses: frozenset[str]
    host: str | None = None


def ours(reader: Reader, host: str | None) -> Ours:
    """Our addresses; the file's host (a Zoom meeting report's summary line, as
    a Teams list's organizer row) counts only when no address of ours is set."""
    found = [settings.value(reader, "my-email")]
    found.append(parseaddr(settings.value(reader, "mail.from"))[1])
    mine = frozenset(a.strip().lower() for a in found if "@" in a)
    if mine or host is None or "@" not in host:
        return Ours(mine)
    return Ours(mine, host.strip())


def why_skipped(guest: Guest, us: Ours, known: Callable[[Guest], bool]) -> str | None:
    """Why `guest` is not recorded (None: they are). `known`: whether a
    contact has their name (a person named like a device, added by hand)."""
    emails = {e.strip().lower() for e in guest.contact.emails}
    if emails & us.addresses:
        return HOST
    if us.host is not None and us.host.lower() in emails:
        return _file_host(us.host)
    if guest.host and not us.addresses:  # a Teams organizer: us, as far as we know
        return _file_host(min(emails)) if emails else FILE_HOST
    if not emails and DEVICE.search(guest.contact.name or "") and not known(guest):
        return DEVICE_NAME
    return None


def _file_host(address: str) -> str:
    """The reason a host line is skipped, naming how to say it is someone else."""
    return (
        f"{FILE_HOST} ({address}); if that is not you, pln config my-email YOUR-ADDRESS "
        "and they are imported as a guest"
    )
