"""The settings stored with the data (`pln config`): each stated once, in
`SETTINGS`, with its default, its check and one line of help. `pln config`
(its listing, its `--help` and the check of a new value), the defaults of
`Preferences` and the settings table in docs/settings.md (`settings_table`) are built
from it; reading them is here too.

Nothing here imports SQLAlchemy, Pydantic or a setting's heavier checker
until a value is checked: `pln due` reads settings on its fast path."""

from __future__ import annotations

from collections.abc import Callable, Container, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from plncrm.reads import setting_checks
from plncrm.util.bounds import HISTORY_SIZE
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.store.plain import Reader
    from plncrm.util.dates import DateOrder
    from plncrm.util.intervals import Interval

# What the kiosk asks a visitor to agree to, unless kiosk.consent says otherwise.
CONSENT = (
    "I agree that {my-name} may keep what I typed here and email me about it; "
    "I can ask for it to be deleted at any time."
)

# A family's key ends in a word in capitals: cadence.TAG is cadence.board,
# cadence.funders, ...; template.KIND is template.ask, template.thanks, ...


class Setting(NamedTuple):
    key: str  # as typed and stored; a family's ends in .TAG, .KIND
    default: str  # as stored ("": none)
    check: Callable[[str, str], str]  # (key, value as typed) -> value as stored, or Invalid
    help: str  # one line: what it sets
    secret: bool = False  # shown masked, never exported
    local: bool = False  # of this machine (a folder): never exported
    listed: str = ""  # what pln config's listing shows for a set value ({tag}: the family's tag)
    multiline: bool = False  # its value keeps its line breaks (a template), in a JSON file too

    @property
    def family(self) -> bool:
        return self.key.rpartition(".")[2].isupper()

    @property
    def prefix(self) -> str:
        """What a family's keys begin with ("cadence."); a setting's whole key."""
        return self.key.rpartition(".")[0] + "." if self.family else self.key


