"""What a drafting step says beside its drafts, in the same words from the
commands (`pln event thank`, with or without --no-shows, `pln event
follow-up`) and from the assistant's `draft_message`: why nobody was left to
write to, so that an empty answer never comes without its reason, and that the
drafts end with a bare "Best," until the user's name is set."""

from __future__ import annotations

from collections.abc import Sequence

from plncrm.render.names import listed


def nobody_left(before: Sequence[str], done: str, unreached: Sequence[str], otherwise: str) -> str:
    """Why a step found nobody: whom it reached before ("Ana Lima was sent
    it"), who has no address, or, when neither, `otherwise`."""
    why = [f"{listed(before)} {'was' if len(before) == 1 else 'were'} {done}"] if before else []
    why += [f"no email address for {listed(unreached)}"] if unreached else []
    return "; ".join(why) or otherwise


def no_recording(event: str, before: Sequence[str], unreached: Sequence[str] = ()) -> str:
    """Nobody left to send an event's recording to, and why."""
    why = nobody_left(before, "sent it", unreached, "everyone who said yes came")
    return f"Nobody left to send the recording of {event} to: {why}"


def no_thanks(event: str, before: Sequence[str], unreached: Sequence[str], otherwise: str) -> str:
    """Nobody left to thank for coming to an event, and why (`otherwise`: when
    nobody was thanked before, that everyone was or that nobody came)."""
    why = nobody_left(before, "thanked", unreached, otherwise)
    return f"Nobody left to thank for coming to {event}: {why}"


def no_reminder(event: str, before: Sequence[str]) -> str:
    """Nobody left to remind of an event, and why."""
    why = nobody_left(before, "reminded", (), "nobody has said yes")
    return f"Nobody left to remind about {event}: {why}"


def no_booth_follow_up(event: str) -> str:
    """Nobody met at an event waits for a first follow-up."""
    return f"Nobody met at {event} is waiting for a follow-up"


UNSIGNED = 'the drafts end with a bare "Best,": set your name: pln config my-name "Your Name"'


def unsigned(me: str) -> str | None:
    """The note for drafts signed with no name (the my-name setting is empty)."""
    return None if me.strip() else UNSIGNED


def warn_unsigned(me: str, drafted: object = True) -> None:
    """Say once, on stderr, that the drafts printed are unsigned (when `drafted`)."""
    from plncrm.render import warn

    note = unsigned(me)
    if note is not None and drafted:
        warn(note)
