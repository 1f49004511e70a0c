"""The benchmark's network generator keeps working with the store (timings are not tested here)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import Pln

pytestmark = pytest.mark.slow  # a whole generated network

GENERATE = Path(__file__).parents[1] / "benchmarks" / "generate.py"


def load_generator():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("pln_bench_generate", GENERATE)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_generated_network_loads_and_serves_commands(tmp_path: Path) -> None:
    generator = load_generator()
    db = tmp_path / "bench.db"
    counts = generator.generate(str(db), 200, today=date(2026, 11, 29))
    assert counts["contact"] == 200
    assert counts["interaction"] == 2000
    assert counts["introduction"] == 20
    pln = Pln()
    assert len(pln.json("--db", str(db), "due", "--limit", "0")) > 0
    assert pln.json("--db", str(db), "suggest", "--limit", "5")
    assert "Showing 50 of" in pln("--db", str(db), "list").stdout
    csv_file = tmp_path / "connections.csv"
    generator.linkedin_csv(csv_file, 300)
    report = pln.json("--db", str(tmp_path / "import.db"), "import", "linkedin", str(csv_file))
    assert report["added"] == 300
