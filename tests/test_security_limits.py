"""Reader limits as command-line options: --max-cells and --max-uncompressed-mb."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.core import read_options
from assess.ingest import ReadOptions

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
WORKBOOK = FIXTURES / "tenants_and_systems.xlsx"


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


@pytest.fixture(scope="module")
def large_workbook(tmp_path_factory) -> Path:
    """A workbook of about 3 MiB of text, which deflates to a few kilobytes."""
    path = tmp_path_factory.mktemp("large") / "large_text.xlsx"
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Tenant ID", "Display Name"])
    for number in range(100):
        sheet.append([f"t{number}", "x" * 30_000])
    workbook.save(path)
    return path


def test_read_options_defaults_kept():
    assert read_options(None, None, None, None) == ReadOptions()


def test_read_options_limits_set():
    options = read_options(None, None, 10, 2**20)
    assert (options.max_cells, options.max_uncompressed_bytes) == (10, 2**20)


@pytest.mark.parametrize("command", ["run", "validate"])
def test_max_cells_rejects_sheet(command, tmp_path):
    arguments = ["--out", str(tmp_path)] if command == "run" else []
    result = invoke(command, str(WORKBOOK), "--max-cells", "10", *arguments)
    assert result.exit_code == 2


@pytest.mark.parametrize("command", ["run", "validate"])
def test_max_cells_message(command, tmp_path):
    arguments = ["--out", str(tmp_path)] if command == "run" else []
    result = invoke(command, str(WORKBOOK), "--max-cells", "10", *arguments)
    (line,) = [line for line in result.output.splitlines() if "sheet 'Tenants'" in line]
    assert str(WORKBOOK) in line
    assert "more than the limit of 10 cells" in line
    assert "raise the limit with --max-cells (now 10 cells)" in line


def test_max_cells_message_states_size(tmp_path):
    result = invoke("validate", str(WORKBOOK), "--max-cells", "10")
    (line,) = [line for line in result.output.splitlines() if "sheet 'Tenants'" in line]
    assert "the sheet spans " in line


def test_max_uncompressed_rejects_file(large_workbook):
    result = invoke("validate", str(large_workbook), "--max-uncompressed-mb", "1")
    assert result.exit_code == 2


def test_max_uncompressed_message(large_workbook):
    result = invoke("validate", str(large_workbook), "--max-uncompressed-mb", "1")
    (line,) = [line for line in result.output.splitlines() if "unpack" in line]
    assert line.startswith(f"error: {large_workbook}: the workbook would unpack to ")
    assert "more than the limit of 1.0 MiB" in line
    assert line.endswith("raise the limit with --max-uncompressed-mb (now 1 MiB)")


def test_max_uncompressed_on_run(large_workbook, tmp_path):
    result = invoke("run", str(large_workbook), "--max-uncompressed-mb", "1", "--out", str(tmp_path))
    assert "raise the limit with --max-uncompressed-mb (now 1 MiB)" in result.output


def test_raised_limit_reads_file(large_workbook):
    result = invoke("validate", str(large_workbook), "--max-uncompressed-mb", "10")
    assert "unpack" not in result.output


@pytest.mark.parametrize("option", ["--max-cells", "--max-uncompressed-mb"])
def test_limit_below_one_rejected(option):
    result = invoke("validate", str(WORKBOOK), option, "0")
    assert result.exit_code == 2
