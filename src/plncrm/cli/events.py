"""Events: `pln event …` and `pln events`."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.store.kinds import EVENT_KINDS, choices
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plncrm.cli.environment import Environment
    from plncrm.core.events import EventFields
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact

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
        starts_on=parse_date(on, today, prefer="nearest") if on is not None else None,
        ends_on=parse_date(until, today, prefer="nearest") if until is not None else None,
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


def my_name(source: "Reader") -> str:
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
    from plncrm.core import events
    from plncrm.render import print_json
    from plncrm.render.events import event_card

    env = get_env(ctx)
    with env.reading() as reader:
        view = events.card(reader, event)
    print_json(view) if json else event_card(view)
