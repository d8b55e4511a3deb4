"""The main job as one call: read the inputs, assess them, write the reports.

The command layer builds a ``RunRequest``, calls ``run`` and maps the result to an exit code.
"""

from __future__ import annotations

import datetime as dt
import gc
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterator

from .errors import UsageError
from .model import Assessment, Finding, Inventory, Readiness, Severity

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
    include_hidden_rows: bool = False
    write: bool = True
    max_cells: int | None = None
    """Largest sheet read, in cells; None keeps the ``ReadOptions`` default."""
    max_uncompressed_bytes: int | None = None
    """Largest unpacked size of a zip-based workbook; None keeps the ``ReadOptions`` default."""
    redact: bool = False
    """Replace e-mail addresses in every text with placeholders before the assessment."""
    redact_columns: tuple[str, ...] = ()
    """Input columns whose values are replaced with placeholders; implies ``redact``."""
    config: Path | None = None
    """YAML or TOML file of rule settings and the effort table (``--config``)."""
    waivers: Path | None = None
    """YAML file of accepted risks (``--waivers``)."""
    previous: Path | None = None
    """Workbook of an earlier run whose tracker columns are carried over (``--previous``)."""
    catalog_dir: Path | None = None
    """Folder with parsed.yaml and overlay.yaml to use instead of the packaged catalog."""
    brand: Path | None = None
    """YAML or TOML file with the firm name, logo, colours and texts of the PDF (``--brand``)."""


@dataclass(frozen=True)
class RunResult:
    assessment: Assessment
    written: tuple[Path, ...] = ()
    failing: tuple[Finding, ...] = field(default_factory=tuple)
    notices: tuple[str, ...] = ()
    """Lines for the console about the previous workbook, in the report language."""


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


# Stages of ``run`` in order, as passed to its ``progress`` callback.
RUN_STAGES = ("reading", "assessing", "writing")


def run(request: RunRequest, progress: Callable[[str], None] | None = None) -> RunResult:
    """Read, assess and write; raises an ``AssessError`` for anything the user must fix.

    ``progress`` is called with each name of ``RUN_STAGES`` as that stage starts.
    """
    with fewer_collections():
        return _run(request, progress)


# Objects allocated between two young-generation collections (Python's default is 700).
# With the default, collections took a third of the assessment time on 20,000 systems,
# because each one scans the growing inventory. The data contains few reference cycles.
_YOUNG_GENERATION_THRESHOLD = 50_000


@contextmanager
def fewer_collections() -> Iterator[None]:
    """Run the block with rarer garbage collections, restoring the previous thresholds after it."""
    previous = gc.get_threshold()
    gc.set_threshold(_YOUNG_GENERATION_THRESHOLD, previous[1], previous[2])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _run(request: RunRequest, progress: Callable[[str], None] | None) -> RunResult:
    report_stage = progress or (lambda stage: None)
    from .assessment import AssessOptions, assess
    from .catalog import load_catalog
    from .ingest import read_inventory

    inputs = _inputs(request)
    _check_output_folder(inputs, request.out_dir)
    brand = _load_brand(request.brand)
    named = (request.customer or "").strip()
    customer = named or (SAMPLE_CUSTOMER if not request.inputs else "Customer")

    reading = read_options(
        request.sheet, request.password, request.max_cells, request.max_uncompressed_bytes, request.include_hidden_rows
    )
    report_stage("reading")
    inventory = prepare_inventory(read_inventory(list(inputs), reading), request)
    catalog = load_catalog(request.catalog_dir)
    options = AssessOptions(
        as_of=request.as_of or dt.date.today(),
        customer=customer,
        generated_at=dt.datetime.now(dt.timezone.utc).replace(microsecond=0),
        **load_rule_files(request.config, request.waivers),
    )
    report_stage("assessing")
    assessment = assess(inventory, catalog, options)
    log.debug("assessed %d tenants and %d systems", len(assessment.tenants), len(inventory.systems))

    written: tuple[Path, ...] = ()
    notices: tuple[str, ...] = ()
    if request.write:
        report_stage("writing")
        written, notices = _write(assessment, catalog, request, inputs, brand)

    failing = failing_findings(assessment, request.fail_on)
    return RunResult(assessment=assessment, written=written, failing=failing, notices=notices)


