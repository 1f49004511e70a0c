"""Sending messages one at a time through the user's SMTP server.

Each message goes to its one recipient in its own SMTP transaction, and
`on_sent` is called as soon as the server has accepted it, so the caller
records it at once: a failure later (a recipient refused, the connection
dropped halfway, Ctrl-C) leaves exactly the rest unsent, and a re-run sends
only those. The pace is at most `rate` messages a minute (`mail.rate`), since
providers lock accounts that send faster. Nothing here shows the password:
an error names the account without it.
"""

from __future__ import annotations

import smtplib
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from plncrm.mail.messages import Outgoing, wire
from plncrm.util.errors import DeliveryError
from plncrm.util.mail_account import SmtpAccount
from plncrm.util.net import Deadline, paced_file
from plncrm.util.text import one_line

TIMEOUT = 30.0  # seconds for any one exchange with the server


@dataclass
class Outcome:
    sent: list[Outgoing] = field(default_factory=list)
    refused: list[tuple[Outgoing, str]] = field(default_factory=list)  # and the server's reason
    unsent: list[Outgoing] = field(default_factory=list)  # never tried: the connection failed
    # Sent, but not to every address (an introduction): the addresses refused, and why.
    partly: list[tuple[Outgoing, str]] = field(default_factory=list)
    problem: str = ""  # why the rest went unsent
    # The first of `unsent`, when the server may have it all the same: the
    # connection dropped after it was handed over, or Ctrl-C came while it
    # was being recorded.
    uncertain: Outgoing | None = None


MAX_REPLY_LINES = 100  # a reply longer than any server's EHLO list is no reply


class _Lines:
    """A reply's lines, read through a paced file (`util.net`: every read
    bounded by what is left of the exchange's deadline, so a server that
    trickles is cut) and at most MAX_REPLY_LINES of them (so one that never
    stops is cut too)."""

    def __init__(self, file: Any) -> None:
        self.file, self.lines = file, 0

    def readline(self, size: int = -1) -> bytes:
        self.lines += 1
        if self.lines > MAX_REPLY_LINES:
            raise OSError(f"a reply of more than {MAX_REPLY_LINES} lines")
        return bytes(self.file.readline(size))

    def close(self) -> None:
        self.file.close()


class _Bounded:
    """smtplib's client with each reply bounded in time and length; the rest
    (EHLO, STARTTLS, AUTH, sending) is the standard library's."""

    deadline: Deadline
    file: Any
    sock: Any

    handed_over = False  # the message's last line went out: the server may have it

    def send(self, s: Any) -> None:
        super().send(s)  # type: ignore[misc]
        self.handed_over = bytes(s if isinstance(s, bytes) else s.encode()).endswith(b"\r\n.\r\n")

    def getreply(self) -> tuple[int, bytes]:
        if self.sock is not None and not isinstance(self.file, _Lines):
            self.file = _Lines(paced_file(self.sock, self.deadline))  # anew after STARTTLS
        if isinstance(self.file, _Lines):
            self.file.lines = 0
        self.deadline.restart()
        return super().getreply()  # type: ignore[misc,no-any-return]


class _Smtp(_Bounded, smtplib.SMTP):
    def __init__(self, host: str, port: int) -> None:
        self.deadline = Deadline()  # PLN_NET_DEADLINE, as for every network exchange
        super().__init__(host, port, timeout=TIMEOUT)


class _SmtpTls(_Bounded, smtplib.SMTP_SSL):
    def __init__(self, host: str, port: int, context: ssl.SSLContext) -> None:
        self.deadline = Deadline()  # PLN_NET_DEADLINE, as for every network exchange
        super().__init__(host, port, timeout=TIMEOUT, context=context)


