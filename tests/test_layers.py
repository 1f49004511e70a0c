"""The layers are kept: import-linter passes on the tree, and fails the moment
a core module imports from the command line, or a renderer from the store
(even only for the type checker)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[1]
LINT = Path(sys.executable).with_name("lint-imports")


def lint(tree: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT), "--config", str(tree / "pyproject.toml")],
        cwd=tree,
        capture_output=True,
        text=True,
        env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"},
    )


def test_the_layers_are_kept() -> None:
    result = lint(ROOT)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 3 kept, 0 broken." in result.stdout


def _copy(tmp_path: Path) -> Path:
    """The tree's package and import-linter configuration, to break at will."""
    shutil.copytree(ROOT / "src", tmp_path / "src", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copy(ROOT / "import_contracts.py", tmp_path)  # the contract type of render/'s
    return tmp_path


def test_a_core_module_importing_the_cli_breaks_the_contract(tmp_path: Path) -> None:
    _copy(tmp_path)
    refs = tmp_path / "src" / "plncrm" / "core" / "refs.py"
    refs.write_text(refs.read_text() + "\nfrom plncrm.cli.root import app  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode == 1
    assert "plncrm.core is not allowed to import plncrm.cli" in result.stdout
    assert "plncrm.core.refs -> plncrm.cli.root" in result.stdout


DRAWING_ONLY = "render/ only draws: no store, reads or SQL, not even for types"


@pytest.mark.parametrize(
    ("added", "chain"),
    [
        ("import plncrm.store.engine", "plncrm.render.contacts -> plncrm.store.engine"),
        (
            "if TYPE_CHECKING:\n    from plncrm.store.models import Contact",
            "plncrm.render.contacts -> plncrm.store.models",
        ),
        (
            "if TYPE_CHECKING:\n    from plncrm.reads.contacts import ContactRow",
            "plncrm.render.contacts -> plncrm.reads.contacts",
        ),
        (
            "if TYPE_CHECKING:\n    from sqlmodel import Session",
            "plncrm.render.contacts -> sqlmodel",
        ),
    ],
    ids=["store", "store-for-types", "reads-for-types", "sqlmodel-for-types"],
)
def test_a_renderer_importing_the_store_breaks_the_contract(
    tmp_path: Path, added: str, chain: str
) -> None:
    """Even an import only the type checker sees: `exclude_type_checking_imports`
    leaves those out of the other contracts, not out of this one."""
    _copy(tmp_path)
    contacts = tmp_path / "src" / "plncrm" / "render" / "contacts.py"
    assert "from typing import TYPE_CHECKING" in contacts.read_text()
    contacts.write_text(contacts.read_text() + f"\n{added}  # noqa\n")
    result = lint(tmp_path)
    assert result.returncode == 1, result.stdout
    assert "Contracts: 2 kept, 1 broken." in result.stdout
    broken = result.stdout.split("Broken contracts", 1)[1]
    assert DRAWING_ONLY in broken
    assert chain in broken


def test_the_formatter_decides_the_layout() -> None:
    """Issue 28: `ruff format` lays out the code (a skip only on a true table,
    at most 30 in src/) and no line is over 100 columns (E501 is checked)."""
    import tomllib

    root = Path(__file__).resolve().parents[1]
    skips = sum(p.read_text().count("# fmt: skip") for p in (root / "src").rglob("*.py"))
    assert skips <= 30
    lint = tomllib.loads((root / "pyproject.toml").read_text())["tool"]["ruff"]["lint"]
    assert "E501" not in lint.get("ignore", [])
    assert "E" in lint["select"]
