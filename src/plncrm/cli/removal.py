"""Taking people out: `pln rm` (saying all that goes), `pln archive` and `pln unarchive`."""

from typing import Annotated

import typer

from plncrm.cli.root import RefArg, app, get_env
from plncrm.util.errors import Refused


@app.command("rm")
def rm(
    ctx: typer.Context,
    ref: RefArg,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Delete even what other contacts' history hangs on.")
    ] = False,
) -> None:
    """Delete a contact, with their details and the interactions only they took part in."""
    from plncrm.core import deletion, refs
    from plncrm.render import say
    from plncrm.util.errors import Conflict

    env = get_env(ctx)
    with env.reading() as reader:  # say what goes before taking the write lock
        contact = refs.resolve(reader, ref)
        effects = deletion.effects(reader, contact)
    who = f"{contact.name} (#{contact.id})"
    if effects.touches_others and not force:
        raise Conflict(
            f"deleting {who} would also delete or change {effects.others()}: "
            f"pln archive {contact.id} keeps everyone's history; "
            f"pln rm {contact.id} --force deletes anyway"
        )
    said = f"{who}: {effects.own()}" + (
        f"; and {effects.others()}" if effects.touches_others else ""
    )
    if not yes:
        if not env.interactive:
            raise Refused(
                f"not deleting {said} without --yes (pln archive {contact.id} keeps them)"
            )
        if not typer.confirm(f"Delete {said}?", default=False):
            raise Refused("nothing deleted")
    with env.writing() as db:
        deletion.delete_contact(db, refs.resolve(db, str(contact.id)))
    say("Deleted ", said)


@app.command("archive")
def archive(ctx: typer.Context, ref: RefArg) -> None:
    """Keep someone's history but take them off lists, the agenda and suggestions."""
    _set_archived(ctx, ref, True)


@app.command("unarchive")
def unarchive(ctx: typer.Context, ref: RefArg) -> None:
    """Bring an archived contact back to lists, the agenda and suggestions."""
    _set_archived(ctx, ref, False)


def _set_archived(ctx: typer.Context, ref: str, archived: bool) -> None:
    from plncrm.core import contacts, refs
    from plncrm.render import say

    env = get_env(ctx)
    with env.writing() as db:
        contact = refs.resolve(db, ref)
        contacts.set_archived(db, contact, archived)
    if archived:
        say(
            "Archived ",
            contact.name,
            f" (#{contact.id}): history kept; pln unarchive {contact.id} brings them back",
        )
    else:
        say("Unarchived ", contact.name, f" (#{contact.id})")
