"""Interactions (touchpoints): what happened with whom, and when.

This is the only place that writes interactions, so each contact's
`last_contacted` stays the date of its latest one.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from plncrm.core import cadences, followups
from plncrm.store.db import Db, SessionDb, add_row, connection, fetch, get_row, remove_row, save
from plncrm.store.kinds import ATTENDED, INTERACTION_KINDS
from plncrm.store.plain import Reader, day
from plncrm.store.schema import (
    Contact,
    FollowUp,
    Interaction,
    InteractionContact,
    Resource,
    values,
)
from plncrm.util import clock
from plncrm.util.batches import chunks
from plncrm.util.bounds import check_id
from plncrm.util.errors import Invalid, NotFound
from plncrm.util.text import strip_controls

if TYPE_CHECKING:
    from sqlmodel import Session


def log(
    source: Db | Session,
    contacts: Sequence[Contact],
    *,
    kind: str = "note",
    note: str | None = None,
    on: date,
    event_id: int | None = None,
    intro_id: int | None = None,
    about: Sequence[Contact] = (),
    message_id: str | None = None,
) -> Interaction:
    """Record one interaction with every contact given (an email: with the
    Message-ID of the message, when pln sent it or read it back).

    `about` contacts were its subject, not part of it (the other side of an
    introduction we asked about): it shows on their timeline but does not
    count as being in touch with them.
    """
    if kind not in INTERACTION_KINDS:
        raise Invalid(f"unknown kind {kind!r}; choose from {', '.join(INTERACTION_KINDS)}")
    unique = {c.id: c for c in contacts}
    if not unique and not about:
        raise Invalid("an interaction needs at least one contact")
    db = connection(source)
    cleaned = strip_controls(note).strip() if note else None
    interaction = Interaction(
        happened_on=on,
        kind=kind,
        note=cleaned or None,
        event_id=event_id,
        intro_id=intro_id,
        created_at=clock.now(),
        message_id=message_id,
    )
    add_row(db, interaction)
    assert interaction.id is not None
    for contact in unique.values():
        assert contact.id is not None
        add_row(db, InteractionContact(interaction_id=interaction.id, contact_id=contact.id))
        if contact.last_contacted is None or on > contact.last_contacted:
            contact.last_contacted = on
            save(db, contact, "last_contacted")
    for subject in {c.id: c for c in about if c.id not in unique}.values():
        assert subject.id is not None
        add_row(
            db,
            InteractionContact(interaction_id=interaction.id, contact_id=subject.id, role="about"),
        )
    ids = [i for i in unique if i is not None]
    if ids:
        followups.satisfy_guards(db, ids, on, kind, interaction.created_at)
        cadences.refresh(db, ids)
    return interaction


class Email(NamedTuple):
    """One message exchanged with contacts, to record (what a mail scan found)."""

    message_id: str  # "<…>": recorded once, however often the message is read
    on: date
    contact_ids: tuple[int, ...]
    note: str | None
    reached: bool  # it went out to them (a message they sent does not follow up meeting them)


_INSERT_EMAIL = (
    "INSERT INTO interaction (uid, happened_on, kind, note, created_at, created_by, message_id) "
    "VALUES (:uid, :on, 'email', :note, :created_at, :member, :message_id) "
    "ON CONFLICT DO NOTHING"
)
_WITH = (
    "INSERT INTO interaction_contact (interaction_id, contact_id, role) "
    "VALUES (:interaction_id, :contact_id, 'with')"
)
_LATER = (
    "UPDATE contact SET last_contacted = :on "
    "WHERE id = :id AND (last_contacted IS NULL OR last_contacted < :on)"
)


def log_emails(source: Db | Session, emails: Sequence[Email]) -> dict[str, int]:
    """Record many emails at once (a mail scan: thousands), each as `log`
    would: one interaction per Message-ID, none for one recorded already;
    each contact's last contact moves to their latest and their cadence counts
    from it, and a message that went out after a meeting closes its strike-out
    guard (one they sent leaves it open: the follow-up is still ours to send).
    Returns the new interactions' ids by Message-ID."""
    from plncrm.store import journal
    from plncrm.store.schema import new_uid

    db = connection(source)
    fresh: dict[str, Email] = {}
    for email in emails:
        if email.contact_ids:
            fresh.setdefault(email.message_id, email)
    for chunk in chunks(sorted(fresh)):
        sql = "SELECT message_id FROM interaction WHERE message_id IN :ids"
        for (known,) in db.tuples(sql, {"ids": chunk}):
            fresh.pop(known, None)
    if not fresh:
        return {}
    now, member = clock.now(), db.member or None
    uids = {message_id: new_uid() for message_id in fresh}
    rows = [
        {
            "uid": uids[e.message_id],
            "on": e.on,
            "note": strip_controls(e.note).strip() or None if e.note else None,
            "created_at": now,
            "member": member,
            "message_id": e.message_id,
        }
        for e in fresh.values()
    ]
    with journal.bulk(db):
        db.many(_INSERT_EMAIL, rows)
        ids: dict[str, int] = {}
        for chunk in chunks(sorted(fresh)):
            sql = "SELECT message_id, uid, id FROM interaction WHERE message_id IN :ids"
            found = db.tuples(sql, {"ids": chunk})
            # Another member's scan may have recorded one meanwhile: theirs stays.
            ids.update((m, i) for m, uid, i in found if uid == uids[m])
        links = [
            {"interaction_id": ids[m], "contact_id": c}
            for m, e in fresh.items()
            if m in ids
            for c in sorted(set(e.contact_ids))
        ]
        db.many(_WITH, links)
    latest: dict[int, date] = {}
    went_out: dict[int, list[date]] = {}
    for message_id, email in fresh.items():
        for contact_id in email.contact_ids if message_id in ids else ():
            latest[contact_id] = max(email.on, latest.get(contact_id, email.on))
            if email.reached:
                went_out.setdefault(contact_id, []).append(email.on)
    db.many(_LATER, [{"id": c, "on": on} for c, on in sorted(latest.items())])
    _close_guards(db, went_out)
    cadences.refresh(db, sorted(latest))
    return ids


