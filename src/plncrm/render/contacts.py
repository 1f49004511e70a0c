"""Drawing contacts: the list table and the full card."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from types import MappingProxyType
from typing import TYPE_CHECKING, NamedTuple

from plncrm.render import lit, short_date, show, when
from plncrm.util.social import handle_of

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ConsentView, ContactView, FollowUpView, Ref, TimelineView


def _met(view: ContactView) -> str:
    """ "ISTE on 2026-06-30": where and when they were met, on one line."""
    from plncrm.util.text import one_line

    met_at, met_on = view["met_at"], view["met_on"]
    return " on ".join(x for x in (one_line(met_at) if met_at else None, met_on) if x)


# `pln list`'s columns: the widest each may grow; those cut with "…" when
# short of room (emails and dates never are), and those left out, in order.
LIST_MAX_WIDTH = {"name": 28, "org": 30, "role": 24, "tags": 24, "met": 22}
LIST_FLEXIBLE = {"name": 8, "org": 8, "role": 8, "tags": 8, "met": 8}
LIST_OPTIONAL = ("met", "tags", "role", "contacted", "email")
# The people of one organisation (`--org`): their roles rather than its name again.
AT_ORG_OPTIONAL = ("met", "tags", "org", "contacted", "email", "role")


class Layout(NamedTuple):
    """How a list of contacts is drawn, beyond its rows."""

    keep: tuple[str, ...] = ()  # columns never left out: the one the list is sorted on
    at_org: bool = False  # everyone is at one organisation (`--org`)
    orgs: Mapping[int, str] = MappingProxyType({})  # contact id → their organisation's record


NONE_YET = "No contacts yet: pln add-contact NAME adds one, pln import brings many."


def contacts_table(
    views: Sequence[ContactView],
    today: date,
    *,
    header: bool = True,
    count: bool = True,
    empty: str = "No contacts match.",
    layout: Layout = Layout(),
) -> None:
    """A table of contacts. A long list comes in several calls, a batch at a
    time: the header on the first, the count after the last. An organisation
    is shown by its record's name (`layout.orgs`), else as written."""
    from plncrm.render.fit import fitted_table

    if not views:
        if header:
            show(lit(empty))
        return
    # One line per contact: what does not fit is cut with "…", except emails,
    # which are never cut (a column that cannot fit is left out instead).
    rows = [
        {
            "id": lit(str(v["id"])),
            "name": lit(v["name"]),
            "org": lit(layout.orgs.get(v["id"] or 0, v["org"])),
            "role": lit(v["role"]),
            "email": lit(v["email"]),
            "contacted": lit(short_date(v["last_contacted"], today) or "never"),
            "tags": lit(", ".join(v["tags"])),
            "met": lit(v["met_at"]),
        }
        for v in views
    ]
    table = fitted_table(
        rows,
        flexible=LIST_FLEXIBLE,
        # A kept column is the most wanted: the last left out, only when a
        # row cannot fit otherwise.
        optional=[
            *(
                c
                for c in (AT_ORG_OPTIONAL if layout.at_org else LIST_OPTIONAL)
                if c not in layout.keep
            ),
            *layout.keep,
        ],
        max_width=LIST_MAX_WIDTH,
        styles={"id": "dim", "name": "bold"},
        show_header=header,
    )
    show(table)
    if count:
        show_count(len(views))


def show_count(n: int) -> None:
    show(lit(f"{n:,} contact{'s' if n != 1 else ''}", "dim"))


TO_DO = "to do"  # the card's open follow-ups (the pocket agenda puts a Done button on each)
LABEL_WIDTH = len("last contact")  # the longest label of a card


