"""The IMAP conversation pln holds with the user's server, every step bounded.

The standard library's `imaplib` speaks the protocol; what it reads goes
through `util.net`'s paced reader, so each command (the greeting, STARTTLS,
the login, one batch of headers) ends within `PLN_NET_DEADLINE` seconds (30 by
default) whatever the server does: a server that trickles one byte at a time
or never ends its answer is cut, and an answer is refused past
`MAX_ANSWER` bytes. The password goes only over TLS (imaps, or STARTTLS before
the login), except to a server on this machine; no error ever quotes it.

Folders are opened with EXAMINE and headers fetched with BODY.PEEK, so reading
never marks a message as seen; only the header fields a scan needs are asked
for, never a body.
"""

from __future__ import annotations

import base64
import contextlib
import imaplib
import io
import re
import ssl
from collections.abc import Iterable
from typing import Any, NamedTuple

from plncrm.util.errors import DeliveryError, Refused
from plncrm.util.mail_account import ImapAccount
from plncrm.util.net import Deadline, TimedOut, paced_file

FIELDS = (
    "FROM TO CC DATE SUBJECT MESSAGE-ID IN-REPLY-TO REFERENCES LIST-ID LIST-UNSUBSCRIBE "
    "PRECEDENCE AUTO-SUBMITTED"
)
FETCH_ITEMS = f"(UID INTERNALDATE BODY.PEEK[HEADER.FIELDS ({FIELDS})])"
MAX_LINE = 1_000_000  # bytes in one line of an answer (imaplib's own bound)
MAX_ANSWER = 64_000_000  # bytes in the whole answer to one command
_MONTHS = frozenset(
    ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
)


class Bounded(imaplib.IMAP4):
    """imaplib's client, reading through a paced reader: `ask()` before each
    command gives it a fresh deadline and a fresh byte count."""

    def __init__(self, host: str, port: int, deadline: Deadline, **kwargs: Any) -> None:
        self.deadline = deadline
        self.taken = 0
        self._paced: io.BufferedReader | None = None
        self._paced_sock: object = None
        super().__init__(host, port, timeout=deadline.wait(), **kwargs)

    def ask(self) -> None:
        self.deadline.restart()
        self.taken = 0

    def _reader(self) -> io.BufferedReader:
        if self._paced is None or self._paced_sock is not self.sock:  # a new one after STARTTLS
            self._paced, self._paced_sock = paced_file(self.sock, self.deadline), self.sock
        return self._paced

    def _count(self, size: int) -> None:
        self.taken += size
        if self.taken > MAX_ANSWER:
            raise self.abort(f"an answer larger than {MAX_ANSWER / 1e6:g} MB")

    def readline(self) -> bytes:
        line = self._reader().readline(MAX_LINE + 1)
        if len(line) > MAX_LINE:
            raise self.abort(f"a line longer than {MAX_LINE:,} bytes")
        self._count(len(line))
        return line

    def read(self, size: int) -> bytes:
        self._count(size)  # a literal announced past the bound is not read at all
        return self._reader().read(size)


class BoundedTls(Bounded, imaplib.IMAP4_SSL):
    """The same over TLS from the first byte (imaps)."""


def connect(account: ImapAccount, password: str) -> Bounded:
    """A logged-in connection to `account`; DeliveryError naming the account
    (never the password) when it cannot be had."""
    context = ssl.create_default_context()
    deadline = Deadline()
    try:
        conn: Bounded
        if account.tls:
            conn = BoundedTls(account.host, account.port, deadline, ssl_context=context)
        else:
            conn = Bounded(account.host, account.port, deadline)
            if "STARTTLS" in conn.capabilities:
                conn.ask()
                conn.starttls(context)
            elif not account.loopback:
                drop(conn)
                raise DeliveryError(
                    f"{account.shown()} offers no STARTTLS: pln sends a password only "
                    "over TLS (imaps://…:993)"
                )
    except (imaplib.IMAP4.error, OSError, ValueError) as exc:
        raise failure(account, exc, password) from None
    try:
        conn.ask()
        if "AUTH=PLAIN" in conn.capabilities:  # UTF-8 passwords too, which LOGIN cannot send
            plain = f"\0{account.user}\0{password}".encode()
            conn.authenticate("PLAIN", lambda _challenge: plain)
        else:
            conn.login(account.user, password)
    except imaplib.IMAP4.abort as exc:
        drop(conn)
        raise failure(account, exc, password) from None
    except (imaplib.IMAP4.error, UnicodeError):
        drop(conn)
        raise DeliveryError(
            f"{account.shown()} refused the login of {account.user} "
            "(check the password mail.password-command prints)"
        ) from None
    except (OSError, ValueError) as exc:
        drop(conn)
        raise failure(account, exc, password) from None
    return conn


