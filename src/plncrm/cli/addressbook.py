"""`pln sync contacts`: the network and a phone's address book in step,
through a vdir folder that vdirsyncer carries to a CardDAV server."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.addressbook.sync import Outcome

sync_app = typer.Typer(
    help="Keep the network in step with an address book folder (vdir).", no_args_is_help=True
)
app.add_typer(sync_app, name="sync")

FolderArg = Annotated[
    Path,
    typer.Argument(
        help="The address book folder (one .vcf per contact).", file_okay=False, show_default=False
    ),
]


class _Rollback(Exception):
    def __init__(self, outcome: "Outcome") -> None:
        self.outcome = outcome


class _Again(Exception):
    """The user said to archive those whose cards were deleted: sync again."""


@sync_app.command("contacts", context_settings={"allow_extra_args": True})
def contacts(
    ctx: typer.Context,
    folder: FolderArg,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Say what would change; change nothing.")
    ] = False,
    vcard: Annotated[
        str,
        typer.Option(
            "--vcard",
            metavar="4.0|3.0",
            help="The vCard version to write (3.0 for servers that need it).",
        ),
    ] = "4.0",
    resolve: Annotated[
        tuple[str, str] | None,
        typer.Option(
            "--resolve",
            metavar="CONTACT [FIELD] SIDE",
            help="Settle a conflict: the contact, the field (org, notes, …; none: every "
            "field in conflict), then theirs (the folder's card) or mine (plncrm's).",
        ),
    ] = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Archive contacts whose cards were deleted, without asking."
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Sync contacts both ways with FOLDER: plncrm's changes are written to the
    cards, cards changed or added in the folder (on a phone, through
    vdirsyncer) come back in, never as duplicates. A card deleted in the folder
    archives its contact once you confirm; a contact changed on both sides is a
    conflict, left for --resolve. Fields plncrm does not know stay on the cards.
    A card plncrm cannot read is reported and left as it is."""
    from plncrm.addressbook import state, sync
    from plncrm.render import addressbook as draw
    from plncrm.store.db import savepoint
    from plncrm.util.errors import FileError
    from plncrm.util.files import make_private_folder, reason

    if vcard not in ("4.0", "3.0"):
        raise Invalid(f"--vcard takes 4.0 or 3.0, not {vcard!r}")
    folder, settle = _settle(folder, resolve, list(ctx.args))
    env = get_env(ctx)
    if dry_run:
        env.dry_run()
    target = folder.expanduser().absolute()
    if target.exists() and not target.is_dir():
        raise Invalid(f"{target} is a file, not a folder")
    try:
        with env.writing() as db:
            chosen = sync.resolutions(db, target, settle)
            try:
                with savepoint(db):
                    outcome = sync.run(
                        db, target, env.today(), version=vcard, resolve=chosen, archive=yes
                    )
                    if not yes and not dry_run and env.interactive and _archive(outcome):
                        raise _Again  # taken back, to sync again archiving them this time
            except _Again:
                outcome = sync.run(
                    db, target, env.today(), version=vcard, resolve=chosen, archive=True
                )
            if dry_run:
                raise _Rollback(outcome)
            _write(target, outcome)  # before commit: a failure changes nothing in the store
    except _Rollback as dry:
        draw.synced(str(target), dry.outcome, dry_run=True, json=json)
        return
    if outcome.synced != outcome.loaded:
        try:
            make_private_folder(target)
            state.save(target, outcome.synced)
        except OSError as exc:
            raise FileError(
                f"synced, but cannot save {state.STATE} in {target}: {reason(exc)}; "
                "the next sync compares every card as on a first sync"
            ) from None
    draw.synced(str(target), outcome, dry_run=False, json=json)


