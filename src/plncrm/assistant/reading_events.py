"""`list_events`: the events, as `pln events --json` lists them, a page at a
time, for "which events are coming up?" before event_brief reads one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

from pydantic import Field

from plncrm.assistant.reading import Limit, described
from plncrm.assistant.registry import tool
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.assistant.context import Ctx

WHEN = ("upcoming", "past")


@tool()
@described
def list_events(
    ctx: Ctx,
    when: Annotated[
        str,
        Field(
            description="upcoming (not over yet, soonest first) or past (latest first); "
            "leave out for all.",
            json_schema_extra={"enum": list(WHEN)},
        ),
    ]
    | None = None,
    hosted: Annotated[
        bool, Field(description="Only the events the user hosts (invitations, thank-yous).")
    ] = False,
    limit: Limit = 50,
) -> dict[str, Any]:
    """The events, under `events` as `pln events --json` lists them: name,
    kind, days, where, whether the user hosts it, and how many were met,
    invited, said yes and came (`counts`); `more`: how many more there are.
    event_brief gives one event's people; find_people met_at lists whom the
    user met at one."""
    from plncrm.core import views
    from plncrm.reads import events

    if when is not None and when not in WHEN:
        raise Invalid(f"when is upcoming or past, or left out for all, not {when[:40]!r}")
    with ctx.reading() as reader:
        found = [e for e in events.list_events(reader, ctx.today(), when) if e.hosted or not hosted]
        shown = found[:limit]
        stats = events.counts(reader, [e.id or 0 for e in shown])
        listed = [views.event_view(e, stats[e.id or 0]) for e in shown]
    return {"events": listed, "more": len(found) - len(shown)}
