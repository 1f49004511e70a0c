"""An event's guests, step by step: `pln event invite`, `rsvp`, `attended`
and `thank` (with the recording for those who did not come)."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.events import EventArg, OnOpt, PeopleArg, event_app, my_name, people_of
from plncrm.cli.mailing import EmlOpt, SendOpt, YesOpt, exclusive, hold_sending, warn_unreached
from plncrm.cli.root import JsonOpt, get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.store.plain import Reader
    from plncrm.store.schema import Contact, Event


@event_app.command("invite")
def invite(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    met_at: Annotated[
        str | None, typer.Option("--met-at", help="Everyone met at this other event.")
    ] = None,
    tag: Annotated[
        list[str] | None, typer.Option("--tag", "-t", help="Everyone with this tag.")
    ] = None,
    community: Annotated[
        str | None, typer.Option("--community", help="Every member of this community.")
    ] = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Record the invitations and print one per person.")
    ] = False,
    bcc: Annotated[
        bool, typer.Option("--bcc", help="Print one invitation with everyone in BCC.")
    ] = False,
    on: OnOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    json: JsonOpt = False,
) -> None:
    """Invite people to an event you host: by name, by where you met them, by tag or
    community (--send: one invitation each through mail.smtp, recorded once sent)."""
    from plncrm.core import communities, contacts, drafts, events, invitations, templates, views
    from plncrm.reads.lists import ContactFilter, list_contacts
    from plncrm.render import print_json
    from plncrm.render.draft_notes import warn_unsigned
    from plncrm.render.names import everyone
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)
    if not (people or met_at or tag or community):
        raise Invalid("say whom to invite: REF..., --met-at EVENT, --tag TAG or --community NAME")

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        chosen = people_of(source, people)
        wanted = []
        if met_at:
            wanted.append(ContactFilter(met_event_id=events.resolve(source, met_at).id))
        if tag:
            wanted.append(ContactFilter(tags=tag))
        if community:
            wanted.append(ContactFilter(community_id=communities.resolve(source, community).id))
        for where in wanted:
            found = list_contacts(source, where)
            stored = contacts.get_many(source, (c.id for c in found))
            chosen += [stored[c.id or 0] for c in found]
        return chosen

    given = {"--draft": draft, "--bcc": bcc, "--on": on is not None, "--json": json}
    if exclusive(send, eml, given):
        from plncrm.cli import event_mail

        again = [*(people or []), *_options(met_at=met_at, tag=tag, community=community)]
        step = event_mail.step("invite")
        event_mail.send(env, step, event, choose, again, yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen = choose(db, record)
        invited = invitations.invite(db, record, chosen, day)
        event_view = views.event_view(record)
        people_views = views.contact_views(db, invited)
        me, mine = my_name(db), templates.stored(db).get("invitation")
    if json:
        print_json({"event": event_view, "invited": [views.ref(c) for c in invited]})
        return
    skipped = len({c.id for c in chosen}) - len(invited)
    already = f" ({skipped} already invited)" if skipped else ""
    colon = ":" if invited else ""
    everyone(f"Invited {len(invited)} to {record.name}{already}{colon}", [c.name for c in invited])
    warn_unsigned(me, (bcc or draft) and people_views)
    if bcc and people_views:
        typer.echo(drafts.invitation_bcc(people_views, event_view, me, template=mine).text())
    elif draft:
        for person in people_views:
            typer.echo(drafts.invitation(person, event_view, me, template=mine).text())
    warn_unreached(
        [p["name"] for p in people_views if not p["email"]],
        "invite them another way; their follow-ups, if any, stay open until you reach them",
    )


@event_app.command("rsvp")
def rsvp(
    ctx: typer.Context,
    event: EventArg,
    person: Annotated[str, typer.Argument(metavar="REF", help="Who answered.")],
    answer: Annotated[str, typer.Argument(metavar="yes|no|maybe", help="Their answer.")],
    on: OnOpt = None,
) -> None:
    """Record someone's answer to an invitation."""
    from plncrm.core import events, invitations, refs
    from plncrm.render import say
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        guests = [c for _, c in invitations.guests(db, record)]
        contact = refs.resolve_among(db, person, guests)
        invitations.rsvp(db, record, contact, answer, day)
    say(contact.name, f" answered {answer.lower()} to ", record.name)


@event_app.command("attended")
def attended(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    on: OnOpt = None,
    remove: Annotated[
        bool, typer.Option("--remove", help="They did not come after all: take it back.")
    ] = False,
) -> None:
    """Record who came (logged on their timelines on the event's day)."""
    from plncrm.core import events, invitations
    from plncrm.render.names import everyone
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    if remove:
        _not_attended(env, event, people, on)
        return
    with env.writing() as db:
        record = events.resolve(db, event)
        default = (
            record.starts_on
            if record.starts_on and record.starts_on <= env.today()
            else env.today()
        )
        day = parse_date(on, env.today(), prefer="past") if on is not None else default
        guests = [c for _, c in invitations.guests(db, record)]
        chosen = people_of(db, people, guests)
        marked = invitations.attended(db, record, chosen, day, env.today())
        # Sent the recording before they were found to have come: a thank-you is owed.
        owed_ids = {
            g.contact_id
            for g, _ in invitations.guests(db, record)
            if g.recording_on is not None and g.thanked_on is None
        }
    _named("Marked as having attended ", record.name, [c.name for c in marked])
    owed = [c.name for c in marked if c.id in owed_ids]
    if owed:  # as `pln event import` says it (render/transfer.py)
        everyone("Sent the recording, then came after all (owed a thank-you):", owed)
    done = {c.id for c in marked}
    already = [c.name for c in {c.id: c for c in chosen}.values() if c.id not in done]
    _named("Already recorded as having attended ", record.name, already)


