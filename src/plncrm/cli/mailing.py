"""`--send` and `--eml DIR` for the commands that draft messages: one message
per person, sent through the user's SMTP server (`mail.smtp`) and recorded as
each is accepted, or written as `.eml` drafts to send from a mail client."""

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer

from plncrm.util.errors import DeliveryError, Refused

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.core.drafts import Draft
    from plncrm.mail.messages import Outgoing
    from plncrm.mail.smtp import Outcome
    from plncrm.store.db import Db

SendOpt = Annotated[
    bool,
    typer.Option("--send", help="Send each message through mail.smtp, one per person."),
]
YesOpt = Annotated[
    bool, typer.Option("--yes", "-y", help="Send without asking (needed off a terminal).")
]
EmlOpt = Annotated[
    Path | None,
    typer.Option(
        "--eml",
        metavar="DIR",
        help="Write each message as an .eml draft in DIR (sent from your mail client).",
        file_okay=False,
    ),
]


class Letter(NamedTuple):
    """One person's message, before it has an address to go to (an
    introduction, `together`: one message to both people its draft names)."""

    contact_id: int
    name: str
    email: str | None
    draft: "Draft"
    together: bool = False
    attachments: "tuple[Attachment, ...]" = ()


class Attachment(NamedTuple):
    filename: str
    content_type: str  # "text/calendar"
    data: bytes


class Plan(NamedTuple):
    """What a command does around its messages: `record` one accepted by the
    server (in its own transaction), the command that sends the rest
    (`again`), the one that records drafts sent by hand (`by_hand`, given
    the messages written), and what to say of those without an address."""

    record: "Callable[[Db, Outgoing], None]"
    again: str
    by_hand: "Callable[[Sequence[Outgoing]], str]"
    unreached: str
    nobody: str  # why nothing can be sent: nobody chosen has an address
    left: str = "nothing is recorded for them"  # what a message not sent leaves


def addressed(env: "Environment", letters: Sequence[Letter]) -> "tuple[list[Outgoing], list[str]]":
    """The messages of those with an address, from `mail.from`; and the names
    of those without one (named and skipped: their follow-ups stay open)."""
    from email.errors import HeaderParseError

    from plncrm.mail.messages import Outgoing, compose, recipient, recipients
    from plncrm.reads import settings
    from plncrm.render import warn
    from plncrm.render.names import listed
    from plncrm.util import clock

    with env.reading() as reader:
        sender = settings.value(reader, "mail.from")
    now = clock.local_now()
    found, missing, unwritable = [], [], []
    for letter in letters:
        if not letter.email:
            missing.append(letter.name)
            continue
        if not letter.email.isascii():  # josé@…: needs SMTPUTF8, which pln does not ask for
            unwritable.append(letter.name)
            continue
        try:
            message = compose(letter.draft, sender, now)
            for item in letter.attachments:
                kind, _, sub = item.content_type.partition("/")
                message.add_attachment(
                    item.data, maintype=kind, subtype=sub, filename=item.filename
                )
            address = ", ".join(recipients(message)) if letter.together else recipient(message)
        except (ValueError, IndexError, HeaderParseError):  # one address, not the whole wave
            unwritable.append(letter.name)
            continue
        found.append(Outgoing(letter.contact_id, letter.name, address, message))
    if unwritable:
        advice = "not sent (pln edit REF --email … corrects it); their follow-ups stay open"
        warn("cannot write the address of ", listed(unwritable), " in a mail header: ", advice)
    return found, missing


def exclusive(send: bool, eml: "Path | None", others: "Mapping[str, bool]") -> bool:
    """Whether the messages are to be sent or written as `.eml` drafts; an
    error if another way of drafting or recording (the options `others`
    names, those given being true) was asked for as well."""
    if send and eml is not None:
        raise Refused("--send sends the messages, --eml writes them: choose one")
    given = [option for option, on in others.items() if on]
    if (send or eml is not None) and given:
        with_ = ", ".join(given)
        raise Refused(
            f"--send and --eml make one message each, recorded once sent: not with {with_}"
        )
    return send or eml is not None


def hold_sending(ctx: typer.Context, send: bool) -> None:
    """With --send: for the rest of the command, no other `pln` sends mail for
    this store (two at once, a cron job beside a hand, would each choose the
    same people before either recorded a message). Taken before the command
    chooses whom to write to, so the second one after it chooses afresh."""
    if not send:
        return
    from plncrm.cli.root import get_env
    from plncrm.mail.inbox_state import lock_for
    from plncrm.util.files import exclusive

    busy = "another pln is sending mail for this store: run this again once it is done"
    ctx.with_resource(exclusive(lock_for(get_env(ctx).url, "send"), busy))


