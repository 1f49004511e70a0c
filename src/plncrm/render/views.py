"""Plain, JSON-ready views of stored records.

Both `--json` and the Rich tables are built from these dicts, so the two never
disagree. Keys are stable: add new ones, never rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlmodel import Session, col

from plncrm.core import communities
from plncrm.core import contacts as contacts_core
from plncrm.store.models import Community, Contact, Event, EventGuest, FollowUp, Introduction

if TYPE_CHECKING:
    from plncrm.agenda.rank import Item
    from plncrm.core.interactions import TimelineEntry
    from plncrm.core.ripples import Ripple
    from plncrm.matchmaking.rank import Suggestion

View = dict[str, Any]


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def ref(contact: Contact | None) -> View | None:
    return None if contact is None else {"id": contact.id, "name": contact.name}


def contact_views(session: Session, contacts: Sequence[Contact]) -> list[View]:
    """Full views of many contacts, loading their details, events and introducers in bulk."""
    ids = [c.id for c in contacts if c.id is not None]
    details = contacts_core.details_for(session, ids)
    event_ids = {c.met_event_id for c in contacts if c.met_event_id}
    events = {
        e.id: e
        for e in session.execute(select(Event).where(col(Event.id).in_(event_ids))).scalars()
    } if event_ids else {}  # fmt: skip
    vias = contacts_core.get_many(session, (c.via_id for c in contacts if c.via_id))
    groups = communities.of_contacts(session, ids)
    views = []
    for c in contacts:
        d = details[c.id] if c.id is not None else contacts_core.ContactDetails()
        emails = d.get("email")
        event = events.get(c.met_event_id) if c.met_event_id else None
        views.append({
            "id": c.id,
            "name": c.name,
            "email": emails[0] if emails else None,
            "emails": emails,
            "phones": d.get("phone"),
            "org": c.org,
            "role": c.role,
            "tags": d.get("tag"),
            "links": d.get("link"),
            "needs": d.get("need"),
            "offers": d.get("offer"),
            "cadence": c.cadence,
            "birthday": c.birthday,
            "notes": c.notes,
            "met_at": event.name if event else None,
            "met_on": iso(c.met_on),
            "via": ref(vias.get(c.via_id)) if c.via_id else None,
            "communities": groups.get(c.id or 0, []),
            "last_contacted": iso(c.last_contacted),
            "added_on": iso(c.created_at.date()) if c.created_at else None,
        })  # fmt: skip
    return views


def timeline_views(entries: Sequence[TimelineEntry]) -> list[View]:
    return [
        {
            "id": e.interaction.id,
            "date": iso(e.interaction.happened_on),
            "kind": e.interaction.kind,
            "note": e.interaction.note,
            "with": [ref(o) for o in e.with_others],
            "role": e.role,
        }
        for e in entries
    ]


def follow_up_view(task: FollowUp, contact: Contact | None) -> View:
    return {
        "id": task.id,
        "title": task.title,
        "contact": ref(contact),
        "due": iso(task.due),
        "status": task.status,
        "snoozed_until": iso(task.snoozed_until),
        "every": task.every,
        "every_from": task.every_from if task.every else None,
        "source": task.source,
        "done_on": iso(task.done_on),
        "owner": task.owner,
        "created_by": task.created_by,
    }


def agenda_view(item: Item) -> View:
    return {
        "kind": item.kind,
        "section": item.section,
        "contact": item.person.name if item.person else None,
        "contact_id": item.person.id if item.person else None,
        "title": item.title,
        "due": iso(item.due),
        "score": item.score,
        "score_terms": item.terms,
        "reason": item.reason,
        "task_id": item.task_id,
        "action": item.action,
        "owner": item.owner,
        **({"ref": dict(item.ref)} if item.ref else {}),
    }


def intro_view(intro: Introduction, a: Contact, b: Contact) -> View:
    return {
        "id": intro.id,
        "a": ref(a),
        "b": ref(b),
        "status": intro.status,
        "why": intro.why,
        "direct": intro.direct,
        "proposed_on": iso(intro.proposed_on),
        "a_asked_on": iso(intro.a_asked_on),
        "b_asked_on": iso(intro.b_asked_on),
        "a_answer": intro.a_answer,
        "a_answered_on": iso(intro.a_answered_on),
        "b_answer": intro.b_answer,
        "b_answered_on": iso(intro.b_answered_on),
        "introduced_on": iso(intro.introduced_on),
        "outcome": intro.outcome,
        "outcome_note": intro.outcome_note,
        "closed_on": iso(intro.closed_on),
    }


def suggestion_view(s: Suggestion) -> View:
    return {
        "a": {"id": s.a.id, "name": s.a.name},
        "b": {"id": s.b.id, "name": s.b.name},
        "score": s.score,
        "score_terms": {
            "needs_offers": round(s.needs_score, 2),
            "shared_groups": round(s.groups_score, 2),
            "recency": s.recency,
        },
        "reasons": s.reasons,
    }


def ripple_view(node: Ripple) -> View:
    return {
        "contact": ref(node.contact),
        "how": node.how,
        "result": node.result,
        "children": [ripple_view(c) for c in node.children],
    }


def event_view(event: Event, stats: dict[str, int] | None = None) -> View:
    return {
        "id": event.id,
        "name": event.name,
        "kind": event.kind,
        "starts_on": iso(event.starts_on),
        "ends_on": iso(event.ends_on),
        "where": event.where,
        "hosted": event.hosted,
        **({"counts": stats} if stats is not None else {}),
    }


def guest_view(guest: EventGuest, contact: Contact) -> View:
    return {
        "contact": ref(contact),
        "invited_on": iso(guest.invited_on),
        "rsvp": guest.rsvp,
        "rsvp_on": iso(guest.rsvp_on),
        "attended": guest.attended,
        "thanked_on": iso(guest.thanked_on),
    }


def community_view(community: Community, size: int | None = None) -> View:
    return {
        "id": community.id,
        "name": community.name,
        "focus": community.focus,
        "where": community.where,
        "mine": community.mine,
        **({"members": size} if size is not None else {}),
    }
