"""The database tables.

Plain columns and foreign keys, no ORM relationships: core modules query what
they need explicitly, which keeps every command's work visible and bounded.
Every schema change here needs an Alembic migration in `store/migrations`;
`tests/test_migrations.py` fails when the two disagree.
"""

from __future__ import annotations

from datetime import date, datetime
from uuid import uuid4

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel

# Ids never come back once a row is gone (SQLite; migration 0015): "#93" in a
# note or `pln history` names one person for good. PostgreSQL never reuses them.
NUMBERED = {"sqlite_autoincrement": True}


def new_uid() -> str:
    """A record's stable identity across stores: what a JSON export carries so
    that importing it again recognises every record, namesakes included."""
    return uuid4().hex


def _uid() -> str | None:
    return Field(default_factory=new_uid, index=True, unique=True)  # type: ignore[no-any-return]


class Event(SQLModel, table=True):
    """A conference, webinar, chat, PD session or meetup."""

    __table_args__ = NUMBERED

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = Field(index=True)
    kind: str | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    starts_at: str | None = None  # "16:00", local time in `tz`
    ends_at: str | None = None
    tz: str | None = None  # an IANA zone such as "America/Chicago"
    where: str | None = None
    hosted: bool = False
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


class Contact(SQLModel, table=True):
    """A person in the network. Multi-valued fields live in `ContactDetail`.

    `touch_due` is when the keep-in-touch cadence (their own, or their tags')
    next falls due; kept by `cadences.refresh` so the agenda finds dormant
    contacts through an index instead of scanning everyone.
    """

    __table_args__ = NUMBERED

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = Field(index=True)
    # The name's parts, as a vCard's N or LinkedIn's First/Last gave them (or
    # as nameparser split a typed name); alternate names are "aka" details.
    given: str | None = None
    middle: str | None = None  # a vCard N's "additional names"
    family: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    pronouns: str | None = None  # "she/her", as a LinkedIn name carried them
    org: str | None = None
    role: str | None = None
    notes: str | None = None
    cadence: str | None = None
    via_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="SET NULL", index=True
    )
    met_event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    met_on: date | None = None
    birthday: str | None = None  # as given: "1980-04-12" or "--04-12" (no year)
    source: str | None = None  # how they came in: "added", "linkedin", "vcard", "csv", "json"
    last_contacted: date | None = Field(default=None, index=True)
    touch_due: date | None = Field(default=None, index=True)
    archived: bool = False
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


