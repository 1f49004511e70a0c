"""Drawing what `pln mail scan` learnt from the mail and `pln mail strangers`."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from plncrm.render import print_json, say
from plncrm.render.names import everyone
from plncrm.util.shell import command
from plncrm.util.text import counted

SHOWN = 100  # emails a dry run lists one by one (--json: all of them)


def scanned(view: dict[str, Any], as_json: bool) -> None:
    """A scan's summary: how many messages it read, whom it logged emails
    with, and why the rest were passed over; a dry run lists each email."""
    if as_json:
        print_json(view)
        return
    logged, dry = view["logged"], view["dry_run"]
    if not view["read"] and not logged:
        say("No new messages since the last scan.")
        return
    if dry:
        for email in logged[:SHOWN]:
            say(
                email["on"],
                "  ",
                ", ".join(email["with"]),
                "  ",
                email["note"] or email["direction"],
            )
        if len(logged) > SHOWN:
            say(f"… and {len(logged) - SHOWN} more (--json lists them all)")
    people = list(dict.fromkeys(name for email in logged for name in email["with"]))
    verb = "would log" if dry else "logged"
    said = f"Read {counted(view['read'], 'message')}: {verb} {counted(len(logged), 'email')}"
    passed = [
        (view["known"], "already logged"),
        (view["lists"], "from mailing lists"),
        (view["bulk"], "bulk, automated, drafts or spam"),
        (view["strangers"], "with nobody in the network"),
    ]
    rest = "; ".join(f"{n:,} {why}" for n, why in passed if n)
    if people:
        everyone(f"{said} with", people, f"({rest})" if rest else "")
    else:
        say(said, f" ({rest})" if rest else "")
    for title in view["replies"]:
        say("Would add: " if dry else "On pln due: ", title)
    if dry and logged:
        say("Nothing was changed (--dry-run).")


def strangers(rows: Sequence[dict[str, Any]], least: int, as_json: bool) -> None:
    """The people written to who are not in the network, and how to add them."""
    if as_json:
        print_json(list(rows))
        return
    if not rows:
        say(f"Nobody you wrote to {least} times or more is missing from the network.")
        return
    for row in rows:
        who = f"{row['name']} <{row['address']}>" if row["name"] else row["address"]
        say(
            f"{row['wrote_to']:>4} sent  {row['heard_from']:>4} received  last {row['last']}  ",
            who,
        )
    say("Add them: ", command("pln", "mail", "strangers", "--add", *(r["address"] for r in rows)))


def added(names: Sequence[str], skipped: Sequence[str]) -> None:
    if names:
        everyone(f"Added {len(names)}:", names, "(their latest email logged)")
    if skipped:
        everyone("In the network already:", skipped)
