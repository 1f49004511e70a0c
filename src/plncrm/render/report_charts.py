"""The HTML report's charts as inline SVG, drawn by pygal from the series of
`pln report --json` (docs/report.md says why pygal). Imported only for
`--html`: pygal (and lxml, when installed) cost tens of milliseconds.

pygal writes each chart with its own copy of its stylesheet, a random id and
a comment dated by the wall clock. `Charts` takes all three out (the sheet
is kept once for the page, scoped to `.pygal-chart`), so that two reports of
the same data are the same bytes and ten charts stay small."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
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
        self.chart = ""  # the class of the chart being drawn, for the rules of its own series

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
        """Keep a chart's rules for the page; those of its own series (a dashed
        goal line is `.series.serie-N`) only for that chart: the third series of
        every chart after it was dashed."""
        for rule in sheet.replace("\n", "").split("}"):
            if "{" not in rule:
                continue
            selectors, body = rule.split("{", 1)
            scoped = ",".join(
                f".pygal-chart{'.' + self.chart if _SERIES.search(s) else ''} {s.strip()}".rstrip()
                for s in selectors.split(",")
            )
            self.rules.setdefault(f"{scoped}{{{body}}}", None)

    def draw(self, chart: Graph, title: str) -> str:
        self.chart = "chart-" + re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        chart.add_xml_filter(self._keep_style)
        chart.title = None
        svg = _ATTRIBUTE.sub(_rounded, chart.render(is_unicode=True))
        svg = svg.replace('class="pygal-chart"', f'class="pygal-chart {self.chart}"', 1)
        # The chart's name for screen readers, and a class the browser test finds.
        head = f'<svg role="img" aria-label="{_attr(title)}" data-chart="{_attr(title)}" '
        return svg.replace("<svg ", head, 1).replace("<title>Pygal</title>", "", 1)


_SERIES = re.compile(r"\.series(\.serie-\d+)?\s*$")


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


LEGEND_COLUMNS = 2  # the follow-up chart's legend: event names are long
LEGEND_ROOM = 300  # pixels of a legend column's 16-pixel words; a longer name is cut with "…"
LEGEND_ROW = 24  # pixels a row of the legend takes (1.5 × its 16-pixel font)


def _amount(value: object) -> str:
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}"
    return f"{int(value):,}" if isinstance(value, int | float) else ""


_SINGULAR = {
    "people": "person",
    "contacts": "contact",
    "introductions": "introduction",
    "resources": "resource",
}


def _counted(value: object, words: str) -> str:
    """ "1 contact added", "2 contacts added": the first word agrees."""
    first, _, rest = words.partition(" ")
    if value == 1:
        first = _SINGULAR.get(first, first)
    return f"{_amount(value)} {first} {rest}".rstrip()


def _tip(name: str, unit: str, several: bool) -> Callable[[object], str]:
    """A tooltip's value with its unit: "24 contacts added (events)", "6 given"."""

    def said(value: object) -> str:
        if value is None:
            return ""
        if not unit:
            return _counted(value, name)
        return _counted(value, unit) + (f" ({name})" if several else "")

    return said


_NARROW = frozenset("fijlrtI.,;:'!|()[] ")
_WIDE = frozenset("mwMW@%")


def _fits(name: str) -> str | dict[str, str]:
    """A legend entry no wider than its column: pygal cuts names by characters,
    and thirty W are three times as wide as thirty i. Cut, its tooltip is the
    whole name (as in the table)."""
    from unicodedata import east_asian_width

    used = 0.0
    for i, ch in enumerate(name):
        wide = ch in _WIDE or east_asian_width(ch) in ("W", "F")
        em = 0.35 if ch in _NARROW else 1.0 if wide else 0.72 if ch.isupper() else 0.62
        used += 16 * em
        if used > LEGEND_ROOM - 16:  # room for the "…"
            return {"title": name[:i].rstrip() + "…", "tooltip": name}
    return name


def _speed_tip(name: str, met: int, counts: dict[int, int]) -> Callable[[object], str]:
    def said(point: object) -> str:
        days, share = point if isinstance(point, tuple | list) else (0, 0)  # pygal: (x, y)
        day_s = "day" if days == 1 else "days"
        of = f" ({counts.get(int(days), 0)} of {met})" if days else ""
        return f"{name}: {share:g}% followed up within {days} {day_s}{of}"

    return said


