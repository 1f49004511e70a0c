"""Contacts as CSV that is safe to open in a spreadsheet: a cell that begins
with =, +, -, @ (or a tab or carriage return) is prefixed with an apostrophe,
so it cannot run as a formula."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING

from plncrm.exporters.plain import plain
from plncrm.util.social import handle_of
from plncrm.util.text import formula_safe

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView


# The uid (not the id, which another store gives out anew) lets `pln import csv`
# recognise each row when the file comes back, edited or not. Every column is
# one `pln import csv` reads back.
COLUMNS = (
    "uid",
    "name",
    "prefix",
    "given_name",
    "middle_name",
    "family_name",
    "suffix",
    "other_names",
    "pronouns",
    "email",
    "phone",
    "org",
    "role",
    "past_roles",
    "tags",
    "links",
    "bluesky",
    "mastodon",
    "needs",
    "offers",
    "communities",
    "met_at",
    "met_on",
    "via",
    "cadence",
    "last_contacted",
    "birthday",
    "notes",
)
# The name's parts as stored (a prefix or suffix not in the name, a name split
# by hand, parts in another script): the name alone may not give them back.
PARTS = {
    "prefix": "prefix",
    "given_name": "given",
    "middle_name": "middle",
    "family_name": "family",
    "suffix": "suffix",
}
LISTS = ("other_names", "past_roles")  # one a line when one holds ; or |, as import csv reads them


def _listed(values: Sequence[str]) -> str:
    """Values "; "-separated, or, when one of them holds a separator, each
    on a line of its own, ended by a line break (even one alone: "Dean at
    Escuela N°5; Norte" is one past role, not two)."""
    if any(";" in v or "|" in v for v in values):
        return "".join(f"{v}\n" for v in values)
    return "; ".join(values)


def safe(value: object) -> str:
    return formula_safe("" if value is None else str(value))


def _cell(view: ContactView, column: str) -> object:
    if column == "email":
        return "; ".join(view["emails"])
    if column == "phone":
        return "; ".join(view["phones"])
    if column == "links":  # handles have their own columns, which pln import csv reads
        return "; ".join(link for link in view["links"] if not handle_of(link))
    if column in view["handles"]:  # "ana@mastodon.social": a leading @ reads as a formula
        return "; ".join(h.removeprefix("@") for h in view["handles"][column])
    if column == "via":
        return view["via"]["name"] if view["via"] else None
    if column in PARTS:
        return view[PARTS[column]]  # type: ignore[literal-required]
    if column in LISTS:
        return _listed(view["akas"] if column == "other_names" else view["past_roles"])
    value = view.get(column)
    return "; ".join(value) if isinstance(value, list) else value


def stream(batches: Iterable[Sequence[ContactView]]) -> Iterator[bytes]:
    """The CSV file, a batch of contacts at a time (with a byte-order mark, so
    that spreadsheet programs read it as UTF-8)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    yield out.getvalue().encode("utf-8-sig")
    for views in batches:
        out.seek(0)
        out.truncate()
        for view in map(plain, views):  # no control character, whatever the store holds
            writer.writerow([safe(_cell(view, c)) for c in COLUMNS])
        yield out.getvalue().encode("utf-8")


def build(views: Sequence[ContactView]) -> bytes:
    return b"".join(stream([views]))
