"""The HTML report's charts as inline SVG, drawn by pygal from the series of
`pln report --json` (docs/report.md says why pygal). Imported only for
`--html`: pygal (and lxml, when installed) cost tens of milliseconds.

pygal writes each chart with its own copy of its stylesheet, a random id and
a comment dated by the wall clock. `Charts` takes all three out (the sheet
is kept once for the page, scoped to `.pygal-chart`), so that two reports of
the same data are the same bytes and ten charts stay small."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.util.text import one_line

if TYPE_CHECKING:
    from pygal.graph.graph import Graph

# Colours legible on white and on near-black alike (the page's text colours
# are CSS variables, switched by prefers-color-scheme).
PALETTE = ("#2f7dd1", "#e08a1e", "#2aa876", "#c94f7c", "#8a6fd1", "#7f8c8d", "#d64541")
CHARTED_EVENTS = 8  # the follow-up chart draws the largest events; the table lists all


def clean(text: object) -> str:
    """One line without control characters: lxml refuses them, and a name
    from the store may hold any."""
    return one_line(str(text))


class Charts:
    """Draws charts one after the other and keeps their stylesheet once."""

    def __init__(self) -> None:
        self.rules: dict[str, None] = {}  # pygal's CSS rules, scoped, in order, once each

    def css(self) -> str:
        return "".join(self.rules)

    def _keep_style(self, root: Any) -> Any:
        """The XML filter: drop the comments and the per-chart sheet and id."""
        from pygal.etree import etree

        root.attrib.pop("id", None)
        for child in list(root):
            if child.tag is etree.Comment:
                root.remove(child)
            elif child.tag == "defs" or str(child.tag).endswith("}defs"):
                for node in list(child):
                    if str(node.tag).endswith("style"):
                        self._scope(node.text or "")
                    child.remove(node)  # the sheet, and the config pygal's script reads
        for node in list(root.iter()):
            _tooltip(node, etree)
        return root

    def _scope(self, sheet: str) -> None:
        for rule in sheet.replace("\n", "").split("}"):
            if "{" not in rule:
                continue
            selectors, body = rule.split("{", 1)
            scoped = ",".join(f".pygal-chart {s.strip()}".rstrip() for s in selectors.split(","))
            self.rules.setdefault(f"{scoped}{{{body}}}", None)

    def draw(self, chart: Graph, title: str) -> str:
        chart.add_xml_filter(self._keep_style)
        chart.title = None
        svg = _ATTRIBUTE.sub(_rounded, chart.render(is_unicode=True))
        # The chart's name for screen readers, and a class the browser test finds.
        head = f'<svg role="img" aria-label="{_attr(title)}" data-chart="{_attr(title)}" '
        return svg.replace("<svg ", head, 1).replace("<title>Pygal</title>", "", 1)


def _tooltip(node: Any, etree: Any) -> None:
    """pygal's tooltips are drawn by its script from <desc> elements (the
    value, the label, where to draw it); without the script, a <title> gives
    the browser's own tooltip: "2026-09: 30"."""
    descs = {d.get("class", "").split(" ")[0]: d for d in node if str(d.tag).endswith("desc")}
    if not descs:
        return
    words = [descs[k].text or "" for k in ("x_label", "value") if k in descs]
    for d in descs.values():
        node.remove(d)
    title = etree.Element("title")
    title.text = ": ".join(w for w in words if w)
    node.insert(0, title)


_ATTRIBUTE = re.compile(r'="([^"]*)"')
_DIGITS = re.compile(r"(\.\d)\d+")


def _rounded(match: re.Match[str]) -> str:
    """Coordinates to a tenth of a pixel: pygal writes fifteen digits."""
    return '="' + _DIGITS.sub(r"\1", match.group(1)) + '"'


def _attr(text: str) -> str:
    from html import escape

    return escape(clean(text), quote=True)


def _options(**extra: Any) -> dict[str, Any]:
    from pygal.style import Style

    style = Style(
        background="transparent",
        plot_background="transparent",
        foreground="var(--fg)",
        foreground_strong="var(--fg)",
        foreground_subtle="var(--grid)",
        opacity=".85",
        opacity_hover=".95",
        colors=PALETTE,
        font_family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
        label_font_size=15,
        major_label_font_size=15,
        legend_font_size=16,
        value_font_size=13,
        no_data_font_size=24,
        guide_stroke_color="var(--grid)",
        major_guide_stroke_color="var(--grid)",
        stroke_width="2.5",
    )
    options: dict[str, Any] = {
        "style": style,
        "js": [],
        "disable_xml_declaration": True,
        "explicit_size": False,
        "no_prefix": True,
        "width": 800,
        "height": 360,
        "legend_at_bottom": True,
        "legend_at_bottom_columns": 3,
        "print_values": False,
        "show_minor_x_labels": True,
        "truncate_legend": 40,
        "truncate_label": 20,
        "margin": 8,
        "margin_bottom": 32,
        "no_data_text": "Nothing in this period",
    }
    options.update(extra)
    return options


