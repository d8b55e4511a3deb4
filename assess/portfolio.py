"""Assess every customer folder of a portfolio in parallel and compare the customers in one workbook.

Each subfolder of the portfolio folder is one customer, named after the folder. Each is
assessed in its own process by ``assess.core.run``, which writes the customer's reports
into ``<out>/<customer>/``. A customer whose inputs are invalid, or whose assessment fails,
becomes a row with the error; the other customers are assessed all the same.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Mapping

from .errors import AssessError, OutputError, UsageError
from .messages import catalogue
from .model import Assessment, Infrastructure, Readiness

log = logging.getLogger("assess.portfolio")

WORKBOOK_NAME = "portfolio.xlsx"

DEADLINE_PARAM = "date"
"""Finding parameter that contains an SAP date, such as an API decommissioning date."""


@dataclass(frozen=True)
class PortfolioRequest:
    """Everything ``run_portfolio`` needs. ``jobs`` None means one process per CPU core."""

    folder: Path
    out_dir: Path
    jobs: int | None = None
    as_of: dt.date | None = None


@dataclass(frozen=True)
class CustomerResult:
    """One customer's outcome: the key figures of its assessment, or the error that stopped it."""

    customer: str
    folder: Path
    out_dir: Path
    errors: tuple[str, ...] = ()
    """Lines of the error that stopped the assessment, empty when it succeeded."""
    tenants: int = 0
    neo_tenants: int = 0
    systems: int = 0
    readiness: Mapping[str, int] = field(default_factory=dict)
    """Number of tenants per readiness value."""
    blocking_findings: int = 0
    high_findings: int = 0
    effort_low: float | None = None
    effort_high: float | None = None
    """Remediation effort in person-days, or None when the assessment has no estimate."""
    deadline: dt.date | None = None
    deadline_label: str | None = None
    """The earliest SAP date on or after the assessment date that concerns the customer, and what it is."""

    @property
    def succeeded(self) -> bool:
        return not self.errors


@dataclass(frozen=True)
class PortfolioResult:
    customers: tuple[CustomerResult, ...]
    workbook: Path
    as_of: dt.date

    @property
    def failed(self) -> tuple[CustomerResult, ...]:
        return tuple(customer for customer in self.customers if not customer.succeeded)


Worker = Callable[[Path, Path, dt.date], CustomerResult]


def _text(message: str, **params: object) -> str:
    return catalogue("en").text(f"compare.portfolio.{message}", **params)


# Finding the customers


def customer_folders(folder: Path, out_dir: Path) -> list[Path]:
    """List the customer folders of ``folder`` by name, without hidden folders.

    Raises ``UsageError`` when ``folder`` is no folder, contains no customer folder, or
    contains ``out_dir``, whose customer folders a later run would take for customers.
    """
    if not folder.is_dir():
        raise UsageError(_text("error.not_folder", path=folder))
    resolved = folder.resolve()
    out = out_dir.resolve()
    if out == resolved or resolved in out.parents:
        raise UsageError(_text("error.out_inside", out=out_dir, folder=folder))

    folders = sorted((child for child in folder.iterdir() if child.is_dir() and not child.name.startswith(".")), key=lambda path: path.name)
    if not folders:
        raise UsageError(_text("error.no_customers", path=folder))
    return folders


# Assessing


def run_portfolio(
    request: PortfolioRequest,
    on_result: Callable[[CustomerResult], None] | None = None,
    worker: Worker | None = None,
) -> PortfolioResult:
    """Assess every customer folder in parallel, write ``portfolio.xlsx`` and return every outcome.

    ``on_result`` is called in this process with each customer's outcome as it arrives.
    ``worker`` replaces ``assess_customer`` and must be a module-level function, because
    it runs in a worker process.
    """
    folders = customer_folders(request.folder, request.out_dir)
    as_of = request.as_of or dt.date.today()
    jobs = min(request.jobs or os.cpu_count() or 1, len(folders))
    report = on_result or (lambda result: None)

    results = _assess_all(folders, request.out_dir, as_of, jobs, worker or assess_customer, report)

    ordered = tuple(results[folder] for folder in folders)
    workbook = write_portfolio_workbook(ordered, request.out_dir / WORKBOOK_NAME, request.folder, as_of)
    return PortfolioResult(customers=ordered, workbook=workbook, as_of=as_of)


def _assess_all(folders: list[Path], out_dir: Path, as_of: dt.date, jobs: int, worker: Worker, report) -> dict[Path, CustomerResult]:
    results: dict[Path, CustomerResult] = {}
    interrupted: list[Path] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(worker, folder, out_dir / folder.name, as_of): folder for folder in folders}
        for future in as_completed(futures):
            folder = futures[future]
            try:
                results[folder] = future.result()
            except BrokenProcessPool:
                interrupted.append(folder)
                continue
            report(results[folder])

    # A worker process that dies takes the whole pool down with it, so the customers it
    # interrupted are assessed again one at a time to find the one that crashes.
    for folder in sorted(interrupted):
        results[folder] = _assess_alone(folder, out_dir / folder.name, as_of, worker)
        report(results[folder])
    return results


def _assess_alone(folder: Path, out_dir: Path, as_of: dt.date, worker: Worker) -> CustomerResult:
    with ProcessPoolExecutor(max_workers=1) as pool:
        try:
            return pool.submit(worker, folder, out_dir, as_of).result()
        except BrokenProcessPool:
            log.error("the process assessing %s ended unexpectedly", folder)
            return CustomerResult(folder.name, folder, out_dir, errors=(_text("error.crashed"),))


