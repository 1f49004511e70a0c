"""Merging duplicate contacts, keeping every related record (finding them: `same_person`)."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from plncrm.core import cadences, names, organisations
from plncrm.store.db import Db, add_row, connection, fetch, get_row, remove_row, save
from plncrm.store.kinds import ATTENDED, FOLLOW_UP_OPEN, GUARD
from plncrm.store.schema import (
    CommunityMember,
    Contact,
    ContactDetail,
    DistinctPair,
    Event,
    EventGuest,
    FollowUp,
    Introduction,
    values,
)
from plncrm.util import clock
from plncrm.util.errors import Invalid
from plncrm.util.text import fold

if TYPE_CHECKING:
    from sqlmodel import Session

SCALARS = ("org", "role", "cadence", "via_id", "birthday", "pronouns", *names.PARTS)
DIFFERING = ("org", "role", "cadence", "birthday")  # both set and different: kept in notes
# What a merge may change of the contact kept (`_keep_meeting`, `_fill_in`).
KEPT = ("met_event_id", "met_on", *SCALARS, "notes", "last_contacted", "created_at")


def merge(source: Db | Session, keep: Contact, other: Contact) -> dict[str, int]:
    """Fold `other` into `keep`: details, interactions, follow-ups, introductions,
    invitations and memberships all move over; empty fields are filled; then
    `other` is deleted. Returns how many records of each kind moved."""
    if keep.id == other.id:
        raise Invalid("cannot merge a contact with itself")
    db = connection(source)
    k, o = keep.id or 0, other.id or 0
    before = values(keep)
    moved = {
        "details": _move_details(db, k, o),
        "interactions": _move_interactions(db, k, o),
        "follow_ups": db.execute(
            "UPDATE follow_up SET contact_id = :k WHERE contact_id = :o", {"k": k, "o": o}
        ),
        "introductions": _move_introductions(db, k, o),
        "events": _move_guests(db, k, o),
        "communities": _move_memberships(db, k, o),
    }
    db.execute("UPDATE contact SET via_id = :k WHERE via_id = :o", {"k": k, "o": o})
    db.execute("UPDATE consent SET contact_id = :k WHERE contact_id = :o", {"k": k, "o": o})
    _move_distinct(db, k, o)
    _keep_meeting(db, keep, other)
    _fill_in(keep, other)
    _keep_name(db, keep, other)
    db.execute("DELETE FROM contact WHERE id = :o", {"o": o})
    save(db, keep, *KEPT, since=before)
    organisations.place(db, [k])  # the organisation kept, as a record
    moved["guards_closed"] = _one_guard(db, keep)
    cadences.refresh(db, [k])
    return moved


def _keep_name(db: Db, keep: Contact, other: Contact) -> None:
    """The other record's name, when it differs, as another name of the one kept."""
    key = fold(other.name)
    if key == fold(keep.name) or names.looks_like_email(other.name):
        return
    taken: dict[str, int] = dict(
        db.tuples(
            "SELECT key, position FROM contact_detail WHERE contact_id = :k AND kind = 'aka'",
            {"k": keep.id},
        )
    )
    if key not in taken:
        position = max(taken.values(), default=-1) + 1
        aka = ContactDetail(
            contact_id=keep.id or 0, kind="aka", value=other.name, key=key, position=position
        )
        add_row(db, aka)


def _keep_meeting(db: Db, keep: Contact, other: Contact) -> None:
    """The first meeting stays the meeting; a later one at another event is
    kept as a touchpoint there on its day."""
    if other.met_event_id is None and other.met_on is None:
        return
    if keep.met_event_id is None and keep.met_on is None:
        keep.met_event_id, keep.met_on = other.met_event_id, other.met_on
        return
    if (other.met_event_id, other.met_on) == (keep.met_event_id, keep.met_on):
        return
    first_is_other = bool(other.met_on and (keep.met_on is None or other.met_on < keep.met_on))
    later = keep if first_is_other else other
    if first_is_other:
        moved_from = (keep.met_event_id, keep.met_on)
        keep.met_event_id, keep.met_on = other.met_event_id, other.met_on
    else:
        moved_from = (later.met_event_id, later.met_on)
    event_id, day = moved_from
    event = get_row(db, Event, event_id) if event_id else None
    if day is not None:
        from plncrm.core import interactions

        note = f"Met at {event.name}" if event else "Met"
        interactions.log(db, [keep], kind=ATTENDED, note=note, on=day, event_id=event_id)


