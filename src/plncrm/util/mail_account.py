"""The user's own mail account: the SMTP server of `mail.smtp`, the IMAP
server of `mail.imap`, the sender of `mail.from`, and the password, which pln
never stores: it asks the command of `mail.password-command` for it each time
(`pass show mail`, `secret-tool lookup …`, `security find-internet-password -w
…`) and never shows it.

`smtps://USER@HOST:465` and `imaps://USER@HOST:993` are TLS from the first
byte; `smtp://USER@HOST:587` and `imap://USER@HOST:143` must switch to TLS
(STARTTLS) before the password is sent. Plain SMTP or IMAP, without TLS, only
to this machine (127.0.0.1, ::1, localhost): a relay or a mail store of one's own.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote, urlsplit

from plncrm.util.errors import DeliveryError, Invalid

LOOPBACK = frozenset(("127.0.0.1", "::1", "localhost"))
SMTP_PORTS = {"smtps": 465, "smtp": 587}  # the TLS scheme first
IMAP_PORTS = {"imaps": 993, "imap": 143}
PASSWORD_SECONDS = 60  # a password manager may ask for its own passphrase first


class Account(NamedTuple):
    """A server of the user's mail account, as a setting names it."""

    scheme: str  # smtps, smtp, imaps or imap
    host: str
    port: int
    user: str  # "" logs in as nobody (a relay on this machine)

    @property
    def tls(self) -> bool:
        """TLS from the first byte (smtps, imaps); else STARTTLS."""
        return self.scheme.endswith("s")

    @property
    def loopback(self) -> bool:
        return self.host in LOOPBACK

    def shown(self) -> str:
        """The account as pln names it: no password is ever part of it."""
        who = f"{self.user}@" if self.user else ""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{who}{host}:{self.port}"


SmtpAccount = Account  # mail.smtp
ImapAccount = Account  # mail.imap


def _parse(key: str, url: str, ports: dict[str, int]) -> Account:
    """`key`'s URL as an account, or Invalid saying what to write."""
    secure, plain = ports
    usage = (
        f"{key} takes {secure}://USER@HOST:{ports[secure]} or {plain}://USER@HOST:{ports[plain]}"
    )
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise Invalid(usage) from None
    scheme = parts.scheme.lower()
    if scheme not in ports or not parts.hostname:
        raise Invalid(usage)
    if parts.password is not None:
        raise Invalid(
            f"{key} takes no password (it would be stored): "
            "set mail.password-command to a command that prints it"
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise Invalid(f"{key} is a server: {secure}://USER@HOST:PORT, with nothing after it")
    user = unquote(parts.username or "")
    return Account(scheme, parts.hostname.lower(), port or ports[scheme], user)


def parse_smtp(url: str) -> SmtpAccount:
    """`mail.smtp`'s URL as an account, or Invalid saying what to write."""
    return _parse("mail.smtp", url, SMTP_PORTS)


def check_smtp(value: str) -> str:
    """`pln config mail.smtp`'s check: the account as it will be used."""
    return parse_smtp(value).shown() if value.strip() else ""


def parse_imap(url: str) -> ImapAccount:
    """`mail.imap`'s URL as an account, or Invalid saying what to write."""
    account = _parse("mail.imap", url, IMAP_PORTS)
    if not account.user:
        raise Invalid("mail.imap names the user to log in as: imaps://USER@HOST:993")
    return account


def check_imap(value: str) -> str:
    """`pln config mail.imap`'s check: the account as it will be used."""
    return parse_imap(value).shown() if value.strip() else ""


def check_folders(value: str) -> str:
    """`mail.folders`: the names of the folders to read, separated by commas."""
    from plncrm.util.text import one_line

    names = dict.fromkeys(n for n in (one_line(v) for v in value.split(",")) if n)
    if not names:
        raise Invalid('mail.folders names at least one folder: "INBOX, Sent"')
    return ", ".join(names)


def check_sender(value: str) -> str:
    """`mail.from`: "Name <address>" or an address, as one mail header."""
    from email.utils import formataddr, parseaddr

    from plncrm.util.text import is_email, one_line

    name, address = parseaddr(one_line(value))
    if not value.strip():
        return ""
    if not is_email(address):
        raise Invalid(f'mail.from takes "Your Name <you@example.org>", not {value.strip()!r}')
    return formataddr((name, address)) if name else address


KEYRING = "plncrm"  # the service pln's mail passwords are kept under in the system keyring


def password(command: str, account: Account) -> str:
    """The password of `account`, printed by `command` (its first line), else
    kept in the system keyring (`pln mail password`); DeliveryError, never
    showing what the command printed, when it fails."""
    import shlex
    import subprocess

    if not account.user:
        return ""
    if not command.strip():
        return _from_keyring(account)
    try:
        done = subprocess.run(
            shlex.split(command),
            capture_output=True,
            timeout=PASSWORD_SECONDS,
            check=False,
        )
    except (OSError, ValueError, subprocess.TimeoutExpired) as exc:
        why = "it took too long" if isinstance(exc, subprocess.TimeoutExpired) else "cannot run it"
        raise DeliveryError(f"mail.password-command failed: {why}") from None
    if done.returncode != 0:
        raise DeliveryError(f"mail.password-command failed (exit {done.returncode})")
    found = done.stdout.decode("utf-8", "replace").splitlines()
    if not found or not found[0]:
        raise DeliveryError("mail.password-command printed no password")
    return found[0]


NO_PASSWORD = (
    "set mail.password-command to a command that prints it (pln config mail.password-command "
    '"pass show mail"), or keep it in the system keyring: pln mail password'
)


def _from_keyring(account: Account) -> str:
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise Invalid(f"{account.shown()} needs a password: {NO_PASSWORD}") from None
    try:
        found = keyring.get_password(KEYRING, account.shown())
    except KeyringError as exc:
        raise DeliveryError(f"the system keyring cannot be read: {type(exc).__name__}") from None
    if not found:
        raise Invalid(f"{account.shown()} needs a password: {NO_PASSWORD}")
    return str(found)


def keep_password(accounts: list[Account], secret: str) -> None:
    """Keep `secret` in the system keyring as the password of each account."""
    try:
        import keyring
        from keyring.errors import KeyringError
    except ImportError:
        raise Invalid(
            "no system keyring here: pip install 'plncrm[keyring]', or set mail.password-command"
        ) from None
    try:
        for account in accounts:
            keyring.set_password(KEYRING, account.shown(), secret)
    except KeyringError as exc:
        raise DeliveryError(f"the system keyring cannot keep it: {type(exc).__name__}") from None
