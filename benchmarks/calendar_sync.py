"""The calendar rows: `pln calendar sync` of a generated network, the first
time into an empty folder, again with nothing changed, and again after one
change made without the `calendar.dir` hook (every entry compared); and what
the hook adds to a writing command (`pln log`), timed interleaved with the
same command on a copy of the store without `calendar.dir`.

The first sync creates one file per entry, so its floor is the disk's: the
same number of files of the same size created by a bare Python loop in an
empty folder, measured just before it (`files floor`). On the development
machine that floor alone moved between 2 and 40 s for 56,000 files from one
run to the next (an ext4 volume mounted with `discard`, shared): deleting tens
of thousands of files slows creating them for a while after, so every folder
is new and the folders are deleted only once all rows are measured (`cleanup`).
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIRST_TARGET, UNCHANGED_TARGET = 10.0, 1.0  # seconds, at 50,000 contacts


@dataclass
class Row:
    size: int
    entries: int
    first: float
    files_floor: float
    unchanged: float
    after_change: float
    hook_ms: float


def _files_floor(folder: Path, count: int, size: int) -> float:
    folder.mkdir()
    data = b"x" * size
    began = time.perf_counter()
    for i in range(count):
        fd = os.open(folder / f"pln-follow-up-{i}.ics", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        os.write(fd, data)
        os.fstat(fd)
        os.close(fd)
    return time.perf_counter() - began


LEFT: list[Path] = []  # folders to delete once every row is measured


def _fresh(workdir: Path, name: str) -> Path:
    folder = workdir / f"{name}-{os.getpid()}-{time.time_ns()}"
    LEFT.append(folder)
    return folder


def cleanup() -> None:
    for folder in LEFT:
        shutil.rmtree(folder, ignore_errors=True)
    LEFT.clear()


Measure = Callable[[list[str], dict[str, str], int], tuple[list[float], float]]


def compare(size: int, db: Path, workdir: Path, pln: str, env: dict[str, str], runs: int,
            measure: Measure) -> Row:  # fmt: skip
    work = workdir / f"calendar-{size}.db"
    shutil.copy(db, work)
    plain = workdir / f"calendar-{size}-nohook.db"
    shutil.copy(db, plain)
    folder, floor_dir = (
        _fresh(workdir, f"calendar-{size}"),
        _fresh(workdir, f"calendar-floor-{size}"),
    )
    subprocess.run(["sync"], check=False)  # what earlier rows wrote is on the disk first
    env = dict(env, PLN_DB=str(work))
    began = time.perf_counter()
    measure([pln, "calendar", "sync", str(folder)], env, 1)
    first = time.perf_counter() - began
    files = list(folder.glob("pln-*.ics"))
    average = sum(f.stat().st_size for f in files[:1000]) // max(1, min(len(files), 1000))
    floor = _files_floor(floor_dir, len(files), average)
    unchanged, _ = measure([pln, "calendar", "sync", str(folder)], env, runs)
    after = []
    for i in range(max(1, runs // 2)):
        measure([pln, "log", str(size // 3 + i), "-m", "benchmark"], env, 1)  # no hook yet
        t, _ = measure([pln, "calendar", "sync", str(folder)], env, 1)
        after += t
    measure([pln, "config", "calendar.dir", str(folder)], env, 1)
    ref = str(size // 2)
    with_hook, without = [], []
    for _ in range(runs):
        t, _ = measure([pln, "log", ref, "-m", "benchmark"], dict(env, PLN_DB=str(plain)), 1)
        without += t
        t, _ = measure([pln, "log", ref, "-m", "benchmark"], env, 1)
        with_hook += t
    return Row(size, len(files), first, floor, statistics.median(unchanged),
               statistics.median(after),
               (statistics.median(with_hook) - statistics.median(without)) * 1000)  # fmt: skip


def table(rows: list[Row]) -> str:
    lines = [
        "",
        "`pln calendar sync` (one .ics per entry: open follow-ups, keep-in-touch dates,",
        "introduction steps, hosted events). First: into an empty folder, beside the disk's",
        "floor for as many files; unchanged: again, nothing changed (target under "
        f"{UNCHANGED_TARGET:.0f} s); after a change: after a `pln log` made without the hook,",
        "every entry compared; hook: what `calendar.dir` adds to `pln log` (medians, interleaved).",
        "",
        "| size | entries | first s | files floor s | unchanged s | after a change s | hook ms |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        first = "" if r.first <= FIRST_TARGET else " ✗"
        same = "" if r.unchanged <= UNCHANGED_TARGET else " ✗"
        lines.append(f"| {r.size} | {r.entries} | {r.first:.2f}{first} | {r.files_floor:.2f} | "
                     f"{r.unchanged:.2f}{same} | {r.after_change:.2f} | {r.hook_ms:+.0f} |")  # fmt: skip
    return "\n".join(lines) + "\n"
