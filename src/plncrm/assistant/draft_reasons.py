"""What `draft_message` says beside its drafts: why a step about an event left
nobody to write to (as `pln event thank` and `pln event follow-up` say it,
`render.draft_notes`), and that the drafts are unsigned. Drafting records
nothing, so whom a step reached before is read from the guest list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plncrm.render import draft_notes

if TYPE_CHECKING:
    from plncrm.store.plain import Reader

# The CLI's words, and whose they are to run (the assistant cannot).
UNSIGNED = f"{draft_notes.UNSIGNED} (the user's to run in pln)"


def nobody_left(reader: Reader, kind: str, ref: str) -> str:
    """Why an event's step of `kind` found nobody it is due for."""
    from plncrm.core import events, invitations

    record = events.resolve(reader, ref)
    guests = invitations.guests(reader, record)
    if kind == "no-show-recording":
        sent = [c.name for g, c in guests if g.rsvp == "yes" and not g.attended and g.recording_on]
        return draft_notes.no_recording(record.name, sent)
    if kind == "thank-you":
        thanked = [c.name for g, c in guests if g.attended and g.thanked_on]
        came = any(g.attended for g, _ in guests)
        otherwise = (
            "everyone who came was thanked"
            if came
            else f"nobody is recorded as having come (record_attendance (event {record.id}); "
            "the user can import the attendance file in pln)"
        )
        return draft_notes.no_thanks(record.name, thanked, (), otherwise)
    if kind == "reminder":
        reminded = [c.name for g, c in guests if g.rsvp == "yes" and g.reminded_on]
        return draft_notes.no_reminder(record.name, reminded)
    return draft_notes.no_booth_follow_up(record.name)
