"""Events: `pln event …` and `pln events`."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.mailing import EmlOpt, SendOpt, YesOpt, exclusive, hold_sending, warn_unreached
from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.store.kinds import EVENT_KINDS, choices
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plncrm.cli.environment import Environment
    from plncrm.core.events import EventFields
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event

event_app = typer.Typer(
    help="Record events, invite people, track answers and attendance.", no_args_is_help=True
)
app.add_typer(event_app, name="event")


if TYPE_CHECKING:  # a class to type-checkers; at run time built from the one tuple
    Kind = Enum
else:
    Kind = choices("EventKind", EVENT_KINDS)


EventArg = Annotated[str, typer.Argument(metavar="EVENT", help="Event id or name.")]
PeopleArg = Annotated[
    list[str] | None, typer.Argument(metavar="REF...", help="Contacts: ids, emails or names.")
]
OnOpt = Annotated[str | None, typer.Option("--on", help="When it happened (default: today).")]
UntilOpt = Annotated[
    str | None, typer.Option("--until", help="Last day, for events over several days.")
]
WhereOpt = Annotated[str | None, typer.Option("--where", help="Place or URL.")]
KindOpt = Annotated[Kind | None, typer.Option("--kind", help="What sort of event.")]
AtOpt = Annotated[str | None, typer.Option("--at", help="Start time, e.g. 16:00 or 4pm.")]
EndOpt = Annotated[str | None, typer.Option("--end", help="End time, e.g. 17:00.")]
TzOpt = Annotated[
    str | None,
    typer.Option("--tz", help="Time zone, e.g. America/Chicago (default: this machine's)."),
]


def _fields(
    env: "Environment",
    name: str | None,
    on: str | None,
    until: str | None,
    where: str | None,
    kind: Kind | None,
    hosted: bool | None,
    times: tuple[str | None, str | None, str | None],
) -> "EventFields":
    from plncrm.core.events import EventFields
    from plncrm.util.dates import parse_date

    today = env.today()
    return EventFields(
        name=name,
        starts_on=parse_date(on, today, prefer="nearest") if on else None,
        ends_on=parse_date(until, today, prefer="nearest") if until else None,
        where=where,
        kind=kind.value if kind else None,
        hosted=hosted,
        starts_at=times[0],
        ends_at=times[1],
        tz=times[2],
    )


def people_of(
    source: "Reader", refs_: list[str] | None, among: "Sequence[Contact]" = ()
) -> "list[Contact]":
    """The contacts named, a name part looked for first `among` (an event's guests)."""
    from plncrm.core import refs

    return [refs.resolve_among(source, r, among) for r in refs_ or []]


def _me(source: "Reader") -> str:
    from plncrm.reads import settings

    return settings.load(source).my_name


@event_app.command("add")
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Event name, e.g. 'ISTE 2026'.")],
    on: Annotated[str, typer.Option("--on", help="First day.")],
    until: UntilOpt = None,
    where: WhereOpt = None,
    kind: KindOpt = None,
    hosted: Annotated[
        bool, typer.Option("--hosted", help="You run it (invitations, thank-yous).")
    ] = False,
    at: AtOpt = None,
    end: EndOpt = None,
    tz: TzOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record an event: a conference, webinar, chat, PD session or meetup."""
    from plncrm.core import events, views
    from plncrm.render import print_json, say
    from plncrm.util.times import when

    env = get_env(ctx)
    fields = _fields(env, name, on, until, where, kind, hosted, (at, end, tz))
    with env.writing() as db:
        view = views.event_view(events.add(db, fields))
    print_json(view) if json else say(
        f"Event #{view['id']}: ",
        view["name"],
        " on ",
        when(view["starts_on"], view["ends_on"], view["starts_at"], view["ends_at"], view["tz"]),
    )


@event_app.command("edit")
def edit(
    ctx: typer.Context,
    event: EventArg,
    name: Annotated[str | None, typer.Option("--name", help="New name.")] = None,
    on: Annotated[str | None, typer.Option("--on", help="First day.")] = None,
    until: UntilOpt = None,
    where: WhereOpt = None,
    kind: KindOpt = None,
    hosted: Annotated[
        bool | None, typer.Option("--hosted/--not-hosted", help="Whether you run it.")
    ] = None,
    at: AtOpt = None,
    end: EndOpt = None,
    tz: TzOpt = None,
    json: JsonOpt = False,
) -> None:
    """Change an event (for example one created by add-contact --met-at); '' clears a time."""
    from plncrm.core import events, views
    from plncrm.render import print_json, say

    env = get_env(ctx)
    fields = _fields(env, name, on, until, where, kind, hosted, (at, end, tz))
    with env.writing() as db:
        record = events.resolve(db, event)
        moved = events.edit(db, record, fields)
        view = views.event_view(record)
    if json:
        print_json({**view, "meetings_moved": moved})
        return
    say(f"Updated event #{view['id']}: ", view["name"])
    if moved:
        say(
            f"  and the meeting date of {moved} contact{'s' if moved != 1 else ''} met there, "
            f"to {view['starts_on']}"
        )


@app.command("events")
def list_events(
    ctx: typer.Context,
    upcoming: Annotated[bool, typer.Option("--upcoming", help="Only events not yet over.")] = False,
    past: Annotated[bool, typer.Option("--past", help="Only events that are over.")] = False,
    json: JsonOpt = False,
) -> None:
    """List events with how many people you met, invited, and saw there."""
    from plncrm.core import views
    from plncrm.reads import events
    from plncrm.render import print_json
    from plncrm.render.events import events_table

    if upcoming and past:
        raise Invalid("choose --upcoming or --past, not both")
    env = get_env(ctx)
    with env.reading() as reader:
        when = "upcoming" if upcoming else "past" if past else None
        found = events.list_events(reader, env.today(), when)
        stats = events.counts(reader, [e.id or 0 for e in found])
        data = [views.event_view(e, stats[e.id or 0]) for e in found]
    print_json(data) if json else events_table(data, env.today())


@event_app.command("show")
def show(ctx: typer.Context, event: EventArg, json: JsonOpt = False) -> None:
    """Who you met at an event, who is invited, who came, and what is still open from it."""
    from plncrm.core import contacts, events, invitations, views
    from plncrm.render import print_json
    from plncrm.render.events import event_card

    env = get_env(ctx)
    with env.reading() as reader:
        record = events.resolve(reader, event)
        view = views.event_view(record, events.counts(reader, [record.id or 0])[record.id or 0])
        met = events.met_there(reader, record)
        view["met"] = [{"id": c.id, "name": c.name, "met_on": views.iso(day)} for c, day in met]
        view["guests"] = [views.guest_view(g, c) for g, c in invitations.guests(reader, record)]
        tasks = events.open_follow_ups(reader, record)
        people = contacts.get_many(reader, (t.contact_id for t in tasks if t.contact_id))
        view["follow_ups"] = [views.follow_up_view(t, people.get(t.contact_id or 0)) for t in tasks]
    print_json(view) if json else event_card(view)


@event_app.command("invite")
def invite(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    met_at: Annotated[
        str | None, typer.Option("--met-at", help="Everyone met at this other event.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Everyone with this tag.")
    ] = None,
    community: Annotated[
        str | None, typer.Option("--community", help="Every member of this community.")
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Record the invitations and print one per person.")
    ] = False,
    bcc: Annotated[
        bool, typer.Option("--bcc", help="Print one invitation with everyone in BCC.")
    ] = False,
    on: OnOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    json: JsonOpt = False,
) -> None:
    """Invite people to an event you host: by name, by where you met them, by tag or
    community (--send: one invitation each through mail.smtp, recorded once sent)."""
    from plncrm.core import communities, contacts, drafts, events, invitations, templates, views
    from plncrm.reads.lists import ContactFilter, list_contacts
    from plncrm.render import print_json, say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)
    if not (people or met_at or tag or community):
        raise Invalid("say whom to invite: REF..., --met-at EVENT, --tag TAG or --community NAME")

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        chosen = people_of(source, people)
        wanted = []
        if met_at:
            wanted.append(ContactFilter(met_event_id=events.resolve(source, met_at).id))
        if tag:
            wanted.append(ContactFilter(tags=tag))
        if community:
            wanted.append(ContactFilter(community_id=communities.resolve(source, community).id))
        for where in wanted:
            found = list_contacts(source, where)
            stored = contacts.get_many(source, (c.id for c in found))
            chosen += [stored[c.id or 0] for c in found]
        return chosen

    given = {"--draft": draft, "--bcc": bcc, "--on": on is not None, "--json": json}
    if exclusive(send, eml, given):
        from plncrm.cli import event_mail

        again = [*(people or []), *_options(met_at=met_at, tag=tag, community=community)]
        step = event_mail.step("invite")
        event_mail.send(env, step, event, choose, again, yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen = choose(db, record)
        invited = invitations.invite(db, record, chosen, day)
        event_view = views.event_view(record)
        people_views = views.contact_views(db, invited)
        me, mine = _me(db), templates.stored(db).get("invitation")
    if json:
        print_json({"event": event_view, "invited": [views.ref(c) for c in invited]})
        return
    skipped = len({c.id for c in chosen}) - len(invited)
    say(
        f"Invited {len(invited)} to ",
        record.name,
        f" ({skipped} already invited)" if skipped else "",
    )
    if bcc and people_views:
        typer.echo(drafts.invitation_bcc(people_views, event_view, me, template=mine).text())
    elif draft:
        for person in people_views:
            typer.echo(drafts.invitation(person, event_view, me, template=mine).text())
    warn_unreached(
        [p["name"] for p in people_views if not p["email"]],
        "invite them another way; their follow-ups, if any, stay open until you reach them",
    )


@event_app.command("rsvp")
def rsvp(
    ctx: typer.Context,
    event: EventArg,
    person: Annotated[str, typer.Argument(metavar="REF", help="Who answered.")],
    answer: Annotated[str, typer.Argument(metavar="yes|no|maybe", help="Their answer.")],
    on: OnOpt = None,
) -> None:
    """Record someone's answer to an invitation."""
    from plncrm.core import events, invitations, refs
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past") if on else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        guests = [c for _, c in invitations.guests(db, record)]
        contact = refs.resolve_among(db, person, guests)
        invitations.rsvp(db, record, contact, answer, day)
    say(contact.name, f" answered {answer.lower()} to ", record.name)


@event_app.command("attended")
def attended(
    ctx: typer.Context, event: EventArg, people: PeopleArg = None, on: OnOpt = None
) -> None:
    """Record who came (logged on their timelines on the event's day)."""
    from plncrm.core import events, invitations
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    with env.writing() as db:
        record = events.resolve(db, event)
        default = (
            record.starts_on
            if record.starts_on and record.starts_on <= env.today()
            else env.today()
        )
        day = parse_date(on, env.today(), prefer="past") if on else default
        guests = [c for _, c in invitations.guests(db, record)]
        marked = invitations.attended(db, record, people_of(db, people, guests), day)
    say(f"{len(marked)} marked as having attended ", record.name)


@event_app.command("thank")
def thank(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Record the thank-yous and print one per person.")
    ] = False,
    on: OnOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    no_shows: Annotated[
        bool, typer.Option("--no-shows", help="Those who said yes and did not come instead.")
    ] = False,
    recording: Annotated[
        str | None,
        typer.Option("--recording", metavar="URL", help="The recording's link, for --no-shows."),
    ] = None,
) -> None:
    """Record thank-yous to attendees (all not yet thanked, unless you name some);
    --no-shows --recording URL: the recording to those who said yes and did not
    come; --send: email each theirs through mail.smtp, recorded once sent."""
    from plncrm.core import drafts, events, invitations, templates, views
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)
    if no_shows or recording is not None:
        if not no_shows:
            raise Invalid("--recording goes with --no-shows (the recording, to who did not come)")
        from plncrm.cli.event_after import thank_no_shows

        thank_no_shows(
            env, event, people, recording, draft=draft, on=on, send=send, yes=yes, eml=eml
        )
        return

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        guests = invitations.guests(source, record)
        return people_of(source, people, [c for _, c in guests]) or [
            c for g, c in guests if g.attended and g.thanked_on is None
        ]

    if exclusive(send, eml, {"--draft": draft, "--on": on is not None}):
        from plncrm.cli import event_mail

        step = event_mail.step("thank")
        event_mail.send(env, step, event, choose, people or [], yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen = choose(db, record)
        thanked = invitations.thank(db, record, chosen, day)
        event_view, people_views, me = (
            views.event_view(record),
            views.contact_views(db, thanked),
            _me(db),
        )
        mine = templates.stored(db).get("thanks")
    say(f"Thanked {len(thanked)} for coming to ", record.name)
    if draft:
        for person in people_views:
            typer.echo(drafts.thanks(person, event_view, me, template=mine).text())


def _options(**given: str | list[str] | None) -> list[str]:
    """The options given, as typed again on a command line (`--tag` repeated)."""
    typed: list[str] = []
    for name, value in given.items():
        for one in [value] if isinstance(value, str) else value or []:
            typed += [f"--{name.replace('_', '-')}", one]
    return typed