def _close_guards(db: Db, went_out: dict[int, list[date]]) -> None:
    """Close each open strike-out guard with the first message that went out
    on or after its meeting (`followups.satisfy_guards`, as `log` does)."""
    from plncrm.store.kinds import FOLLOW_UP_OPEN, GUARD

    guarded: dict[int, date | None] = {}
    for chunk in chunks(sorted(went_out)):
        guarded.update(
            (cid, day(met))
            for cid, met in db.tuples(
                "SELECT c.id, c.met_on FROM contact c WHERE c.id IN :ids AND EXISTS (SELECT 1 "
                "FROM follow_up f WHERE f.contact_id = c.id AND f.source = :guard "
                "AND f.status IN :open)",
                {"ids": chunk, "guard": GUARD, "open": list(FOLLOW_UP_OPEN)},
            )
        )
    for contact_id, met in sorted(guarded.items()):
        after = [on for on in went_out[contact_id] if met is None or on >= met]
        if after:
            followups.satisfy_guards(db, [contact_id], min(after), "email")


def complete_follow_up(
    source: Db | Session, task: FollowUp, on: date, note: str | None = None, kind: str = "note"
) -> FollowUp | None:
    """Mark a follow-up done (returning a recurring one's next occurrence); a
    note about what was done goes on its contact's timeline."""
    db = connection(source)
    following = followups.complete(db, task, on)
    contact = get_row(db, Contact, task.contact_id) if note and task.contact_id else None
    if contact is not None:
        log(db, [contact], kind=kind, note=note, on=on)
    return following


def get(source: Db | Session, interaction_id: int) -> Interaction:
    found = get_row(connection(source), Interaction, check_id(interaction_id))
    if found is None:
        raise NotFound(f"no interaction with id {interaction_id} (pln show REF lists them)")
    return found


def people_in(
    source: Reader | Session, interaction: Interaction, role: str = "with"
) -> list[Contact]:
    """The contacts an interaction was with (or, with role "about", about)."""
    return fetch(
        connection(source),
        Contact,
        "id IN (SELECT contact_id FROM interaction_contact WHERE interaction_id = :i "
        "AND role = :role) ORDER BY name_key",
        {"i": interaction.id, "role": role},
    )


