"""What one message's header block says about an exchange: who wrote to whom,
when, about what, in reply to which message, and whether it is bulk mail.

Only the header block is ever read (what follows its first blank line is
left unread, and nothing of a body is ever kept). The fields that matter are
picked out of it and parsed by the standard library's parser, which takes
broken headers as they come; their values are read raw and split by
`email.utils`, because the policy's header objects cost four times the parse
itself (a first scan reads 100,000 messages). The same function reads a
header block from a Maildir file, an mbox or an IMAP server.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from datetime import datetime, timezone
from email.parser import BytesHeaderParser
from email.policy import default
from email.utils import getaddresses, parsedate_to_datetime
from typing import NamedTuple

MAX_ID = 250  # a longer Message-ID is no identity a store should keep: one is made instead
_IDS = re.compile(r"<[^<>\s]{1,250}>")
_PARSER = BytesHeaderParser(policy=default)
# The fields read, each with its continuation lines: the others (Received,
# signatures, Content-Type) are most of a header block and none of its sense.
_FIELD = rb"(?:[ \t]*:[^\n]*(?:\n[ \t][^\n]*)*)"
_WANTED = re.compile(
    rb"(?im)^(?:from|to|cc|date|subject|message-id|in-reply-to|references|list-id|"
    rb"list-unsubscribe|precedence|auto-submitted|x-gmail-labels)" + _FIELD
)
_RECEIVED = re.compile(rb"(?im)^received" + _FIELD)
_DATED = re.compile(rb"(?im)^date[ \t]*:")
# Local parts of automated senders: nobody reads what is sent back to them.
_AUTOMATED = frozenset(
    [
        "noreply",
        "no-reply",
        "no_reply",
        "donotreply",
        "do-not-reply",
        "do_not_reply",
        "mailer-daemon",
        "postmaster",
        "bounce",
        "bounces",
        "notifications",
        "notification",
    ]
)
_BULK_PRECEDENCE = frozenset(("bulk", "list", "junk"))
# Gmail's labels on a Takeout message that was never exchanged.
_UNSENT_LABELS = ("draft", "spam", "chat")


class Seen(NamedTuple):
    """One message's envelope as its headers give it."""

    message_id: str  # "<…>", as written; one made from the headers when it has none
    sender: str  # From's bare address, lower-cased ("" when it has none)
    sender_name: str  # From's display name, decoded
    recipients: tuple[str, ...]  # To and Cc: bare addresses, lower-cased
    recipient_names: tuple[str, ...]  # their display names, in the same order
    date: datetime | None  # aware, UTC; None when neither Date nor Received gives one
    subject: str  # decoded, on one line
    replies_to: tuple[str, ...]  # In-Reply-To's and References' Message-IDs
    list_id: str  # "" unless a mailing list sent it
    bulk: bool  # a list, a newsletter, an automated sender or message
    unsent: bool = False  # a draft or spam (Gmail's labels on a Takeout message)


def parse_headers(raw: bytes) -> Seen | None:
    """The header block `raw` (anything after its first blank line is left
    unread) as a `Seen`; None when it holds no header at all."""
    block = _header_block(raw)
    if not block.strip():
        return None
    wanted = b"".join(m.group(0) + b"\n" for m in _WANTED.finditer(block))
    if not _DATED.search(wanted):  # when it came, from its Received lines
        wanted += b"".join(m.group(0) + b"\n" for m in _RECEIVED.finditer(block))
    fields: dict[str, list[str]] = {}
    for name, value in _PARSER.parsebytes(wanted).raw_items():
        fields.setdefault(name.lower(), []).append(_unfold(value))
    if not fields:
        return None

    def first(name: str) -> str:
        found = fields.get(name)
        return found[0] if found else ""

    senders = _addresses([first("from")])
    sender, sender_name = senders[0] if senders else ("", "")
    others = _addresses(fields.get("to", []) + fields.get("cc", []))
    replying = " ".join([*fields.get("in-reply-to", []), first("references")])
    replies = tuple(dict.fromkeys(_IDS.findall(replying)))
    list_id = first("list-id").strip()
    return Seen(
        message_id=_message_id(first("message-id"), fields),
        sender=sender,
        sender_name=sender_name,
        recipients=tuple(a for a, _ in others),
        recipient_names=tuple(n for _, n in others),
        date=_date(first("date")) or _received(fields.get("received", [])),
        subject=_decoded(first("subject")),
        replies_to=replies,
        list_id=list_id,
        bulk=bool(list_id) or _bulk(fields, sender),
        unsent=any(label in first("x-gmail-labels").lower() for label in _UNSENT_LABELS),
    )