def assess_customer(folder: Path, out_dir: Path, as_of: dt.date) -> CustomerResult:
    """Assess one customer folder and write its reports. Runs in a worker process."""
    from .core import RunRequest, run

    customer = folder.name
    try:
        result = run(RunRequest(inputs=(folder,), out_dir=out_dir, customer=customer, as_of=as_of))
    except AssessError as error:
        return CustomerResult(customer, folder, out_dir, errors=tuple(error.lines()))
    except Exception as error:  # noqa: BLE001  (a bug costs this customer, not the portfolio)
        log.debug("assessing %s failed", folder, exc_info=True)
        return CustomerResult(customer, folder, out_dir, errors=(_text("error.internal", error=f"{type(error).__name__}: {error}"),))
    return summarise(result.assessment, folder, out_dir)


def summarise(assessment: Assessment, folder: Path, out_dir: Path) -> CustomerResult:
    """Reduce an assessment to the figures that the portfolio workbook compares."""
    from .core import readiness_counts

    findings = assessment.findings
    effort = getattr(assessment, "effort", None)
    deadline, label = earliest_deadline(assessment)
    return CustomerResult(
        customer=folder.name,
        folder=folder,
        out_dir=out_dir,
        tenants=len(assessment.tenants),
        neo_tenants=sum(1 for tenant in assessment.tenants if tenant.tenant.infrastructure is Infrastructure.NEO),
        systems=len(assessment.inventory.systems),
        readiness={readiness.value: count for readiness, count in readiness_counts(assessment).items()},
        blocking_findings=sum(1 for finding in findings if finding.blocks),
        high_findings=sum(1 for finding in findings if finding.severity.value == "high"),
        effort_low=effort.low if effort is not None else None,
        effort_high=effort.high if effort is not None else None,
        deadline=deadline,
        deadline_label=label,
    )


def earliest_deadline(assessment: Assessment) -> tuple[dt.date | None, str | None]:
    """Return the earliest SAP date on or after the assessment date, and what it is.

    Candidates are the dates of the open findings (API decommissionings) and, when the
    customer has a tenant on Neo, the end of the Neo environment from the catalog.
    """
    from .catalog import load_catalog

    english = catalogue("en")
    candidates: list[tuple[dt.date, str]] = []
    for finding in assessment.findings:
        date = _date(finding.params.get(DEADLINE_PARAM))
        if date is not None:
            candidates.append((date, english.text(f"findings.{finding.code}.title", **finding.params)))

    if any(tenant.tenant.infrastructure is Infrastructure.NEO for tenant in assessment.tenants):
        sunset = load_catalog().facts.get("neo_sunset")
        date = _date(sunset.value) if sunset is not None else None
        if date is not None:
            candidates.append((date, english.text("report.deadline.neo_sunset.title")))

    upcoming = sorted(candidate for candidate in candidates if candidate[0] >= assessment.as_of)
    return upcoming[0] if upcoming else (None, None)


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


# Workbook


COLUMNS = (
    "customer",
    "status",
    "tenants",
    "neo_tenants",
    "systems",
    *(f"readiness_{readiness.value}" for readiness in Readiness),
    "blocking_findings",
    "high_findings",
    "effort_low",
    "effort_high",
    "deadline",
    "deadline_label",
    "reports",
    "error",
)


def write_portfolio_workbook(customers: tuple[CustomerResult, ...], path: Path, folder: Path, as_of: dt.date) -> Path:
    """Write the Customers and About sheets to ``path`` (through a temporary file) and return it."""
    from openpyxl import Workbook

    from . import __version__
    from .render.excel_cells import put_rows, save_through_partial

    marker = _text("workbook.truncated")
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _text("workbook.customers_sheet")
    rows = [[_text(f"workbook.column.{name}") for name in COLUMNS]] + [_customer_row(customer) for customer in customers]
    put_rows(sheet, rows, marker, "B2")
    sheet.auto_filter.ref = sheet.dimensions

    about = workbook.create_sheet(_text("workbook.about_sheet"))
    facts = [
        ("folder", str(folder)),
        ("as_of", as_of),
        ("customers", len(customers)),
        ("failed", sum(1 for customer in customers if not customer.succeeded)),
        ("tool_version", __version__),
    ]
    put_rows(about, [[_text(f"workbook.about.{name}"), value] for name, value in facts], marker, "B2")

    try:
        save_through_partial(workbook, path)
    except OSError as error:
        raise OutputError(_text("error.write", path=path, detail=error.strerror or error)) from None
    return path


def _customer_row(customer: CustomerResult) -> list[object]:
    if not customer.succeeded:
        empty = [None] * (len(COLUMNS) - 4)
        return [customer.customer, _text("status.failed"), *empty, None, "\n".join(customer.errors)]
    return [
        customer.customer,
        _text("status.assessed"),
        customer.tenants,
        customer.neo_tenants,
        customer.systems,
        *(customer.readiness.get(readiness.value, 0) for readiness in Readiness),
        customer.blocking_findings,
        customer.high_findings,
        customer.effort_low,
        customer.effort_high,
        customer.deadline,
        customer.deadline_label,
        str(customer.out_dir),
        None,
    ]


# Console


def result_line(customer: CustomerResult) -> str:
    """Build the console line for one customer: its figures, or the first line of its error."""
    if customer.succeeded:
        return _text(
            "console.assessed",
            customer=customer.customer,
            tenants=customer.tenants,
            blocked=customer.readiness.get(Readiness.BLOCKED.value, 0),
            out=customer.out_dir,
        )
    more = _text("console.more_lines", count=len(customer.errors) - 1, folder=customer.folder) if len(customer.errors) > 1 else ""
    return _text("console.failed", customer=customer.customer, error=customer.errors[0], more=more).rstrip()
