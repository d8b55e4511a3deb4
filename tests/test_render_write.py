"""write_reports and the atomic move of finished reports into the output folder."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest

from assess.errors import OutputError, UsageError
from assess.render import RenderOptions, default_basename, write_atomically, write_reports
from render_fixtures import catalog, landscape

BASENAME = "ips-readiness-muller-industrie-ag-2027-03-01"


def _writer(content: str):
    def write(path: Path) -> None:
        path.write_text(content)

    return write


def _failing(path: Path) -> None:
    path.write_text("partial")
    raise RuntimeError("renderer failed")


def _interrupted(path: Path) -> None:
    path.write_text("partial")
    raise KeyboardInterrupt


def test_default_basename():
    assert default_basename(landscape()) == BASENAME


def test_default_basename_without_letters():
    assert default_basename(landscape(customer="***")) == "ips-readiness-customer-2027-03-01"


def test_write_reports_creates_three_files(tmp_path):
    paths = write_reports(landscape(), RenderOptions(catalog=catalog()), tmp_path / "out")
    assert [path.name for path in paths] == [f"{BASENAME}.xlsx", f"{BASENAME}.pdf", "assessment.json"]
    assert all(path.stat().st_size > 0 for path in paths)
    assert json.loads(paths[2].read_text())["customer"] == "Müller Industrie AG"
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(path.name for path in paths)


def test_write_reports_custom_basename(tmp_path):
    paths = write_reports(landscape(), RenderOptions(catalog=catalog(), basename="q1-review"), tmp_path)
    assert paths[0].name == "q1-review.xlsx"


@pytest.mark.parametrize("basename", ["../escape", "a/b", "a\\b", ".."])
def test_write_reports_rejects_folder_in_basename(tmp_path, basename):
    with pytest.raises(UsageError):
        write_reports(landscape(), RenderOptions(catalog=catalog(), basename=basename), tmp_path)


def test_atomic_failure_keeps_old_reports(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")
    second.write_text("old b")
    with pytest.raises(RuntimeError):
        write_atomically([(first, _writer("new a")), (second, _failing)])
    assert first.read_text() == "old a"
    assert second.read_text() == "old b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_atomic_interrupt_removes_temporaries(tmp_path):
    first = tmp_path / "a.txt"
    with pytest.raises(KeyboardInterrupt):
        write_atomically([(first, _writer("new a")), (tmp_path / "b.txt", _interrupted)])
    assert list(tmp_path.iterdir()) == []


class _InterruptedWhileFinalized:
    """An object whose finalizer receives a Ctrl-C, which Python cannot raise to the caller."""

    def __del__(self):
        raise KeyboardInterrupt


def _interrupted_in_finalizer(path):
    path.write_text("new b")
    _InterruptedWhileFinalized()


def test_atomic_finalizer_interrupt_keeps_old(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("old a")
    with pytest.raises(KeyboardInterrupt):
        write_atomically([(first, _writer("new a")), (tmp_path / "b.txt", _interrupted_in_finalizer)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert first.read_text() == "old a"


def test_atomic_success_replaces_all(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    first.write_text("old a")
    write_atomically([(first, _writer("new a")), (second, _writer("new b"))])
    assert first.read_text() == "new a"
    assert second.read_text() == "new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_atomic_rename_failure_restores_replaced(tmp_path):
    first = tmp_path / "a.txt"
    first.write_text("old a")
    # A folder in place of the second target makes its rename fail after the first succeeded.
    blocker = tmp_path / "b.txt"
    blocker.mkdir()
    (blocker / "keep").write_text("x")
    with pytest.raises(OutputError, match="previous reports are unchanged"):
        write_atomically([(first, _writer("new a")), (blocker, _writer("new b"))])
    assert first.read_text() == "old a"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


def test_write_reports_failure_leaves_folder_unchanged(tmp_path):
    out = tmp_path / "out"
    write_reports(landscape(), RenderOptions(catalog=catalog()), out)
    before = {path.name: path.read_bytes() for path in out.iterdir()}

    # The workbook is written first, then the PDF fails because the logo file is missing.
    options = RenderOptions(catalog=catalog(), basename=BASENAME, logo=tmp_path / "missing-logo.png")
    with pytest.raises(OutputError):
        write_reports(landscape(customer="Other customer"), options, out)
    assert {path.name: path.read_bytes() for path in out.iterdir()} == before


def _interrupt_swallowed(path):
    # A C library's callback that drops the KeyboardInterrupt raised inside it.
    path.write_text("new b")
    try:
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(1)
    except KeyboardInterrupt:
        pass


@pytest.fixture
def sigint_raises():
    """Let SIGINT raise KeyboardInterrupt, even when the suite was started with it ignored."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


def test_atomic_swallowed_interrupt_keeps_old(tmp_path, sigint_raises):
    first = tmp_path / "a.txt"
    first.write_text("old a")
    with pytest.raises(KeyboardInterrupt):
        write_atomically([(first, _writer("new a")), (tmp_path / "b.txt", _interrupt_swallowed)])
    assert first.read_text() == "old a"
