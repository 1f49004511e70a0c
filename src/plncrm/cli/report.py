"""`pln report`: the health of the network at a glance."""

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from plncrm.cli.root import JsonOpt, app, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from rich.console import Console

    from plncrm.cli.environment import Environment
    from plncrm.report.periods import Period
    from plncrm.store.plain import Reader

MAX_WIDTH = 100


@app.command("report")
def report(
    ctx: typer.Context,
    since: Annotated[
        str, typer.Option("--since", help="Start of the period, e.g. '6 months ago'.")
    ] = "90 days ago",
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="The period instead: quarter, month (this one so far), last quarter, "
            "last month, 2026-Q3, 2026-09 or FROM..TO.",
        ),
    ] = None,
    member: Annotated[
        str | None,
        typer.Option("--member", help="Only what this member recorded (PLN_USER's name)."),
    ] = None,
    team: Annotated[
        bool,
        typer.Option("--team", help="Every member side by side (a shared PostgreSQL store)."),
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option("--compare", help="previous: this period against the one before."),
    ] = None,
    html: Annotated[
        str | None,
        typer.Option(
            "--html",
            help="Write the report with charts as one self-contained HTML page, "
            "instead of drawing it here (- : to standard output).",
        ),
    ] = None,
    save: Annotated[
        str | None,
        typer.Option("--save", help="FILE.html: the same as --html FILE.html."),
    ] = None,
    json: JsonOpt = False,
) -> None:
    """Activity, growth, strike-outs, dormancy, introductions, reciprocity, the
    events you hosted (registered, came, followed up) and lasting relationships."""
    from plncrm.render import print_json
    from plncrm.util.dates import parse_date

    target = _html_target(html, save, json, team)
    if compare is not None and compare != "previous":
        raise Invalid(f"--compare takes previous, not {compare!r}")
    if team and member is not None:
        raise Invalid("--team shows every member: leave out --member")
    env = get_env(ctx)
    if team and env.url.startswith("sqlite"):
        raise Invalid(
            "--team compares the members of a shared store, and this one is SQLite (one "
            "person's): point PLN_DB at the team's PostgreSQL store, or use --member NAME"
        )
    today = env.today()
    from plncrm.report import periods

    if period is not None:
        typed = ctx.get_parameter_source("since")
        if typed is not None and typed.name == "COMMANDLINE":
            raise Invalid("--period and --since both name the period: give one")
        chosen = periods.parse(period, today)
    else:
        chosen = periods.since(parse_date(since, today, prefer="past"), today)
    if team:
        _team(env, chosen, today, json)
        return
    data = _gather(env, chosen, today, member, compare is not None)
    if target is not None:
        said = _write_html(data, target)  # first: a file that cannot be written stops here
        if str(target) in STDOUT:
            return
        if not json:  # the file is what was asked for: one line, not the terminal report
            from plncrm.render import say

            say("Wrote ", str(target), said)
            return
    if json:
        print_json(data)
    else:
        _draw(data, today)


def _gather(
    env: "Environment", chosen: "Period", today: date, member: str | None, compare: bool
) -> dict[str, Any]:
    from plncrm.core.members import clean_name
    from plncrm.report import document, facts, periods

    who = clean_name(member) if member is not None else None
    with env.reading() as reader:
        if who is not None:
            _known_member(reader, who, today)
        earlier = periods.previous(chosen) if compare else None
        found, before = facts.for_period(reader, chosen, who, earlier)
    then = None if before is None or earlier is None else (before, earlier)
    return document.build(found, chosen, today, then, member=who)


def _known_member(reader: "Reader", name: str, today: date) -> None:
    """A member who recorded nothing is a typo more often than an idle colleague."""
    from plncrm.core import members
    from plncrm.util.errors import NotFound

    names = sorted(m.name for m in members.team(reader, today) if m.name)
    if name not in names:
        known = ", ".join(names) if names else "nobody yet"
        raise NotFound(f"no member named {name!r} has recorded anything (members: {known})")


