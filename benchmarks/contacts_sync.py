"""The address book rows: `pln sync contacts` of a generated network into an
empty folder (one vCard per contact), then again with nothing changed.
Targets at 1,000 contacts: under 30 s the first time, under 2 s unchanged.
Run up to 10,000 contacts (each first card is drawn by vobject: minutes at
50,000)."""

from __future__ import annotations

import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIRST_TARGET, UNCHANGED_TARGET = 30.0, 2.0  # seconds, at 1,000 contacts
LARGEST = 10_000

Measure = Callable[[list[str], dict[str, str], int], tuple[list[float], float]]


@dataclass
class Row:
    size: int
    first: float
    unchanged: float


def compare(size: int, db: Path, workdir: Path, pln: str, env: dict[str, str], runs: int,
            measure: Measure) -> Row | None:  # fmt: skip
    if size > LARGEST:
        return None
    work = workdir / f"contacts-{size}.db"
    shutil.copy(db, work)
    folder = workdir / f"contacts-{size}"
    shutil.rmtree(folder, ignore_errors=True)
    env = dict(env, PLN_DB=str(work))
    began = time.perf_counter()
    measure([pln, "sync", "contacts", str(folder)], env, 1)
    first = time.perf_counter() - began
    again, _ = measure([pln, "sync", "contacts", str(folder)], env, runs)
    shutil.rmtree(folder, ignore_errors=True)
    return Row(size, first, statistics.median(again))


def table(rows: list[Row]) -> str:
    lines = [
        "",
        "`pln sync contacts` (one vCard per contact, both ways): into an empty folder, then again",
        f"with nothing changed (targets at 1,000: {FIRST_TARGET:.0f} s and {UNCHANGED_TARGET:.0f} s).",
        "",
        "| size | first s | unchanged s |",
        "| ---: | ---: | ---: |",
    ]
    for r in rows:
        first = "" if r.size > 1000 or r.first <= FIRST_TARGET else " ✗"
        same = "" if r.size > 1000 or r.unchanged <= UNCHANGED_TARGET else " ✗"
        lines.append(f"| {r.size} | {r.first:.2f}{first} | {r.unchanged:.2f}{same} |")
    return "\n".join(lines) + "\n"
