"""Delivering a message to the URLs of `notify.urls` through Apprise (ntfy,
email, Matrix, Slack, Discord, JSON webhooks and the rest from one URL
syntax), one destination at a time so that each result names its service.

A URL carries tokens and passwords, so nothing here ever shows one: a
destination is named by its service and its masked URL, and Apprise's own
log lines, kept to explain a failure, have every secret part of the URL
masked before they are shown.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import NamedTuple

from plncrm.notifications.summary import Message
from plncrm.util.redact import mask_url, redact, secret_parts

LOGGER = "apprise"


class Delivery(NamedTuple):
    service: str  # "ntfy", "E-Mail", "JSON"
    target: str  # the URL, masked
    ok: bool
    problem: str = ""  # why not, masked


class _Kept(logging.Handler):
    """Apprise's warnings during one delivery, to explain a failure."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


def deliver(urls: Iterable[str], message: Message) -> list[Delivery]:
    """Send `message` to each URL; never raises for a destination that fails."""
    from apprise import Apprise, NotifyFormat, NotifyType

    results = []
    log = logging.getLogger(LOGGER)
    for url in urls:
        secrets = secret_parts(url)
        target = mask_url(url)
        server = Apprise.instantiate(url, suppress_exceptions=True)
        if server is None:
            results.append(Delivery("?", target, False, "not a URL Apprise can send to"))
            continue
        service = str(getattr(server, "service_name", "") or url.partition("://")[0])
        kept = _Kept()
        log.addHandler(kept)
        try:
            ok = bool(server.notify(
                body=message.body, title=message.title, body_format=NotifyFormat.TEXT,
                notify_type=NotifyType.WARNING if message.urgent else NotifyType.INFO,
            ))  # fmt: skip
        except Exception as exc:  # a plugin's own failure: report it, try the next
            ok, kept.lines = False, [*kept.lines, f"{type(exc).__name__}: {exc}"]
        finally:
            log.removeHandler(kept)
        problem = "" if ok else redact(kept.lines[-1] if kept.lines else "not delivered", *secrets)
        results.append(Delivery(service, target, ok, " ".join(problem.split())[:300]))
    return results
