"""The events the morning agenda speaks of: those about to start (invitations
unanswered) and hosted ones just over (who came still to record, attendees to
thank, no-shows to send the recording), gathered for the scheduler."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta

from plncrm.agenda import prompts
from plncrm.agenda import rank as scheduler
from plncrm.core.no_shows import no_show_ids
from plncrm.store.plain import Reader

Lookup = Callable[[Iterable[int]], dict[int, scheduler.Person]]

NEAR_EVENTS = """
SELECT * FROM event WHERE starts_on IS NOT NULL AND (
  (starts_on >= :today AND starts_on <= :nudge)
  OR (hosted AND coalesce(ends_on, starts_on) < :today
      AND coalesce(ends_on, starts_on) >= :thanks))
ORDER BY starts_on, id
"""
# Plain rows with the one contact fact the rules need; full facts only for
# the few names each prompt shows, however many guests an event has.
GUESTS = """
SELECT g.*, c.last_contacted FROM event_guest g JOIN contact c ON c.id = g.contact_id
WHERE g.event_id IN :events AND NOT c.archived
ORDER BY c.name_key
"""


def events(reader: Reader, today: date, lookup: Lookup) -> list[scheduler.EventFacts]:
    """Events near enough to need us: starting within the nudge window, or a
    hosted one that ended within the thank-you window."""
    soon = reader.rows(
        NEAR_EVENTS,
        {
            "today": today,
            "nudge": today + timedelta(days=prompts.INVITE_NUDGE_DAYS),
            "thanks": today - timedelta(days=prompts.THANKS_WINDOW_DAYS),
        },
    )
    if not soon:
        return []
    rows = reader.rows(GUESTS, {"events": [e["id"] for e in soon]})
    waiting: dict[int, tuple[list[int], list[int], list[int]]] = {}
    no_shows: dict[int, list[int]] = {}
    unrecorded: dict[int, int] = {}
    for event in soon:
        end = event["ends_on"] or event["starts_on"]
        guests = [g for g in rows if g["event_id"] == event["id"]]
        unanswered = [
            g["contact_id"]
            for g in guests
            if g["invited_on"] and g["rsvp"] is None and not g["attended"]
        ]
        # Reached since the event stands for a thank-you, but not by the
        # recording: one sent it who came after all is still owed one.
        unthanked = [
            g["contact_id"]
            for g in guests
            if g["attended"]
            and g["thanked_on"] is None
            and not (g["last_contacted"] and g["last_contacted"] > max(end, _day(g)))
        ]
        unreminded = [
            g["contact_id"]
            for g in guests
            if event["hosted"]
            and g["rsvp"] == "yes"
            and g["reminded_on"] is None
            and not g["attended"]
        ]
        # Who did not come is `pln event import`'s rule too; the line is for
        # events we hosted, once they are over.
        over = event["hosted"] and end < today
        no_shows[event["id"]] = no_show_ids(guests) if over else []
        # Nobody recorded as having come: the steps after it wait for who did.
        unrecorded[event["id"]] = (
            sum(g["rsvp"] == "yes" for g in guests)
            if over and not any(g["attended"] for g in guests)
            else 0
        )
        if (
            unanswered
            or unthanked
            or unreminded
            or no_shows[event["id"]]
            or unrecorded[event["id"]]
        ):
            waiting[event["id"]] = (unanswered, unthanked, unreminded)
    shown = prompts.NAMES_SHOWN
    wanted = [i for lists in waiting.values() for some in lists for i in some[:shown]]
    people_by_id = lookup(wanted + [i for some in no_shows.values() for i in some[:shown]])

    def named(ids: list[int]) -> tuple[scheduler.Person, ...]:
        return tuple(people_by_id[i] for i in ids[:shown] if i in people_by_id)

    result = []
    for event in soon:
        if event["id"] not in waiting:
            continue
        unanswered, unthanked, unreminded = waiting[event["id"]]
        result.append(
            scheduler.EventFacts(
                id=event["id"],
                name=event["name"],
                starts_on=event["starts_on"],
                ends_on=event["ends_on"] or event["starts_on"],
                hosted=event["hosted"],
                unanswered=named(unanswered),
                unthanked=named(unthanked),
                unanswered_total=len(unanswered),
                unthanked_total=len(unthanked),
                unreminded=named(unreminded),
                unreminded_total=len(unreminded),
                starts_at=event["starts_at"],
                tz=event["tz"],
                no_shows=named(no_shows[event["id"]]),
                no_shows_total=len(no_shows[event["id"]]),
                said_yes=unrecorded[event["id"]],
            )
        )
    return result


def _day(guest: dict[str, object]) -> date:
    """The day a guest was sent the recording, or the earliest day for none."""
    value = guest["recording_on"]
    if value is None:
        return date.min
    return value if isinstance(value, date) else date.fromisoformat(str(value))