class ContactDetail(SQLModel, table=True):
    """One email, phone, link, tag, need or offer of a contact.

    `key` is the folded form used for look-ups (email case, tag spelling).
    """

    __tablename__ = "contact_detail"
    __table_args__ = (
        UniqueConstraint("contact_id", "kind", "key", name="uq_contact_detail"),
        Index("ix_contact_detail_kind_key", "kind", "key"),
        NUMBERED,
    )

    id: int | None = Field(default=None, primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE")
    kind: str
    value: str
    key: str
    position: int = 0


class Interaction(SQLModel, table=True):
    """A touchpoint with one or more contacts on a day."""

    __table_args__ = NUMBERED

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    happened_on: date = Field(index=True)
    kind: str
    note: str | None = None
    event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    intro_id: int | None = Field(default=None, foreign_key="introduction.id", ondelete="SET NULL")
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


class InteractionContact(SQLModel, table=True):
    __tablename__ = "interaction_contact"
    __table_args__ = (Index("ix_interaction_contact_contact", "contact_id", "interaction_id"),)

    interaction_id: int = Field(foreign_key="interaction.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    # "with": we were in touch; "about": they were the subject (an intro's other side)
    role: str = Field(default="with", sa_column_kwargs={"server_default": "with"})


class FollowUp(SQLModel, table=True):
    """A task, usually about a contact. A date-only `due` means the end of that day."""

    __tablename__ = "follow_up"
    __table_args__ = (
        # The agenda reads open tasks by the day they show (a snoozed one's new
        # day). Migration 0007 makes it partial (open tasks only) on every
        # engine; naming a dialect here would import that dialect at start-up.
        Index("ix_follow_up_open_showing", text("coalesce(snoozed_until, due)")),
        # Open tasks that have an owner, by owner (migration 0009 makes it partial):
        # `due --member` and the count of others' tasks, without slowing the agenda.
        Index("ix_follow_up_open_owner", "owner", text("coalesce(snoozed_until, due)")),
        Index("ix_follow_up_source_status_due", "source", "status", "due"),
        NUMBERED,
    )

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    contact_id: int | None = Field(
        default=None, foreign_key="contact.id", ondelete="CASCADE", index=True
    )
    title: str
    due: date
    every: str | None = None
    every_from: str = "done"  # "done": next = completion + every; "due": keeps the schedule
    anchor: date | None = None  # first due date of a recurring series: steps count from it
    status: str = "open"
    snoozed_until: date | None = None
    source: str = "user"
    event_id: int | None = Field(default=None, foreign_key="event.id", ondelete="SET NULL")
    done_on: date | None = None
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it
    owner: str | None = None  # the member whose task it is; None: anyone's to take


class Setting(SQLModel, table=True):
    """User preferences that live with the data (`pln config`)."""

    key: str = Field(primary_key=True)
    value: str


class Introduction(SQLModel, table=True):
    """A brokered connection between contacts `a` and `b`, the double opt-in way.

    proposed → asking (each side asked privately) → agreed (both said yes) →
    introduced → done (an outcome), or declined / cancelled. `low_id`/`high_id`
    order the pair, so an open introduction for a pair is found either way round.
    """

    __table_args__ = (Index("ix_introduction_pair", "low_id", "high_id"), NUMBERED)

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    a_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    b_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", index=True)
    low_id: int
    high_id: int
    why: str
    status: str = Field(default="proposed", index=True)
    direct: bool = False
    proposed_on: date
    a_asked_on: date | None = None
    b_asked_on: date | None = None
    a_answer: str | None = None
    a_answered_on: date | None = None
    b_answer: str | None = None
    b_answered_on: date | None = None
    introduced_on: date | None = None
    outcome: str | None = None
    outcome_note: str | None = None
    closed_on: date | None = None
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


class EventGuest(SQLModel, table=True):
    """A contact's invitation to, answer for, and attendance at an event."""

    __tablename__ = "event_guest"
    __table_args__ = (Index("ix_event_guest_contact", "contact_id"),)

    event_id: int = Field(foreign_key="event.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    invited_on: date | None = None
    rsvp: str | None = None
    rsvp_on: date | None = None
    attended: bool = False
    thanked_on: date | None = None
    reminded_on: date | None = None  # the reminder the day before, to those who said yes


class DistinctPair(SQLModel, table=True):
    """Two contacts someone said are different people (`pln duplicates --not`),
    never suggested as duplicates again: lower id first."""

    __tablename__ = "distinct_pair"

    low_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    high_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True, index=True)
    marked_on: date
    created_by: str | None = None  # the member (PLN_USER) who said so


class Community(SQLModel, table=True):
    """A community of interest or a recurring chat; `mine` when we run it."""

    __table_args__ = NUMBERED

    id: int | None = Field(default=None, primary_key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = Field(index=True, unique=True)
    focus: str | None = None
    where: str | None = None
    mine: bool = False
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


class CommunityMember(SQLModel, table=True):
    __tablename__ = "community_member"
    __table_args__ = (Index("ix_community_member_contact", "contact_id"),)

    community_id: int = Field(foreign_key="community.id", ondelete="CASCADE", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", ondelete="CASCADE", primary_key=True)
    joined_on: date | None = None


class Journal(SQLModel, table=True):
    """One command that changed the store: what `pln history` lists and `pln
    undo` takes back. Kept out of exports; see `store.journal`."""

    # How a trigger finds the open entry among up to `history-size` others.
    __table_args__ = (Index("ix_journal_open", "open"), NUMBERED)

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    member: str | None = None
    command: str
    open: bool = False  # while its command's transaction is recording into it (SQLite)
    undone_at: datetime | None = None
    # The order entries committed in (None while open): on PostgreSQL a
    # transaction that began first (lower id) may commit last. See `store.journal`.
    seq: int | None = Field(default=None, index=True, unique=True)


class JournalChange(SQLModel, table=True):
    """One row's state before a journaled command changed it."""

    __tablename__ = "journal_change"
    __table_args__ = NUMBERED

    id: int | None = Field(default=None, primary_key=True)
    journal_id: int = Field(foreign_key="journal.id", ondelete="CASCADE", index=True)
    tbl: str
    op: str  # I(nserted), U(pdated), D(eleted)
    key: str  # the row's primary key, as JSON
    old: str | None = None  # the row before the change, as JSON (None when inserted)


class AgendaSnooze(SQLModel, table=True):
    """An agenda line that is not a follow-up ("i4", "e2", "k31"), hidden until a day."""

    __tablename__ = "agenda_snooze"

    handle: str = Field(primary_key=True)
    until: date
