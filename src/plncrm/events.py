"""Events: conferences, webinars, chats, PD sessions and meetups."""

from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.errors import Invalid
from plncrm.models import Event
from plncrm.text import fold, strip_controls


def find(session: Session, name: str) -> Event | None:
    return session.execute(
        select(Event).where(col(Event.name_key) == fold(name)).order_by(col(Event.id)).limit(1)
    ).scalar()


def find_or_create(session: Session, name: str, on: date | None = None) -> Event:
    """The event called `name`, created (dated `on`) if the network has none yet."""
    clean = " ".join(strip_controls(name).split())
    if not clean:
        raise Invalid("an event needs a name")
    event = find(session, clean)
    if event is None:
        event = Event(
            name=clean, name_key=fold(clean), starts_on=on, created_at=datetime.now(timezone.utc)
        )
        session.add(event)
        session.flush()
    return event
