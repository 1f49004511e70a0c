"""`pln suggest` and `pln ripple`: who should meet, and what came of the
introductions made (moving one along: `intros`)."""

from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, RefArg, app, get_env


@app.command("suggest")
def suggest(
    ctx: typer.Context,
    for_: Annotated[
        str | None, typer.Option("--for", help="Only introductions for this contact.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", "-n", help="How many.")] = 10,
    same_org: Annotated[
        bool, typer.Option("--same-org", help="Also pair people from the same organisation.")
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Suggest introductions: who needs what someone else offers, shared rare interests."""
    from plncrm.core import gifts, refs
    from plncrm.matchmaking import gather as suggestions
    from plncrm.matchmaking.rank import suggestion_view
    from plncrm.render import print_json
    from plncrm.render.intros import suggestions_table
    from plncrm.render.resources import pointers
    from plncrm.util.bounds import MAX_LIMIT, check_count

    check_count(limit, 1, MAX_LIMIT, "--limit")
    env = get_env(ctx)
    with env.reading() as reader:
        focus = refs.resolve(reader, for_) if for_ else None
        found = suggestions.suggestions(
            reader, env.today(), focus=focus, limit=limit, same_org=same_org
        )
        # Resources to give those who asked for what they answer, then those
        # tagged with their tags (--json: introductions only).
        give = [] if json else gifts.pointers(reader, only=focus.id if focus else None)
        if not json:
            give += gifts.interested(reader, only=focus.id if focus else None, asked=give)
    data = [suggestion_view(s) for s in found]
    if json:
        print_json(data)
        return
    suggestions_table(data)
    pointers([gifts.pointer_view(p) for p in give[:limit]])


@app.command("ripple")
def ripple(
    ctx: typer.Context,
    ref: RefArg,
    json: JsonOpt = False,
) -> None:
    """Draw everyone who came into your network through someone, and what came of it."""
    from plncrm.core import refs, ripples, views
    from plncrm.render import print_json
    from plncrm.render.intros import ripple_tree

    env = get_env(ctx)
    with env.reading() as reader:
        data = views.ripple_view(ripples.build(reader, refs.resolve(reader, ref)))
    print_json(data) if json else ripple_tree(data)
