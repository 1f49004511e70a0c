from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlmodel import Session

from plncrm.agenda import gather as agenda
from plncrm.core import contacts, drafts, interactions, intros, ripples, views
from plncrm.core.contacts import ContactFields
from plncrm.reads.timeline import timeline
from plncrm.store.models import Contact
from plncrm.store.plain import SessionReader
from plncrm.util.errors import Conflict, Invalid

D0 = date(2026, 11, 2)


def person(session: Session, today: date, name: str, **kw: object) -> Contact:
    return contacts.add_contact(session, ContactFields(name=name, **kw), today)  # type: ignore[arg-type]


@pytest.fixture
def pair(session: Session, today: date) -> tuple[Contact, Contact]:
    ana = person(
        session,
        today,
        "Ana Lima",
        emails=["ana@x.org"],
        org="Riverside USD",
        role="Mentor",
        needs=["coaching for new math teachers"],
    )
    ben = person(
        session, today, "Ben Ode", org="Lumen", role="Math coach", offers=["math coaching"]
    )
    return ana, ben


def intro_items(session: Session, day: date) -> list[tuple[str, str]]:
    return [(i.title, i.reason) for i in agenda.build(session, day, within=0) if i.kind == "intro"]


def notes(session: Session, contact: Contact) -> list[tuple[str, str | None, str]]:
    return [
        (e.happened_on.isoformat(), e.note, e.role)
        for e in reversed(timeline(SessionReader(session), contact.id or 0))
    ]


def test_whole_lifecycle_on_timelines_and_in_the_agenda(
    session: Session, pair: tuple[Contact, Contact]
) -> None:
    ana, ben = pair
    intro = intros.propose(session, ana, ben, "Ben coaches new math teachers", D0)
    assert intro.status == "proposed"
    assert intro_items(session, D0) == [
        (
            "Ask Ana Lima about meeting Ben Ode",
            "introduction proposed today: Ben coaches new math teachers",
        ),
        (
            "Ask Ben Ode about meeting Ana Lima",
            "introduction proposed today: Ben coaches new math teachers",
        ),
    ]
    intros.ask(session, intro, "a", D0)
    intros.ask(session, intro, "b", D0 + timedelta(days=1))
    assert intro.status == "asking"
    # Waiting on answers is not shown until intro-wait-days (5) have passed.
    assert intro_items(session, D0 + timedelta(days=4)) == []
    assert intro_items(session, D0 + timedelta(days=5)) == [
        ("Nudge Ana Lima about meeting Ben Ode", "asked 5 days ago, no answer yet")
    ]
    intros.answer(session, intro, "a", "yes", D0 + timedelta(days=6))
    intros.answer(session, intro, "b", "later", D0 + timedelta(days=6))
    assert intro_items(session, D0 + timedelta(days=11)) == [
        ("Ask Ben Ode again about meeting Ana Lima", "said 'later' 5 days ago")
    ]
    intros.answer(session, intro, "b", "yes", D0 + timedelta(days=12))
    assert intro.status == "agreed"
    assert intro_items(session, D0 + timedelta(days=12)) == [
        ("Introduce Ana Lima ↔ Ben Ode", "both said yes: Ben coaches new math teachers")
    ]
    introduced_on = D0 + timedelta(days=13)
    intros.introduce(session, intro, introduced_on)
    assert intro_items(session, introduced_on + timedelta(days=13)) == []
    assert intro_items(session, introduced_on + timedelta(days=14)) == [
        ("Ask how it went: Ana Lima ↔ Ben Ode", "introduced 14 days ago; no outcome recorded")
    ]
    intros.record_outcome(
        session, intro, "working-together", introduced_on + timedelta(days=20), "co-presenting"
    )
    assert intro.status == "done"
    assert intro_items(session, introduced_on + timedelta(days=30)) == []

    assert notes(session, ana) == [
        (
            "2026-11-02",
            "Introduction of Ana Lima and Ben Ode proposed (double opt-in): "
            "Ben coaches new math teachers",
            "about",
        ),
        (
            "2026-11-02",
            "Asked Ana Lima privately about meeting Ben Ode: Ben coaches new math teachers",
            "with",
        ),
        (
            "2026-11-03",
            "Asked Ben Ode privately about meeting Ana Lima: Ben coaches new math teachers",
            "about",
        ),
        ("2026-11-08", "Ana Lima said yes to meeting Ben Ode", "with"),
        ("2026-11-08", "Ben Ode said later to meeting Ana Lima", "about"),
        ("2026-11-14", "Ben Ode said yes to meeting Ana Lima", "about"),
        ("2026-11-15", "Introduced Ana Lima and Ben Ode: Ben coaches new math teachers", "with"),
        (
            "2026-12-05",
            "Introduction of Ana Lima and Ben Ode: working-together (co-presenting)",
            "about",
        ),
    ]
    assert len(notes(session, ben)) == 8
    # Being the subject of a step is not being in touch.
    assert ana.last_contacted == D0 + timedelta(days=13)


