"""Profile links from what people write in a spreadsheet's social columns:
"@mayaokafor" in a Twitter/X column, "dandre.bsky.social" in a Bluesky one,
"@ana@mastodon.social" in a Mastodon one. A full URL is kept as written."""

from __future__ import annotations

import re

_MASTODON = re.compile(r"^@?([\w.]+)@([\w.-]+\.[a-z]{2,})$", re.IGNORECASE)


def profile_url(kind: str, text: str) -> str:
    """The profile's URL for a handle in a column of `kind` (linkedin, twitter,
    bluesky, mastodon, link)."""
    value = text.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE) or kind == "link":
        return value
    if kind == "mastodon":
        found = _MASTODON.match(value)
        return f"https://{found[2]}/@{found[1]}" if found else value
    handle = value.removeprefix("@").strip("/")
    if "/" in handle or not handle:  # "linkedin.com/in/ana", "x.com/ana": a URL without its scheme
        return f"https://{handle}" if "." in handle.split("/")[0] else value
    if kind == "linkedin":
        return f"https://www.linkedin.com/in/{handle}"
    if kind == "twitter":
        return f"https://x.com/{handle}"
    if kind == "bluesky":
        return f"https://bsky.app/profile/{handle}"
    return value
