"""`pln serve` as a user runs it: the installed `pln` in a process of its own
on 127.0.0.1, its printed address read back, stopped with Ctrl-C (SIGINT).

The server's clock is pinned as the tests' is (`helpers.at`): the process
travels to the morning of `day` before it runs the installed `pln` script,
so "today" on its pages is the day the test wrote its store for."""

from __future__ import annotations

import os
import queue
import re
import resource
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from helpers import MORNING, TODAY

PLN = Path(sys.executable).with_name("pln")

# Travel to the day's morning (time goes on from there), then run `pln` itself.
_PINNED = (
    "import datetime, runpy, sys\n"
    "import time_machine\n"
    "day = datetime.date.fromisoformat(sys.argv[1])\n"
    "hour = datetime.time.fromisoformat(sys.argv[2])\n"
    "moment = datetime.datetime.combine(day, hour).astimezone()\n"
    "time_machine.travel(moment, tick=True).start()\n"
    "sys.argv = sys.argv[3:]\n"
    "runpy.run_path(sys.argv[0], run_name='__main__')\n"
)
_ADDRESS = re.compile(r"^http://\S+$")


@dataclass
class Served:
    """A running `pln serve`: the address it printed (with its sign-in token,
    if any), where to reach it on 127.0.0.1, and what it wrote."""

    url: str
    process: subprocess.Popen[str]
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)

    @property
    def base(self) -> str:
        """http://127.0.0.1:PORT, whichever address was printed (--lan)."""
        return f"http://127.0.0.1:{urlsplit(self.url).port}"

    @property
    def token(self) -> str:
        return self.url.partition("token=")[2]

    @property
    def path(self) -> str:
        """The printed address's path and query: "/?token=…"."""
        parts = urlsplit(self.url)
        return parts.path + (f"?{parts.query}" if parts.query else "")


def _lines(stream: object, into: list[str], found: queue.Queue[str] | None) -> None:
    for line in iter(stream.readline, ""):  # type: ignore[attr-defined]
        into.append(line.rstrip("\n"))
        if found is not None and _ADDRESS.match(line.strip()):
            found.put(line.strip())


@contextmanager
def pln_serve(
    *args: str,
    day: date = TODAY,
    env: dict[str, str] | None = None,
    wait: float = 60,
    files: int | None = None,
) -> Iterator[Served]:
    """Start `pln serve ARGS` on the store PLN_DB names (the test's, through
    `store_url`) and yield once it has printed its address; stop it with
    Ctrl-C after the block, and fail if it did not stop within 15 seconds.
    `files`: the process's open-files limit (`ulimit -n`), as a small machine's."""
    environment = {**os.environ, **(env or {})}
    argv = ["serve", *args]

    def limited() -> None:
        if files is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files, files))

    process = subprocess.Popen(
        [sys.executable, "-c", _PINNED, day.isoformat(), MORNING.isoformat(), str(PLN), *argv],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
        preexec_fn=limited,
    )
    found: queue.Queue[str] = queue.Queue()
    out: list[str] = []
    err: list[str] = []
    readers = [
        threading.Thread(target=_lines, args=(process.stdout, out, found), daemon=True),
        threading.Thread(target=_lines, args=(process.stderr, err, None), daemon=True),
    ]
    for reader in readers:
        reader.start()
    try:
        try:
            url = found.get(timeout=wait)
        except queue.Empty:
            process.kill()
            process.wait()
            raise AssertionError(
                f"pln serve printed no address: {out!r} {err!r}, exit {process.returncode}"
            ) from None
        yield Served(url, process, out, err)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
                raise AssertionError("pln serve did not stop on Ctrl-C") from None
        for reader in readers:
            reader.join(timeout=5)
