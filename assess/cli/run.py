"""``ips-assess run``: assess the inputs and write the workbook, the PDF and assessment.json."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import List, Optional

import typer

from ..errors import UsageError
from ..ingest.options import ReadOptions
from ..messages import LANGUAGES, catalogue
from ..model import Severity
from .common import configure_logging, reported_errors, text
from .progress import progress_display
from .exit_codes import ExitCode

SEVERITIES = [severity.value for severity in Severity]
SHEET_HELP = "Also read this sheet (name in any case), even when it is hidden; visible sheets are always read."
PASSWORD_HELP = "Password of an encrypted workbook; prefer the IPS_ASSESS_PASSWORD environment variable, which stays out of the shell history."
HIDDEN_ROWS_HELP = "Read rows that are hidden in a sheet. Default: skip them and list them as input warnings."
READ_DEFAULTS = ReadOptions()


def security_text(key: str, **params: object) -> str:
    return catalogue("en").text(f"security.cli.{key}", **params)


# Shared with ``validate``, which must read the inputs under the same limits.
MAX_CELLS_OPTION = typer.Option(
    None, "--max-cells", min=1, help=security_text("max_cells_help", default=f"{READ_DEFAULTS.max_cells:,}")
)
MAX_UNCOMPRESSED_MB_OPTION = typer.Option(
    None,
    "--max-uncompressed-mb",
    min=1,
    help=security_text("max_uncompressed_mb_help", default=f"{READ_DEFAULTS.max_uncompressed_bytes // 2**20:,}"),
)


def mebibytes(value: int | None) -> int | None:
    """Convert a --max-uncompressed-mb value to bytes."""
    return None if value is None else value * 2**20


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


def parse_language(value: str) -> str:
    """Check a --language option against the languages the reports are written in."""
    language = value.strip().lower()
    if language not in LANGUAGES:
        raise UsageError(f"--language {value!r} is not a report language; use one of {', '.join(LANGUAGES)}")
    return language


def run(
    inputs: Optional[List[Path]] = typer.Argument(
        None, help="Spreadsheets (.xlsx, .xlsm, .xls, .ods, .csv), IPS system JSON exports or folders of them. None: the bundled sample landscape."
    ),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help="Folder for the reports; created when missing."),
    customer: Optional[str] = typer.Option(None, "--customer", help="Customer name printed on the reports."),
    as_of: Optional[str] = typer.Option(None, "--as-of", help="Assessment date (YYYY-MM-DD) for every date-dependent finding. Default: today."),
    fail_on: Optional[str] = typer.Option(None, "--fail-on", help=f"Exit with code 1 when a finding has this severity or higher ({', '.join(SEVERITIES)}). Default: off."),
    language: str = typer.Option("en", "--language", help=f"Language of the workbook and the PDF ({', '.join(LANGUAGES)}). Console output stays English."),
    sheet: Optional[str] = typer.Option(None, "--sheet", help=SHEET_HELP),
    password: Optional[str] = typer.Option(None, "--password", envvar="IPS_ASSESS_PASSWORD", help=PASSWORD_HELP),
    include_hidden_rows: bool = typer.Option(False, "--include-hidden-rows", help=HIDDEN_ROWS_HELP),
    max_cells: Optional[int] = MAX_CELLS_OPTION,
    max_uncompressed_mb: Optional[int] = MAX_UNCOMPRESSED_MB_OPTION,
    redact: bool = typer.Option(False, "--redact", help=security_text("redact_help")),
    redact_column: Optional[List[str]] = typer.Option(None, "--redact-column", help=security_text("redact_column_help")),
    config: Optional[Path] = typer.Option(None, "--config", help=catalogue("en").text("config.cli.config_help")),
    waivers: Optional[Path] = typer.Option(None, "--waivers", help=catalogue("en").text("config.cli.waivers_help")),
    previous: Optional[Path] = typer.Option(None, "--previous", help=catalogue("en").text("report_workbook.cli.previous_help")),
    brand: Optional[Path] = typer.Option(None, "--brand", metavar="FILE", help=catalogue("en").text("report_pdf.cli.brand_help")),
    max_catalog_age: int = typer.Option(180, "--max-catalog-age", min=0, metavar="DAYS", help=catalogue("en").text("compare.catalog_age.help")),
    quiet: bool = typer.Option(False, "--quiet", "-q", help=text("quiet_help")),
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
            language=parse_language(language),
            sheet=sheet,
            password=password,
            include_hidden_rows=include_hidden_rows,
            max_cells=max_cells,
            max_uncompressed_bytes=mebibytes(max_uncompressed_mb),
            redact=redact,
            redact_columns=tuple(redact_column or ()),
            config=config,
            waivers=waivers,
            previous=previous,
            brand=brand,
        )
        with progress_display(quiet) as progress:
            result = run_assessment(request, progress)

    from ..waivers import waiver_warnings

    for line in waiver_warnings(result.assessment):
        typer.echo(line, err=True)
    for line in result.notices:
        typer.echo(line, err=True)
    from ..catalog.diff import catalog_age_warning

    stale = catalog_age_warning(result.assessment.catalog.read_on, result.assessment.as_of, max_catalog_age)
    if stale:
        typer.echo(stale, err=True)
    for path in result.written:
        typer.echo(text("wrote", path=path))
    typer.echo(summary(result))

    if result.failing:
        typer.echo(text("failing", count=len(result.failing), severity=request.fail_on.value), err=True)
        raise typer.Exit(ExitCode.FINDINGS_AT_THRESHOLD)


def counted(noun: str, count: int) -> str:
    """Write a count with the singular or plural noun, such as "1 tenant" or "7 tenants"."""
    form = "one" if count == 1 else "other"
    return text(f"count.{noun}_{form}", count=count)


def summary(result) -> str:
    """Build the closing paragraph: counts per readiness and the three highest risks."""
    from ..core import readiness_counts
    from ..messages import catalogue
    from ..model import Infrastructure, Readiness

    assessment = result.assessment
    counts = readiness_counts(assessment)
    paragraph = text(
        "summary",
        tenants=counted("tenant", len(assessment.tenants)),
        neo=sum(1 for tenant in assessment.tenants if tenant.tenant.infrastructure is Infrastructure.NEO),
        systems=counted("system", len(assessment.inventory.systems)),
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
