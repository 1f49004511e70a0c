"""The HTML report's activity calendar as inline SVG: a column a week,
Monday at the top, each day shaded by how many people were in touch.

pygal has no calendar chart, so the grid of squares is written directly,
without pygal (`report_charts` draws the others): its size and colours come
from the page's stylesheet, so that a year's 365 squares stay small."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

CELL, GAP, LEFT, TOP = 13, 3, 34, 18


def month_marks(start: date, end: date) -> list[tuple[int, str]]:
    """(week column, month name) for each month of the period, placed at the
    week of its first day in the period; a month whose few days leave no room
    before the next one's name gives way to it."""
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
        said = f"{count:,} touchpoint" + ("" if count == 1 else "s")
        title = f"<title>{day.isoformat()}: {said}</title>" if count else ""
        parts.append(f'<rect x="{x}" y="{y}" class="h{level}">{title}</rect>')
        day += timedelta(days=1)
    parts.append("</svg>")
    return "".join(parts)