def edit(
    source: Db | Session,
    interaction: Interaction,
    today: date,
    *,
    on: date | None = None,
    kind: str | None = None,
    note: str | None = None,
    people: Sequence[Contact] | None = None,
    resource: Resource | None = None,
    no_resource: bool = False,
) -> Interaction:
    """Correct an interaction: its day, kind, note, the people it was with or,
    for a gift ("gave"), the resource it gave (`no_resource`: none), the
    resource's name in its note with it. Everyone's last contact is
    recounted, before and after."""
    if on is not None and on > today:
        raise Invalid(
            f"{on.isoformat()} has not happened yet: an interaction records what happened"
        )
    if kind is not None and kind not in INTERACTION_KINDS:
        raise Invalid(f"unknown kind {kind!r}; choose from {', '.join(INTERACTION_KINDS)}")
    if people is not None and not people:
        raise Invalid("an interaction needs at least one contact")
    db = connection(source)
    touched = {c.id for c in people_in(db, interaction) if c.id is not None}
    before = values(interaction)
    if on is not None:
        interaction.happened_on = on
    if kind is not None:
        interaction.kind = kind
    if note is not None:
        interaction.note = strip_controls(note).strip() or None
    from plncrm.core.resources import GIVEN

    if resource is not None or no_resource:
        if interaction.kind != GIVEN:
            raise Invalid(f"only a gift ({GIVEN!r}) gives a resource: #{interaction.id} is not one")
        _regive(db, interaction, resource)
    elif interaction.kind != GIVEN:
        interaction.resource_id = None  # no longer a gift: it gave nothing (its note stays)
    save(db, interaction, since=before)
    if people is not None:
        db.execute(
            "DELETE FROM interaction_contact WHERE interaction_id = :i AND role = 'with'",
            {"i": interaction.id},
        )
        for contact_id in sorted({c.id for c in people if c.id is not None}):
            add_row(
                db, InteractionContact(interaction_id=interaction.id or 0, contact_id=contact_id)
            )
            touched.add(contact_id)
    _recount(db, touched)
    return interaction


def _regive(db: Db, gift: Interaction, resource: Resource | None) -> None:
    """The gift gave `resource` (None: no resource), and its note says so: the
    name the note starts with (as `resources.give` writes it) is replaced."""
    old = get_row(db, Resource, gift.resource_id) if gift.resource_id else None
    said = gift.note or ""
    if old is not None and (said == old.name or said.startswith(f"{old.name}: ")):
        said = said[len(old.name) :].removeprefix(": ")
    gift.resource_id = resource.id if resource else None
    if resource is not None:
        gift.note = f"{resource.name}: {said}" if said else resource.name
    else:
        gift.note = said or None


def remove(source: Db | Session, interaction: Interaction) -> list[Contact]:
    """Delete an interaction; return the people it was with (their last contact recounted)."""
    db = connection(source)
    people = people_in(db, interaction)
    remove_row(db, interaction)
    _recount(db, {c.id for c in people if c.id is not None})
    return people


def leave(source: Db | Session, interaction: Interaction, contact_ids: set[int]) -> None:
    """Take contacts out of an interaction (attendance recorded for them by
    mistake); one left with nobody is deleted. Their last contact recounted."""
    db = connection(source)
    db.execute(
        "DELETE FROM interaction_contact WHERE interaction_id = :i AND contact_id IN :ids",
        {"i": interaction.id, "ids": sorted(contact_ids)},
    )
    left = db.tuples(
        "SELECT count(*) FROM interaction_contact WHERE interaction_id = :i", {"i": interaction.id}
    )
    if not left[0][0]:
        remove_row(db, interaction)
    _recount(db, contact_ids)


def move_event_day(
    source: Db | Session, event_id: int, old_day: date | None, new_day: date
) -> None:
    """An event's first day moved: being there (kind `event`) moves with it,
    for those recorded on its old first day, or, when it had none, on the day
    they were recorded (an import's "met at" for an event with no date yet)."""
    db = connection(source)
    rows = fetch(
        db, Interaction, "event_id = :e AND kind = :kind", {"e": event_id, "kind": ATTENDED}
    )
    moved = [
        i
        for i in rows
        if i.happened_on != new_day
        and (i.happened_on == old_day if old_day else i.happened_on == clock.day_of(i.created_at))
    ]
    if not moved:
        return
    for interaction in moved:
        interaction.happened_on = new_day
        save(db, interaction, "happened_on")
    people = db.tuples(
        "SELECT contact_id FROM interaction_contact WHERE interaction_id IN :ids",
        {"ids": [i.id for i in moved]},
    )
    _recount(db, {contact_id for (contact_id,) in people})


def _recount(db: Db, contact_ids: set[int]) -> None:
    """Each contact's last contact: the day of their latest interaction "with" them."""
    for contact_id in sorted(contact_ids):
        db.execute(
            "UPDATE contact SET last_contacted = (SELECT max(i.happened_on) FROM interaction i "
            "JOIN interaction_contact ic ON ic.interaction_id = i.id "
            "WHERE ic.contact_id = :c AND ic.role = 'with') WHERE id = :c",
            {"c": contact_id},
        )
        found = get_row(db, Contact, contact_id)
        if isinstance(db, SessionDb) and found is not None:
            db.session.refresh(found)
    cadences.refresh(db, sorted(contact_ids))
