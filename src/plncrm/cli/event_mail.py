"""`pln event invite|remind|thank EVENT … --send|--eml DIR`: one message a
person through `mail.smtp`, each recorded as that person's invitation,
reminder or thank-you (with the email it was) once the server accepted it.

Who still needs the step is asked of the guest rows, as the commands ask it
when they record by hand (not invited yet, not reminded, not thanked), so a
re-run after a failure sends only to those the step has not reached: nobody
gets a message twice from one step."""

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from plncrm.cli.mailing import Attachment, Letter, Plan, deliver
from plncrm.util import shell

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.core.drafts import Draft
    from plncrm.mail.messages import Outgoing
    from plncrm.store.db import Db
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event, EventGuest


class Step(NamedTuple):
    command: str  # "invite": pln event invite
    done: str  # "invited": what the people it reached are
    reached: "Callable[[EventGuest], bool]"  # whether the step has reached this guest
    kind: str  # the kind of its message's template (core.templates)
    draft: "Callable[..., Draft]"  # (person, event view, my name, template=)
    record: "Callable[..., list[Contact]]"  # core.events.invite, remind or thank
    options: tuple[str, ...] = ()  # typed after the event on every command it suggests


def step(command: str) -> Step:
    """The step `pln event COMMAND` records: invite, remind or thank."""
    from plncrm.core import drafts, invitations

    return {
        "invite": Step(
            "invite",
            "invited",
            lambda g: g.invited_on is not None,
            "invitation",
            drafts.invitation,
            invitations.invite,
        ),
        "remind": Step(
            "remind",
            "reminded",
            lambda g: g.reminded_on is not None,
            "reminder",
            drafts.reminder,
            invitations.remind,
        ),
        "thank": Step(
            "thank",
            "thanked",
            lambda g: g.thanked_on is not None,
            "thanks",
            drafts.thanks,
            invitations.thank,
        ),
    }[command]


def no_shows(recording: str) -> Step:
    """`pln event thank --no-shows --recording URL`: the recording, to those
    who said yes and did not come (reached once sent the recording or thanked)."""
    from functools import partial

    from plncrm.core import drafts, invitations

    return Step(
        "thank",
        "sent the recording",
        lambda g: g.recording_on is not None or g.thanked_on is not None,
        "no-show",
        partial(drafts.no_show, recording=recording),
        lambda db, event, people, on, **kw: invitations.send_recording(
            db, event, people, on, recording, **kw
        ),
        ("--no-shows", "--recording", recording),
    )


def send(
    env: "Environment",
    step: Step,
    ref: str,
    choose: "Callable[[Reader, Event], Sequence[Contact]]",
    again: Sequence[str],
    *,
    yes: bool,
    eml: Path | None,
) -> None:
    """The step's message to each of those `choose` picks for the event (as
    the command does when recording by hand) whom it has not reached yet;
    `again`: the command's arguments after the event, to send the rest."""
    from plncrm.core import contacts, events, invitations, templates, views
    from plncrm.reads import settings
    from plncrm.render import say

    with env.reading() as reader:
        event = events.resolve(reader, ref)
        chosen = choose(reader, event)
        reached = {c.id for g, c in invitations.guests(reader, event) if step.reached(g)}
        unique = {c.id: c for c in chosen}.values()
        fresh = sorted((c for c in unique if c.id not in reached), key=lambda c: c.name_key)
        people = views.contact_views(reader, fresh)
        me, shown = settings.load(reader).my_name, views.event_view(event)
        mine = templates.stored(reader).get(step.kind)
        attached = _calendar(reader, event) if step.command == "remind" else ()
    if len(unique) > len(fresh):
        say(f"{len(unique) - len(fresh)} already {step.done}: not sent again")
    if not fresh:
        say(f"Nobody left to write to about {event.name}")
        return
    letters = [
        Letter(
            p["id"] or 0,
            p["name"],
            p["email"],
            step.draft(p, shown, me, template=mine),
            attachments=attached,
        )
        for p in people
    ]

    def record(db: "Db", item: "Outgoing") -> None:
        person = contacts.get_many(db, [item.contact_id])[item.contact_id]
        step.record(db, event, [person], env.today(), message_id=item.message_id)

    command = ("pln", "event", step.command, event.name, *step.options)
    plan = Plan(
        record,
        shell.command(*command, *again, "--send"),
        lambda out: shell.command(*command, *(str(i.contact_id) for i in out)),
        f"write to them another way, then record it: {shell.command(*command, 'REF')}",
        f"nobody to write to about {event.name} has an email address",
        f"they are not recorded as {step.done}",
    )
    deliver(env, letters, plan, yes=yes, eml=eml)


def _calendar(reader: "Reader", event: "Event") -> tuple[Attachment, ...]:
    """The event's invitation (.ics) for a reminder, when it has a day."""
    from plncrm.cli.event_calendar import invitation

    if event.starts_on is None:
        return ()
    return (Attachment("invite.ics", "text/calendar", invitation(reader, event)),)
