"""The Taskwarrior row: the same open follow-ups in Taskwarrior and in plncrm,
`task next limit:20` timed against `pln due`, interleaved.

Each open follow-up of a generated network becomes one pending task (its
title and contact as the description, its due date), loaded once per size
with `task import` into a Taskwarrior data folder cached beside the network.
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

TASK = shutil.which("task")
OPEN = """
SELECT f.id, f.title, f.due, c.name FROM follow_up f LEFT JOIN contact c ON c.id = f.contact_id
WHERE f.status IN ('open', 'snoozed') ORDER BY f.id
"""


@dataclass
class Row:
    size: int
    tasks: int
    task_next: float
    pln_due: float


def _env(data: Path) -> dict[str, str]:
    rc = data / "taskrc"
    return dict(os.environ, TASKRC=str(rc), TASKDATA=str(data))


def load(db: Path, data: Path) -> int:
    """Taskwarrior's copy of the open follow-ups in `db`, in `data` (made once)."""
    conn = sqlite3.connect(db)
    rows = conn.execute(OPEN).fetchall()
    conn.close()
    if (data / "pending.data").exists():
        return len(rows)
    data.mkdir(parents=True, exist_ok=True)
    (data / "taskrc").write_text(f"data.location={data}\nconfirmation=off\nnews.version=2.6.0\n")
    tasks = [
        {
            "uuid": str(uuid.uuid5(uuid.NAMESPACE_OID, f"pln-{fid}")),
            "description": f"{title} ({name})" if name else title,
            "status": "pending",
            "entry": "20261101T000000Z",
            "due": due.replace("-", "")[:8] + "T000000Z",
        }
        for fid, title, due, name in rows
    ]
    source = data / "import.json"
    source.write_text(json.dumps(tasks))
    subprocess.run([str(TASK), "import", str(source)], env=_env(data), check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    return len(rows)


def compare(
    size: int, db: Path, workdir: Path, pln_due: list[str], env: dict[str, str], runs: int,
    measure: Callable[[list[str], dict[str, str], int], tuple[list[float], float]],
) -> Row | None:  # fmt: skip
    """`task next limit:20` and `pln due` over the same open follow-ups, medians of `runs`."""
    if TASK is None:
        return None
    data = workdir / f"task-{size}"
    count = load(db, data)
    task_next = [str(TASK), "next", "limit:20"]
    measure(task_next, _env(data), 1)  # warm up: its first run renumbers (gc)
    task_times, pln_times = [], []
    for _ in range(runs):
        task_times += measure(task_next, _env(data), 1)[0]
        pln_times += measure(pln_due, env, 1)[0]
    return Row(size, count, statistics.median(task_times), statistics.median(pln_times))


def table(rows: list[Row]) -> str:
    lines = [
        "",
        "The same open follow-ups in Taskwarrior (`task next limit:20`) and plncrm (`pln due`),",
        "medians, interleaved (target: pln faster at 10,000, at least 4× faster at 50,000):",
        "",
        "| size | open follow-ups | task next s | pln due s | task ÷ pln |",
        "| ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r.size} | {r.tasks} | {r.task_next:.3f} | {r.pln_due:.3f} | "
                     f"{r.task_next / r.pln_due:.1f} |")  # fmt: skip
    return "\n".join(lines) + "\n"
