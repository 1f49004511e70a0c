"""Commands that read people: list, search and show. Read-only, through
`env.reading()` (`plncrm.reads`), so they never load SQLAlchemy on SQLite."""

from enum import Enum
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, RefArg, app, get_env
from plncrm.core.contact_card import TIMELINE
from plncrm.store.kinds import CONTACT_SORTS, choices

if TYPE_CHECKING:
    from collections.abc import Sequence

    from plncrm.cli.environment import Environment
    from plncrm.core.view_shapes import ContactView
    from plncrm.reads.lists import ContactFilter, SortKey
    from plncrm.render.contacts import Layout
    from plncrm.store.plain import Reader


if TYPE_CHECKING:  # a class to type-checkers; at run time built from the one tuple
    SortBy = Enum
else:
    SortBy = choices("SortBy", CONTACT_SORTS)

TagFilterOpt = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Has this tag (repeatable: all of them).")
]

PAGE = 50
AllOpt = Annotated[
    bool, typer.Option("--all", "-a", help="Show every match (tables show 50 unless told).")
]
LimitOpt = Annotated[int | None, typer.Option("--limit", "-n", help="Show at most N.")]


@app.command("list")
def list_(
    ctx: typer.Context,
    tag: TagFilterOpt = None,
    org: Annotated[
        str | None,
        typer.Option(
            "--org",
            "-o",
            help="At this organisation (any spelling), else organisations with these words.",
        ),
    ] = None,
    text: Annotated[
        str | None, typer.Option("--text", "-s", help="Any field contains these words.")
    ] = None,
    met_at: Annotated[str | None, typer.Option("--met-at", help="Met at this event.")] = None,
    community: Annotated[
        str | None, typer.Option("--community", help="Members of this community.")
    ] = None,
    sort: Annotated[SortBy, typer.Option("--sort", help="Order of the list.")] = SortBy("name"),
    archived: Annotated[
        bool, typer.Option("--archived", help="Only the archived (left out otherwise).")
    ] = False,
    unnamed: Annotated[
        bool, typer.Option("--unnamed", help="Only those known by an email alone, still to name.")
    ] = False,
    not_contacted_since: Annotated[
        str | None,
        typer.Option(
            "--not-contacted-since",
            metavar="DATE|DURATION",
            help="Not in touch since: a date or '3 months' back (never counts).",
        ),
    ] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r", help="The order backwards.")] = False,
    limit: LimitOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
) -> None:
    """List contacts, filtered by tag, organisation, text, event or community."""
    from plncrm.core.organisations import filter_ids
    from plncrm.reads.lists import ContactFilter
    from plncrm.reads.refs import named_id
    from plncrm.util.dates import past_day

    env = get_env(ctx)
    quiet_since = (
        past_day(not_contacted_since, env.today()) if not_contacted_since is not None else None
    )
    with env.reading() as reader:
        met_event_id = named_id(reader, "event", met_at, "event", "events") if met_at else None
        community_id = (
            named_id(reader, "community", community, "community", "communities")
            if community
            else None
        )
        where = ContactFilter(
            tags=tag or (),
            org=org,
            org_ids=filter_ids(reader, org) if org else (),
            text=text,
            met_event_id=met_event_id,
            community_id=community_id,
            archived=archived,
            unnamed=unnamed,
            quiet_since=quiet_since,
        )
        _show_contacts(reader, env, where, sort.value, limit, all_, json, reverse)


