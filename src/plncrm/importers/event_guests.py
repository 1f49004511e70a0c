"""A registrant or attendee file recorded against one event (`pln event
import`). People go through the import engine (`apply`) like any import:
matched, merged, or added with the file's format as their source; met at the
event unless we hosted it (then they came to it: their attendance, not a
meeting, is the first thing on their timeline). A registration is an invitation
answered yes, dated when they registered; attendance counts from
`min_minutes` in the session. Each step is taken once, so importing a later
report of the same event records only what changed, and the same file twice
nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from plncrm.core import contacts, interactions, invitations
from plncrm.importers.apply import Met, apply
from plncrm.importers.event_files import Guest, Sheet
from plncrm.importers.known import Known
from plncrm.importers.records import Record, Rejected, Report, check
from plncrm.store.db import Db, save
from plncrm.store.schema import Contact, Event


@dataclass
class Outcome:
    """What the file did to the event, by name, for the summary."""

    event: str
    hosted: bool
    format: str
    min_minutes: int
    matched: list[str] = field(default_factory=list)  # known before the import
    registered: list[str] = field(default_factory=list)  # answered yes by this import
    attended: list[tuple[str, int | None]] = field(default_factory=list)  # with their minutes
    short: list[tuple[str, int]] = field(default_factory=list)  # came, under min_minutes
    no_shows: list[str] = field(default_factory=list)  # registered, the file says did not come
    skipped: list[tuple[str, str]] = field(default_factory=list)  # and why
    unchanged: int = 0  # people the event already had as the file has them

    def as_dict(self) -> dict[str, object]:
        return {
            "event": self.event,
            "hosted": self.hosted,
            "format": self.format,
            "min_minutes": self.min_minutes,
            "matched": self.matched,
            "registered": self.registered,
            "attended": [{"name": n, "minutes": m} for n, m in self.attended],
            "too_short": [{"name": n, "minutes": m} for n, m in self.short],
            "no_shows": self.no_shows,
            "skipped": [{"name": n, "why": w} for n, w in self.skipped],
            "unchanged": self.unchanged,
        }


def _who(record: Record) -> str:
    return record.name or (record.emails[0] if record.emails else f"line {record.line}")


def record(
    db: Db, event: Event, sheet: Sheet, *, min_minutes: int, today: date
) -> tuple[Report, Outcome]:
    """Record the sheet's people against `event`, in the caller's transaction."""
    outcome = Outcome(event.name, event.hosted, sheet.format, min_minutes)
    wanted: list[Guest] = []
    for guest in sheet.guests:
        if guest.cancelled and not guest.attended:
            outcome.skipped.append((_who(guest.record), guest.cancelled))
        else:
            wanted.append(guest)
    met = None
    if not event.hosted:
        joined = sorted(g.joined_on for g in wanted if g.joined_on)
        met = Met(event.id or 0, event.name, event.starts_on or (joined[0] if joined else None))
    items: list[Record | Rejected] = [*sheet.rejected, *(g.record for g in wanted)]
    # Registrants typed their own names and jobs: matched by email alone, and
    # nothing stored about someone known changes (`self_typed`).
    typed = f"In {event.name}'s {sheet.format} file"
    report = apply(db, items, source=sheet.format, met=met, today=today, self_typed=typed)
    report.unused_columns = list(sheet.unused)
    known = Known(db)
    by_contact: dict[int, Guest] = {}
    for guest in wanted:
        by_email = bool(guest.record.emails)
        found = None if check(guest.record) else known.match(guest.record, by_email=by_email)
        if found is None or found <= 0:
            continue
        if found in by_contact:
            _join(by_contact[found], guest)
        else:
            by_contact[found] = guest
    people = contacts.get_many(db, by_contact)
    for cid in sorted(set(by_contact) & set(people), key=lambda c: (people[c].name_key, c)):
        if cid not in report.new_ids:
            outcome.matched.append(people[cid].name)
        if not _take(db, event, people[cid], by_contact[cid], outcome, today):
            outcome.unchanged += 1
    return report, outcome


def _join(had: Guest, other: Guest) -> None:
    """Two rows the engine found to be one person."""
    had.registered |= other.registered
    had.registered_on = had.registered_on or other.registered_on
    if other.attended is not None:
        had.attended = bool(had.attended) or other.attended
    if other.minutes is not None:
        had.minutes = max(had.minutes or 0, other.minutes)
    had.joined_on = had.joined_on or other.joined_on


def _take(db: Db, event: Event, person: Contact, guest: Guest, out: Outcome, today: date) -> bool:
    """One person's registration and attendance; whether anything changed."""
    if not guest.registered and not guest.attended:
        return False
    row = invitations.guest(db, event, person)
    changed = False
    if guest.registered and row.rsvp != "yes":
        day = guest.registered_on or today
        if row.invited_on is None:
            row.invited_on = day
            save(db, row, "invited_on")
        invitations.rsvp(db, event, person, "yes", day)
        out.registered.append(person.name)
        changed = True
    minutes = guest.minutes
    if minutes is not None and row.minutes != minutes:  # a later report may say more
        row.minutes = minutes
        save(db, row, "minutes")
        changed = True
    if guest.attended and minutes is not None and minutes < out.min_minutes:
        if not row.attended:
            out.short.append((person.name, minutes))
    elif guest.attended and not row.attended:
        row.attended = True
        save(db, row, "attended")
        on = guest.joined_on or event.starts_on or today
        if event.starts_on and on < event.starts_on:
            on = event.starts_on
        spent = f" ({minutes} min)" if minutes is not None else ""
        note = f"Attended {event.name}{spent}"
        interactions.log(db, [person], kind="event", note=note, on=on, event_id=event.id)
        out.attended.append((person.name, minutes))
        changed = True
    elif guest.attended is False and guest.registered and not row.attended:
        out.no_shows.append(person.name)
    return changed
