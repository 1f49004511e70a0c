"""`pln give RESOURCE REF…`: a free resource given, logged as "gave" with each
person (the resource named, so that `pln resource show` finds what followed),
and the message with its link drafted, sent (`--send`, each logged once the
server accepted it) or written as `.eml` drafts (`--eml DIR`)."""

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
    warn_unreached,
)
from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util import shell
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.mail.messages import Outgoing
    from plncrm.store.db import Db


@app.command("give")
def give(
    ctx: typer.Context,
    resource: Annotated[
        str, typer.Argument(metavar="RESOURCE", help="The resource: its name (any case) or id.")
    ],
    refs_: Annotated[
        list[str] | None,
        typer.Argument(metavar="REF...", help="Whom to give it to: ids, emails or names."),
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="When it was given (default: today).")
    ] = None,
    message: Annotated[
        str | None, typer.Option("--message", "-m", help="A line for the message and the log.")
    ] = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    json: JsonOpt = False,
) -> None:
    """Give a free resource: logged as "gave" with each person, and the message
    with its link drafted (--send: one each through mail.smtp, logged once sent)."""
    from plncrm.core import drafts, refs, resources, templates, views
    from plncrm.reads import settings
    from plncrm.render import print_json, warn
    from plncrm.render.draft_notes import warn_unsigned
    from plncrm.render.resources import gave
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)
    if not refs_:
        raise Invalid("say whom to give it to: pln give RESOURCE REF...")
    if message and len(message) > resources.MAX_NOTE_CHARS:  # before any message is drafted
        raise Invalid(f"-m is at most {resources.MAX_NOTE_CHARS} characters")
    if exclusive(send, eml, {"--on": on is not None, "--json": json}):
        _mail(env, resource, refs_, message, yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    if day > env.today():
        raise Invalid(f"{day.isoformat()} has not happened yet: a gift is logged once given")
    with env.writing() as db:
        found = resources.find(db, resource)
        named = list({c.id: c for c in (refs.resolve(db, r) for r in refs_)}.values())
        already = resources.given_on(db, found, [c.id or 0 for c in named], day)
        people = [c for c in named if c.id not in already]
        ids = (
            resources.give(db, found, [c.id or 0 for c in people], day, note=message)
            if people
            else []
        )
        shown = views.contact_views(db, people)
        me, mine = settings.load(db).my_name, templates.stored(db).get("gift")
        view = resources.view(found)
    if json:
        gifts = {
            "gave": [views.ref(c) for c in people],
            "already": [views.ref(c) for c in named if c.id in already],
        }
        print_json({"resource": view, **gifts, "interactions": ids})
        return
    again = [views.ref(c) for c in named if c.id in already]
    if again:  # once a day each: the report counts gifts
        said = ", ".join(f"{p['name']} (#{p['id']})" for p in again)
        warn(f"Already given {found.name!r} on {day.isoformat()} to ", said, ": not logged again")
    if people:
        gave(found.name, [views.ref(c) for c in people], day)
    warn_unsigned(me, shown)
    for person in shown:
        typer.echo(drafts.gift(person, view, me, note=message or "", template=mine).text())
    warn_unreached(
        [p["name"] for p in shown if not p["email"]], "give it to them another way (logged)"
    )


def _mail(
    env: "Environment",
    resource: str,
    named: list[str],
    message: str | None,
    *,
    yes: bool,
    eml: Path | None,
) -> None:
    """One message each to those not sent this resource before (a re-run after
    a failure reaches only the rest), each logged as given once accepted."""
    from plncrm.core import drafts, gifts, refs, resources, templates, views
    from plncrm.reads import settings
    from plncrm.render import say

    with env.reading() as reader:
        found = resources.find(reader, resource)
        people = list({c.id: c for c in (refs.resolve(reader, r) for r in named)}.values())
        sent = gifts.sent_to(reader, found)
        fresh = [c for c in people if c.id not in sent]
        shown = views.contact_views(reader, fresh)
        me, mine = settings.load(reader).my_name, templates.stored(reader).get("gift")
        view = resources.view(found)
    if len(fresh) < len(people):
        say(f"{len(people) - len(fresh)} already sent {found.name}: not sent again")
    if not fresh:
        return
    letters = [
        Letter(
            p["id"] or 0,
            p["name"],
            p["email"],
            drafts.gift(p, view, me, note=message or "", template=mine),
        )
        for p in shown
    ]

    def record(db: "Db", item: "Outgoing") -> None:
        again = resources.find(db, str(found.id))
        resources.give(
            db, again, [item.contact_id], env.today(), note=message, message_id=item.message_id
        )

    note = ["-m", message] if message else []
    command = ("pln", "give", found.name)
    plan = Plan(
        record,
        shell.command(*command, *named, *note, "--send"),
        lambda out: shell.command(*command, *(str(i.contact_id) for i in out), *note),
        f"give it to them another way, then log it: {shell.command(*command, 'REF')}",
        f"nobody to give {found.name} to has an email address",
        "it is not logged as given to them",
    )
    deliver(env, letters, plan, yes=yes, eml=eml)