def failure(account: ImapAccount, exc: BaseException, password: str) -> DeliveryError | Refused:
    """What went wrong, on one line, naming the account and never the password."""
    from plncrm.util.redact import redact
    from plncrm.util.text import one_line

    if isinstance(exc, DeliveryError | Refused):
        return exc
    if isinstance(exc, TimedOut):
        why = (
            f"no complete answer within {exc.seconds:g} s "
            "(the deadline of one step; PLN_NET_DEADLINE)"
        )
    elif isinstance(exc, ssl.SSLCertVerificationError):
        why = f"its certificate is not trusted ({exc.verify_message})"
    else:
        text = str(exc)
        why = f"{type(exc).__name__}: {text}" if isinstance(exc, OSError) and text else text
    why = redact(one_line(why or type(exc).__name__), password)[:200]
    return DeliveryError(f"cannot read mail from {account.shown()}: {why}")


class Folder(NamedTuple):
    name: str  # as the user reads it (decoded)
    flags: frozenset[str]  # lower-cased: "\\sent", "\\noselect", …


_LIST = re.compile(rb'^\((?P<flags>[^)]*)\) (?:"(?:[^"\\]|\\.)*"|NIL) (?P<name>.*)$', re.I)


def folders(conn: Bounded) -> list[Folder]:
    """Every folder the account has, with its flags (\\Sent among them)."""
    conn.ask()
    if "SPECIAL-USE" in conn.capabilities:
        kind, data = conn.list('""', '"*" RETURN (SPECIAL-USE)')
    else:
        kind, data = conn.list('""', '"*"')
    if kind != "OK":
        raise imaplib.IMAP4.error(_said(data) or "LIST failed")
    found = []
    for item in data:
        text, literal = item if isinstance(item, tuple) else (item, None)
        match = _LIST.match(text or b"")
        if match is None:
            continue
        raw = literal if literal is not None else _unquoted(match["name"])
        flags = frozenset(f.lower() for f in match["flags"].decode("ascii", "replace").split())
        found.append(Folder(decode_name(raw), flags))
    return found


def _unquoted(name: bytes) -> bytes:
    if name.startswith(b'"') and name.endswith(b'"') and len(name) >= 2:
        return re.sub(rb"\\(.)", rb"\1", name[1:-1])
    return name


def _said(data: Iterable[Any]) -> str:
    """What the server said with an answer, as text."""
    return " ".join(
        item.decode("utf-8", "replace") for item in data if isinstance(item, bytes)
    ).strip()


def decode_name(raw: bytes) -> str:
    """A folder's name from IMAP's modified UTF-7 (RFC 3501 5.1.3: "&AOk-t&AOk-")."""
    text = raw.decode("utf-8", "replace")

    def shifted(match: re.Match[str]) -> str:
        inner = match[1]
        if not inner:
            return "&"
        padded = inner.replace(",", "/") + "=" * (-len(inner) % 4)
        try:
            return base64.b64decode(padded).decode("utf-16-be")
        except ValueError:
            return match[0]

    return re.sub(r"&([A-Za-z0-9+,]*)-", shifted, text)


def encode_name(name: str) -> str:
    """A folder's name in modified UTF-7, quoted for a command."""
    out: list[str] = []
    pending: list[str] = []

    def flush() -> None:
        if pending:
            coded = base64.b64encode("".join(pending).encode("utf-16-be")).decode()
            out.append("&" + coded.rstrip("=").replace("/", ",") + "-")
            pending.clear()

    for char in name:
        if " " <= char <= "~":
            flush()
            out.append("&-" if char == "&" else char)
        else:
            pending.append(char)
    flush()
    text = "".join(out)
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Opened(NamedTuple):
    uidvalidity: int
    uidnext: int  # 0 when the server does not say
    exists: int


def examine(conn: Bounded, name: str) -> Opened:
    """Open `name` read-only (EXAMINE: nothing is marked as seen)."""
    conn.ask()
    kind, data = conn.select(encode_name(name), readonly=True)
    if kind != "OK":
        raise Refused(f"cannot open the folder {name!r}: {_said(data)[:200]}")

    def number(code: str) -> int:
        _, values = conn.response(code)
        value = values[-1] if values and values[-1] else b"0"
        text = value.decode("ascii", "replace") if isinstance(value, bytes) else str(value)
        return int(text) if text.isdigit() else 0

    exists = number("EXISTS")
    return Opened(number("UIDVALIDITY"), number("UIDNEXT"), exists)


