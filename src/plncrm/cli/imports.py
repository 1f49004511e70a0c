"""`pln import …`: the network in from other tools' files (from social networks: `networks`)."""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid, NotFound

if TYPE_CHECKING:
    from plncrm.importers.records import ColumnOrder, Record, Rejected, Report
    from plncrm.store.db import Db
    from plncrm.util.dates import DateOrder

import_app = typer.Typer(
    help="Bring contacts in: linkedin, vcard, csv, json, mastodon, bluesky.", no_args_is_help=True
)
app.add_typer(import_app, name="import")

FileArg = Annotated[
    Path,
    typer.Argument(metavar="FILE", help="The file to import (- reads stdin).", dir_okay=False),
]
DryRunOpt = Annotated[
    bool, typer.Option("--dry-run", "-n", help="Show what would happen; change nothing.")
]
StrictOpt = Annotated[
    bool, typer.Option("--strict", help="Stop at the first bad row instead of skipping it.")
]
TagOpt = Annotated[
    list[str] | None, typer.Option("--tag", "-t", help="Tag every imported contact (repeatable).")
]


MetAtOpt = Annotated[
    str | None,
    typer.Option("--met-at", metavar="EVENT", help="Everyone in the file was met at this event."),
]
MetOnOpt = Annotated[
    str | None,
    typer.Option("--met-on", metavar="WHEN", help="The day they were met (default: the event's)."),
]


class _DryRun(Exception):
    def __init__(self, report: "Report") -> None:
        self.report = report


def read_input(path: Path) -> bytes:
    """A file to import, whole, or - for standard input: only a regular file
    (a FIFO or a device would never end) and at most `MAX_IMPORT_BYTES`."""
    import os
    import stat

    from plncrm.util.bounds import MAX_IMPORT_BYTES

    if str(path) == "-":
        import sys

        data = sys.stdin.buffer.read(MAX_IMPORT_BYTES + 1)
    else:
        try:
            fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # a FIFO's open would wait
            with os.fdopen(fd, "rb") as file:
                if not stat.S_ISREG(os.fstat(fd).st_mode):
                    raise Invalid(f"{path} is not a file")
                os.set_blocking(fd, True)
                data = file.read(MAX_IMPORT_BYTES + 1)
        except FileNotFoundError:
            raise NotFound(f"no file {path}") from None
        except IsADirectoryError:
            raise Invalid(f"{path} is a folder, not a file") from None
        except OSError as exc:
            raise NotFound(f"cannot read {path}: {exc.strerror}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise Invalid(
            f"{path} is over {MAX_IMPORT_BYTES // 1_000_000} MB: split it into smaller files"
        )
    return data


def run_import(
    ctx: typer.Context,
    records: "Iterable[Record | Rejected]",
    *,
    dry_run: bool,
    strict: bool,
    tags: list[str] | None,
    as_json: bool,
    note: str,
    source: str,
    met_at: str | None,
    met_on: str | None = None,
    unused: list[str] | None = None,
    kept: bool = False,
    date_order: str | None = None,
    column_orders: "list[ColumnOrder] | None" = None,
) -> None:
    from plncrm.core import events, preferences
    from plncrm.importers.apply import Met, apply
    from plncrm.importers.records import Record
    from plncrm.util.dates import parse_date
    from plncrm.util.errors import Invalid

    today = get_env(ctx).today()
    met_day = parse_date(met_on, today, prefer="past") if met_on is not None else None
    if met_day is not None and not met_at:
        raise Invalid("--met-on needs --met-at: the event where they were met")

    def tagged() -> "Iterable[Record | Rejected]":
        for item in records:
            if isinstance(item, Record) and tags:
                item.tags += tags
            yield item

    def work(db: "Db") -> "Report":
        met = None
        if tags:  # where these people came from, not what they share (`pln suggest`)
            preferences.remember_import_tags(db, tags)
        if met_at:
            event = events.find_or_create(db, met_at, on=met_day)
            assert event.id is not None
            met = Met(event.id, event.name, met_day or event.starts_on)
        report = apply(
            db, tagged(), strict=strict, connected_note=note, source=source, met=met, today=today
        )
        report.unused_columns, report.kept_in_notes = list(unused or []), kept
        report.date_order = date_order
        report.column_orders = list(column_orders or [])
        return report

    _import(ctx, work, dry_run=dry_run, as_json=as_json)


def _import(
    ctx: typer.Context, work: "Callable[[Db], Report]", *, dry_run: bool, as_json: bool
) -> None:
    """Run an import in one transaction (on a current SQLite store through
    sqlite3 alone); a dry run rolls it back but still reports."""
    env = get_env(ctx)
    if dry_run:
        env.dry_run()
    try:
        with env.writing() as db:
            report = work(db)
            if dry_run:
                raise _DryRun(report)
    except _DryRun as dry:
        report = dry.report
        report.dry_run = True
    from plncrm.cli.import_summary import summary

    summary(report, as_json)


