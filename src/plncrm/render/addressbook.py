"""What `pln sync contacts` says: counts, then each contact it touched."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plncrm.render import print_json, say
from plncrm.util.shell import command

if TYPE_CHECKING:
    from plncrm.addressbook.sync import Outcome

WORDS = {
    "new": "written new to the folder",
    "write": "written to the folder",
    "read": "updated from the folder",
    "import": "new from the folder",
    "remove": "removed from the folder",
    "archive": "archived",
    "conflict": "in conflict",
    "wait": "deleted in the folder (to confirm)",
    "skip": "left as they are",
    "split": "split into one card a file",
}
SHOWN = ("read", "import", "remove", "archive", "conflict", "wait", "skip", "split")


def synced(folder: str, outcome: Outcome, dry_run: bool, json: bool) -> None:
    _warn(outcome)
    if json:
        print_json(
            {
                "folder": folder,
                "dry_run": dry_run,
                "warnings": outcome.warnings,
                "steps": [s._asdict() for s in outcome.steps],
            }
        )
        return
    counts = [f"{outcome.count(a)} {w}" for a, w in WORDS.items() if outcome.count(a)]
    head = "Would sync" if dry_run else "Synced"
    say(f"{head} contacts with ", folder, ": ", ", ".join(counts) or "nothing to do", ".")
    for step in outcome.steps:
        if step.action in SHOWN:
            why = f" ({step.why})" if step.why else ""
            say(f"  {step.action}: ", step.name, why)
    if outcome.count("conflict"):
        say(
            "Settle each with: ",
            command("pln", "sync", "contacts", folder),
            " --resolve CONTACT [FIELD] theirs|mine (no FIELD: every field in conflict)",
        )
    if outcome.count("wait"):
        say(
            "To archive them: ",
            command("pln", "sync", "contacts", folder, "--yes"),
            " (their history is kept)",
        )


def _warn(outcome: Outcome) -> None:
    """Each card left as it is, and trouble with the folder, on stderr: the
    sync itself went through (exit 0)."""
    from rich.text import Text

    from plncrm.render import console, lit

    lines = [
        *outcome.warnings,
        *(f"{s.name}: {s.why}" for s in outcome.steps if s.action == "skip"),
    ]
    for line in lines:
        console(stderr=True).print(Text("pln: warning: ").append(lit(line)), soft_wrap=True)
