"""Keeping in touch: which cadence applies and when it counts from, one rule
for the agenda, the report, and the index that finds dormant contacts. Pure,
so that the agenda reads it without loading the store's ORM."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from plncrm.store.kinds import NEEDS_ADDRESS, NOT_A_FOLLOW_UP
from plncrm.util.dates import Interval, parse_interval

NEVER = "never"  # a contact's cadence that exempts them from their tags'


def follows_up(kind: str, has_address: bool = True) -> bool:
    """Whether a touchpoint of this kind reached someone, and so follows up
    meeting them: the one rule for the strike-out follow-up, the agenda and
    the report (see `kinds.NOT_A_FOLLOW_UP` and `kinds.NEEDS_ADDRESS`)."""
    return kind not in NOT_A_FOLLOW_UP and (has_address or kind not in NEEDS_ADDRESS)


def last_touch(
    last_contacted: date | None, met_on: date | None, added_on: date | None
) -> date | None:
    """The last interaction, else the day we met, else the day they were added."""
    return last_contacted or met_on or added_on


def effective_cadence(
    own: str | None, tag_keys: Iterable[str], tag_cadences: Mapping[str, Interval]
) -> Interval | None:
    """A contact's own cadence, else the shortest of their tags' defaults, else
    none; `never` exempts a contact from their tags' cadences."""
    if own == NEVER:
        return None
    if own:
        return parse_interval(own)
    candidates = [tag_cadences[t] for t in tag_keys if t in tag_cadences]
    return min(candidates, key=Interval.approx_days, default=None)
