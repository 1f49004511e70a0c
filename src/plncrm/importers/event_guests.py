"""A registrant or attendee file recorded against one event (`pln event
import`). People go through the import engine (`apply`) like any import:
matched, merged, or added with the file's format as their source. At an event
we hosted they came to it (their attendance, not a meeting, is the first thing
on their timeline), and a registration is an invitation answered yes, dated
when they registered. At one we did not host (a conference's tickets), only
those who came were met there, and a registration is their answer alone:
no invitation of ours, nothing on the timeline. Attendance counts from
`min_minutes` in the session. Each step is taken once, so importing a later
report of the same event records only what changed, and the same file twice
nothing."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from plncrm.core import contacts, interactions, invitations, snoozes
from plncrm.core.names import from_email
from plncrm.core.no_shows import no_show_ids
from plncrm.importers import event_rows, event_skips
from plncrm.importers.apply import Met, apply
from plncrm.importers.event_files import Sheet
from plncrm.importers.event_people import Guest, join
from plncrm.importers.event_times import event_minutes
from plncrm.importers.known import Known
from plncrm.importers.records import Named, Record, Rejected, Report, check, tidy_name
from plncrm.store.db import Db, fetch, save
from plncrm.store.plain import Reader
from plncrm.store.schema import Contact, Event, EventGuest
from plncrm.util.errors import Invalid
from plncrm.util.text import fold

GUEST_ROWS = """
SELECT g.contact_id, g.rsvp, g.attended, g.thanked_on, g.recording_on, c.name
FROM event_guest g
JOIN contact c ON c.id = g.contact_id WHERE g.event_id = :e AND NOT c.archived
ORDER BY c.name_key, c.id
"""


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
    no_shows: list[str] = field(default_factory=list)  # the event's, after it (`no_show_ids`)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # and why
    unchanged: list[str] = field(default_factory=list)  # as the file has them already
    unread: list[str] = field(default_factory=list)  # "row 7: duration '—' not understood"
    unread_count: int = 0
    unknown: list[str] = field(default_factory=list)  # registered, attendance not understood
    owed_thanks: list[str] = field(default_factory=list)  # sent the recording, came after all
    kept_minutes: list[tuple[str, int, int]] = field(default_factory=list)  # name, file's, kept
    later_days: list[str] = field(default_factory=list)  # registered on a day to come: clamped
    by_name: list[str] = field(default_factory=list)  # known, matched with no email in the file
    notices: list[str] = field(default_factory=list)  # what the file had that was read oddly

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
            "unchanged": len(self.unchanged),
            "unchanged_people": self.unchanged,
            "not_understood": self.unread,
            "not_understood_count": self.unread_count,
            "attendance_unknown": self.unknown,
            "owed_thanks": self.owed_thanks,
            "kept_minutes": [{"name": n, "file": f, "kept": k} for n, f, k in self.kept_minutes],
            "later_days": self.later_days,
            "matched_by_name": self.by_name,
            "notices": self.notices,
        }


@dataclass(frozen=True)
class Step:
    """What one person's rows change on their guest row (`plan`)."""

    register: bool = False  # answered yes, dated when they registered
    minutes: int | None = None  # minutes to store (a later report may say more)
    attend: bool = False  # counted as having come
    short: int | None = None  # came, under --min-minutes: their minutes
    fewer: int | None = None  # the file's minutes, fewer than those stored (kept)

    @property
    def changes(self) -> bool:
        return self.register or self.minutes is not None or self.attend


def plan(guest: Guest, row: EventGuest | None, min_minutes: int, cap: int | None) -> Step:
    """What a person's rows change on their guest row (None: none yet), pure:
    the import and its dry run both take it."""
    if not guest.registered and not guest.attended:
        return Step()
    rsvp, stored, came = (row.rsvp, row.minutes, row.attended) if row else (None, None, False)
    said = guest.minutes(cap)
    # An older report says fewer minutes than a later one did: the larger is kept.
    fewer = said if said is not None and stored is not None and said < stored else None
    minutes = stored if fewer is not None else said
    short = guest.attended and minutes is not None and minutes < min_minutes
    return Step(
        register=guest.registered and rsvp != "yes",
        minutes=minutes if minutes is not None and stored != minutes else None,
        attend=bool(guest.attended) and not short and not came,
        short=minutes if short and not came else None,
        fewer=fewer,
    )


def _came(guest: Guest, min_minutes: int, cap: int | None) -> bool:
    """Whether the file says they came: checked in, or in the session at
    least `min_minutes` (when it gives their minutes)."""
    minutes = guest.minutes(cap)
    return bool(guest.attended) and (minutes is None or minutes >= min_minutes)


def _who(record: Record) -> str:
    return record.name or (record.emails[0] if record.emails else f"line {record.line}")


