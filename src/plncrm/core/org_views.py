"""What `pln orgs` and `pln org show` say of organisations: who is there
now, who worked there before (past roles that name it, as
`org_names.means` reads a name), what happened with them, what is open."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date
from typing import Any

from plncrm.core.org_lookup import known, lookup
from plncrm.core.org_names import guess_kind, means_key, org_key
from plncrm.core.organisations import PAST, aliases
from plncrm.core.roles import until_day
from plncrm.reads.interactions import InteractionFilter, Tenure, page_ids, views
from plncrm.store.db import connection
from plncrm.store.kinds import FOLLOW_UP_OPEN
from plncrm.store.plain import Reader

TIMELINE_SHOWN = 50

_LISTING = """
SELECT o.id, o.name, o.kind,
  (SELECT count(*) FROM contact c WHERE c.org_id = o.id AND NOT c.archived) AS people,
  (SELECT count(*) FROM contact c WHERE c.org_id = o.id) AS anyone,
  (SELECT count(*) FROM follow_up f JOIN contact c ON c.id = f.contact_id
   WHERE c.org_id = o.id AND NOT c.archived AND f.status IN :open) AS open_items
FROM organisation o
"""


def listing(
    reader: Reader, sort: str = "name", kind: str | None = None, everyone: bool = False
) -> tuple[list[dict[str, Any]], int]:
    """Each organisation (of `kind`): people there now, the last interaction
    with anyone while they were there (`org_touch`, as `profile` lists them),
    their open follow-ups; by name, or most first (`sort`).
    One nobody is or was at (everyone's organisation written otherwise since)
    is left out unless `everyone` (one with only former people is history);
    how many were left out."""
    from plncrm.core.org_touch import last_touches

    names = known(connection(reader))
    keys: dict[int, str] = {}
    for oid, _, key in names:  # each record's own name first
        keys.setdefault(oid, key)
    touched = last_touches(reader, names)
    # A kind never said is read from the name, as a new record's is guessed.
    rows = [
        {
            **r,
            "last_touch": touched.get(r["id"]),
            "kind": r["kind"] or guess_kind(r["name"], keys.get(r["id"])),
        }
        for r in reader.rows(_LISTING, {"open": list(FOLLOW_UP_OPEN)})
    ]
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
        rows.sort(key=lambda r: r["last_touch"] or date.min, reverse=True)
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
    last = row["last_touch"]
    return {
        "id": row["id"],
        "name": row["name"],
        "kind": row["kind"],
        "people": row["people"],
        "last_touch": last.isoformat() if last else None,
        "open_follow_ups": row["open_items"],
    }


def tenures(reader: Reader, oids: Sequence[int]) -> list[Tenure]:
    """Who was at these organisations, and when, by their role history: the
    people there now since their last past role ended (always, with none),
    and each past role that names one of them (its name, or another name of
    it, as `org_names.means` reads a name) from the end of the role
    before it to its own "until". What happened with someone is at the
    organisation they were at on its day: `pln org show` and `pln
    interactions --org` both read it here."""
    if not oids:
        return []
    keys = _keys(reader, oids)
    here = {
        cid
        for (cid,) in reader.tuples("SELECT id FROM contact WHERE org_id IN :o", {"o": list(oids)})
    }
    roles: dict[int, list[tuple[date | None, bool]]] = defaultdict(list)  # (until, there)
    for cid, value in reader.tuples(
        "SELECT contact_id, value FROM contact_detail WHERE kind = 'past_role'"
    ):
        if (found := PAST.match(value)) and found["role"]:
            roles[cid].append((until_day(found["until"]), _there(found["org"], keys)))
    found_at: list[Tenure] = []
    for cid in sorted(here | {c for c, held in roles.items() if any(t for _, t in held)}):
        ends = sorted(u for u, _ in roles.get(cid, ()) if u is not None)
        for until, there in roles.get(cid, ()):
            if there:
                earlier = [u for u in ends if until is not None and u < until]
                found_at.append((cid, earlier[-1] if earlier else None, until))
        if cid in here:
            found_at.append((cid, ends[-1] if ends else None, None))
    return found_at


def _keys(reader: Reader, oids: Sequence[int]) -> set[str]:
    """The keys (`org_key`) of these organisations' names and other names."""
    wanted = set(oids)
    return {key for oid, _, key in known(connection(reader)) if oid in wanted}


def _there(org: str, keys: set[str]) -> bool:
    """Whether a past role's organisation is one of these (by `_keys`)."""
    key = org_key(org)
    return key in keys or any(means_key(key, k) for k in keys)


def profile(reader: Reader, name: str) -> dict[str, Any]:
    """One organisation: people there now, people there before, what
    happened with them while they were there (`tenures`; newest first) and
    their open follow-ups."""
    oid, called = lookup(reader, name)
    now = [
        {"id": r["id"], "name": r["name"], "role": r["role"]}
        for r in reader.rows(
            "SELECT id, name, role FROM contact WHERE org_id = :o AND NOT archived ORDER BY name",
            {"o": oid},
        )
    ]
    here = {p["id"] for p in now}
    spans, keys = tenures(reader, [oid]), _keys(reader, [oid])
    gone = {cid for cid, _, until in spans if until is not None} - here
    before: dict[int, dict[str, Any]] = {}
    for r in reader.rows(
        "SELECT c.id, c.name, d.value FROM contact_detail d JOIN contact c ON c.id = d.contact_id "
        "WHERE d.kind = 'past_role' AND c.id IN :ids ORDER BY c.name, d.position",
        {"ids": sorted(gone) or [0]},
    ):
        if (found := PAST.match(r["value"])) and found["role"] and _there(found["org"], keys):
            before.setdefault(r["id"], {"id": r["id"], "name": r["name"], "was": r["value"]})
    everyone = sorted(here | set(before))
    ids, _ = page_ids(reader, InteractionFilter(at=spans), TIMELINE_SHOWN)
    timeline = [
        {
            "id": v["id"],
            "on": v["date"],
            "kind": v["kind"],
            "note": v["note"],
            "with": ", ".join(p["name"] for p in [*v["with"], *v["about"]]),
        }
        for v in views(reader, ids)
    ]
    # Open: the people there now's, as `pln orgs` counts them; a former
    # person's apart (what they left open may still need doing there).
    open_items: dict[bool, list[dict[str, Any]]] = {True: [], False: []}
    for r in reader.rows(
        "SELECT f.id, f.title, f.due, c.name, c.id AS cid FROM follow_up f "
        "JOIN contact c ON c.id = f.contact_id "
        "WHERE f.contact_id IN :ids AND f.status IN :open ORDER BY f.due, f.id",
        {"ids": everyone, "open": list(FOLLOW_UP_OPEN)},
    ):
        item = {"id": r["id"], "title": r["title"], "due": r["due"].isoformat(), "who": r["name"]}
        open_items[r["cid"] in here].append(item)
    # A kind never said is read from the name as a new record's is (`guess_kind`),
    # so a record made before a rule learnt it ("Oak Park D97") says it too.
    kind = reader.rows("SELECT kind FROM organisation WHERE id = :o", {"o": oid})[0]["kind"]
    kind = kind or guess_kind(called)
    return {
        "id": oid,
        "name": called,
        "kind": kind,
        "also_called": aliases(reader, oid),
        "people": now,
        "former": list(before.values()),
        "timeline": timeline,
        "open_follow_ups": open_items[True],
        "former_open_follow_ups": open_items[False],
    }
