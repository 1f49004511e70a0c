from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from plncrm.agenda import gather as agenda
from plncrm.core import (
    communities,
    contacts,
    events,
    interactions,
    invitations,
    strikeouts,
)
from plncrm.core.contacts import ContactFields
from plncrm.core.events import EventFields
from plncrm.matchmaking import gather as suggestions
from plncrm.reads import lists
from plncrm.reads.events import list_events
from plncrm.reads.lists import ContactFilter
from plncrm.reads.timeline import timeline
from plncrm.store.models import Contact
from plncrm.store.plain import SessionReader
from plncrm.util.errors import Ambiguous, Conflict, Invalid, NotFound


def person(session: Session, today: date, name: str, **kw: object) -> Contact:
    return contacts.add_contact(session, ContactFields(name=name, **kw), today)  # type: ignore[arg-type]


def event_items(session: Session, day: date) -> list[tuple[str, str]]:
    return [(i.title, i.reason) for i in agenda.build(session, day) if i.kind == "event"]


def test_met_at_creates_or_finds_the_event(session: Session, today: date) -> None:
    ana = person(session, today, "Ana", met_at="ISTE 2026", met_on=date(2026, 6, 29))
    ben = person(session, today, "Ben", met_at="iste")  # a unique part of the name finds it
    assert ana.met_event_id == ben.met_event_id
    assert ben.met_on == date(2026, 6, 29)
    events.add(session, EventFields(name="ISTE 2025", starts_on=date(2025, 6, 30)))
    with pytest.raises(Ambiguous):
        person(session, today, "Cy", met_at="iste")


def test_add_edit_and_list(session: Session, today: date) -> None:
    past = events.add(
        session, EventFields(name="NCTM", starts_on=date(2026, 10, 1), ends_on=date(2026, 10, 3))
    )
    soon = events.add(
        session,
        EventFields(name="Webinar", starts_on=date(2026, 12, 2), hosted=True, kind="webinar"),
    )
    with pytest.raises(Conflict):
        events.add(session, EventFields(name="nctm"))
    with pytest.raises(Invalid, match="kind"):
        events.edit(session, past, EventFields(kind="party"))
    with pytest.raises(Invalid, match="end before"):
        events.edit(session, past, EventFields(ends_on=date(2026, 9, 1)))
    assert [e.name for e in list_events(session, today, "upcoming")] == ["Webinar"]
    assert [e.name for e in list_events(session, today, "past")] == ["NCTM"]
    # An event is not past while it is still going on.
    assert [e.name for e in list_events(session, date(2026, 10, 3), "upcoming")] == [
        "NCTM",
        "Webinar",
    ]
    assert events.resolve(session, str(soon.id)) is soon
    with pytest.raises(NotFound):
        events.resolve(session, "nothing")


def test_invitations_answers_attendance_and_thanks_reach_the_agenda(
    session: Session, today: date
) -> None:
    ana, ben, cy = (person(session, today, n) for n in ("Ana", "Ben", "Cy"))
    webinar = events.add(
        session, EventFields(name="Webinar", starts_on=date(2026, 12, 10), hosted=True)
    )
    assert invitations.invite(session, webinar, [ana, ben, cy, ana], today) == [ana, ben, cy]
    assert invitations.invite(session, webinar, [ana], today) == []
    invitations.rsvp(session, webinar, ana, "yes", today)
    invitations.rsvp(session, webinar, cy, "no", today)
    with pytest.raises(Invalid):
        invitations.rsvp(session, webinar, cy, "perhaps", today)
    assert event_items(session, date(2026, 12, 6)) == []
    assert event_items(session, date(2026, 12, 7)) == [
        ("Chase 1 unanswered invitation to Webinar", "starts in 3 days; no answer from Ben")
    ]
    assert event_items(session, date(2026, 12, 11)) == [  # over: no more chasing; who came?
        (
            "Record who came to Webinar (1 said yes)",
            "ended yesterday; by hand: pln event attended 1 REF…",
        )
    ]

    invitations.attended(session, webinar, [ana, ben], date(2026, 12, 10))
    assert event_items(session, date(2026, 12, 10)) == []
    assert event_items(session, date(2026, 12, 11)) == [
        ("Thank 2 attendees of Webinar", "ended yesterday; no thank-you yet to Ana, Ben")
    ]
    interactions.log(session, [ben], kind="email", on=date(2026, 12, 11))  # any later touch counts
    invitations.thank(session, webinar, [ana], date(2026, 12, 12))
    assert event_items(session, date(2026, 12, 12)) == []
    notes = [e.note for e in timeline(SessionReader(session), ana.id or 0)]
    assert notes == [
        "Thanked for coming to Webinar",
        "Attended Webinar",
        "Answered yes to Webinar",
        "Invited to Webinar",
    ]
    assert events.counts(session, [webinar.id or 0])[webinar.id or 0] == {
        "met": 0,
        "invited": 3,
        "yes": 1,
        "attended": 2,
    }


def test_no_thank_you_prompt_for_events_we_did_not_host(session: Session, today: date) -> None:
    ana = person(session, today, "Ana")
    conference = events.add(session, EventFields(name="ISTE", starts_on=date(2026, 11, 20)))
    invitations.attended(session, conference, [ana], date(2026, 11, 20))
    assert event_items(session, date(2026, 11, 22)) == []


def test_guard_follow_ups_belong_to_the_event(session: Session, today: date) -> None:
    ana = person(session, today, "Ana", met_at="ISTE", met_on=date(2026, 11, 27))
    guard = strikeouts.arm_one(session, ana, today)
    assert guard is not None
    assert guard.event_id == ana.met_event_id


def test_communities_membership_filters_and_suggestions(session: Session, today: date) -> None:
    ana, ben, cy = (person(session, today, n) for n in ("Ana", "Ben", "Cy"))
    edchat = communities.add(session, "#edchat", focus="weekly chat", mine=True)
    with pytest.raises(Conflict):
        communities.add(session, "#EdChat")
    assert communities.join(session, edchat, [ana, ben, ana], today) == [ana, ben]
    assert [
        c.name for c in lists.list_contacts(session, ContactFilter(community_id=edchat.id))
    ] == [
        "Ana",
        "Ben",
    ]
    assert communities.resolve(session, "edchat") is edchat
    for _ in range(5):  # a larger network makes the small community rare
        person(session, today, "Other")
    found = suggestions.suggestions(session, today)
    assert [(s.a.name, s.b.name) for s in found] == [("Ana", "Ben")]
    assert "both in community #edchat (2 people)" in found[0].reasons
    assert communities.leave(session, edchat, [ben, cy]) == [ben]
    assert communities.list_communities(session) == [(edchat, 1)]
