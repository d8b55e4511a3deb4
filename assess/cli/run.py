"""``ips-assess run``: assess the inputs and write the workbook, the PDF and assessment.json."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UsageError
from ..model import Severity
from .common import configure_logging, reported_errors, text
from .exit_codes import ExitCode

SEVERITIES = [severity.value for severity in Severity]


def parse_date(value: str | None, option: str) -> dt.date | None:
    """Parse an ISO date option such as 2026-12-04."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise UsageError(f"{option} {value!r} is not a date; write it as YYYY-MM-DD, for example 2026-12-04") from None


def parse_severity(value: str | None) -> Severity | None:
    if value is None:
        return None
    try:
        return Severity(value.strip().lower())
    except ValueError:
        raise UsageError(f"--fail-on {value!r} is not a severity; use one of {', '.join(SEVERITIES)}") from None


def run(
    inputs: Optional[List[Path]] = typer.Argument(
        None, help="Spreadsheets (.xlsx, .xlsm, .xls, .ods, .csv), IPS system JSON exports or folders of them. None: the bundled sample landscape."
    ),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports; created when missing."),
    customer: Optional[str] = typer.Option(None, "--customer", help="Customer name printed on the reports."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Assessment date (YYYY-MM-DD) for every date-dependent finding. Default: today."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help=f"Exit with code 1 when a finding has this severity or higher ({', '.join(SEVERITIES)}). Default: off."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help="Also read this sheet, even when it is hidden."),
    password: Optional[str] = typer.Option(None, "--password", help="Password of an encrypted workbook."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    """Assess an IPS landscape and write an Excel workbook, a PDF report and assessment.json."""
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..core import RunRequest, run as run_assessment

        request = RunRequest(
            inputs=tuple(inputs or ()),
            out_dir=out,
            customer=customer,
            as_of=parse_date(as_of, "--as-of"),
            fail_on=parse_severity(fail_on),
            sheet=sheet,
            password=password,
        )
        result = run_assessment(request)

    for path in result.written:
        typer.echo(text("wrote", path=path))
    typer.echo(summary(result))

    if result.failing:
        typer.echo(text("failing", count=len(result.failing), severity=request.fail_on.value), err=True)
        raise typer.Exit(ExitCode.FINDINGS_AT_THRESHOLD)


def summary(result) -> str:
    """Build the closing paragraph: counts per readiness and the three highest risks."""
    from ..core import readiness_counts
    from ..messages import catalogue
    from ..model import Infrastructure, Readiness

    assessment = result.assessment
    counts = readiness_counts(assessment)
    paragraph = text(
        "summary",
        tenants=len(assessment.tenants),
        neo=sum(1 for tenant in assessment.tenants if tenant.tenant.infrastructure is Infrastructure.NEO),
        systems=len(assessment.inventory.systems),
        as_of=assessment.as_of.isoformat(),
        blocked=counts[Readiness.BLOCKED],
        evaluate=counts[Readiness.NEEDS_EVALUATION],
        adjust=counts[Readiness.READY_AFTER_ADJUSTMENTS],
        ready=counts[Readiness.READY],
        nothing=counts[Readiness.NOTHING_TO_MIGRATE],
    )

    english = catalogue("en")
    labels = {tenant.tenant.key: tenant.tenant.label for tenant in assessment.tenants}
    top = sorted(
        (finding for finding in assessment.findings if finding.severity.rank >= Severity.MEDIUM.rank),
        key=lambda finding: (-finding.severity.rank, not finding.blocks),
    )[:3]
    if top:
        items = [
            text(
                "risk_item",
                title=english.text(f"findings.{finding.code}.title", **finding.params),
                where=" / ".join(part for part in (labels.get(finding.tenant_key, finding.tenant_key), finding.system_name) if part),
            )
            for finding in top
        ]
        paragraph += " " + text("risks", risks="; ".join(items))
    else:
        paragraph += " " + text("no_risks")

    warnings = [issue for issue in assessment.inventory.issues if not issue.is_error]
    if warnings:
        paragraph += " " + text("input_warnings", count=len(warnings))
    return paragraph
