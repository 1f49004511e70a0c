"""`pln history` and `pln undo`: what changed the store, and taking it back."""

from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.bounds import MAX_LIMIT
from plncrm.util.errors import Conflict, Refused


@app.command("history")
def history(
    ctx: typer.Context,
    limit: Annotated[
        int, typer.Option("--limit", "-n", min=1, max=MAX_LIMIT, help="How many to list.")
    ] = 20,
    mine: Annotated[bool, typer.Option("--mine", help="Only your own commands.")] = False,
    json: JsonOpt = False,
) -> None:
    """List the recent commands that changed the store, newest first."""
    from plncrm.core import history as core
    from plncrm.core.views import history_view
    from plncrm.render import print_json
    from plncrm.render.history import history_table

    env = get_env(ctx)
    with env.reading() as reader:
        entries = core.recent(reader, limit, env.user if mine else None)
        views = [history_view(e, core.people(reader, e)) for e in entries]
    if json:
        print_json(views)
        return
    members = {v["member"] for v in views}
    history_table(views, team=len(members) > 1 or members - {env.user} != set())


@app.command("undo")
def undo(
    ctx: typer.Context,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Take back your last command that changed the store (again to step further back)."""
    from plncrm.core import history as core
    from plncrm.render import say

    env = get_env(ctx)
    with env.reading() as reader:  # say what goes back before taking the write lock
        entry = core.next_to_undo(reader, env.user)
        what = core.described(entry, core.people(reader, entry))
    if not yes:
        if not env.interactive:
            raise Refused(f"not undoing {what} without --yes")
        if not typer.confirm(f"Undo {what}?", default=False):
            raise Refused("nothing undone")
    with env.writing(journal=False) as db:
        if core.next_to_undo(db, env.user).id != entry.id:
            raise Conflict("the history changed while you were asked: run pln undo again")
        core.undo(db, entry)
    say("Undid ", what)
