"""What the last sync left in step: for each card file, the contact it
belongs to, digests of both sides as they were, the card itself without its
photos (to tell which fields a phone changed since), and who made the card
(a card made in the folder is never removed because its contact is gone
here). Beside the cards as `.pln-contacts.json`, which vdir readers ignore;
written atomically, read without following a link."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from plncrm.util.files import read_regular, reason, replace_private

STATE = ".pln-contacts.json"
FORMAT = 1
MAX_STATE_BYTES = 1_000_000_000  # far beyond 100,000 cards; a planted huge file is not read
PLN, FOLDER = "pln", "folder"  # who made a card


class Synced(NamedTuple):
    uid: str  # the contact's uid
    file: str  # digest of the card file as last seen
    store: str  # digest of plncrm's card of the contact as last seen
    card: str  # the card file's text as last seen, without its photos
    made: str = PLN  # PLN: written by plncrm first; FOLDER: made in the folder (on a phone)


def load(folder: Path) -> tuple[dict[str, Synced], str | None]:
    """The state, and why it was not usable (then every card is compared as on
    a first sync, which loses nothing: a card in step is left alone)."""
    try:
        doc = json.loads(read_regular(folder / STATE, MAX_STATE_BYTES).decode("utf-8"))
    except FileNotFoundError:
        return {}, None
    except OSError as exc:
        return {}, f"cannot read {STATE}: {reason(exc)}"
    except ValueError:
        return {}, f"{STATE} is not valid JSON"
    cards = doc.get("cards") if isinstance(doc, dict) and doc.get("format") == FORMAT else None
    if not isinstance(cards, dict):
        return {}, f"{STATE} is not a state plncrm wrote"
    found: dict[str, Synced] = {}
    for href, item in cards.items():
        if (
            not isinstance(item, list)
            or not 4 <= len(item) <= 5
            or not all(isinstance(v, str) for v in item)
            or "/" in href
            or href.startswith(".")
        ):
            return {}, f"{STATE} is not a state plncrm wrote"
        found[href] = Synced(*item)
    return found, None


def save(folder: Path, cards: dict[str, Synced]) -> None:
    data = json.dumps({"format": FORMAT, "cards": {h: list(s) for h, s in sorted(cards.items())}},
                      ensure_ascii=False)  # fmt: skip
    replace_private(folder / STATE, data.encode("utf-8"))
