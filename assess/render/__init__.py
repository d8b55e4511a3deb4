"""Reports from one Assessment: the workbook, the PDF and ``assessment.json``.

``write_reports`` builds the view model once, hands it to each ``Renderer`` and moves
the finished files into place together, so a failed run never leaves a mix of old and
new reports. openpyxl and WeasyPrint are imported only when a report is written.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Protocol, Sequence

from ..errors import OutputError, UsageError
from ..messages import Catalogue, catalogue
from ..model import Assessment
from .catalog_view import CatalogLike
from .view import DetailLimits, ReportView, build_report_view

if TYPE_CHECKING:
    from .pdf import PdfResult

LOGGER = logging.getLogger("assess.render")

JSON_NAME = "assessment.json"


class Renderer(Protocol):
    """A report format: writes one file from the prepared view model."""

    suffix: str
    """File name suffix with its dot, such as ``.xlsx``."""

    def render(self, report: ReportView, path: Path) -> None: ...


@dataclass(frozen=True)
class RenderOptions:
    """Choices that shape the reports but do not change the assessment."""

    language: str = "en"
    catalog: CatalogLike | None = None
    """Connector catalog used for the assessment; without it the workbook lists no connectors."""
    basename: str | None = None
    """File name of the workbook and PDF without suffix; defaults to ``default_basename``."""
    limits: DetailLimits = field(default_factory=DetailLimits)
    logo: Path | None = None
    """Image shown on the PDF cover; the only file outside the templates the PDF may read."""
    messages: Catalogue | None = None
    """Message catalogue to use instead of the packaged one for ``language``."""

    def catalogue(self) -> Catalogue:
        return self.messages if self.messages is not None else catalogue(self.language)


class ExcelRenderer:
    suffix = ".xlsx"

    def __init__(self, messages: Catalogue):
        self.messages = messages

    def render(self, report: ReportView, path: Path) -> None:
        from .excel import write_workbook

        write_workbook(report, self.messages, path)


class PdfRenderer:
    suffix = ".pdf"

    def __init__(self, messages: Catalogue, logo: Path | None = None):
        self.messages = messages
        self.logo = logo
        self.last_result: PdfResult | None = None
        """URLs requested and warnings logged by the latest render, for tests and diagnostics."""

    def render(self, report: ReportView, path: Path) -> None:
        from .pdf import write_pdf

        self.last_result = write_pdf(report, self.messages, path, self.logo)


def default_basename(assessment: Assessment) -> str:
    return f"ips-readiness-{slugify(assessment.customer)}-{assessment.as_of.isoformat()}"


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII letters, digits and hyphens only, so the name is valid on every file system."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].rstrip("-") or "customer"


def build_view(assessment: Assessment, options: RenderOptions) -> ReportView:
    return build_report_view(assessment, options.catalogue(), options.catalog, options.limits)


def write_reports(assessment: Assessment, options: RenderOptions, out_dir: Path) -> list[Path]:
    """Write ``<basename>.xlsx``, ``<basename>.pdf`` and ``assessment.json`` into ``out_dir``.

    All three are rendered to temporary files first and renamed into place only when
    every one is complete. On any failure, including KeyboardInterrupt, the temporary
    files are removed, existing reports stay as they were, and the error propagates
    (``OutputError`` for file system errors).
    """
    from .json import write_json

    basename = options.basename or default_basename(assessment)
    _check_basename(basename)
    messages = options.catalogue()
    report = build_view(assessment, options)

    renderers: Sequence[Renderer] = (ExcelRenderer(messages), PdfRenderer(messages, options.logo))
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / f"{basename}{renderer.suffix}", lambda path, renderer=renderer: renderer.render(report, path))
        for renderer in renderers
    ]
    jobs.append((out_dir / JSON_NAME, lambda path: write_json(assessment, path)))

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {out_dir}: {error.strerror}") from error
    return write_atomically(jobs)


def _check_basename(basename: str) -> None:
    if not basename or basename in (".", "..") or "/" in basename or "\\" in basename or "\x00" in basename:
        raise UsageError(f"invalid report name {basename!r}: give a file name without folders or suffix")


def write_atomically(jobs: Sequence[tuple[Path, Callable[[Path], None]]]) -> list[Path]:
    """Run each writer on a temporary file next to its target, then move all into place.

    When a rename fails part way, the targets already replaced are restored from
    backups, so the folder contains either every new file or every old one.
    """
    temporaries: list[Path] = []
    backups: dict[Path, Path] = {}
    replaced: list[Path] = []
    try:
        for target, write in jobs:
            temporary = _temporary_path(target)
            temporaries.append(temporary)
            write(temporary)

        for target in (target for target, _ in jobs):
            if target.exists():
                backups[target] = _backup(target)

        for temporary, (target, _) in zip(temporaries, jobs):
            os.replace(temporary, target)
            replaced.append(target)
    except BaseException as error:
        _restore(replaced, backups)
        for path in temporaries + list(backups.values()):
            path.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise OutputError(f"cannot write the reports: {error}. The previous reports are unchanged.") from error
        raise

    for backup in backups.values():
        backup.unlink(missing_ok=True)
    LOGGER.info("wrote %s", ", ".join(str(target) for target, _ in jobs))
    return [target for target, _ in jobs]


def _temporary_path(target: Path) -> Path:
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(descriptor)
    return Path(name)


def _backup(target: Path) -> Path:
    backup = _temporary_path(target)
    backup.unlink()
    try:
        os.link(target, backup)
    except OSError:
        shutil.copy2(target, backup)
    return backup


def _restore(replaced: list[Path], backups: dict[Path, Path]) -> None:
    for target in replaced:
        backup = backups.get(target)
        if backup is not None:
            os.replace(backup, target)
        else:
            target.unlink(missing_ok=True)


__all__ = [
    "DetailLimits",
    "ExcelRenderer",
    "PdfRenderer",
    "RenderOptions",
    "Renderer",
    "ReportView",
    "build_view",
    "default_basename",
    "write_atomically",
    "write_reports",
]