def status(conn: Bounded, name: str) -> Opened | None:
    """`name`'s numbers without opening it (STATUS: the server answers from
    its index, where opening a large folder costs it a scan); None when the
    server will not say."""
    conn.ask()
    kind, data = conn.status(encode_name(name), "(UIDVALIDITY UIDNEXT MESSAGES)")
    last = data[-1] if data else None  # "NAME (…)", or its end after a literal name
    numbers = re.search(rb"\(([^()]*)\)\s*$", last if isinstance(last, bytes) else b"")
    pairs = numbers[1].upper() if numbers else b""
    found = dict(re.findall(rb"(UIDVALIDITY|UIDNEXT|MESSAGES) (\d+)", pairs))
    if kind != "OK" or b"UIDVALIDITY" not in found or b"UIDNEXT" not in found:
        return None
    count = int(found.get(b"MESSAGES", b"1"))
    return Opened(int(found[b"UIDVALIDITY"]), int(found[b"UIDNEXT"]), count)


def uids_after(conn: Bounded, last: int) -> list[int]:
    """The UIDs of the open folder's messages past `last`, in order (one short
    line each, however many there are)."""
    conn.ask()
    kind, data = conn.uid("FETCH", f"{last + 1}:*", "(UID)")
    if kind != "OK":
        raise imaplib.IMAP4.error(_said(data) or "FETCH failed")
    found = set()
    for item in data:
        text = item[0] if isinstance(item, tuple) else item
        match = re.search(rb"\bUID (\d+)", text or b"")
        if match and int(match[1]) > last:  # n:* names the last message even below n
            found.add(int(match[1]))
    return sorted(found)


def uid_set(uids: list[int]) -> str:
    """Sorted UIDs as IMAP's set: runs as ranges ("3:7,9")."""
    parts: list[str] = []
    start = previous = uids[0]
    for uid in [*uids[1:], None]:
        if uid is not None and uid == previous + 1:
            previous = uid
            continue
        parts.append(str(start) if start == previous else f"{start}:{previous}")
        if uid is not None:
            start = previous = uid
    return ",".join(parts)


_START = re.compile(rb"^\d+ \(")
_INTERNALDATE = re.compile(r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d:\d\d:\d\d) ([+-]\d{4})")


def fetch_headers(conn: Bounded, uids: list[int]) -> list[tuple[int, bytes]]:
    """(UID, header block) of each of `uids` the folder still holds, in UID
    order. A message without a Date gets its arrival on the server
    (INTERNALDATE) as a Received line, where a mail file would carry one."""
    conn.ask()
    kind, data = conn.uid("FETCH", uid_set(uids), FETCH_ITEMS)
    if kind != "OK":
        raise imaplib.IMAP4.error(_said(data) or "FETCH failed")
    wanted = set(uids)
    found: dict[int, bytes] = {}

    def keep(parts: list[bytes], block: bytes | None) -> None:
        text = b" ".join(parts)
        match = re.search(rb"\bUID (\d+)", text)
        if match and int(match[1]) in wanted and block is not None:
            arrived = re.search(rb'INTERNALDATE "([^"]+)"', text)
            found[int(match[1])] = _with_arrival(block, arrived[1] if arrived else b"")

    parts: list[bytes] = []
    block: bytes | None = None
    for item in data:
        head, literal = item if isinstance(item, tuple) else (item, None)
        if head is None:
            continue
        if _START.match(head):
            if parts:
                keep(parts, block)
            parts, block = [], None
        parts.append(head)
        if literal is not None:
            block = literal
    if parts:
        keep(parts, block)
    return sorted(found.items())


def _with_arrival(block: bytes, internaldate: bytes) -> bytes:
    if not internaldate or re.search(rb"(?im)^date:", block):
        return block
    moment = _rfc5322(internaldate.decode("ascii", "replace"))
    if not moment:
        return block
    line = f"Received: by the IMAP server (INTERNALDATE); {moment}\r\n".encode()
    return block.rstrip(b"\r\n") + b"\r\n" + line + b"\r\n" if block.strip() else block


def _rfc5322(internaldate: str) -> str:
    """IMAP's " 2-Dec-2026 14:40:24 +0000" as a mail date ("2 Dec 2026 …"),
    whatever the locale; "" when it is not one."""
    match = re.fullmatch(
        r"\s*(\d{1,2})-([A-Za-z]{3})-(\d{4}) (\d\d:\d\d:\d\d) ([+-]\d{4})", internaldate
    )
    if match is None or match[2].title() not in _MONTHS:
        return ""
    return f"{int(match[1])} {match[2].title()} {match[3]} {match[4]} {match[5]}"


def logout(conn: Bounded) -> None:
    """Say goodbye, within the deadline; a connection already gone is gone."""
    try:
        conn.ask()
        conn.logout()
    except (imaplib.IMAP4.error, OSError, ValueError):
        drop(conn)


def drop(conn: Bounded) -> None:
    """Close the connection without a word (after a failure)."""
    with contextlib.suppress(OSError):
        conn.shutdown()
