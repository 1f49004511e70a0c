"""`pln log` records a touchpoint with one or more people; `pln interaction`
corrects or removes one."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.store.kinds import ATTENDED, LOGGED_KINDS, choices
from plncrm.util.errors import Invalid, Refused

if TYPE_CHECKING:  # a class to type-checkers; at run time built from the one tuple
    from plncrm.store.db import Db
    from plncrm.store.schema import Contact, Interaction

    Kind = Enum
else:
    Kind = choices("InteractionKind", LOGGED_KINDS)


@app.command("log")
def log(
    ctx: typer.Context,
    refs_: Annotated[
        list[str] | None,
        typer.Argument(metavar="REF...", help="Contacts involved: ids, emails or names."),
    ] = None,
    message: Annotated[str | None, typer.Option("--message", "-m", help="What happened.")] = None,
    kind: Annotated[
        Kind | None,
        typer.Option(
            "--kind", "-k", help="What sort of touchpoint (default: note; chat with --community)."
        ),
    ] = None,
    on: Annotated[
        str, typer.Option("--on", help="When: a date, 'yesterday', 'last tuesday'.")
    ] = "today",
    at: Annotated[
        str | None,
        typer.Option(
            "--at",
            metavar="EVENT",
            help="Met there (kind 'event'): a strike-out follow-up for anyone not met before.",
        ),
    ] = None,
    community: Annotated[
        str | None,
        typer.Option(
            "--community",
            metavar="NAME",
            help="A community's chat: with the members named (REF or --with), or all of them.",
        ),
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", metavar="REF", help="A member who took part (repeatable)."),
    ] = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Log with every member without asking.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Record an interaction; it resets each contact's "last contacted"."""
    from plncrm.core import interactions, views
    from plncrm.render import print_json, say
    from plncrm.render.names import everyone
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    named = [*(refs_ or []), *(with_ or [])]
    if not named and not community:
        raise Invalid("say who: pln log REF... (or --community NAME for a community's chat)")
    kind_name = kind.value if kind else (ATTENDED if at else "chat" if community else "note")
    day = parse_date(on, env.today(), prefer="past")
    if day > env.today():
        raise Invalid(
            f"{day.isoformat()} has not happened yet: a timeline records what happened; "
            f'plan it with pln follow-up REF "…" --due {on!r}'
        )
    with env.writing() as db:
        people, group = _participants(db, named, community, yes=yes, interactive=env.interactive)
        event, armed = None, 0
        if at:  # events, their times and zones: loaded only for a meeting
            from plncrm.core import events

            event = events.resolve(db, at)
        note = message or (f"{group} chat" if group else None)
        interaction = interactions.log(
            db, people, kind=kind_name, note=note, on=day, event_id=event.id if event else None
        )
        if event is not None:
            from plncrm.core import strikeouts

            armed = strikeouts.met_at_event(db, people, event, day, env.today())
        data = views.logged_view(interaction, day, people, event)
    if json:
        print_json(data)
    else:
        everyone(f"Logged {kind_name} on {day.isoformat()} with", _names(people))
        if armed and event is not None:
            say(
                f"{armed} follow-up(s) so that nobody met at ", event.name, " strikes out (pln due)"
            )


def _names(people: "list[Contact]") -> list[str]:
    """The people's names, each once however many times they were named."""
    return [p.name for p in {p.id: p for p in people}.values()]


def _participants(
    db: "Db", named: list[str], community: str | None, *, yes: bool, interactive: bool
) -> "tuple[list[Contact], str | None]":
    """The people of a `log`: those named (looked for among the community's
    members first), or every member of the community once confirmed."""
    from plncrm.core import communities, refs

    if community is None:
        return [refs.resolve(db, r) for r in named], None
    group = communities.resolve(db, community)
    members = communities.members(db, group)
    if named:
        return [refs.resolve_among(db, r, members) for r in named], group.name
    if not members:
        raise Invalid(f"{group.name} has no members yet: pln community join {group.id} REF...")
    if not yes:
        if not interactive:
            raise Refused(
                f"not logging with all {len(members)} members of {group.name} without --yes "
                "(or name who took part: --with REF)"
            )
        if not typer.confirm(
            f"Log with all {len(members)} members of {group.name}?", default=False
        ):
            raise Refused("nothing logged")
    return members, group.name


interaction_app = typer.Typer(
    help="Correct a logged interaction (ids: pln show REF): edit or rm.", no_args_is_help=True
)
app.add_typer(interaction_app, name="interaction")
IdArg = Annotated[int, typer.Argument(metavar="ID", help="Interaction id (shown by pln show).")]


def _describe(interaction: "Interaction", people: "list[Contact]") -> str:
    note = f": {interaction.note}" if interaction.note else ""
    names = ", ".join(p.name for p in people)
    day = interaction.happened_on.isoformat()
    return f"#{interaction.id} {interaction.kind} on {day} with {names}{note}"


@interaction_app.command("edit")
def edit(
    ctx: typer.Context,
    interaction_id: IdArg,
    on: Annotated[str | None, typer.Option("--on", help="The day it really happened.")] = None,
    kind: Annotated[
        Kind | None, typer.Option("--kind", "-k", help="What sort of touchpoint.")
    ] = None,
    message: Annotated[
        str | None, typer.Option("--message", "-m", help="What happened ('' clears it).")
    ] = None,
    with_: Annotated[
        list[str] | None,
        typer.Option("--with", metavar="REF", help="Who it was with (repeatable; replaces them)."),
    ] = None,
    resource: Annotated[
        str | None,
        typer.Option(
            "--resource", metavar="NAME", help="What a gift ('gave') gave ('' clears it)."
        ),
    ] = None,
) -> None:
    """Correct an interaction's day, kind, note, people or the resource a gift gave."""
    from plncrm.core import interactions, refs, resources
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past") if on is not None else None
    with env.transaction(write=True) as session:
        record = interactions.get(session, interaction_id)
        people = [refs.resolve(session, r) for r in with_] if with_ else None
        new_kind = kind.value if kind else None
        gave = resources.find(session, resource) if resource and resource.strip() else None
        interactions.edit(
            session,
            record,
            env.today(),
            on=day,
            kind=new_kind,
            note=message,
            people=people,
            resource=gave,
            no_resource=resource is not None and gave is None,
        )
        said = _describe(record, interactions.people_in(session, record))
    say("Corrected ", said)


@interaction_app.command("rm")
def remove(
    ctx: typer.Context,
    interaction_id: IdArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Delete an interaction logged by mistake (or twice); an "Attended"
    line: they are no longer recorded as having come, in the guest list too."""
    from plncrm.core import attendance, interactions
    from plncrm.render import say
    from plncrm.render.names import everyone

    env = get_env(ctx)
    with env.transaction() as session:  # ask before taking the write lock
        record = interactions.get(session, interaction_id)
        said = _describe(record, interactions.people_in(session, record))
    if not yes:
        if not env.interactive:
            raise Refused(f"deleting {said}: add --yes to confirm")
        if not typer.confirm(f"Delete {said}?", default=False):
            raise Refused("nothing deleted")
    with env.transaction(write=True) as session:
        record = interactions.get(session, interaction_id)
        event, uncame = attendance.after_deleted(
            session, record, interactions.remove(session, record)
        )
    say("Deleted ", said)
    if event is not None and uncame:  # the guest list says what the timeline now does
        no_longer = f"No longer recorded as having attended {event.name}:"
        everyone(no_longer, [c.name for c in uncame])
