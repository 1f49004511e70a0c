"""Drawing events and communities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.render import lit, show

if TYPE_CHECKING:
    from rich.text import Text

    from plncrm.render.views import CommunityView, EventView


def _dates(e: EventView) -> str:
    from plncrm.util.times import when

    if not e["starts_on"]:
        return "no date"
    return when(e["starts_on"], e["ends_on"], e["starts_at"], e["ends_at"], e["tz"])


EVENT_MAX_WIDTH = {"event": 40}
EVENT_FLEXIBLE = {"event": 24}  # cut no shorter; a place or URL is shown whole or not at all
EVENT_OPTIONAL = ("where", "kind", "came", "yes", "invited")


def events_table(events: Sequence[EventView], today: date) -> None:
    """One line per event: short dates, the time with its zone's abbreviation."""
    from plncrm.render.fit import fitted_table

    if not events:
        show(lit("No events. `pln event add NAME --on WHEN` records one."))
        return
    rows = []
    for e in events:
        c = e["counts"]
        name: Text = lit(e["name"])
        if e["hosted"]:
            name.append(" (hosted)", style="dim")
        rows.append({"id": lit(str(e["id"])), "when": lit(_short_when(e, today)), "event": name,
                     "kind": lit(e["kind"]), "where": lit(e["where"]), "met": lit(str(c["met"])),
                     "invited": lit(str(c["invited"])), "yes": lit(str(c["yes"])),
                     "came": lit(str(c["attended"]))})  # fmt: skip
    table = fitted_table(rows, flexible=EVENT_FLEXIBLE, optional=EVENT_OPTIONAL, max_width=EVENT_MAX_WIDTH,
                         right=("id", "met", "invited", "yes", "came"))  # fmt: skip
    show(table)


def _short_when(e: EventView, today: date) -> str:
    """ "Dec 10 16:00 CST", "Jun 28–Jul 1", "2027-03-04", "no date"."""
    from plncrm.render import short_date
    from plncrm.util.times import abbreviation

    if not e["starts_on"]:
        return "no date"
    text = short_date(e["starts_on"], today)
    if e["ends_on"] and e["ends_on"] != e["starts_on"]:
        text += "–" + short_date(e["ends_on"], today)
    if e["starts_at"]:
        text += " " + e["starts_at"]
        if e["tz"]:
            text += " " + abbreviation(e["tz"], e["starts_on"], e["starts_at"])
    return text


def event_card(event: EventView) -> None:
    from rich.console import Group
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    head = Text(_dates(event))
    if event["kind"]:
        head.append(" · ").append(lit(event["kind"]))
    if event["where"]:
        head.append(" · ").append(lit(event["where"]))
    if event["hosted"]:
        head.append(" · hosted by you")
    parts: list[object] = [head]

    def people(title: str, rows: list[tuple[str, str]]) -> None:
        if not rows:
            return
        table = Table(
            box=None, pad_edge=False, title=title, title_justify="left", show_header=False
        )
        table.add_column()
        table.add_column(style="dim")
        for who, detail in rows:
            table.add_row(lit(who), lit(detail))
        parts.extend([Text(""), table])

    people("met there", [(c["name"], c["met_on"] or "") for c in event["met"]])
    people(
        "invited",
        [
            (g["contact"]["name"], g["rsvp"] or "no answer yet")
            for g in event["guests"]
            if g["invited_on"]
        ],
    )
    people("attended", [(g["contact"]["name"], f"thanked {g['thanked_on']}" if g["thanked_on"] else "")
                        for g in event["guests"] if g["attended"]])  # fmt: skip
    people("open follow-ups", [(f"#{t['id']} {t['title']}", f"{t['contact']['name'] if t['contact'] else ''} due {t['due']}")
                               for t in event["follow_ups"]])  # fmt: skip
    title = lit(event["name"], "bold")
    title.append(f"  #{event['id']}", style="dim")
    show(Panel(Group(*parts), title=title, title_align="left", expand=False))  # type: ignore[arg-type]


def communities_table(items: Sequence[CommunityView]) -> None:
    from rich.table import Table

    if not items:
        show(lit("No communities. `pln community add NAME --focus TEXT` records one."))
        return
    table = Table(show_edge=False, pad_edge=False)
    for column in ("id", "community", "focus", "where", "members"):
        table.add_column(column, justify="right" if column == "members" else "left")
    for c in items:
        name: Text = lit(c["name"])
        if c["mine"]:
            name.append(" (yours)", style="dim")
        table.add_row(str(c["id"]), name, lit(c["focus"]), lit(c["where"]), str(c["members"]))
    show(table)
