"""The report's trends in the terminal: sparklines of the series (▁▂▃▄▅▆▇█),
the comparison with the period before (arrows), and the team side by side.
Drawn from the report document (`report.document`), within 80 columns."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plncrm.render import lit
from plncrm.render import report_readings as readings
from plncrm.util.text import counted

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

BARS = "▁▂▃▄▅▆▇█"
SPARK_WIDTH = 26  # at most this many weeks or months drawn: a line within 80 columns
UP, DOWN, SAME = "↑", "↓", "="
SPEED_EVENTS = 8  # the latest events shown with their follow-up speed
# The headline numbers (`report.document.headline`) in the order shown, each
# with its words and whether fewer is better (an arrow down is good news).
HEADLINE: tuple[tuple[str, str, bool], ...] = (
    ("touchpoints", "touchpoints", False),
    ("active_days", "active days", False),
    ("added", "contacts added", False),
    ("met_at_events", "met at events", False),
    ("followed_up_in_window", "followed up in time", False),
    ("follow_up_rate", "share followed up in time", False),
    ("median_days_to_follow_up", "median days to follow up", True),
    ("late", "past their cadence", True),
    ("introductions_proposed", "introductions proposed", False),
    ("introductions_made", "introductions made", False),
    ("given", "given", False),
    ("received", "received", False),
    ("resources_given", "resources given", False),
)


def sparkline(values: list[int], width: int = SPARK_WIDTH) -> str:
    """One bar a value, scaled to the largest: none the lowest bar, any the
    second at least; only the last `width` values when there are more."""
    shown = values[-width:]
    peak = max(shown, default=0)
    top = len(BARS) - 1
    return "".join(BARS[max(1, round(v * top / peak)) if v > 0 else 0] for v in shown)


def _sum(rows: list[list[int]]) -> list[int]:
    return [sum(column) for column in zip(*rows, strict=True)] if rows else []


def trend_rows(series: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(what, sparkline, in words) for each series drawn over time."""
    growth = series["growth"]
    added = _sum(list(growth["by_source"].values()))
    dormancy = series["dormancy"]["late"]
    intros = series["introductions"]
    give = series["give_take"]
    return [
        ("contacts added", sparkline(added), f"{sum(added)} in all"),
        (
            "past their cadence",
            sparkline(dormancy),
            f"{dormancy[-1] if dormancy else 0} at the period's end",
        ),
        ("intros proposed", sparkline(intros["proposed"]), f"{sum(intros['proposed'])} in all"),
        ("intros made", sparkline(intros["introduced"]), f"{sum(intros['introduced'])} in all"),
        ("given", sparkline(give["given"]), f"{sum(give['given'])} in all"),
        ("received", sparkline(give["received"]), f"{sum(give['received'])} in all"),
    ]


