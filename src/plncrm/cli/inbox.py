"""`pln mail`: what your mail tells about your network. `scan` logs each email
exchanged with a contact (from a Maildir, an mbox or the IMAP account), once;
`strangers` lists the people you write to who are not in the network yet."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plncrm.cli.root import JsonOpt, app, get_env

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plncrm.cli.environment import Environment
    from plncrm.mail.inbox_state import State
    from plncrm.mail.mailboxes import Block

LEAST = 2  # messages sent to someone before they are worth adding

mail_app = typer.Typer(
    help="Learn from your mail: log emails with contacts, find people to add.",
    no_args_is_help=True,
)
app.add_typer(mail_app, name="mail")


@mail_app.command("scan")
def scan(
    ctx: typer.Context,
    path: Annotated[
        Path | None,
        typer.Argument(
            help="A Maildir folder or an mbox file (default: mail.maildir, else mail.imap).",
            show_default=False,
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would be logged; change nothing.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Log one email with the contacts of each message exchanged with them
    (in: from them; out: from you, to them in To or Cc), reading only the
    headers, and only the messages not read before. Lists, bulk mail and
    automated senders are passed over; bodies are never read."""
    run_scan(get_env(ctx), path, dry_run=dry_run, as_json=json)


def run_scan(
    env: "Environment", path: Path | None, *, dry_run: bool, as_json: bool, quiet: bool = False
) -> None:
    """`pln mail scan`, also run by `pln notify --scan-mail` (`quiet`: say
    nothing). One scan of a store at a time: two would each write the state of
    what was read over the other's."""
    from plncrm.mail import inbox_state
    from plncrm.util.files import exclusive

    if dry_run:
        env.dry_run()
    busy = "another pln is scanning mail for this store: run this again once it is done"
    with exclusive(inbox_state.lock_for(env.url, "scan"), busy):
        _scan(env, path, dry_run=dry_run, as_json=as_json, quiet=quiet)


def _scan(
    env: "Environment", path: Path | None, *, dry_run: bool, as_json: bool, quiet: bool
) -> None:
    from plncrm.mail import inbox_state
    from plncrm.mail import scan as scanning
    from plncrm.reads import settings
    from plncrm.render import inbox as draw

    kept = inbox_state.path_for(env.url)
    state = inbox_state.load(kept)
    with env.reading() as reader:
        prepared = scanning.setup(reader)
        maildir = settings.value(reader, "mail.maildir")
        if scanning.undone(reader, state.entry):
            state.forget_reading()  # what the last scan logged was taken back: read it again
    chosen = path.expanduser().absolute() if path is not None else None
    blocks, progress = _source(env, chosen or (Path(maildir) if maildir else None), state)
    reading = scanning.read(blocks, prepared, state, env.today())
    if dry_run:
        with env.reading() as reader:
            preview = scanning.view(scanning.preview(reader, reading), True)
        if not quiet:
            draw.scanned(preview, as_json)
        return
    with env.writing() as db:
        outcome = scanning.record(db, reading, state)
    if db.info.get("pln_entry"):
        state.entry = db.info["pln_entry"]
    progress()
    inbox_state.save(kept, state)
    if not quiet:
        draw.scanned(scanning.view(outcome, False), as_json)


def _source(
    env: "Environment", where: Path | None, state: "State"
) -> "tuple[Iterable[Block | bytes], Any]":
    """The messages to read (a Maildir folder or an mbox file; without
    either, the IMAP account), and what records, once they are logged, that
    they were read."""
    from plncrm.mail.mailboxes import Maildir, Mbox, is_maildir
    from plncrm.util.errors import FileError, NotFound

    if where is None:
        return _imap(env, state)
    if is_maildir(where):
        folder = Maildir(where.resolve(), state.maildirs)

        def kept_folder() -> None:
            state.maildirs.update(folder.state())

        return folder.blocks(), kept_folder
    if where.is_file():
        _must_be_mbox(where)
        key = str(where.resolve())
        box = Mbox(where, state.mboxes.get(key))

        def kept_box() -> None:
            state.mboxes[key] = box.state()

        return box.blocks(), kept_box
    if not where.exists():
        raise NotFound(f"no such Maildir folder or mbox file: {where}")
    raise FileError(f"{where} is neither a Maildir folder (cur/, new/) nor an mbox file")


