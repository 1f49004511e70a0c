"""The Taskwarrior rows: the same open follow-ups in Taskwarrior and in plncrm,
`task next limit:20` timed against `pln due`, and `task add` against `pln
follow-up` and `pln log` (the commands typed dozens of times after a
conference), interleaved.

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
    task_add: float
    pln_follow_up: float
    pln_log: float


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


Measure = Callable[[list[str], dict[str, str], int], tuple[list[float], float]]


def _interleaved(
    runs: int, measure: Measure, *commands: tuple[list[str], dict[str, str]]
) -> list[float]:
    """Each command's median over `runs` rounds, the commands taking turns."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for spent, (argv, env) in zip(times, commands, strict=True):
            spent += measure(argv, env, 1)[0]
    return [statistics.median(t) for t in times]


def compare(
    size: int, db: Path, workdir: Path, pln: dict[str, list[str]], env: dict[str, str],
    runs: int, measure: Measure,
) -> Row | None:  # fmt: skip
    """Over the same open follow-ups, medians of `runs`: `task next limit:20`
    and `pln due`; `task add` and `pln follow-up`, `pln log` (`pln` names the
    plncrm commands: "due", "follow-up", "log")."""
    if TASK is None:
        return None
    data = workdir / f"task-{size}"
    count = load(db, data)
    task_next = [str(TASK), "next", "limit:20"]
    task_add = [str(TASK), "add", "Call back", "due:friday"]
    measure(task_next, _env(data), 1)  # warm up: its first run renumbers (gc)
    task_next_s, pln_due_s = _interleaved(runs, measure, (task_next, _env(data)), (pln["due"], env))
    task_add_s, follow_up_s, log_s = _interleaved(
        runs, measure, (task_add, _env(data)), (pln["follow-up"], env), (pln["log"], env)
    )
    return Row(size, count, task_next_s, pln_due_s, task_add_s, follow_up_s, log_s)


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
    lines += [
        "",
        "Adding to the same store: `task add` beside `pln follow-up` and `pln log` (target: pln",
        "no slower than `task add` at 10,000 open follow-ups), medians, interleaved:",
        "",
        "| size | open follow-ups | task add s | pln follow-up s | pln log s | slower of the two ÷ task |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        slower = max(r.pln_follow_up, r.pln_log) / r.task_add
        lines.append(f"| {r.size} | {r.tasks} | {r.task_add:.3f} | {r.pln_follow_up:.3f} | "
                     f"{r.pln_log:.3f} | {slower:.2f} |")  # fmt: skip
    return "\n".join(lines) + "\n"
