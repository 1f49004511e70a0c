"""Drawing organisations: the list (`pln orgs`) and one of them (`pln org show`)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from plncrm.render import lit, say, short_date, show


def orgs_table(
    views: Sequence[Mapping[str, Any]],
    today: date,
    more: int = 0,
    hidden: int = 0,
    kind: str | None = None,
) -> None:
    """One line per organisation; how many more there are (`-n 0`: all), and
    how many nobody is or was at were left out (`--all`: them too)."""
    from plncrm.render.fit import fitted_table

    left_out = f"{hidden} that nobody is or was at: --all lists them." if hidden else ""
    if not views:
        if left_out:
            say("No organisation anyone is or was at; ", left_out)
        elif kind:
            from plncrm.util.text import with_article

            none = f"No organisation is {with_article(kind)}"
            say(f"{none}: pln org edit ORG --kind {kind} says one is.")
        else:
            show(lit("No organisations yet: a contact's --org makes one."))
        return
    rows = [
        {
            "id": lit(str(v["id"])),
            "organisation": lit(v["name"]),
            "kind": lit(v["kind"] or ""),
            "people": lit(str(v["people"])),
            "last touch": lit(short_date(v["last_touch"], today)),
            "open": lit(str(v["open_follow_ups"] or "")),
        }
        for v in views
    ]
    show(
        fitted_table(
            rows,
            flexible={"organisation": 16},
            optional=("kind", "last touch"),
            max_width={"organisation": 48},
            styles={"id": "dim", "organisation": "bold"},
        )
    )
    if more:
        say(f"{more} more: -n 0 lists them all.")
    if left_out:
        say("Not listed: ", left_out)


def _spaced(part: str) -> str:
    """A part on one line: its line breaks as spaces (the rest of what
    `one_line` does, `say` does: control and bidi characters taken out)."""
    return re.sub(r"[\r\n\t\v\f\x85\u2028\u2029]+", " ", part)


def _entry(indent: int, *parts: object) -> None:
    """One entry of the card, folded at the terminal's width with its further
    lines indented under it: a past role or a note can be long."""
    import textwrap

    from plncrm.render import console

    text = "".join(_spaced(str(p)) for p in parts if p is not None)
    room = max(console().width - indent - 2, 20)
    lines = textwrap.wrap(text, room, break_on_hyphens=False) or [""]
    say("\n".join(" " * (indent + (2 if n else 0)) + line for n, line in enumerate(lines)))


def org_card(view: Mapping[str, Any], today: date) -> None:
    """Who is there, who was, what happened, what is open; each entry folded
    to the terminal's width."""
    _entry(0, view["name"], f" (#{view['id']})", f" · {view['kind']}" if view["kind"] else "")
    if view.get("also_called"):
        _entry(2, "also called: ", "; ".join(view["also_called"]))
    say(f"  now ({len(view['people'])}):")
    for p in view["people"]:
        _entry(4, p["name"], f" — {p['role']}" if p["role"] else "", f" (#{p['id']})")
    if view["former"]:
        say(f"  before ({len(view['former'])}):")
        for p in view["former"]:
            _entry(4, p["name"], " — was ", p["was"], f" (#{p['id']})")
    for items, whose in (("open_follow_ups", "now"), ("former_open_follow_ups", "before")):
        if view.get(items):
            say(f"  open (people there {whose}):")
        for f in view.get(items) or ():
            due = short_date(f["due"], today)
            _entry(4, f"{due}  ", f["title"], " · ", f["who"], f" (#{f['id']})")
    if view["timeline"]:
        say("  what happened:")
        for i in view["timeline"]:
            note = i["note"] or ""
            _entry(4, f"{i['on']}  {i['kind']}  ", i["with"], ": " if note else "", note)