def _start(
    reader: Reader, event: Event, sheet: Sheet, min_minutes: int, today: date
) -> tuple[Outcome, list[Guest]]:
    """The outcome begun (cancelled registrations, ourselves and devices
    skipped: `event_skips`), and the people to record; a registration on a day
    to come is recorded on `today`, said by row."""
    if (
        sheet.format == "csv"
        and sheet.guests
        and not any(g.registered or g.attended is not None for g in sheet.guests)
    ):
        raise Invalid(
            "nothing would be recorded: the sheet maps neither registered nor attended "
            "(--map registered=COLUMN or --map attended=COLUMN; pln import csv adds people "
            "without an event)"
        )
    outcome = Outcome(event.name, event.hosted, sheet.format, min_minutes)
    outcome.unread, outcome.unread_count = list(sheet.problems), sheet.problem_count
    outcome.notices = list(sheet.notices)
    wanted: list[Guest] = []
    us = event_skips.ours(reader, sheet.host)
    held: dict[str, Known] = {}  # the store's people, read once a device-like name needs them

    def known(guest: Guest) -> bool:
        item = guest.record
        if check(item):
            return False
        tidy_name(item)
        if not held:
            held["known"] = Known(reader)
        return held["known"].match(item) is not None

    for guest in sheet.guests:
        cancelled = guest.cancelled if not guest.attended else None
        why = guest.skip or event_skips.why_skipped(guest, us, known) or cancelled
        if why:
            outcome.skipped.append((_who(guest.record), why))
            continue
        wanted.append(guest)
        later = event_rows.day_questioned(guest, event.starts_on, today)
        if later:
            outcome.later_days.append(later)
    return outcome, wanted


def _length(event: Event, sheet: Sheet) -> int | None:
    """How long the session lasted: as the platform reports it, else as the
    event is scheduled; None when neither says."""
    planned = event_minutes(event.starts_on, event.starts_at, event.ends_on, event.ends_at)
    return sheet.length or planned


def record(
    db: Db, event: Event, sheet: Sheet, *, min_minutes: int, today: date
) -> tuple[Report, Outcome]:
    """Record the sheet's people against `event`, in the caller's transaction."""
    outcome, wanted = _start(db, event, sheet, min_minutes, today)
    first = not invitations.anyone_came(db, event)
    cap = _length(event, sheet)
    met = None
    if not event.hosted:  # met there: those who came, not everyone with a ticket
        came = [g for g in wanted if _came(g, min_minutes, cap)]
        joined = sorted(g.joined_on for g in came if g.joined_on)
        on = event.starts_on or (joined[0] if joined else None)
        met = Met(event.id or 0, event.name, on, frozenset(g.record.line for g in came))
    records: Iterator[Record] = (g.record for g in wanted)  # made one at a time
    items = itertools.chain[Record | Rejected](sheet.rejected, records)
    # Registrants typed their own names and jobs: matched by email alone, and
    # nothing stored about someone known changes (`self_typed`).
    typed = f"In {event.name}'s {sheet.format} file"
    report = apply(db, items, source=sheet.format, met=met, today=today, self_typed=typed)
    report.unused_columns = list(sheet.unused)
    by_contact, named = _found(Known(db), wanted)
    people = contacts.get_many(db, by_contact)
    for cid in sorted(set(by_contact) & set(people), key=lambda c: (people[c].name_key, c)):
        if cid not in report.new_ids:
            outcome.matched.append(people[cid].name)
            if cid in named:
                outcome.by_name.append(people[cid].name)
        if by_contact[cid].unknown and not by_contact[cid].attended:
            outcome.unknown.append(people[cid].name)
        if not _take(db, event, people[cid], by_contact[cid], outcome, today, cap):
            outcome.unchanged.append(people[cid].name)
    outcome.no_shows = _no_shows(db.rows(GUEST_ROWS, {"e": event.id}))
    if first and outcome.attended:  # as `pln event attended`: a dismissed line hides no step
        snoozes.wake_event(db, event.id or 0)
    return report, outcome


def _found(known: Known, wanted: list[Guest]) -> tuple[dict[int, Guest], set[int]]:
    """Each person's contact as the engine found it (tidied, matched by email
    if they have one), and those matched with no address: by name alone."""
    by_contact: dict[int, Guest] = {}
    named: set[int] = set()
    for guest in wanted:
        item = guest.record
        found = None
        if not check(item):
            tidy_name(item)
            found = known.match(item, by_email=bool(item.emails))
        if found is None or found <= 0:
            continue
        if not item.emails:
            named.add(found)
        if found in by_contact:
            join(by_contact[found], guest)
        else:
            by_contact[found] = guest
    return by_contact, named


def _no_shows(rows: list[dict[str, Any]]) -> list[str]:
    names = {r["contact_id"]: r["name"] for r in rows}
    return [names[cid] for cid in no_show_ids(rows)]


