"""How `pln` starts and leaves: through Typer's public classes only (no
patched internals), and normally, with Python's atexit handlers run."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

SRC = Path(__file__).parents[1] / "src" / "plncrm"

# Typer's private modules (typer._coercion, typer._click, ...) and names
# (typer.core._TyperParameter), however they are reached, and the private
# parts of its parameters that earlier versions of pln replaced.
PRIVATE_TYPER = re.compile(
    r"typer(\.\w+)*\._\w+"
    r"|from typer(\.\w+)* import [^\n]*(?<![\w.])_\w+"
    r"|_TyperParameter|RuntimeParam|_runtime_param|get_runtime_param"
)


@pytest.mark.parametrize(
    "line",
    [
        "from typer import _coercion, core",
        "from typer.core import TyperGroup, _TyperParameter",
        "original = getattr(core, '_TyperParameter', None)",
        "typer.core._TyperParameter.display_type = display_type",
        "from typer._click import Context",
        "param._runtime_param = None",
    ],
)
def test_the_check_finds_private_typer(line: str) -> None:
    assert PRIVATE_TYPER.search(line)


def test_no_module_touches_typers_internals() -> None:
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()}"
        for path in sorted(SRC.rglob("*.py"))
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if PRIVATE_TYPER.search(line)
    ]
    assert found == []


def _pln(
    *args: str, before: str = "", stdout: int | None = subprocess.PIPE
) -> subprocess.CompletedProcess[str]:
    """`pln ARGS` as the installed script runs it, with `before` run first."""
    script = "\n".join(
        [
            "import sys",
            before,
            "sys.argv = ['pln', *sys.argv[1:]]",
            "from plncrm.cli import main",
            "main()",
        ]
    )
    return subprocess.run(
        [sys.executable, "-c", script, *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        text=True,
        timeout=60,
    )


AT_EXIT = "import atexit\natexit.register(lambda: print('left normally', file=sys.stderr))"


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["--version"], 0),
        (["--help"], 0),
        (["due"], 0),
        (["show", "nobody at all"], 3),
        (["lst"], 2),
        (["add-contact", "Ana Lima"], 0),
    ],
    ids=["version", "help", "due", "an error", "a typo", "a write"],
)
def test_pln_leaves_normally(store_url: str, args: list[str], code: int) -> None:
    """Python's atexit handlers run, after the command, with its exit code."""
    result = _pln(*args, before=AT_EXIT)
    assert result.returncode == code, result.stderr
    assert result.stderr.splitlines()[-1] == "left normally"


@pytest.mark.parametrize("args", [["--help"], ["list"], ["due"]])
def test_a_reader_that_goes_away_ends_the_output_quietly(store_url: str, args: list[str]) -> None:
    """`pln list | head -0`: no traceback and no "Exception ignored" (the
    status is Click's for a closed pipe, 1, or 0 when pln saw it first)."""
    read, write = os.pipe()
    os.close(read)
    try:
        result = _pln(*args, before=AT_EXIT, stdout=write)
    finally:
        os.close(write)
    assert result.returncode in (0, 1)
    assert result.stderr == "left normally\n"
