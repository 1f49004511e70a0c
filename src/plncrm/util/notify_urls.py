"""Checking notification URLs (`pln config notify.urls`) with Apprise, which
sends them: a URL it cannot use is refused when it is set, not on the morning
it should have sent the agenda."""

from __future__ import annotations

from typing import Any

from plncrm.util.errors import Invalid
from plncrm.util.redact import MASK, mask_url


def split_urls(value: str) -> list[str]:
    return value.split()


def check_urls(value: str) -> str:
    """The URLs as stored (one space between them), or `Invalid` naming the bad
    one with its secrets masked."""
    urls = split_urls(value)
    if not urls:
        return ""
    from apprise import Apprise

    for url in urls:
        if "://" not in url or Apprise.instantiate(url, suppress_exceptions=True) is None:
            raise Invalid(
                f"not a notification URL Apprise can send to: {_shown(url, Apprise)} "
                "(e.g. ntfys://ntfy.sh/TOPIC, json://host:port/; an email address: "
                "mailtos://; see https://github.com/caronc/apprise/wiki)"
            )
    return " ".join(urls)


def _shown(url: str, apprise: Any) -> str:
    """A refused URL, masked, its scheme too unless Apprise knows it (what
    was pasted may be a token with no scheme at all)."""
    shown = mask_url(url)
    scheme = url.partition("://")[0]
    if shown == MASK or scheme.lower() in _schemes(apprise):
        return shown
    return MASK + shown[len(scheme) :]


def _schemes(apprise: Any) -> set[str]:
    try:
        schemas = apprise().details()["schemas"]
    except Exception:  # another Apprise: show no scheme rather than fail
        return set()
    found: set[str] = set()
    for schema in schemas:
        for key in ("protocols", "secure_protocols"):
            value = schema.get(key) or ()
            found.update(p.lower() for p in ([value] if isinstance(value, str) else value))
    return found
