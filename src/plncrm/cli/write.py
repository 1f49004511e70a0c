"""`pln write REF`: the message for one line of the agenda, printed, sent
through `mail.smtp` (`--send`) or written as an `.eml` draft (`--eml DIR`).

A keep-in-touch line ("k12", or a contact named) gets a check-in; a follow-up
(its id, as `pln due` shows it) a note about it to its contact. A message sent
is logged as an email with its Message-ID, which resets the keep-in-touch
cadence as `pln log --kind email` does; a follow-up stays open unless
`--done`. The same message is not sent twice on one day."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.mailing import (
    EmlOpt,
    Letter,
    Plan,
    SendOpt,
    YesOpt,
    deliver,
    exclusive,
    hold_sending,
)
from plncrm.cli.root import app, get_env
from plncrm.util import shell
from plncrm.util.errors import Conflict, Invalid

if TYPE_CHECKING:
    from datetime import date

    from plncrm.cli.environment import Environment
    from plncrm.mail.messages import Outgoing
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, FollowUp


@app.command("write")
def write(
    ctx: typer.Context,
    ref: Annotated[
        str,
        typer.Argument(
            metavar="REF",
            help="An agenda line as pln due shows it (k12: keep in touch; 12: a follow-up), "
            "or a contact.",
        ),
    ],
    done: Annotated[
        bool, typer.Option("--done", help="A follow-up: mark it done once the message is sent.")
    ] = False,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
) -> None:
    """Write the message for an agenda line: a keep-in-touch check-in, or a note
    about an open follow-up (--send: through mail.smtp, logged as an email)."""
    from plncrm.core import drafts, templates, views
    from plncrm.reads import settings
    from plncrm.render.draft_notes import warn_unsigned

    env = get_env(ctx)
    hold_sending(ctx, send)
    with env.reading() as reader:
        contact, task = _target(reader, ref)
        [person] = views.contact_views(reader, [contact])
        me, mine = settings.load(reader).my_name, templates.stored(reader)
        draft = (
            drafts.task_follow_up(person, task.title, me, template=mine.get("follow-up"))
            if task
            else drafts.keep_in_touch(person, me, template=mine.get("keep-in-touch"))
        )
        sent = _sent_today(reader, contact, draft.subject, env.today())
    if done and task is None:
        raise Invalid("--done marks a follow-up done: name one by its id (pln due shows it)")
    if not exclusive(send, eml, {}):
        if done:
            raise Invalid("--done goes with --send: it marks the follow-up done once sent")
        if not person["email"]:
            _warn_no_address(contact.name)
        warn_unsigned(me)
        typer.echo(draft.text())
        return
    if sent and send:
        raise Conflict(
            f"{contact.name} was sent “{draft.subject}” today already: not sent again "
            "(--eml writes it as a draft to send by hand)"
        )
    letter = Letter(contact.id or 0, contact.name, person["email"], draft)
    _mail(env, ref, letter, task, done=done, yes=yes, eml=eml)


def _target(reader: "Reader", ref: str) -> "tuple[Contact, FollowUp | None]":
    """Whom to write to, and the open follow-up to write about (if any)."""
    from plncrm.core import contacts, followups, refs, snoozes
    from plncrm.store.kinds import FOLLOW_UP_OPEN
    from plncrm.util.bounds import parse_id
    from plncrm.util.errors import NotFound

    handle = snoozes.parse(ref)
    if handle is not None and handle[0] != snoozes.KEEP_IN_TOUCH:
        raise Invalid(_elsewhere(ref.strip(), *handle))
    task, number = None, handle[1] if handle else None
    if handle is None and (task_id := parse_id(ref)) is not None:
        task = followups.get(reader, task_id)
        if task.status not in FOLLOW_UP_OPEN:
            raise Conflict(f"follow-up {task_id} is {task.status}: there is nothing to write about")
        if task.contact_id is None:
            raise Invalid(f"follow-up {task_id} is about nobody: there is nobody to write to")
        number = task.contact_id
    if number is None:
        return refs.resolve(reader, ref), None
    found = contacts.get_many(reader, [number]).get(number)
    if found is None:
        raise NotFound(f"no contact with id {number}")
    return found, task


def _elsewhere(ref: str, letter: str, number: int, side: str) -> str:
    """Which command writes the messages of an agenda line that is not one person's."""
    from plncrm.core import snoozes

    if letter == snoozes.INTRO:
        step = f"ask {number} {side}" if side else f"ask {number} a|b, or introduce {number}"
        return f"{ref} is introduction {number}'s step: pln intros {step} --send writes it"
    if letter == snoozes.MET:
        return f"{ref} is everyone met at event {number}: pln event follow-up {number} --send"
    return f"{ref} is event {number}'s step: pln event invite, remind or thank {number} --send"


def _sent_today(reader: "Reader", contact: "Contact", subject: str, today: "date") -> bool:
    """Whether this message already went to them today (logged as sent by pln)."""
    from plncrm.reads.timeline import timeline

    return any(
        e.happened_on == today and e.kind == "email" and e.note == subject and e.role == "with"
        for e in timeline(reader, contact.id or 0, limit=20)
    )


def _warn_no_address(name: str) -> None:
    from plncrm.render import warn

    warn("no email address for ", name, ": this draft is addressed to a name only")


def _mail(
    env: "Environment",
    ref: str,
    letter: Letter,
    task: "FollowUp | None",
    *,
    done: bool,
    yes: bool,
    eml: Path | None,
) -> None:
    """The message sent (or written), logged as an email once accepted, and
    the follow-up done with it when `--done` says so."""
    from plncrm.core import contacts, followups, interactions

    subject = letter.draft.subject

    def record(db: "Db", item: "Outgoing") -> None:
        person = contacts.get_many(db, [item.contact_id])[item.contact_id]
        on = env.today()
        interactions.log(
            db, [person], kind="email", on=on, note=subject, message_id=item.message_id
        )
        if done and task is not None:
            interactions.complete_follow_up(
                db, followups.get(db, task.id or 0, for_update=True), on
            )

    logged = shell.command("pln", "log", str(letter.contact_id), "--kind", "email", "-m", subject)
    closed = f"; {shell.command('pln', 'done', str(task.id))}" if done and task else ""
    plan = Plan(
        record,
        shell.command("pln", "write", ref, *(["--done"] if done else []), "--send"),
        lambda _: logged + closed,
        "write to them another way, then log it: pln log REF --kind email",
        f"{letter.name} has no email address",
    )
    deliver(env, [letter], plan, yes=yes, eml=eml)
