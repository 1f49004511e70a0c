"""`pln report`: the health of the network at a glance."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from rich.console import Console

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
    """Activity, growth, strike-outs, dormancy, introductions, reciprocity, the
    events you hosted (registered, came, followed up) and lasting relationships."""
    from plncrm.render import print_json
    from plncrm.util.dates import parse_date

    if save is not None and save.suffix.lower() not in (".svg", ".html", ".htm"):
        raise Invalid("--save writes .svg or .html files")
    env = get_env(ctx)
    today = env.today()
    start = parse_date(since, today, prefer="past")
    if start > today:
        raise Invalid("--since must be a day in the past")
    from plncrm.report import facts, figures

    with env.reading() as reader:
        data = figures.build(facts.gather(reader, start), start, today)
    if save is not None:
        _save(data, today, save)  # first: a file that cannot be written stops here
    if json:
        print_json(data)
    elif save is not None:
        _draw(data, today)
        from rich.text import Text

        from plncrm.render import console

        console(stderr=True).print(Text("Saved " + str(save)))
    else:
        _draw(data, today)


def _console(**options: Any) -> "Console":
    from rich.console import Console

    from plncrm.render import console as make_console

    width = min(make_console().width, MAX_WIDTH)
    return Console(width=width, highlight=False, emoji=False, markup=False, **options)


def _draw(data: dict[str, object], today: date) -> None:
    from plncrm.render.report import draw

    draw(_console(), data, today)


def _save(data: dict[str, object], today: date, save: Path) -> None:
    """Draw the report off screen and write it as SVG or HTML."""
    import io

    from plncrm.render.report import draw
    from plncrm.util.files import write_file

    recorder = _console(record=True, file=io.StringIO(), force_terminal=True)
    draw(recorder, data, today)
    svg = save.suffix.lower() == ".svg"
    text = recorder.export_svg(title="pln report") if svg else recorder.export_html()
    write_file(save, text.encode("utf-8"))
