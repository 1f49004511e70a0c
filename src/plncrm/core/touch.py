"""Keeping in touch: which cadence applies and when it counts from, one rule
for the agenda, the report, and the index that finds dormant contacts. Pure,
so that the agenda reads it without loading the store's ORM."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import date, datetime, timezone

from plncrm.store.kinds import NEEDS_ADDRESS, NOT_A_FOLLOW_UP
from plncrm.store.plain import moment
from plncrm.util.intervals import Interval, parse_interval

NEVER = "never"  # a contact's cadence that exempts them from their tags'


def follows_up(kind: str, has_address: bool = True) -> bool:
    """Whether a touchpoint of this kind reached someone, and so follows up
    meeting them: the one rule for the strike-out follow-up, the agenda and
    the report (see `kinds.NOT_A_FOLLOW_UP` and `kinds.NEEDS_ADDRESS`)."""
    return kind not in NOT_A_FOLLOW_UP and (has_address or kind not in NEEDS_ADDRESS)


def stamped(value: object) -> datetime | None:
    """A stored moment in UTC, with its zone (SQLite's come back without)."""
    found = moment(value)
    if found is not None and found.tzinfo is None:
        found = found.replace(tzinfo=timezone.utc)
    return found


def recorded_together(first: datetime | None, then: datetime | None) -> bool:
    """Whether two records were made by one act, at one moment (`clock.held`):
    what a kiosk visit records with meeting someone (the gifts chosen, the
    invitation and its answer) is part of meeting them, and of the gift, not
    what followed either. Moments unknown (a record imported) are not."""
    return first is not None and then is not None and first == then


def follows_up_meeting(
    kind: str, has_address: bool, recorded: datetime | None, meeting: Collection[datetime]
) -> bool:
    """Whether a touchpoint follows up meeting someone: it reached them
    (`follows_up`) and was not recorded together with meeting them (one of
    `meeting`, the moments their meeting was recorded: the "met at" touch,
    the strike-out follow-up, a consent at the booth). The one rule for the
    strike-out follow-up (`followups.satisfy_guards`) and the report."""
    if not follows_up(kind, has_address):
        return False
    return not any(recorded_together(m, recorded) for m in meeting)


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
