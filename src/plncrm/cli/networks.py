"""`pln import mastodon` and `pln import bluesky`: communities of interest
from the social networks educators gather on."""

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.imports import (
    DryRunOpt,
    FileArg,
    StrictOpt,
    TagOpt,
    import_app,
    read_input,
    run_import,
)
from plncrm.cli.root import JsonOpt
from plncrm.util.files import write_file

if TYPE_CHECKING:
    from plncrm.importers.records import Record, Rejected

CommunityOpt = Annotated[
    str | None,
    typer.Option("--community", "-c", metavar="NAME", help="Everyone joins this community too."),
]


@import_app.command("mastodon")
def import_mastodon(
    ctx: typer.Context,
    file: FileArg,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    tag: TagOpt = None,
    community: CommunityOpt = None,
    json: JsonOpt = False,
) -> None:
    """Mastodon's export of the accounts you follow (following_accounts.csv)
    or of your lists (lists.csv): each account with its handle as a link, each
    list as a community (--community puts everyone in one more)."""
    from plncrm.importers import mastodon

    run_import(
        ctx,
        _joined(mastodon.read(read_input(file)), community),
        dry_run=dry_run,
        strict=strict,
        tags=tag,
        as_json=json,
        note="Followed on Mastodon",
        source="mastodon",
        met_at=None,
    )


SourceArg = Annotated[
    str,
    typer.Argument(
        help="A starter pack's or list's address, or a saved .json file.", show_default=False
    ),
]


@import_app.command("bluesky")
def import_bluesky(
    ctx: typer.Context,
    source: SourceArg,
    community: Annotated[
        str | None,
        typer.Option(
            "--community",
            "-c",
            metavar="NAME",
            help="The community they join (default: the pack's name).",
        ),
    ] = None,
    limit: Annotated[
        int, typer.Option("--limit", "-n", help="Read at most this many people.")
    ] = 5000,
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", metavar="FILE", help="Also save what was read, to import offline later."
        ),
    ] = None,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    tag: TagOpt = None,
    json: JsonOpt = False,
) -> None:
    """A Bluesky starter pack or list, from the public API (no login; the API's
    base is PLN_BLUESKY_API): each person with their handle as a link and
    their profile's description as notes, the pack as a community."""
    from plncrm.importers import bluesky
    from plncrm.util.bounds import MAX_LIMIT, check_count

    check_count(limit, 1, MAX_LIMIT, "--limit")
    if not source.startswith(("http://", "https://", "at://")):
        pack = bluesky.read_saved(read_input(Path(source)))
    else:
        address = bluesky.parse_address(source)
        with _progress(f"Reading {source}") as step:
            pack = bluesky.fetch(address, bluesky.Client(), limit, step)
    if save is not None:
        write_file(save, bluesky.saved(pack))
    if community:
        pack = pack._replace(name=community)
    run_import(
        ctx,
        bluesky.records(pack),
        dry_run=dry_run,
        strict=strict,
        tags=tag,
        as_json=json,
        note="Followed on Bluesky",
        source="bluesky",
        met_at=None,
    )


@contextmanager
def _progress(label: str) -> "Iterator[Callable[[int, int | None], None]]":
    """A progress bar on a terminal's stderr (large packs take many pages); silent otherwise."""
    import sys

    if not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import Progress

    from plncrm.render import console

    with Progress(console=console(stderr=True), transient=True) as bar:
        task = bar.add_task(label, total=None)
        yield lambda done, total: bar.update(task, completed=done, total=total)


def _joined(
    records: "Iterable[Record | Rejected]", community: str | None
) -> "Iterator[Record | Rejected]":
    """Everyone also in `community`, when one is named."""
    from plncrm.importers.records import Record

    for item in records:
        if community and isinstance(item, Record) and community not in item.communities:
            item.communities.append(community)
        yield item
