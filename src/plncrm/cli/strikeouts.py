"""`pln event follow-up`: everyone met at an event who is still waiting for a
first follow-up, drafted for in one go, and closed once the messages went out."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.events import EventArg, PeopleArg, event_app, people_of
from plncrm.cli.mailing import EmlOpt, SendOpt, YesOpt, exclusive, hold_sending, warn_unreached
from plncrm.cli.root import JsonOpt, get_env
from plncrm.util import shell
from plncrm.util.errors import Refused

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plncrm.cli.environment import Environment
    from plncrm.core.drafts import Draft
    from plncrm.core.view_shapes import ContactView
    from plncrm.mail.messages import Outgoing
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact

STAY_OPEN = "their follow-ups stay open (pln log REF --kind call, or meeting, once you reach them)"


@event_app.command("follow-up")
def follow_up(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    draft: Annotated[bool, typer.Option("--draft", help="Print one message per person.")] = False,
    bcc: Annotated[bool, typer.Option("--bcc", help="Print one message to all, in BCC.")] = False,
    draft_to: Annotated[
        Path | None,
        typer.Option(
            "--draft-to", metavar="DIR", help="Write the messages as files in DIR.", file_okay=False
        ),
    ] = None,
    sent: Annotated[
        bool,
        typer.Option("--sent", help="They went out: log an email with each, closing the guards."),
    ] = False,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    json: JsonOpt = False,
) -> None:
    """Follow up everyone met at an event who is still waiting (or those named):
    print, write, or send one message each (--send, through mail.smtp)."""
    from plncrm.core import drafts, events, interactions, strikeouts, templates, views
    from plncrm.reads import settings
    from plncrm.render import print_json, say
    from plncrm.render.draft_notes import no_booth_follow_up
    from plncrm.render.names import everyone

    env = get_env(ctx)
    hold_sending(ctx, send)
    with env.reading() as reader:
        record = events.resolve(reader, event)
        waiting = strikeouts.waiting(reader, record.id)
        all_waiting = _contacts(reader, [w.contact_id for w in waiting])
        contacts = people_of(reader, people, all_waiting) if people and all_waiting else all_waiting
        if send or eml is not None:  # never a second message to someone followed up already
            contacts = _still_waiting(contacts, all_waiting, record.name)
        views_of: list[ContactView] = views.contact_views(reader, contacts) if contacts else []
        me, mine = settings.load(reader).my_name, templates.stored(reader).get("met-follow-up")
    if not contacts:
        say(no_booth_follow_up(record.name))
        return
    drafted = draft or bcc or draft_to is not None
    given = {"--draft": draft, "--bcc": bcc, "--draft-to": draft_to is not None, "--sent": sent}
    if exclusive(send, eml, given):
        each = [drafts.met_follow_up(v, record.name, me, template=mine) for v in views_of]
        _mail(env, record.name, each, views_of, yes=yes, eml=eml)
        return
    _print(record.name, views_of, me, mine, bcc=bcc, draft=draft, draft_to=draft_to)
    if drafted and not sent:
        warn_unreached([v["name"] for v in views_of if not v["email"]], STAY_OPEN)
    if json and not sent:
        print_json([{"id": v["id"], "name": v["name"], "email": v["email"]} for v in views_of])
        return
    if not sent:
        who = [v["name"] for v in views_of]
        everyone(f"{len(views_of)} met at {record.name} still waiting:", who)
        if not (env.interactive and typer.confirm("Were the messages sent?", default=False)):
            named = [str(v["id"]) for v in views_of] if people else []  # only those drafted for
            say(
                "Once they are sent: ",
                shell.command("pln", "event", "follow-up", record.name, *named, "--sent"),
            )
            return
    addressed = {v["id"] for v in views_of if v["email"]}
    with env.writing() as db:
        fresh = {w.contact_id for w in strikeouts.waiting(db, record.id)}
        chosen = [c for c in _contacts(db, [v["id"] or 0 for v in views_of]) if c.id in fresh]
        if not chosen:
            raise Refused(f"nobody met at {record.name} is waiting any more")
        reached = [c for c in chosen if c.id in addressed]
        for contact in reached:
            note = f"Followed up after meeting at {record.name}"
            interactions.log(db, [contact], kind="email", on=env.today(), note=note)
    if reached:
        everyone(
            f"Followed up {len(reached)} met at {record.name}:",
            [c.name for c in reached],
            "(an email logged with each, their strike-out follow-ups closed)",
        )
    warn_unreached([c.name for c in chosen if c.id not in addressed], STAY_OPEN)


def _still_waiting(named: "list[Contact]", waiting: "list[Contact]", event: str) -> "list[Contact]":
    from plncrm.render import say

    ids = {c.id for c in waiting}
    for person in (c for c in named if c.id not in ids):
        say(person.name, f" is not waiting for a follow-up after {event}: not sent again")
    return [c for c in named if c.id in ids]


def _print(
    event: str,
    people: "list[ContactView]",
    me: str,
    template: str | None,
    *,
    bcc: bool,
    draft: bool,
    draft_to: Path | None,
) -> None:
    """The follow-ups printed (`--draft`), in one BCC message (`--bcc`), or
    written as text files (`--draft-to`)."""
    from plncrm.core import drafts
    from plncrm.render.draft_notes import warn_unsigned

    messages: list[Draft] = (
        [drafts.met_follow_up_bcc(people, event, me, template=template)]
        if bcc
        else [drafts.met_follow_up(v, event, me, template=template) for v in people]
    )
    if draft_to is not None:
        _write(draft_to, messages, [v["name"] for v in people], bcc)
    elif draft or bcc:
        warn_unsigned(me)
        for message in messages:
            typer.echo(message.text())


def _mail(
    env: "Environment",
    event: str,
    messages: "list[Draft]",
    people: "list[ContactView]",
    *,
    yes: bool,
    eml: Path | None,
) -> None:
    """Each person's follow-up as an `.eml` draft, or sent, an email logged
    with each as the server accepts it (closing their strike-out guard)."""
    from plncrm.cli import mailing
    from plncrm.core import interactions

    letters = [
        mailing.Letter(v["id"] or 0, v["name"], v["email"], m)
        for v, m in zip(people, messages, strict=True)
    ]
    note = f"Followed up after meeting at {event}"

    def record(db: "Db", item: "Outgoing") -> None:
        contact = _contacts(db, [item.contact_id])
        on = env.today()
        interactions.log(db, contact, kind="email", on=on, note=note, message_id=item.message_id)

    def by_hand(outgoing: "Sequence[Outgoing]") -> str:
        named = [str(i.contact_id) for i in outgoing]
        return shell.command("pln", "event", "follow-up", event, *named, "--sent")

    plan = mailing.Plan(
        record,
        shell.command("pln", "event", "follow-up", event, "--send"),
        by_hand,
        STAY_OPEN,
        f"nobody met at {event} who is waiting has an email address",
        "their follow-ups stay open",
    )
    mailing.deliver(env, letters, plan, yes=yes, eml=eml)


def _contacts(source: "Reader", ids: list[int]) -> "list[Contact]":
    from plncrm.core.contacts import get_many

    found = get_many(source, ids)
    return [found[i] for i in ids if i in found]


def _write(folder: Path, messages: "list[Draft]", names: list[str], bcc: bool) -> None:
    from plncrm.cli.mailing import drafts_folder
    from plncrm.render import say
    from plncrm.util.files import write_file
    from plncrm.util.text import slug

    drafts_folder(folder)
    labels = ["everyone"] if bcc else names
    for number, (message, label) in enumerate(zip(messages, labels, strict=True), start=1):
        write_file(folder / f"{number:03d}-{slug(label) or 'contact'}.txt", message.text().encode())
    say(f"{len(messages)} draft(s) written to ", str(folder))
