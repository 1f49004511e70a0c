"""`pln mail scan` over a generated mailbox: a first scan of a Maildir (an inbox
and a sent folder, as mbsync keeps them) and of an mbox holding the same
messages (a Google Takeout), then a re-scan with nothing new.

    python benchmarks/mail_scan.py --db /tmp/pln-bench/pln-10000.db --messages 100000

The messages are as a partnerships lead's mail is: about a third exchanged
with contacts of the store (in and out, some to two at once, replies with
In-Reply-To), a quarter from mailing lists and newsletters, a sixth from
automated senders, the rest with people not in the network; each with the
header block of real mail (Received lines, a DKIM signature) and a body of a
few kilobytes, one in a hundred with an attachment of 200 kB.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

ME = "pat@district.example"
PAT = f"Pat Partner <{ME}>"
TARGET_FIRST = 60.0  # seconds for a first scan of 100,000 messages
TARGET_AGAIN = 1.0  # seconds for a re-scan with nothing new


def _addresses(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        sql = (
            "SELECT c.name, d.value FROM contact_detail d JOIN contact c ON c.id = d.contact_id "
            "WHERE d.kind = 'email' ORDER BY d.id"
        )
        return list(conn.execute(sql))
    finally:
        conn.close()


def _header(rng: random.Random, n: int, sender: str, to: str, subject: str, when: datetime,
            extra: str = "") -> str:  # fmt: skip
    hop = format_datetime(when + timedelta(seconds=rng.randint(1, 90)))
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    signature = "".join(rng.choice(letters) for _ in range(300))
    return (
        f"Return-Path: <{sender.split('<')[-1].rstrip('>')}>\n"
        f"Delivered-To: {ME}\n"
        f"Received: from mx{n % 7}.example.net (mx{n % 7}.example.net [192.0.2.{n % 250}])\n"
        f"\tby mail.district.example (Postfix) with ESMTPS id {n:010X}\n"
        f"\tfor <{ME}>; {hop}\n"
        f"Received: from [10.0.{n % 250}.2] (unknown [198.51.100.{n % 250}])\n"
        f"\tby mx{n % 7}.example.net (Postfix) with ESMTPSA id {n * 7:08X}; {hop}\n"
        f"DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.net; s=s{n % 3};\n"
        f"\th=from:to:subject:date:message-id; bh={signature[:44]}=;\n"
        f"\tb={signature[44:120]}\n\t {signature[120:]}\n"
        f"Message-ID: <m{n}.{rng.getrandbits(40):x}@example.net>\n"
        f"Date: {format_datetime(when)}\n"
        f"From: {sender}\n"
        f"To: {to}\n"
        f"Subject: {subject}\n"
        f"{extra}"
        "MIME-Version: 1.0\n"
        'Content-Type: text/plain; charset="UTF-8"\n'
        "Content-Transfer-Encoding: 8bit\n"
    )


def messages(db: Path, count: int, seed: int = 29) -> Iterator[tuple[bool, bytes]]:
    """(whether it is sent mail, the message) for `count` messages over two years."""
    rng = random.Random(seed)
    people = _addresses(db)
    start = datetime(2025, 1, 1, tzinfo=timezone.utc)
    strangers = [f"Guest {i} <guest{i}@elsewhere.example>" for i in range(count // 20 or 1)]
    subjects = ("Decodable pack", "Slides from the session", "Pilot next term", "Quick question",
                "Coffee at ISTE?", "Grant deadline", "Números y palabras", "Café chat")  # fmt: skip
    for n in range(count):
        when = start + timedelta(seconds=n * (2 * 365 * 86400 // max(count, 1)))
        kind = rng.random()
        subject = rng.choice(subjects)
        extra, sent = "", False
        if kind < 0.34 and people:
            name, address = people[int(rng.paretovariate(1.2) * 7) % len(people)]
            them = f'"{name}" <{address}>'
            if rng.random() < 0.4:
                sent = True
                if rng.random() < 0.15:
                    other = people[rng.randrange(len(people))]
                    them += f', "{other[0]}" <{other[1]}>'
                head = _header(rng, n, PAT, them, subject, when)
            else:
                if rng.random() < 0.5:
                    extra = f"In-Reply-To: <m{max(n - 3, 0)}@example.net>\n"
                head = _header(rng, n, them, PAT, "Re: " + subject, when, extra)
        elif kind < 0.59:
            listed = f"list{n % 40}.lists.example"
            extra = f"List-Id: <{listed}>\nList-Unsubscribe: <mailto:u@lists.example>\n"
            head = _header(rng, n, f"List {n % 40} <list@{listed}>", ME, subject, when, extra)
        elif kind < 0.76:
            alerts = "Alerts <no-reply@service.example>"
            head = _header(rng, n, alerts, ME, "Your weekly summary", when)
        else:
            stranger = strangers[int(rng.paretovariate(1.1) * 3) % len(strangers)]
            sent = rng.random() < 0.3
            pair = (PAT, stranger) if sent else (stranger, PAT)
            head = _header(rng, n, *pair, subject, when)
        size = 200_000 if rng.random() < 0.01 else rng.randint(500, 6000)
        body = ("Hello, this is the body of the message. " * (size // 40 + 1))[:size]
        yield sent, (head + "\n" + body + "\n").encode()


def make_maildir(folder: Path, db: Path, count: int) -> None:
    """An mbsync-style account folder: INBOX and Sent, each with cur/new/tmp."""
    if folder.exists():
        shutil.rmtree(folder)
    for box in ("INBOX", "Sent"):
        for sub in ("cur", "new", "tmp"):
            (folder / box / sub).mkdir(parents=True)
    for n, (sent, data) in enumerate(messages(db, count)):
        name = f"{1_700_000_000 + n}.{n}_{n % 97}.bench,U={n + 1}:2,S"
        (folder / ("Sent" if sent else "INBOX") / "cur" / name).write_bytes(data)


def make_mbox(path: Path, db: Path, count: int) -> None:
    """The same messages in one mbox file, as a Takeout writes it."""
    with path.open("wb") as out:
        for n, (_, data) in enumerate(messages(db, count)):
            out.write(f"From {n}@xxx Mon Jan  1 00:00:00 +0000 2025\n".encode())
            out.write(data.replace(b"\nFrom ", b"\n>From "))
            out.write(b"\n")


@dataclass
class Row:
    messages: int
    contacts: int
    maildir_first: float
    maildir_again: float
    mbox_first: float
    mbox_again: float
    logged: int
    peak_mb: float


Measure = Callable[[list[str], dict[str, str], int], tuple[list[float], float]]


def compare(db: Path, workdir: Path, pln: str, env: dict[str, str], runs: int, count: int,
            measure: Measure) -> Row:  # fmt: skip
    """Time the scans of `count` messages into copies of the store `db`."""
    folder, box = workdir / f"maildir-{count}", workdir / f"mail-{count}.mbox"
    if not (folder / "Sent").exists():
        make_maildir(folder, db, count)
    if not box.exists():
        make_mbox(box, db, count)
    results: dict[str, tuple[float, float]] = {}
    logged = 0
    peak = 0.0
    for name, source in (("maildir", folder), ("mbox", box)):
        work = workdir / f"mail-work-{name}.db"
        for leftover in workdir.glob(f"mail-work-{name}.db*"):
            leftover.unlink()
        shutil.copy(db, work)
        here = dict(env, PLN_DB=str(work))
        measure([pln, "config", "mail.from", f"Pat Partner <{ME}>"], here, 1)
        first, p = measure([pln, "mail", "scan", str(source)], here, 1)
        again, _ = measure([pln, "mail", "scan", str(source)], here, runs)
        peak = max(peak, p)
        results[name] = (first[0], sorted(again)[len(again) // 2])
        conn = sqlite3.connect(work)
        sql = "SELECT count(*) FROM interaction WHERE message_id IS NOT NULL"
        logged = conn.execute(sql).fetchone()[0]
        contacts = conn.execute("SELECT count(*) FROM contact").fetchone()[0]
        conn.close()
    return Row(count, contacts, *results["maildir"], *results["mbox"], logged, peak)


def table(rows: list[Row]) -> str:
    lines = [
        "",
        f"`pln mail scan` (targets: a first scan of 100,000 messages within {TARGET_FIRST:.0f} s, "
        f"a re-scan with nothing new within {TARGET_AGAIN:.0f} s):",
        "",
        "| messages | contacts | source | first scan s | re-scan s | emails logged | peak MB |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        for source, first, again in (("Maildir", r.maildir_first, r.maildir_again),
                                     ("mbox", r.mbox_first, r.mbox_again)):  # fmt: skip
            mark_first = "" if first <= TARGET_FIRST * r.messages / 100_000 else " ✗"
            mark_again = "" if again <= TARGET_AGAIN else " ✗"
            lines.append(f"| {r.messages} | {r.contacts} | {source} | {first:.1f}{mark_first} | "
                         f"{again:.2f}{mark_again} | {r.logged} | {r.peak_mb:.0f} |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import PLN, measure

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a store (benchmarks/generate.py)")
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/pln-bench"))
    args = parser.parse_args(argv)
    args.workdir.mkdir(parents=True, exist_ok=True)
    began = time.perf_counter()
    env = dict(os.environ, COLUMNS="100")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    subprocess.run([PLN, "--db", str(args.db), "due"], env=env, check=True, capture_output=True)
    row = compare(args.db, args.workdir, PLN, env, args.runs, args.messages, measure)
    print(table([row]))
    print(f"({time.perf_counter() - began:.0f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
