"""Mastodon's exports of whom you follow and of your lists (Preferences →
Import and export → Data export): `following_accounts.csv`, with the header
"Account address,Show boosts,Notify on new posts,Languages", and `lists.csv`,
rows of "list name,account address" (without a header in Mastodon's own
files; with one in some re-saves).

Each account becomes one record named by its handle (the export holds no
display name), with the handle as a link; an account in several lists is one
record in several communities.
"""

from __future__ import annotations

from collections.abc import Iterator

from plncrm.importers.records import Record, Rejected
from plncrm.importers.text_files import csv_reader, csv_rows, text_stream
from plncrm.util.social import mastodon_handle, profile_url

FOLLOWING_HEADER = "account address"
LISTS_HEADER = ("list name", "account address")


def read(data: bytes) -> Iterator[Record | Rejected]:
    """Records from either export, told apart by their first row."""
    records: dict[str, Record] = {}
    shape: str | None = None
    for line, row in csv_rows(csv_reader(text_stream(data))):
        if isinstance(row, Exception):
            yield Rejected(line, str(row))
            continue
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if shape is None:
            first = [c.lower() for c in cells]
            if first and first[0] == FOLLOWING_HEADER:
                shape = "following"
                continue
            if tuple(first[:2]) == LISTS_HEADER:
                shape = "lists"
                continue
            shape = "lists" if len(cells) == 2 and mastodon_handle(cells[1]) else "following"
        account, community = (
            (cells[1], cells[0]) if shape == "lists" and len(cells) > 1 else (cells[0], "")
        )
        handle = mastodon_handle(account)
        if handle is None:
            yield Rejected(line, f"not a Mastodon account address: {account!r} (name@server)")
            continue
        record = records.get(handle)
        if record is None:
            record = records[handle] = Record(line, handle, links=[profile_url("mastodon", handle)])
        if community and community not in record.communities:
            record.communities.append(community)
    yield from records.values()
