"""The morning agenda as a short message for a phone or an inbox: counts per
section, the first items with their handles, and every strike-out wave (one
line for many people met at one event). Pure: it takes the agenda's items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from plncrm.agenda.facts import Item
from plncrm.agenda.rank import SECTIONS, handle

TOP = 8  # items named in the message; the rest are counted
URGENT = ("Overdue", "Don't strike out")  # sections that make a message urgent
SHORT = {"Overdue": "overdue", "Today": "due today", "Don't strike out": "to not strike out",
         "Introductions": "introductions", "Events": "events", "Reach out": "to reach out"}  # fmt: skip


class Message(NamedTuple):
    title: str
    body: str
    items: int  # lines of the agenda it stands for
    urgent: bool  # something is overdue or a strike-out is waiting


def people(item: Item) -> int:
    """How many people an agenda line stands for."""
    return len(item.group) if item.group else 1


def compose(items: Sequence[Item], today: date, more: int = 0) -> Message:
    """The message for `items` (today's agenda, most urgent first); `more`
    counts what the agenda holds beyond them."""
    counts = Counter(i.section for i in items)
    sections = [s for s in SECTIONS if counts[s]]
    total = len(items) + more
    title = "pln: " + (", ".join(f"{counts[s]} {SHORT.get(s, s.lower())}" for s in sections)
                       if items else "nothing due")  # fmt: skip
    lines = [f"Agenda for {today.strftime('%a %d %b %Y')}: {total} item{'s' if total != 1 else ''}"]
    waves = [i for i in items if i.group]
    named = [i for i in items if not i.group][: max(TOP - len(waves), 3)]
    shown = set(map(id, [*waves, *named]))
    section = None
    for item in items:
        if id(item) not in shown:
            continue
        if item.section != section:
            section = item.section
            lines += ["", f"{section} ({counts[section]})"]
        who = f"{item.person.name} · " if item.person and item.person.name not in item.title else ""
        lines.append(f"{handle(item)}  {who}{item.title} — {item.reason}")
    rest = total - len(shown)
    if rest > 0:
        lines += ["", f"… and {rest} more: pln due"]
    urgent = any(i.section in URGENT for i in items)
    return Message(title, "\n".join(lines), total, urgent)
