"""A card changed on either side since the last sync, merged field by field
(`cards.Fields`) against what each side held then: a field changed on one
side only goes to the other, both ways in the same sync; a field changed on
both sides, to different values, is a conflict, reported by name and left as
each side has it until `--resolve` says whose it is, while the card's other
fields still sync. A field plncrm holds again as it was before the last sync
read it from the card (`pln undo` took the read back) is not plncrm changing
it: the card's value is read again, never overwritten."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from plncrm.addressbook import cards
from plncrm.addressbook.moves import Syncing
from plncrm.addressbook.state import PLN, Synced
from plncrm.addressbook.store_cards import StoreCard

UNKNOWN = "\x00unknown"  # the value both sides agreed on, when no sync ever saw them agree


def merge(
    sync: Syncing,
    href: str,
    ours: StoreCard,
    theirs: bytes,
    item: Synced | None,
    ours_changed: bool = True,
    theirs_changed: bool = True,
) -> None:
    """The card at `href` and plncrm's, against the last sync (`item`; None:
    never synced, so each field that differs is asked about): what each
    changed taken to the other, what both changed a conflict."""
    now = cards.fields(theirs)
    mine = cards.fields(ours.text)
    contact = sync.contact(ours.uid)
    if now is None or mine is None or contact is None or contact.id is None:
        sync.step(
            "skip", href, f"{ours.name} ({href})", "not a card plncrm can read; left as it is"
        )
        if item is not None:
            sync.out.synced[href] = item
        return
    base_t = cards.fields(item.card) if item else None
    base_m = (cards.fields(item.mine) if item.mine else base_t) if item else None
    held = item.held if item else {}
    was = item.was if item else {}
    bases = (base_t[0] if base_t else None, base_m[0] if base_m else None)
    changed = (theirs_changed, ours_changed)
    sides = (now[0], mine[0])
    conflicts, reads, writes = _compare(sync, ours.uid, sides, bases, held, was, changed)
    before = mine[0]
    if reads:
        taken = sync.apply(href, contact, reads, item)
        if taken is None:
            return
        ours = sync.card_of(contact.id)
        sync.touched.add(ours.uid)
        sync.step("read", href, ours.name, ", ".join(taken), tuple(taken))
    data = theirs
    if writes:
        try:
            data = cards.merged(
                ours.text, theirs, ours.uid, sync.version, keep=frozenset(conflicts)
            )
        except cards.Unreadable as exc:
            sync.step(
                "skip",
                href,
                f"{ours.name} ({href})",
                f"cannot parse the card: {exc}; left as it is",
            )
            if item is not None:
                sync.out.synced[href] = item
            return
        if data != theirs:
            sync.out.writes[href] = data
            sync.step("write", href, ours.name, ", ".join(writes), tuple(writes))
    if not reads and not writes and not conflicts and item is not None and theirs_changed:
        sync.step("read", href, ours.name, "no field plncrm keeps")
    if conflicts:
        why = f"{', '.join(conflicts)}: changed in plncrm and in the folder since the last sync"
        sync.step("conflict", href, ours.name, why, tuple(conflicts))
    agreed = {n: held.get(n, getattr(base_t[0], n) if base_t else UNKNOWN) for n in conflicts}
    undone = {
        n: v for n, v in was.items() if n not in reads and n not in writes and n not in agreed
    }
    entry = sync.db.info.get("pln_journal")
    undone.update({n: (getattr(before, n), entry) for n in reads})
    sync.out.synced[href] = Synced(
        ours.uid,
        cards.digest(data),
        ours.key,
        cards.plain(data),
        sync.made.get(href, PLN),
        cards.plain(ours.text),
        agreed,
        undone,
    )


def _compare(
    sync: Syncing,
    uid: str,
    sides: tuple[cards.Fields, cards.Fields],
    bases: tuple[cards.Fields | None, cards.Fields | None],
    held: Mapping[str, Any],
    was: Mapping[str, tuple[Any, int | None]],
    changed: tuple[bool, bool],
) -> tuple[list[str], dict[str, Any], list[str]]:
    """Each field that differs between the folder's card and plncrm's
    (`sides`), against what each held at the last sync (`bases`): in
    conflict, to read from the card, or to write to it."""
    conflicts: list[str] = []
    reads: dict[str, Any] = {}
    writes: list[str] = []
    for name in cards.FIELDS:
        t_now, m_now = getattr(sides[0], name), getattr(sides[1], name)
        if t_now == m_now:
            continue
        if bases[0] is None or bases[1] is None:
            t_base = m_base = held.get(name, UNKNOWN)
        else:
            t_base = held.get(name, getattr(bases[0], name))
            m_base = held.get(name, getattr(bases[1], name))
        t = (changed[0] or name in held) and t_now != t_base
        m = (changed[1] or name in held) and m_now != m_base
        if m and name in was and was[name][0] == m_now and _undone(sync, was[name][1]):
            m, t = False, True  # the sync that read it was undone: not plncrm changing it
        if t and m:
            side = sync.choice(uid, name)
            if side is None:
                conflicts.append(name)
                continue
            t = side == "theirs"
        if t:
            reads[name] = t_now
        elif m:
            writes.append(name)
        # else: the sides only write the same value differently; each keeps its own
    return conflicts, reads, writes


def _undone(sync: Syncing, entry: int | None) -> bool:
    """Whether `pln undo` took back the sync journaled as `entry` (a store
    without a journal: taken as undone, so the card's value is never lost)."""
    if entry is None:
        return True
    found = sync.db.tuples("SELECT undone_at FROM journal WHERE id = :e", {"e": entry})
    return bool(found) and found[0][0] is not None
