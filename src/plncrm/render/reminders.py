"""What `pln notify` and `pln calendar` say."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from plncrm.render import print_json, say

if TYPE_CHECKING:
    from plncrm.calendars.vdir import Outcome
    from plncrm.notifications.send import Delivery
    from plncrm.notifications.summary import Message


def _message(message: Message) -> dict[str, object]:
    return {
        "title": message.title,
        "body": message.body,
        "items": message.items,
        "urgent": message.urgent,
    }


def notify_preview(
    message: Message, targets: Sequence[str], skipped: str | None, dry_run: bool, json: bool
) -> None:
    """Why nothing was sent, or (dry) what would be, and where to."""
    from plncrm.util.redact import mask_url

    shown = [mask_url(t) for t in targets]
    if json:
        print_json(
            {**_message(message), "sent": [], "skipped": skipped, "to": shown, "dry_run": dry_run}
        )
        return
    if skipped:
        say(skipped[0].upper() + skipped[1:] + ".")
        if not dry_run:
            return
    say("Would send to: ", ", ".join(shown) or "nowhere yet (pln config notify.urls URL)")
    say("")
    say(message.title)
    say(message.body)


def notify_results(message: Message, results: Sequence[Delivery], json: bool) -> None:
    if json:
        print_json({**_message(message), "skipped": None, "sent": [r._asdict() for r in results]})
        return
    for r in results:
        if r.ok:
            say(f"Sent “{message.title}” to {r.service} ({r.target}).")


def calendar_synced(folder: str, outcome: Outcome, dry_run: bool, json: bool) -> None:
    if json:
        print_json(
            {
                "folder": folder,
                "dry_run": dry_run,
                "added": outcome.added,
                "updated": outcome.updated,
                "removed": outcome.removed,
                "unchanged": outcome.unchanged,
            }
        )
        return
    counts = (
        f"{len(outcome.added)} added, {len(outcome.updated)} updated, "
        f"{len(outcome.removed)} removed, {outcome.unchanged} unchanged"
    )
    say(f"{'Would sync' if dry_run else 'Synced'} the calendar in ", folder, f": {counts}.")
    if dry_run:
        for label, uids in (
            ("add", outcome.added),
            ("update", outcome.updated),
            ("remove", outcome.removed),
        ):
            if uids:
                more = f" and {len(uids) - 10} more" if len(uids) > 10 else ""
                say(f"  would {label}: ", ", ".join(uids[:10]), more)
