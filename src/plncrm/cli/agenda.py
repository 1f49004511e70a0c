"""`pln due`, the morning agenda, and `pln config`, the settings behind it."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.reads import settings
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.store.plain import Reader


@app.command("due")
def due(
    ctx: typer.Context,
    within: Annotated[
        int, typer.Option("--within", "-w", help="Also show what comes up in N days.")
    ] = 7,
    on: Annotated[
        str | None, typer.Option("--on", help="Show the agenda as of another day.")
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show at most N items (0: all).")
    ] = 40,
    everyone: Annotated[
        bool, typer.Option("--all", "-a", help="The whole team's follow-ups, not just mine.")
    ] = False,
    member: Annotated[
        str | None, typer.Option("--member", "-m", help="Only this member's follow-ups.")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Whom to follow up with today, and why: one screen, most urgent first.

    Shows my follow-ups and unassigned ones (with everything that is no one's
    task: keeping in touch, introductions, events); --all the whole team's."""
    from plncrm.agenda import gather as agenda
    from plncrm.agenda.handles import agenda_view
    from plncrm.render import agenda as draw
    from plncrm.render import print_json
    from plncrm.util.bounds import MAX_DAYS_AHEAD, MAX_LIMIT, check_count

    check_count(within, 0, MAX_DAYS_AHEAD, "--within")
    check_count(limit, 0, MAX_LIMIT, "--limit")
    env = get_env(ctx)
    today = env.today()
    if on is not None:  # the date phrases load only for --on: `pln due` runs every morning
        from plncrm.util.dates import parse_date

        today = parse_date(on, today)
    if everyone and member:
        raise Invalid("--all and --member cannot go together")
    scope = (
        None
        if everyone
        else agenda.Scope(member, shared=False)
        if member
        else agenda.Scope(env.user)
    )
    with env.reading() as reader:
        cap = None if limit == 0 else max(agenda.CAP, limit)
        items = agenda.build(reader, today, within=within, cap=cap, scope=scope)
        backlog, at_least = (
            agenda.backlog(reader, today, within, scope)
            if limit and len(items) > limit
            else (0, False)
        )
        others = (
            0
            if scope is None or member
            else agenda.assigned_to_others(reader, today, within, env.user)
        )
        offer = _claim_offer(reader, env.user) if others and not json else None
    shown = items if limit == 0 else items[:limit]
    data = [agenda_view(i) for i in shown]
    if json:
        print_json(data)
    else:
        draw.agenda(
            data,
            today,
            hidden=max(0, backlog - len(shown)) if backlog else max(0, len(items) - len(shown)),
            at_least=at_least,
            me=env.user,
            others=others,
        )
    if offer:
        from plncrm.render import team as drawn

        drawn.claim_offer(offer, env.user)


def _claim_offer(reader: "Reader", me: str) -> str | None:
    """The login name whose work a named member may mean to claim (see `reads.members`)."""
    from plncrm.cli.environment import login_name
    from plncrm.reads import members

    return members.claim_offer(reader, me, login_name())


team_app = typer.Typer(
    help="The team's members, with their open and overdue follow-ups; claim a login's work.",
    invoke_without_command=True,
)
app.add_typer(team_app, name="team")


@team_app.callback()
def team(ctx: typer.Context, json: JsonOpt = False) -> None:
    """The team's members, with their open and overdue follow-ups."""
    if ctx.invoked_subcommand is not None:
        return
    from plncrm.core import members
    from plncrm.render import agenda as draw
    from plncrm.render import print_json
    from plncrm.render import team as drawn

    env = get_env(ctx)
    with env.reading() as reader:
        data = [
            {"name": m.name or None, "open": m.open, "overdue": m.overdue}
            for m in members.team(reader, env.today())
        ]
        offer = None if json else _claim_offer(reader, env.user)
    if json:
        print_json(data)
        return
    draw.team(data)
    if offer:
        drawn.claim_offer(offer, env.user)


@team_app.command("claim")
def claim(
    ctx: typer.Context,
    old: Annotated[
        str,
        typer.Argument(
            metavar="OLD-NAME",
            help="The member whose work becomes yours (PLN_USER): often a login name, root.",
        ),
    ],
    json: JsonOpt = False,
) -> None:
    """Make OLD-NAME's work yours: the follow-ups assigned to them and everything
    they recorded ("met by" included), in one step that `pln undo` takes back.
    For a store one person began before the team named itself with PLN_USER."""
    from plncrm.core import members
    from plncrm.render import print_json
    from plncrm.render import team as drawn

    env = get_env(ctx)
    with env.writing() as db:
        moved = members.claim(db, old)
    if json:
        print_json(
            {
                "from": moved.old,
                "to": moved.new,
                "assigned": moved.assigned,
                "recorded": moved.recorded,
            }
        )
    else:
        drawn.claimed(moved.old, moved.new, moved.assigned, moved.recorded)


@app.command("config", epilog=settings.help_text())
def config(
    ctx: typer.Context,
    key: Annotated[
        str | None, typer.Argument(help="A setting (below); leave out to show them all.")
    ] = None,
    value: Annotated[str | None, typer.Argument(help="New value (leave out to show it).")] = None,
    unset: Annotated[bool, typer.Option("--unset", help="Go back to the default.")] = False,
    json: JsonOpt = False,
) -> None:
    """Show or change settings: each with its value and its default.
    Notification URLs are shown with their secrets masked."""
    from plncrm.core import cadences, preferences
    from plncrm.render import print_json, say
    from plncrm.store.plain import SessionReader

    env = get_env(ctx)
    with env.transaction(write=bool(value) or unset) as session:
        if key and unset:
            preferences.unset(session, key)
        elif key and value is not None:
            key, value = preferences.set_value(session, key, value)
        if key and key.startswith("cadence.") and (unset or value is not None):
            cadences.refresh(session)
        stored = settings.stored(SessionReader(session))
    current = {**settings.DEFAULTS, **stored}
    key = key.strip().lower() if key else None
    shown = {k: settings.shown(k, v) for k, v in current.items() if key in (None, k)}
    if json:
        print_json(shown)
    elif key is None:  # every setting, with its default
        for line in settings.listing(current, stored):
            say(line)
    else:  # one, as it is (for scripts: `pln config my-name`)
        for k, v in shown.items():
            say(f"{k} = ", v)
