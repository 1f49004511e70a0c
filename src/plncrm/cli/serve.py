"""`pln serve`: the pocket agenda, served to the owner's phone or laptop."""

from typing import Annotated

import typer

from plncrm.cli.root import app, get_env

PortOpt = Annotated[
    int | None, typer.Option("--port", metavar="N", help="Listen on port N (else a free one).")
]
LanOpt = Annotated[
    bool,
    typer.Option(
        "--lan", help="Listen on the local network too (a phone on the same Wi-Fi), not only here."
    ),
]

KioskOpt = Annotated[
    str | None,
    typer.Option(
        "--kiosk",
        metavar="EVENT",
        help="Serve only the visitor form for your booth at EVENT (no sign-in; no page shows "
        "anyone): each visitor is recorded as met there.",
    ),
]
OfferOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--offer",
        metavar="RESOURCE",
        help="With --kiosk: a resource visitors may take (repeatable).",
    ),
]
InviteOpt = Annotated[
    str | None,
    typer.Option(
        "--invite", metavar="HOSTED_EVENT", help="With --kiosk: offer 'invite me to HOSTED_EVENT'."
    ),
]
InterestOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--interest",
        metavar="TAG",
        help="With --kiosk: an interest visitors may tick (repeatable).",
    ),
]


@app.command("serve")
def serve(
    ctx: typer.Context,
    port: PortOpt = None,
    lan: LanOpt = False,
    kiosk: KioskOpt = None,
    offer: OfferOpt = None,
    invite: InviteOpt = None,
    interest: InterestOpt = None,
) -> None:
    """Serve the pocket agenda to a phone or a laptop: today's agenda (done,
    snooze, dismiss), quick add, quick log, search and cards. Sign in by
    opening the printed link (or scanning its QR code) once; Ctrl-C stops.
    With --kiosk EVENT, the visitor form for the booth instead."""
    from plncrm.cli import kiosk as booth
    from plncrm.render import say
    from plncrm.util import qr
    from plncrm.web import security, server
    from plncrm.web.app import owner_app

    env = get_env(ctx)
    if kiosk is not None:
        booth.serve_kiosk(env, kiosk, offer or [], invite, interest or [], port=port, lan=lan)
        return
    booth.refuse_without_kiosk(offer or [], invite, interest or [])
    with env.reading():  # a store that cannot be opened is said here, not on the phone
        pass
    sock = server.bind(server.EVERYWHERE if lan else server.LOOPBACK, port)
    gate = security.Gate(cookie=security.cookie_name(server.port_of(sock)))
    url = f"http://{server.printed_host(sock)}:{server.port_of(sock)}/?token={gate.token}"
    say(qr.terminal(url))
    if lan:
        say("Listening on the local network too: anyone on it reaches the sign-in page.")
    say("The pocket agenda: open this link once to sign in (it works once; Ctrl-C stops):")
    say(url)
    server.run(owner_app(env, gate), sock)
    say("Stopped: the link and its session are gone.")
