"""What the last sync left in step: for each card file, the contact it
belongs to, digests of both sides as they were, and the card itself (to tell
which fields a phone changed since). Beside the cards as
`.pln-contacts.json`, which vdir readers ignore; written atomically."""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from plncrm.util.files import replace_private

STATE = ".pln-contacts.json"
FORMAT = 1


class Synced(NamedTuple):
    uid: str  # the contact's uid
    file: str  # digest of the card file as last seen
    store: str  # digest of plncrm's card of the contact as last seen
    card: str  # the card file's text as last seen


def load(folder: Path) -> dict[str, Synced]:
    try:
        doc = json.loads((folder / STATE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        return {}  # unreadable: every card is compared as on a first sync
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        return {}
    return {href: Synced(*item) for href, item in doc.get("cards", {}).items()}


def save(folder: Path, cards: dict[str, Synced]) -> None:
    data = json.dumps({"format": FORMAT, "cards": {h: list(s) for h, s in sorted(cards.items())}},
                      ensure_ascii=False)  # fmt: skip
    replace_private(folder / STATE, data.encode("utf-8"))
