"""``portfolio``: three customer folders, one of them broken, assessed in parallel."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from assess.core import RunRequest, run
from assess.errors import UsageError
from assess.portfolio import (
    WORKBOOK_NAME,
    CustomerResult,
    PortfolioRequest,
    customer_folders,
    earliest_deadline,
    run_portfolio,
)
from assess.resources import sample_inputs_dir

AS_OF = "2026-12-04"


def crash_on_broken(folder: Path, out_dir: Path, as_of: dt.date) -> CustomerResult:
    """Worker that ends its process for the folder named 'broken', as a crash in a library would."""
    if folder.name == "broken":
        os._exit(70)
    return CustomerResult(folder.name, folder, out_dir, tenants=1)


@pytest.fixture(scope="module")
def portfolio_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("portfolio")
    folder = root / "customers"
    shutil.copytree(sample_inputs_dir(), folder / "acme")
    (folder / "globex").mkdir()
    shutil.copy(sample_inputs_dir() / "tenants.xlsx", folder / "globex")
    shutil.copy(sample_inputs_dir() / "systems.xlsx", folder / "globex")
    (folder / "initech").mkdir()
    (folder / "initech" / "systems.xlsx").write_text("not a workbook", encoding="utf-8")
    (folder / ".cache").mkdir()

    out = root / "reports"
    result = subprocess.run(
        [sys.executable, "-m", "assess", "portfolio", str(folder), "--out", str(out), "--as-of", AS_OF, "--jobs", "2"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    return result, out


def customer_rows(out: Path) -> dict[str, dict[str, object]]:
    sheet = openpyxl.load_workbook(out / WORKBOOK_NAME)["Customers"]
    rows = list(sheet.iter_rows(values_only=True))
    return {row[0]: dict(zip(rows[0], row)) for row in rows[1:]}


def test_broken_customer_exit_2(portfolio_run):
    result, _ = portfolio_run
    assert result.returncode == 2, result.stderr


def test_broken_customer_console_line(portfolio_run):
    result, _ = portfolio_run
    lines = [line for line in result.stderr.splitlines() if "initech" in line]
    assert len(lines) == 1
    assert lines[0].startswith("error: customer initech failed:")


def test_good_customers_console_lines(portfolio_run):
    result, _ = portfolio_run
    assert "assessed acme: 7 tenants" in result.stdout
    assert "assessed globex: 5 tenants" in result.stdout


def test_reports_per_customer(portfolio_run):
    _, out = portfolio_run
    for customer in ("acme", "globex"):
        names = sorted(path.suffix for path in (out / customer).iterdir())
        assert names == [".json", ".pdf", ".xlsx"], customer


def test_no_reports_for_broken_customer(portfolio_run):
    _, out = portfolio_run
    assert not (out / "initech").exists()


def test_workbook_one_row_per_customer(portfolio_run):
    _, out = portfolio_run
    assert sorted(customer_rows(out)) == ["acme", "globex", "initech"]


def test_workbook_broken_row_has_error(portfolio_run):
    _, out = portfolio_run
    row = customer_rows(out)["initech"]
    assert row["Status"] == "Failed"
    assert "systems.xlsx" in row["Error"]


def test_workbook_compares_customers(portfolio_run):
    _, out = portfolio_run
    acme = customer_rows(out)["acme"]
    assert (acme["Tenants"], acme["Tenants on Neo"], acme["Systems"]) == (7, 5, 24)
    assert acme["Blocked tenants"] == 2


def test_workbook_effort_range(portfolio_run):
    _, out = portfolio_run
    acme = customer_rows(out)["acme"]
    assert 0 < acme["Effort from (person-days)"] <= acme["Effort to (person-days)"]


def test_workbook_earliest_deadline(portfolio_run):
    _, out = portfolio_run
    acme = customer_rows(out)["acme"]
    assert acme["Earliest deadline"] == dt.datetime(2028, 12, 31)


def test_crashed_worker_isolated(tmp_path):
    folder = tmp_path / "customers"
    for name in ("alpha", "broken", "gamma"):
        (folder / name).mkdir(parents=True)
    request = PortfolioRequest(folder=folder, out_dir=tmp_path / "out", jobs=2)

    result = run_portfolio(request, worker=crash_on_broken)

    assert [customer.customer for customer in result.failed] == ["broken"]
    assert [customer.tenants for customer in result.customers if customer.succeeded] == [1, 1]


def test_hidden_folders_skipped(tmp_path):
    (tmp_path / "acme").mkdir()
    (tmp_path / ".git").mkdir()
    assert [path.name for path in customer_folders(tmp_path, tmp_path.parent / "out")] == ["acme"]


def test_out_inside_folder_rejected(tmp_path):
    (tmp_path / "acme").mkdir()
    with pytest.raises(UsageError, match="lies inside"):
        customer_folders(tmp_path, tmp_path / "reports")


def test_empty_folder_rejected(tmp_path):
    with pytest.raises(UsageError, match="no customer folder"):
        customer_folders(tmp_path, tmp_path.parent / "out")


def test_deadline_before_api_end():
    assessment = run(RunRequest(inputs=(), out_dir=Path("unused"), write=False, as_of=dt.date(2026, 11, 1))).assessment
    date, label = earliest_deadline(assessment)
    assert date == dt.date(2026, 11, 30)
    assert "SCIM API version 1" in label