def deliver(
    env: "Environment", letters: Sequence[Letter], plan: Plan, *, yes: bool, eml: "Path | None"
) -> None:
    """The letters written as `.eml` drafts in `eml` (nothing recorded: how to
    record them once sent is said), or sent, each recorded as it is accepted."""
    from plncrm.render import say

    outgoing, missing = addressed(env, letters)
    if eml is not None:
        write_eml(eml, outgoing)
        warn_unreached(missing, plan.unreached)
        if outgoing:
            say("Once they are sent: ", plan.by_hand(outgoing))
        return
    if not outgoing:
        warn_unreached(missing, plan.unreached)
        raise Refused(plan.nobody)
    outcome = send(env, outgoing, yes=yes, record=plan.record)
    warn_unreached(missing, plan.unreached)
    report(outcome, plan.again, plan.left)


def warn_unreached(names: list[str], advice: str) -> None:
    """Name those an email cannot reach (no address): what a command drafted or
    recorded for them did not close anything."""
    from plncrm.render import warn
    from plncrm.render.names import listed

    if names:
        warn("no email address for ", listed(names), ": ", advice)


def drafts_folder(folder: Path) -> None:
    """Make `folder` for drafts (private if new), or say why it cannot be."""
    from plncrm.util.errors import FileError
    from plncrm.util.files import make_private_folder, reason

    try:
        make_private_folder(folder)
        if not folder.is_dir():
            raise NotADirectoryError(20, "not a folder")
    except OSError as exc:
        raise FileError(f"cannot write the drafts in {folder}: {reason(exc)}") from None


def write_eml(folder: Path, outgoing: "Sequence[Outgoing]") -> None:
    """One `.eml` draft per message in `folder` (made private if new), each a
    new private file: a link or a FIFO planted under a draft's name is
    replaced, never written through or waited on."""
    from plncrm.mail.messages import eml
    from plncrm.render import say
    from plncrm.util.errors import FileError
    from plncrm.util.files import reason, write_private
    from plncrm.util.text import slug

    drafts_folder(folder)
    for number, item in enumerate(outgoing, start=1):
        path = folder / f"{number:03d}-{slug(item.name) or 'contact'}.eml"
        try:
            write_private(path, eml(item.message))
        except OSError as exc:
            raise FileError(f"cannot write {path}: {reason(exc)}") from None
    say(f"{len(outgoing)} .eml draft(s) written to ", str(folder), " (not sent: open and send)")


def send(
    env: "Environment",
    outgoing: "Sequence[Outgoing]",
    *,
    yes: bool,
    record: "Callable[[Db, Outgoing], None]",
) -> "Outcome":
    """Send each message, after asking on a terminal (off one, `--yes` must
    say so), recording each in the store as soon as the server accepted it;
    every record is one step for `pln undo`."""
    from plncrm.mail import smtp
    from plncrm.reads import settings
    from plncrm.render import say
    from plncrm.util.mail_account import parse_smtp, password

    with env.reading() as reader:
        url, command = (
            settings.value(reader, "mail.smtp"),
            settings.value(reader, "mail.password-command"),
        )
        sender, rate = settings.value(reader, "mail.from"), int(settings.value(reader, "mail.rate"))
    if not url:
        raise Refused("set your SMTP server first: pln config mail.smtp smtps://USER@HOST:465")
    account = parse_smtp(url)
    if not yes:
        if not env.interactive:
            raise Refused("sending needs --yes when pln cannot ask (no terminal)")
        from plncrm.mail.messages import preview

        typer.echo(preview(outgoing[0].message))
        asked = f"Send {len(outgoing)} message(s) like this one through {account.shown()}?"
        if not typer.confirm(asked, default=False):
            raise typer.Exit(1)
    secret = password(command, account)

    def recorded(item: "Outgoing") -> None:
        with env.writing(joined=True) as db:
            record(db, item)

    if len(outgoing) > 1 and rate:
        say(f"Sending {len(outgoing)} messages, at most {rate} a minute (mail.rate)…")
    return smtp.send_all(account, secret, sender, outgoing, rate=rate, on_sent=recorded)


def report(outcome: "Outcome", again: str, left: str = "nothing is recorded for them") -> None:
    """What went out and what did not; a DeliveryError (exit 10) if anything
    failed, saying what that `left` and how to send the rest (`again`)."""
    from plncrm.render import say
    from plncrm.render.names import everyone

    if outcome.sent:
        everyone(f"Sent {len(outcome.sent)}:", [i.name for i in outcome.sent])
    for item, why in outcome.refused:
        say("Refused by the server: ", item.name, f" <{item.address}> ({why})")
    for item, why in outcome.partly:
        say("Sent to ", item.name, ", but the server refused ", why)
    if outcome.unsent:
        everyone(f"Not sent ({len(outcome.unsent)}):", [i.name for i in outcome.unsent])
    if outcome.uncertain is not None:
        item = outcome.uncertain
        say(
            item.name,
            f" <{item.address}> may have it all the same: the server took the "
            "message before the connection ended, so check your sent mail before sending again",
        )
    if outcome.refused or outcome.unsent:
        problem = f" ({outcome.problem})" if outcome.problem else ""
        failed = len(outcome.refused) + len(outcome.unsent)
        raise DeliveryError(
            f"{failed} message(s) not sent{problem}; {left}, and `{again}` sends only to them"
        )
    if outcome.partly:
        raise DeliveryError("an address was refused: write to it another way (recorded as sent)")
