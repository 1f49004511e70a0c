"""The JSON document format as Pydantic models: the types, required keys,
known kinds and statuses, and bounds (dates 1900–2200, ids within 64 bits,
text under 1 MB) of every record. `json_format` checks a document against them
and across records."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    StrictBool,
    StrictInt,
    StrictStr,
    model_validator,
)

from plncrm.store.kinds import (
    EVENT_KINDS,
    FOLLOW_UP_SOURCES,
    FOLLOW_UP_STATUSES,
    INTERACTION_KINDS,
    INTRO_ANSWERS,
    INTRO_OUTCOMES,
    INTRO_STATUSES,
    ORG_KINDS,
    RSVP_ANSWERS,
)
from plncrm.util.bounds import FIRST_DAY, LAST_DAY, MAX_FIELD_BYTES, MAX_ID, MAX_MINUTES
from plncrm.util.errors import PlnError
from plncrm.util.files import safe_uid
from plncrm.util.intervals import parse_interval
from plncrm.util.text import is_email

MAX_CHARS = MAX_FIELD_BYTES // 4  # a UTF-8 character takes at most 4 bytes


def _day(value: object) -> date:
    if not isinstance(value, str):
        raise ValueError("not an ISO date (YYYY-MM-DD)")
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO date (YYYY-MM-DD)") from None
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"out of range: {FIRST_DAY.year} to {LAST_DAY.year} is allowed")
    return day


def _stamp(value: object) -> datetime:
    if not isinstance(value, str):
        raise ValueError("not an ISO date and time")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("not an ISO date and time") from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # naive: UTC
    # Checked as stored (UTC): 2200-12-31T23:00-05:00 is 2201 there, and the
    # store's own export would then be refused.
    if not FIRST_DAY <= moment.astimezone(timezone.utc).date() <= LAST_DAY:
        raise ValueError(f"out of range: {FIRST_DAY.year} to {LAST_DAY.year} is allowed")
    return moment


def _cadence(value: object) -> str:
    if value == "never":
        return "never"
    return _interval(value)


def _interval(value: object) -> str:
    if not isinstance(value, str):
        raise ValueError("not an interval such as '3 months'")
    try:
        return str(parse_interval(value))
    except PlnError as exc:
        raise ValueError(exc.message) from None


def _uid(value: object) -> object:
    return safe_uid(value) if isinstance(value, str) else value


def _email(value: str) -> str:
    if not is_email(value.strip()):
        raise ValueError(f"not an email address: {value!r}")
    return value


def _zone(value: object) -> str:
    from plncrm.util.times import zone

    if not isinstance(value, str):
        raise ValueError("not a time zone such as 'America/Chicago'")
    try:
        zone(value)
    except PlnError as exc:
        raise ValueError(exc.message) from None
    return value


Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]
Clock = Annotated[StrictStr, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Zone = Annotated[str, BeforeValidator(_zone)]
Day = Annotated[date, BeforeValidator(_day)]
Stamp = Annotated[datetime, BeforeValidator(_stamp)]
Text = Annotated[StrictStr, Field(max_length=MAX_CHARS)]
Name = Annotated[StrictStr, Field(min_length=1, max_length=MAX_CHARS, pattern=r"\S")]
# A uid that cannot be one (`util.files.safe_uid`: a store written before CSV
# uids were checked may hold a path or 500 characters) is dropped, not refused:
# the record gets a fresh one, so that every store's export imports again.
Uid = Annotated[StrictStr | None, BeforeValidator(_uid)]
Interval = Annotated[str, BeforeValidator(_interval)]
Cadence = Annotated[str, BeforeValidator(_cadence)]
Items = Annotated[list[Name], Field(max_length=10_000)]
Emails = Annotated[list[Annotated[Name, AfterValidator(_email)]], Field(max_length=10_000)]


def _choice(values: Sequence[str]) -> Any:
    return Literal[tuple(values)]


class _Record(BaseModel):
    # Keys this version does not know are ignored: newer exports may add some.
    model_config = ConfigDict(extra="ignore", strict=False)


class EventDoc(_Record):
    id: Id
    uid: Uid | None = None
    name: Name
    kind: _choice(EVENT_KINDS) | None = None  # type: ignore[valid-type]
    starts_on: Day | None = None
    ends_on: Day | None = None
    starts_at: Clock | None = None
    ends_at: Clock | None = None
    tz: Zone | None = None
    where: Text | None = None
    hosted: StrictBool = False
    created_at: Stamp
    created_by: Text | None = None


class OrganisationDoc(_Record):
    id: Id
    uid: Uid | None = None
    name: Name
    kind: _choice(ORG_KINDS) | None = None  # type: ignore[valid-type]
    created_at: Stamp
    also_called: list[Name] = []  # other names (merged into it, before a rename): migration 0020


class ContactDoc(_Record):
    id: Id
    uid: Uid | None = None
    name: Name
    given: Text | None = None
    middle: Text | None = None
    family: Text | None = None
    prefix: Text | None = None
    suffix: Text | None = None
    pronouns: Text | None = None
    org: Text | None = None
    org_id: Id | None = None  # which of `organisations` `org` means
    role: Text | None = None
    notes: Text | None = None
    cadence: Cadence | None = None
    via_id: Id | None = None
    met_event_id: Id | None = None
    met_on: Day | None = None
    # Text here: one that is no real day is kept in the notes on import (`json_store`),
    # so that a store written before birthdays were checked still restores.
    birthday: Text | None = None
    source: Text | None = None
    last_contacted: Day | None = None
    archived: StrictBool = False
    created_at: Stamp
    created_by: Text | None = None
    emails: Emails = []
    phones: Items = []
    links: Items = []
    tags: Items = []
    needs: Items = []
    offers: Items = []
    akas: Items = []
    past_roles: Items = []


class MemberDoc(_Record):
    contact_id: Id
    joined_on: Day | None = None


class CommunityDoc(_Record):
    id: Id
    uid: Uid | None = None
    name: Name
    focus: Text | None = None
    where: Text | None = None
    mine: StrictBool = False
    created_at: Stamp
    created_by: Text | None = None
    members: list[MemberDoc] = []


class IntroductionDoc(_Record):
    id: Id
    uid: Uid | None = None
    a_id: Id
    b_id: Id
    why: Text
    status: _choice(INTRO_STATUSES) = "proposed"  # type: ignore[valid-type]
    direct: StrictBool = False
    proposed_on: Day
    a_asked_on: Day | None = None
    b_asked_on: Day | None = None
    a_answer: _choice(INTRO_ANSWERS) | None = None  # type: ignore[valid-type]
    a_answered_on: Day | None = None
    b_answer: _choice(INTRO_ANSWERS) | None = None  # type: ignore[valid-type]
    b_answered_on: Day | None = None
    introduced_on: Day | None = None
    outcome: _choice(INTRO_OUTCOMES) | None = None  # type: ignore[valid-type]
    outcome_note: Text | None = None
    closed_on: Day | None = None
    created_at: Stamp
    created_by: Text | None = None


class ParticipantDoc(_Record):
    id: Id
    role: Literal["with", "about"] = "with"


class InteractionDoc(_Record):
    id: Id
    uid: Uid | None = None
    happened_on: Day
    kind: _choice(INTERACTION_KINDS)  # type: ignore[valid-type]
    note: Text | None = None
    event_id: Id | None = None
    intro_id: Id | None = None
    created_at: Stamp
    created_by: Text | None = None
    message_id: Text | None = None
    resource_id: Id | None = None
    contacts: list[ParticipantDoc] = []


class FollowUpDoc(_Record):
    id: Id
    uid: Uid | None = None
    contact_id: Id | None = None
    title: Name
    due: Day
    every: Interval | None = None
    every_from: Literal["done", "due"] = "done"
    anchor: Day | None = None
    status: _choice(FOLLOW_UP_STATUSES) = "open"  # type: ignore[valid-type]
    snoozed_until: Day | None = None
    source: _choice(FOLLOW_UP_SOURCES) = "user"  # type: ignore[valid-type]
    event_id: Id | None = None
    done_on: Day | None = None
    created_at: Stamp
    created_by: Text | None = None
    owner: Text | None = None


class GuestDoc(_Record):
    event_id: Id
    contact_id: Id
    invited_on: Day | None = None
    rsvp: _choice(RSVP_ANSWERS) | None = None  # type: ignore[valid-type]
    rsvp_on: Day | None = None
    attended: StrictBool = False
    thanked_on: Day | None = None
    reminded_on: Day | None = None
    minutes: Annotated[StrictInt, Field(ge=0, le=MAX_MINUTES)] | None = None
    recording_on: Day | None = None  # apart from thanked_on from migration 0021

    @model_validator(mode="after")
    def _recording_apart(self) -> GuestDoc:
        """An export made before 0021 held the recording in `thanked_on`: a
        guest with it who did not come was sent the recording, as 0021 says."""
        old = "recording_on" not in self.model_fields_set
        if old and self.thanked_on is not None and not self.attended:
            self.recording_on, self.thanked_on = self.thanked_on, None
        return self


class SnoozeDoc(_Record):
    handle: Annotated[StrictStr, Field(max_length=40)]  # "k31": contact 31 of the document
    until: Day


class DistinctPairDoc(_Record):
    low_id: Id
    high_id: Id
    marked_on: Day
    created_by: Text | None = None


def _link(value: str) -> str:
    from plncrm.core.resources import check_link

    try:
        return check_link(value)
    except PlnError as exc:
        raise ValueError(exc.message) from None


class ResourceDoc(_Record):
    id: Id
    uid: Uid | None = None
    name: Name
    link: Annotated[Name, AfterValidator(_link)]
    tags: Items = []
    needs: Items = []
    created_at: Stamp
    created_by: Text | None = None


class ConsentDoc(_Record):
    id: Id
    contact_id: Id
    event_id: Id | None = None
    wording: Name
    given_at: Stamp
    source: Text | None = None


class Document(_Record):
    format: Literal["plncrm"]
    version: StrictInt
    events: list[EventDoc] = []
    organisations: list[OrganisationDoc] = []  # added with migration 0019
    contacts: list[ContactDoc] = []
    communities: list[CommunityDoc] = []
    introductions: list[IntroductionDoc] = []
    interactions: list[InteractionDoc] = []
    follow_ups: list[FollowUpDoc] = []
    event_guests: list[GuestDoc] = []
    agenda_snoozes: list[SnoozeDoc] = []  # added in version 1: older exports have none
    distinct_pairs: list[DistinctPairDoc] = []
    resources: list[ResourceDoc] = []  # added with migration 0017
    consents: list[ConsentDoc] = []
    settings: dict[Annotated[StrictStr, Field(max_length=200)], Text] = {}
    # Where `json_format` took control characters out ("contacts[3].name"): not read from the file.
    _cleaned: list[str] = PrivateAttr(default_factory=list)

    @property
    def cleaned(self) -> list[str]:
        return self._cleaned
