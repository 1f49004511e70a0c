"""Every closed set of words the store holds, stated once: kinds, statuses and
answers. The models, the core's checks, the JSON format and the command line's
choices are all built from these tuples.

Kept free of SQLAlchemy, so that the command line can offer them as choices
without loading the store.
"""

from __future__ import annotations

from enum import Enum

# "aka": another name (another script, a nickname, a maiden name);
# "past_role": a role they held before, "Mentor at Riverside USD (until 2026-11-29)".
DETAIL_KINDS = ("email", "phone", "link", "tag", "need", "offer", "aka", "past_role")
ATTENDED = "event"  # being at an event: a touchpoint, but not a follow-up of meeting someone there
LOGGED_KINDS = ("meeting", "call", "email", "message", "chat", ATTENDED, "gave", "received", "note")
STEP_KINDS = ("intro", "invite", "connected")  # recorded by commands, not logged by hand
INTERACTION_KINDS = (*LOGGED_KINDS, *STEP_KINDS)
# What reaches a person, and so follows up meeting them (`core.touch.follows_up`):
# being at the event or a link accepted never does; an invitation pln drafted
# does only for someone with an email address.
NOT_A_FOLLOW_UP = (ATTENDED, "connected")
NEEDS_ADDRESS = ("invite",)
ROLES = ("with", "about")  # in touch with them, or they were the subject
ORG_KINDS = ("school", "district", "company", "university", "other")
ORG_SORTS = ("name", "people", "last-touch", "open")  # pln orgs --sort
EVENT_KINDS = ("conference", "webinar", "chat", "pd-session", "meetup")
RSVP_ANSWERS = ("yes", "no", "maybe")
FOLLOW_UP_STATUSES = ("open", "done", "snoozed", "cancelled")
FOLLOW_UP_OPEN = ("open", "snoozed")  # still to do: the agenda's partial index says the same
GUARD = "guard"  # the source of a strike-out guard: a follow-up for someone just met
JOB_CHANGE = "job-change"  # the source of a congratulation on someone's new role
FOLLOW_UP_SOURCES = ("user", GUARD, "intro", "event", JOB_CHANGE)
INTRO_OPEN = ("proposed", "asking", "agreed", "introduced")
INTRO_STATUSES = (*INTRO_OPEN, "done", "declined", "cancelled")
INTRO_ANSWERS = ("yes", "no", "later")
INTRO_OUTCOMES = ("met", "working-together", "no-response", "not-a-fit", "other")
CONTACT_SORTS = ("name", "last-contacted", "added")
# The letters of the agenda's handles other than a follow-up's id: "i4", "e2", "m1", "k31".
HANDLE_INTRO, HANDLE_EVENT, HANDLE_MET, HANDLE_KEEP_IN_TOUCH = "i", "e", "m", "k"


def choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A string Enum of `values`, for a command-line option's choices."""
    members = {value.replace("-", "_"): value for value in values}
    return Enum(name, members, type=str)  # type: ignore[return-value]
