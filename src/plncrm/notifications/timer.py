"""Running `pln notify` every morning: a systemd user timer where systemd runs
the session, else a crontab line to add by hand (plncrm never edits a crontab).

Neither ever holds a secret, nor a mask in a secret's place (which would not
authenticate): a database URL is written without its password, which
PostgreSQL's client reads at run time from the password file `~/.pgpass`
(mode 0600; `PGPASSFILE` names another). Each is quoted the way the program
that reads it unquotes: systemd (double quotes with C escapes, `%%` for a
`%`, `$$` for a `$` in an argument) and cron (a shell word, `\\%` for a `%`,
which cron would turn into a line break).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

from plncrm.util.errors import Invalid
from plncrm.util.times import parse_time

UNIT = "pln-notify"


class Timer(NamedTuple):
    service: str  # the .service unit's text
    timer: str  # the .timer unit's text
    crontab: str  # the same as one crontab line


def command(db: str | None, scan_mail: bool = False) -> list[str]:
    """How the timer runs `pln notify`: this very `pln`, on this store (give
    `db` without its password), reading new mail first if `scan_mail`."""
    found = shutil.which("pln") or str(Path(sys.argv[0]).absolute())
    return [found, *(["--db", db] if db else []), "notify", *(["--scan-mail"] if scan_mail else [])]


def _check(word: str) -> str:
    if any(ord(c) < 32 or ord(c) == 127 for c in word):
        raise Invalid(
            f"cannot write a timer for {word[:80]!r}: it holds a line break or a control character"
        )
    return word


def systemd_word(word: str, argument: bool = True) -> str:
    """One word of a systemd unit's ExecStart= (or Environment=, `argument`
    False: no `$` expansion there, nor in the executable's path)."""
    if re.fullmatch(r"[A-Za-z0-9_./:@+,=-]+", word):
        return word  # nothing systemd reads specially
    escaped = _check(word).replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%")
    return f'"{escaped.replace("$", "$$") if argument else escaped}"'


def cron_word(word: str) -> str:
    """One word of a crontab line's command: shell-quoted, `%` escaped."""
    if "\\%" in _check(word):
        raise Invalid(f"cannot write {word[:80]!r} in a crontab line: cron reads \\% as %")
    return shlex.quote(word).replace("%", "\\%")


def units(at: str, argv: list[str], environment: dict[str, str]) -> Timer:
    hour, minute = parse_time(at).split(":")
    line = " ".join(systemd_word(word, argument=i > 0) for i, word in enumerate(argv))
    env = "".join(
        f"Environment={systemd_word(f'{k}={v}', argument=False)}\n"
        for k, v in sorted(environment.items())
    )
    service = (
        "[Unit]\nDescription=pln: send the morning agenda\n"
        "After=network-online.target\nWants=network-online.target\n\n"
        f"[Service]\nType=oneshot\n{env}ExecStart={line}\n"
    )
    timer = (
        "[Unit]\nDescription=pln: the morning agenda, every day\n\n"
        f"[Timer]\nOnCalendar=*-*-* {hour}:{minute}:00\nPersistent=true\n\n"
        "[Install]\nWantedBy=timers.target\n"
    )
    words = [f"{k}={cron_word(v)}" for k, v in sorted(environment.items())]
    words += [cron_word(word) for word in argv]
    crontab = f"{int(minute)} {int(hour)} * * * {' '.join(words)}"
    return Timer(service, timer, crontab)


def systemd_folder() -> Path | None:
    """Where user units go, when systemd runs this session."""
    if not Path("/run/systemd/system").is_dir() or shutil.which("systemctl") is None:
        return None
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"