SETTINGS: tuple[Setting, ...] = (
    Setting("guard-days", "2", setting_checks.days,
            "days after meeting someone before the strike-out guard's follow-up is due"),
    Setting("follow-up-goal", "", setting_checks.goal_days,
            "how soon you mean to follow up people met (2d, 1w): a line on pln report's "
            "follow-up speed"),
    Setting("important-tags", "", setting_checks.tags,
            "comma-separated tags whose contacts rank higher in the agenda"),
    Setting("import-tags", "", setting_checks.tags,
            "tags pln import --tag put on everyone it brought (each import adds its own): "
            "never a reason to suggest an introduction"),
    Setting("cadence.TAG", "", setting_checks.interval,
            "keep in touch this often with contacts tagged TAG that have no cadence of "
            "their own (cadence.board: 1 month)"),
    Setting("intro-wait-days", "5", setting_checks.days,
            "days to wait for an answer to an introduction before nudging"),
    Setting("my-name", "", setting_checks.one_line,
            "how message drafts are signed, and the name on your card (pln card)"),
    Setting("my-email", "", setting_checks.email,
            "the email address on your card (pln card); none: mail.from's"),
    Setting("my-phone", "", setting_checks.phone, "the phone number on your card (pln card)"),
    Setting("my-org", "", setting_checks.one_line,
            "your school, district or organisation, on your card (pln card)"),
    Setting("my-role", "", setting_checks.one_line, "your role or title, on your card (pln card)"),
    Setting("my-link", "", setting_checks.link,
            "a link on your card (pln card): your site or profile, https://…"),
    Setting("history-size", str(HISTORY_SIZE), setting_checks.commands,
            "how many commands pln undo can take back"),
    Setting("phone-region", "", setting_checks.region,
            'the country of phone numbers written without "+" (US, DE); none: only "+" '
            "numbers are normalised"),
    Setting("date-order", "", setting_checks.date_order,
            "how a sheet's ambiguous dates (3/4/2026) read: mdy, dmy or ymd; none: from "
            "phone-region, else the locale"),
    Setting("notify.urls", "", setting_checks.urls,
            "where pln notify sends the agenda: Apprise URLs, separated by spaces (shown "
            "masked)", secret=True),
    Setting("notify.alarm", "09:00", setting_checks.alarm,
            "when calendar entries ring on their day (off: never)"),
    Setting("notify.quiet-hours", "", setting_checks.span,
            "a span such as 21:00-07:00 when pln notify sends nothing"),
    Setting("notify.only-urgent", "no", setting_checks.yes_no,
            "yes: notify only when something is overdue or a strike-out is waiting"),
    Setting("calendar.dir", "", setting_checks.folder,
            "a vdir calendar folder pln re-syncs after every change", local=True),
    Setting("mail.smtp", "", setting_checks.smtp,
            "where --send sends mail: smtps://USER@HOST:465, or smtp://USER@HOST:587 "
            "(STARTTLS); no password here", local=True),
    Setting("mail.from", "", setting_checks.sender,
            'who sent messages are from: "Your Name <you@host>"'),
    Setting("mail.password-command", "", setting_checks.one_line,
            "a command that prints the mail password (pass show mail); it is never "
            "stored", local=True),
    Setting("mail.rate", "30", setting_checks.per_minute,
            "at most this many messages a minute through mail.smtp (0: no limit)"),
    Setting("mail.me", "", setting_checks.addresses,
            "your other addresses, comma-separated: mail from them is yours, as mail.from's is"),
    Setting("mail.maildir", "", setting_checks.folder,
            "the Maildir pln mail scan reads when given no PATH (mbsync's, offlineimap's)",
            local=True),
    Setting("mail.imap", "", setting_checks.imap,
            "where pln mail scan reads mail: imaps://USER@HOST:993, or imap://USER@HOST:143 "
            "(STARTTLS); no password here", local=True),
    Setting("mail.folders", "INBOX, Sent", setting_checks.mail_folders,
            "the IMAP folders pln mail scan reads, separated by commas (Sent: also the "
            "folder the server marks as sent mail)"),
    Setting("mail.keep-subjects", "yes", setting_checks.yes_no,
            "no: pln mail scan logs emails without their subjects"),
    Setting("kiosk.consent", CONSENT, setting_checks.consent,
            "the consent sentence the visitor kiosk (pln serve --kiosk) asks visitors to tick "
            "and records word for word ({my-name}: the my-name setting)"),
    Setting("kiosk.per-minute", "6", setting_checks.submissions,
            "at most this many kiosk submissions a minute; more are refused (429) and not kept"),
    Setting("template.KIND", "", setting_checks.template,
            "the wording of one kind of message, edited with pln template edit KIND "
            "(template.thanks)", listed="(edited: pln template show {tag})", multiline=True),
)  # fmt: skip
DEFAULTS = {s.key: s.default for s in SETTINGS if not s.family}
SECRET = frozenset(s.key for s in SETTINGS if s.secret)  # shown masked, and never exported
# A folder on this machine: a copy of the store elsewhere must not write into it.
LOCAL = frozenset(s.key for s in SETTINGS if s.local)
NOT_EXPORTED = SECRET | LOCAL


def find(key: str) -> Setting | None:
    """The setting `key` names ("guard-days", or "cadence.board" of cadence.TAG)."""
    key = key.strip().lower()
    for setting in SETTINGS:
        if key == setting.key or (setting.family and key.startswith(setting.prefix)):
            return setting
    return None


def check_setting(key: str, value: str) -> tuple[str, str]:
    """The key and value as stored, or `Invalid` saying what is wrong."""
    from plncrm.util.text import slug

    key = key.strip().lower()
    setting = find(key)
    if setting is None:
        known = ", ".join(s.key for s in SETTINGS)
        raise Invalid(f"unknown setting {key!r}; known: {known}")
    if setting.family:
        tag = slug(key[len(setting.prefix) :])
        if not tag:
            raise Invalid(f"name a {setting.key.rpartition('.')[2].lower()}: {setting.key}")
        key = setting.prefix + tag
    return key, setting.check(key, value)


