"""What `pln team claim` says it moved, and the offer to claim a login name's
work (drawn without Rich: `pln due` prints it, every morning)."""

from __future__ import annotations

import shlex
from collections.abc import Mapping

from plncrm.util.text import counted


def claim_command(old: str) -> str:
    return shlex.join(["pln", "team", "claim", old])


def claim_offer(old: str, me: str) -> None:
    """One line: the store's follow-ups are under `old`, a login name, not `me`:
    "Are root's follow-ups yours? pln team claim root makes them dana's"."""
    from plncrm.render.terminal import Styled, Terminal

    line = (
        Styled()
        .add("Are ")
        .literal(old)
        .add("'s follow-ups yours? ")
        .literal(claim_command(old), "bold")
        .add(" makes them ")
        .literal(me)
        .add("'s")
    )
    Terminal().print(line)


def claimed(old: str, new: str, assigned: int, recorded: Mapping[str, int]) -> None:
    """ "Moved root's work to dana: 2 follow-ups assigned; recorded by root: 39
    contacts, 12 interactions. pln undo takes it back." """
    from plncrm.render import say

    parts = [f"{counted(assigned, 'follow-up')} assigned"] if assigned else []
    if recorded:
        made = ", ".join(counted(n, word) for word, n in recorded.items())
        parts.append(f"recorded by {old}: {made}")
    say(f"Moved {old}'s work to {new}: ", "; ".join(parts), ". pln undo takes it back.")
