"""Running `pln notify` every morning: a systemd user timer where systemd runs
the session, else a crontab line to add by hand (plncrm never edits a crontab)."""

from __future__ import annotations

import os
import shlex
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

from plncrm.util.times import parse_time

UNIT = "pln-notify"


class Timer(NamedTuple):
    service: str  # the .service unit's text
    timer: str  # the .timer unit's text
    crontab: str  # the same as one crontab line


def command(db: str | None) -> list[str]:
    """How the timer runs `pln notify`: this very `pln`, on this store."""
    found = shutil.which("pln") or str(Path(sys.argv[0]).absolute())
    return [found, *(["--db", db] if db else []), "notify"]


def units(at: str, argv: list[str], environment: dict[str, str]) -> Timer:
    hour, minute = parse_time(at).split(":")
    line = shlex.join(argv)
    env = "".join(
        f"Environment={shlex.quote(f'{k}={v}')}\n" for k, v in sorted(environment.items())
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
    prefix = " ".join(f"{k}={shlex.quote(v)}" for k, v in sorted(environment.items()))
    crontab = f"{int(minute)} {int(hour)} * * * {prefix + ' ' if prefix else ''}{line}"
    return Timer(service, timer, crontab)


def systemd_folder() -> Path | None:
    """Where user units go, when systemd runs this session."""
    if not Path("/run/systemd/system").is_dir() or shutil.which("systemctl") is None:
        return None
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "systemd" / "user"
