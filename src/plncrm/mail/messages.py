"""A draft (`core.drafts.Draft`) as an RFC 5322 message for one person: the
same headers whether it is sent through SMTP or written as an `.eml` draft.

Every address line is built from `Address` objects (`email.headerregistry`),
the display name given as data and never parsed, so a display name with a
comma or a period ("Goldberg, Rachel", "Rachel Goldberg, M.Ed.") stays one
quoted recipient, a name in any script is encoded as RFC 2047 asks, and a
name written as an encoded word is neutralised (`drafts.display_name`). Each message names one
person: a wave of follow-ups is many messages, never one with a list.
"""

from __future__ import annotations

from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, make_msgid, parseaddr
from typing import Any, NamedTuple

from plncrm.core.drafts import Draft, display_name
from plncrm.util.errors import Invalid
from plncrm.util.text import one_line, strip_controls

# How a message is written out: header lines up to the 998 columns RFC 5322
# allows. Python's folding (3.11) drops the quotes of a display name it has to
# split across lines, so "Bob, eve@evil.example, …" became recipients of their
# own; a display name is short enough (`drafts.MAX_DISPLAY_NAME`) that a
# mailbox never has to be split at this width.
WIRE = SMTP.clone(max_line_length=998)


class Outgoing(NamedTuple):
    """One message for one contact, and the address it goes to."""

    contact_id: int
    name: str  # the contact's name, as replies name them
    address: str  # the bare address (addr-spec) the server is given
    message: EmailMessage

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"])

    @property
    def recipients(self) -> list[str]:
        """The addresses the server is given: its To header's."""
        return recipients(self.message)


def compose(draft: Draft, sender: str, when: datetime) -> EmailMessage:
    """The draft as a message from `sender` ("Name <address>", `mail.from`),
    dated `when`, with a Message-ID of its own on the sender's domain."""
    if not sender:
        raise Invalid('set who messages are from: pln config mail.from "Your Name <you@host>"')
    name, address = parseaddr(sender)
    if not address:
        raise Invalid(f'mail.from takes "Your Name <you@example.org>", not {sender!r}')
    message = EmailMessage(policy=SMTP)
    message["From"] = mailbox(_decoded(name), address)
    if draft.mailboxes:
        message["To"] = tuple(mailbox(n, a) for n, a in draft.mailboxes)
    message["Subject"] = one_line(draft.subject)
    message["Date"] = format_datetime(when)
    domain = address.rpartition("@")[2] or None
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(strip_controls(draft.body) + "\n")
    return message


def mailbox(name: str, address: str) -> Address:
    """One address for a header: `ValueError` (or `HeaderParseError`, one of
    them) when `address` is not one addr-spec."""
    return Address(display_name=display_name(name), addr_spec=address.strip())


def _decoded(name: str) -> str:
    """`mail.from`'s display name as text: kept as `formataddr` writes it, a
    name beyond ASCII as an encoded word ("José" as "=?utf-8?q?Jos=C3=A9?=")."""
    from email.header import decode_header, make_header

    try:
        return str(make_header(decode_header(name)))
    except (ValueError, LookupError, UnicodeError):
        return name


def recipient(message: EmailMessage) -> str:
    """The one address a message is for (its To header's)."""
    addresses = recipients(message)
    if len(addresses) != 1:
        raise Invalid("a message is for one person")
    return addresses[0]


def recipients(message: EmailMessage) -> list[str]:
    """The addresses of its To header: one, but for an introduction (one
    message that names both people it introduces)."""
    header = message["To"]
    addresses: tuple[Any, ...] = tuple(header.addresses) if header is not None else ()
    return [str(a.addr_spec) for a in addresses]


def preview(message: EmailMessage) -> str:
    """The message as its reader will see it, to confirm before sending: the
    headers decoded, the text (not its transfer encoding), attachments named."""
    lines = [f"{name}: {message[name]}" for name in ("From", "To", "Subject") if message[name]]
    body = message.get_body(preferencelist=("plain",))
    text = str(body.get_content()) if isinstance(body, EmailMessage) else ""
    attached = [str(p.get_filename() or "attachment") for p in message.iter_attachments()]
    lines += [f"Attached: {', '.join(attached)}"] if attached else []
    return strip_controls("\n".join(lines) + "\n\n" + text.replace("\r\n", "\n"))


def eml(message: EmailMessage) -> bytes:
    """The message as an `.eml` file that mail clients open as a draft to
    send (Outlook and Apple Mail read `X-Unsent: 1` so), same headers as sent."""
    from email import message_from_bytes

    draft = message_from_bytes(wire(message), policy=WIRE)
    draft["X-Unsent"] = "1"
    return draft.as_bytes()


def wire(message: EmailMessage) -> bytes:
    """The message as it is sent and saved (see `WIRE`)."""
    return message.as_bytes(policy=WIRE)