def whole_ticks(values: Sequence[float]) -> list[int]:
    """Ticks of a count axis from 0: whole numbers a round step apart (pygal's
    own would put 0.2, 0.4 … under counts of people)."""
    top = max([1, *values])
    step = next(m * 10**e for e in range(16) for m in (1, 2, 5) if top <= 8 * m * 10**e)
    last = -(-int(top) // step) * step
    return list(range(0, last + 1, step))


def _counts(series: Sequence[Sequence[float]], stacked: bool = False) -> dict[str, Any]:
    """The options of a chart of counts: whole ticks from zero."""
    values = (
        [sum(col) for col in zip(*series, strict=True)]
        if stacked
        else [v for s in series for v in s]
    )
    ticks = whole_ticks(values)
    return {"y_labels": ticks, "range": (0, ticks[-1]), "include_x_axis": True}


def follow_up_speed(charts: Charts, speed: dict[str, Any]) -> str:
    """For each event, the share of people met followed up within so many
    days (a curve rising from day 0), and the goal as an upright dashed line."""
    import pygal

    events = sorted(speed["events"], key=lambda e: -int(e["met"]))[:CHARTED_EVENTS]
    days = sorted({int(k) for e in events for k in e["within"]})
    top = max(days, default=30)
    chart = pygal.XY(
        **_options(
            range=(0, 100),
            xrange=(0, top),
            x_title="days after meeting",
            y_title="% followed up",
            x_labels=[0, *days],
            dots_size=3,
            stroke_style={"width": 2},
        )
    )
    goal = speed.get("goal_days")
    for event in events:
        met = int(event["met"]) or 1
        within = {int(d): int(n) for d, n in event["within"].items()}
        if goal is not None and event.get("within_goal") is not None:
            within.setdefault(int(goal), int(event["within_goal"]))
        points = [(0, 0.0)] + [(d, round(100 * n / met, 1)) for d, n in sorted(within.items())]
        chart.add(clean(event["event"]), points)
    if goal is not None:
        chart.add(
            f"goal: {goal} days",
            [(int(goal), 0), (int(goal), 100)],
            stroke_style={"width": 2, "dasharray": "6, 4"},
            show_dots=False,
        )
    if not events and goal is None:
        chart.add("no event", [])  # pygal's XY fails on no series at all; this says "No data"
    return charts.draw(chart, "Follow-up speed")


def stacked_bars(charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any]) -> str:
    import pygal

    every = {clean(name): list(v) for name, v in series.items()}
    shown = {name: v for name, v in every.items() if any(v)} or every
    chart = pygal.StackedBar(
        **_options(
            x_labels=list(labels),
            x_label_rotation=-30,
            **_counts(list(shown.values()) or [[0]], stacked=True),
        )
    )
    for name, values in shown.items():
        chart.add(name, values)
    return charts.draw(chart, title)


def bars(charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any]) -> str:
    import pygal

    chart = pygal.Bar(
        **_options(
            x_labels=[clean(x) for x in labels],
            x_label_rotation=-30,
            **_counts(list(series.values())),
        )
    )
    for name, values in series.items():
        chart.add(clean(name), list(values))
    return charts.draw(chart, title)


def lines(charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any]) -> str:
    import pygal

    chart = pygal.Line(
        **_options(
            x_labels=list(labels),
            x_label_rotation=-30,
            dots_size=3,
            fill=False,
            **_counts(list(series.values())),
        )
    )
    for name, values in series.items():
        chart.add(clean(name), list(values))
    return charts.draw(chart, title)


CELL, GAP, LEFT, TOP = 13, 3, 34, 18


def month_marks(start: date, end: date) -> list[tuple[int, str]]:
    """(week column, month name) for each month of the period, placed at the
    week of its first day in the period; a month whose few days leave no room
    before the next one's name gives way to it."""
    from datetime import timedelta

    monday = start - timedelta(days=start.weekday())
    marks: list[tuple[int, str]] = []
    day = start
    while day <= end:
        column = (day - monday).days // 7
        if marks and column < marks[-1][0] + 2:
            marks.pop()
        marks.append((column, day.strftime("%b")))
        day = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
    return marks


def heat_map(activity: dict[str, Any]) -> str:
    """A calendar of the period, a column a week and Monday at the top, each
    day shaded by how many people were in touch (pygal has no calendar chart:
    a grid of squares is drawn directly, each with its day and count)."""
    from datetime import timedelta

    start = date.fromisoformat(activity["from"])
    end = date.fromisoformat(activity["to"])
    days: dict[str, int] = activity["days"]
    monday = start - timedelta(days=start.weekday())
    weeks = (end - monday).days // 7 + 1
    peak = max(days.values(), default=0)
    step = CELL + GAP
    # Room on the right for a month named over the last week.
    width, height = LEFT + weeks * step + 2 * CELL, TOP + 7 * step + 4
    parts = [
        f'<svg role="img" aria-label="Activity" data-chart="Activity" class="heat-map" '
        f'width="{2 * width}" height="{2 * height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for column, name in month_marks(start, end):
        parts.append(f'<text class="month" x="{LEFT + column * step}" y="12">{name}</text>')
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(f'<text x="0" y="{TOP + row * step + CELL - 2}">{name}</text>')
    day = start
    while day <= end:
        count = days.get(day.isoformat(), 0)
        level = 0 if not count else min(4, 1 + (count - 1) * 4 // max(peak, 1))
        x = LEFT + (day - monday).days // 7 * step
        y = TOP + day.weekday() * step
        # Size and colour come from the page's stylesheet: a year is 365 squares.
        title = f"<title>{day.isoformat()}: {count}</title>" if count else ""
        parts.append(f'<rect x="{x}" y="{y}" class="h{level}">{title}</rect>')
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)
