"""Contacts as read for the screens: their rows, their multi-valued details,
and the names their card refers to (the event they were met at, who
introduced them, their communities)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from plncrm.reads.rows import columns, of
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact
from plncrm.util.batches import chunks

COLUMNS = columns(Contact, "contact")


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


def get_many(reader: Reader, ids: Iterable[int | None]) -> dict[int, Contact]:
    """The contacts with these ids, by id."""
    found: dict[int, Contact] = {}
    for chunk in chunks(sorted({i for i in ids if i})):
        rows = reader.rows(f"SELECT {COLUMNS} FROM contact WHERE id IN :ids", {"ids": chunk})
        found.update((r["id"], of(Contact, r)) for r in rows)
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


def introduced_by(reader: Reader, contact_id: int) -> list[Contact]:
    """The contacts who came into the network through this one."""
    sql = f"SELECT {COLUMNS} FROM contact WHERE via_id = :id ORDER BY name_key, id"
    return [of(Contact, r) for r in reader.rows(sql, {"id": contact_id})]
