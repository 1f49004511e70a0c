"""What the last sync left in step: for each card file, the contact it
belongs to, digests of both sides as they were, the card itself without its
photos (to tell which fields a phone changed since), who made the card (a
card made in the folder is never removed because its contact is gone here),
plncrm's own card as it was (to tell which fields plncrm changed since), the
fields still in conflict with the value both sides last agreed on, and the
value plncrm held before the last sync read a field from the card (an undo
that takes that read back is not plncrm changing the field). Beside the cards
as `.pln-contacts.json`, which vdir readers ignore; written atomically, read
without following a link."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, NamedTuple

from plncrm.util.files import read_regular, reason, replace_private

STATE = ".pln-contacts.json"
FORMAT = 1
MAX_STATE_BYTES = 1_000_000_000  # far beyond 100,000 cards; a planted huge file is not read
PLN, FOLDER = "pln", "folder"  # who made a card
NONE: Mapping[str, Any] = MappingProxyType({})


class Synced(NamedTuple):
    uid: str  # the contact's uid
    file: str  # digest of the card file as last seen
    store: str  # digest of plncrm's card of the contact as last seen
    card: str  # the card file's text as last seen, without its photos
    made: str = PLN  # PLN: written by plncrm first; FOLDER: made in the folder (on a phone)
    mine: str = ""  # plncrm's card as last synced, without photos ("": as `card`)
    held: Mapping[str, Any] = NONE  # field → the value both sides last agreed on, while in conflict
    # field → (plncrm's value before a sync read the field from the card, that
    # sync's journal entry): the entry undone and the value back, it is no change
    was: Mapping[str, tuple[Any, int | None]] = NONE


def load(folder: Path) -> tuple[dict[str, Synced], str | None]:
    """The state, and why it was not usable (then every card is compared as on
    a first sync, which loses nothing: a card in step is left alone)."""
    try:
        doc = json.loads(read_regular(folder / STATE, MAX_STATE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"cannot read {STATE}: {reason(exc)}"
    except (ValueError, RecursionError):
        return {}, f"{STATE} is not valid JSON"
    cards = doc.get("cards") if isinstance(doc, dict) and doc.get("format") == FORMAT else None
    if not isinstance(cards, dict):
        return {}, f"{STATE} is not a state plncrm wrote"
    found: dict[str, Synced] = {}
    for href, item in cards.items():
        if (
            not isinstance(item, list)
            or not 4 <= len(item) <= 8
            or not all(isinstance(v, str) for v in item[:6])
            or not all(isinstance(v, dict) for v in item[6:])
            or not _card_name(href)
        ):
            return {}, f"{STATE} is not a state plncrm wrote"
        held = {k: _value(v) for k, v in item[6].items()} if len(item) > 6 else NONE
        was = (
            {
                k: (_value(v[0]), v[1])
                for k, v in item[7].items()
                if isinstance(v, list) and len(v) == 2
            }
            if len(item) > 7
            else NONE
        )
        found[href] = Synced(*item[:6])._replace(held=held, was=was)
    return found, None


def _card_name(href: str) -> bool:
    """A plain card file name in the folder (a state planted there may say
    anything: never a path, never a file that is no card)."""
    return (
        href.endswith(".vcf")
        and len(href) > len(".vcf")
        and not href.startswith(".")
        and os.path.basename(href) == href
        and href.isprintable()
    )


def _value(value: Any) -> Any:
    """A field's value as compared (`cards.Fields`): lists as tuples."""
    return tuple(value) if isinstance(value, list) else value


def save(folder: Path, cards: dict[str, Synced]) -> None:
    data = json.dumps(
        {"format": FORMAT, "cards": {h: _plain(s) for h, s in sorted(cards.items())}},
        ensure_ascii=False,
    )
    replace_private(folder / STATE, data.encode("utf-8"))


def _plain(item: Synced) -> list[Any]:
    """An item as the state file holds it (the last fields only when set)."""
    values: list[Any] = [dict(v) if isinstance(v, Mapping) else v for v in item]
    while len(values) > 5 and not values[-1]:
        values.pop()
    return values
