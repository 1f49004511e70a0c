"""Contacts as read for the screens: their rows, their multi-valued details,
and the names their card refers to (the event they were met at, who
introduced them, their communities)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple

from plncrm.store.plain import Reader, Row
from plncrm.util.batches import chunks


class ContactRow(NamedTuple):
    """A contact's own columns, as stored (see `store.models.Contact`). A named
    tuple: a sixth of a frozen dataclass's cost to define, on every `pln show`."""

    id: int
    uid: str | None
    name: str
    name_key: str
    given: str | None
    middle: str | None
    family: str | None
    prefix: str | None
    suffix: str | None
    pronouns: str | None
    org: str | None
    role: str | None
    notes: str | None
    cadence: str | None
    via_id: int | None
    met_event_id: int | None
    met_on: date | None
    birthday: str | None
    source: str | None
    last_contacted: date | None
    touch_due: date | None
    archived: bool
    created_at: datetime
    created_by: str | None

    @classmethod
    def of(cls, row: Row) -> "ContactRow":
        return cls(**{name: row[name] for name in _NAMES})


_NAMES = ContactRow._fields
COLUMNS = ", ".join(f"contact.{name}" for name in _NAMES)


@dataclass
class ContactDetails:
    """A contact's multi-valued fields, in the order they were given."""

    values: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def get(self, kind: str) -> list[str]:
        return list(self.values.get(kind, []))


DETAILS = """
SELECT contact_id, kind, value FROM contact_detail WHERE contact_id IN :ids
ORDER BY contact_id, kind, position
"""


def details_for(reader: Reader, contact_ids: Sequence[int]) -> dict[int, ContactDetails]:
    """The multi-valued fields of many contacts, one query per 500."""
    result: dict[int, ContactDetails] = {cid: ContactDetails() for cid in contact_ids}
    for chunk in chunks(contact_ids):
        for row in reader.rows(DETAILS, {"ids": chunk}):
            result[row["contact_id"]].values[row["kind"]].append(row["value"])
    return result


def get_many(reader: Reader, ids: Iterable[int | None]) -> dict[int, ContactRow]:
    """The contacts with these ids, by id."""
    found: dict[int, ContactRow] = {}
    for chunk in chunks(sorted({i for i in ids if i})):
        rows = reader.rows(f"SELECT {COLUMNS} FROM contact WHERE id IN :ids", {"ids": chunk})
        found.update((r["id"], ContactRow.of(r)) for r in rows)
    return found


def event_names(reader: Reader, ids: Iterable[int | None]) -> dict[int, str]:
    """The names of the events with these ids, by id."""
    found: dict[int, str] = {}
    for chunk in chunks(sorted({i for i in ids if i})):
        rows = reader.rows("SELECT id, name FROM event WHERE id IN :ids", {"ids": chunk})
        found.update((r["id"], r["name"]) for r in rows)
    return found


COMMUNITIES = """
SELECT m.contact_id, c.name FROM community_member m JOIN community c ON c.id = m.community_id
WHERE m.contact_id IN :ids ORDER BY c.name_key
"""


def communities_of(reader: Reader, contact_ids: Sequence[int]) -> dict[int, list[str]]:
    """Community names per contact."""
    result: dict[int, list[str]] = {}
    for chunk in chunks(contact_ids):
        for row in reader.rows(COMMUNITIES, {"ids": chunk}):
            result.setdefault(row["contact_id"], []).append(row["name"])
    return result


def introduced_by(reader: Reader, contact_id: int) -> list[ContactRow]:
    """The contacts who came into the network through this one."""
    sql = f"SELECT {COLUMNS} FROM contact WHERE via_id = :id ORDER BY name_key, id"
    return [ContactRow.of(r) for r in reader.rows(sql, {"id": contact_id})]
