"""When a keep-in-touch cadence counts from: one rule for the agenda, the
report, and the index that finds dormant contacts. Pure."""

from __future__ import annotations

from datetime import date


def last_touch(
    last_contacted: date | None, met_on: date | None, added_on: date | None
) -> date | None:
    """The last interaction, else the day we met, else the day they were added."""
    return last_contacted or met_on or added_on
