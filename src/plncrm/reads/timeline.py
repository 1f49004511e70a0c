"""A contact's timeline as `show` draws it: their interactions newest first,
with the others involved, and the members who met them where."""

from datetime import date
from typing import NamedTuple

from plncrm.store.kinds import STEP_KINDS
from plncrm.store.plain import Reader


class Entry(NamedTuple):
    id: int
    happened_on: date
    kind: str
    note: str | None
    role: str  # "with": in touch with them; "about": they were the subject
    others: tuple[tuple[int, str], ...] = ()  # (id, name) of the others it was with


ENTRIES = """
SELECT i.id, i.happened_on, i.kind, i.note, ic.role FROM interaction i
JOIN interaction_contact ic ON ic.interaction_id = i.id
WHERE ic.contact_id = :id
ORDER BY i.happened_on DESC, i.id DESC
"""
OTHERS = """
SELECT ic.interaction_id, c.id, c.name FROM interaction_contact ic
JOIN contact c ON c.id = ic.contact_id
WHERE ic.interaction_id IN :ids AND c.id != :id
ORDER BY c.name_key
"""


def timeline(reader: Reader, contact_id: int, limit: int | None = 50) -> list[Entry]:
    """A contact's interactions, newest first, each with the other people involved."""
    sql = ENTRIES + (f" LIMIT {int(limit)}" if limit else "")
    rows = reader.rows(sql, {"id": contact_id})
    others: dict[int, list[tuple[int, str]]] = {}
    if rows:
        found = reader.rows(OTHERS, {"ids": [r["id"] for r in rows], "id": contact_id})
        for row in found:
            others.setdefault(row["interaction_id"], []).append((row["id"], row["name"]))
    return [
        Entry(
            r["id"],
            r["happened_on"],
            r["kind"],
            r["note"],
            r["role"],
            tuple(others.get(r["id"], ())),
        )
        for r in rows
    ]


def count_for(reader: Reader, contact_id: int) -> int:
    sql = "SELECT count(*) AS n FROM interaction_contact WHERE contact_id = :id"
    return int(reader.rows(sql, {"id": contact_id})[0]["n"])


NOT_MEETING = (*STEP_KINDS, "message")  # an invitation or a thank-you is not meeting there
MET_THERE = f"""
SELECT e.name, i.created_by FROM event e
JOIN interaction i ON i.event_id = e.id
JOIN interaction_contact ic ON ic.interaction_id = i.id
WHERE ic.contact_id = :id AND ic.role = 'with' AND i.created_by IS NOT NULL
  AND i.kind NOT IN ({", ".join(repr(k) for k in NOT_MEETING)})
ORDER BY i.happened_on, i.id
"""


def met_by(
    reader: Reader, contact_id: int, met_event_id: int | None, created_by: str | None
) -> dict[str, list[str]]:
    """Event name → the members who met this contact there: whoever recorded
    the contact as met there, and whoever logged a touchpoint with them at it
    (`pln log REF --at EVENT`, an import with --met-at)."""
    found: dict[str, list[str]] = {}

    def add(event: str, member: str | None) -> None:
        if member and member not in found.setdefault(event, []):
            found[event].append(member)

    if met_event_id is not None:
        for row in reader.rows("SELECT name FROM event WHERE id = :id", {"id": met_event_id}):
            add(row["name"], created_by)
    for row in reader.rows(MET_THERE, {"id": contact_id}):
        add(row["name"], row["created_by"])
    return {event: names for event, names in found.items() if names}
