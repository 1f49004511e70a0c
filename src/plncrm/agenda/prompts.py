"""Steps that wait on us in other records: introductions and events."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from plncrm.agenda.facts import EventFacts, Intro, Person, Prompt, ago

INTRO_OUTCOME_AFTER_DAYS = 14  # ask how it went two weeks after introducing


def intro_prompts(intro: Intro, today: date, wait_days: int) -> list[Prompt]:
    """The steps of an open introduction that wait on us today."""
    return [p for p in intro_steps(intro, today, wait_days) if p.due <= today]


def intro_steps(intro: Intro, today: date, wait_days: int) -> list[Prompt]:
    """The next steps of an open introduction, due today or later (the calendar
    shows the later ones too; `today` only words the reasons).

    Ask each side privately; nudge a side that has not answered (or said
    "later") after `wait_days`; send the introduction once both said yes; ask
    how it went two weeks after introducing.
    """
    ref = {"intro_id": intro.id}
    wait = timedelta(days=wait_days)
    pair = f"{intro.a.name} ↔ {intro.b.name}"
    if intro.status in ("proposed", "asking"):
        prompts = []
        sides = (
            ("a", intro.a, intro.b, intro.a_asked_on, intro.a_answer, intro.a_answered_on),
            ("b", intro.b, intro.a, intro.b_asked_on, intro.b_answer, intro.b_answered_on),
        )
        for side, who, other, asked, answer, answered in sides:
            # Each side's line has its own handle ("i4a", "i4b").
            side_ref: Mapping[str, object] = {"intro_id": intro.id, "side": side}
            if asked is None and answer is None:
                prompts.append(
                    Prompt(
                        "intro",
                        f"Ask {who.name} about meeting {other.name}",
                        intro.proposed_on,
                        f"introduction proposed {ago(intro.proposed_on, today)}: {intro.why}",
                        who,
                        side_ref,
                        f"pln intros ask {intro.id} {side} --draft",
                    )
                )
            elif answer is None and asked is not None:
                prompts.append(
                    Prompt(
                        "intro",
                        f"Nudge {who.name} about meeting {other.name}",
                        asked + wait,
                        f"asked {ago(asked, today)}, no answer yet",
                        who,
                        side_ref,
                        f"pln intros answer {intro.id} {side} yes|no|later",
                    )
                )
            elif answer == "later" and answered is not None:
                prompts.append(
                    Prompt(
                        "intro",
                        f"Ask {who.name} again about meeting {other.name}",
                        answered + wait,
                        f"said 'later' {ago(answered, today)}",
                        who,
                        side_ref,
                        f"pln intros ask {intro.id} {side} --draft",
                    )
                )
        return prompts
    if intro.status == "agreed":
        since = max(d for d in (intro.a_answered_on, intro.b_answered_on, intro.proposed_on) if d)
        return [
            Prompt(
                "intro",
                f"Introduce {pair}",
                since,
                f"both said yes: {intro.why}",
                intro.a,
                ref,
                f"pln intros introduce {intro.id} --draft",
            )
        ]
    if intro.status == "introduced" and intro.introduced_on is not None:
        due = intro.introduced_on + timedelta(days=INTRO_OUTCOME_AFTER_DAYS)
        return [
            Prompt(
                "intro",
                f"Ask how it went: {pair}",
                due,
                f"introduced {ago(intro.introduced_on, today)}; no outcome recorded",
                intro.a,
                ref,
                f"pln intros outcome {intro.id} met|working-together|no-response|not-a-fit",
            )
        ]
    return []


INVITE_NUDGE_DAYS = 3  # chase unanswered invitations this many days before
THANKS_WINDOW_DAYS = 30  # stop asking for thank-yous a month after
REMIND_DAYS_BEFORE = 1  # remind those who said yes the day before


NAMES_SHOWN = 4


def _names(people: tuple[Person, ...], total: int, shown: int = NAMES_SHOWN) -> str:
    names = [p.name for p in people[:shown]]
    more = total - len(names)
    return ", ".join(names) + (f" and {more} more" if more > 0 else "")


def event_prompts(event: EventFacts, today: date) -> list[Prompt]:
    """Invitations unanswered a few days before an event; attendees of a hosted
    event not yet thanked after it."""
    ref = {"event_id": event.id}
    prompts = []
    nudge_from = event.starts_on - timedelta(days=INVITE_NUDGE_DAYS)
    if event.unanswered and nudge_from <= today <= event.starts_on:
        n = event.unanswered_total or len(event.unanswered)
        prompts.append(
            Prompt(
                "event",
                f"Chase {n} unanswered invitation{'s' if n != 1 else ''} to {event.name}",
                nudge_from,
                f"starts {ago(event.starts_on, today)}; "
                f"no answer from {_names(event.unanswered, n)}",
                event.unanswered[0] if n == 1 else None,
                ref,
                f"pln event rsvp {event.id} REF yes|no|maybe",
            )
        )
    remind_from = event.starts_on - timedelta(days=REMIND_DAYS_BEFORE)
    if event.hosted and event.unreminded and remind_from <= today <= event.starts_on:
        n = event.unreminded_total or len(event.unreminded)
        at = (
            f", {event.starts_at}" + (f" {event.tz}" if event.tz else "") if event.starts_at else ""
        )
        prompts.append(
            Prompt(
                "event",
                f"Remind the {n} who said yes to {event.name}",
                remind_from,
                f"starts {ago(event.starts_on, today)}{at}: {_names(event.unreminded, n)}",
                event.unreminded[0] if n == 1 else None,
                ref,
                f"pln event remind {event.id} --bcc",
            )
        )
    thank_from = event.ends_on + timedelta(days=1)
    thank_until = event.ends_on + timedelta(days=THANKS_WINDOW_DAYS)
    if event.hosted and event.unthanked and thank_from <= today <= thank_until:
        n = event.unthanked_total or len(event.unthanked)
        prompts.append(
            Prompt(
                "event",
                f"Thank {n} attendee{'s' if n != 1 else ''} of {event.name}",
                thank_from,
                f"ended {ago(event.ends_on, today)}; "
                f"no thank-you yet to {_names(event.unthanked, n)}",
                event.unthanked[0] if n == 1 else None,
                ref,
                f"pln event thank {event.id} --draft",
            )
        )
    if event.hosted and event.said_yes and thank_from <= today <= thank_until:
        prompts.append(
            Prompt(
                "event",
                f"Record who came to {event.name} ({event.said_yes} said yes)",
                thank_from,
                f"ended {ago(event.ends_on, today)}; by hand: pln event attended {event.id} REF…",
                None,
                ref,
                f"pln event import {event.id} FILE",
            )
        )
    if event.hosted and event.no_shows_total and thank_from <= today <= thank_until:
        n = event.no_shows_total
        prompts.append(
            Prompt(
                "event",
                # What to do first, the event's name last: at 80 columns the name is cut.
                f"Send the recording to {n} who did not come to {event.name}",
                thank_from,
                f"ended {ago(event.ends_on, today)}; said yes and did not come: "
                f"{_names(event.no_shows, n)}",
                None,
                ref,
                f"pln event thank {event.id} --no-shows --recording URL",
            )
        )
    return prompts
