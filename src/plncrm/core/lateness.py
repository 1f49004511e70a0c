"""One rule for "late", "waiting" and "snoozed": the agenda, the report and
the calendar all ask here, so that they give one answer. Pure, so that `pln
due` and the calendar read it without loading the store's ORM.

- A follow-up is due on the day it shows: its snooze's day, else its due day.
- Keeping in touch is due when the cadence runs out, counted from the last
  touch (`touch.last_touch`); a snooze or a dismissal of its line (`k31`)
  moves it to that day: "the cadence starts again today" means it is not
  late before the cadence comes round again.
- Late: due before today, by the days since. Something late is shown on
  today's date (the agenda's "Overdue", the calendar's entry of today), never
  on its old day, where no phone looks.
- A keep-in-touch line stands aside for a follow-up with the same person that
  shows within the agenda's window (`WITHIN` days): that follow-up already
  says to reach out.
- Still waiting: someone met whose strike-out follow-up (`core.strikeouts`)
  is still open, and who is not archived (`waiting_query`).
"""

from __future__ import annotations

from datetime import date, timedelta

from plncrm.core.touch import last_touch
from plncrm.store.kinds import FOLLOW_UP_OPEN, GUARD
from plncrm.util.intervals import Interval

WITHIN = 7  # the agenda's default window, and how near a follow-up covers keeping in touch

# Constants, not parameters, so that the planner matches the follow-up indexes.
_WAITING = (
    f"WHERE f.source = '{GUARD}' AND f.status IN ({', '.join(map(repr, FOLLOW_UP_OPEN))}) "
    "AND NOT c.archived"
)


def waiting_query(columns: str, narrower: str = "", *, event: bool = False) -> str:
    """SQL for "who is still waiting?", the one place it is asked: `columns`
    of each open strike-out guard `f` of a contact `c` not archived (with
    `event`, `e` is the event they were met at, if any), where `narrower`
    (SQL) holds too. The report's list and `pln event follow-up`
    (`strikeouts.waiting`), the agenda's lines and counts and the calendar's
    entries narrow it to their own scope, window or event; the caller adds
    any GROUP BY, ORDER BY or LIMIT."""
    joined = " LEFT JOIN event e ON e.id = f.event_id" if event else ""
    return (
        f"SELECT {columns} FROM follow_up f JOIN contact c ON c.id = f.contact_id{joined} "
        f"{_WAITING}" + (f" AND {narrower}" if narrower else "")
    )


def later(day: date, until: date | None) -> date:
    """`day`, moved to `until` when it is snoozed (or dismissed) past it."""
    return until if until is not None and until > day else day


def follow_up_due(due: date, snoozed_until: date | None) -> date:
    """The day an open follow-up is due: the day it shows."""
    return later(due, snoozed_until)


def keep_in_touch_due(
    cadence: Interval | None,
    last_contacted: date | None,
    met_on: date | None,
    added_on: date | None,
    until: date | None = None,
) -> date | None:
    """When keeping in touch is due, with the line's snooze or dismissal
    (`until`) moving it later; None without a cadence."""
    if cadence is None:
        return None
    base = last_touch(last_contacted, met_on, added_on)
    if base is None:
        return None
    return later(cadence.after(base), until)


def days_late(due: date, today: date) -> int:
    """How many days late (0: due today or later)."""
    return max(0, (today - due).days)


def is_late(due: date, today: date) -> bool:
    return due < today


def calendar_day(due: date, today: date) -> date:
    """The day an item goes in the calendar: its own, or today when it is late
    (it moves with each day's sync until it is done)."""
    return today if due < today else due


def covers(follow_up_due: date, today: date, within: int = WITHIN) -> bool:
    """Whether an open follow-up due that day makes a keep-in-touch line with
    the same person unneeded."""
    return follow_up_due <= today + timedelta(days=within)
