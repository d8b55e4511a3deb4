"""The main job as one call: read the inputs, assess them, write the reports.

The command layer builds a ``RunRequest``, calls ``run`` and maps the result to an exit code.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from .errors import UsageError
from .model import Assessment, Finding, Readiness, Severity

log = logging.getLogger("assess.core")

SAMPLE_CUSTOMER = "Example Landscape AG"


@dataclass(frozen=True)
class RunRequest:
    """Everything ``run`` needs; an empty ``inputs`` means the bundled sample landscape."""

    inputs: tuple[Path, ...]
    out_dir: Path
    customer: str | None = None
    as_of: dt.date | None = None
    fail_on: Severity | None = None
    language: str = "en"
    sheet: str | None = None
    password: str | None = None
    write: bool = True


@dataclass(frozen=True)
class RunResult:
    assessment: Assessment
    written: tuple[Path, ...] = ()
    failing: tuple[Finding, ...] = field(default_factory=tuple)


def _inputs(request: RunRequest) -> tuple[Path, ...]:
    from .resources import sample_inputs_dir

    if request.inputs:
        missing = [path for path in request.inputs if not path.exists()]
        if missing:
            raise UsageError("; ".join(f"input not found: {path}; check the path" for path in missing))
        return request.inputs
    return (sample_inputs_dir(),)


def _check_output_folder(inputs: tuple[Path, ...], out_dir: Path) -> None:
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"--out {out_dir} is a file; name a folder for the reports")
    resolved_inputs = {path.resolve() for path in inputs}
    if out_dir.resolve() in resolved_inputs:
        raise UsageError(f"--out {out_dir} is an input folder; write the reports to another folder")


def run(request: RunRequest) -> RunResult:
    """Read, assess and write; raises an ``AssessError`` for anything the user must fix."""
    from .assessment import AssessOptions, assess
    from .catalog import load_catalog
    from .ingest import ReadOptions, read_inventory

    inputs = _inputs(request)
    _check_output_folder(inputs, request.out_dir)
    customer = request.customer or (SAMPLE_CUSTOMER if not request.inputs else "Customer")

    inventory = read_inventory(list(inputs), ReadOptions(sheet=request.sheet, password=request.password))
    catalog = load_catalog()
    options = AssessOptions(
        as_of=request.as_of or dt.date.today(),
        customer=customer,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
    )
    assessment = assess(inventory, catalog, options)
    log.debug("assessed %d tenants and %d systems", len(assessment.tenants), len(inventory.systems))

    written: tuple[Path, ...] = ()
    if request.write:
        written = _write(assessment, catalog, request, inputs)

    return RunResult(assessment=assessment, written=written, failing=failing_findings(assessment, request.fail_on))


def _write(assessment: Assessment, catalog, request: RunRequest, inputs: tuple[Path, ...]) -> tuple[Path, ...]:
    from .render import JSON_NAME, RenderOptions, default_basename, write_reports

    options = RenderOptions(language=request.language, catalog=catalog)
    basename = default_basename(assessment)
    outputs = [request.out_dir / f"{basename}{suffix}" for suffix in (".xlsx", ".pdf")] + [request.out_dir / JSON_NAME]
    protected = {path.resolve() for path in _input_files(inputs)}
    colliding = [str(path) for path in outputs if path.resolve() in protected]
    if colliding:
        raise UsageError(f"a report would overwrite the input {', '.join(colliding)}; choose another --out folder")
    return tuple(write_reports(assessment, options, request.out_dir))


def _input_files(inputs: tuple[Path, ...]) -> list[Path]:
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files.extend(child for child in path.iterdir() if child.is_file())
        else:
            files.append(path)
    return files


def failing_findings(assessment: Assessment, threshold: Severity | None) -> tuple[Finding, ...]:
    """Return the findings at or above ``threshold``; none when no threshold is set."""
    if threshold is None:
        return ()
    return tuple(finding for finding in assessment.findings if finding.severity.rank >= threshold.rank)


def readiness_counts(assessment: Assessment) -> dict[Readiness, int]:
    counts = {readiness: 0 for readiness in Readiness}
    for tenant in assessment.tenants:
        counts[tenant.readiness] += 1
    return counts
