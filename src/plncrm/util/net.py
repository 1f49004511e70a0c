"""Every network call is bounded: the limits, stated once, and a GET that keeps them.

A request ends within `DEADLINE` seconds in all (connecting, the headers, the
body), whatever the server does: a server that sends one byte at a time is cut
at the deadline, not only after a silence of `SILENCE`. An answer is read as it
streams and refused past `MAX_ANSWER` bytes, never held whole. A listing stops
after the pages its limit needs (plus `SPARE_PAGES`), at a cursor seen before,
and after `SPARE_PAGES` pages in a row that bring nobody new. A rate limit is
waited out `RETRIES` times at most, each wait at most `LONGEST_WAIT`.

`PLN_NET_DEADLINE` (seconds) sets another deadline, shorter for a slow cron
job to give up sooner (the tests use it) or longer on a slow line.
"""

from __future__ import annotations

import http.client
import io
import json
import math
import os
import time
import urllib.error
import urllib.request
from email.message import Message
from functools import partial
from typing import Any, NamedTuple

from plncrm.util.errors import DeliveryError, Invalid

DEADLINE = 30.0  # seconds for one request (one destination of `pln notify`), all of it
SILENCE = 15.0  # seconds without a byte before giving up sooner
MAX_ANSWER = 4_000_000  # bytes in one answer, counted as it streams
RETRIES = 3  # rate-limited answers (429) waited out, per request
LONGEST_WAIT = 60.0  # seconds: a Retry-After beyond this is not waited for
DEFAULT_WAIT = 5.0  # seconds, when a 429 says nothing usable about how long
SPARE_PAGES = 5  # pages beyond what a listing's limit needs; barren pages in a row
LONGEST_DEADLINE = 600.0  # what PLN_NET_DEADLINE may ask for
DEADLINE_VARIABLE = "PLN_NET_DEADLINE"
CHUNK = 65_536


def deadline_seconds() -> float:
    """The deadline of one request: `DEADLINE`, or `PLN_NET_DEADLINE`."""
    text = os.environ.get(DEADLINE_VARIABLE, "").strip()
    if not text:
        return DEADLINE
    try:
        seconds = float(text)
    except ValueError:
        seconds = math.nan
    if not (math.isfinite(seconds) and 0 < seconds <= LONGEST_DEADLINE):
        raise Invalid(
            f"{DEADLINE_VARIABLE} must be a number of seconds from 0.1 to "
            f"{LONGEST_DEADLINE:g}, not {text[:20]!r}"
        )
    return seconds


