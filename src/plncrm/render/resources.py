"""Drawing free resources: the list, one resource with who received it and
what followed, and the pointers `pln show` and `pln suggest` add."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from plncrm.render import lit, say, short_date, show, some_names
from plncrm.render.names import everyone
from plncrm.util import shell
from plncrm.util.text import one_line

RESOURCE_FLEXIBLE = {"resource": 16, "for": 10, "tags": 8}
RESOURCE_OPTIONAL = ("tags", "for", "last")
RESOURCE_MAX_WIDTH = {"resource": 40, "for": 30, "tags": 24}


def resources_table(views: Sequence[Mapping[str, Any]], today: date) -> None:
    """One line per resource; its link, never cut, on the line below when the
    table cannot hold it whole."""
    from plncrm.render.fit import fitted_table

    if not views:
        show(lit("No resources. `pln resource add NAME --link URL` records one."))
        return
    rows = [
        {
            "id": lit(str(v["id"])),
            "resource": lit(v["name"]),
            "link": lit(v["link"]),
            "for": lit(", ".join(v["for"])),
            "tags": lit(", ".join(v["tags"])),
            "given": lit(str(v["given_to"])),
            "last": lit(short_date(v["last_given"], today)),
        }
        for v in views
    ]
    table = fitted_table(
        rows,
        flexible=RESOURCE_FLEXIBLE,
        optional=("link", *RESOURCE_OPTIONAL),
        max_width=RESOURCE_MAX_WIDTH,
        styles={"id": "dim", "resource": "bold"},
    )
    show(table)
    if not any(c.header == "link" for c in table.columns):
        for v in views:
            say(f"#{v['id']} ", v["name"], ": ", v["link"])


def resource_card(view: Mapping[str, Any], today: date) -> None:
    """One resource: what it is, who received it and what followed, and who
    asked for what it answers but does not have it yet."""
    say(view["name"], f" (#{view['id']}) · ", view["link"])
    if view["for"]:
        say("  for: ", ", ".join(view["for"]))
    if view["tags"]:
        say("  tags: ", ", ".join(view["tags"]))
    received = view["received"]
    if not received:
        say(f"Not given yet: {shell.command('pln', 'give', view['name'], 'REF')} gives it")
    else:
        say(f"Given to {len(received)}:")
    for person in received:
        followed = person["followed"]
        said = "nothing since" if not followed else _followed(followed, today)
        more = person["followed_count"] - len(followed)
        say(
            f"  {short_date(person['given_on'], today)}  ",
            person["name"],
            f" (#{person['id']})  → ",
            said,
            f"; {more} more" if more > 0 else "",
        )
    asked = view["asked"]
    if asked:
        names = some_names([p["name"] for p in asked])
        say(f"{len(asked)} asked for what it answers, not given it yet: ", names)


def _followed(followed: Sequence[Mapping[str, Any]], today: date) -> str:
    parts = []
    for item in followed[:2]:
        note = f" {one_line(str(item['note']))[:60]}" if item["note"] else ""
        parts.append(f"{short_date(item['on'], today)} {item['kind']}{note}")
    return "; ".join(parts)


def gave(name: str, people: Sequence[Mapping[str, Any]], day: date) -> None:
    """What `pln give` logged, naming each person it acted on."""
    named = [f"{p['name']} (#{p['id']})" for p in people]
    everyone(f"Gave {name!r} to", named, f"on {day.isoformat()}")


def for_contact(offered: Sequence[Mapping[str, Any]], ref: str) -> None:
    """`pln show`: resources that answer the contact's needs, not given to them yet."""
    if not offered:
        return
    say("Resources for their needs:")
    for item in offered:
        command = shell.command("pln", "give", item["name"], ref)
        say("  ", item["name"], " (for ", item["need"], f")  → {command}")


def pointers(found: Sequence[Mapping[str, Any]]) -> None:
    """`pln suggest`: a resource to give those who asked for what it answers
    ("asked about decodables"), or who are tagged with one of its tags
    ("interested in phonics": they did not ask)."""
    for pointer in found:
        people = pointer["people"]
        refs = [str(p["id"]) for p in people[:8]]
        command = shell.command("pln", "give", pointer["name"], *refs)
        more = " …" if len(people) > 8 else ""
        who = "1 person" if len(people) == 1 else f"{len(people)} people"
        why = "interested in" if pointer.get("why") == "interested" else "asked about"
        say(
            f"{who} {why} ",
            pointer["about"],
            f": give {pointer['name']!r}  → {command}{more}",
            "  (",
            some_names([p["name"] for p in people], 3),
            ")",
        )
