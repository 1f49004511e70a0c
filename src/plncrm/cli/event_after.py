"""`pln event thank EVENT --no-shows --recording URL`: after a hosted event,
the recording to those who said yes and did not come, recorded (an email on
each timeline, their guest row marked) so that nobody gets it twice and the
agenda's "did not come" line goes."""

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from plncrm.util.errors import Invalid, Refused

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event, EventGuest


def recording_link(link: str) -> str:
    """The recording's link: http or https, nothing a click could run."""
    from plncrm.core.resources import check_link

    try:
        return check_link(link)
    except Invalid:
        shown = link.strip()[:80]
        raise Invalid(f"--recording is an http:// or https:// address, not {shown!r}") from None


def thank_no_shows(
    env: "Environment",
    event: str,
    people: list[str] | None,
    recording: str | None,
    *,
    draft: bool,
    on: str | None,
    send: bool,
    yes: bool,
    eml: Path | None,
) -> None:
    """Record (and with --draft print) the recording sent to each no-show not
    sent it yet, or those named among them; --send/--eml as `pln event thank`."""
    from plncrm.cli.events import people_of
    from plncrm.cli.mailing import exclusive, warn_unreached
    from plncrm.core import drafts, events, invitations, templates, views
    from plncrm.reads import settings
    from plncrm.render import say
    from plncrm.render.draft_notes import no_recording, warn_unsigned
    from plncrm.render.names import everyone
    from plncrm.util import shell
    from plncrm.util.dates import parse_date

    if recording is None:
        raise Invalid("--no-shows sends the recording: give its link with --recording URL")
    link = recording_link(recording)

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        if not any(g.attended for g, _ in invitations.guests(source, record)):
            raise Refused(
                f"nobody is recorded as having come to {record.name}: record who came first "
                "(pln event attended), or every yes would be told they missed it"
            )
        waiting = invitations.no_shows(source, record)
        if not people:
            return waiting
        guests = invitations.guests(source, record)
        said_yes = {c.id: g for g, c in guests if g.rsvp == "yes"}
        chosen = people_of(source, people, [c for g, c in guests if g.rsvp == "yes"])
        for person in chosen:
            row = said_yes.get(person.id)
            if row is None or row.attended:
                why = "came" if row is not None else "did not say yes"
                raise Invalid(
                    f"{person.name} {why}: --no-shows is for those who said yes to "
                    f"{record.name} and did not come"
                )
        return chosen

    if exclusive(send, eml, {"--draft": draft, "--on": on is not None}):
        from plncrm.cli import event_mail

        step = event_mail.no_shows(link)
        event_mail.send(env, step, event, choose, people or [], yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen, unreached = addressed(db, choose(db, record), draft)
        sent = invitations.send_recording(db, record, chosen, day, link, by_email=draft)
        event_view, people_views = views.event_view(record), views.contact_views(db, sent)
        me, mine = settings.load(db).my_name, templates.stored(db).get("no-show")
        done = {c.id for c in sent}
        before = [c.name for g, c in invitations.guests(db, record) if _sent_it(g, done)]
    again = shell.command("pln", "event", "thank", record.name, "--no-shows", "--recording", link)
    if not sent:
        say(no_recording(record.name, before, unreached))
    elif draft:
        drafted = f"Drafted the recording for {len(sent)} who did not come to {record.name}"
        everyone(f"{drafted} (recorded as sent):", [c.name for c in sent])
        warn_unsigned(me)
        for person in people_views:
            typer.echo(drafts.no_show(person, event_view, me, template=mine, recording=link).text())
    else:
        recorded = f"Recorded the recording sent to {len(sent)} who did not come to {record.name}:"
        everyone(recorded, [c.name for c in sent])
    warn_unreached(unreached, f"send it another way, then record it: {again} REF")


def _sent_it(guest: "EventGuest", now: set[int | None]) -> bool:
    """Whether a guest was sent the recording before this run."""
    waited = guest.rsvp == "yes" and not guest.attended
    return waited and guest.recording_on is not None and guest.contact_id not in now


def addressed(
    source: "Reader", people: "list[Contact]", draft: bool
) -> "tuple[list[Contact], list[str]]":
    """Those a drafted email can reach, and the names of those it cannot (no
    address: named, skipped, left to do); without --draft, everyone (the
    message went some other way)."""
    from plncrm.core import views

    if not draft:
        return people, []
    has = {v["id"] for v in views.contact_views(source, people) if v["email"]}
    return [c for c in people if c.id in has], [c.name for c in people if c.id not in has]