class TimedOut(TimeoutError):
    """The deadline passed (an OSError, so that urllib reports it as a
    network failure, whichever step it interrupts)."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"no complete answer within {seconds:g} s")
        self.seconds = seconds


class Deadline:
    def __init__(self, seconds: float | None = None) -> None:
        self.seconds = deadline_seconds() if seconds is None else seconds
        self.end = time.monotonic() + self.seconds

    def left(self) -> float:
        """Seconds left; `TimedOut` when none are."""
        left = self.end - time.monotonic()
        if left <= 0:
            raise TimedOut(self.seconds)
        return left

    def wait(self) -> float:
        """How long one step may block: what is left, and never more than `SILENCE`."""
        return max(min(self.left(), SILENCE), 0.001)

    def restart(self) -> None:
        """The same length again, from now: the next request on a kept connection."""
        self.end = time.monotonic() + self.seconds


class _Paced(io.RawIOBase):
    """A socket's bytes, each read bounded by what is left of the deadline (a
    socket timeout alone restarts with every byte)."""

    def __init__(self, sock: Any, deadline: Deadline) -> None:
        super().__init__()
        self._sock = sock
        self._raw = sock.makefile("rb", buffering=0)
        self._deadline = deadline

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int | None:
        self._sock.settimeout(self._deadline.wait())
        try:
            return int(self._raw.readinto(buffer))
        except TimeoutError:
            self._deadline.left()  # the deadline, when that is what ran out
            raise TimeoutError(f"no byte for {SILENCE:g} s") from None

    def close(self) -> None:
        self._raw.close()
        super().close()


def paced_file(sock: Any, deadline: Deadline) -> io.BufferedReader:
    """A buffered reader of `sock` whose every read is bounded by `deadline`,
    for a protocol other than HTTP (IMAP): a server that trickles is cut."""
    return io.BufferedReader(_Paced(sock, deadline))


class _Socket:
    """What `HTTPResponse` asks of a socket: a file over it, paced."""

    def __init__(self, sock: Any, deadline: Deadline) -> None:
        self._sock, self._deadline = sock, deadline

    def makefile(self, mode: str, *args: Any, **kwargs: Any) -> io.BufferedReader:
        return io.BufferedReader(_Paced(self._sock, self._deadline))


class _Response(http.client.HTTPResponse):
    def __init__(self, sock: Any, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(_Socket(sock, deadline), *args, **kwargs)  # type: ignore[arg-type]


class _Http(http.client.HTTPConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.response_class = partial(_Response, deadline=deadline)  # type: ignore[assignment]

    def connect(self) -> None:
        self.timeout = self.deadline.wait()
        super().connect()


class _Https(http.client.HTTPSConnection):
    def __init__(self, *args: Any, deadline: Deadline, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.deadline = deadline
        self.response_class = partial(_Response, deadline=deadline)  # type: ignore[assignment]

    def connect(self) -> None:
        # HTTPSConnection.connect, with the handshake given only what is left
        self.timeout = self.deadline.wait()
        http.client.HTTPConnection.connect(self)
        assert self.sock is not None
        self.sock.settimeout(self.deadline.wait())
        host = self._tunnel_host or self.host  # type: ignore[attr-defined]
        self.sock = self._context.wrap_socket(self.sock, server_hostname=host)  # type: ignore[attr-defined]


class _HttpHandler(urllib.request.HTTPHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(partial(_Http, deadline=self.deadline), req)


class _HttpsHandler(urllib.request.HTTPSHandler):
    def __init__(self, deadline: Deadline) -> None:
        super().__init__()
        self.deadline = deadline

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        context = getattr(self, "_context", None)
        return self.do_open(partial(_Https, deadline=self.deadline), req, context=context)


class Answer(NamedTuple):
    status: int
    headers: Message
    body: bytes


def get(url: str, service: str, headers: dict[str, str]) -> Answer:
    """GET `url` within the bounds above, whatever its status; a failure to
    reach `service` ("the Bluesky API at …") or to read its whole answer is a
    `DeliveryError` that says which bound was hit."""
    deadline = Deadline()
    opener = urllib.request.build_opener(_HttpHandler(deadline), _HttpsHandler(deadline))
    request = urllib.request.Request(url, headers=headers)
    try:
        try:
            response: Any = opener.open(request, timeout=deadline.wait())
        except urllib.error.HTTPError as exc:  # an answer all the same: read it the same way
            if exc.fp is None:
                return Answer(exc.code, exc.headers, b"")
            response = exc
        with response:
            body = read_capped(response, deadline, service)
            return Answer(int(response.getcode() or 0), response.headers, body)
    except urllib.error.URLError as exc:
        raise _failure(service, exc.reason, deadline) from None
    except (http.client.HTTPException, OSError, ValueError) as exc:
        raise _failure(service, exc, deadline) from None


def _failure(service: str, why: object, deadline: Deadline) -> DeliveryError:
    if isinstance(why, TimedOut):
        return DeliveryError(
            f"{service} sent no complete answer within {deadline.seconds:g} s "
            f"(the deadline of one request; {DEADLINE_VARIABLE})"
        )
    if isinstance(why, http.client.IncompleteRead):
        why = f"the answer stopped after {len(why.partial):,} bytes"
    elif isinstance(why, http.client.HTTPException | OSError | ValueError):
        why = f"{type(why).__name__}: {why}" if str(why) else type(why).__name__
    return DeliveryError(f"cannot reach {service}: {str(why)[:200]}")


def read_capped(response: Any, deadline: Deadline, service: str) -> bytes:
    """The whole body, read in chunks: refused as soon as it passes
    `MAX_ANSWER`, or stops short of the length it announced."""
    length_text = str(response.headers.get("Content-Length") or "").strip()
    length = int(length_text) if length_text.isascii() and length_text.isdigit() else None
    if length is not None and length > MAX_ANSWER:
        raise too_large(service)
    chunks: list[bytes] = []
    size = 0
    while chunk := response.read(CHUNK):
        size += len(chunk)
        if size > MAX_ANSWER:
            raise too_large(service)
        chunks.append(chunk)
        deadline.left()
    if length is not None and size < length:
        raise DeliveryError(
            f"cannot reach {service}: the connection closed after {size:,} of {length:,} bytes"
        )
    return b"".join(chunks)


def too_large(service: str) -> DeliveryError:
    return DeliveryError(f"{service} sent an answer larger than {MAX_ANSWER / 1e6:g} MB: not read")


def loads(body: bytes) -> Any:
    """JSON, or None for what is not (nesting too deep for Python included)."""
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def retry_after(value: str | None) -> float:
    """Seconds to wait before asking again, from a 429's Retry-After (a number
    of seconds; anything else, `nan` included, waits `DEFAULT_WAIT`)."""
    try:
        seconds = float(value) if value and value.strip().isascii() else DEFAULT_WAIT
    except ValueError:
        seconds = DEFAULT_WAIT
    if math.isnan(seconds):
        seconds = DEFAULT_WAIT
    return max(seconds, 0.0)
