"""The last touch of every organisation at once, for `pln orgs`: the last
interaction with anyone while they were there, by role history, as `pln org
show` and `pln interactions --org` read it one organisation at a time
(`org_views.tenures`; the same windows, worked out for all records at once).

Fast at 50,000 contacts: the newest interactions are read first, a batch at
a time, and each organisation is settled by the first one within someone's
time there; only those still unsettled after `SCAN` (few people, or long
quiet) are looked up by their own people's interactions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date

from plncrm.core.org_lookup import known
from plncrm.core.org_names import means_key, org_key
from plncrm.core.organisations import PAST
from plncrm.core.roles import until_day
from plncrm.store.db import connection
from plncrm.store.plain import Reader, day

SCAN = 6_000  # newest interactions read before the rest are looked up by person
BATCH = 500

# (organisation, the day before the time there began (None: always), its last day)
Window = tuple[int, date | None, date | None]

_NEWEST = (
    "SELECT i.happened_on, ic.contact_id, c.org_id FROM interaction i "
    "JOIN interaction_contact ic ON ic.interaction_id = i.id "
    "LEFT JOIN contact c ON c.id = ic.contact_id "
    "ORDER BY i.happened_on DESC, i.id DESC LIMIT :n OFFSET :skip"
)
_EVERY = (
    "SELECT ic.contact_id, i.happened_on FROM interaction_contact ic "
    "JOIN interaction i ON i.id = ic.interaction_id WHERE ic.contact_id IN :ids"
)
_LAST_EACH = (
    "SELECT ic.contact_id, max(i.happened_on) FROM interaction_contact ic "
    "JOIN interaction i ON i.id = ic.interaction_id WHERE ic.contact_id IN :ids "
    "GROUP BY ic.contact_id"
)
_ANYONE = "SELECT DISTINCT org_id FROM contact WHERE org_id IS NOT NULL"


def all_tenures(
    reader: Reader, names: list[tuple[int, str, str]] | None = None
) -> dict[int, list[Window]]:
    """Each contact's times at organisations: at their record now since their
    last past role ended, and at each record a past role names (its name or
    another name, as `org_names.means_key` reads it) from the end of the role
    before it to its own "until" (`org_views.tenures`, for every record).
    Only those with a past role: anyone else (most) is at their record always.
    `names`: `org_lookup.known`, when the caller holds it."""
    buckets: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for oid, _, key in known(connection(reader)) if names is None else names:
        buckets[key[:1]].append((oid, key))
    named: dict[str, set[int]] = {}  # a past role's organisation as written → records
    roles: dict[int, list[tuple[date | None, set[int]]]] = defaultdict(list)
    for cid, value in reader.tuples(
        "SELECT contact_id, value FROM contact_detail WHERE kind = 'past_role'"
    ):
        if (found := PAST.match(value)) and found["role"]:
            org = found["org"]
            if org not in named:
                key = org_key(org)
                named[org] = {o for o, k in buckets[key[:1]] if k == key or means_key(key, k)}
            roles[cid].append((until_day(found["until"]), named[org]))
    windows: dict[int, list[Window]] = {}
    for cid, held in roles.items():
        ends = sorted(u for u, _ in held if u is not None)
        windows[cid] = [(oid, _before(ends, until), until) for until, oids in held for oid in oids]
    ids = sorted(roles)
    for start in range(0, len(ids), BATCH):
        for cid, oid in reader.tuples(
            "SELECT id, org_id FROM contact WHERE org_id IS NOT NULL AND id IN :ids",
            {"ids": ids[start : start + BATCH]},
        ):
            ends = sorted(u for u, _ in roles[cid] if u is not None)
            windows[cid].append((oid, ends[-1] if ends else None, None))
    return windows


def _before(ends: list[date], until: date | None) -> date | None:
    """The end of the role before one that ended on `until` (None: always)."""
    return max((u for u in ends if until is not None and u < until), default=None)


def last_touches(
    reader: Reader, names: list[tuple[int, str, str]] | None = None
) -> dict[int, date]:
    """Each organisation's last interaction with anyone while they were there
    (`names`: `org_lookup.known`, when the caller holds it)."""
    windows = all_tenures(reader, names)
    wanted = {oid for (oid,) in reader.tuples(_ANYONE)}
    wanted |= {oid for held in windows.values() for oid, _, _ in held}
    found: dict[int, date] = {}
    if _newest(reader, windows, wanted, found):
        _by_person(reader, windows, wanted - set(found), found)
    return found


def _newest(
    reader: Reader, windows: dict[int, list[Window]], wanted: set[int], found: dict[int, date]
) -> bool:
    """Settle organisations by the newest `SCAN` interactions; whether some
    interactions were left unread."""
    scanned, size = 0, min(2_000, SCAN)
    while scanned < SCAN and len(found) < len(wanted):
        rows = reader.tuples(_NEWEST, {"n": size, "skip": scanned})
        for on, cid, oid in rows:
            if cid in windows:
                _settle(found, windows[cid], day(on))
            elif oid is not None and oid not in found:  # newest first: the first is the last
                _settle(found, [(oid, None, None)], day(on))
        if len(rows) < size:
            return False
        scanned += size
        size = min(size * 2, SCAN - scanned)
    return True


def _by_person(
    reader: Reader, windows: dict[int, list[Window]], rest: set[int], found: dict[int, date]
) -> None:
    """Settle the organisations `rest` by their own people's interactions."""
    held = {c: w for c, w in windows.items() if any(o in rest for o, _, _ in w)}
    plain: dict[int, int] = {}
    orgs = sorted(rest)
    for start in range(0, len(orgs), BATCH):
        for cid, oid in reader.tuples(
            "SELECT id, org_id FROM contact WHERE org_id IN :o", {"o": orgs[start : start + BATCH]}
        ):
            if cid not in windows:
                plain[cid] = oid
    # Someone at their record always: their last interaction is all it needs.
    for ids, sql in ((sorted(plain), _LAST_EACH), (sorted(held), _EVERY)):
        for start in range(0, len(ids), BATCH):
            for cid, on in reader.tuples(sql, {"ids": ids[start : start + BATCH]}):
                _settle(found, held.get(cid) or [(plain[cid], None, None)], day(on))


def _settle(found: dict[int, date], held: Sequence[Window], on: date | None) -> None:
    """Count an interaction on `on` at each organisation the contact was at then."""
    if on is None:
        return
    for oid, after, until in held:
        within = (after is None or on > after) and (until is None or on <= until)
        if within and (oid not in found or on > found[oid]):
            found[oid] = on
