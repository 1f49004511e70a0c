"""Who did not come to an event: one rule for the agenda's line ("12
registered and did not come to …") and `pln event import`'s summary, so that
the two never give two numbers for one store. Pure, and light enough for
`pln due` to import."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def no_show_ids(guests: Iterable[Mapping[str, Any]]) -> list[int]:
    """The contacts of an event's guest rows (`event_guest` columns, in the
    caller's order) who said yes, are not recorded as having come, and have
    not been sent the recording yet. Until anyone is recorded as having come,
    who did not come is unknown: nobody."""
    rows = list(guests)
    if not any(g["attended"] for g in rows):
        return []
    return [
        g["contact_id"]
        for g in rows
        if g["rsvp"] == "yes" and not g["attended"] and g["recording_on"] is None
    ]