def _header_block(raw: bytes) -> bytes:
    """The lines before the first blank one (the whole of `raw` if none is)."""
    lf = raw.find(b"\n\n")
    crlf = raw.find(b"\n\r\n", 0, lf + 2 if lf >= 0 else len(raw))  # only if sooner
    ends = [i for i in (lf, crlf) if i >= 0]
    return raw[: min(ends) + 1] if ends else raw


def _unfold(value: str) -> str:
    """A raw value on one line. Bytes that are not ASCII (raw UTF-8, which
    many mailers write) come back as text; other bytes as replacements."""
    if not value.isascii():
        value = value.encode("ascii", "surrogateescape").decode("utf-8", "replace")
    return value.replace("\r", "").replace("\n", "").strip()


def _decoded(value: str) -> str:
    """Encoded words ("=?utf-8?q?Caf=C3=A9?=") as their text, on one line:
    through the policy's own decoder, only for the values that hold one."""
    if "=?" in value:
        with contextlib.suppress(ValueError, LookupError, UnicodeError, IndexError, AssertionError):
            value = str(default.header_factory("subject", value))
    return " ".join(value.split())


def _addresses(values: list[str]) -> list[tuple[str, str]]:
    """(address, display name) of each mailbox in these headers: addresses
    lower-cased, names decoded; groups and empty entries left out."""
    found: dict[str, str] = {}
    for name, address in getaddresses(values):
        address = address.strip().lower()
        if "@" in address and address not in found:
            found[address] = _decoded(name)
    return list(found.items())


def _message_id(value: str, fields: dict[str, list[str]]) -> str:
    """The message's own id, "<…>"; without one (or a malformed one), a stable
    id made from the headers that say who wrote what when, so that the same
    message read again, or read from another copy of the mailbox, is one."""
    found = _IDS.search(value)
    if found:
        return found.group(0)
    bare = value.strip()
    if bare and len(bare) <= MAX_ID and " " not in bare and "@" in bare:
        return f"<{bare.strip('<>')}>"
    named = ("from", "to", "cc", "date", "subject")
    digest = hashlib.sha256("\n".join("|".join(fields.get(n, [])) for n in named).encode())
    return f"<{digest.hexdigest()[:32]}@headers.pln.invalid>"


def _date(value: str) -> datetime | None:
    """A Date header's moment in UTC (one with no zone is taken as UTC)."""
    if not value:
        return None
    try:
        moment = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    try:
        return moment.astimezone(timezone.utc)
    except (ValueError, OverflowError):
        return None


def _received(values: list[str]) -> datetime | None:
    """When the message arrived, from its latest Received header (after ";")."""
    for value in values:
        _, semicolon, when = value.rpartition(";")
        if semicolon:
            found = _date(when.strip())
            if found is not None:
                return found
    return None


def _bulk(fields: dict[str, list[str]], sender: str) -> bool:
    """Sent to many, or by a machine: a newsletter (List-Unsubscribe), bulk
    precedence, an automatic message (Auto-Submitted), a no-reply sender."""
    if fields.get("list-unsubscribe"):
        return True
    precedence = (fields.get("precedence") or [""])[0].strip().lower()
    if precedence in _BULK_PRECEDENCE:
        return True
    submitted = (fields.get("auto-submitted") or ["no"])[0].strip().lower()
    if submitted and submitted != "no":
        return True
    local = sender.partition("@")[0]
    return local in _AUTOMATED or local.startswith(("noreply", "no-reply", "donotreply"))
