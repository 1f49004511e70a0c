"""The layers are kept: import-linter passes on the tree, and fails the moment
a core module imports from the command line."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(LINT), "--config", str(tree / "pyproject.toml")], cwd=tree,
                          capture_output=True, text=True, env={"PYTHONPATH": str(tree / "src"),
                                                               "PATH": "/usr/bin:/bin"})  # fmt: skip


def test_the_layers_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_a_core_module_importing_the_cli_breaks_the_contract(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    refs = tmp_path / "src" / "plncrm" / "core" / "refs.py"
    refs.write_text(refs.read_text() + "\nfrom plncrm.cli.root import app  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "plncrm.core is not allowed to import plncrm.cli" in result.stdout
    assert "plncrm.core.refs -> plncrm.cli.root" in result.stdout
