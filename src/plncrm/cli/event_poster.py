"""`pln event poster`: a printable sign for the booth, with the resources on
offer and the hosted event as QR codes."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.events import EventArg, event_app
from plncrm.cli.root import get_env
from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.render.poster import Invite
    from plncrm.store.schema import Event


@event_app.command("poster")
def poster(
    ctx: typer.Context,
    event: EventArg,
    output: Annotated[
        Path,
        typer.Option("--output", "-o", help="The poster's file: FILE.svg.", dir_okay=False),
    ],
    offer: Annotated[
        list[str] | None,
        typer.Option("--offer", metavar="RESOURCE", help="A resource to offer (repeatable)."),
    ] = None,
    invite: Annotated[
        str | None,
        typer.Option("--invite", metavar="EVENT", help="The event you host, to invite to."),
    ] = None,
) -> None:
    """A printable A4 sign for your booth at EVENT: the free resources on offer, each
    link as a QR code to scan, and the event you host with its day, time and link."""
    from plncrm.core import events, my_card, resources
    from plncrm.reads import settings
    from plncrm.render import say
    from plncrm.render.poster import MAX_OFFERS, Offer, poster
    from plncrm.util.files import write_file

    if output.suffix.lower() != ".svg":
        raise Invalid(
            f"pln event poster writes .svg files (a browser prints them to PDF), "
            f"not {output.name!r}"
        )
    names = list(dict.fromkeys(offer or []))
    if not names and invite is None:
        raise Invalid("name what the poster offers: --offer RESOURCE, --invite EVENT, or both")
    if len(names) > MAX_OFFERS:
        raise Invalid(f"at most {MAX_OFFERS} resources fit on a poster, not {len(names)}")
    with get_env(ctx).reading() as reader:
        booth = events.resolve(reader, event)
        offers = [Offer(r.name, r.link) for r in (resources.find(reader, n) for n in names)]
        hosted = _invite(events.resolve(reader, invite)) if invite is not None else None
        me = my_card.me(settings.effective(reader))
    signed = ", ".join(part for part in (me.name, me.role, me.org) if part)
    write_file(output, poster(booth.name, offers, hosted, signed).encode())
    say("Wrote the poster for ", booth.name, f" to {output}")


def _invite(record: "Event") -> "Invite":
    """The hosted event as the poster shows it: its link is its place when
    that is a web address (a virtual event)."""
    from plncrm.render.poster import Invite
    from plncrm.util.times import when

    where = record.where or ""
    link = where if where.lower().startswith(("https://", "http://")) else ""
    shown = when(
        record.starts_on.isoformat() if record.starts_on else None,
        record.ends_on.isoformat() if record.ends_on else None,
        record.starts_at,
        record.ends_at,
        record.tz,
    )
    return Invite(record.name, shown, where, link)
