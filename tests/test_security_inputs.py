"""Inputs are only read: never modified, moved or overwritten by a report, even through symlinks."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.resources import sample_inputs_dir

REPORT_NAME = "ips-readiness-acme-ag-2026-12-04.xlsx"
OPTIONS = ("--customer", "Acme AG", "--as-of", "2026-12-04")


def invoke(*args: str):
    return CliRunner().invoke(app, list(args))


def fingerprint(folder: Path) -> dict[str, tuple[str, int, int, int]]:
    """SHA-256, size, modification time (ns) and mode of every file in ``folder``."""
    prints = {}
    for path in sorted(folder.iterdir()):
        status = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        prints[path.name] = (digest, status.st_size, status.st_mtime_ns, status.st_mode)
    return prints


@pytest.fixture()
def inputs(tmp_path) -> Path:
    folder = tmp_path / "inputs"
    shutil.copytree(sample_inputs_dir(), folder)
    return folder


def test_run_leaves_inputs_unchanged(inputs, tmp_path):
    before = fingerprint(inputs)
    result = invoke("run", str(inputs), "--out", str(tmp_path / "reports"), *OPTIONS)
    assert result.exit_code == 0, result.output
    assert fingerprint(inputs) == before


def test_failed_run_leaves_inputs_unchanged(inputs, tmp_path):
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the report folder's parent should be")
    before = fingerprint(inputs)
    result = invoke("run", str(inputs), "--out", str(blocker / "reports"), *OPTIONS)
    assert result.exit_code == 2, result.output
    assert fingerprint(inputs) == before


def test_validate_leaves_inputs_unchanged(inputs):
    before = fingerprint(inputs)
    invoke("validate", str(inputs))
    assert fingerprint(inputs) == before


@pytest.fixture()
def colliding(inputs) -> Path:
    """The tenants workbook renamed to the workbook report's name."""
    (inputs / "tenants.xlsx").rename(inputs / REPORT_NAME)
    return inputs


def test_out_rejects_colliding_input(colliding):
    before = fingerprint(colliding)
    result = invoke("run", str(colliding / REPORT_NAME), str(colliding / "systems.xlsx"), "--out", str(colliding),
                    *OPTIONS)
    assert result.exit_code == 2
    assert "a report would overwrite the input" in result.output
    assert fingerprint(colliding) == before


def test_out_symlink_rejects_colliding_input(colliding, tmp_path):
    link = tmp_path / "link-to-inputs"
    link.symlink_to(colliding, target_is_directory=True)
    before = fingerprint(colliding)
    result = invoke("run", str(colliding / REPORT_NAME), str(colliding / "systems.xlsx"), "--out", str(link),
                    *OPTIONS)
    assert result.exit_code == 2
    assert "a report would overwrite the input" in result.output
    assert fingerprint(colliding) == before


def test_symlinked_input_rejected(colliding, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "tenants.xlsx").symlink_to(colliding / REPORT_NAME)
    before = fingerprint(colliding)
    result = invoke("run", str(elsewhere / "tenants.xlsx"), str(colliding / "systems.xlsx"), "--out", str(colliding),
                    *OPTIONS)
    assert result.exit_code == 2
    assert "a report would overwrite the input" in result.output
    assert fingerprint(colliding) == before


def test_out_rejects_input_folder(inputs):
    result = invoke("run", str(inputs), "--out", str(inputs), *OPTIONS)
    assert result.exit_code == 2
    assert "is an input folder" in result.output


def test_out_symlink_to_input_folder_rejected(inputs, tmp_path):
    link = tmp_path / "link-to-inputs"
    link.symlink_to(inputs, target_is_directory=True)
    before = fingerprint(inputs)
    result = invoke("run", str(inputs), "--out", str(link), *OPTIONS)
    assert result.exit_code == 2
    assert fingerprint(inputs) == before