@import_app.command("linkedin")
def import_linkedin(
    ctx: typer.Context,
    file: FileArg,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    tag: TagOpt = None,
    met_at: MetAtOpt = None,
    met_on: MetOnOpt = None,
    json: JsonOpt = False,
) -> None:
    """LinkedIn's Connections.csv (any vintage); "Connected On" becomes a first interaction."""
    from plncrm.importers import linkedin

    run_import(
        ctx,
        linkedin.read(read_input(file)),
        dry_run=dry_run,
        strict=strict,
        tags=tag,
        as_json=json,
        note="Connected on LinkedIn",
        source="linkedin",
        met_at=met_at,
        met_on=met_on,
    )


@import_app.command("vcard")
def import_vcard(
    ctx: typer.Context,
    file: FileArg,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    tag: TagOpt = None,
    met_at: MetAtOpt = None,
    met_on: MetOnOpt = None,
    json: JsonOpt = False,
) -> None:
    """A .vcf file with one card or many (vCard 2.1, 3.0 or 4.0)."""
    from plncrm.importers import vcard

    run_import(
        ctx,
        vcard.read(read_input(file)),
        dry_run=dry_run,
        strict=strict,
        tags=tag,
        as_json=json,
        note="Connected",
        source="vcard",
        met_at=met_at,
        met_on=met_on,
    )


@import_app.command("csv")
def import_csv(
    ctx: typer.Context,
    file: FileArg,
    mapping: Annotated[
        list[str] | None, typer.Option("--map", help="FIELD=Header, e.g. org=School (repeatable).")
    ] = None,
    dry_run: DryRunOpt = False,
    strict: StrictOpt = False,
    tag: TagOpt = None,
    met_at: MetAtOpt = None,
    met_on: MetOnOpt = None,
    keep_unmapped: Annotated[
        bool,
        typer.Option("--keep-unmapped", help="Keep unread columns in notes, as 'Column: value'."),
    ] = False,
    split: Annotated[
        str | None,
        typer.Option(
            "--split",
            metavar="SEP",
            help="What separates several tags, emails or links in a cell (default: ; , |).",
        ),
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option(
            "--date-order",
            metavar="mdy|dmy|ymd",
            help="How dates such as 3/4/2026 read (default: pln config date-order).",
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """A spreadsheet of contacts; columns are found by their headers (name, email, company, where
    we met…). Fields for --map: name, first, middle, last, prefix, suffix, other_names, pronouns,
    email, phone, org, role, past_roles, tags, notes, linkedin, twitter, bluesky, mastodon, link,
    needs, offers, met_at, met_on, via, cadence, communities, birthday, last_contacted."""
    from plncrm.importers import csv_import
    from plncrm.util.errors import Invalid

    if dry_run:  # before the setting is read: reading would create or upgrade the store
        get_env(ctx).dry_run()
    order, order_set = _date_order(ctx, date_order)

    overrides = {}
    for item in mapping or []:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise Invalid(f"--map takes FIELD=Header, not {item!r}")
        overrides[field.strip().lower()] = header.strip()
    unused: list[str] = []
    columns: list[ColumnOrder] = []
    options = csv_import.Options(
        get_env(ctx).today(),
        overrides,
        split or None,
        keep_unmapped,
        date_order=order,
        order_set=order_set,
    )
    records = csv_import.read(read_input(file), options, unused, columns)
    run_import(
        ctx,
        records,
        dry_run=dry_run,
        strict=strict,
        tags=tag,
        as_json=json,
        note="Connected",
        source="csv",
        met_at=met_at,
        met_on=met_on,
        unused=unused,
        kept=keep_unmapped,
        date_order=order,
        column_orders=columns,
    )


def _date_order(ctx: typer.Context, given: str | None) -> "tuple[DateOrder, bool]":
    """--date-order, else `pln config date-order`, else from the phone region
    or the locale; and whether it was set (--date-order or the setting), which
    a date column's own dates never overrule."""
    import os

    from plncrm.util.dates import DATE_ORDERS
    from plncrm.util.errors import Invalid

    if given is not None:
        for order in DATE_ORDERS:
            if given.strip().lower() == order:
                return order, True
        raise Invalid(f"--date-order takes {', '.join(DATE_ORDERS)}, not {given!r}")
    from plncrm.reads import settings

    here = next((os.environ[k] for k in ("LC_ALL", "LC_TIME", "LANG") if os.environ.get(k)), "")
    with get_env(ctx).reading() as reader:
        return settings.date_order(reader, here), settings.value(
            reader, "date-order"
        ) in DATE_ORDERS


@import_app.command("json")
def import_json(
    ctx: typer.Context, file: FileArg, dry_run: DryRunOpt = False, json: JsonOpt = False
) -> None:
    """A whole store exported by `pln export json` (merged into what is here)."""
    from plncrm.importers import json_format, json_merge, json_store

    document = json_format.loads(read_input(file))  # checked whole before anything is written

    def load(db: "Db") -> "Report":
        restore = json_store.restore if json_store.is_empty(db) else json_merge.merge
        return restore(db, document)

    _import(ctx, load, dry_run=dry_run, as_json=json)
