"""What `pln orgs` and `pln org show` say of organisations: who is there
now, who worked there before (past roles that name it, as
`organisations.means` reads a name), what happened with them, what is open."""

from __future__ import annotations

from datetime import date
from typing import Any

from plncrm.core.organisations import (
    PAST,
    aliases,
    lookup,
    means_key,
    names_in_past,
    org_key,
)
from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.plain import Reader

TIMELINE_SHOWN = 50

_LISTING = """
SELECT o.id, o.name, o.kind,
  (SELECT count(*) FROM contact c WHERE c.org_id = o.id AND NOT c.archived) AS people,
  (SELECT count(*) FROM contact c WHERE c.org_id = o.id) AS anyone,
  (SELECT max(c.last_contacted) FROM contact c WHERE c.org_id = o.id) AS last_contacted,
  (SELECT count(*) FROM follow_up f JOIN contact c ON c.id = f.contact_id
   WHERE c.org_id = o.id AND f.status IN :open) AS open_items
FROM organisation o
"""


def listing(
    reader: Reader, sort: str = "name", kind: str | None = None, everyone: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Each organisation (of `kind`): people there now, the last touch with
    any of them, their open follow-ups; by name, or most first (`sort`).
    One nobody is or was at (everyone's organisation written otherwise since)
    is left out unless `everyone` (one with only former people is history);
    how many were left out."""
    rows = [dict(r) for r in reader.rows(_LISTING, {"open": list(FOLLOW_UP_OPEN)})]
    if kind is not None:
        rows = [r for r in rows if r["kind"] == kind]
    listed = len(rows)
    if not everyone:
        empty = {r["id"]: r["name"] for r in rows if not r["anyone"]}
        kept = _named_in_past(reader, empty) if empty else set()
        rows = [r for r in rows if r["anyone"] or r["id"] in kept]
    rows.sort(key=lambda r: r["name"].casefold())
    if sort == "people":
        rows.sort(key=lambda r: -r["people"])
    elif sort == "last-touch":
        rows.sort(key=lambda r: r["last_contacted"] or date.min, reverse=True)
    elif sort == "open":
        rows.sort(key=lambda r: -r["open_items"])
    return [_listed(r) for r in rows], listed - len(rows)


def _named_in_past(reader: Reader, names: dict[int, str]) -> set[int]:
    """Which of these organisations a past role names (`names_in_past`):
    each past role's organisation read once."""
    keys = {
        org_key(found["org"])
        for (value,) in reader.tuples(
            "SELECT DISTINCT value FROM contact_detail WHERE kind = 'past_role'"
        )
        if (found := PAST.match(value)) and found["role"]
    }
    return {
        oid
        for oid, name in names.items()
        if (key := org_key(name)) in keys or any(means_key(k, key) for k in keys)
    }


def _listed(row: dict[str, Any]) -> dict[str, Any]:
    last = row["last_contacted"]
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "people": row["people"],
        "last_touch": last.isoformat() if last else None,
        "open_follow_ups": row["open_items"],
    }


def profile(reader: Reader, name: str) -> dict[str, Any]:
    """One organisation: people there now, people there before, the
    timeline of all of them (newest first) and their open follow-ups."""
    oid, called = lookup(reader, name)
    now = [
        {"id": r["id"], "name": r["name"], "role": r["role"]}
        for r in reader.rows(
            "SELECT id, name, role FROM contact WHERE org_id = :o AND NOT archived ORDER BY name",
            {"o": oid},
        )
    ]
    here = {p["id"] for p in now}
    before: dict[int, dict[str, Any]] = {}
    for r in reader.rows(
        "SELECT c.id, c.name, d.value FROM contact_detail d JOIN contact c ON c.id = d.contact_id "
        "WHERE d.kind = 'past_role' ORDER BY c.name, d.position"
    ):
        if r["id"] not in here and names_in_past(r["value"], called):
            before.setdefault(r["id"], {"id": r["id"], "name": r["name"], "was": r["value"]})
    everyone = sorted(here | set(before))
    timeline = [
        {
            "id": r["id"],
            "on": r["happened_on"].isoformat(),
            "kind": r["kind"],
            "note": r["note"],
            "with": r["name"],
        }
        for r in reader.rows(
            "SELECT i.id, i.happened_on, i.kind, i.note, c.name FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "JOIN contact c ON c.id = ic.contact_id WHERE ic.contact_id IN :ids "
            f"ORDER BY i.happened_on DESC, i.id DESC LIMIT {TIMELINE_SHOWN}",
            {"ids": everyone},
        )
    ]
    open_items = [
        {"id": r["id"], "title": r["title"], "due": r["due"].isoformat(), "who": r["name"]}
        for r in reader.rows(
            "SELECT f.id, f.title, f.due, c.name FROM follow_up f "
            "JOIN contact c ON c.id = f.contact_id "
            "WHERE f.contact_id IN :ids AND f.status IN :open ORDER BY f.due, f.id",
            {"ids": everyone, "open": list(FOLLOW_UP_OPEN)},
        )
    ]
    kind = reader.rows("SELECT kind FROM organisation WHERE id = :o", {"o": oid})[0]["kind"]
    return {
        "id": oid,
        "name": called,
        "kind": kind,
        "also_called": aliases(reader, oid),
        "people": now,
        "former": list(before.values()),
        "timeline": timeline,
        "open_follow_ups": open_items,
    }
