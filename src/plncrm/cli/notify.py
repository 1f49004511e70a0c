"""`pln notify`: the morning agenda sent to a phone or an inbox, from cron or a
systemd timer."""

from typing import TYPE_CHECKING, Annotated

import typer

from plncrm.cli.root import JsonOpt, app, get_env

if TYPE_CHECKING:
    from plncrm.cli.environment import Environment


@app.command("notify")
def notify(
    ctx: typer.Context,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", "-n", help="Print what would be sent; send nothing.")
    ] = False,
    always: Annotated[
        bool, typer.Option("--always", help="Send even when nothing is due (and in quiet hours).")
    ] = False,
    only_urgent: Annotated[
        bool,
        typer.Option(
            "--only-urgent", help="Send only if something is overdue or a strike-out is waiting."
        ),
    ] = False,
    on: Annotated[str | None, typer.Option("--on", help="The agenda of another day.")] = None,
    install_timer: Annotated[
        str | None,
        typer.Option(
            "--install-timer",
            metavar="HH:MM",
            help="Run pln notify every day at this time (systemd user timer, else a crontab line).",
        ),
    ] = None,
    scan_mail: Annotated[
        bool,
        typer.Option(
            "--scan-mail",
            help="First log new mail (pln mail scan of mail.maildir or mail.imap).",
        ),
    ] = False,
    json: JsonOpt = False,
) -> None:
    """Send today's agenda summary to the destinations of notify.urls.

    Configure them once: pln config notify.urls "ntfys://ntfy.sh/TOPIC" (any
    Apprise URL: ntfy, email, Matrix, Slack, Discord, JSON webhooks…; several
    separated by spaces). Nothing due, nothing sent (unless --always)."""
    from plncrm.agenda import gather as agenda
    from plncrm.notifications import summary
    from plncrm.reads import settings
    from plncrm.render import reminders as draw
    from plncrm.util import clock
    from plncrm.util.dates import parse_date
    from plncrm.util.errors import DeliveryError, Invalid
    from plncrm.util.notify_urls import split_urls
    from plncrm.util.times import parse_span, within_span

    env = get_env(ctx)
    if install_timer is not None:
        _install(env, install_timer, dry_run, scan_mail)
        return
    if dry_run:
        env.dry_run()
    if scan_mail:
        _scan_first(env, dry_run, json)
    today = parse_date(on, env.today()) if on is not None else env.today()
    scope = agenda.Scope(env.user)
    with env.reading() as reader:
        values = settings.effective(reader)
        items = agenda.build(reader, today, within=0, scope=scope)
        backlog, _ = (
            agenda.backlog(reader, today, 0, scope) if len(items) >= agenda.CAP else (0, False)
        )
    urls = split_urls(values["notify.urls"])
    if not urls and not dry_run:
        raise Invalid(
            'nowhere to send: pln config notify.urls "ntfys://ntfy.sh/TOPIC" (any Apprise URL)'
        )
    message = summary.compose(items, today, more=max(0, backlog - len(items)))
    quiet = values["notify.quiet-hours"]
    skipped = None
    if quiet and not always and within_span(clock.local_now().time(), parse_span(quiet)):
        skipped = f"quiet hours ({quiet}): nothing sent"
    elif not items and not always:
        skipped = f"nothing due on {today.isoformat()}: nothing sent"
    elif (
        (only_urgent or values["notify.only-urgent"] == "yes") and not message.urgent and not always
    ):
        skipped = "nothing overdue and no strike-out waiting: nothing sent (only urgent)"
    if skipped or dry_run:
        draw.notify_preview(message, urls, skipped, dry_run, json)
        return
    from plncrm.notifications.send import deliver

    results = deliver(urls, message)
    draw.notify_results(message, results, json)
    failed = [r for r in results if not r.ok]
    if failed:
        raise DeliveryError(
            f"not delivered to {len(failed)} of {len(results)}: "
            + "; ".join(f"{r.service} ({r.target}): {r.problem}" for r in failed)
        )


def _scan_first(env: "Environment", dry_run: bool, as_json: bool) -> None:
    """New mail logged before the summary is composed, so that an email that
    went out yesterday takes its line off this morning's agenda. A scan that
    fails is named, and the summary still goes out."""
    from plncrm.cli.inbox import run_scan
    from plncrm.render import warn
    from plncrm.util.errors import PlnError

    try:
        run_scan(env, None, dry_run=dry_run, as_json=as_json, quiet=as_json)
    except PlnError as exc:
        warn("mail not scanned: ", exc.message)


def _install(env: "Environment", at: str, dry_run: bool, scan_mail: bool) -> None:
    """Write and start the systemd user timer, or print the crontab line."""
    import os

    from plncrm.notifications import timer
    from plncrm.render import say
    from plncrm.store.location import resolve_url, sqlite_path
    from plncrm.util.errors import FileError, Invalid
    from plncrm.util.files import make_private_folder
    from plncrm.util.redact import redact, without_password

    url = resolve_url(env.db)
    path = sqlite_path(url)
    db = str(path) if path is not None else without_password(url)
    if redact(db) != db:  # a file named like a connection string: "host=h password=pw"
        raise Invalid(
            f"cannot write a timer for {redact(db)}: its name holds a password, "
            "which the timer would hold in clear; give the store another name"
        )
    keep = {k: os.environ[k] for k in ("PLN_USER",) if os.environ.get(k)}
    units = timer.units(at, timer.command(db, scan_mail), keep)
    folder = timer.systemd_folder()
    if path is None and db != url:
        say(
            "The database password is not written in the timer: PostgreSQL reads it when the "
            "timer runs from ~/.pgpass (chmod 600), a line HOST:PORT:DATABASE:USER:PASSWORD."
        )
        if "sslpassword=" in url.lower():
            say(
                "Nor is sslpassword: a service file, ~/.pg_service.conf (chmod 600), can hold "
                "it for the timer, named in the URL as ?service=NAME."
            )
    if folder is None or dry_run:
        if folder is None:
            say("No systemd user session here; add this line with crontab -e:")
        else:
            files = f"{folder}/{timer.UNIT}.service and .timer"
            say(f"Would write {files}, then start the timer. As cron:")
        from rich.text import Text

        from plncrm.render import console

        console().print(Text(units.crontab), soft_wrap=True)  # one line, to paste whole
        return
    try:
        make_private_folder(folder)
        for suffix, text in ((".service", units.service), (".timer", units.timer)):
            path = folder / f"{timer.UNIT}{suffix}"
            path.write_text(text, encoding="utf-8")
            path.chmod(0o600)
    except OSError as exc:
        raise FileError(f"cannot write the timer in {folder}: {exc.strerror}") from None
    started = all(
        _run(["systemctl", "--user", *args])
        for args in (["daemon-reload"], ["enable", "--now", f"{timer.UNIT}.timer"])
    )
    say(f"Wrote {folder}/{timer.UNIT}.service and {timer.UNIT}.timer (every day at {at}).")
    if started:
        say(f"Started it; see it with: systemctl --user list-timers {timer.UNIT}.timer")
    else:
        say(f"Start it with: systemctl --user enable --now {timer.UNIT}.timer")


def _run(argv: list[str]) -> bool:
    import subprocess

    try:
        return subprocess.run(argv, capture_output=True, check=False, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False
