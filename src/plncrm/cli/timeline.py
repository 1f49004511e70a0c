"""`pln interactions` (alias `pln timeline`): what happened across the
network, newest first. Read-only, through `env.reading()` (`reads.interactions`)."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, complete_contact, get_env
from plncrm.store.kinds import INTERACTION_KINDS

if TYPE_CHECKING:
    from datetime import date

    from plncrm.store.plain import Reader

PAGE = 50


def interactions(
    ctx: typer.Context,
    text: Annotated[
        str | None,
        typer.Option(
            "--text", "-s", help="The note holds these words (word starts, any case or accent)."
        ),
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option(
            "--kind", "-k", help=f"Of this kind (repeatable): {', '.join(INTERACTION_KINDS)}."
        ),
    ] = None,
    with_: Annotated[
        str | None,
        typer.Option(
            "--with",
            "-w",
            metavar="REF",
            help="With or about this contact.",
            autocompletion=complete_contact,
        ),
    ] = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            "-o",
            help="With someone at this organisation (any spelling), else one with these words.",
        ),
    ] = None,
    event: Annotated[str | None, typer.Option("--event", "-e", help="At this event.")] = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since", metavar="DATE|DURATION", help="On or after: a date or '30 days' back."
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(
            "--until", metavar="DATE|DURATION", help="On or before: a date or '30 days' back."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit", "-n", metavar="N", help=f"Show the newest N (tables: {PAGE}; 0: all)."
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """List interactions across the network, newest first (alias: pln timeline).

    "Who got the Decodable Pack?": pln interactions --kind gave --text decodable"""
    from plncrm.core import org_views
    from plncrm.core.organisations import filter_ids
    from plncrm.reads import interactions as found
    from plncrm.render import print_json, print_json_list
    from plncrm.render.interactions import interactions_table, shown_of
    from plncrm.util.bounds import MAX_LIMIT, check_count
    from plncrm.util.errors import Invalid

    env = get_env(ctx)
    today = env.today()
    unknown = [k for k in kind or () if k not in INTERACTION_KINDS]
    if unknown:
        raise Invalid(f"no kind {unknown[0]!r}: one of {', '.join(INTERACTION_KINDS)}")
    if limit is not None:
        check_count(limit, 0, MAX_LIMIT, "--limit")
    page = (None if json else PAGE) if limit is None else (limit or None)
    since_day, until_day = _days(since, until, today)
    with env.reading() as reader:
        contact_id, event_id = _named(reader, with_, event)
        meant = filter_ids(reader, org) if org else []  # none: words of organisations' names
        where = found.InteractionFilter(
            text=text,
            kinds=tuple(dict.fromkeys(kind or ())),
            contact_id=contact_id,
            org=org,
            at=org_views.tenures(reader, meant) if meant else None,
            event_id=event_id,
            since=since_day,
            until=until_day,
        )
        if page is None:
            ids = found.matching_ids(reader, where)
            if json:
                print_json_list(found.view_batches(reader, ids))
                return
            total = len(ids)
            for n, batch in enumerate(found.view_batches(reader, ids)):
                interactions_table(batch, today, header=not n, one_event=event_id is not None)
        else:
            ids, total = found.page_ids(reader, where, page)
            if json:
                print_json(found.views(reader, ids))
                return
            if ids:
                interactions_table(found.views(reader, ids), today, one_event=event_id is not None)
        shown_of(total if page is None else len(ids), total)


def _days(since: str | None, until: str | None, today: "date") -> tuple["date | None", ...]:
    """--since and --until as days (the date parser loaded only when one is given)."""
    if since is None and until is None:
        return None, None
    from plncrm.util.dates import past_day

    return tuple(past_day(value, today) if value is not None else None for value in (since, until))


def _named(reader: "Reader", ref: str | None, event: str | None) -> tuple[int | None, int | None]:
    """The contact --with names and the event --event names, resolved as everywhere."""
    if not ref and not event:
        return None, None
    from plncrm.reads.refs import named_id, resolve_id

    contact_id = resolve_id(reader, ref) if ref else None
    event_id = named_id(reader, "event", event, "event", "events") if event else None
    return contact_id, event_id


app.command("interactions")(interactions)
# The same command under a second name: hidden, so that --help and TAB list it once.
app.command("timeline", hidden=True, help="Alias of pln interactions.")(interactions)