def trends(report: dict[str, Any], width: int = 76) -> RenderableType:
    """The series as sparklines, one a line, per week or month of the period;
    then follow-up speed per event against the goal."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    series = report["series"]
    unit = report["period"].get("unit", "week")
    table = Table(show_edge=False, pad_edge=False, box=None, padding=(0, 1), show_header=False)
    table.add_column("what", style="dim")
    table.add_column("trend", no_wrap=True, style="green")
    table.add_column("words")
    for what, line, words in trend_rows(series):
        table.add_row(what, line, words)
    parts: list[RenderableType] = [Text(f"Each bar one {unit}, oldest first", style="dim"), table]
    lateness = series["dormancy"].get("lateness")
    if lateness and any(lateness["counts"]):
        # "1–7 days: 57, 8–30: 159, …": within 80 columns with four-digit counts.
        labels = [lateness["labels"][0], *(x.removesuffix(" days") for x in lateness["labels"][1:])]
        bins = zip(labels, lateness["counts"], strict=True)
        parts.append(Text("Late today by " + ", ".join(f"{label}: {n}" for label, n in bins)))
    speed = series["follow_up_speed"]
    if speed["events"]:
        parts.append(_speed(speed, width))
        more = len(speed["events"]) - SPEED_EVENTS
        if more > 0:
            parts.append(Text(f"and {more} earlier events: pln report --json has them all"))
    if speed["events"] or speed.get("not_charted"):
        parts.append(lit(readings.follow_up_speed(speed)))
    return Group(*parts)


def _speed(speed: dict[str, Any], width: int = 76) -> RenderableType:
    """Each event's follow-up speed; a long event name cut with … so that
    the numbers keep their columns within `width` cells (80 columns' panel)."""
    from rich.table import Table

    goal = speed["goal_days"]
    table = Table(
        show_edge=False, pad_edge=False, box=None, padding=(0, 0, 0, 1), header_style="bold dim"
    )
    heads = ["met", "≤1d", "≤2d", "≤7d", "≤30d", "never"]
    if goal is not None:
        heads.append(f"≤goal {goal}d")
    rows: list[list[str]] = []
    for e in speed["events"][-SPEED_EVENTS:]:
        within = e["within"]
        row = [str(e["met"]), *(str(within[k]) for k in ("1", "2", "7", "30")), str(e["never"])]
        if goal is not None:
            row.append(_share(e["within_goal"], e["met"]))
        rows.append(row)
    numbers = sum(1 + max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(heads))
    room = max(width - numbers, len("follow-up speed"))
    table.add_column("follow-up speed", overflow="ellipsis", no_wrap=True, max_width=room)
    for name in heads:
        table.add_column(name, justify="right", no_wrap=True)
    for e, row in zip(speed["events"][-SPEED_EVENTS:], rows, strict=True):
        table.add_row(lit(e["event"]), *row)
    return table


def _share(part: int | None, whole: int) -> str:
    return "–" if part is None or not whole else f"{part / whole:.0%}"


def headline_rows(speed: dict[str, Any] | None) -> list[tuple[str, str, bool]]:
    """`HEADLINE` with "in time" said exactly: within how many days, and
    whose ("followed up within 2 days (your goal)"), from the follow-up
    chart's window (`series.follow_up_speed`)."""
    days, whose = readings.window(speed) if speed else (None, "")
    if days is None:
        return list(HEADLINE)
    within = f"within {counted(days, 'day')} ({whose})"
    exact = {
        "followed_up_in_window": f"followed up {within}",
        "follow_up_rate": f"share followed up {within}",
    }
    return [(key, exact.get(key, words), fewer) for key, words, fewer in HEADLINE]


def _number(value: int | float | None, key: str) -> str:
    if value is None:
        return "–"
    if key.endswith("rate"):
        return f"{value:.0%}"
    return f"{value:g}"


def arrow(change: int | float | None) -> str:
    if change is None:
        return ""
    return UP if change > 0 else DOWN if change < 0 else SAME


def comparison(report: dict[str, Any]) -> RenderableType:
    """This period's headline numbers against the period before's, with arrows."""
    from rich.table import Table
    from rich.text import Text

    compare = report["compare"]
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold dim")
    table.add_column("")
    table.add_column(report["period"]["label"], justify="right")
    table.add_column(compare["period"]["label"], justify="right")
    table.add_column("", justify="left")
    for key, words, fewer_better in headline_rows(report["series"]["follow_up_speed"]):
        moved = compare["change"][key]
        mark = arrow(moved)
        good = moved is not None and moved != 0 and (moved < 0) == fewer_better
        style = "" if not mark or mark == SAME else "green" if good else "red"
        table.add_row(
            words,
            _number(report["headline"][key], key),
            _number(compare["figures"][key], key),
            Text(mark, style=style),
        )
    return table


def draw_team(console: Console, data: dict[str, Any]) -> None:
    """Each member's headline numbers side by side: a row a number, a column a member."""
    from rich.table import Table
    from rich.text import Text

    members = data["members"]
    if not members:
        console.print(Text("Nobody has recorded anything yet."))
        return
    period = data["period"]
    console.print(Text(f"The team, {period['from']} to {period['to']}", style="bold underline"))
    table = Table(show_edge=False, pad_edge=False, box=None, header_style="bold dim")
    table.add_column("")
    for m in members:
        table.add_column(lit(m["member"]), justify="right", overflow="fold")
    for key, words, _ in headline_rows(data.get("follow_up")):
        table.add_row(words, *[_number(m["figures"][key], key) for m in members])
    console.print(table)
