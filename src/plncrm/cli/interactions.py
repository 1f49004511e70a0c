"""`pln log`: record a touchpoint with one or more people."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.store.kinds import LOGGED_KINDS, choices
from plncrm.util.errors import Invalid

if TYPE_CHECKING:  # a class to type-checkers; at run time built from the one tuple
    Kind = Enum
else:
    Kind = choices("InteractionKind", LOGGED_KINDS)


@app.command("log")
def log(
    ctx: typer.Context,
    refs_: Annotated[
        list[str], typer.Argument(metavar="REF...", help="Contacts involved: ids, emails or names.")
    ],
    message: Annotated[str | None, typer.Option("--message", "-m", help="What happened.")] = None,
    kind: Annotated[Kind, typer.Option("--kind", "-k", help="What sort of touchpoint.")] = Kind(
        "note"
    ),
    on: Annotated[
        str, typer.Option("--on", help="When: a date, 'yesterday', 'last tuesday'.")
    ] = "today",
    at: Annotated[
        str | None, typer.Option("--at", metavar="EVENT", help="At this event (met there).")
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Record an interaction; it resets each contact's "last contacted"."""
    from plncrm.core import events, interactions, refs
    from plncrm.render import print_json, say, views
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past")
    if day > env.today():
        raise Invalid(
            f"{day.isoformat()} has not happened yet: a timeline records what happened; "
            f'plan it with pln follow-up REF "…" --due {on!r}'
        )
    with env.transaction(write=True) as session:
        people = [refs.resolve(session, r) for r in refs_]
        event = events.resolve(session, at) if at else None
        interaction = interactions.log(session, people, kind=kind.value, note=message, on=day,
                                       event_id=event.id if event else None)  # fmt: skip
        data = {
            "id": interaction.id,
            "date": views.iso(day),
            "kind": interaction.kind,
            "note": interaction.note,
            "with": [views.ref(p) for p in people],
            "event": event.name if event else None,
        }
    if json:
        print_json(data)
    else:
        say(f"Logged {kind.value} on {day.isoformat()} with ", ", ".join(p.name for p in people))