def _must_be_mbox(path: Path) -> None:
    """An mbox begins with its first message's "From " line (or is empty): a
    vCard or a spreadsheet given by mistake is named, not read as no mail."""
    from plncrm.util.errors import Invalid

    try:
        with path.open("rb") as file:
            start = file.read(5)
    except OSError as exc:
        from plncrm.util.errors import FileError

        raise FileError(f"cannot read {path}: {exc.strerror}") from None
    if start and start != b"From ":
        raise Invalid(f"{path} is neither a Maildir folder (cur/, new/) nor an mbox file")


def _imap(env: "Environment", state: "State") -> "tuple[Iterable[Block | bytes], Any]":
    """The new messages of the IMAP account (`mail.imap`, `mail.folders`),
    and what records, once they are logged, that they were read."""
    from plncrm.mail import imap
    from plncrm.reads import settings
    from plncrm.util.errors import Refused
    from plncrm.util.mail_account import parse_imap, password

    with env.reading() as reader:
        url, folders, command = (
            settings.value(reader, key)
            for key in ("mail.imap", "mail.folders", "mail.password-command")
        )
    if not url:
        raise Refused(
            "say where your mail is: pln mail scan ~/Mail/account (a Maildir folder) or "
            "Takeout.mbox, or set mail.maildir or mail.imap"
        )
    account = parse_imap(url)
    names = [n.strip() for n in folders.split(",") if n.strip()]
    # The one call site of the IMAP account: incremental by UIDVALIDITY/UID
    # through `state.imap`, which `commit` moves once the scan is logged.
    blocks = imap.header_blocks(account, password(command, account), names, state.imap)
    return blocks, blocks.commit


@mail_app.command("strangers")
def strangers(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show at most this many (0: all).")
    ] = 20,
    add: Annotated[
        list[str] | None,
        typer.Option(
            "--add",
            metavar="ADDRESS",
            help="Add these as contacts, named as their mail names them (repeatable).",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """People you wrote to at least twice who are not in the network, from
    what pln mail scan read: how often, and when last."""
    from plncrm.mail import inbox_state
    from plncrm.mail import scan as scanning
    from plncrm.render import inbox as draw

    env = get_env(ctx)
    kept = inbox_state.path_for(env.url)
    state = inbox_state.load(kept)
    if add:
        with env.writing() as db:
            added, skipped = scanning.add_strangers(db, state, add, env.today())
        inbox_state.save(kept, state)
        draw.added(added, skipped)
        return
    with env.reading() as reader:
        found = scanning.strangers(reader, state, LEAST)
    rows = [
        {
            "address": address,
            "name": s.name,
            "wrote_to": s.wrote_to,
            "heard_from": s.heard_from,
            "last": s.last,
        }
        for address, s in (found[:limit] if limit > 0 else found)
    ]
    draw.strangers(rows, LEAST, json)


@mail_app.command("password")
def keep_password(ctx: typer.Context) -> None:
    """Keep your mail password in the system keyring (macOS Keychain, GNOME
    Keyring, KWallet, Windows Credential Locker) for mail.smtp and mail.imap,
    instead of a mail.password-command. pln itself never stores it."""
    from plncrm.reads import settings
    from plncrm.render import say
    from plncrm.util.errors import Refused
    from plncrm.util.mail_account import keep_password, parse_imap, parse_smtp

    env = get_env(ctx)
    with env.reading() as reader:
        smtp, imap = settings.value(reader, "mail.smtp"), settings.value(reader, "mail.imap")
    accounts = [parse_smtp(smtp)] if smtp else []
    accounts += [parse_imap(imap)] if imap else []
    accounts = [a for a in accounts if a.user]
    if not accounts:
        raise Refused("set mail.smtp or mail.imap with your USER first (pln config mail.smtp …)")
    named = " and ".join(a.shown() for a in accounts)
    secret = typer.prompt(f"Password for {named}", hide_input=True)
    keep_password(accounts, secret)
    say(f"Kept in the system keyring for {named}; pln uses it when mail.password-command is unset")
