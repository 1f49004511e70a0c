"""The HTML report's parts the terminal's panels show beside the series: the
funnel of the events you hosted (a section of its own, when the period has
any) and who is still waiting for a first follow-up (under follow-up speed).
Both read the report document (`pln report --json`'s `"hosted_events"` and
`"strikeouts"`), as the terminal does, so the two say the same."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plncrm.render import report_charts as charts
from plncrm.util.text import counted

WAITING_SHOWN = 10  # as the terminal's strike-out panel; `pln due` lists them all


def _share(part: int, whole: int) -> str:
    return f" ({part / whole:.0%})" if whole else ""


def came(e: dict[str, Any]) -> str:
    """Who came of those registered ("5 of 7 (71%)"), as the terminal says it."""
    if not e["registered"]:
        return f"{e['attended']} came"
    of_them, registered = e["registered_attended"], e["registered"]
    return f"{of_them} of {registered}{_share(of_them, registered)}"


def hosted_reading(events: Sequence[dict[str, Any]]) -> str:
    """The funnel of all the period's hosted events in one sentence."""
    registered = sum(e["registered"] for e in events)
    of_them = sum(e["registered_attended"] for e in events)
    attended = sum(e["attended"] for e in events)
    unregistered = attended - of_them
    no_shows = sum(e["no_shows"] for e in events)
    said = [f"{counted(len(events), 'event')} of yours"]
    if registered:
        said.append(f"{of_them} of {registered} registered came{_share(of_them, registered)}")
    if unregistered:
        said.append(f"{unregistered} more came unregistered")
    said.append(
        f"of the {attended} who came, {sum(e['thanked'] for e in events)} thanked and "
        f"{sum(e['followed_up'] for e in events)} followed up"
    )
    if no_shows:
        sent = sum(e["recording_sent"] for e in events)
        said.append(f"the recording sent to {sent} of the {no_shows} who did not come")
    return "; ".join(said) + "."


def hosted_events(c: charts.Charts, events: Sequence[dict[str, Any]]) -> str:
    """Each hosted event's funnel: registered, came, thanked, followed up, and
    the recording sent to those who did not come."""
    from plncrm.render.report_html import figure, table

    steps = {
        "registered": [e["registered"] for e in events],
        "came": [e["attended"] for e in events],
        "thanked": [e["thanked"] for e in events],
        "followed up": [e["followed_up"] for e in events],
    }
    rows = [
        (
            e["name"],
            e["on"],
            came(e),
            e["attended"] - e["registered_attended"],
            e["thanked"],
            e["followed_up"],
            f"{e['recording_sent']} of {e['no_shows']}" if e["no_shows"] else "–",
        )
        for e in events
    ]
    head = ("event", "on", "came of registered", "came unregistered", "thanked")
    return figure(
        hosted_reading(events),
        charts.bars(c, "Hosted events", [e["name"] for e in events], steps, "people"),
        table(
            "Each event you hosted: who registered and came, thanked, followed up; "
            "the recording sent to those who did not come",
            [*head, "followed up", "recording sent"],
            rows,
        ),
    )


def waiting(strikeouts: dict[str, Any] | None) -> str:
    """Who is still waiting for a first follow-up today (the strike-out
    panel's list): the first ten, and how many more."""
    from plncrm.render.report_html import text

    people = (strikeouts or {}).get("waiting") or []
    if not people:
        return ""
    named = [
        f"{text(w['name'])} ({text(w['met_at'] or 'met')}"
        + ("" if w["days"] is None else f", {counted(w['days'], 'day')}")
        + ")"
        for w in people[:WAITING_SHOWN]
    ]
    more = len(people) - WAITING_SHOWN
    rest = f"; and {more} more: <code>pln due</code> lists them all" if more > 0 else ""
    return f'<p class="waiting">Still waiting for a first follow-up: {", ".join(named)}{rest}.</p>'