def contact_card(
    view: ContactView,
    timeline: Sequence[TimelineView],
    introduced: Sequence[Ref],
    today: date,
) -> None:
    from rich.cells import cell_len
    from rich.console import Group
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    from plncrm.render import console

    # Beside the labels. The card is not boxed: a box's sides would take four
    # columns from every email and link.
    room = console().width - LABEL_WIDTH - 2
    fields: list[object] = []

    def row(label: str, value: str, *, whole: bool = False) -> None:
        """A labelled value. A `whole` one (emails, phones, links) is never cut:
        when it does not fit beside its label it goes on the lines below."""
        text = lit(value, multiline=True)
        if whole and max(cell_len(line) for line in text.plain.splitlines()) > room:
            fields.append(Text(label, style="dim"))
            text.overflow = "fold"  # longer than the terminal: folded, still whole
            fields.append(Padding(text, (0, 0, 0, 2)))
            return
        grid = Table.grid(padding=(0, 2))
        grid.add_column(style="dim", no_wrap=True, width=LABEL_WIDTH)
        grid.add_column(overflow="fold" if whole else "ellipsis")
        grid.add_row(label, text)
        fields.append(grid)

    for label, value, whole in card_rows(view, introduced, today):
        row(label, value, whole=whole)

    parts: list[object] = list(fields)
    if timeline:
        history = Table(show_edge=False, pad_edge=False, title="timeline", title_justify="left")
        history.add_column("id", justify="right", style="dim", no_wrap=True)
        history.add_column("date", no_wrap=True)
        history.add_column("kind", style="dim")
        history.add_column("note")
        with_others = any(item["with"] for item in timeline)
        if with_others:
            history.add_column("with")
        for item in timeline:
            cells = [str(item["id"]), item["date"], lit(item["kind"]), lit(item["note"])]
            if with_others:
                cells.append(lit(", ".join(o["name"] for o in item["with"])))
            history.add_row(*cells)
        parts += [Text(""), history]
    else:
        parts += [Text(""), Text("no interactions yet: `pln log` records one", style="dim")]
    title = lit(view["name"], "bold")
    title.append(f"  #{view['id']}", style="dim")
    show(Group(title, *parts))  # type: ignore[arg-type]


def card_rows(
    view: ContactView, introduced: Sequence[Ref], today: date
) -> list[tuple[str, str, bool]]:
    """The card's labelled values, as `pln show` and the pocket agenda draw
    them: (label, text, whole); a `whole` value (emails, phones, links) is
    never cut. Empty values are left out."""
    rows: list[tuple[str, str, bool]] = []

    def add(label: str, value: str | None, *, whole: bool = False) -> None:
        if value:
            rows.append((label, value, whole))

    add("also", ", ".join(view["akas"]))
    add("pronouns", view["pronouns"] or "")
    add("org", " · ".join(x for x in (view["role"], view["org"]) if x))
    add("before", "\n".join(view["past_roles"]))
    add("email", "\n".join(view["emails"]), whole=True)
    add("phone", "\n".join(view["phones"]), whole=True)
    for network, names in view["handles"].items():
        add(network, "\n".join(names), whole=True)
    add("link", "\n".join(link for link in view["links"] if not handle_of(link)), whole=True)
    add("tags", ", ".join(view["tags"]))
    add("communities", ", ".join(view["communities"]))
    add("birthday", _birthday(view["birthday"]))
    add("needs", "\n".join(view["needs"]))
    add("offers", "\n".join(view["offers"]))
    add("met", _met(view))
    met_by = view.get("met_by") or {}
    if len({name for names in met_by.values() for name in names}) < 2:
        met_by = {}  # only in a team, where several members met them, does it say anything
    add("met by", "\n".join(f"{', '.join(names)} at {event}" for event, names in met_by.items()))
    add("consent", _consent(view.get("consents") or []))
    if view["via"]:
        add("via", f"{view['via']['name']} (#{view['via']['id']})")
    add("introduced", ", ".join(f"{c['name']} (#{c['id']})" for c in introduced))
    cadence = view["cadence"]
    every = "never (not their tags' either)" if cadence == "never" else f"every {cadence}"
    add("cadence", every if cadence else None)
    add("last contact", when(view["last_contacted"], today))
    add(TO_DO, "\n".join(_task(t, today) for t in view.get("follow_ups") or []))
    add("notes", view["notes"])
    return rows


def _task(task: FollowUpView, today: date) -> str:
    """An open follow-up on the card: "12  send the deck · due 2026-12-04 (in 2 days)"."""
    line = f"{task['id']}  {task['title']} · due {when(task['due'], today)}"
    snoozed = task["snoozed_until"]
    return line + (f", snoozed until {snoozed}" if snoozed and task["status"] == "snoozed" else "")


def _consent(given: Sequence[ConsentView]) -> str | None:
    """The latest consent: '2026-12-02 14:03 at ISTE Live (kiosk): "I agree …"',
    and how many others."""
    from plncrm.util.text import one_line

    if not given:
        return None
    latest = given[0]
    at = (latest["given_at"] or "")[:16].replace("T", " ")
    where = f" at {one_line(latest['event'])}" if latest["event"] else ""
    source = f" ({one_line(latest['source'])})" if latest["source"] else ""
    line = f'{at}{where}{source}: "{one_line(latest["wording"])}"'
    more = len(given) - 1
    return line + (f" (+{more} earlier)" if more else "")


def _birthday(stored: str | None) -> str | None:
    """ "1980-04-12" as "12 Apr 1980"; "--04-12" (no year known) as "12 Apr"."""
    if not stored:
        return None
    from datetime import date

    day = date.fromisoformat(stored.replace("--", "2000-", 1))
    return day.strftime("%-d %b") + ("" if stored.startswith("--") else f" {day.year}")
