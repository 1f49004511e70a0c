"""Acting on agenda lines: done, snooze and dismiss, for `pln done`/`snooze`/
`dismiss` and the pocket agenda's buttons alike. Each act returns what to
say, as parts (the fixed words, then user text on its own), so that both
replies name the line they acted on in the same words."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.core.snoozes import Handle
    from plncrm.core.view_shapes import FollowUpView
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import FollowUp

Said = tuple[str, ...]


def about(view: FollowUpView) -> str:
    """ " (Priya Natarajan)": every reply names whom the task was about."""
    return f" ({view['contact']['name']})" if view["contact"] else ""


def task_ids(ids: list[str]) -> list[int]:
    """Follow-up ids in the order given, each once (`pln cancel 2 2` cancels #2
    once). A handle of another kind of agenda line ("i4", "k31") is an error
    that says which command acts on it, never another follow-up."""
    from plncrm.agenda.handles import not_a_task
    from plncrm.util.bounds import parse_id

    found: list[int] = []
    for text in ids:
        number = parse_id(text)
        if number is None:
            raise Invalid(
                not_a_task(text.strip()) or f"{text!r} is not a follow-up id (pln due shows them)"
            )
        found.append(number)
    return list(dict.fromkeys(found))


def handles(texts: list[str]) -> list[int | Handle]:
    """Follow-up ids and other agenda handles, in the order given, each once."""
    from plncrm.core.snoozes import parse

    found: list[int | Handle] = []
    for text in texts:
        line = parse(text)
        found += [line] if line else task_ids([text])
    return list(dict.fromkeys(found))


def view(source: Reader, task: FollowUp) -> FollowUpView:
    from plncrm.core import contacts, views

    found = contacts.get_many(source, [task.contact_id]) if task.contact_id else {}
    return views.follow_up_view(task, found.get(task.contact_id or 0))


def done(
    db: Db, task_id: int, day: date, message: str | None = None, kind: str = "note"
) -> tuple[FollowUpView, FollowUpView | None]:
    """Mark one follow-up done on `day` (a recurring one comes back): its view
    and the next one's."""
    from plncrm.core import followups, interactions

    task = followups.get(db, task_id, for_update=True)
    following = interactions.complete_follow_up(db, task, day, message, kind)
    return view(db, task), view(db, following) if following else None


def done_said(done_view: FollowUpView, logged: str = "") -> Said:
    return (f"Done #{done_view['id']}: ", done_view["title"], about(done_view), logged)


def snooze(db: Db, handle: int | Handle, until: date, today: date) -> Said:
    """Hide one agenda line until `until`; until today brings it back. The
    line of everyone met at an event ("m2") snoozes those it holds now."""
    from plncrm.core import followups, snoozes

    back = until == today
    if not isinstance(handle, int):
        line = snoozes.describe(db, *handle)
        if handle.letter == snoozes.MET:
            count = snoozes.snooze_met(db, handle.number, until, today)
            people = f" ({count} {'person' if count == 1 else 'people'})" if count else ""
        else:
            snoozes.snooze(db, line, until, today)
            people = ""
        if back:
            return (f"Back on the agenda today: {line.handle}, ", line.about, people)
        return (f"Snoozed {line.handle} until {until.isoformat()}: ", line.about, people)
    task = followups.get(db, handle, for_update=True)
    if back:
        snoozes.wake_task(db, task, today)
    else:
        followups.snooze(db, task, until, today)
    shown = view(db, task)
    if back:
        return (f"Back on the agenda: #{shown['id']} ", shown["title"], about(shown))
    return (f"Snoozed #{shown['id']} until {until.isoformat()}: ", shown["title"], about(shown))


def dismiss(db: Db, handle: int | Handle, today: date, never: bool = False) -> Said:
    """Take one line off the agenda: a follow-up is cancelled; keeping in touch
    starts the contact's cadence again from today (`never`: exempts them)."""
    from plncrm.core import followups, snoozes

    if isinstance(handle, int):
        task = followups.get(db, handle, for_update=True)
        followups.cancel(db, task)
        shown = view(db, task)
        return (f"Cancelled #{shown['id']}: ", shown["title"], about(shown))
    letter, number, side = handle
    line = snoozes.describe(db, letter, number, side)
    if letter == snoozes.EVENT and (said := _unrecorded(db, number, today)):
        return said
    if letter != snoozes.KEEP_IN_TOUCH:
        raise Invalid(
            f"{line.handle} is {line.about}: its steps are recorded, not dismissed "
            f"(pln snooze {line.handle} hides it; {_closer(letter, number)})"
        )
    if never:
        snoozes.exempt(db, number)
        return (
            f"Dismissed {line.handle} for good: ",
            line.about,
            f" (no cadence now; pln edit {number} --cadence … sets one)",
        )
    back = snoozes.restart_cadence(db, number, today)
    return (
        f"Dismissed {line.handle} until {back.isoformat()}: ",
        line.about,
        " (the cadence starts again today; --never exempts them)",
    )


def _unrecorded(db: Db, event_id: int, today: date) -> Said | None:
    """Dismiss a hosted event's "Record who came" line (the attendance is not
    to be recorded): its lines are hidden for the rest of its thank-you window,
    until anyone is recorded as having come. None if the event has no such line."""
    from datetime import timedelta

    from plncrm.agenda.prompts import THANKS_WINDOW_DAYS
    from plncrm.core import invitations, snoozes
    from plncrm.store.db import get_row
    from plncrm.store.schema import Event

    event = get_row(db, Event, event_id)
    if event is None or not event.hosted or event.starts_on is None:
        return None
    end = event.ends_on or event.starts_on
    if end >= today or not invitations.said_yes_unrecorded(db, event):
        return None
    until = end + timedelta(days=THANKS_WINDOW_DAYS + 1)
    if until <= today:
        return None
    snoozes.hide_event(db, event_id, until)
    return (
        f"Dismissed e{event_id}: recording who came to ",
        event.name,
        f" (pln event attended {event_id} REF… brings its steps back)",
    )


def _closer(letter: str, number: int) -> str:
    from plncrm.core import snoozes

    if letter == snoozes.INTRO:
        return f"pln intros cancel {number} drops the introduction"
    if letter == snoozes.MET:
        return f"pln event follow-up {number} drafts for them and records it"
    return f"pln event show {number} lists its steps"
