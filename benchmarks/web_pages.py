"""The pocket agenda's pages (`pln serve`) on a large store: the server's own
time for each page (from the request's arrival to its answer's headers, as
its Server-Timing header says), and beside it the whole round trip over
127.0.0.1 as the client sees it.

    python benchmarks/web_pages.py --db /tmp/pln-bench/pln-50000.db --runs 21

`pln serve` runs as a user runs it, on a copy of the store; it is signed in
once, then each page is asked for `runs` times over one kept-alive connection,
after one request that warms it (templates compiled, the first read's imports).
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode, urlsplit

TARGET_MS = 50.0
PLN = str(Path(sys.executable).with_name("pln"))


@dataclass(frozen=True)
class Row:
    size: int
    page: str
    first_ms: float  # the server's time for the first request
    median_ms: float  # the server's time (its Server-Timing header), median of the rest
    worst_ms: float
    round_trip_ms: float  # request to last byte on the client, median


class Browser:
    """One kept-alive connection with the session cookie."""

    def __init__(self, url: str) -> None:
        where = urlsplit(url)
        self.connection = http.client.HTTPConnection("127.0.0.1", where.port, timeout=60)
        self.cookie = ""
        _, headers = self.ask("GET", f"{where.path}?{where.query}")
        self.cookie = re.sub(r";.*", "", headers.get("set-cookie", ""))
        self.csrf = re.findall(r'name="csrf" value="([^"]+)"', self.ask("GET", "/")[0])[0]

    def ask(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[str, dict[str, str]]:
        headers = {"Cookie": self.cookie} if self.cookie else {}
        body = None
        if form is not None:
            body = urlencode({**form, "csrf": self.csrf})
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        if response.status >= 400:
            raise SystemExit(f"{method} {path}: {response.status} {text[:300]}")
        return text, {k.lower(): v for k, v in response.getheaders()}


def pages(size: int) -> list[tuple[str, str, str, dict[str, str] | None]]:
    someone = str(size // 2)
    return [
        ("today's agenda", "GET", "/", None),
        ("search 'number talks'", "GET", "/search?q=number+talks", None),
        (f"card of #{someone}", "GET", f"/contact/{someone}", None),
        ("quick-add form", "GET", "/add", None),
        ("quick log (a write)", "POST", "/log", {"ref": someone, "kind": "chat", "note": "x"}),
        ("done (a write)", "POST", "/done", {"handle": "{task}"}),
    ]


def open_tasks(db: Path, count: int) -> list[int]:
    conn = sqlite3.connect(db)
    try:
        sql = "SELECT id FROM follow_up WHERE status = 'open' ORDER BY id LIMIT ?"
        return [row[0] for row in conn.execute(sql, (count,))]
    finally:
        conn.close()


def compare(db: Path, workdir: Path, runs: int) -> list[Row]:
    """Serve a copy of `db` and time each page."""
    work = workdir / "web-work.db"
    for leftover in workdir.glob("web-work.db*"):
        leftover.unlink()
    shutil.copy(db, work)
    env = dict(os.environ, PLN_DB=str(work))
    subprocess.run([PLN, "due"], env=env, check=True, capture_output=True)  # any migration
    size = sqlite3.connect(work).execute("SELECT count(*) FROM contact").fetchone()[0]
    tasks = open_tasks(work, runs + 1)
    server = subprocess.Popen([PLN, "serve"], env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        url = next(line.strip() for line in server.stdout if line.startswith("http://"))
        browser = Browser(url)
        rows = []
        for name, method, path, form in pages(size):
            times, trips = [], []
            for run in range(runs + 1):
                filled = {k: v.format(task=tasks[run]) for k, v in form.items()} if form else None
                began = time.perf_counter()
                _, headers = browser.ask(method, path, filled)
                trips.append((time.perf_counter() - began) * 1000)
                times.append(float(headers["server-timing"].partition("dur=")[2]))
            rest = times[1:]
            median, trip = statistics.median(rest), statistics.median(trips[1:])
            rows.append(Row(size, name, times[0], median, max(rest), trip))
            print(f"  {name}: {median:.1f} ms, round trip {trip:.1f} ms", flush=True)
        return rows
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)


def table(rows: list[Row]) -> str:
    lines = [
        "",
        f"`pln serve`'s pages (target: within {TARGET_MS:.0f} ms):",
        "",
        "| size | page | first ms | median ms | worst ms | round trip ms |",
        "| ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        mark = "" if r.median_ms <= TARGET_MS else " ✗"
        times = (
            f"{r.first_ms:.1f} | {r.median_ms:.1f}{mark} | {r.worst_ms:.1f} | {r.round_trip_ms:.1f}"
        )
        lines.append(f"| {r.size} | {r.page} | {times} |")
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a generated store (generate.py)")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pln-bench"))
    args = parser.parse_args()
    args.workdir.mkdir(parents=True, exist_ok=True)
    print(table(compare(args.db, args.workdir, args.runs)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