def follow_up_speed(charts: Charts, speed: dict[str, Any]) -> str:
    """For each event, the share of people met followed up within so many
    days (a curve rising from day 0), and the window the headline calls in
    time (the follow-up-goal, else guard-days) as an upright dashed line: one
    past the axis (30 days) at its right end, its legend saying so."""
    import pygal

    from plncrm.render.report_readings import in_window, window

    events = sorted(speed["events"], key=lambda e: -int(e["met"]))[:CHARTED_EVENTS]
    days = sorted({int(k) for e in events for k in e["within"]})
    top = max(days, default=30)
    goal, whose = window(speed) if events else (None, "")  # no event: nothing to compare
    drawn_at = None if goal is None else min(int(goal), top)
    entries = len(events) + (goal is not None)
    chart = pygal.XY(
        **_options(
            range=(0, 100),
            xrange=(0, top),
            x_title="days after meeting",
            y_title="% followed up",
            x_labels=sorted(
                {0, *(days or [1, 2, 7, 30]), *([] if drawn_at is None else [drawn_at])}
            ),
            y_labels=list(range(0, 101, 10)),  # pygal's own, with no point: 0 to 1
            dots_size=3,
            stroke_style={"width": 2},
            legend_at_bottom_columns=LEGEND_COLUMNS,
            truncate_legend=-1,  # cut by width instead (_fits)
            height=300 + LEGEND_ROW * -(-entries // LEGEND_COLUMNS),
            # pygal makes room for entries // columns rows: one more when the last is short.
            margin_bottom=32 + LEGEND_ROW * (entries % LEGEND_COLUMNS),
            show_legend=bool(events),
        )
    )
    for event in events:
        met = int(event["met"]) or 1
        within = {int(d): int(n) for d, n in event["within"].items()}
        inside = None if goal is None else in_window(event, speed)
        if goal is not None and inside is not None and int(goal) <= top:
            within.setdefault(int(goal), inside)
        points = [(0, 0.0)] + [(d, round(100 * n / met, 1)) for d, n in sorted(within.items())]
        name = clean(event["event"])
        tip = _speed_tip(name, int(event["met"]), within)
        chart.add(_fits(name), points, formatter=tip)
    if goal is not None and drawn_at is not None:
        beyond = f" (beyond {top})" if int(goal) > top else ""  # at the right edge
        chart.add(
            f"{'goal' if whose == 'your goal' else whose}: {goal} days{beyond}",
            [(drawn_at, 0), (drawn_at, 100)],
            stroke_style={"width": 2, "dasharray": "6, 4"},
            show_dots=False,
        )
    if not events:
        chart.add("no event", [])  # pygal's XY fails on no series at all; this says "No data"
    return charts.draw(chart, "Follow-up speed")


def _shows_legend(series: dict[str, list[Any]]) -> bool:
    """A legend names what is drawn: not one series (the title says it), not
    series with nothing in them (an empty store's legend named nothing drawn)."""
    return len(series) > 1 and any(v for values in series.values() for v in values)


def stacked_bars(
    charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any], unit: str = ""
) -> str:
    import pygal

    every = {clean(name): list(v) for name, v in series.items()}
    shown = {name: v for name, v in every.items() if any(v)} or every
    chart = pygal.StackedBar(
        **_options(
            x_labels=list(labels),
            x_label_rotation=-30,
            show_legend=_shows_legend(shown),
            **_counts(list(shown.values()) or [[0]], stacked=True),
        )
    )
    for name, values in shown.items():
        chart.add(name, values, formatter=_tip(name, unit, len(shown) > 1))
    return charts.draw(chart, title)


def bars(
    charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any], unit: str = ""
) -> str:
    import pygal

    named = {clean(name): list(values) for name, values in series.items()}
    chart = pygal.Bar(
        **_options(
            x_labels=[clean(x) for x in labels],
            x_label_rotation=-30,
            show_legend=_shows_legend(named),
            **_counts(list(named.values())),
        )
    )
    for name, values in named.items():
        chart.add(name, values, formatter=_tip(name, unit, len(named) > 1))
    return charts.draw(chart, title)


def lines(
    charts: Charts, title: str, labels: Sequence[str], series: dict[str, Any], unit: str = ""
) -> str:
    import pygal

    named = {clean(name): list(values) for name, values in series.items()}
    chart = pygal.Line(
        **_options(
            x_labels=list(labels),
            x_label_rotation=-30,
            dots_size=3,
            fill=False,
            show_legend=_shows_legend(named),
            **_counts(list(named.values())),
        )
    )
    for name, values in named.items():
        chart.add(name, values, formatter=_tip(name, unit, len(named) > 1))
    return charts.draw(chart, title)
