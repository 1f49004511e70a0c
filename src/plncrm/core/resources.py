"""Free resources to give away (seed practice 2): slides, a reading list, a
pack of decodable texts. Each has a link and the needs it answers, so that
`pln give` can send it, and `pln show`/`pln suggest` can point at who asked."""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from plncrm.util.errors import Invalid
from plncrm.util.text import one_line

MAX_LINK_CHARS = 2000  # what browsers and mail clients keep whole


def items(text: str | None) -> list[str]:
    """A resource's tags or needs as stored (one a line) as a list."""
    return [line for line in (text or "").split("\n") if line]


def joined(values: Iterable[str]) -> str | None:
    """Tags or needs as stored: one a line, each on one line, repeats (case aside) dropped."""
    seen: dict[str, str] = {}
    for value in values:
        clean = one_line(value)
        if clean and clean.casefold() not in seen:
            seen[clean.casefold()] = clean
    return "\n".join(seen.values()) or None


def check_link(link: str) -> str:
    """A resource's link: an http or https address, nothing a click could run."""
    clean = one_line(link)
    parts = urlsplit(clean)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        raise Invalid(f"a resource's link is an http:// or https:// address, not {clean!r}")
    if len(clean) > MAX_LINK_CHARS or any(c.isspace() for c in clean):
        raise Invalid(f"not a link pln can send: {clean[:80]!r}")
    return clean
