"""The ORM's view of the tables: `store.schema`'s row classes mapped onto
`store.tables`, for the code that still works through SQLAlchemy sessions.

The classes are the declarations themselves, so a row read through `sqlite3`
and one loaded by a session are of one type. Importing this module maps them
(once); nothing on an SQLite command's path imports it.
"""

from __future__ import annotations

from sqlalchemy.orm import registry

from plncrm.store.schema import (
    TABLES,
    AgendaSnooze,
    Community,
    CommunityMember,
    Consent,
    Contact,
    ContactDetail,
    DistinctPair,
    Event,
    EventGuest,
    FollowUp,
    Interaction,
    InteractionContact,
    Introduction,
    Journal,
    JournalChange,
    Organisation,
    Resource,
    Setting,
    new_uid,
)
from plncrm.store.tables import TABLES as SQL_TABLES
from plncrm.store.tables import metadata

__all__ = [
    "AgendaSnooze",
    "Community",
    "CommunityMember",
    "Consent",
    "Contact",
    "ContactDetail",
    "DistinctPair",
    "Event",
    "EventGuest",
    "FollowUp",
    "Interaction",
    "InteractionContact",
    "Introduction",
    "Journal",
    "JournalChange",
    "Organisation",
    "Resource",
    "Setting",
    "metadata",
    "new_uid",
]

mapper_registry = registry(metadata=metadata)
for _name, _declared in TABLES.items():
    mapper_registry.map_imperatively(_declared.row, SQL_TABLES[_name])
