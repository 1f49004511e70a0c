"""The documents plncrm writes about its records: plain, JSON-ready views
that `--json` prints, the exporters write (CSV, vCard, plain text) and the
address-book sync draws its cards from. The tables of `render/` are drawn from
the same dicts, so the two never disagree. They are built here, below the
drawing layer, because building them reads the store (`contact_views` loads
details, events and introducers in bulk); an agenda line's and a suggested
introduction's views are built beside them (`agenda.handles.agenda_view`,
`matchmaking.rank.suggestion_view`).

Each view is a TypedDict (their shapes: `view_shapes`), so a renderer that
reads a key no view has is a type error. Keys are stable: add new ones,
never rename.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from plncrm.store.plain import Source, reader
from plncrm.util import clock

if TYPE_CHECKING:
    from plncrm.core import history
    from plncrm.core.ripples import Ripple
    from plncrm.core.view_shapes import (
        CommunityView,
        ContactView,
        EventView,
        FollowUpView,
        GuestView,
        HistoryView,
        IntroView,
        Named,
        Ref,
        RippleView,
        TimelineView,
    )
    from plncrm.reads.timeline import Entry
    from plncrm.store.models import (
        Community,
        Contact,
        Event,
        EventGuest,
        FollowUp,
        Interaction,
        Introduction,
    )

View = dict[str, Any]  # a view of no fixed shape (report figures, import summaries)


def iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


def ref(contact: Named) -> Ref:
    return {"id": contact.id, "name": contact.name}


def maybe_ref(contact: Named | None) -> Ref | None:
    return None if contact is None else ref(contact)


def contact_views(source: Source, contacts: Sequence[Contact]) -> list[ContactView]:
    """Full views of many contacts, loading their details, events and introducers in bulk."""
    from plncrm.reads import contacts as contacts_read
    from plncrm.util.social import by_network

    read = reader(source)
    ids = [c.id for c in contacts if c.id is not None]
    details = contacts_read.details_for(read, ids)
    events = contacts_read.event_names(read, (c.met_event_id for c in contacts))
    vias = contacts_read.get_many(read, (c.via_id for c in contacts))
    groups = contacts_read.communities_of(read, ids)
    views: list[ContactView] = []
    for c in contacts:
        d = details[c.id] if c.id is not None else contacts_read.ContactDetails()
        emails = d.get("email")
        views.append(
            {
                "id": c.id,
                "uid": c.uid,
                "name": c.name,
                "given": c.given,
                "middle": c.middle,
                "family": c.family,
                "prefix": c.prefix,
                "suffix": c.suffix,
                "pronouns": c.pronouns,
                "akas": d.get("aka"),
                "email": emails[0] if emails else None,
                "emails": emails,
                "phones": d.get("phone"),
                "org": c.org,
                "role": c.role,
                "tags": d.get("tag"),
                "links": d.get("link"),
                "handles": by_network(d.get("link")),
                "needs": d.get("need"),
                "offers": d.get("offer"),
                "past_roles": d.get("past_role"),
                "cadence": c.cadence,
                "birthday": c.birthday,
                "notes": c.notes,
                "met_at": events.get(c.met_event_id) if c.met_event_id else None,
                "met_on": iso(c.met_on),
                "via": maybe_ref(vias.get(c.via_id)) if c.via_id else None,
                "communities": groups.get(c.id or 0, []),
                "last_contacted": iso(c.last_contacted),
                "added_on": iso(clock.day_of(c.created_at)) if c.created_at else None,
            }
        )
    return views


def timeline_views(entries: Sequence[Entry]) -> list[TimelineView]:
    return [
        {
            "id": e.id,
            "date": iso(e.happened_on),
            "kind": e.kind,
            "note": e.note,
            "with": [{"id": other, "name": name} for other, name in e.others],
            "role": e.role,
        }
        for e in entries
    ]


def logged_view(
    interaction: Interaction, day: date, people: Sequence[Named], event: Event | None
) -> View:
    """An interaction just logged, as `pln log --json` prints it (and the
    assistant's `log_interaction` returns)."""
    return {
        "id": interaction.id,
        "date": iso(day),
        "kind": interaction.kind,
        "note": interaction.note,
        "with": [ref(p) for p in people],
        "event": event.name if event else None,
    }


def follow_up_view(task: FollowUp, contact: Named | None) -> FollowUpView:
    return {
        "id": task.id,
        "title": task.title,
        "contact": maybe_ref(contact),
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


def intro_view(intro: Introduction, a: Named, b: Named) -> IntroView:
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


def ripple_view(node: Ripple) -> RippleView:
    return {
        "contact": ref(node.contact),
        "how": node.how,
        "result": node.result,
        "children": [ripple_view(c) for c in node.children],
    }


def event_view(event: Event, stats: dict[str, int] | None = None) -> EventView:
    view: EventView = {
        "id": event.id,
        "name": event.name,
        "kind": event.kind,
        "starts_on": iso(event.starts_on),
        "ends_on": iso(event.ends_on),
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "tz": event.tz,
        "where": event.where,
        "hosted": event.hosted,
    }
    if stats is not None:
        view["counts"] = stats
    return view


def guest_view(guest: EventGuest, contact: Contact) -> GuestView:
    return {
        "contact": ref(contact),
        "invited_on": iso(guest.invited_on),
        "rsvp": guest.rsvp,
        "rsvp_on": iso(guest.rsvp_on),
        "attended": guest.attended,
        "thanked_on": iso(guest.thanked_on),
        "recording_on": iso(guest.recording_on),
        "minutes": guest.minutes,
    }


def community_view(community: Community, size: int | None = None) -> CommunityView:
    view: CommunityView = {
        "id": community.id,
        "name": community.name,
        "focus": community.focus,
        "where": community.where,
        "mine": community.mine,
    }
    if size is not None:
        view["members"] = size
    return view


def history_view(entry: history.Entry, whom: tuple[list[str], bool]) -> HistoryView:
    """A command that changed the store, as `pln history` lists it, with whom it was
    about (`history.people`: the first few, read before an undo takes them away)."""
    from plncrm.core.history import summary

    return {
        "id": entry.id,
        "at": entry.at.isoformat(timespec="seconds"),
        "member": entry.member,
        "command": entry.command,
        "undone_at": entry.undone_at.isoformat(timespec="seconds") if entry.undone_at else None,
        "summary": summary(entry),
        "people": whom[0],
        "people_more": whom[1],
        "changes": [
            {"table": c.table, "added": c.added, "changed": c.changed, "removed": c.removed}
            for c in entry.changes
        ],
    }
