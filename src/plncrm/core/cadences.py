"""Keep-in-touch cadences: when each contact is next due for a touch."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.core.touch import NEVER, effective_cadence, last_touch
from plncrm.reads import settings
from plncrm.store.db import Db, connection, fetch, save
from plncrm.store.schema import Contact
from plncrm.util import clock
from plncrm.util.batches import chunks

if TYPE_CHECKING:
    from sqlmodel import Session
from plncrm.util.intervals import Interval, parse_interval

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


def refresh(source: Db | Session, contact_ids: Iterable[int] | None = None) -> None:
    """Recompute `touch_due` for these contacts (all of them when None)."""
    db = connection(source)
    prefs = settings.load(db)
    if contact_ids is not None:
        ids = sorted(set(contact_ids))
        for batch in chunks(ids):
            _refresh(db, prefs, "id IN :ids", {"ids": batch})
    elif prefs.tag_cadences:
        _refresh(db, prefs, "", {})
    else:
        _refresh(db, prefs, "cadence IS NOT NULL OR touch_due IS NOT NULL", {})


def _refresh(db: Db, prefs: settings.Preferences, where: str, params: dict[str, Any]) -> None:
    people = fetch(db, Contact, where, params)
    tags: dict[int, list[str]] = {}
    if prefs.tag_cadences and people:
        sql = "SELECT contact_id, key FROM contact_detail WHERE kind = 'tag' AND key IN :tags"
        wanted = {"tags": list(prefs.tag_cadences)}
        if "ids" in params:
            sql += " AND contact_id IN :ids"
            wanted["ids"] = params["ids"]
        for contact_id, key in db.tuples(sql, wanted):
            tags.setdefault(contact_id, []).append(key)
    for person in people:
        due = touch_due(
            person,
            effective_cadence(person.cadence, tags.get(person.id or 0, ()), prefs.tag_cadences),
        )
        if due != person.touch_due:
            person.touch_due = due
            save(db, person, "touch_due")
