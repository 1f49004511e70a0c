"""`pln report`: the health of the network at a glance."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.app import JsonOpt, app, get_env
from plncrm.errors import Invalid

MAX_WIDTH = 100


@app.command("report")
def report(
    ctx: typer.Context,
    since: Annotated[
        str, typer.Option("--since", help="Start of the period, e.g. '6 months ago'.")
    ] = "90 days ago",
    save: Annotated[
        Path | None,
        typer.Option(
            "--save", help="Also write the drawn report to FILE.svg or FILE.html.", dir_okay=False
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Activity, growth, strike-outs, dormancy, introductions, reciprocity and lasting relationships."""
    from plncrm.dates import parse_date
    from plncrm.render import print_json

    if save is not None and save.suffix.lower() not in (".svg", ".html", ".htm"):
        raise Invalid("--save writes .svg or .html files")
    env = get_env(ctx)
    today = env.today()
    start = parse_date(since, today, prefer="past")
    if start > today:
        raise Invalid("--since must be a day in the past")
    from plncrm.report import facts, figures

    with env.transaction() as session:
        data = figures.build(facts.gather(session, start), start, today)
    if json:
        print_json(data)
    if save is not None or not json:
        _draw(data, today, save, quiet=json)


def _draw(data: dict[str, object], today: object, save: Path | None, *, quiet: bool) -> None:
    import io
    import sys

    from rich.console import Console

    from plncrm.cli.export import write_private
    from plncrm.render import console as make_console
    from plncrm.render.report import draw

    screen = make_console()
    console = Console(record=True, file=io.StringIO() if quiet else sys.stdout, width=min(screen.width, MAX_WIDTH),
                      highlight=False, emoji=False, force_terminal=None if not quiet else False)  # fmt: skip
    draw(console, data, today)  # type: ignore[arg-type]
    if save is not None:
        text = (
            console.export_svg(title="pln report")
            if save.suffix.lower() == ".svg"
            else console.export_html()
        )
        write_private(save, text.encode("utf-8"))
        if not quiet:
            Console(stderr=True).print(f"Saved {save}", markup=False, highlight=False)
