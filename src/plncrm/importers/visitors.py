"""A visitor at the booth's kiosk (`pln serve --kiosk EVENT`): what they typed,
read and bounded (pure), and recorded as one more business card from the booth.

A visit goes through the import engine (`apply`) like a badge scan imported
with `--met-at EVENT`, met at the event with the day's scans and the
strike-out guard armed. But a form at a booth is typed by anyone: it is
matched to a stored contact by its email address alone (a namesake at the
same school is a new contact, for `pln duplicates` to propose, never a
stranger's address added to someone), and changes nothing stored about a
known contact (their school, role and interests as typed are kept on a note
for the networker) unless the kiosk itself recorded them today: a visitor
correcting what they sent a minute ago. Then what they chose: each resource
logged as given, the invitation to the hosted event answered yes, and their
consent in its very words, all at one moment (`clock.held`): what they did at
the booth is part of meeting them, not a follow-up (`touch.follows_up_meeting`),
so the guard stays open for the networker's own."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from plncrm.importers.records import Record
from plncrm.store.db import Db, connection
from plncrm.util import clock
from plncrm.util.bounds import MAX_EMAIL_CHARS, MAX_VISITOR_FIELD
from plncrm.util.errors import Invalid
from plncrm.util.text import is_email, one_line, slug

if TYPE_CHECKING:
    from sqlmodel import Session

    from plncrm.store.plain import Reader
    from plncrm.store.schema import Event

SOURCE = "kiosk"  # what a visitor's contact, interactions' notes and consent say they came from
UNNAMED = "the person at this booth"  # {my-name} in the consent sentence while my-name is unset


@dataclass(frozen=True)
class Offer:
    """A resource on offer at the booth: what the thank-you page links to."""

    id: int
    name: str
    link: str


@dataclass(frozen=True)
class Booth:
    """What the kiosk offers, resolved once when `pln serve --kiosk` starts."""

    event_id: int
    event_name: str
    offers: tuple[Offer, ...] = ()
    interests: tuple[str, ...] = ()  # tags the visitor may choose among
    invite_id: int | None = None  # the hosted event "invite me to …" names
    invite_name: str | None = None
    consent: str = ""  # the sentence they tick, word for word
    per_minute: int = 6  # submissions taken a minute (`kiosk.per-minute`)
    labels: tuple[str, ...] = ()  # each interest as the networker typed it (else the tag)
    invite_when: str = ""  # the hosted event's day and time, as visitors read it
    event_on: date | None = None  # the event's first day (None: no date)
    event_ends: date | None = None  # its last day (None: the first)

    def label(self, tag: str) -> str:
        """An interest as the form shows it: typed "Science of Reading", not the
        tag "science-of-reading" (hyphens as spaces when nothing was typed)."""
        shown = dict(zip(self.interests, self.labels, strict=False)).get(tag)
        return shown or tag.replace("-", " ")

    def under_way(self, today: date) -> bool:
        """Whether `today` is a day of the event: visitors are recorded as met today."""
        return self.event_on is not None and self.event_on <= today <= (
            self.event_ends or self.event_on
        )

    def dates(self) -> str:
        """The event's days in words, for the warning when it is not today."""
        if self.event_on is None:
            return "has no date"
        if self.event_ends and self.event_ends != self.event_on:
            return f"is {self.event_on.isoformat()} to {self.event_ends.isoformat()}"
        return f"is on {self.event_on.isoformat()}"


@dataclass(frozen=True)
class Visit:
    """One submission of the kiosk's form, checked."""

    name: str
    email: str
    org: str | None = None
    role: str | None = None
    interests: tuple[str, ...] = ()
    chosen: tuple[Offer, ...] = ()
    invite: bool = False
    consent: bool = False


def consent_wording(template: str, my_name: str) -> str:
    """The consent sentence as the visitor reads it: `{my-name}` is the networker."""
    return template.replace("{my-name}", one_line(my_name) or UNNAMED)


def booth(
    source: Reader | Session,
    event: str,
    offers: Sequence[str] = (),
    invite: str | None = None,
    interests: Sequence[str] = (),
    today: date | None = None,
) -> Booth:
    """The booth as the options name it; an unknown event or resource is an
    error before anything is served (NotFound, naming it). `today` places
    the hosted event's day (a year added when it is not near)."""
    from plncrm.core import events, resources
    from plncrm.reads import settings

    db = connection(source)
    met = events.resolve(db, event)
    found: dict[int, Offer] = {}
    for name in offers:
        resource = resources.find(db, name)
        assert resource.id is not None
        found.setdefault(resource.id, Offer(resource.id, resource.name, resource.link))
    hosted = events.resolve(db, invite) if invite else None
    typed: dict[str, str] = {}
    for text in interests:
        if slug(text):
            typed.setdefault(slug(text), one_line(text))
    wording = consent_wording(settings.value(db, "kiosk.consent"), settings.value(db, "my-name"))
    assert met.id is not None
    return Booth(
        met.id,
        met.name,
        tuple(found.values()),
        tuple(typed),
        hosted.id if hosted else None,
        hosted.name if hosted else None,
        wording,
        int(settings.value(db, "kiosk.per-minute")),
        tuple(typed.values()),
        hosted_when(hosted, today) if hosted else "",
        met.starts_on,
        met.ends_on,
    )


def hosted_when(event: Event, today: date | None = None) -> str:
    """When a hosted event is, as the invite box says it: "Jan 6 16:00
    America/Chicago" (the year too when it is not within the coming months)."""
    first = event.starts_on
    if first is None:
        return ""
    near = today is not None and today <= first < today + timedelta(days=300)
    text = f"{first:%b} {first.day}" + ("" if near or today is None else f", {first.year}")
    if event.ends_on and event.ends_on != first:
        text += f" to {event.ends_on:%b} {event.ends_on.day}"
    if event.starts_at:
        text += f" {event.starts_at}" + (f" {event.tz}" if event.tz else "")
    return text