def test_no_answer_declines(session: Session, pair: tuple[Contact, Contact]) -> None:
    intro = intros.propose(session, *pair, "why", D0)
    intros.answer(session, intro, "b", "no", D0)
    assert (intro.status, intro.closed_on) == ("declined", D0)
    assert intro_items(session, D0 + timedelta(days=30)) == []
    with pytest.raises(Conflict):
        intros.introduce(session, intro, D0)


def test_direct_introduction_skips_asking(session: Session, pair: tuple[Contact, Contact]) -> None:
    intro = intros.propose(session, *pair, "met at ISTE, both keen", D0, direct=True)
    assert intro.status == "agreed"
    assert [t for t, _ in intro_items(session, D0)] == ["Introduce Ana Lima ↔ Ben Ode"]


def test_introduce_before_both_agree_names_who_is_missing(
    session: Session, pair: tuple[Contact, Contact]
) -> None:
    intro = intros.propose(session, *pair, "why", D0)
    intros.answer(session, intro, "a", "yes", D0)
    with pytest.raises(Conflict, match="waiting on Ben Ode"):
        intros.introduce(session, intro, D0)


def test_self_and_duplicate_introductions_are_errors(
    session: Session, pair: tuple[Contact, Contact]
) -> None:
    ana, ben = pair
    with pytest.raises(Invalid, match="themself"):
        intros.propose(session, ana, ana, "why", D0)
    with pytest.raises(Invalid, match="why"):
        intros.propose(session, ana, ben, "  ", D0)
    first = intros.propose(session, ana, ben, "why", D0)
    with pytest.raises(Conflict, match="already open"):
        intros.propose(session, ben, ana, "again", D0)
    intros.cancel(session, first, D0)
    assert intros.propose(session, ben, ana, "again", D0).status == "proposed"


def test_side_of_accepts_letters_and_contacts(
    session: Session, pair: tuple[Contact, Contact], today: date
) -> None:
    intro = intros.propose(session, *pair, "why", D0)
    assert intros.side_of(session, intro, "B") == "b"
    assert intros.side_of(session, intro, "ana") == "a"
    person(session, today, "Cy")
    with pytest.raises(Invalid, match="not part of"):
        intros.side_of(session, intro, "cy")


def test_drafts_read_like_a_person_wrote_them(
    session: Session, pair: tuple[Contact, Contact]
) -> None:
    a, b = views.contact_views(session, list(pair))
    why = "Ben coaches new math teachers"
    ask = drafts.ask(a, b, why, "Sam")
    assert ask.to == "Ana Lima <ana@x.org>"
    assert ask.subject == "Would you like to meet Ben?"
    assert ask.body.startswith(
        "Hi Ana,\n\nI'd like to introduce you to Ben Ode, Math coach at Lumen."
    )
    assert "Ben can help with math coaching." in ask.body
    assert "Why I thought of you: Ben coaches new math teachers." in ask.body
    assert "No pressure" in ask.body
    assert ask.body.endswith("Best,\nSam")
    both = drafts.introduce(a, b, why, "Sam")
    assert both.to == "Ana Lima <ana@x.org>, Ben Ode"
    assert "Ana, meet Ben Ode, Math coach at Lumen." in both.body
    assert "Ben, meet Ana Lima, Mentor at Riverside USD." in both.body
    follow = drafts.follow_up(b, a)
    assert follow.subject == "How did it go with Ana?"
    assert follow.body.endswith("Best,")


def test_ripple_tree_goes_several_levels(session: Session, today: date) -> None:
    maya = person(session, today, "Maya")
    ben = person(session, today, "Ben", via="Maya")
    cy = person(session, today, "Cy", via="Ben")
    di = person(session, today, "Di", via="Cy")
    eve = person(session, today, "Eve")
    intro = intros.propose(session, ben, eve, "why", D0, direct=True)
    intros.introduce(session, intro, D0)
    intros.record_outcome(session, intro, "met", D0)
    interactions.log(session, [cy], on=D0)
    tree = ripples.build(session, maya)

    def shape(node: ripples.Ripple) -> object:
        return (node.contact.name, node.how, [shape(c) for c in node.children])

    assert shape(tree) == (
        "Maya",
        "root",
        [
            ("Ben", "via", [("Cy", "via", [("Di", "via", [])]), ("Eve", "intro", [])]),
        ],
    )
    assert tree.size() == 4
    assert tree.children[0].children[0].result == "1 interaction, last 2026-11-02"
    assert tree.children[0].children[1].result == "introduced 2026-11-02: met"
    assert (di.via_id, cy.via_id) == (cy.id, ben.id)
