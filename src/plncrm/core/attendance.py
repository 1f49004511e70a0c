"""Attendance taken back: someone recorded as having come to an event by
mistake (`pln event attended EVENT REF --remove`, or the "Attended EVENT"
line deleted with `pln interaction rm`). The guest row and the timeline say
the same thing afterwards, so `event show`, the report and the agenda agree."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plncrm.core import interactions
from plncrm.store.db import Db, connection, fetch, get_row, save
from plncrm.store.kinds import ATTENDED
from plncrm.store.schema import Contact, Event, EventGuest, Interaction

if TYPE_CHECKING:
    from sqlmodel import Session

# How attendance is written on a timeline (`invitations.attended`, `pln
# event import`: "Attended Phonics Webinar (55 min)"); being met at an event
# is the same kind with another note.
NOTE = "Attended "


def is_attendance(interaction: Interaction) -> bool:
    """Whether an interaction records someone having come to an event."""
    return (
        interaction.kind == ATTENDED
        and interaction.event_id is not None
        and (interaction.note or "").startswith(NOTE)
    )


def _lines(db: Db, event_id: int) -> list[Interaction]:
    return fetch(
        db,
        Interaction,
        "event_id = :e AND kind = :k AND note LIKE :note ORDER BY id",
        {"e": event_id, "k": ATTENDED, "note": f"{NOTE}%"},
    )


def _clear(db: Db, event_id: int, people: Sequence[Contact]) -> list[Contact]:
    """Those of `people` whose guest row says they came, no longer (their
    minutes go too)."""
    cleared = []
    for person in {p.id: p for p in people}.values():
        row = get_row(db, EventGuest, event_id, person.id)
        if row is None or not row.attended:
            continue
        row.attended, row.minutes = False, None
        save(db, row, "attended", "minutes")
        cleared.append(person)
    return cleared


def remove(source: Db | Session, event: Event, people: Sequence[Contact]) -> list[Contact]:
    """Those of `people` recorded as having come, no longer: their guest row
    cleared and the event's attendance lines no longer with them. Returns them."""
    db = connection(source)
    cleared = _clear(db, event.id or 0, people)
    ids = {c.id or 0 for c in cleared}
    if ids:
        for line in _lines(db, event.id or 0):
            with_them = interactions.people_in(db, line)
            if ids & {c.id for c in with_them}:
                interactions.leave(db, line, ids)
    return cleared


def after_deleted(
    source: Db | Session, interaction: Interaction, people: Sequence[Contact]
) -> tuple[Event | None, list[Contact]]:
    """An attendance line deleted (`interaction.remove`, `people` it was with):
    those no other attendance line of the event keeps are no longer recorded
    as having come. The event and them; (None, []) for any other interaction."""
    if not is_attendance(interaction):
        return None, []
    db = connection(source)
    event = get_row(db, Event, interaction.event_id)
    if event is None:
        return None, []
    kept = {c.id for line in _lines(db, event.id or 0) for c in interactions.people_in(db, line)}
    return event, _clear(db, event.id or 0, [p for p in people if p.id not in kept])