def _text(form: Mapping[str, Sequence[str]], key: str, limit: int = MAX_VISITOR_FIELD) -> str:
    values = form.get(key) or [""]
    text = one_line(values[0])
    if len(text) > limit:
        raise Invalid(f"{key} is at most {limit} characters")
    return text


def read_visit(form: Mapping[str, Sequence[str]], at: Booth) -> Visit:
    """A submission as the form sent it (each field's values) checked against
    the booth: a name and an address, every value bounded and on one line, and
    only the interests and resources offered (Invalid otherwise)."""
    name, email = _text(form, "name"), _text(form, "email", MAX_EMAIL_CHARS)
    if not name:
        raise Invalid("name: please write your name")
    if not is_email(email):
        raise Invalid("email: please write your email address")
    offered = {str(o.id): o for o in at.offers}
    chosen = form.get("resource") or []
    interests = form.get("interest") or []
    if any(c not in offered for c in chosen) or any(i not in at.interests for i in interests):
        raise Invalid("choose among what is offered")
    return Visit(
        name,
        email,
        _text(form, "org") or None,
        _text(form, "role") or None,
        tuple(dict.fromkeys(interests)),
        tuple(offered[c] for c in dict.fromkeys(chosen)),
        bool(at.invite_id) and (form.get("invite") or [""])[0] == "yes",
        (form.get("consent") or [""])[0] == "yes",
    )


def record(into: Db | Session, at: Booth, visit: Visit, today: date) -> int | None:
    """Record the visit in the caller's transaction; the contact's id, or
    None when they did not consent (nothing of theirs is kept)."""
    if not visit.consent:
        return None
    from plncrm.importers.apply import Met, apply

    db = connection(into)
    db.lock("contacts")  # as `apply` does, before reading whom they could be
    holders = holding(db, visit.email)
    trusted = not holders or all(_visited_today(db, cid, at, today) for cid in holders)
    card = Record(
        line=1,
        name=visit.name,
        emails=[visit.email],
        org=visit.org if trusted else None,
        role=visit.role if trusted else None,
        tags=list(visit.interests) if trusted else [],
    )
    met = Met(at.event_id, at.event_name, today)
    # One moment for the whole visit: what it records with meeting them is
    # then part of meeting them (`touch.follows_up_meeting`), not a follow-up.
    with clock.held():
        report = apply(db, [card], strict=True, source=SOURCE, met=met, today=today, among=holders)
        (contact_id,) = report.new_ids | report.known_ids
        if not trusted:
            _as_typed(db, at, visit, contact_id, today)
        _consent(db, at, contact_id)
        _chosen(db, at, visit, contact_id, today)
    return contact_id


def holding(source: Reader | Session, email: str) -> set[int]:
    """The contacts stored with this email address: the only ones a visitor
    can be (the engine then matches among them alone)."""
    from plncrm.importers.known import key_of

    key = key_of("email", email)
    db = connection(source)
    rows = db.tuples(
        "SELECT contact_id FROM contact_detail WHERE kind = 'email' AND key = :key", {"key": key}
    )
    return {int(cid) for (cid,) in rows}


def _visited_today(db: Db, contact_id: int, at: Booth, today: date) -> bool:
    """Did this kiosk add them today (a visitor sending the form again)?"""
    rows = db.tuples(
        "SELECT source, met_event_id, met_on FROM contact WHERE id = :id", {"id": contact_id}
    )
    return bool(rows) and tuple(rows[0]) in {
        (SOURCE, at.event_id, today),
        (SOURCE, at.event_id, today.isoformat()),
    }


def _as_typed(db: Db, at: Booth, visit: Visit, contact_id: int, today: date) -> None:
    """What a known contact typed about themselves, kept for the networker to
    check (on their timeline), not taken: anyone can type anyone's address."""
    from plncrm.core import interactions
    from plncrm.store.db import get_row
    from plncrm.store.schema import Contact

    person = get_row(db, Contact, contact_id)
    if person is None:
        return
    typed = [
        f"{label} {value}"
        for label, value in (
            ("name", visit.name),
            ("school or district", visit.org),
            ("role", visit.role),
            ("interests", ", ".join(visit.interests)),
        )
        if value
    ]
    note = f"At the kiosk ({at.event_name}) wrote: " + "; ".join(typed) + " (not applied)"
    interactions.log(db, [person], kind="note", note=note, on=today)


def _chosen(db: Db, at: Booth, visit: Visit, contact_id: int, today: date) -> None:
    """Each resource given, the invitation answered yes: recorded with their
    consent, at its moment, they leave the strike-out follow-up open."""
    from plncrm.core import invitations, resources
    from plncrm.store.db import get_row
    from plncrm.store.schema import Contact, Event, Resource

    for offer in visit.chosen:
        resource = get_row(db, Resource, offer.id)
        if resource is not None:  # removed since the kiosk started: nothing to give
            resources.give(db, resource, [contact_id], today, note=f"at the booth, {at.event_name}")
    hosted = get_row(db, Event, at.invite_id) if visit.invite and at.invite_id else None
    person = get_row(db, Contact, contact_id)
    if hosted is not None and person is not None:
        invitations.invite(db, hosted, [person], today)
        invitations.rsvp(db, hosted, person, "yes", today)


def _consent(db: Db, at: Booth, contact_id: int) -> None:
    from plncrm.store.db import add_row
    from plncrm.store.schema import Consent

    add_row(
        db,
        Consent(
            contact_id=contact_id,
            event_id=at.event_id,
            wording=at.consent,
            given_at=clock.now(),
            source=SOURCE,
        ),
    )