def _one_guard(db: Db, keep: Contact) -> int:
    """One open strike-out guard per person: the first meeting's. Returns how
    many others were closed (cancelled)."""
    guards = fetch(
        db,
        FollowUp,
        "contact_id = :k AND source = :guard AND status IN :open ORDER BY due, id",
        {"k": keep.id, "guard": GUARD, "open": list(FOLLOW_UP_OPEN)},
    )
    if len(guards) < 2:
        return 0
    first = next((g for g in guards if g.event_id == keep.met_event_id), guards[0])
    for guard in guards:
        if guard is not first:
            guard.status = "cancelled"
            save(db, guard, "status")
    return len(guards) - 1


def _move_distinct(db: Db, k: int, o: int) -> None:
    """`o`'s "not the same person" marks become `k`'s; one between them is gone."""
    for pair in fetch(db, DistinctPair, "low_id = :o OR high_id = :o", {"o": o}):
        other = pair.high_id if pair.low_id == o else pair.low_id
        remove_row(db, pair)
        low, high = sorted((k, other))
        if other != k and get_row(db, DistinctPair, low, high) is None:
            moved = DistinctPair(
                low_id=low, high_id=high, marked_on=pair.marked_on, created_by=pair.created_by
            )
            add_row(db, moved)


def _move_details(db: Db, k: int, o: int) -> int:
    """`o`'s details that `k` lacks, appended after `k`'s own; the rest dropped."""
    have: dict[tuple[str, str], int] = {
        (kind, key): position
        for kind, key, position in db.tuples(
            "SELECT kind, key, position FROM contact_detail WHERE contact_id = :k", {"k": k}
        )
    }
    next_position = {
        kind: max(p for (kd, _), p in have.items() if kd == kind) + 1 for kind, _ in have
    }
    moved = 0
    for detail in fetch(db, ContactDetail, "contact_id = :o ORDER BY position", {"o": o}):
        if (detail.kind, detail.key) in have:
            remove_row(db, detail)
            continue
        detail.contact_id = k
        detail.position = next_position.get(detail.kind, 0)
        next_position[detail.kind] = detail.position + 1
        have[(detail.kind, detail.key)] = detail.position
        save(db, detail, "contact_id", "position")
        moved += 1
    return moved


def _move_interactions(db: Db, k: int, o: int) -> int:
    """`o`'s part in each touchpoint becomes `k`'s (a row of its own: the
    key changes), unless `k` took part too."""
    mine = {
        i
        for (i,) in db.tuples(
            "SELECT interaction_id FROM interaction_contact WHERE contact_id = :k", {"k": k}
        )
    }
    links = db.tuples(
        "SELECT interaction_id, role FROM interaction_contact WHERE contact_id = :o", {"o": o}
    )
    db.execute("DELETE FROM interaction_contact WHERE contact_id = :o", {"o": o})
    moving = [{"i": i, "k": k, "role": role} for i, role in links if i not in mine]
    db.many(
        "INSERT INTO interaction_contact (interaction_id, contact_id, role) VALUES (:i, :k, :role)",
        moving,
    )
    return len(moving)


def _move_introductions(db: Db, k: int, o: int) -> int:
    moved = 0
    for intro in fetch(db, Introduction, "a_id = :o OR b_id = :o", {"o": o}):
        if {intro.a_id, intro.b_id} == {k, o}:
            remove_row(db, intro)  # an introduction of the person to themself
            continue
        intro.a_id = k if intro.a_id == o else intro.a_id
        intro.b_id = k if intro.b_id == o else intro.b_id
        intro.low_id, intro.high_id = sorted((intro.a_id, intro.b_id))
        save(db, intro, "a_id", "b_id", "low_id", "high_id")
        moved += 1
    return moved


