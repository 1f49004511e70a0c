"""`pln serve --kiosk EVENT`: the visitor form at the booth, served instead of
the pocket agenda (no sign-in; no page shows anyone)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plncrm.util.errors import Invalid

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment
    from plncrm.web.kiosk import Tally


def refuse_without_kiosk(offers: list[str], invite: str | None, interests: list[str]) -> None:
    """--offer, --invite and --interest say what the kiosk offers: alone, a mistake."""
    if offers or invite or interests:
        raise Invalid("--offer, --invite and --interest go with --kiosk EVENT")


def serve_kiosk(
    env: Environment,
    event: str,
    offers: list[str],
    invite: str | None,
    interests: list[str],
    *,
    port: int | None,
    lan: bool,
) -> None:
    """Check what the booth names (an unknown event or resource is one line,
    before anything is served), then serve the form until Ctrl-C."""
    from plncrm.importers.visitors import booth
    from plncrm.render import say, warn
    from plncrm.util import qr
    from plncrm.web import server
    from plncrm.web.kiosk import Tally, kiosk_app

    today = env.today()
    with env.reading() as reader:
        at = booth(reader, event, offers, invite, interests, today)
    if not at.under_way(today):  # the wrong event named, or last season's
        warn(
            at.event_name,
            f" {at.dates()}{', not today' if at.event_on else ''}: each visitor is recorded as"
            " met there on ",
            today.isoformat(),
        )
    sock = server.bind(server.EVERYWHERE if lan else server.LOOPBACK, port)
    host = server.lan_address() if lan else server.LOOPBACK
    url = f"http://{host}:{server.port_of(sock)}/"
    say(qr.terminal(url))
    say(f"The visitor kiosk for {at.event_name}: open this on the booth's tablet (Ctrl-C stops):")
    say(url)
    if lan:
        say("Listening on the local network too: anyone on it reaches the visitor form.")
    tally = Tally()
    server.run(kiosk_app(env, at, tally), sock)
    say("Stopped. ", taken(tally, at.event_name))


def taken(tally: Tally, event: str) -> str:
    """What the kiosk took, in counts: whom, `pln event show` says."""
    from plncrm.util import shell

    if not (tally.kept or tally.unconsented or tally.bots or tally.turned_away):
        return "No visitor sent the form."
    said = [f"{tally.kept} visitor(s) kept, met at {event}"]
    if tally.unconsented:
        said.append(f"{tally.unconsented} without consent (nothing kept)")
    if tally.bots:
        said.append(f"{tally.bots} by a bot (nothing kept)")
    if tally.turned_away:
        said.append(f"{tally.turned_away} turned away by the per-minute limit")
    shown = shell.command("pln", "event", "show", event)
    return "; ".join(said) + f". Who they are: {shown}; same person, second email: pln duplicates"
