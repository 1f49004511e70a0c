from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlmodel import Session

from plncrm.core import contacts, deletion, events, interactions, refs
from plncrm.core.contacts import ContactFields
from plncrm.reads import lists
from plncrm.reads.lists import ContactFilter
from plncrm.reads.timeline import timeline
from plncrm.store.models import Contact, ContactDetail, Interaction
from plncrm.store.plain import SessionReader
from plncrm.util.errors import Ambiguous, Conflict, Invalid, NotFound


def add(session: Session, today: date, name: str, **kw: object) -> Contact:
    return contacts.add_contact(session, ContactFields(name=name, **kw), today)  # type: ignore[arg-type]


def test_add_contact_keeps_every_field(session: Session, today: date) -> None:
    ana = add(session, today, "Ana Lima")
    ben = add(
        session,
        today,
        "Ben Ode",
        emails=["Ben@Example.org", "ben@home.net"],
        phones=["+1 555 0100"],
        org="Lumen",
        role="Coach",
        tags=["Math", "coaching"],
        links=["https://bsky.app/profile/ben"],
        needs=["co-presenter"],
        offers=["math coaching"],
        cadence="every 3 months",
        notes="hi",
        via="ana",
        met_at="ISTE 2026",
        met_on=date(2026, 6, 30),
    )
    details = contacts.details_for(session, [ben.id])[ben.id]  # type: ignore[list-item,index]
    assert details.get("email") == ["Ben@Example.org", "ben@home.net"]
    assert details.get("tag") == ["Math", "coaching"]
    assert details.get("offer") == ["math coaching"]
    assert ben.cadence == "3 months"
    assert ben.via_id == ana.id
    event = events.find(session, "iste 2026")
    assert event is not None
    assert ben.met_event_id == event.id
    assert event.starts_on == date(2026, 6, 30)
    assert ben.met_on == date(2026, 6, 30)


def test_met_at_without_date_uses_the_events_date(session: Session, today: date) -> None:
    events.find_or_create(session, "NCTM", on=date(2026, 10, 1))
    c = add(session, today, "Cy", met_at="nctm")
    assert c.met_on == date(2026, 10, 1)
    d = add(session, today, "Di", met_at="Brand new meetup")
    assert d.met_on == today


def test_an_email_belongs_to_one_contact(session: Session, today: date) -> None:
    add(session, today, "Ana", emails=["ana@x.org"])
    with pytest.raises(Conflict, match="already belongs to Ana"):
        add(session, today, "Other", emails=["ANA@x.org"])


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "  "}, "needs a name"),
        ({"name": "X", "emails": ["not-an-email"]}, "not an email"),
        ({"name": "X", "cadence": "sometimes"}, "cannot read interval"),
        ({"name": "X", "tags": ["!!"]}, "not a usable tag"),
    ],
)
def test_bad_values_are_refused(
    session: Session, today: date, fields: dict[str, object], message: str
) -> None:
    with pytest.raises(Invalid, match=message):
        contacts.add_contact(session, ContactFields(**fields), today)  # type: ignore[arg-type]


def test_edit_replaces_lists_and_clears_fields(session: Session, today: date) -> None:
    c = add(session, today, "Ana", emails=["a@x.org"], tags=["a", "b"], org="Old")
    contacts.edit_contact(session, c, ContactFields(tags=["c"], org="", name="Ana Lima"), today)
    details = contacts.details_for(session, [c.id])[c.id]  # type: ignore[list-item,index]
    assert details.get("tag") == ["c"]
    assert details.get("email") == ["a@x.org"]
    assert c.org is None
    assert c.name == "Ana Lima"
    with pytest.raises(Invalid, match="themself"):
        contacts.edit_contact(session, c, ContactFields(via="Ana Lima"), today)


def test_tags_are_added_once_and_removed(session: Session, today: date) -> None:
    c = add(session, today, "Ana", tags=["math"])
    assert contacts.add_tags(session, c, ["Math", "ela", "ELA"]) == ["ela"]
    assert contacts.remove_tags(session, c, ["MATH"]) == ["math"]
    assert contacts.details_for(session, [c.id])[c.id].get("tag") == ["ela"]  # type: ignore[list-item,index]


def test_list_filters_and_sorts(session: Session, today: date) -> None:
    ana = add(session, today, "Ana", org="Lumen EdTech", tags=["math"], needs=["grant writing"])
    ben = add(session, today, "Ben", org="Riverside USD", tags=["math", "ela"])
    add(session, today, "Cy", org="Lumen", notes="Loves number talks")
    interactions.log(session, [ben], on=date(2026, 11, 1))
    interactions.log(session, [ana], on=date(2026, 10, 1))

    def names(sort: lists.SortKey = "name", limit: int | None = None, **kw: Any) -> list[str]:
        where = lists.ContactFilter(**kw)
        return [c.name for c in lists.list_contacts(session, where, sort=sort, limit=limit)]

    assert names() == ["Ana", "Ben", "Cy"]
    assert names(tags=["MATH"]) == ["Ana", "Ben"]
    assert names(tags=["math", "ela"]) == ["Ben"]
    assert names(org="lumen") == ["Ana", "Cy"]
    assert names(text="number talks") == ["Cy"]
    assert names(text="grant") == ["Ana"]
    assert names(text="100%") == []
    assert names(sort="last-contacted") == ["Ben", "Ana", "Cy"]
    assert names(limit=1) == ["Ana"]


