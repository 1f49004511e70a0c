"""Delivering a message to the URLs of `notify.urls` through Apprise (ntfy,
email, Matrix, Slack, Discord, JSON webhooks and the rest from one URL
syntax), one destination at a time so that each result names its service.

A URL carries tokens and passwords, so nothing here ever shows one: a
destination is named by its service and its masked URL, and Apprise's own
log lines, kept to explain a failure, have every secret part of the URL
masked before they are shown.

Each destination is bounded (`util.net`): it runs in a worker thread given
the deadline of one request, and is reported as failed when the deadline
passes (a server that answers one byte at a time defeats the per-read
timeouts of Apprise's `requests`; the abandoned thread ends with the
process). Every answer `requests` reads for it is streamed and refused past
`MAX_ANSWER` bytes, never held whole.
"""

from __future__ import annotations

import importlib
import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from plncrm.notifications.summary import Message
from plncrm.util import net
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


class _Budget:
    """The bounds of one destination, for the `requests` it makes."""

    def __init__(self, deadline: net.Deadline) -> None:
        self.deadline = deadline
        self.problem = ""

    def drain(self, response: Any) -> None:
        """Read `response`'s body now, in chunks, within the bounds."""
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.raw.stream(net.CHUNK, decode_content=True):
                size += len(chunk)
                if size > net.MAX_ANSWER:
                    self.problem = f"an answer larger than {net.MAX_ANSWER / 1e6:g} MB: not read"
                    break
                if self.deadline.end <= _now():
                    self.problem = f"no complete answer within {self.deadline.seconds:g} s"
                    break
                chunks.append(chunk)
        except Exception as exc:  # urllib3's own: the answer broke off (IncompleteRead)
            self.problem = f"the answer broke off after {size:,} bytes ({type(exc).__name__})"
        if self.problem:
            response.close()
            requests = importlib.import_module("requests")
            raise requests.RequestException(self.problem)
        response._content = b"".join(chunks)
        response._content_consumed = True


_local = threading.local()


def _now() -> float:
    import time

    return time.monotonic()


def _bound_requests() -> None:
    """Make `requests` (Apprise's HTTP) read every answer through the budget
    of the destination being delivered in this thread; other threads, and
    this one outside `deliver`, are untouched."""
    adapters = importlib.import_module("requests.adapters")
    original = adapters.HTTPAdapter.send
    if getattr(original, "pln_bounded", False):
        return

    def send(self: Any, request: Any, *args: Any, **kwargs: Any) -> Any:
        budget: _Budget | None = getattr(_local, "budget", None)
        response = original(self, request, *args, **kwargs)
        if budget is not None:
            budget.drain(response)
        return response

    send.pln_bounded = True  # type: ignore[attr-defined]
    adapters.HTTPAdapter.send = send


def _within(budget: _Budget, send: Callable[[], bool]) -> tuple[bool, str]:
    """Run `send` in a worker thread for at most the budget's deadline:
    whether it delivered, and why not when the bounds say so."""
    outcome: list[bool] = []
    failure: list[BaseException] = []

    def work() -> None:
        _local.budget = budget
        try:
            outcome.append(send())
        except Exception as exc:  # a plugin's own failure: report it, try the next
            failure.append(exc)

    worker = threading.Thread(target=work, name="pln-deliver", daemon=True)
    worker.start()
    worker.join(max(budget.deadline.end - _now(), 0.0))
    if worker.is_alive():
        return False, f"no complete answer within {budget.deadline.seconds:g} s"
    if failure:
        exc = failure[0]
        return False, budget.problem or f"{type(exc).__name__}: {exc}"
    ok = bool(outcome and outcome[0])
    return ok, "" if ok else budget.problem


def deliver(urls: Iterable[str], message: Message) -> list[Delivery]:
    """Send `message` to each URL; never raises for a destination that fails."""
    from apprise import Apprise, NotifyFormat, NotifyType

    results = []
    log = logging.getLogger(LOGGER)
    seconds = net.deadline_seconds()
    _bound_requests()
    for url in urls:
        secrets = secret_parts(url)
        target = mask_url(url)
        server = Apprise.instantiate(url, suppress_exceptions=True)
        if server is None:
            results.append(Delivery("?", target, False, "not a URL Apprise can send to"))
            continue
        service = str(getattr(server, "service_name", "") or url.partition("://")[0])
        kind = NotifyType.WARNING if message.urgent else NotifyType.INFO

        def send(server: Any = server, kind: Any = kind) -> bool:
            return bool(
                server.notify(
                    body=message.body,
                    title=message.title,
                    body_format=NotifyFormat.TEXT,
                    notify_type=kind,
                )
            )

        kept = _Kept()
        log.addHandler(kept)
        try:
            ok, why = _within(_Budget(net.Deadline(seconds)), send)
        finally:
            log.removeHandler(kept)
        why = why or (kept.lines[-1] if kept.lines else "not delivered")
        problem = "" if ok else redact(why, *secrets)
        results.append(Delivery(service, target, ok, " ".join(problem.split())[:300]))
    return results
