"""Reports survive interruptions and full disks, and get the usual file permissions.

Each test runs ``ips-assess run`` as a subprocess on the sample landscape, first to write
reports, then again with the same options in the conditions under test, and compares the
folder before and after. The second run would write reports of the same names with a
later generation time, so any overwrite shows in the bytes.
"""

from __future__ import annotations

import hashlib
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

RUN_ARGUMENTS = ("run", "--as-of", "2026-12-04", "--customer", "Example Landscape AG")


def command(out: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "assess", *RUN_ARGUMENTS, "--out", str(out), *extra]


def snapshot(folder: Path) -> dict[str, str]:
    # Digests rather than bytes: pytest's diff of two megabyte-sized byte strings ran for
    # many minutes when an assertion failed.
    return {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def earlier_reports(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("earlier")
    subprocess.run(command(out), check=True, capture_output=True, timeout=300)
    return out


@pytest.fixture()
def reports(earlier_reports, tmp_path) -> Path:
    """A copy of the earlier reports, so each test may try to overwrite its own."""
    out = tmp_path / "reports"
    out.mkdir()
    for path in earlier_reports.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    return out


def file_size_limit(limit: int):
    def limit_file_size() -> None:
        # Ignoring SIGXFSZ makes a write past the limit fail with EFBIG (an OSError)
        # instead of killing the process, as a full disk fails with ENOSPC.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


# assessment.json is written first and is the largest file (about 240 kB for the sample),
# so a 20 kB limit stops the run at its first file. test_render_write covers a failure of a
# later file.
@pytest.fixture(scope="module", params=[20_000], ids=["json_fails"])
def full_disk_run(request, tmp_path_factory, earlier_reports):
    out = tmp_path_factory.mktemp("full_disk")
    for path in earlier_reports.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    before = snapshot(out)
    result = subprocess.run(
        command(out), capture_output=True, text=True, timeout=300, preexec_fn=file_size_limit(request.param)
    )
    return result, out, before


def test_full_disk_exit_2(full_disk_run):
    result, _, _ = full_disk_run
    assert result.returncode == 2, result.stderr


def test_full_disk_one_line_error(full_disk_run):
    result, _, _ = full_disk_run
    assert "cannot write the reports: [Errno 27] File too large" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_full_disk_no_traceback(full_disk_run):
    result, _, _ = full_disk_run
    assert "Traceback" not in result.stderr


def test_full_disk_keeps_old_reports(full_disk_run):
    _, out, before = full_disk_run
    assert snapshot(out) == before


def _sigint_default() -> None:
    # A shell starts background jobs with SIGINT ignored, and a child inherits that, so a
    # suite started in the background would send an interrupt that the run never receives.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def wait_for_temporary(folder: Path, process: subprocess.Popen, timeout: float = 240) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if any(path.name.endswith(".tmp") for path in folder.iterdir()):
            return True
        time.sleep(0.02)
    return False


@pytest.fixture(scope="module")
def interrupted_run(tmp_path_factory, earlier_reports):
    out = tmp_path_factory.mktemp("interrupted")
    for path in earlier_reports.iterdir():
        (out / path.name).write_bytes(path.read_bytes())
    before = snapshot(out)
    process = subprocess.Popen(command(out), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=_sigint_default)
    writing = wait_for_temporary(out, process)
    # The workbook's temporary file appears first and the PDF follows, so an interrupt sent
    # at once lands while the reports are being written.
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    return process.returncode, stderr, out, before, writing


def test_interrupt_reached_writing(interrupted_run):
    *_, writing = interrupted_run
    assert writing


def test_interrupt_exit_130(interrupted_run):
    returncode, stderr, *_ = interrupted_run
    assert returncode == 130, stderr


def test_interrupt_leaves_no_temporary(interrupted_run):
    _, _, out, _, _ = interrupted_run
    assert [path.name for path in out.iterdir() if path.name.startswith(".")] == []


def test_interrupt_keeps_old_reports(interrupted_run):
    _, _, out, before, _ = interrupted_run
    assert snapshot(out) == before


def test_reports_follow_umask(tmp_path):
    out = tmp_path / "reports"
    subprocess.run(command(out), check=True, capture_output=True, timeout=300, preexec_fn=lambda: os.umask(0o027))
    modes = {stat.S_IMODE(path.stat().st_mode) for path in out.iterdir()}
    assert modes == {0o640}
