"""What keeps a visitor who never finishes a request from taking the server
(`pln serve` and its kiosk) away from everyone else.

uvicorn closes a kept-alive connection idle after an answer, but waits for a
request's headers and body for ever: one that trickles in, or never comes,
holds its connection, and a few hundred of them use up the open files. Here
each request must arrive whole within `READ_SECONDS` of its first byte (or of
the connection); at most `most` connections are open at once, a new one
closing the one waiting longest for its request (else answered 503); and
running out of open files is said once a minute, where asyncio wrote a
traceback for every connection it could not accept (255 MB in 40 s)."""

from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

READ_SECONDS = 10.0
SAY_EVERY = 60.0  # seconds between two "out of open files" lines
BUSY = (
    b"HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/plain; charset=utf-8\r\n"
    b"content-length: 34\r\nconnection: close\r\n\r\nBusy: please try again in a while."
)


def bounded(most: int) -> type[Deadlined]:
    """The connection class of a server holding at most `most` at once."""

    class Bounded(Deadlined):
        MOST = most

    return Bounded


class OutOfFiles:
    """The event loop's error handler: asyncio logs a traceback for each
    connection it could not accept for want of open files (hundreds a
    second); one line a minute says it instead."""

    def __init__(self) -> None:
        self.said = -SAY_EVERY

    def __call__(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        if "out of system resource" not in str(context.get("message", "")):
            loop.default_exception_handler(context)
            return
        now = time.monotonic()
        if now - self.said >= SAY_EVERY:
            self.said = now
            logging.getLogger("uvicorn.error").warning(
                "pln serve: out of open files, not accepting connections for now (%s)",
                context.get("exception"),
            )


class Deadlined(H11Protocol):
    """uvicorn's HTTP/1.1 connection, with a deadline for each request."""

    MOST = 64
    waiting: float | None = None  # since when it waits for a whole request
    deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()
        if len(self.connections) > self.MOST and not self._make_room():
            transport.write(BUSY)
            transport.close()

    def data_received(self, data: bytes) -> None:
        if self.deadline is None and self.conn.their_state is h11.IDLE:
            self._arm()  # the next request on a kept-alive connection begins
        super().data_received(data)
        if self.conn.their_state not in (h11.IDLE, h11.SEND_BODY):
            self._disarm()  # the request arrived whole (or broken: answered 400)

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self.waiting = self.loop.time()  # kept alive: idle until the next one

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _arm(self) -> None:
        self.waiting = self.loop.time()
        self.deadline = self.loop.call_later(READ_SECONDS, self._too_slow)

    def _disarm(self) -> None:
        self.waiting = None
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _too_slow(self) -> None:
        self.deadline = None
        if not self.transport.is_closing():
            self.transport.close()

    def _make_room(self) -> bool:
        """Close the connection waiting longest for a request, if any."""
        idle = [
            c
            for c in self.connections
            if c is not self and isinstance(c, Deadlined) and c.waiting is not None
        ]
        if not idle:
            return False
        oldest = min(idle, key=lambda c: c.waiting or 0.0)
        oldest._disarm()
        oldest.transport.close()
        return True