def _move_guests(db: Db, k: int, o: int) -> int:
    moved = 0
    for guest in fetch(db, EventGuest, "contact_id = :o", {"o": o}):
        existing = get_row(db, EventGuest, guest.event_id, k)
        if existing is None:
            add_row(db, EventGuest(**{**values(guest), "contact_id": k}))
        else:
            _join_guest(existing, guest)
            save(db, existing, *_GUEST_STEPS)
        remove_row(db, guest)
        moved += 1
    return moved


_GUEST_STEPS = (
    "invited_on",
    "rsvp",
    "rsvp_on",
    "attended",
    "thanked_on",
    "recording_on",
    "reminded_on",
    "minutes",
)


def _join_guest(kept: EventGuest, other: EventGuest) -> None:
    """Two guest rows of one person and event made one, every step's day kept:
    the earliest invitation and answer (the answer with its day), whoever
    came, the larger minutes, and the first thank-you, recording, reminder."""
    kept.invited_on = _earliest(kept.invited_on, other.invited_on)
    answers = [g for g in (kept, other) if g.rsvp is not None]
    if answers:
        first = min(answers, key=lambda g: (g.rsvp_on is None, g.rsvp_on or date.min))
        kept.rsvp, kept.rsvp_on = first.rsvp, first.rsvp_on
    kept.attended = kept.attended or other.attended
    kept.thanked_on = _earliest(kept.thanked_on, other.thanked_on)
    kept.recording_on = _earliest(kept.recording_on, other.recording_on)
    kept.reminded_on = _earliest(kept.reminded_on, other.reminded_on)
    spent = [m for m in (kept.minutes, other.minutes) if m is not None]
    kept.minutes = max(spent) if spent else None


def _earliest(a: date | None, b: date | None) -> date | None:
    days = [d for d in (a, b) if d is not None]
    return min(days) if days else None


def _move_memberships(db: Db, k: int, o: int) -> int:
    moved = 0
    for member in fetch(db, CommunityMember, "contact_id = :o", {"o": o}):
        if get_row(db, CommunityMember, member.community_id, k) is None:
            joined = CommunityMember(
                community_id=member.community_id, contact_id=k, joined_on=member.joined_on
            )
            add_row(db, joined)
            moved += 1
        remove_row(db, member)
    return moved


def _fill_in(keep: Contact, other: Contact) -> None:
    """`keep`'s empty fields from `other`; where both hold different values,
    `other`'s go into the notes ("From #7: org …"), as do its notes, marked
    with where and when they were written; the later
    last contact, the earlier creation."""
    differing = [
        f"{attr} {getattr(other, attr)}"
        for attr in DIFFERING
        if getattr(keep, attr)
        and getattr(other, attr)
        and getattr(keep, attr) != getattr(other, attr)
    ]
    same_name = fold(keep.name) == fold(other.name)
    for attr in SCALARS:
        if attr in names.PARTS and not same_name:
            continue  # "Vogel, Lena" is no part of "Ana Lima": the other name stays an aka
        if getattr(keep, attr) is None and getattr(other, attr) is not None:
            setattr(keep, attr, getattr(other, attr))
    extra = [f"From #{other.id}: " + "; ".join(differing)] if differing else []
    if other.notes and other.notes.strip() not in (keep.notes or ""):
        # Whose, where they came from and when: "From Maya O. (vcard 2026-10-02): …".
        day = str(clock.day_of(other.created_at)) if other.created_at else ""
        said = f"{other.source or 'added'} {day}".strip()
        notes = other.notes.strip()
        extra.append(f"From {other.name} ({said}): {notes}" if keep.notes else notes)
    if extra:
        keep.notes = "\n".join([*([keep.notes] if keep.notes else []), *extra])
    if keep.via_id in (keep.id, other.id):
        keep.via_id = None
    if other.last_contacted and (
        keep.last_contacted is None or other.last_contacted > keep.last_contacted
    ):
        keep.last_contacted = other.last_contacted
    keep.created_at = (
        min(keep.created_at, other.created_at)
        if other.created_at
        else keep.created_at or clock.now()
    )
