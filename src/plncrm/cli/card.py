"""`pln card`: the user's own card as a QR code, for the card exchange at a booth."""

from pathlib import Path
from typing import Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

FORMATS = (".svg", ".png")


@app.command("card")
def card(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            help="Write the QR code to FILE.svg or FILE.png instead.",
            dir_okay=False,
        ),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Your own card (a vCard: my-name, my-email, my-phone, my-org, my-role, my-link)
    as a QR code a visitor's phone camera saves as a contact."""
    from plncrm.core import my_card
    from plncrm.exporters.vcard import card as vcard
    from plncrm.reads import settings
    from plncrm.render import print_json, say
    from plncrm.util import qr
    from plncrm.util.files import write_file

    kind = output.suffix.lower() if output is not None else ""
    if output is not None and kind not in FORMATS:
        raise Invalid(f"pln card writes .svg or .png files, not {output.name!r}")
    with get_env(ctx).reading() as reader:
        values = settings.effective(reader)
    me = my_card.me(values)
    text = vcard(my_card.view(me))
    if output is not None:
        title = f"{me.name}'s card"
        data = qr.svg(text, title=title).encode() if kind == ".svg" else qr.png(text)
        write_file(output, data)
    if json:
        print_json({"card": me.as_dict(), "vcard": text, "file": str(output) if output else None})
    elif output is not None:
        say("Wrote your card (", me.name, f") as a QR code to {output}")
    else:
        drawing = qr.terminal(text)
        say(drawing)
        say(me.name, ": scan with a phone's camera to save the card")
        _fits(drawing, get_env(ctx).stdout_isatty)


def _fits(drawing: str, terminal: bool) -> None:
    """Warn when the code is wider than the terminal: folded lines scan as nothing."""
    import shutil

    from plncrm.render import warn

    width = len(drawing.partition("\n")[0])
    columns = shutil.get_terminal_size().columns
    if terminal and width > columns:
        warn(f"the code is {width} columns wide, the terminal {columns}: widen it, or -o card.png")
