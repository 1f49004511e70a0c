"""Every closed set of words the store holds, stated once: kinds, statuses and
answers. The models, the core's checks, the JSON format and the command line's
choices are all built from these tuples.

Kept free of SQLAlchemy, so that the command line can offer them as choices
without loading the store.
"""

from __future__ import annotations

from enum import Enum

DETAIL_KINDS = ("email", "phone", "link", "tag", "need", "offer")
LOGGED_KINDS = ("meeting", "call", "email", "message", "chat", "event", "gave", "received", "note")
STEP_KINDS = ("intro", "invite", "connected")  # recorded by commands, not logged by hand
INTERACTION_KINDS = (*LOGGED_KINDS, *STEP_KINDS)
ROLES = ("with", "about")  # in touch with them, or they were the subject
EVENT_KINDS = ("conference", "webinar", "chat", "pd-session", "meetup")
RSVP_ANSWERS = ("yes", "no", "maybe")
FOLLOW_UP_STATUSES = ("open", "done", "snoozed", "cancelled")
FOLLOW_UP_OPEN = ("open", "snoozed")  # still to do: the agenda's partial index says the same
FOLLOW_UP_SOURCES = ("user", "guard", "intro", "event")
INTRO_OPEN = ("proposed", "asking", "agreed", "introduced")
INTRO_STATUSES = (*INTRO_OPEN, "done", "declined", "cancelled")
INTRO_ANSWERS = ("yes", "no", "later")
INTRO_OUTCOMES = ("met", "working-together", "no-response", "not-a-fit", "other")
CONTACT_SORTS = ("name", "last-contacted", "added")


def choices(name: str, values: tuple[str, ...]) -> type[Enum]:
    """A string Enum of `values`, for a command-line option's choices."""
    members = {value.replace("-", "_"): value for value in values}
    return Enum(name, members, type=str)  # type: ignore[return-value]
