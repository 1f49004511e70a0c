"""Keep-in-touch cadences: when each contact is next due for a touch."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core import preferences
from plncrm.core.touch import NEVER, effective_cadence, last_touch
from plncrm.store.models import Contact, ContactDetail
from plncrm.util import clock
from plncrm.util.batches import CHUNK, chunks
from plncrm.util.dates import Interval, parse_interval

__all__ = ["NEVER", "effective_cadence", "parse_cadence", "refresh", "touch_due"]


def parse_cadence(text: str) -> str | None:
    """What a contact's cadence is stored as: an interval, `never`, or None ('' clears it)."""
    if not text.strip():
        return None
    if text.strip().lower() in (NEVER, "0", "none", "no"):
        return NEVER
    return str(parse_interval(text))


def touch_due(contact: Contact, cadence: Interval | None) -> date | None:
    """The day the cadence runs out, counted from the last touch (or the meeting, or the add)."""
    if cadence is None:
        return None
    base = last_touch(contact.last_contacted, contact.met_on, clock.day_of(contact.created_at))
    return cadence.after(base) if base else None


def refresh(session: Session, contact_ids: Iterable[int] | None = None) -> None:
    """Recompute `touch_due` for these contacts (all of them when None)."""
    prefs = preferences.load(session)
    query = select(Contact)
    ids: list[int] | None = None
    if contact_ids is not None:
        ids = list(contact_ids)
        if not ids:
            return
        query = query.where(col(Contact.id).in_(ids))
    elif not prefs.tag_cadences:
        query = query.where(col(Contact.cadence).is_not(None) | col(Contact.touch_due).is_not(None))
    if ids is not None and len(ids) > CHUNK:
        for batch in chunks(ids):
            refresh(session, batch)
        return
    people = list(session.execute(query).scalars())
    tags: dict[int, list[str]] = {}
    if prefs.tag_cadences and people:
        tag_query = select(col(ContactDetail.contact_id), col(ContactDetail.key)).where(
            col(ContactDetail.kind) == "tag", col(ContactDetail.key).in_(prefs.tag_cadences)
        )
        if ids is not None:
            tag_query = tag_query.where(col(ContactDetail.contact_id).in_(ids))
        rows = session.execute(tag_query).all()
        for contact_id, key in rows:
            tags.setdefault(contact_id, []).append(key)
    for person in people:
        due = touch_due(
            person,
            effective_cadence(person.cadence, tags.get(person.id or 0, ()), prefs.tag_cadences),
        )
        if due != person.touch_due:
            person.touch_due = due
            session.add(person)
    session.flush()