def _show_contacts(
    reader: "Reader",
    env: "Environment",
    where: "ContactFilter",
    sort: "SortKey",
    limit: int | None,
    all_: bool,
    as_json: bool,
    reverse: bool = False,
) -> None:
    """One page of contacts (or all of them, or `limit`), as JSON or a table
    that says what it left out."""
    from plncrm.core import views
    from plncrm.reads import lists
    from plncrm.render import print_json, say
    from plncrm.render.contacts import NONE_YET, contacts_table
    from plncrm.util.bounds import MAX_LIMIT, check_count

    if limit is not None:
        check_count(limit, 1, MAX_LIMIT, "--limit")
    page = limit or (None if as_json or all_ else PAGE)
    if page is None:
        _stream_contacts(reader, env, where, sort, as_json, reverse)
        return
    found = lists.list_contacts(reader, where, sort=sort, limit=page + 1, reverse=reverse)
    more = page is not None and len(found) > page
    found = found[:page] if page else found
    data = views.contact_views(reader, found)
    if as_json:
        print_json(data)
        return
    empty = NONE_YET if where == lists.EVERYONE else "No contacts match."
    contacts_table(
        data, env.today(), count=not more, empty=empty, layout=_layout(reader, where, sort, data)
    )
    if more:
        total = lists.count_contacts(reader, where, cap=lists.COUNT_CAP)
        many = f"{total:,}+" if total >= lists.COUNT_CAP else f"{total:,}"
        say(f"Showing {len(found)} of {many}: --limit N or --all for more")


def _layout(
    reader: "Reader", where: "ContactFilter", sort: "SortKey", shown: "Sequence[ContactView]"
) -> "Layout":
    """The table's layout: the column sorted on kept, the roles of one
    organisation's people, each organisation by its record's name."""
    from plncrm.core.organisations import record_names
    from plncrm.render.contacts import Layout

    return Layout(
        keep=("contacted",) if sort == "last-contacted" else (),
        at_org=len(where.org_ids) == 1,
        orgs=record_names(reader, [v["id"] for v in shown if v["id"] is not None]),
    )


def _stream_contacts(
    reader: "Reader",
    env: "Environment",
    where: "ContactFilter",
    sort: "SortKey",
    as_json: bool,
    reverse: bool = False,
) -> None:
    """Every matching contact, read and drawn a batch at a time."""
    from plncrm.core import views
    from plncrm.reads import lists
    from plncrm.render import print_json_list
    from plncrm.render.contacts import contacts_table, show_count

    batches = (
        views.contact_views(reader, b)
        for b in lists.contact_batches(reader, where, sort=sort, reverse=reverse)
    )
    if as_json:
        print_json_list(batches)
        return
    total = 0
    for batch in batches:
        layout = _layout(reader, where, sort, batch)
        contacts_table(batch, env.today(), header=not total, count=False, layout=layout)
        total += len(batch)
    if total:
        show_count(total)
    else:
        contacts_table([], env.today())


@app.command("search")
def search(
    ctx: typer.Context,
    text: Annotated[
        list[str], typer.Argument(help="Words to find in names, orgs, notes, needs, offers, tags.")
    ],
    limit: LimitOpt = None,
    all_: AllOpt = False,
    json: JsonOpt = False,
) -> None:
    """Find contacts by any words: name, organisation, notes, needs, offers, tags.

    Every word must match the start of a word in the contact ("coach" finds
    "coaching"), ignoring case and accents."""
    from plncrm.reads.lists import ContactFilter

    env = get_env(ctx)
    with env.reading() as reader:
        _show_contacts(reader, env, ContactFilter(text=" ".join(text)), "name", limit, all_, json)


@app.command("show")
def show(
    ctx: typer.Context,
    ref: RefArg,
    all_: Annotated[
        bool, typer.Option("--all", "-a", help=f"The whole timeline (else the latest {TIMELINE}).")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Show a contact's whole card and timeline."""
    from plncrm.core.contact_card import document
    from plncrm.render import print_json, say
    from plncrm.render.contacts import contact_card
    from plncrm.render.resources import for_contact

    env = get_env(ctx)
    with env.reading() as reader:
        view = document(reader, ref, whole=all_)  # with resources for needs, not given yet
    if json:
        print_json(view)
        return
    contact_card(view, view["timeline"], view["introduced"], env.today())
    if view["timeline_more"]:
        say(f"{view['timeline_more']} earlier interactions: pln show {view['id']} --all")
    for_contact(view["resources_for_needs"], str(view["id"]))
