"""Free resources (seed practice 2): `pln resource add|edit|remove|show` and
`pln resources`; giving one is `pln give` (`cli/give.py`)."""

from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid, Refused

resource_app = typer.Typer(
    help="Free resources to give away: slides, reading lists, packs.", no_args_is_help=True
)
app.add_typer(resource_app, name="resource")

ResourceArg = Annotated[
    str, typer.Argument(metavar="RESOURCE", help="Resource name (any case) or id.")
]
LinkOpt = Annotated[str | None, typer.Option("--link", help="Where it is: an http(s) address.")]
TagOpt = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", help="A tag (repeatable, or comma-separated)."),
]
ForOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--for", metavar="NEED", help="A need it answers, as contacts' needs say it (repeatable)."
    ),
]


def _tags(given: list[str] | None) -> list[str] | None:
    from plncrm.util.text import tags_in

    return None if given is None else [t for value in given for t in tags_in(value)]


@resource_app.command("add")
def resource_add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Its name, e.g. 'Decodable Pack'.")],
    link: LinkOpt = None,
    tag: TagOpt = None,
    for_: ForOpt = None,
    json: JsonOpt = False,
) -> None:
    """Record a free resource to give away, with its link and the needs it answers."""
    from plncrm.core import resources
    from plncrm.render import print_json, say

    if not link:
        raise Invalid("a resource needs its link: --link https://…")
    env = get_env(ctx)
    with env.writing() as db:
        added = resources.add(db, name, link, _tags(tag) or [], for_ or [])
        view = resources.view(added)
    print_json(view) if json else say(
        f"Resource #{view['id']}: ", view["name"], " · ", view["link"]
    )


@resource_app.command("edit")
def resource_edit(
    ctx: typer.Context,
    resource: ResourceArg,
    name: Annotated[str | None, typer.Option("--name", help="A new name.")] = None,
    link: LinkOpt = None,
    tag: Annotated[
        list[str] | None,
        typer.Option("--tag", "-t", help="Its tags, replacing those it had ('' clears them)."),
    ] = None,
    for_: Annotated[
        list[str] | None,
        typer.Option("--for", metavar="NEED", help="The needs it answers, replacing those it had."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Rename a resource, change its link, or replace its tags or needs."""
    from plncrm.core import resources
    from plncrm.render import print_json, say

    if name is None and link is None and tag is None and for_ is None:
        raise Invalid("say what to change: --name, --link, --tag or --for")
    env = get_env(ctx)
    with env.writing() as db:
        found = resources.find(db, resource)
        changed = resources.edit(
            db,
            found,
            name=name,
            link=link,
            tags=_tags(tag),
            needs=None if for_ is None else [n for n in for_ if n.strip()],
        )
        view = resources.view(found)
    if json:
        print_json({**view, "changed": changed})
    elif changed:
        say("Changed ", ", ".join(changed), " of ", view["name"], f" (#{view['id']})")
    else:
        say("Nothing to change: ", view["name"], " is already so")


@resource_app.command("remove")
def resource_remove(
    ctx: typer.Context,
    resource: ResourceArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
) -> None:
    """Delete a resource; the gifts logged stay on their timelines, by name."""
    from plncrm.core import resources
    from plncrm.render import say

    env = get_env(ctx)
    with env.reading() as reader:  # say what goes before taking the write lock
        found = resources.find(reader, resource)
        given = {r.id: n for r, n, _ in resources.listing(reader)}.get(found.id, 0)
    said = f"{found.name} (#{found.id})" + (
        f", given to {given} (their timelines keep it, by name)" if given else ""
    )
    if not yes:
        if not env.interactive:
            raise Refused(f"not removing {said} without --yes")
        if not typer.confirm(f"Remove {said}?", default=False):
            raise Refused("nothing removed")
    with env.writing() as db:
        resources.remove(db, resources.find(db, str(found.id)))
    say("Removed ", said)


@resource_app.command("show")
def resource_show(ctx: typer.Context, resource: ResourceArg, json: JsonOpt = False) -> None:
    """A resource: who received it, when, and what followed with each of them."""
    from plncrm.core import gifts, resources
    from plncrm.render import print_json
    from plncrm.render.resources import resource_card

    env = get_env(ctx)
    with env.reading() as reader:
        found = resources.find(reader, resource)
        received = gifts.who_received(reader, found)
        asked = [p for p in gifts.pointers(reader) if p.resource.id == found.id]
    last = max((r.given_on for r in received), default=None)
    view = {
        **resources.view(found, len(received), last),
        "received": [gifts.recipient_view(r) for r in received],
        "asked": gifts.pointer_view(asked[0])["people"] if asked else [],
    }
    print_json(view) if json else resource_card(view, env.today())


@app.command("resources")
def list_resources(ctx: typer.Context, json: JsonOpt = False) -> None:
    """List the free resources, how many people received each and when last."""
    from plncrm.core import resources
    from plncrm.render import print_json
    from plncrm.render.resources import resources_table

    env = get_env(ctx)
    with env.reading() as reader:
        data = [resources.view(r, n, last) for r, n, last in resources.listing(reader)]
    print_json(data) if json else resources_table(data, env.today())