def _archive(outcome: "Outcome") -> bool:
    """Whether to archive the contacts whose cards were deleted in the folder:
    asked when there are any."""
    waiting = [s.name for s in outcome.steps if s.action == "wait"]
    more = ", …" if len(waiting) > 5 else ""
    return bool(waiting) and typer.confirm(
        f"Archive {len(waiting)} contact(s) whose cards were deleted in the folder "
        f"({', '.join(waiting[:5])}{more})?"
    )


def _write(target: Path, outcome: "Outcome") -> None:
    """The folder's side: the cards (through the safe writer: a link is
    replaced, never followed), then the removals."""
    from plncrm.util.errors import FileError
    from plncrm.util.files import make_private_folder, reason, replace_private

    if not outcome.writes and not outcome.removals:
        return
    try:
        make_private_folder(target)
    except OSError as exc:
        raise FileError(f"cannot create {target}: {reason(exc)}") from None
    for href, data in outcome.writes.items():
        _plain_name(href)
        try:
            replace_private(target / href, data)
        except OSError as exc:
            raise FileError(f"cannot write {href} in {target}: {reason(exc)}") from None
    for href in outcome.removals:
        _plain_name(href)
        try:
            (target / href).unlink(missing_ok=True)
        except OSError as exc:
            raise FileError(f"cannot remove {href} in {target}: {reason(exc)}") from None


def _plain_name(href: str) -> None:
    """Every name written is one file in the folder (the engine derives them;
    this is the last guard)."""
    if not href or "/" in href or "\0" in href or href in (".", "..") or href.startswith("."):
        raise AssertionError(f"not a card file name: {href!r}")


def _settle(
    folder: Path, resolve: tuple[str, str] | None, extra: list[str]
) -> tuple[Path, tuple[str, str, str] | None]:
    """The folder and what `--resolve` settles (contact, field or "*", side).
    `--resolve CONTACT FIELD SIDE` takes three words: the option holds two,
    the third is left among the arguments, before or after the folder."""
    from plncrm.addressbook.sync import FIELD_WORDS, SIDES

    if resolve is None or resolve[1] in SIDES:
        if extra:
            raise Invalid(f"unexpected argument {extra[0]!r}")
        return folder, (resolve[0], "*", resolve[1]) if resolve else None
    words = [str(folder), *extra]
    if len(words) == 2 and words[1] in SIDES:
        side, folder = words[1], Path(words[0])
    elif len(words) == 2 and words[0] in SIDES:
        side, folder = words[0], Path(words[1])
    else:
        raise Invalid(
            "--resolve takes a contact, a field if one, then theirs or mine: "
            f"not {' '.join([*resolve, *extra])!r}"
        )
    field = FIELD_WORDS.get(resolve[1].lower())
    if field is None:
        raise Invalid(
            f"--resolve: no field {resolve[1]!r}; the fields: "
            f"{', '.join(sorted(set(FIELD_WORDS.values())))}"
        )
    return folder, (resolve[0], field, side)


@sync_app.command("vdirsyncer")
def vdirsyncer(
    folder: FolderArg,
    url: Annotated[
        str, typer.Option("--url", help="The CardDAV address book's address on your server.")
    ] = "https://carddav.example.org/USER/contacts/",
    username: Annotated[str, typer.Option("--username", "-u", help="Your server login.")] = "USER",
) -> None:
    """Print a vdirsyncer configuration that keeps FOLDER and a CardDAV
    address book in step, both ways. A card changed on both sides between two
    vdirsyncer runs is left for you (conflict_resolution = null), never
    overwritten; the password is read from a command, never from the file."""
    from plncrm.render.vdirsyncer import config
    from plncrm.util.shell import command

    target = folder.expanduser().absolute()
    each_time = (
        f"vdirsyncer sync && {command('pln', 'sync', 'contacts', target)} && vdirsyncer sync"
    )
    typer.echo(
        config(
            pair="pln_contacts",
            dav="carddav",
            folder=target,
            ext=".vcf",
            url=url,
            username=username,
            source=False,
            when=each_time,
        )
    )