def _take(
    db: Db, event: Event, person: Contact, guest: Guest, out: Outcome, today: date, cap: int | None
) -> bool:
    """One person's registration and attendance; whether anything changed."""
    if not guest.registered and not guest.attended:
        return False
    row = invitations.guest(db, event, person)
    step = plan(guest, row, out.min_minutes, cap)
    if step.register:
        day = guest.registered_on or today
        if not event.hosted:  # a ticket from the organiser: no invitation of ours answered
            row.rsvp, row.rsvp_on = "yes", day
            save(db, row, "rsvp", "rsvp_on")
        else:
            if row.invited_on is None:
                row.invited_on = day
                save(db, row, "invited_on")
            invitations.rsvp(db, event, person, "yes", day)
        out.registered.append(person.name)
    if step.minutes is not None:
        row.minutes = step.minutes
        save(db, row, "minutes")
    if step.fewer is not None and row.minutes is not None:
        out.kept_minutes.append((person.name, step.fewer, row.minutes))
    if step.short is not None and step.changes:  # as the dry run: said once, when new
        out.short.append((person.name, step.short))
    if step.attend:
        row.attended = True
        save(db, row, "attended")
        if row.recording_on is not None and row.thanked_on is None:  # the thank-you is owed
            out.owed_thanks.append(person.name)
        on = guest.joined_on or event.starts_on or today
        if event.starts_on and on < event.starts_on:
            on = event.starts_on
        minutes = row.minutes
        spent = f" ({minutes} min)" if minutes is not None else ""
        note = f"Attended {event.name}{spent}"
        interactions.log(db, [person], kind="event", note=note, on=on, event_id=event.id)
        out.attended.append((person.name, minutes))
    return step.changes


def _matched(
    known: Known, wanted: list[Guest], report: Report, named: set[int]
) -> tuple[dict[int, Guest], dict[int, str]]:
    """The people as the engine would find them, without writing: a contact's
    id, or a negative number for one it would add (counted in `report`)."""
    by_person: dict[int, Guest] = {}
    names: dict[int, str] = {}
    for guest in wanted:
        item = guest.record
        if not item.name.strip() and item.emails:
            item.name = from_email(item.emails[0])
        problem = check(item)
        if problem:
            report.rejected.append(Rejected(item.line, problem))
            continue
        tidy_name(item)
        found = known.match(item, by_email=bool(item.emails))  # as `record` (`self_typed`)
        if found is None:
            found = -(len(report.added_people) + 1)
            known.remember(found, item)
            report.added += 1
            report.added_people.append(Named(0, item.name, item.org))
            names[found] = item.name
        elif not item.emails:
            named.add(found)
        if found in by_person:
            join(by_person[found], guest)
        else:
            by_person[found] = guest
    return by_person, names


def preview(
    reader: Reader, event: Event, sheet: Sheet, *, min_minutes: int, today: date
) -> tuple[Report, Outcome]:
    """What `record` would do, read only (`--dry-run` takes no write lock):
    who would be added and matched, and each one's steps. Which details a
    merge would add to someone known is not worked out: they count as matched."""
    outcome, wanted = _start(reader, event, sheet, min_minutes, today)
    report = Report(dry_run=True, rejected=list(sheet.rejected))
    report.unused_columns = list(sheet.unused)
    named: set[int] = set()
    by_person, names = _matched(Known(reader), wanted, report, named)
    stored = {r.contact_id: r for r in fetch(reader, EventGuest, "event_id = :e", {"e": event.id})}
    people = contacts.get_many(reader, [c for c in by_person if c > 0])
    names.update((cid, p.name) for cid, p in people.items())
    report.known_ids = set(people)
    states = {r["contact_id"]: dict(r) for r in reader.rows(GUEST_ROWS, {"e": event.id})}
    cap = _length(event, sheet)
    for pid in sorted(by_person, key=lambda p: (fold(names.get(p, "")), p)):
        guest, name = by_person[pid], names.get(pid, "")
        if pid > 0:
            outcome.matched.append(name)
            if pid in named:
                outcome.by_name.append(name)
        if guest.unknown and not guest.attended:
            outcome.unknown.append(name)
        step = plan(guest, stored.get(pid), min_minutes, cap)
        before = stored.get(pid)
        if step.fewer is not None and before is not None and before.minutes is not None:
            outcome.kept_minutes.append((name, step.fewer, before.minutes))
        if not step.changes:
            outcome.unchanged.append(name)
            continue
        new = {
            "contact_id": pid,
            "rsvp": None,
            "attended": False,
            "thanked_on": None,
            "recording_on": None,
        }
        state = states.setdefault(pid, {**new, "name": name})
        if step.register:
            outcome.registered.append(name)
            state["rsvp"] = "yes"
        if step.short is not None:
            outcome.short.append((name, step.short))
        if step.attend:
            outcome.attended.append((name, guest.minutes(cap)))
            state["attended"] = True
            if state["recording_on"] is not None and state["thanked_on"] is None:
                outcome.owed_thanks.append(name)
    everyone = sorted(states.values(), key=lambda r: (fold(r["name"]), r["contact_id"]))
    outcome.no_shows = _no_shows(everyone)
    return report, outcome
