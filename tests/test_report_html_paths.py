"""Where `pln report --html` writes, and what it says when it cannot: one
line and the exit code of docs/exit-codes.md, never a traceback, never a file
under a name that promises something else (issue 33)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import Pln


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("", "--html needs a file name"),
        ("out/", "is a folder: name a file in it"),  # a Path forgets the slash: it wrote "out"
        ("folder", "is a folder: name a file in it"),
        ("q3.pdf", "writes an HTML page, not PDF: name it q3.html (then print it to PDF"),
        ("q3.SVG", "writes an HTML page, not SVG: name it q3.html"),
        ("q3\n.html", "q3\\n.html: the name holds a control character"),
        ("q3\x1b[31m.html", "the name holds a control character"),
    ],
    ids=["empty", "trailing slash", "a folder", "pdf", "svg", "newline", "escape"],
)
def test_a_name_that_is_no_html_file_is_refused_and_nothing_is_written(
    pln: Pln, tmp_path: Path, name: str, said: str
) -> None:
    (tmp_path / "folder").mkdir()
    before = sorted(os.listdir(tmp_path))
    target = f"{tmp_path}/{name}" if name else ""
    result = pln("report", "--html", target, ok=False)
    assert result.exit_code == 5, result.stderr
    assert said in result.stderr
    assert result.stderr.count("\n") == 1
    assert "\x1b" not in result.stderr
    assert result.stdout == ""
    assert sorted(os.listdir(tmp_path)) == before


def test_a_folder_that_takes_no_files_says_so(pln: Pln) -> None:
    """/proc is there, but makes no new file: not "no such folder"."""
    result = pln("report", "--html", "/proc/report.html", ok=False)
    assert result.exit_code == 9
    assert result.stderr == (
        "pln: cannot write /proc/report.html: no new file can be made there (/proc)\n"
    )


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("args", [["report", "--html", "-"], ["export", "json", "-o", "-"]])
def test_a_full_standard_output_is_one_line_and_exit_9(store_url: str, args: list[str]) -> None:
    """`pln report --html - > /dev/full` was an internal error (exit 1)."""
    script = "import sys\nsys.argv = ['pln', *sys.argv[1:]]\nfrom plncrm.cli import main\nmain()"
    with open("/dev/full", "wb") as full:
        result = subprocess.run(
            [sys.executable, "-c", script, *args],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
        )
    assert result.returncode == 9, result.stderr
    assert result.stderr == "pln: cannot write standard output: no space left on the device\n"
