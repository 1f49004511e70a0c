"""Drawing the network health report: a heat map of activity and one panel per section."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from plncrm.render import lit, some_names
from plncrm.util import shell
from plncrm.util.text import counted

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
SHADES = ("grey23", "green4", "green3", "green1", "bright_green")
CELL = "■"
LEVELS = ("·", "░", "▒", "▓", "█")  # the shades drawn without colour (piped, saved, NO_COLOR)


def month_labels(
    since: date, today: date, weeks: int, width: int, per: int = 1, room: int | None = None
) -> str:
    """The months of the period over the heat map's columns (`per` weeks a
    column, `width` cells each), each at the column of the first week that
    starts in it (the first column's Monday may be in the month before the
    period: that month is not named). Where a name has no room before the
    next one, a month with under a week in the period gives way to it;
    otherwise the next name moves right until it fits, or, where a column
    holds weeks (a long period's months are two columns wide), is left out,
    and January is named by its year. Nothing is named past `room` cells."""
    start = since - timedelta(days=since.weekday())
    in_period = {(since.year, since.month), (today.year, today.month)}
    placed: list[tuple[int, str, date]] = []
    last = None
    for week in range(weeks):
        monday = start + timedelta(weeks=week)
        month = (monday.year, monday.month)
        if month == last:
            continue
        last = month
        if monday < since and month not in in_period:
            continue
        at = week // per * width
        # Condensed, a year's January is named by its year, before a month.
        name = str(monday.year) if per > 1 and monday.month == 1 else MONTHS[monday.month - 1]
        while per > 1 and name.isdigit() and len(placed) > 1 and _near(placed, at):
            placed.pop()
        if _near(placed, at):
            if _days_in(placed[-1][2], since, today) < 7:
                placed.pop()  # the previous month's few days: this one takes the room
            elif per > 1:
                continue
            else:
                at = placed[-1][0] + 4
        if room is not None and at + len(name) > room:
            break
        placed.append((at, name, monday))
    columns = -(-weeks // per)
    labels = [" "] * (max([columns * width] + [at + len(n) for at, n, _ in placed]) + 3)
    for at, name, _ in placed:
        labels[at : at + len(name)] = list(name)
    return "".join(labels).rstrip()


def _near(placed: list[tuple[int, str, date]], at: int) -> bool:
    """Whether a name at `at` would touch the last one placed."""
    return bool(placed) and at < placed[-1][0] + len(placed[-1][1]) + 1


def _days_in(day: date, since: date, today: date) -> int:
    """How many days of `day`'s month are in the period."""
    first = max(day.replace(day=1), since)
    after = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return max(0, (min(after - timedelta(days=1), today) - first).days + 1)


def heat_map(
    days: dict[str, int], since: date, today: date, room: int = 72, colour: bool = True
) -> RenderableType:
    """A contribution-graph calendar: a column a week, Monday at the top,
    within `room` cells: a period of more weeks than fit gets a column for
    two weeks or more (each square those weekdays' touchpoints), said under it.
    Without `colour` the levels are characters, so that a piped or saved map
    still says which days were busy."""
    from rich.text import Text

    start = since - timedelta(days=since.weekday())
    weeks = (today - start).days // 7 + 1
    gap = " " if weeks <= 26 and 2 * weeks <= room else ""
    per = 1 if gap else -(-weeks // max(room, 1))
    columns = -(-weeks // per)
    width = len(CELL + gap)
    grid_counts: list[list[int | None]] = [[None] * columns for _ in range(7)]
    for week in range(weeks):
        for weekday in range(7):
            day = start + timedelta(weeks=week, days=weekday)
            if since <= day <= today:
                cell = grid_counts[weekday][week // per] or 0
                grid_counts[weekday][week // per] = cell + days.get(day.isoformat(), 0)
    peak = max((n for row in grid_counts for n in row if n), default=0)
    labels = month_labels(since, today, weeks, width, per, room)
    grid = Text()
    grid.append_text(Text("    " + labels, style="dim"))
    grid.append("\n")
    for weekday, name in enumerate(("Mon", "", "Wed", "", "Fri", "", "Sun")):
        grid.append(f"{name:<4}", style="dim")
        for count in grid_counts[weekday]:
            if count is None:
                grid.append(" " + gap)
                continue
            top = len(SHADES) - 1
            level = 0 if count == 0 else min(top, 1 + (count - 1) * top // max(peak, 1))
            grid.append(*_cell(level, colour))
            grid.append(gap)
        grid.append("\n")
    grid.append("    less ", style="dim")
    for level in range(len(SHADES)):
        grid.append(*_cell(level, colour))
    grid.append(" more", style="dim")
    if per > 1:
        grid.append(f"; a column is {per} weeks", style="dim")
    return grid


def _table(
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    padding: tuple[int, int] | tuple[int, int, int, int] = (0, 1),
) -> RenderableType:
    from rich.table import Table

    table = Table(
        show_edge=False, pad_edge=False, box=None, header_style="bold dim", padding=padding
    )
    for i, name in enumerate(columns):
        table.add_column(name, justify="right" if i > 0 else "left")
    for row in rows:
        table.add_row(*[lit(v) if isinstance(v, str) else str(v) for v in row])
    return table


def _pct(rate: float | None) -> str:
    return "–" if rate is None else f"{rate:.0%}"


def _panel(title: str, *parts: RenderableType) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel

    return Panel(Group(*parts), title=title, title_align="left", border_style="dim")


def _strikeouts(s: dict[str, Any]) -> list[RenderableType]:
    from rich.text import Text

    from plncrm.core.strikeouts import GUARD_HORIZON_DAYS

    parts: list[RenderableType] = []
    if s["met"]:
        met = counted(s["met"], "person", "people")
        within = counted(s["window_days"], "day")
        median = s["median_days_to_follow_up"]
        if median is None:
            first = "none followed up yet"
        else:
            first = f"median {counted(median, 'day')} to the first follow-up"
        followed = f"{s['followed_up_in_window']} of {met} met at events followed up"
        parts.append(Text(f"{followed} within {within} ({_pct(s['rate'])}); {first}"))
    elif not s["recorded_late"]:
        parts.append(
            Text("Nobody met at events in this period: `pln add-contact NAME --met-at EVENT`.")
        )
    if s["recorded_late"]:
        late = s["recorded_late"]
        line = Text(
            f"Not counted: {counted(len(late), 'person', 'people')} met at events more than "
            f"{GUARD_HORIZON_DAYS} days before they were recorded (too late for a strike-out "
            "follow-up), not followed up since: "
        )
        line.append(lit(some_names([w["name"] for w in late])))
        events = {w["met_at"] for w in late}
        event = shell.command(events.pop()) if len(events) == 1 and None not in events else "EVENT"
        line.append(f" (pln list --met-at {event} lists them; pln follow-up REF TEXT)")
        parts.append(line)
    if s["waiting"]:
        more = len(s["waiting"]) - 10
        shown = s["waiting"][:10]
        waiting = [(w["name"], w["met_at"], "" if w["days"] is None else w["days"]) for w in shown]
        parts.append(_table(("still waiting", "met at", "days"), waiting))
        if more > 0:
            parts.append(Text(f"and {more} more: pln due lists them all"))
    return parts


GROWTH_ROWS = 10  # where the period's contacts came from, the largest; the rest in one line


def _growth(g: dict[str, Any]) -> list[RenderableType]:
    """How many were added and where from: a busy period's seventy events
    and communities, each on its row, ran over two screens."""
    from rich.text import Text

    origins = g["by_origin"]
    shown = origins if len(origins) <= GROWTH_ROWS + 1 else origins[:GROWTH_ROWS]
    rows = [(o["origin"], o["count"]) for o in shown]
    parts = [Text(f"{counted(g['added'], 'contact')} added"), _table(("came from", "added"), rows)]
    rest = origins[len(shown) :]
    if rest:
        more = f"{sum(o['count'] for o in rest):,} more"
        where = f"{len(rest)} other places"
        parts.append(Text(f"and {more} from {where}: pln report --json has them all"))
    return parts


def _resources(r: dict[str, Any]) -> RenderableType:
    from rich.text import Text

    if not r["given"]:
        return Text("No resources given in this period: `pln suggest` names who asked for one.")
    if r["people"] == 1:
        back = "they were" if r["came_back"] else "they were not"
    else:
        were = "was" if r["came_back"] == 1 else "were"
        back = f"{r['came_back']} of them {were}"
    share = "" if r["people"] == 1 else f" ({_pct(r['came_back_share'])})"
    people = counted(r["people"], "person", "people")
    return Text(f"{r['given']} given to {people}; {back} in touch again after it{share}")


def _hosted(events: list[dict[str, Any]]) -> RenderableType:
    """Each hosted event's funnel: registered, came, thanked, followed up; the
    no-shows and how many were sent the recording."""
    from rich.console import Group
    from rich.text import Text

    if not events:
        return Text("No event of yours in this period: `pln event add NAME --hosted`.")
    rows = [
        (
            e["name"],
            e["on"],
            _came(e),
            e["thanked"],
            e["followed_up"],
            f"{e['recording_sent']} of {e['no_shows']}" if e["no_shows"] else "",
        )
        for e in events
    ]
    # Two-line headers and one space between columns: six columns fit in 80
    # with the event's name whole (else "registered" was cut, the name folded).
    columns = ("event", "on", "came of\nregistered", "thanked", "followed\nup", "recording\nsent")
    table = _table(columns, rows, padding=(0, 0, 0, 1))
    walk_ins = [e for e in events if e["attended"] > e["registered_attended"]]
    lines = [
        Text(
            f"{e['name']}: {_came(e, ' registered came')}, "
            f"{e['attended'] - e['registered_attended']} more came unregistered"
        )
        for e in walk_ins
    ]
    return Group(table, *lines) if lines else table


def _came(e: dict[str, Any], said: str = "") -> str:
    """Who came, the share's base said: those registered who came, of all who
    registered ("3 of 5 (60%)"); who came unregistered is said apart, as a
    share of registrants counting them was over 100% or read as theirs."""
    if not e["registered"]:
        return f"{e['attended']} came"
    share = _pct(e["attended_share"])
    came = f"{e['registered_attended']} of {e['registered']}"
    return f"{came}{said} ({share})"


def _cell(level: int, colour: bool) -> tuple[str, str | None]:
    """A day's square at `level` (0: none), in colour or as a character."""
    return (CELL, SHADES[level]) if colour else (LEVELS[level], None)


def draw(console: Console, report: dict[str, Any], today: date) -> None:
    from rich.text import Text

    from plncrm.render.report_trends import comparison, trends

    period = report["period"]
    since = date.fromisoformat(period["since"])
    until = date.fromisoformat(period["until"])
    from plncrm.render.report_readings import period_words

    title = Text(f"Network health, {period_words(period)}", style="bold underline")
    if report.get("member"):
        title.append(" (recorded by ")
        title.append(lit(report["member"]))
        title.append(")")
    console.print(title)

    a = report["activity"]
    touchpoints = counted(a["total"], "touchpoint")
    summary = Text(f"{touchpoints} on {a['active_days']} of {a['period_days']} days")
    if a["busiest"]:
        summary.append(f"; busiest {a['busiest']['date']} ({a['busiest']['count']})")
    room = console.width - 8  # the panel's border and padding, the weekday names
    colour = console.color_system is not None and not console.no_color
    console.print(_panel("Activity", heat_map(a["days"], since, until, room, colour), summary))
    if "series" in report:
        console.print(_panel("Trends", trends(report, console.width - 4)))
    if report.get("compare"):
        # With its days: the quarter before a quarter so far is as many of its days.
        before = period_words(report["compare"]["period"])
        console.print(_panel(f"Against the period before: {before}", comparison(report)))

    g = report["growth"]
    if g["added"]:
        console.print(_panel("Growth", *_growth(g)))
    else:
        console.print(
            _panel(
                "Growth",
                Text("No contacts added in this period: `pln add-contact` after your next event."),
            )
        )

    console.print(_panel("Strike-outs", *_strikeouts(report["strikeouts"])))

    parts: list[RenderableType]

    d = report["dormancy"]
    if d["with_cadence"]:
        cadenced = counted(d["with_cadence"], "contact")
        overdue = f"{d['overdue']:,} of {cadenced} with a cadence past it"
        parts = [Text(f"{overdue} ({_pct(d['share'])})")]
        if d["most_overdue"]:
            most_overdue = [(o["name"], o["cadence"], o["days_overdue"]) for o in d["most_overdue"]]
            parts.append(_table(("most overdue", "every", "days late"), most_overdue))
        console.print(_panel("Dormancy", *parts))
    else:
        console.print(
            _panel(
                "Dormancy",
                Text("No keep-in-touch cadences yet: `pln edit REF --cadence '3 months'`."),
            )
        )

    funnel = report["introductions"]["funnel"]
    if funnel[0]["count"]:
        steps = [
            (f["step"], f["count"], _pct(f["of_proposed"]), _pct(f["of_previous"])) for f in funnel
        ]
        # "of the step before": "of previous" read as the period before, beside --compare
        steps_table = _table(("step", "count", "of proposed", "of the step before"), steps)
        console.print(_panel("Introductions", steps_table))
    else:
        console.print(_panel("Introductions", Text("No introductions yet: try `pln suggest`.")))

    r = report["reciprocity"]
    made = r["introductions_made"]
    of_them = f" ({made} of them introductions)" if made else ""
    given = f"You gave help {counted(r['given'], 'time')}{of_them}"
    parts = [Text(f"{given} and received it {counted(r['received'], 'time')}")]
    if r["largest_imbalance"]:
        imbalance = [(b["name"], b["given"], b["received"]) for b in r["largest_imbalance"]]
        parts.append(_table(("largest imbalance", "given", "received"), imbalance))
    elif not (r["given"] or r["received"]):
        parts = [Text("Nothing given or received logged yet: `pln log REF --kind gave -m …`.")]
    console.print(_panel("Reciprocity", *parts))

    console.print(_panel("Hosted events", _hosted(report["hosted_events"])))
    console.print(_panel("Free resources", _resources(report["resources"])))

    places = report["lasting"]["places"]
    if places:
        started = [(p["place"], p["lasting"], p["people"]) for p in places]
        places_table = _table(("where they started", "still in touch", "people"), started)
        console.print(_panel("Lasting relationships", places_table))
    else:
        console.print(
            _panel(
                "Lasting relationships",
                Text("Too early to tell: relationships count after 90 days."),
            )
        )
