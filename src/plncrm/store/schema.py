"""The tables, declared once.

Each table is a plain dataclass: its fields are the columns (name, Python
type, whether it may be empty, default), and `column()` adds what a column is
beyond that (a key, a reference, an index). Everything else is derived from
these declarations, never restated:

- the row types the code passes around are these classes themselves;
- how a column is typed when read on either engine (`store.plain` converts
  a date, timestamp or flag column of a row type by its field's type);
- SQLAlchemy's table metadata, which migrations and the schema tests compare
  against (`store.tables`, imported only there and on PostgreSQL);
- the undo journal's list of tables and the JSON document's fields.

This module imports nothing but the standard library: the commands run every
day (`add-contact`, `log`, `due`) read and write SQLite through `sqlite3`
without loading SQLAlchemy or Pydantic (see CONTRIBUTING, "The data").
"""

from datetime import date, datetime

from plncrm.store.declaring import TABLES, Index, column, columns, names, new_uid, table, values

# The declarations' helpers, used with them.
__all__ = ["TABLES", "columns", "names", "new_uid", "values"]


def _uid() -> str | None:
    """A record's stable identity across stores (`new_uid`), looked up by index."""
    return column(index=True, unique=True, factory=new_uid)  # type: ignore[no-any-return]


@table("event", numbered=True)
class Event:
    """A conference, webinar, chat, PD session or meetup."""

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = column(index=True)
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


@table("organisation", numbered=True)
class Organisation:
    """A school, district, company or university that contacts belong to.

    `contact.org` keeps the text a contact's organisation is written with;
    `contact.org_id` says which of these records it means, so that two
    spellings ("Riverside USD", "Riverside Unified School District") are one
    place (`core.organisations`).
    """

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = column(index=True)
    kind: str | None = None  # store.kinds.ORG_KINDS
    created_at: datetime


@table("organisation_alias", numbered=True)
class OrganisationAlias:
    """Another name of an organisation: one merged into it or it was called
    before a rename, which every resolver still reads as this record."""

    id: int | None = column(default=None, key=True)
    organisation_id: int = column(references="organisation.id", on_delete="CASCADE", index=True)
    name: str
    name_key: str = column(index=True)


@table("contact", numbered=True)
class Contact:
    """A person in the network. Multi-valued fields live in `ContactDetail`.

    `touch_due` is when the keep-in-touch cadence (their own, or their tags')
    next falls due; kept by `cadences.refresh` so the agenda finds dormant
    contacts through an index instead of scanning everyone.
    """

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = column(index=True)
    # The name's parts, as a vCard's N or LinkedIn's First/Last gave them (or
    # as nameparser split a typed name); alternate names are "aka" details.
    given: str | None = None
    middle: str | None = None  # a vCard N's "additional names"
    family: str | None = None
    prefix: str | None = None
    suffix: str | None = None
    pronouns: str | None = None  # "she/her", as a LinkedIn name carried them
    org: str | None = None
    org_id: int | None = column(
        default=None, references="organisation.id", on_delete="SET NULL", index=True
    )
    role: str | None = None
    notes: str | None = None
    cadence: str | None = None
    via_id: int | None = column(
        default=None, references="contact.id", on_delete="SET NULL", index=True
    )
    met_event_id: int | None = column(default=None, references="event.id", on_delete="SET NULL")
    met_on: date | None = None
    birthday: str | None = None  # as given: "1980-04-12" or "--04-12" (no year)
    source: str | None = None  # how they came in: "added", "linkedin", "vcard", "csv", "json"
    last_contacted: date | None = column(default=None, index=True)
    touch_due: date | None = column(default=None, index=True)
    archived: bool = False
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


@table(
    "contact_detail",
    numbered=True,
    indexes=(Index("ix_contact_detail_kind_key", ("kind", "key")),),
    unique=(("uq_contact_detail", ("contact_id", "kind", "key")),),
)
class ContactDetail:
    """One email, phone, link, tag, need or offer of a contact.

    `key` is the folded form used for look-ups (email case, tag spelling).
    """

    id: int | None = column(default=None, key=True)
    contact_id: int = column(references="contact.id", on_delete="CASCADE")
    kind: str
    value: str
    key: str
    position: int = 0


