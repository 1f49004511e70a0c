"""Communities of interest and recurring chats: `pln community …`, `pln communities`."""

from typing import Annotated

import typer

from plncrm.cli.events import PeopleArg, WhereOpt, people_of
from plncrm.cli.root import JsonOpt, app, get_env

community_app = typer.Typer(
    help="Communities of interest and recurring chats.", no_args_is_help=True
)
app.add_typer(community_app, name="community")

CommunityArg = Annotated[str, typer.Argument(metavar="COMMUNITY", help="Community id or name.")]


@community_app.command("add")
def community_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Community or chat name, e.g. '#edchat'.")],
    focus: Annotated[
        str | None, typer.Option("--focus", help="The question it gathers around.")
    ] = None,
    where: WhereOpt = None,
    mine: Annotated[bool, typer.Option("--mine", help="You run it.")] = False,
    json: JsonOpt = False,
) -> None:
    """Record a community of interest or a recurring chat."""
    from plncrm.core import communities, views
    from plncrm.render import print_json, say

    env = get_env(ctx)
    with env.writing() as db:
        view = views.community_view(communities.add(db, name, focus=focus, where=where, mine=mine))
    print_json(view) if json else say(f"Community #{view['id']}: ", view["name"])


@community_app.command("join")
def community_join(ctx: typer.Context, community: CommunityArg, people: PeopleArg = None) -> None:
    """Add members to a community."""
    from plncrm.core import communities
    from plncrm.render import say
    from plncrm.render.names import everyone

    env = get_env(ctx)
    with env.writing() as db:
        group = communities.resolve(db, community)
        joined = communities.join(db, group, people_of(db, people), env.today())
    if joined:
        everyone(f"{len(joined)} joined {group.name}:", [c.name for c in joined])
    else:
        say("0 joined ", group.name)


@community_app.command("leave")
def community_leave(ctx: typer.Context, community: CommunityArg, people: PeopleArg = None) -> None:
    """Remove members from a community."""
    from plncrm.core import communities
    from plncrm.render import say
    from plncrm.render.names import everyone

    env = get_env(ctx)
    with env.writing() as db:
        group = communities.resolve(db, community)
        left = communities.leave(db, group, people_of(db, people))
    if left:
        everyone(f"{len(left)} left {group.name}:", [c.name for c in left])
    else:
        say("0 left ", group.name)


@community_app.command("show")
def community_show(ctx: typer.Context, community: CommunityArg, json: JsonOpt = False) -> None:
    """A community and its members."""
    from plncrm.core import communities, views
    from plncrm.render import print_json, say
    from plncrm.render.contacts import contacts_table

    env = get_env(ctx)
    with env.reading() as reader:
        group = communities.resolve(reader, community)
        members = views.contact_views(reader, communities.members(reader, group))
        view = {**views.community_view(group, len(members)), "member_list": members}
    if json:
        print_json(view)
        return
    say(group.name, f" · {len(members)} members" + (f" · {group.focus}" if group.focus else ""))
    contacts_table(members, env.today())


@app.command("communities")
def list_communities(ctx: typer.Context, json: JsonOpt = False) -> None:
    """List communities with their member counts."""
    from plncrm.core import communities, views
    from plncrm.render import print_json
    from plncrm.render.events import communities_table

    env = get_env(ctx)
    with env.reading() as reader:
        data = [views.community_view(c, n) for c, n in communities.list_communities(reader)]
    print_json(data) if json else communities_table(data)