def _connect(account: SmtpAccount, password: str) -> smtplib.SMTP:
    context = ssl.create_default_context()
    server: smtplib.SMTP
    if account.tls:
        server = _SmtpTls(account.host, account.port, context)
    else:
        server = _Smtp(account.host, account.port)
        server.ehlo()
        if server.has_extn("starttls"):
            server.starttls(context=context)
            server.ehlo()
        elif not account.loopback:
            server.close()
            raise DeliveryError(
                f"{account.shown()} offers no STARTTLS: pln sends a password and "
                "other people's addresses only over TLS (smtps://…:465)"
            )
    if account.user:
        try:
            server.login(account.user, password)
        except smtplib.SMTPAuthenticationError:
            server.close()
            raise DeliveryError(
                f"{account.shown()} refused the login of {account.user} "
                "(check the password mail.password-command prints)"
            ) from None
        except UnicodeEncodeError:
            server.close()
            raise DeliveryError(
                "Python's SMTP client sends only passwords in plain ASCII: "
                f"{account.shown()} cannot be logged into with this one"
            ) from None
        except smtplib.SMTPNotSupportedError:
            server.close()
            raise DeliveryError(
                f"{account.shown()} offers no login: for a relay that needs none, "
                "leave USER out of mail.smtp (smtp://HOST:PORT)"
            ) from None
    return server


CLOSING = 421  # the server is closing the connection: nothing after it will be taken


def _code(exc: smtplib.SMTPException) -> int | None:
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        return next(iter(exc.recipients.values()))[0]
    return exc.smtp_code if isinstance(exc, smtplib.SMTPResponseException) else None


def _reason(exc: BaseException) -> str:
    """What the server said, on one line (never the password: it is not in
    any reply, and the login error above does not quote the server)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, said = next(iter(exc.recipients.values()))
        return f"{code} {_text(said)}"
    if isinstance(exc, smtplib.SMTPResponseException):
        return f"{exc.smtp_code} {_text(exc.smtp_error)}"
    return one_line(str(exc)) or type(exc).__name__


def _text(said: bytes | str) -> str:
    return one_line(said.decode("utf-8", "replace") if isinstance(said, bytes) else said)


def send_all(
    account: SmtpAccount,
    password: str,
    sender: str,
    outgoing: Sequence[Outgoing],
    *,
    rate: int,
    on_sent: Callable[[Outgoing], None],
    sleep: Callable[[float], None] = time.sleep,
) -> Outcome:
    """Send each message to its recipient, calling `on_sent` after each one the
    server accepted; stops at the first failure of the connection."""
    from email.utils import parseaddr

    outcome = Outcome()
    envelope_from = parseaddr(sender)[1]
    gap = 60.0 / rate if rate else 0.0
    try:
        server = _connect(account, password)
    except (OSError, smtplib.SMTPException) as exc:
        if isinstance(exc, DeliveryError):
            raise
        raise DeliveryError(f"cannot reach {account.shown()}: {_reason(exc)}") from None
    number, recording = 0, False
    try:
        for number, item in enumerate(outgoing):
            if number and gap:
                sleep(gap)
            try:
                missed = server.sendmail(envelope_from, item.recipients, wire(item.message))
            except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
                if _code(exc) != CLOSING:
                    outcome.refused.append((item, _reason(exc)))
                    continue
                outcome.problem = f"{account.shown()} closed the connection ({_reason(exc)})"
                outcome.unsent = list(outgoing[number:])
                break
            except (OSError, smtplib.SMTPException) as exc:
                outcome.problem = f"{account.shown()}: {_reason(exc)}"
                outcome.unsent = list(outgoing[number:])
                if getattr(server, "handed_over", False):
                    outcome.uncertain = item
                break
            recording = True
            on_sent(item)
            recording = False
            outcome.sent.append(item)
            if missed:
                said = "; ".join(f"{a}: {code} {_text(why)}" for a, (code, why) in missed.items())
                outcome.partly.append((item, said))
    except KeyboardInterrupt:  # Ctrl-C: what went out is recorded; say what did not
        current = outgoing[number] if outgoing else None
        done = any(i is current for i in outcome.sent)
        outcome.problem = "interrupted"
        outcome.unsent = list(outgoing[number + 1 if done else number :])
        outcome.uncertain = current if recording else None
    finally:
        try:
            server.quit()
        except (OSError, smtplib.SMTPException):
            server.close()
    return outcome
