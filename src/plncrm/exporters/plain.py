"""What the exports write of a contact: its text without terminal escapes,
control characters or bidirectional controls (`util.text.strip_controls`),
even where an older store holds them; in notes, line breaks and tabs stay,
elsewhere they are spaces."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from plncrm.util.text import strip_controls

if TYPE_CHECKING:
    from plncrm.core.view_shapes import ContactView

MULTILINE = frozenset(("notes",))


def text(value: str, multiline: bool = False) -> str:
    cleaned = strip_controls(value)
    return cleaned if multiline else cleaned.replace("\n", " ").replace("\t", " ")


def _plain(value: object, multiline: bool) -> object:
    if isinstance(value, str):
        return text(value, multiline)
    if isinstance(value, list):  # a tag of nothing but escapes is no tag
        return [v for v in (_plain(item, multiline) for item in value) if v != ""]
    if isinstance(value, dict):
        return {key: _plain(item, multiline) for key, item in value.items()}
    return value


def plain(view: ContactView) -> ContactView:
    """A copy of `view` whose every text is safe to write."""
    return cast(
        "ContactView", {key: _plain(value, key in MULTILINE) for key, value in view.items()}
    )
