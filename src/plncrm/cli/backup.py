"""`pln backup` and `pln restore`: a copy of the whole store, and putting one back."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.root import app, get_env
from plncrm.util.errors import Refused


@app.command("backup")
def backup(
    ctx: typer.Context,
    file: Annotated[
        Path | None,
        typer.Argument(
            help="Where to write it (default: pln-backup-DATE-TIME.db here).", dir_okay=False
        ),
    ] = None,
) -> None:
    """Write a consistent copy of the store, even while other pln commands run."""
    from plncrm.render import say
    from plncrm.store import backup as store_backup

    env = get_env(ctx)
    target = store_backup.backup(env.url, file or store_backup.default_name())
    say("Backed up to ", str(target))


@app.command("restore")
def restore(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(help="A store written by pln backup (or a copy of pln.db).", dir_okay=False),
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask first.")] = False,
) -> None:
    """Put a backed-up store in place of this one (a copy of this one is kept)."""
    from plncrm.render import say
    from plncrm.store import backup as store_backup

    env = get_env(ctx)
    store = store_backup.store_path(env.url)
    store_backup.check_store(file)
    if not yes:
        if not env.interactive:
            raise Refused("restoring replaces the whole store: add --yes to confirm")
        if not typer.confirm(f"Replace the store at {store} with {file}? (a copy of it is kept)"):
            raise Refused("nothing restored")
    kept = store_backup.restore(env.url, file)
    say("Restored ", str(file), "; the replaced store is kept at ", str(kept))
