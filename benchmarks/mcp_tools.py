"""`pln mcp` on a large store: how long from starting the server to its first
answered request, and how long each reading tool takes to answer.

    python benchmarks/mcp_tools.py --db /tmp/pln-bench/pln-50000.db --runs 21

The installed `pln mcp` runs as an assistant starts it, on a copy of the store
(brought to the current schema first by one `pln due`), and is spoken to over
its stdin and stdout in JSON-RPC, one message a line, as every stdio client
does: no SDK on the client's side, so its own costs are not counted.

- start-up: from spawning the process to the answer to `initialize`, and to
  the answer of the first `tools/call` (the agenda), medians of `starts`
  fresh processes;
- each reading tool: the round trip of `tools/call` over the pipes, the first
  call apart (its imports), then the median and worst of `runs` more.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PLN = str(Path(sys.executable).with_name("pln"))
START_TARGET_S = 1.0
TOOL_TARGET_MS = 150.0  # the everyday screens' budget: 2.5 × `import typer` (~0.06 s)
# Tools whose command has a budget of its own (suggest: 2 × the store floor;
# the report reads the whole network): within the command's whole run.
AS_COMMAND = {"suggest_introductions", "report_summary"}


@dataclass(frozen=True)
class Row:
    size: int
    what: str
    first_ms: float
    median_ms: float
    worst_ms: float
    beside: str = ""  # the floor, or the matching command's whole run
    target_ms: float = TOOL_TARGET_MS


class Session:
    """A running `pln mcp`, spoken to line by line."""

    def __init__(self, db: str) -> None:
        env = {**os.environ, "PLN_DB": db}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [PLN, "mcp", "--read-only"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            env=env,
        )
        self.next_id = 0

    def ask(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": self.next_id, "method": method, "params": params})
        assert self.process.stdout is not None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise SystemExit(f"pln mcp stopped before answering {method}")
            answer: dict[str, Any] = json.loads(line)
            if answer.get("id") == self.next_id:
                if "error" in answer or answer.get("result", {}).get("isError"):
                    raise SystemExit(f"{method} {params}: {json.dumps(answer)[:400]}")
                return answer

    def send(self, message: dict[str, Any]) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(message) + "\n")
        self.process.stdin.flush()

    def initialize(self) -> None:
        self.ask(
            "initialize",
            {
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": {"name": "benchmark", "version": "1"},
            },
        )
        self.send({"jsonrpc": "2.0", "method": "notifications/initialized"})

    def call(self, tool: str, arguments: dict[str, Any]) -> float:
        """Seconds the call took, round trip."""
        began = time.perf_counter()
        self.ask("tools/call", {"name": tool, "arguments": arguments})
        return time.perf_counter() - began

    def close(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(timeout=30)


def calls(db: str) -> list[tuple[str, str, dict[str, Any], list[str]]]:
    """The reading tools, with arguments that find something in a generated
    store, and the command whose --json each returns."""
    import sqlite3

    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        (count,) = conn.execute("SELECT count(*) FROM contact").fetchone()
        met = conn.execute(
            "SELECT e.name FROM event e JOIN contact c ON c.met_event_id = e.id "
            "GROUP BY e.id ORDER BY count(*)"
        ).fetchall()
    someone = str(count // 2)
    typical, largest = met[len(met) // 2][0], met[-1][0]
    return [
        ("agenda", "agenda", {}, ["due"]),
        (
            "find_people 'number talks'",
            "find_people",
            {"text": "number talks"},
            ["list", "--text", "number talks", "--limit", "50"],
        ),
        (
            "find_people tag coaching",
            "find_people",
            {"tags": ["coaching"]},
            ["list", "--tag", "coaching", "--limit", "50"],
        ),
        (f"person_brief {someone}", "person_brief", {"person": someone}, ["show", someone]),
        (
            "event_brief (a median event)",
            "event_brief",
            {"event": typical},
            ["event", "show", typical],
        ),
        (
            "event_brief (the largest)",
            "event_brief",
            {"event": largest},
            ["event", "show", largest],
        ),
        (
            "suggest_introductions 20",
            "suggest_introductions",
            {"limit": 20},
            ["suggest", "--limit", "20"],
        ),
        ("report_summary 90 days", "report_summary", {}, ["report"]),
    ]


def whole_run(db: str, argv: list[str], runs: int) -> float:
    """Median seconds of `pln ARGV --json` as a process."""
    env = {**os.environ, "PLN_DB": db}
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        subprocess.run([PLN, *argv, "--json"], env=env, check=True, capture_output=True)
        times.append(time.perf_counter() - began)
    return statistics.median(times)


def floor() -> float:
    """Seconds of `python -c "import mcp.server.mcpserver"`: the SDK's import alone."""
    began = time.perf_counter()
    subprocess.run([sys.executable, "-c", "import mcp.server.mcpserver"], check=True)
    return time.perf_counter() - began


def start_up(db: str, size: int, starts: int) -> list[Row]:
    """Spawn to `initialize` answered, and spawn to the agenda answered, each
    start beside a run of the floor."""
    ready: list[float] = []
    answered: list[float] = []
    floors: list[float] = []
    for _ in range(starts):
        floors.append(floor())
        session = Session(db)
        session.initialize()
        ready.append(time.perf_counter() - session.started)
        session.call("agenda", {})
        answered.append(time.perf_counter() - session.started)
        session.close()
    beside = f"import mcp: {statistics.median(floors) * 1000:.0f} ms"
    return [
        Row(
            size,
            "start-up to initialize answered",
            ready[0] * 1000,
            *_spread(ready),
            beside,
            START_TARGET_S * 1000,
        ),
        Row(
            size,
            "start-up to the first agenda answered",
            answered[0] * 1000,
            *_spread(answered),
            beside,
            START_TARGET_S * 1000,
        ),
    ]


def tools(db: str, size: int, runs: int) -> list[Row]:
    session = Session(db)
    session.initialize()
    rows = []
    for what, tool, arguments, argv in calls(db):
        first = session.call(tool, arguments)
        times = [session.call(tool, arguments) for _ in range(runs)]
        whole = whole_run(db, argv, 3) * 1000
        command = f"pln {' '.join(argv)} --json: {whole:.0f} ms"
        target = whole if tool in AS_COMMAND else TOOL_TARGET_MS
        rows.append(Row(size, what, first * 1000, *_spread(times), command, target))
    session.close()
    return rows


def _spread(times: list[float]) -> tuple[float, float]:
    return statistics.median(times) * 1000, max(times) * 1000


def table(rows: list[Row]) -> str:
    lines = [
        "| size | what | first ms | median ms | worst ms | target | beside it |",
        "| ---: | --- | ---: | ---: | ---: | --- | --- |",
    ]
    for r in rows:
        limit = r.target_ms
        mark = " ✗" if r.median_ms > limit else ""
        lines.append(
            f"| {r.size} | {r.what} | {r.first_ms:.0f} | {r.median_ms:.0f}{mark} "
            f"| {r.worst_ms:.0f} | ≤ {limit:.0f} ms | {r.beside} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a generated store (benchmarks/generate.py)")
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--starts", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = str(Path(folder) / "pln.db")
        shutil.copyfile(args.db, db)
        env = {**os.environ, "PLN_DB": db}
        subprocess.run([PLN, "due"], env=env, check=True, capture_output=True)  # migrate
        import sqlite3

        with sqlite3.connect(db) as conn:
            (size,) = conn.execute("SELECT count(*) FROM contact").fetchone()
        rows = start_up(db, size, args.starts) + tools(db, size, args.runs)
    print(table(rows))


if __name__ == "__main__":
    main()
