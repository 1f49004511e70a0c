"""Drawing what happened across the network (`pln interactions`): one line
per interaction, the note cut with "…" to fit, every word literal."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from plncrm.render import lit, say, short_date, show

# The widest each column may grow, those cut with "…" when short of room
# (dates and kinds never are), and those left out first when even that fails.
MAX_WIDTH = {"with": 28, "note": 60, "event": 24}
FLEXIBLE = {"with": 8, "note": 10, "event": 8}
OPTIONAL = ("event", "id")


def _names(people: Sequence[Mapping[str, Any]]) -> str:
    return ", ".join(str(p["name"]) for p in people)


def _with(view: Mapping[str, Any]) -> str:
    shown = _names(view["with"])
    about = _names(view["about"])
    return f"{shown} (about {about})" if shown and about else shown or f"about {about}"


def interactions_table(
    views: Sequence[Mapping[str, Any]],
    today: date,
    *,
    header: bool = True,
    one_event: bool = False,
) -> None:
    """The table of interactions, newest first, fitted to the terminal (a long
    list comes a batch at a time, the header on the first). `one_event`: all
    at the event `--event` names, so no column repeats it and the note has
    its room."""
    from plncrm.render.fit import fitted_table

    rows = [
        {
            "id": lit(str(v["id"])),
            "date": lit(short_date(v["date"], today)),
            "kind": lit(v["kind"]),
            "with": lit(_with(v)),
            "note": lit(v["note"]),
            **({} if one_event else {"event": lit(v["event"]["name"] if v["event"] else "")}),
        }
        for v in views
    ]
    table = fitted_table(
        rows,
        flexible={n: low for n, low in FLEXIBLE.items() if not one_event or n != "event"},
        optional=OPTIONAL,
        max_width=MAX_WIDTH,
        styles={"id": "dim", "kind": "dim"},
        show_header=header,
    )
    show(table)


def shown_of(shown: int, total: int) -> None:
    """How many were shown, and how to see the rest."""
    plural = "s" if total != 1 else ""
    if not total:
        say("No interactions match.")
    elif shown < total:
        say(f"Showing the newest {shown:,} of {total:,}: {total - shown:,} more with -n 0 (all)")
    else:
        say(f"{total:,} interaction{plural}")