@table("resource", numbered=True)
class Resource:
    """A free resource to give away (seed practice 2): slides, a reading list.

    `tags` and `needs` (the needs it answers, `--for`) hold one item a line,
    so an item may hold a comma; `name_key` keeps names unique, case aside.
    """

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = column(index=True, unique=True)
    link: str
    tags: str | None = None
    needs: str | None = None
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


@table("interaction", numbered=True)
class Interaction:
    """A touchpoint with one or more contacts on a day."""

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    happened_on: date = column(index=True)
    kind: str
    note: str | None = None
    event_id: int | None = column(default=None, references="event.id", on_delete="SET NULL")
    intro_id: int | None = column(default=None, references="introduction.id", on_delete="SET NULL")
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it
    # The email's Message-ID ("<…@host>"): the message pln sent for it, or read back.
    message_id: str | None = column(default=None, index=True, unique=True)
    # What was given ("gave"): who received a resource, and what followed.
    resource_id: int | None = column(
        default=None, references="resource.id", on_delete="SET NULL", index=True
    )


@table(
    "interaction_contact",
    indexes=(Index("ix_interaction_contact_contact", ("contact_id", "interaction_id")),),
)
class InteractionContact:
    interaction_id: int = column(key=True, references="interaction.id", on_delete="CASCADE")
    contact_id: int = column(key=True, references="contact.id", on_delete="CASCADE")
    # "with": we were in touch; "about": they were the subject (an intro's other side)
    role: str = column(default="with", server_default="with")


@table(
    "follow_up",
    numbered=True,
    indexes=(
        # The agenda reads open tasks by the day they show (a snoozed one's new
        # day). Migration 0007 makes it partial (open tasks only) on every engine.
        Index("ix_follow_up_open_showing", ("coalesce(snoozed_until, due)",)),
        # Open tasks that have an owner, by owner (migration 0009 makes it partial):
        # `due --member` and the count of others' tasks, without slowing the agenda.
        Index("ix_follow_up_open_owner", ("owner", "coalesce(snoozed_until, due)")),
        Index("ix_follow_up_source_status_due", ("source", "status", "due")),
    ),
)
class FollowUp:
    """A task, usually about a contact. A date-only `due` means the end of that day."""

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    contact_id: int | None = column(
        default=None, references="contact.id", on_delete="CASCADE", index=True
    )
    title: str
    due: date
    every: str | None = None
    every_from: str = "done"  # "done": next = completion + every; "due": keeps the schedule
    anchor: date | None = None  # first due date of a recurring series: steps count from it
    status: str = "open"
    snoozed_until: date | None = None
    source: str = "user"
    event_id: int | None = column(default=None, references="event.id", on_delete="SET NULL")
    done_on: date | None = None
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it
    owner: str | None = None  # the member whose task it is; None: anyone's to take


@table("setting")
class Setting:
    """User preferences that live with the data (`pln config`)."""

    key: str = column(key=True)
    value: str


@table(
    "introduction",
    numbered=True,
    indexes=(Index("ix_introduction_pair", ("low_id", "high_id")),),
)
class Introduction:
    """A brokered connection between contacts `a` and `b`, the double opt-in way.

    proposed → asking (each side asked privately) → agreed (both said yes) →
    introduced → done (an outcome), or declined / cancelled. `low_id`/`high_id`
    order the pair, so an open introduction for a pair is found either way round.
    """

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    a_id: int = column(references="contact.id", on_delete="CASCADE", index=True)
    b_id: int = column(references="contact.id", on_delete="CASCADE", index=True)
    low_id: int
    high_id: int
    why: str
    status: str = column(default="proposed", index=True)
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


