"""The morning agenda as a short message for a phone or an inbox: counts per
section, the first items with their handles, and every strike-out wave (one
line for many people met at one event). Pure: it takes the agenda's items."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from plncrm.agenda.facts import Item
from plncrm.agenda.handles import handle
from plncrm.agenda.rank import SECTIONS

TOP = 8  # items named in the message; the rest are counted
URGENT = ("Overdue", "Don't strike out")  # sections that make a message urgent
# How the title counts each section: (one, many); "people" sections count people.
SHORT = {
    "Overdue": ("overdue", "overdue"),
    "Today": ("due today", "due today"),
    "Don't strike out": ("person met, not followed up", "people met, not followed up"),
    "Introductions": ("introduction step", "introduction steps"),
    "Events": ("event step", "event steps"),
    "Reach out": ("to reach out to", "to reach out to"),
}
BY_PEOPLE = {"Don't strike out"}


class Message(NamedTuple):
    title: str
    body: str
    items: int  # lines of the agenda it stands for
    urgent: bool  # something is overdue or a strike-out is waiting


def people(item: Item) -> int:
    """How many people an agenda line stands for (a wave counts all of them,
    beyond the few the agenda read)."""
    return int(str(item.ref.get("people", len(item.group) or 1)))


def _counted(section: str, n: int) -> str:
    one, many = SHORT.get(section, (section.lower(), section.lower()))
    return f"{n} {one if n == 1 else many}"


def compose(items: Sequence[Item], today: date, more: int = 0) -> Message:
    """The message for `items` (today's agenda, most urgent first); `more`
    counts what the agenda holds beyond them."""
    counts = Counter(i.section for i in items)
    heads = Counter({s: sum(people(i) for i in items if i.section == s) for s in BY_PEOPLE})
    sections = [s for s in SECTIONS if counts[s]]
    total = len(items) + more
    title = "pln: " + (
        ", ".join(_counted(s, heads[s] if s in BY_PEOPLE else counts[s]) for s in sections)
        if items
        else "nothing due"
    )
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
