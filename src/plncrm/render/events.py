"""Drawing events and communities."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from plncrm.render import lit, show

if TYPE_CHECKING:
    from rich.text import Text

    from plncrm.core.view_shapes import CommunityView, EventView, FollowUpView, GuestView


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
        rows.append(
            {
                "id": lit(str(e["id"])),
                "when": lit(_short_when(e, today)),
                "event": name,
                "kind": lit(e["kind"]),
                "where": lit(e["where"]),
                "met": lit(str(c["met"])),
                "invited": lit(str(c["invited"])),
                "yes": lit(str(c["yes"])),
                "came": lit(str(c["attended"])),
            }
        )
    table = fitted_table(
        rows,
        flexible=EVENT_FLEXIBLE,
        optional=EVENT_OPTIONAL,
        max_width=EVENT_MAX_WIDTH,
        right=("id", "met", "invited", "yes", "came"),
    )
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


def _answer(g: GuestView) -> str:
    """A guest's answer, and for one who said yes and is not counted as having
    come, the minutes they stayed (under --min-minutes) and the recording sent."""
    answer = g["rsvp"] or "no answer yet"
    if not g["attended"] and g["minutes"] is not None:
        answer += f", {g['minutes']} min, not counted as attended"
    elif not g["attended"] and g["recording_on"]:
        answer += ", did not come"
    if g["recording_on"] and not g["attended"]:  # a no-show: `event thank --no-shows`
        answer += f"; recording sent {g['recording_on']}"
    return answer


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

    invited: list[tuple[str, str]] = []
    registered: list[tuple[str, str]] = []  # with the organiser of an event not ours
    attended: list[tuple[str, str]] = []
    for g in event["guests"]:
        name = g["contact"]["name"]
        if g["invited_on"]:
            invited.append((name, _answer(g)))
        elif g["rsvp"]:
            registered.append((name, _answer(g)))
        if g["attended"]:
            spent = [f"{g['minutes']} min"] if g["minutes"] is not None else []
            # Sent the recording, then found to have come: both, never one for the other.
            sent = [f"recording sent {g['recording_on']}"] if g["recording_on"] else []
            thanked = [f"thanked {g['thanked_on']}"] if g["thanked_on"] else []
            attended.append((name, ", ".join(spent + sent + thanked)))
    people("met there", [(c["name"], c["met_on"] or "") for c in event["met"]])
    people("invited", invited)
    people("registered", registered)
    people("attended", attended)
    people("open follow-ups", _follow_up_rows(event["follow_ups"]))
    title = lit(event["name"], "bold")
    title.append(f"  #{event['id']}", style="dim")
    show(Panel(Group(*parts), title=title, title_align="left", expand=False))  # type: ignore[arg-type]


COMMUNITY_FLEXIBLE = {"community": 16, "focus": 12}


NAMES_IN_GROUP = 3  # a group of follow-ups with one title names this many


def _follow_up_rows(tasks: Sequence[FollowUpView]) -> list[tuple[str, str]]:
    """One row per follow-up; follow-ups sharing a title (the strike-out
    guards of 46 people met at one booth) are one row that counts them and
    names the first few (`--json` lists them all)."""
    by_title: dict[str, list[FollowUpView]] = {}
    for t in tasks:
        by_title.setdefault(t["title"], []).append(t)
    rows = []
    for title, group in by_title.items():
        if len(group) == 1:
            [t] = group
            who = t["contact"]["name"] if t["contact"] else ""
            rows.append((f"#{t['id']} {title}", f"{who} due {t['due']}"))
            continue
        names = [
            f"{t['contact']['name']} #{t['id']}" if t["contact"] else f"#{t['id']}"
            for t in group[:NAMES_IN_GROUP]
        ]
        more = len(group) - len(names)
        days = sorted(t["due"] for t in group if t["due"])
        due = f"due {days[0]}" + (f" to {days[-1]}" if days[-1] != days[0] else "") if days else ""
        rows.append((f"{title} — {len(group)} people", ""))
        rows.append((", ".join(names) + (f" and {more} more" if more else ""), due))
    return rows


def communities_table(items: Sequence[CommunityView]) -> None:
    """One line per community; where it meets (a URL, often) is never cut:
    when the table cannot hold it whole it goes on its own line below."""
    from rich.console import Group
    from rich.text import Text

    from plncrm.render import console
    from plncrm.render.fit import fit_columns, fitted_table

    if not items:
        show(lit("No communities. `pln community add NAME --focus TEXT` records one."))
        return
    rows = []
    for c in items:
        name: Text = lit(c["name"])
        if c["mine"]:
            name.append(" (yours)", style="dim")
        rows.append(
            {
                "id": lit(str(c["id"])),
                "community": name,
                "focus": lit(c["focus"]),
                "where": lit(c["where"]),
                "members": lit(str(c.get("members", ""))),
            }
        )
    fitted = fit_columns(
        rows, console().width, flexible=COMMUNITY_FLEXIBLE, optional=("where",), max_width={}
    )
    whole = "where" in fitted or not any(c["where"] for c in items)
    if not whole:
        rows = [{k: v for k, v in row.items() if k != "where"} for row in rows]
    table = fitted_table(
        rows, flexible=COMMUNITY_FLEXIBLE, optional=(), max_width={}, right=("id", "members")
    )
    if whole:
        show(table)
        return
    width = max(len(str(c["id"])) for c in items)
    below = [Text(f"{c['id']!s:>{width}}  ").append(lit(c["where"])) for c in items if c["where"]]
    show(Group(table, Text(""), Text("where they meet", style="bold"), *below))
