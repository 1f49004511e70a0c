"""Time plncrm's main commands as whole processes, beside two floors measured
in the same run, at one or more network sizes.

    python benchmarks/run.py --sizes 1000 10000 50000 --runs 7 --out benchmarks/results.md
    python benchmarks/run.py --sizes 10000 --mail 100000 --no-sync   # and pln mail scan's rows

Floors: `python -c "import typer"` (what any Typer CLI pays: the bar for
help, TAB, the everyday screens and the everyday writes, which all go through
sqlite3) and `python -c "import sqlmodel, typer, rich.table"` (what a command
that still works through the ORM pays). Each command runs `--runs` times, each run right after
a run of its floor; the table gives the median, min and max wall time, the
ratio of the command's median to its floor's median against the command's own
target, how that ratio compares with the same command's at the smallest size
(floor units cancel the machine's drift between sizes), and the peak memory
(max RSS). Networks are generated once per size (benchmarks/generate.py) and
cached in --workdir.

With Taskwarrior installed (`task`, Debian's taskwarrior), the same open
follow-ups are loaded into it (`task import` of JSON); `task next limit:20` is
timed against `pln due`, and `task add` against `pln follow-up` and `pln log`,
interleaved.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import calendar_sync  # noqa: E402
import contacts_sync  # noqa: E402
import mail_scan  # noqa: E402
import taskwarrior  # noqa: E402
from generate import linkedin_csv  # noqa: E402

PYTHON = sys.executable
PLN = str(Path(sys.executable).with_name("pln"))
CLI_FLOOR = [PYTHON, "-c", "import typer"]
STORE_FLOOR = [PYTHON, "-c", "import sqlmodel, typer, rich.table"]
FLOORS = {"cli": CLI_FLOOR, "store": STORE_FLOOR}
GROWTH_TARGET = 1.10  # × floor at a size / × floor at the smallest


@dataclass
class Timing:
    name: str
    floor: str
    target: float
    median: float
    low: float
    high: float
    peak_mb: float


def measure(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], float]:
    times, peak = [], 0.0
    for _ in range(runs):
        began = time.perf_counter()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - began)
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()}")
        peak = max(peak, usage.ru_maxrss / 1024)
    return times, peak


Argv = list[str] | Callable[[int], list[str]]  # a callable: each run's own (`done` needs a task)
Command = tuple[str, str, float, Argv, dict[str, str]]


def open_tasks(db: Path, count: int) -> list[int]:
    """Ids of open follow-ups, one for each run of `pln done`."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        sql = "SELECT id FROM follow_up WHERE status = 'open' ORDER BY id DESC LIMIT ?"
        return [row[0] for row in conn.execute(sql, (count,))]
    finally:
        conn.close()


