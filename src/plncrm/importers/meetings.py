"""The meetings an import records: that the importing member met people they
already had (several members collecting the same business cards at a booth
all show as having met them: `pln show`'s "met by"), where the new ones were
met, and the strike-out follow-up of each person met."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plncrm.core import contacts, interactions, strikeouts
from plncrm.importers.records import MetThere, Report
from plncrm.store.db import Db, connection, save
from plncrm.store.plain import day
from plncrm.util.batches import chunks
from plncrm.util.text import fold

if TYPE_CHECKING:
    from sqlmodel import Session


def record_met(
    into: Db | Session,
    contact_ids: Iterable[int],
    event_id: int,
    event_name: str,
    on: date,
    first: date | None = None,
) -> int:
    """Log one "met at EVENT" touchpoint with each contact, signed by the
    current member, unless they already have one (so re-importing adds none);
    those never met anywhere were first met there (on `first`, None for an
    event with no date yet). Returns how many were logged."""
    db = connection(into)
    member = db.member or None
    wanted = sorted(set(contact_ids))
    people = contacts.get_many(db, wanted)
    done: set[int] = {
        cid
        for cid, person in people.items()
        if person.met_event_id == event_id and person.created_by == member
    }
    same = "IS" if db.dialect == "sqlite" else "IS NOT DISTINCT FROM"
    for chunk in chunks(wanted):
        found = db.tuples(
            "SELECT ic.contact_id FROM interaction_contact ic "
            "JOIN interaction i ON i.id = ic.interaction_id "
            f"WHERE i.event_id = :event AND i.created_by {same} :member AND ic.contact_id IN :ids",
            {"event": event_id, "member": member, "ids": chunk},
        )
        done.update(cid for (cid,) in found)
    logged = 0
    for cid in wanted:
        if cid not in done and cid in people:
            interactions.log(
                db,
                [people[cid]],
                kind="event",
                note=f"Met at {event_name}",
                on=on,
                event_id=event_id,
            )
            logged += 1
    for person in people.values():
        if person.met_event_id is None and person.met_on is None:
            person.met_event_id, person.met_on = event_id, first
            save(db, person, "met_event_id", "met_on")
    return logged


def first_met(db: Db, added: set[int], today: date) -> list[strikeouts.Meeting]:
    """Where and when the new contacts were met (at an event with no date yet:
    today, as `strikeouts.arm` counts it)."""
    found: list[strikeouts.Meeting] = []
    for chunk in chunks(sorted(added)):
        found += [
            strikeouts.Meeting(cid, day(met_on) or today, event_id, event)
            for cid, met_on, event_id, event in db.tuples(
                "SELECT c.id, c.met_on, c.met_event_id, e.name FROM contact c "
                "LEFT OUTER JOIN event e ON e.id = c.met_event_id "
                "WHERE c.id IN :ids AND (c.met_on IS NOT NULL OR c.met_event_id IS NOT NULL)",
                {"ids": chunk},
            )
        ]
    return found


def arm(db: Db, meetings: list[strikeouts.Meeting], report: Report, today: date) -> None:
    """A strike-out follow-up for each person met (`strikeouts.arm_each`); the
    report names them, and those whose meeting is older than the guards look
    back (GUARD_HORIZON_DAYS), who get none."""
    armed = strikeouts.arm_each(db, meetings, today)
    oldest = today - timedelta(days=strikeouts.GUARD_HORIZON_DAYS)
    latest = {m.contact_id: m for m in sorted(meetings, key=lambda m: m.on)}
    too_old = [m for m in latest.values() if m.on < oldest]
    names: dict[int, str] = {}
    for chunk in chunks(sorted({m.contact_id for m in (*armed, *too_old)})):
        rows = db.tuples("SELECT id, name FROM contact WHERE id IN :ids", {"ids": chunk})
        names.update((cid, name) for cid, name in rows)

    def named(found: list[strikeouts.Meeting]) -> list[MetThere]:
        return sorted(
            (
                MetThere(m.contact_id, names.get(m.contact_id, ""), m.event_name, m.on)
                for m in found
            ),
            key=lambda m: (m.event or "", m.on, fold(m.name)),
        )

    report.follow_ups = len(armed)
    report.armed, report.too_old = named(armed), named(too_old)