def test_search_ignores_case_and_accents(session: Session, today: date) -> None:
    add(session, today, "José Álvarez", offers=["Coaching for new teachers"])
    assert [c.name for c in lists.list_contacts(session, ContactFilter(text="jose"))] == [
        "José Álvarez"
    ]
    assert [c.name for c in lists.list_contacts(session, ContactFilter(text="COACHING"))] == [
        "José Álvarez"
    ]


def test_delete_keeps_interactions_shared_with_others(session: Session, today: date) -> None:
    ana, ben = add(session, today, "Ana", tags=["x"]), add(session, today, "Ben", via="Ana")
    interactions.log(session, [ana], on=today, note="solo")
    interactions.log(session, [ana, ben], on=today, note="shared")
    assert deletion.delete_contact(session, ana) == 1
    notes = session.execute(select(Interaction.note)).scalars().all()
    assert notes == ["shared"]
    assert session.execute(select(func.count()).select_from(ContactDetail)).scalar() == 0
    session.refresh(ben)
    assert ben.via_id is None


def test_logging_moves_last_contacted_forward_only(session: Session, today: date) -> None:
    c = add(session, today, "Ana")
    interactions.log(session, [c], on=date(2026, 11, 20))
    interactions.log(session, [c], on=date(2026, 11, 1))
    assert c.last_contacted == date(2026, 11, 20)
    assert [e.happened_on for e in timeline(SessionReader(session), c.id or 0)] == [
        date(2026, 11, 20),
        date(2026, 11, 1),
    ]
    with pytest.raises(Invalid, match="unknown kind"):
        interactions.log(session, [c], on=today, kind="telepathy")


class TestRefs:
    @pytest.fixture
    def people(self, session: Session, today: date) -> dict[str, Contact]:
        return {
            n: add(session, today, n, emails=[f"{n.replace(' ', '.').lower()}@x.org"])
            for n in ("Ana Lima", "Ana Souza", "Ben Ode", "Zoë Park")
        }

    def test_by_id_email_and_name(self, session: Session, people: dict[str, Contact]) -> None:
        ben = people["Ben Ode"]
        assert refs.resolve(session, str(ben.id)) is ben
        assert refs.resolve(session, f"#{ben.id}") is ben
        assert refs.resolve(session, "BEN.ODE@x.org") is ben
        assert refs.resolve(session, "ben ode") is ben
        assert refs.resolve(session, "ode") is ben
        assert refs.resolve(session, "zoe") is people["Zoë Park"]

    def test_several_matches_list_ids(self, session: Session, people: dict[str, Contact]) -> None:
        with pytest.raises(Ambiguous) as info:
            refs.resolve(session, "ana")
        assert f"#{people['Ana Lima'].id} Ana Lima" in info.value.message
        assert f"#{people['Ana Souza'].id} Ana Souza" in info.value.message

    def test_same_exact_name_is_ambiguous(
        self, session: Session, today: date, people: dict[str, Contact]
    ) -> None:
        add(session, today, "Ben Ode")
        with pytest.raises(Ambiguous, match="2 contacts are named"):
            refs.resolve(session, "Ben Ode")

    def test_no_match_names_close_candidates(
        self, session: Session, people: dict[str, Contact]
    ) -> None:
        with pytest.raises(NotFound, match=r"did you mean.*Ben Ode"):
            refs.resolve(session, "Ben Odee")
        with pytest.raises(NotFound, match="no contact with id 999"):
            refs.resolve(session, "999")


def test_search_matches_word_starts_and_follows_every_change(session: Session, today: date) -> None:
    from plncrm.core import merge
    from plncrm.importers.apply import apply
    from plncrm.importers.records import Record

    def found(words: str) -> list[str]:
        return [c.name for c in lists.list_contacts(session, ContactFilter(text=words))]

    ana = add(
        session,
        today,
        "Anaïs Lima",
        org="Lumen Academy",
        emails=["ana@school.org"],
        tags=["STEM"],
        notes="Runs the robotics club",
    )
    assert found("ANAIS") == found("lum acad") == found("school.org") == ["Anaïs Lima"]
    assert found("robot") == found("stem") == ["Anaïs Lima"]
    assert found("anais robot stem school.org") == ["Anaïs Lima"]  # words from every field
    assert found("obotics") == []  # a word's start, not its middle
    contacts.edit_contact(session, ana, ContactFields(org="Quarry School", notes=""), today)
    assert found("lumen") == found("robotics") == []
    assert found("quarry") == ["Anaïs Lima"]
    contacts.remove_tags(session, ana, ["stem"])
    assert found("stem") == []
    apply(
        session,
        [Record(line=2, name="Ben Ode", offers=["Grant writing"])],
        today=date(2026, 11, 29),
    )
    assert found("grant") == ["Ben Ode"]
    ben = refs.resolve(session, "Ben Ode")
    merge.merge(session, ana, ben)
    assert found("grant") == ["Anaïs Lima"]
    deletion.delete_contact(session, ana)
    assert found("grant") == found("quarry") == []