def commands(size: int, tasks: list[int]) -> list[Command]:
    """(name, floor, target × floor, argv, extra env) for the commands benchmarked at every size."""
    ref = str(size // 2)
    complete = {"_PLN_COMPLETE": "complete_bash", "COMP_WORDS": "pln ad", "COMP_CWORD": "1"}
    name = {"_PLN_COMPLETE": "complete_bash", "COMP_WORDS": "pln show Aiy", "COMP_CWORD": "2"}
    return [
        ("pln --help", "cli", 1.5, [PLN, "--help"], {}),
        ("completion of a command", "cli", 1.5, [PLN], complete),
        ("completion of a contact name", "cli", 1.5, [PLN], name),
        ("pln due", "cli", 2.5, [PLN, "due"], {}),
        (f"pln show {ref}", "cli", 2.5, [PLN, "show", ref], {}),
        ("pln list --tag coaching", "cli", 2.5, [PLN, "list", "--tag", "coaching"], {}),
        ("pln search number talks", "cli", 2.5, [PLN, "search", "number", "talks"], {}),
        # Ten interactions a contact: 50,000 at 5,000 contacts, the measure.
        (
            "pln interactions --text number talks",
            "cli",
            2.5,
            [PLN, "interactions", "--text", "number talks"],
            {},
        ),
        ("pln add-contact", "cli", 2.0, [PLN, "add-contact", "Bench Mark", "--new"], {}),
        (f"pln log {ref}", "cli", 2.0, [PLN, "log", ref, "-m", "benchmark"], {}),
        (
            f"pln follow-up {ref}",
            "cli",
            2.0,
            [PLN, "follow-up", ref, "Send the slides", "--due", "friday"],
            {},
        ),
        ("pln done", "cli", 2.0, lambda run: [PLN, "done", str(tasks[run])], {}),
        ("pln tag", "cli", 2.0, [PLN, "tag", ref, "benchmark"], {}),
        ("pln suggest --limit 20", "store", 2.0, [PLN, "suggest", "--limit", "20"], {}),
    ]


def ref_of(size: int) -> str:
    return str(size // 2)


def run_size(
    size: int, runs: int, workdir: Path, versus: list[taskwarrior.Row],
    calendars: list[calendar_sync.Row], books: list[contacts_sync.Row], sync: bool = True,
) -> tuple[list[Timing], dict[str, float]]:  # fmt: skip
    db = workdir / f"pln-{size}.db"
    if not db.exists():
        began = time.perf_counter()
        # In a child: forked from a parent grown by a generation, every command
        # would report that parent's memory as its own peak.
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--contacts", str(size), "--db", str(db)],
                       check=True)  # fmt: skip
        print(f"  generated {size} contacts in {time.perf_counter() - began:.1f}s", flush=True)
    work = workdir / f"work-{size}.db"
    for leftover in workdir.glob(f"work-{size}.db*"):
        leftover.unlink()
    shutil.copy(db, work)
    env = dict(os.environ, PLN_DB=str(work), COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    measure([PLN, "due"], env, 1)  # warm up: bytecode, page cache, any pending migration
    floors: dict[str, float] = {}
    results = []
    for name, floor, target, argv, extra in commands(size, open_tasks(work, runs)):
        # Interleave the command with its floor, so that both see the same machine.
        times, floor_times, peak = [], [], 0.0
        for run in range(runs):
            t, _ = measure(FLOORS[floor], env, 1)
            floor_times += t
            t, p = measure(argv(run) if callable(argv) else argv, {**env, **extra}, 1)
            times += t
            peak = max(peak, p)
        floors[name] = statistics.median(floor_times)
        results.append(
            Timing(name, floor, target, statistics.median(times), min(times), max(times), peak)
        )
        print(f"  {name}: {statistics.median(times):.3f}s (floor {floors[name]:.3f}s)", flush=True)
    if sync:
        _syncs(size, db, workdir, env, runs, calendars, books)
    _versus_taskwarrior(size, work, workdir, env, runs, versus)
    floors.update(_import(size, workdir, env))
    return results, floors


def _syncs(
    size: int, db: Path, workdir: Path, env: dict[str, str], runs: int,
    calendars: list[calendar_sync.Row], books: list[contacts_sync.Row],
) -> None:  # fmt: skip
    """The calendar folder's and the address book's sync at this size."""
    calendars.append(calendar_sync.compare(size, db, workdir, PLN, env, runs, measure))
    c = calendars[-1]
    print(
        f"  calendar sync: first {c.first:.2f}s (files floor {c.files_floor:.2f}s), "
        f"unchanged {c.unchanged:.2f}s, after a change {c.after_change:.2f}s, "
        f"hook {c.hook_ms:+.0f} ms",
        flush=True,
    )
    book = contacts_sync.compare(size, db, workdir, PLN, env, runs, measure)
    if book is not None:
        books.append(book)
        print(
            f"  sync contacts: first {book.first:.2f}s, unchanged {book.unchanged:.2f}s", flush=True
        )


def _versus_taskwarrior(
    size: int, work: Path, workdir: Path, env: dict[str, str], runs: int,
    versus: list[taskwarrior.Row],
) -> None:  # fmt: skip
    pln = {"due": [PLN, "due"], "follow-up": [PLN, "follow-up", ref_of(size), "Call back", "--due",
           "friday"], "log": [PLN, "log", ref_of(size), "-m", "called"]}  # fmt: skip
    row = taskwarrior.compare(size, work, workdir, pln, env, runs, measure)
    if row is not None:
        versus.append(row)
        print(f"  task next {row.task_next:.3f}s, pln due {row.pln_due:.3f}s; task add "
              f"{row.task_add:.3f}s, pln follow-up {row.pln_follow_up:.3f}s, pln log "
              f"{row.pln_log:.3f}s", flush=True)  # fmt: skip


def _import(size: int, workdir: Path, env: dict[str, str]) -> dict[str, float]:
    """A LinkedIn export of `size` rows into a new store: rows per second and peak memory."""
    rows = size
    csv_path = workdir / f"linkedin-{rows}.csv"
    if not csv_path.exists():
        linkedin_csv(csv_path, rows)
    target = workdir / f"import-{size}.db"
    for leftover in workdir.glob(f"import-{size}.db*"):
        leftover.unlink()
    # The store made first, as a user's is: the import itself, not the schema's creation.
    measure([PLN, "--db", str(target), "due"], env, 1)
    began = time.perf_counter()
    # As after a conference: everyone met at one event, so every row also arms a strike-out guard.
    _, peak = measure([PLN, "--db", str(target), "import", "linkedin", str(csv_path),
                           "--met-at", "Benchmark Expo"], env, 1)  # fmt: skip
    elapsed = time.perf_counter() - began
    return {"import_rows_per_s": rows / elapsed, "import_peak_mb": peak}


WHOLE_NETWORK_MB = 300


def whole_network(size: int, runs: int, workdir: Path) -> list[Timing]:
    """Commands that read every contact, on one large network: time and peak
    memory (target: under WHOLE_NETWORK_MB at any size). `list --all` and
    `export vcard` stream the same way but draw or serialise each contact
    through Rich and vobject: minutes at 260,000, so they are left out here."""
    db = workdir / f"pln-{size}.db"
    if not db.exists():
        subprocess.run([PYTHON, str(HERE / "generate.py"), "--contacts", str(size), "--db", str(db)],
                       check=True)  # fmt: skip
    env = dict(os.environ, PLN_DB=str(db), COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = workdir / "whole-network-out"
    measure([PLN, "due"], env, 1)
    results = []
    for name, argv in (
        ("pln export csv", [PLN, "export", "csv", "-o", f"{out}.csv"]),
        ("pln report", [PLN, "report"]),
        ("pln report --json", [PLN, "report", "--json"]),
        ("pln report --html", [PLN, "report", "--html", f"{out}.html"]),
        ("pln report --json --compare previous",
         [PLN, "report", "--json", "--compare", "previous"]),
    ):
        times, peak = measure(argv, env, runs)
        results.append(
            Timing(name, "store", 0, statistics.median(times), min(times), max(times), peak)
        )
        print(f"  {name}: {statistics.median(times):.2f}s, {peak:.0f} MB", flush=True)
    return results


def whole_table(size: int, results: list[Timing]) -> str:
    lines = [
        "",
        f"Commands that read every contact, at {size:,} contacts (target: peak under "
        f"{WHOLE_NETWORK_MB} MB):",
        "",
        "| size | command | median s | min–max s | peak MB |",
        "| ---: | --- | ---: | ---: | ---: |",
    ]
    for r in results:
        mark = "" if r.peak_mb <= WHOLE_NETWORK_MB else " ✗"
        lines.append(
            f"| {size} | {r.name} | {r.median:.2f} | {r.low:.2f}–{r.high:.2f} | {r.peak_mb:.0f}{mark} |"
        )
    return "\n".join(lines) + "\n"


def table(all_results: dict[int, tuple[list[Timing], dict[str, float]]]) -> str:
    sizes = sorted(all_results)
    smallest, smallest_floors = all_results[sizes[0]]
    lines = [
        f"Machine: {platform.platform()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "",
        "Floors, measured alternately with each command: `import typer` (cli) for --help, TAB,",
        "the screens and the everyday writes, all through sqlite3; `import sqlmodel, typer,",
        'rich.table` (store) for what still works through the ORM. "vs smallest" compares the × floor ratios,',
        "so that the machine's drift between sizes does not count as growth (target ≤ "
        f"{GROWTH_TARGET}).",
        "",
        "| size | command | median s | min–max s | floor | × floor | target | vs smallest | peak MB |",
        "| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for size in sizes:
        results, floors = all_results[size]
        for r, base in zip(results, smallest, strict=True):
            ratio = r.median / floors[r.name]
            # In floor units: each size runs minutes apart, and a shared machine's
            # speed drifts between them; the floor measured alongside cancels that.
            growth = ratio / (base.median / smallest_floors[base.name])
            mark = "" if ratio <= r.target else " ✗"
            grown = "" if growth <= GROWTH_TARGET else " ✗"
            lines.append(f"| {size} | {r.name} | {r.median:.3f} | {r.low:.3f}–{r.high:.3f} | {r.floor} | "
                         f"{ratio:.2f}{mark} | ≤ {r.target} | {growth:.2f}{grown} | {r.peak_mb:.0f} |")  # fmt: skip
        lines.append(f"| {size} | pln import linkedin --met-at ({size} rows) | {size / floors['import_rows_per_s']:.2f} | "
                     f"{floors['import_rows_per_s']:.0f} rows/s | | | ≥ 5000 rows/s | | {floors['import_peak_mb']:.0f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pln-bench"))
    parser.add_argument("--out", type=Path, default=HERE / "results.md")
    parser.add_argument("--no-sync", action="store_true",
                        help="leave out the calendar and address-book syncs (minutes at 50,000)")  # fmt: skip
    parser.add_argument("--whole-network", type=int, metavar="SIZE",
                        help="also time export csv and report at SIZE contacts")  # fmt: skip
    parser.add_argument("--mail", type=int, metavar="MESSAGES", default=0,
                        help="also time pln mail scan of a MESSAGES-message Maildir and mbox at each size")  # fmt: skip
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    results = {}
    versus: list[taskwarrior.Row] = []
    calendars: list[calendar_sync.Row] = []
    books: list[contacts_sync.Row] = []
    mails: list[mail_scan.Row] = []
    for size in args.sizes:
        print(f"size {size}", flush=True)
        results[size] = run_size(size, args.runs, args.workdir, versus, calendars, books,
                                 sync=not args.no_sync)  # fmt: skip
        if args.mail:
            env = dict(os.environ, COLUMNS="100")
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            mails.append(mail_scan.compare(args.workdir / f"pln-{size}.db", args.workdir, PLN, env,
                                           args.runs, args.mail, measure))  # fmt: skip
            m = mails[-1]
            print(f"  mail scan of {args.mail}: Maildir {m.maildir_first:.1f}s (again "
                  f"{m.maildir_again:.2f}s), mbox {m.mbox_first:.1f}s (again {m.mbox_again:.2f}s)",
                  flush=True)  # fmt: skip
    text = table(results) if results else ""
    calendar_sync.cleanup()
    if calendars:
        text += calendar_sync.table(calendars)
    if books:
        text += contacts_sync.table(books)
    if versus:
        text += taskwarrior.table(versus)
    if mails:
        text += mail_scan.table(mails)
    if args.whole_network:
        print(f"whole network, {args.whole_network}", flush=True)
        whole = whole_network(args.whole_network, max(1, args.runs // 3), args.workdir)
        text += whole_table(args.whole_network, whole)
    args.out.write_text(text)
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
