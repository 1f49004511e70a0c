"""Adding someone just met, as `pln add-contact` and the pocket agenda's quick
add both do: whether they are probably known already, and if so (met at an
event) recording that they were met there again instead of adding a twin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from plncrm.util.errors import Ambiguous, Conflict

if TYPE_CHECKING:
    from sqlmodel import Session

    from plncrm.core.contacts import ContactFields
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event, FollowUp


@dataclass(frozen=True)
class Known:
    """A stored contact who is probably the person being added, and why."""

    contact: Contact
    why: str

    @property
    def said(self) -> str:
        return f"{self.contact.name} (#{self.contact.id}) is already in your network ({self.why})"

    def refusal(self) -> Conflict:
        """Adding them again without --new (exit 6), naming what to do instead."""
        return Conflict(
            f"{self.said}: pln edit {self.contact.id} … changes them; "
            "add --new if this is someone else"
        )


@dataclass(frozen=True)
class Added:
    """Who was added (or met again), the strike-out guard they have, and the
    event they were met at again (None for a new contact)."""

    contact: Contact
    guard: FollowUp | None
    again_at: Event | None = None


def known(reader: Reader | Session, fields: ContactFields) -> Known | None:
    """Someone stored who is probably this person (as `same_person` matches);
    met at an event, also the owner of one of their emails. Several are an
    error naming them (exit 4): pln never guesses between namesakes."""
    found = candidates(reader, fields)
    if len(found) > 1:
        raise several(found)
    return found[0] if found else None


def candidates(reader: Reader | Session, fields: ContactFields) -> list[Known]:
    """Everyone stored who is probably this person, by id: two namesakes
    (two Sarah Millers, neither at another organisation) are both."""
    from plncrm.core import refs, same_person

    found = [Known(*one) for one in same_person.candidates(reader, fields)]
    for email in fields.emails or [] if not found and fields.met_at else []:
        owner = refs.by_email(reader, email)
        if owner is not None:
            return [Known(owner, f"the same email {email}")]
    return found


def other_address(reader: Reader | Session, known: Known, fields: ContactFields) -> Conflict | None:
    """A refusal when `known` was found by name but was given an email they do
    not have while they have others: two Anna Smiths with two addresses are as
    likely two people as one, so met-again would lose the typed address on a
    guess. None when an address is shared, or either side has none."""
    from plncrm.core.contacts import detail_key
    from plncrm.store.db import connection
    from plncrm.util import shell
    from plncrm.util.text import one_line

    typed = {detail_key("email", e): e for e in fields.emails or []}
    sql = "SELECT key, value FROM contact_detail WHERE contact_id = :id AND kind = 'email'"
    stored = dict(connection(reader).tuples(sql, {"id": known.contact.id}))
    if not typed or not stored or typed.keys() & stored.keys():
        return None
    every = [*sorted(stored.values()), *(e for k, e in typed.items() if k not in stored)]
    edit = shell.command("pln", "edit", str(known.contact.id), *_each("--email", every))
    return Conflict(
        f"{known.said}, with another email ({one_line(', '.join(sorted(stored.values())))}): "
        f"{one_line(edit)} keeps both; add --new if this is someone else"
    )


def _each(option: str, values: list[str]) -> list[str]:
    return [word for value in values for word in (option, value)]


def several(found: list[Known]) -> Ambiguous:
    """Who the person being added could be, each with their id and
    organisation; adding someone new is --new."""
    from plncrm.util.text import one_line

    listed = "; ".join(
        f"#{k.contact.id} {one_line(k.contact.name)}"
        + (f" ({one_line(k.contact.org)})" if k.contact.org else "")
        for k in found
    )
    return Ambiguous(
        f"{len(found)} contacts could be {one_line(found[0].contact.name)}: {listed}. "
        "pln never guesses: say which by their organisation (--org), "
        "or add --new if this is someone else"
    )


def add(db: Db, fields: ContactFields, today: date) -> Added:
    """A new contact, their strike-out guard armed."""
    from plncrm.core import contacts, strikeouts

    contact = contacts.add_contact(db, fields, today)
    return Added(contact, strikeouts.arm_one(db, contact, today))


def met_again(db: Db, contact_id: int, fields: ContactFields, today: date) -> Added:
    """Someone known, met again at `fields.met_at`: a visitor like any other
    (a touchpoint at the event, a strike-out follow-up unless one is open);
    their card is left as it is."""
    from plncrm.core import contacts, events, interactions, strikeouts
    from plncrm.store.kinds import ATTENDED

    assert fields.met_at is not None
    contact = contacts.get_many(db, [contact_id])[contact_id]
    event = events.find_or_create(db, fields.met_at, on=fields.met_on)
    day = fields.met_on or events.met_day(event, today)
    note = f"Met at {event.name}" + (f": {fields.notes}" if fields.notes else "")
    interactions.log(db, [contact], kind=ATTENDED, note=note, on=day, event_id=event.id)
    strikeouts.met_at_event(db, [contact], event, day, today)
    return Added(contact, strikeouts.open_guard(db, contact_id), event)