def load_rule_files(config: Path | None, waivers: Path | None) -> dict[str, object]:
    """Read ``--config`` and ``--waivers`` into ``AssessOptions`` fields; invalid files raise an ``AssessError``."""
    from .config import AssessConfig, load_config
    from .rules.engine import load_rules
    from .waivers import load_waivers

    rules = load_rules()
    settings: dict[str, object] = {"config": load_config(config, rules) if config is not None else AssessConfig()}
    if waivers is not None:
        settings.update(waivers=load_waivers(waivers, rules), waivers_file=str(waivers))
    return settings


def read_options(
    sheet: str | None,
    password: str | None,
    max_cells: int | None,
    max_uncompressed_bytes: int | None,
    include_hidden_rows: bool = False,
):
    """Build the ``ReadOptions`` for the command-line options; a limit of None keeps its default."""
    from .ingest import ReadOptions

    limits = {"max_cells": max_cells, "max_uncompressed_bytes": max_uncompressed_bytes}
    chosen = {name: value for name, value in limits.items() if value is not None}
    return ReadOptions(sheet=sheet, password=password, include_hidden_rows=include_hidden_rows, **chosen)


def prepare_inventory(inventory: Inventory, request: RunRequest) -> Inventory:
    """Remove control characters and, when requested, redact personal data before the assessment."""
    from .messages import catalogue
    from .redact import redact_inventory, remove_control_characters

    inventory = remove_control_characters(inventory, catalogue(request.language))
    if request.redact or request.redact_columns:
        inventory = redact_inventory(inventory, request.redact_columns)
    return inventory


def _load_brand(path: Path | None):
    """Read ``--brand`` before the assessment, so that a mistake in it fails at once."""
    if path is None:
        return None
    from .brand import load_brand

    return load_brand(path)


def _write(assessment: Assessment, catalog, request: RunRequest, inputs: tuple[Path, ...], brand=None) -> tuple[tuple[Path, ...], tuple[str, ...]]:
    from .render import JSON_NAME, RenderOptions, default_basename, write_reports

    basename = default_basename(assessment)
    previous, notices = previous_tracker(request, request.out_dir / f"{basename}.xlsx")
    options = RenderOptions(language=request.language, catalog=catalog, previous=previous, brand=brand)
    outputs = [request.out_dir / f"{basename}{suffix}" for suffix in (".xlsx", ".pdf")] + [request.out_dir / JSON_NAME]
    protected = {path.resolve() for path in _input_files(inputs)}
    colliding = [str(path) for path in outputs if path.resolve() in protected]
    if colliding:
        raise UsageError(f"a report would overwrite the input {', '.join(colliding)}; choose another --out folder")
    return tuple(write_reports(assessment, options, request.out_dir)), notices


def previous_tracker(request: RunRequest, workbook: Path):
    """Read the tracker entries of the previous workbook and build the console lines about it.

    The previous workbook is ``--previous`` or, without that option, ``workbook`` (the
    workbook this run replaces) when it exists. Returns None for the entries when there is
    neither; a ``--previous`` that does not exist raises ``UsageError``.
    """
    from .messages import catalogue
    from .render.tracker import read_previous

    messages = catalogue(request.language)
    notices: list[str] = []
    path = request.previous
    if path is not None and not path.is_file():
        raise UsageError(messages.text("report_workbook.previous.not_found", path=path))
    if path is None and workbook.is_file():
        path = workbook
        notices.append(messages.text("report_workbook.previous.automatic", path=path))
    if path is None:
        return None, ()

    previous = read_previous(path)
    if previous.problem is not None:
        notices.append(messages.text(f"report_workbook.previous.{previous.problem.key}", **previous.problem.params))
    return previous, tuple(notices)


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
