"""Stored rows read plainly, with the same field names as the models, so that
the views draw them as they draw the ORM's records. `tests/test_store.py`
checks that each has exactly its table's columns."""

from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar

from plncrm.store.plain import Row


class EventRow(NamedTuple):
    id: int
    uid: str | None
    name: str
    name_key: str
    kind: str | None
    starts_on: date | None
    ends_on: date | None
    starts_at: str | None
    ends_at: str | None
    tz: str | None
    where: str | None
    hosted: bool
    created_at: datetime
    created_by: str | None


class FollowUpRow(NamedTuple):
    id: int
    uid: str | None
    contact_id: int | None
    title: str
    due: date
    every: str | None
    every_from: str
    anchor: date | None
    status: str
    snoozed_until: date | None
    source: str
    event_id: int | None
    done_on: date | None
    created_at: datetime
    created_by: str | None
    owner: str | None


class IntroductionRow(NamedTuple):
    id: int
    uid: str | None
    a_id: int
    b_id: int
    low_id: int
    high_id: int
    why: str
    status: str
    direct: bool
    proposed_on: date
    a_asked_on: date | None
    b_asked_on: date | None
    a_answer: str | None
    a_answered_on: date | None
    b_answer: str | None
    b_answered_on: date | None
    introduced_on: date | None
    outcome: str | None
    outcome_note: str | None
    closed_on: date | None
    created_at: datetime
    created_by: str | None


R = TypeVar("R", bound=tuple[Any, ...])


def columns(row_type: type[Any], table: str) -> str:
    """The select list for `row_type` from `table` ('event."id", event."uid", …'):
    quoted, as a column may be a keyword ("where")."""
    return ", ".join(f'{table}."{name}"' for name in row_type._fields)


def of(row_type: type[R], row: Row) -> R:
    names: tuple[str, ...] = row_type._fields  # type: ignore[attr-defined]
    return row_type(*(row[name] for name in names))