def _tag_set(value: str) -> frozenset[str]:
    return frozenset(t for t in value.split(",") if t)


class Preferences(NamedTuple):
    """The settings the core works with, typed; each default is its setting's."""

    guard_days: int = int(DEFAULTS["guard-days"])
    intro_wait_days: int = int(DEFAULTS["intro-wait-days"])
    important_tags: frozenset[str] = _tag_set(DEFAULTS["important-tags"])
    my_name: str = DEFAULTS["my-name"]
    phone_region: str = DEFAULTS["phone-region"]
    tag_cadences: Mapping[str, Interval] = MappingProxyType({})


def stored(reader: Reader) -> dict[str, str]:
    rows = reader.rows("SELECT key, value FROM setting ORDER BY key")
    return {row["key"]: row["value"] for row in rows}


def effective(reader: Reader) -> dict[str, str]:
    """Every setting with its value, defaults filled in."""
    return {**DEFAULTS, **stored(reader)}


def load(reader: Reader) -> Preferences:
    from plncrm.util.intervals import parse_interval

    values = effective(reader)
    cadences = {
        key[len("cadence.") :]: parse_interval(value)
        for key, value in values.items()
        if key.startswith("cadence.")
    }
    return Preferences(
        guard_days=int(values["guard-days"]),
        intro_wait_days=int(values["intro-wait-days"]),
        important_tags=_tag_set(values["important-tags"]),
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
    from plncrm.util.dates import DATE_ORDERS
    from plncrm.util.sheet_dates import default_date_order

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


def listing(values: Mapping[str, str], stored_keys: Container[str]) -> list[str]:
    """`pln config`'s lines: each setting in `SETTINGS`' order (a family's
    keys in its place, or the family itself while none is set), with its
    value, masked, and its default; then any other stored key."""
    lines = []
    for setting in SETTINGS:
        keys = sorted(k for k in values if find(k) is setting)
        if setting.family and not keys:
            lines.append(f"{setting.key}  (not set)")
        for key in keys:
            value = shown(key, values[key])
            if setting.listed and key in stored_keys:
                value = setting.listed.format(tag=key.removeprefix(setting.prefix))
            lines.append(_line(key, value, setting, key in stored_keys))
    lines += [f"{k} = {v}" for k, v in values.items() if find(k) is None]
    return lines


def _line(key: str, value: str, setting: Setting, is_set: bool) -> str:
    if is_set and setting.listed:
        return f"{key} = {value}"
    if not is_set:
        return f"{key} = {value}  (default)" if value else f"{key}  (not set)"
    return f"{key} = {value}  (default: {setting.default or 'none'})"


def help_text(width: int = 76) -> str:
    """`pln config --help`'s list of settings, each with its help and default,
    laid out for `width` columns (kept as it is by the help's formatter: \\b)."""
    column = max(len(s.key) for s in SETTINGS) + 4
    lines = ["Settings:", "", "\b"]
    for setting in SETTINGS:
        default = f" (default: {setting.default})" if setting.default else ""
        first, *more = _wrapped(setting.help + default, width - column)
        lines.append(f"  {setting.key:<{column - 2}}{first}")
        lines += [" " * column + line for line in more]
    return "\n".join(lines)


def _wrapped(text: str, width: int) -> list[str]:
    """`text` in lines of at most `width` (a longer word alone on its line):
    built when `pln due` imports its module, where textwrap's first use would
    cost 4 ms."""
    lines = [""]
    for word in text.split():
        if lines[-1] and len(lines[-1]) + 1 + len(word) > width:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}" if lines[-1] else word
    return lines


def settings_table() -> str:
    """The table of settings in docs/settings.md (Markdown), from `SETTINGS`."""
    rows = ["| setting | default | what it sets |", "| --- | --- | --- |"]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default else "none"
        rows.append(f"| `{setting.key}` | {default} | {setting.help} |")
    return "\n".join(rows)
