"""Checking notification URLs (`pln config notify.urls`) with Apprise, which
sends them: a URL it cannot use is refused when it is set, not on the morning
it should have sent the agenda."""

from __future__ import annotations

from plncrm.util.errors import Invalid
from plncrm.util.redact import mask_url


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
                f"not a notification URL Apprise can send to: {mask_url(url)} "
                "(e.g. ntfys://ntfy.sh/TOPIC, mailtos://user:pass@host?to=you@example.org, "
                "json://host:port/; see https://github.com/caronc/apprise/wiki)"
            )
    return " ".join(urls)
