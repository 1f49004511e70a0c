"""`pln event ics` and `pln event remind`: an event in people's calendars, and
the reminder the day before to those who said yes."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.events import EventArg, OnOpt, PeopleArg, event_app, people_of
from plncrm.cli.mailing import EmlOpt, SendOpt, YesOpt, exclusive, hold_sending
from plncrm.cli.root import JsonOpt, get_env

if TYPE_CHECKING:
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event


@event_app.command("ics")
def ics(
    ctx: typer.Context,
    event: EventArg,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write to this file (default: standard output)."),
    ] = None,
) -> None:
    """The event as a calendar invitation (.ics), to attach to invitations and reminders."""
    from plncrm.core import events
    from plncrm.render import say
    from plncrm.util.files import write_file

    with get_env(ctx).reading() as reader:
        record = events.resolve(reader, event)
        data = invitation(reader, record)
    write_file(output, [data])
    if output is not None:
        say("Wrote the calendar invitation for ", record.name, f" to {output}")


def invitation(reader: "Reader", record: "Event") -> bytes:
    """The event as an .ics invitation (an event with no day yet has none)."""
    from plncrm.calendars import ics as calendar_text
    from plncrm.calendars.event_entries import event_item
    from plncrm.reads import settings
    from plncrm.util import clock
    from plncrm.util.errors import Invalid

    if record.starts_on is None:
        raise Invalid(f"{record.name} has no date yet: pln event edit {record.id} --on DATE")
    me = settings.load(reader).my_name
    item = event_item(
        str(record.uid or record.id),
        record.name,
        record.starts_on,
        record.ends_on,
        record.starts_at,
        record.ends_at,
        record.tz,
        record.where,
        f"Hosted by {me}" if me else "",
    )
    return calendar_text.invitation(item, clock.now())


@event_app.command("remind")
def remind(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Record the reminders and print one per person.")
    ] = False,
    bcc: Annotated[
        bool, typer.Option("--bcc", help="Print one reminder, everyone in BCC.")
    ] = False,
    on: OnOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    json: JsonOpt = False,
) -> None:
    """Remind those who said yes (all not yet reminded, unless you name some), the day
    before; --send: email each their reminder, the .ics attached, through mail.smtp."""
    from plncrm.core import drafts, events, invitations, templates, views
    from plncrm.reads import settings
    from plncrm.render import print_json, say
    from plncrm.render.draft_notes import warn_unsigned
    from plncrm.render.names import everyone
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        guests = [c for _, c in invitations.guests(source, record)]
        return (
            people_of(source, people, guests) if people else invitations.to_remind(source, record)
        )

    given = {"--draft": draft, "--bcc": bcc, "--on": on is not None, "--json": json}
    if exclusive(send, eml, given):
        from plncrm.cli import event_mail

        step = event_mail.step("remind")
        event_mail.send(env, step, event, choose, people or [], yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen = choose(db, record)
        reminded = invitations.remind(db, record, chosen, day)
        event_view = views.event_view(record)
        people_views = views.contact_views(db, reminded)
        me, mine = settings.load(db).my_name, templates.stored(db).get("reminder")
    if json:
        print_json({"event": event_view, "reminded": [views.ref(c) for c in reminded]})
        return
    if reminded:
        attach = f"(attach: pln event ics {record.id} -o invite.ics)"
        who = [c.name for c in reminded]
        everyone(f"Reminded {len(reminded)} about {record.name}:", who, attach)
    else:
        say("Reminded 0 about ", record.name, ": nobody left to remind")
    warn_unsigned(me, (bcc or draft) and people_views)
    if bcc and people_views:
        typer.echo(drafts.reminder_bcc(people_views, event_view, me, template=mine).text())
    elif draft:
        for person in people_views:
            typer.echo(drafts.reminder(person, event_view, me, template=mine).text())
