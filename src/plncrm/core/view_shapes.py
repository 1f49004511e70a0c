"""The shapes of the views `views` builds: TypedDicts, so that a renderer,
exporter or command that reads a key no view has is a type error.

They are for the type checker only: every module names them in annotations
alone (import them under `if TYPE_CHECKING:`), and defining a dozen
TypedDicts at run time cost each start, so this module defines nothing
when run. Keys are stable: add new ones, never rename.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Protocol

    from typing_extensions import NotRequired, TypedDict

    class Named(Protocol):
        """Anything with an id and a name: a contact, stored or read plainly."""

        @property
        def id(self) -> int | None: ...
        @property
        def name(self) -> str: ...

    class Ref(TypedDict):
        id: int | None
        name: str

    class ContactView(TypedDict):
        id: int | None
        uid: str | None
        name: str
        given: str | None
        middle: str | None
        family: str | None
        prefix: str | None
        suffix: str | None
        pronouns: str | None
        akas: list[str]
        email: str | None
        emails: list[str]
        phones: list[str]
        org: str | None
        role: str | None
        tags: list[str]
        links: list[str]
        handles: dict[str, list[str]]  # bluesky, mastodon: among the links
        needs: list[str]
        offers: list[str]
        past_roles: list[str]
        cadence: str | None
        birthday: str | None
        notes: str | None
        met_at: str | None
        met_on: str | None
        via: Ref | None
        communities: list[str]
        last_contacted: str | None
        added_on: str | None
        met_by: NotRequired[dict[str, list[str]]]  # `show` only, as are the keys below
        timeline: NotRequired[list[TimelineView]]
        timeline_more: NotRequired[int]
        introduced: NotRequired[list[Ref]]
        follow_ups: NotRequired[list[FollowUpView]]  # open ones, soonest due first
        created_by: NotRequired[str | None]
        consents: NotRequired[list[ConsentView]]  # newest first

    class ConsentView(TypedDict):
        """A consent as the contact gave it: when (local, with its offset), where, in what words."""

        given_at: str | None
        wording: str
        source: str | None
        event_id: int | None
        event: str | None

    # Functional syntax: "with" is a keyword.
    TimelineView = TypedDict(
        "TimelineView",
        {
            "id": "int | None",
            "date": "str | None",
            "kind": str,
            "note": "str | None",
            "with": "list[Ref]",
            "role": str,
        },
    )

    class FollowUpView(TypedDict):
        id: int | None
        title: str
        contact: Ref | None
        due: str | None
        status: str
        snoozed_until: str | None
        every: str | None
        every_from: str | None
        source: str
        done_on: str | None
        owner: str | None
        created_by: str | None

    class IntroView(TypedDict):
        id: int | None
        a: Ref
        b: Ref
        status: str
        why: str
        direct: bool
        proposed_on: str | None
        a_asked_on: str | None
        b_asked_on: str | None
        a_answer: str | None
        a_answered_on: str | None
        b_answer: str | None
        b_answered_on: str | None
        introduced_on: str | None
        outcome: str | None
        outcome_note: str | None
        closed_on: str | None

    class RippleView(TypedDict):
        contact: Ref
        how: str | None
        result: str | None
        children: list[RippleView]

    class GuestView(TypedDict):
        contact: Ref
        invited_on: str | None
        rsvp: str | None
        rsvp_on: str | None
        attended: bool
        thanked_on: str | None
        recording_on: str | None
        minutes: int | None

    class MetView(TypedDict):
        id: int | None
        name: str
        met_on: str | None

    class EventView(TypedDict):
        id: int | None
        name: str
        kind: str | None
        starts_on: str | None
        ends_on: str | None
        starts_at: str | None
        ends_at: str | None
        tz: str | None
        where: str | None
        hosted: bool
        counts: NotRequired[dict[str, int]]
        met: NotRequired[list[MetView]]
        guests: NotRequired[list[GuestView]]
        follow_ups: NotRequired[list[FollowUpView]]

    class CommunityView(TypedDict):
        id: int | None
        name: str
        focus: str | None
        where: str | None
        mine: bool
        members: NotRequired[int]

    class ChangeCountView(TypedDict):
        table: str
        added: int
        changed: int
        removed: int

    class HistoryView(TypedDict):
        id: int
        at: str
        member: str | None
        command: str
        undone_at: str | None
        summary: str
        people: list[str]
        people_more: bool
        changes: list[ChangeCountView]