def _team(env: "Environment", chosen: "Period", today: date, json: bool) -> None:
    """Every member's headline numbers side by side."""
    from plncrm.core import members
    from plncrm.render import print_json
    from plncrm.report import document, facts

    with env.reading() as reader:
        names = sorted(m.name for m in members.team(reader, today) if m.name)
        reports = {
            name: document.build(
                facts.for_period(reader, chosen, name)[0], chosen, today, member=name
            )
            for name in names
        }
    data = document.team(reports)
    if json:
        print_json(data)
        return
    from plncrm.render.report_trends import draw_team

    draw_team(_console(), data)


def _console(**options: Any) -> "Console":
    from rich.console import Console

    from plncrm.render import console as make_console

    width = min(make_console().width, MAX_WIDTH)
    return Console(width=width, highlight=False, emoji=False, markup=False, **options)


def _draw(data: dict[str, object], today: date) -> None:
    from plncrm.render.report import draw

    draw(_console(), data, today)


STDOUT = ("-", "/dev/stdout")


def _html_target(html: str | None, save: str | None, json: bool, team: bool) -> Path | None:
    """Where the HTML report goes: --html, or --save FILE.html, which wrote a
    picture of the terminal before there were charts (an .svg was that too)."""
    if save is not None:
        if html is not None:
            raise Invalid("--save FILE.html is --html FILE.html: give one of them")
        suffix = Path(save).suffix.lower()
        if suffix == ".svg":
            raise Invalid(
                "--save no longer writes SVG (it was a picture of the terminal): "
                "use --html FILE.html for the report with charts"
            )
        if suffix not in (".html", ".htm"):
            raise Invalid("--save writes FILE.html: use --html FILE")
        html = save
    option = "--html" if save is None else "--save"
    if html is None:
        return None
    if team:
        raise Invalid("--html draws one report: leave out --team, or use --member NAME")
    if json and html in STDOUT:
        raise Invalid("--html - writes the page to standard output: leave out --json")
    return _html_path(html, option)


# Names --html refuses for what they promise: the page is HTML whatever its name.
OTHER_FORMATS = {
    ".pdf": "then print it to PDF from a browser: each section prints on a page of its own",
    ".svg": "the charts are SVG inside it",
    ".png": "the charts are drawn inside it",
    ".jpg": "the charts are drawn inside it",
    ".jpeg": "the charts are drawn inside it",
    ".json": "--json prints the report's numbers",
    ".csv": "--json prints the report's numbers",
}


def _html_path(raw: str, option: str) -> Path:
    """The file a page goes to, checked as typed: a trailing slash or an empty
    name is a folder (a Path forgets both), a control character in the name is
    a paste gone wrong, and FILE.pdf would hold HTML under a name that says PDF."""
    from plncrm.util.text import strip_controls

    if raw in STDOUT:
        return Path(raw)
    if not raw.strip():
        raise Invalid(f"{option} needs a file name (- : standard output)")
    if strip_controls(raw) != raw or any(c in raw for c in "\n\r\t"):
        shown = raw.encode("unicode_escape").decode("ascii")
        raise Invalid(f"{option} {shown}: the name holds a control character (a newline?)")
    path = Path(raw)
    if raw.endswith("/") or path.is_dir():
        raise Invalid(f"{option} {raw} is a folder: name a file in it ({path / 'report.html'})")
    hint = OTHER_FORMATS.get(path.suffix.lower())
    if hint is not None:
        raise Invalid(
            f"{option} writes an HTML page, not {path.suffix[1:].upper()}: "
            f"name it {path.with_suffix('.html').name} ({hint})"
        )
    return path


def _write_html(data: dict[str, Any], target: Path) -> str:
    """Write the page; what it holds, in words: ": 6 sections, 91 KB, 2026-Q3 (…)"."""
    from plncrm.render.report_html import drawn, page
    from plncrm.render.report_readings import period_words
    from plncrm.util.files import write_file

    written = page(data).encode("utf-8")
    write_file(target, written)
    sections = drawn(data)
    size = max(1, round(len(written) / 1000))
    return (
        f": {sections} section{'' if sections == 1 else 's'}, {size} KB, "
        f"{period_words(data['period'])}"
    )
