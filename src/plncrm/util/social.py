"""Social handles, first-class among a contact's links.

A handle is stored as its profile's URL (so one link matches however it was
written) and shown and exported as the handle people type: Bluesky's
`name.bsky.social`, Mastodon's `@name@server`. `profile_url` turns what
people write in a spreadsheet's social columns ("@mayaokafor" in a Twitter/X
column, "dandre.bsky.social" in a Bluesky one, "@ana@mastodon.social" in a
Mastodon one) into the URL; `handle_of` reads the handle back. A full URL is
kept as written."""

from __future__ import annotations

import re
from collections.abc import Iterable

_MASTODON = re.compile(r"^@?([\w.]+)@([^\s@/?#]+)$")
_BLUESKY_URL = re.compile(r"^https?://bsky\.app/profile/([^/?#\s]+)/?$", re.IGNORECASE)
_MASTODON_URL = re.compile(r"^https?://([^\s@/?#]+)/@([\w.]+)/?$", re.IGNORECASE)
_LABEL = re.compile(r"[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?")
_TOP = re.compile(r"[a-z]{2,63}|xn--[a-z0-9-]{1,59}")
# Sites with /@name addresses that are not Mastodon servers.
NOT_MASTODON = frozenset(
    {
        "medium.com",
        "threads.net",
        "www.threads.net",
        "tiktok.com",
        "www.tiktok.com",
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "bsky.app",
        "x.com",
        "twitter.com",
        "substack.com",
    }
)
NETWORKS = ("bluesky", "mastodon")


def server(text: str) -> str | None:
    """A server's domain name in the one form it is stored and shown in:
    lower case, an internationalised name in its ASCII (punycode) form, so
    that "bücher.example" and "xn--bcher-kva.example" are one server (and a
    look-alike letter cannot pass for another); None for what is no domain."""
    try:
        name = text.strip().removesuffix(".").encode("idna").decode("ascii").lower()
    except UnicodeError:
        return None
    labels = name.split(".")
    if len(labels) < 2 or not all(_LABEL.fullmatch(label) for label in labels):
        return None
    return name if _TOP.fullmatch(labels[-1]) else None


def _mastodon(text: str) -> tuple[str, str] | None:
    """The user and server of a Mastodon account address, or None."""
    found = _MASTODON.match(text.strip())
    domain = server(found[2]) if found else None
    return (found[1], domain) if found and domain else None


def handle_of(url: str) -> tuple[str, str] | None:
    """The network and handle a profile link stands for ("bluesky",
    "ana.bsky.social"; "mastodon", "@ana@mastodon.social"), or None."""
    value = url.strip()
    if found := _BLUESKY_URL.match(value):
        return "bluesky", found[1].lower().removeprefix("@")
    found = _MASTODON_URL.match(value)
    domain = server(found[1]) if found else None
    if found and domain and domain not in NOT_MASTODON:
        return "mastodon", f"@{found[2]}@{domain}"
    return None


def mastodon_handle(text: str) -> str | None:
    """An account address as Mastodon writes it ("ana@mastodon.social", with or
    without the leading @) in its usual form, "@ana@mastodon.social"; None for
    anything else. A server with an internationalised name is written in its
    ASCII form: "@ana@bücher.example" is "@ana@xn--bcher-kva.example"."""
    found = _mastodon(text)
    return f"@{found[0]}@{found[1]}" if found else None


def by_network(links: Iterable[str]) -> dict[str, list[str]]:
    """The Bluesky and Mastodon handles among a contact's links, by network."""
    found: dict[str, list[str]] = {network: [] for network in NETWORKS}
    for link in links:
        handle = handle_of(link)
        if handle is not None:
            found[handle[0]].append(handle[1])
    return found


def handle_url(text: str) -> str | None:
    """The profile URL of a bare handle: "@ana@mastodon.social" (Mastodon), or
    "ana.bsky.social" / "@ana.bsky.social" (Bluesky: a domain name); None
    when `text` is no handle."""
    value = text.strip()
    if _mastodon(value):
        return profile_url("mastodon", value)
    bare = value.removeprefix("@")
    if re.fullmatch(r"[a-z0-9-]+(\.[a-z0-9-]+)+", bare, re.IGNORECASE) and bare.lower().endswith(
        (".bsky.social", ".bsky.team")
    ):
        return profile_url("bluesky", bare.lower())
    return None


def profile_url(kind: str, text: str) -> str:
    """The profile's URL for a handle in a column of `kind` (linkedin, twitter,
    bluesky, mastodon, link)."""
    value = text.strip()
    if re.match(r"^[a-z][a-z0-9+.-]*://", value, re.IGNORECASE) or kind == "link":
        return value
    if kind == "mastodon":
        found = _mastodon(value)
        return f"https://{found[1]}/@{found[0]}" if found else value
    handle = value.removeprefix("@").strip("/")
    if "/" in handle or not handle:  # "linkedin.com/in/ana", "x.com/ana": a URL without its scheme
        return f"https://{handle}" if "." in handle.split("/")[0] else value
    if kind == "linkedin":
        return f"https://www.linkedin.com/in/{handle}"
    if kind == "twitter":
        return f"https://x.com/{handle}"
    if kind == "bluesky":
        return f"https://bsky.app/profile/{handle.lower()}"
    return value
