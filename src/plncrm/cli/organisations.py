"""Organisations as records: `pln orgs`, `pln org show|rename|merge`
(`core.organisations`, `core.org_views`)."""

from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.store.kinds import ORG_KINDS, ORG_SORTS

org_app = typer.Typer(
    help="Schools, districts, companies: who is there, who was, what happened.",
    no_args_is_help=True,
)
app.add_typer(org_app, name="org")

OrgArg = Annotated[str, typer.Argument(metavar="ORG", help="Its name, a spelling of it, or #id.")]


@app.command("orgs")
def list_orgs(
    ctx: typer.Context,
    sort: Annotated[
        str,
        typer.Option(
            "--sort",
            help="name, people (most first), last-touch (latest first) or open (most first).",
        ),
    ] = "name",
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Show at most N organisations (0: all).")
    ] = 50,
    kind: Annotated[
        str | None, typer.Option("--kind", help=f"Only these: {', '.join(ORG_KINDS)}.")
    ] = None,
    everyone: Annotated[
        bool,
        typer.Option("--all", help="Those nobody is or was at too (left out by default)."),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """List the organisations: people there now, the last touch, open follow-ups."""
    from plncrm.core import org_views
    from plncrm.render import print_json
    from plncrm.render.organisations import orgs_table
    from plncrm.util.bounds import MAX_LIMIT, check_count
    from plncrm.util.errors import Invalid

    if sort not in ORG_SORTS:
        raise Invalid(f"--sort is one of {', '.join(ORG_SORTS)}")
    if kind is not None and kind not in ORG_KINDS:
        raise Invalid(f"--kind is one of {', '.join(ORG_KINDS)}, not {kind!r}")
    check_count(limit, 0, MAX_LIMIT, "--limit")
    env = get_env(ctx)
    with env.reading() as reader:
        data, hidden = org_views.listing(reader, sort, kind, everyone)
    shown = data[:limit] if limit else data
    if json:
        print_json(shown)
    else:
        orgs_table(shown, env.today(), len(data) - len(shown), hidden, kind)


@org_app.command("show")
def org_show(ctx: typer.Context, org: OrgArg, json: JsonOpt = False) -> None:
    """An organisation: people there now and before, what happened with them, what is open."""
    from plncrm.core import org_views
    from plncrm.render import print_json
    from plncrm.render.organisations import org_card

    env = get_env(ctx)
    with env.reading() as reader:
        view = org_views.profile(reader, org)
    print_json(view) if json else org_card(view, env.today())


@org_app.command("edit")
def org_edit(
    ctx: typer.Context,
    org: OrgArg,
    kind: Annotated[str, typer.Option("--kind", help=f"What it is: {', '.join(ORG_KINDS)}.")],
    json: JsonOpt = False,
) -> None:
    """Say what an organisation is (a new one's kind is guessed from its name); undoable."""
    from plncrm.core import organisations
    from plncrm.render import print_json, say

    with get_env(ctx).writing() as db:
        oid, name, had = organisations.set_kind(db, org, kind)
    if json:
        print_json({"id": oid, "name": name, "kind": kind, "was": had})
        return
    from plncrm.util.text import with_article

    was = f" (was {had})" if had and had != kind else ""
    say(name, f" (#{oid}) is {with_article(kind)}", was, ".")


@org_app.command("rename")
def org_rename(
    ctx: typer.Context,
    org: OrgArg,
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.")],
) -> None:
    """Rename an organisation: every contact there (and past roles there) follow."""
    from plncrm.core import organisations
    from plncrm.render import say
    from plncrm.util.text import one_line

    with get_env(ctx).writing() as db:
        old, touched = organisations.rename(db, org, new)
    say("Renamed ", old, " to ", one_line(new), f": {touched} contact(s) changed.")


@org_app.command("merge")
def org_merge(
    ctx: typer.Context,
    keep: Annotated[str, typer.Argument(metavar="KEEP", help="The organisation to keep.")],
    other: Annotated[str, typer.Argument(metavar="OTHER", help="The one folded into it.")],
) -> None:
    """Fold one organisation into another: its contacts and past roles move."""
    from plncrm.core import organisations
    from plncrm.render import say

    with get_env(ctx).writing() as db:
        kept, gone, touched = organisations.merge(db, keep, other)
    say("Merged ", gone, " into ", kept, f": {touched} contact(s) changed.")
