"""The README's examples name real commands and options (checked against --help)."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
from typer.testing import CliRunner

from plncrm.cli import app

README = Path(__file__).parents[1] / "README.md"
GROUPS = {"intros", "event", "community", "import", "export"}


def examples() -> list[list[str]]:
    text = README.read_text()
    found = []
    for block in re.findall(r"```sh\n(.*?)```", text, re.S):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words[:1] == ["pln"]:
                found.append(words[1:])
    return found


def command_path(words: list[str]) -> list[str]:
    path = [words[0]]
    if words[0] in GROUPS and len(words) > 1 and not words[1].startswith("-"):
        path.append(words[1])
    return path


@pytest.mark.parametrize("words", examples(), ids=lambda w: " ".join(w[:3]))
def test_readme_example_matches_help(words: list[str]) -> None:
    path = command_path(words)
    result = CliRunner().invoke(app, [*path, "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, (path, result.stdout, result.stderr)
    for option in [w.split("=")[0] for w in words if w.startswith("--")]:
        assert option in result.stdout, f"{option} is not an option of pln {' '.join(path)}"


def test_the_readme_has_examples() -> None:
    assert len(examples()) > 40