def _named(said: str, event: str, names: list[str]) -> None:
    """One line naming whom a change was about, with the event: never a bare count."""
    from plncrm.render.names import everyone

    if names:
        everyone(f"{said}{event}:", names)


def _not_attended(env: "Environment", event: str, people: list[str] | None, on: str | None) -> None:
    """`pln event attended EVENT REF --remove`: attendance recorded by mistake
    taken back, from the guest list and the timeline alike."""
    from plncrm.core import attendance, events, invitations
    from plncrm.render import say
    from plncrm.render.names import listed

    if on is not None:
        raise Invalid("--remove takes back attendance whatever its day: not with --on")
    if not people:
        raise Invalid("name who did not come: pln event attended EVENT REF… --remove")
    with env.writing() as db:
        record = events.resolve(db, event)
        named = people_of(db, people, [c for _, c in invitations.guests(db, record)])
        taken = attendance.remove(db, record, named)
    _named("No longer recorded as having attended ", record.name, [c.name for c in taken])
    done = {c.id for c in taken}
    others = [c.name for c in named if c.id not in done]
    if others:
        say(listed(others), " not recorded as having attended ", record.name, ": unchanged")


_NOBODY_CAME = "nobody is recorded as having come (pln event attended EVENT REF…, pln event import)"


@event_app.command("thank")
def thank(
    ctx: typer.Context,
    event: EventArg,
    people: PeopleArg = None,
    draft: Annotated[
        bool, typer.Option("--draft", help="Record the thank-yous and print one per person.")
    ] = False,
    on: OnOpt = None,
    send: SendOpt = False,
    yes: YesOpt = False,
    eml: EmlOpt = None,
    no_shows: Annotated[
        bool, typer.Option("--no-shows", help="Those who said yes and did not come instead.")
    ] = False,
    recording: Annotated[
        str | None,
        typer.Option("--recording", metavar="URL", help="The recording's link, for --no-shows."),
    ] = None,
) -> None:
    """Record thank-yous to attendees (all not yet thanked, unless you name some);
    --no-shows --recording URL: the recording to those who said yes and did not
    come; --send: email each theirs through mail.smtp, recorded once sent."""
    from plncrm.cli.event_after import addressed
    from plncrm.core import drafts, events, invitations, templates, views
    from plncrm.render import say
    from plncrm.render.draft_notes import no_thanks, warn_unsigned
    from plncrm.render.names import everyone
    from plncrm.util import shell
    from plncrm.util.dates import parse_date

    env = get_env(ctx)
    hold_sending(ctx, send)
    if no_shows or recording is not None:
        if not no_shows:
            raise Invalid("--recording goes with --no-shows (the recording, to who did not come)")
        from plncrm.cli.event_after import thank_no_shows

        thank_no_shows(
            env, event, people, recording, draft=draft, on=on, send=send, yes=yes, eml=eml
        )
        return

    def choose(source: "Reader", record: "Event") -> "list[Contact]":
        guests = invitations.guests(source, record)
        return people_of(source, people, [c for _, c in guests]) or [
            c for g, c in guests if g.attended and g.thanked_on is None
        ]

    if exclusive(send, eml, {"--draft": draft, "--on": on is not None}):
        from plncrm.cli import event_mail

        step = event_mail.step("thank")
        event_mail.send(env, step, event, choose, people or [], yes=yes, eml=eml)
        return
    day = parse_date(on, env.today(), prefer="past") if on is not None else env.today()
    with env.writing() as db:
        record = events.resolve(db, event)
        chosen, unreached = addressed(db, choose(db, record), draft)
        thanked = invitations.thank(db, record, chosen, day, by_email=draft)
        event_view, people_views, me = (
            views.event_view(record),
            views.contact_views(db, thanked),
            my_name(db),
        )
        mine = templates.stored(db).get("thanks")
        done = {c.id for c in thanked}
        guests = invitations.guests(db, record)
        before = [c.name for g, c in guests if g.thanked_on and g.attended and c.id not in done]
    who = [c.name for c in thanked]
    if not thanked:
        came = any(g.attended for g, _ in guests)
        otherwise = "everyone who came was thanked" if came else _NOBODY_CAME
        say(no_thanks(record.name, before, unreached, otherwise))
    elif draft:
        drafted = f"Drafted thank-yous to {len(thanked)} who came to {record.name}"
        everyone(f"{drafted} (recorded as thanked):", who)
        warn_unsigned(me)
        for person in people_views:
            typer.echo(drafts.thanks(person, event_view, me, template=mine).text())
    else:
        everyone(f"Thanked {len(thanked)} for coming to {record.name}:", who)
    again = shell.command("pln", "event", "thank", record.name)
    warn_unreached(unreached, f"thank them another way, then record it: {again} REF")


def _options(**given: str | list[str] | None) -> list[str]:
    """The options given, as typed again on a command line (`--tag` repeated)."""
    typed: list[str] = []
    for name, value in given.items():
        for one in [value] if isinstance(value, str) else value or []:
            typed += [f"--{name.replace('_', '-')}", one]
    return typed