@table("event_guest", indexes=(Index("ix_event_guest_contact", ("contact_id",)),))
class EventGuest:
    """A contact's invitation to, answer for, and attendance at an event."""

    event_id: int = column(key=True, references="event.id", on_delete="CASCADE")
    contact_id: int = column(key=True, references="contact.id", on_delete="CASCADE")
    invited_on: date | None = None
    rsvp: str | None = None
    rsvp_on: date | None = None
    attended: bool = False
    thanked_on: date | None = None  # the thank-you, to one who came
    reminded_on: date | None = None  # the reminder the day before, to those who said yes
    minutes: int | None = None  # time in the session, from an attendee report (`pln event import`)
    recording_on: date | None = None  # the recording, to one who said yes and did not come


@table("distinct_pair")
class DistinctPair:
    """Two contacts someone said are different people (`pln duplicates --not`),
    never suggested as duplicates again: lower id first."""

    low_id: int = column(key=True, references="contact.id", on_delete="CASCADE")
    high_id: int = column(key=True, references="contact.id", on_delete="CASCADE", index=True)
    marked_on: date
    created_by: str | None = None  # the member (PLN_USER) who said so


@table("community", numbered=True)
class Community:
    """A community of interest or a recurring chat; `mine` when we run it."""

    id: int | None = column(default=None, key=True)
    uid: str | None = _uid()
    name: str
    name_key: str = column(index=True, unique=True)
    focus: str | None = None
    where: str | None = None
    mine: bool = False
    created_at: datetime
    created_by: str | None = None  # the member (PLN_USER) who recorded it


@table("community_member", indexes=(Index("ix_community_member_contact", ("contact_id",)),))
class CommunityMember:
    community_id: int = column(key=True, references="community.id", on_delete="CASCADE")
    contact_id: int = column(key=True, references="contact.id", on_delete="CASCADE")
    joined_on: date | None = None


@table("consent", numbered=True)
class Consent:
    """A contact's consent as they gave it (at the kiosk): the very wording
    they agreed to and when, kept as proof."""

    id: int | None = column(default=None, key=True)
    contact_id: int = column(references="contact.id", on_delete="CASCADE", index=True)
    event_id: int | None = column(default=None, references="event.id", on_delete="SET NULL")
    wording: str
    given_at: datetime
    source: str | None = None  # where it was given: "kiosk"


# How a trigger finds the open entry among up to `history-size` others.
@table("journal", numbered=True, indexes=(Index("ix_journal_open", ("open",)),))
class Journal:
    """One command that changed the store: what `pln history` lists and `pln
    undo` takes back. Kept out of exports; see `store.journal`."""

    id: int | None = column(default=None, key=True)
    at: datetime
    member: str | None = None
    command: str
    open: bool = False  # while its command's transaction is recording into it (SQLite)
    undone_at: datetime | None = None
    # The order entries committed in (None while open): on PostgreSQL a
    # transaction that began first (lower id) may commit last. See `store.journal`.
    seq: int | None = column(default=None, index=True, unique=True)


@table("journal_change", numbered=True)
class JournalChange:
    """One row's state before a journaled command changed it."""

    id: int | None = column(default=None, key=True)
    journal_id: int = column(references="journal.id", on_delete="CASCADE", index=True)
    tbl: str
    op: str  # I(nserted), U(pdated), D(eleted)
    key: str  # the row's primary key, as JSON
    old: str | None = None  # the row before the change, as JSON (None when inserted)


@table("agenda_snooze")
class AgendaSnooze:
    """An agenda line that is not a follow-up ("i4", "e2", "k31"), hidden until a day."""

    handle: str = column(key=True)
    until: date


# --- Read back from the declarations ------------------------------------------


_TYPED = [(c.name, c.type) for t in TABLES for c in columns(t)]
DAYS = frozenset(name for name, kind in _TYPED if kind is date)
MOMENTS = frozenset(name for name, kind in _TYPED if kind is datetime)
FLAGS = frozenset(name for name, kind in _TYPED if kind is bool)
