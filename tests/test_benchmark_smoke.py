"""Smoke test of benchmarks/run.py on the tiny landscape, so the script keeps working.

It checks that every step runs and that the JSON and the comparison are written. It
asserts no timing, because test machines differ too much for that.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parent.parent / "benchmarks" / "run.py"
STEPS = "--help,ingest,assessment,python-calamine"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    pytest.importorskip("xlsxwriter")
    folder = tmp_path_factory.mktemp("benchmark")
    first = folder / "first.json"
    command = [sys.executable, str(SCRIPT), "--sizes", "tiny", "--repeat", "1", f"--steps={STEPS}",
               "--workdir", str(folder / "work")]
    subprocess.run([*command, "--json", str(first)], check=True, capture_output=True, text=True, timeout=600)
    second = subprocess.run([*command, "--compare", str(first)], check=True, capture_output=True, text=True,
                            timeout=600)
    return json.loads(first.read_text()), second.stdout


def test_benchmark_measures_each_step(tiny_run: tuple[dict, str]) -> None:
    document, _ = tiny_run
    measured = [(row["size"], row["step"]) for row in document["results"]]
    assert measured == [("-", "--help"), ("tiny", "ingest"), ("tiny", "assessment"),
                        ("tiny", "python-calamine")]


def test_benchmark_records_peak_memory(tiny_run: tuple[dict, str]) -> None:
    document, _ = tiny_run
    assert all(row["max_rss_mib"] > 0 for row in document["results"])


def test_benchmark_ratio_to_reference(tiny_run: tuple[dict, str]) -> None:
    document, _ = tiny_run
    assert [row["reference"] for row in document["ratios"]] == ["python-calamine"]


def test_benchmark_records_machine(tiny_run: tuple[dict, str]) -> None:
    document, _ = tiny_run
    assert document["machine"]["cores"] >= 1


def test_benchmark_comparison_table(tiny_run: tuple[dict, str]) -> None:
    _, output = tiny_run
    assert "| tiny | ingest |" in output.split("wall s old")[1]
