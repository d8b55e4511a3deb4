"""The ips-assess command end to end, run as a subprocess the way a consultant runs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from assess.resources import sample_inputs_dir


def ips_assess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assess", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


def write_workbook(path: Path, headers: list[str], rows: list[list]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Systems"
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path


@pytest.fixture(scope="module")
def sample_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("reports")
    result = ips_assess("run", "--out", str(out), "--as-of", "2026-12-04", "--customer", "Example Landscape AG")
    return result, out


def test_version_prints_version():
    result = ips_assess("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("ips-assess ")


def test_help_lists_commands():
    result = ips_assess("--help")
    assert result.returncode == 0
    for command in ("run", "validate", "rules", "catalog"):
        assert command in result.stdout


def test_sample_run_exits_0(sample_run):
    result, _ = sample_run
    assert result.returncode == 0, result.stderr


def test_sample_run_writes_three_files(sample_run):
    result, out = sample_run
    names = sorted(path.name for path in out.iterdir())
    assert names == [
        "assessment.json",
        "ips-readiness-example-landscape-ag-2026-12-04.pdf",
        "ips-readiness-example-landscape-ag-2026-12-04.xlsx",
    ]
    assert result.stdout.count("wrote ") == 3


def test_sample_run_prints_summary(sample_run):
    result, _ = sample_run
    assert "Assessed 7 tenants (5 on Neo) with 24 systems as of 2026-12-04" in result.stdout
    assert "Highest risks:" in result.stdout


def test_assessment_json_is_complete(sample_run):
    _, out = sample_run
    data = json.loads((out / "assessment.json").read_text(encoding="utf-8"))
    assert data["schema_version"] == 1
    assert data["as_of"] == "2026-12-04"
    finding = data["tenants"][0]["findings"][0]
    assert {"id", "code", "severity", "title", "explanation", "remediation", "evidence"} <= finding.keys()


def test_fail_on_high_exits_1(tmp_path):
    result = ips_assess("run", "--out", str(tmp_path), "--as-of", "2026-12-04", "--fail-on", "high")
    assert result.returncode == 1
    assert "--fail-on" in result.stderr


def test_invalid_as_of_exits_2(tmp_path):
    result = ips_assess("run", "--out", str(tmp_path), "--as-of", "04.12.2026")
    assert result.returncode == 2
    assert "YYYY-MM-DD" in result.stderr
    assert "Traceback" not in result.stderr


def test_missing_input_exits_2(tmp_path):
    result = ips_assess("run", str(tmp_path / "nothing.xlsx"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "not found" in result.stderr


def test_missing_role_column_names_file_and_columns(tmp_path):
    tenants = sample_inputs_dir() / "tenants.xlsx"
    systems = write_workbook(tmp_path / "systems.xlsx", ["Tenant", "System Name", "Connector Type"], [["a7f3e21c9", "X", "SCIM System"]])
    result = ips_assess("run", str(tenants), str(systems), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    assert "systems.xlsx" in result.stderr
    assert "Role" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_role_names_row_and_column(tmp_path):
    tenants = sample_inputs_dir() / "tenants.xlsx"
    headers = ["Tenant", "System Name", "Connector Type", "Role"]
    systems = write_workbook(tmp_path / "systems.xlsx", headers, [["a7f3e21c9", "X", "SCIM System", "Sink"]])
    result = ips_assess("run", str(tenants), str(systems), "--out", str(tmp_path / "out"))
    lines = [line for line in result.stderr.splitlines() if "Sink" in line]
    assert result.returncode == 2
    assert len(lines) == 1
    assert "sheet 'Systems'" in lines[0]
    assert "row 2" in lines[0]
    assert "column 'Role'" in lines[0]


def test_output_into_input_folder_rejected(tmp_path):
    folder = tmp_path / "customer"
    folder.mkdir()
    for source in sample_inputs_dir().glob("*.xlsx"):
        (folder / source.name).write_bytes(source.read_bytes())
    result = ips_assess("run", str(folder), "--out", str(folder))
    assert result.returncode == 2
    assert "--out" in result.stderr


def test_validate_sample_exits_0():
    result = ips_assess("validate", str(sample_inputs_dir()))
    assert result.returncode == 0
    assert "can be assessed" in result.stdout


def test_rules_lists_codes():
    result = ips_assess("rules")
    assert result.returncode == 0
    assert "AVL-IAG-ONLY" in result.stdout
    assert "API-IAS-V1-ENDED" in result.stdout


def test_sigterm_leaves_no_temporary_files(tmp_path):
    import signal
    import time

    process = subprocess.Popen(
        [sys.executable, "-m", "assess", "run", "--out", str(tmp_path), "--as-of", "2026-12-04"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    time.sleep(3)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=120)

    assert process.returncode in (0, 143), stderr
    assert [path.name for path in tmp_path.iterdir() if path.name.endswith(".tmp")] == []
    assert "Traceback" not in stderr
