"""Reports from one Assessment: the workbook, the PDF and ``assessment.json``.

``write_reports`` builds the view model once, hands it to each ``Renderer`` and moves
the finished files into place together, so a failed run never leaves a mix of old and
new reports. openpyxl and WeasyPrint are imported only when a report is written.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import gc
import logging
import os
import re
import shutil
import signal
import sys
import tempfile
import threading
import traceback
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator, Protocol, Sequence

from ..brand import Brand
from ..errors import OutputError, UsageError
from ..messages import Catalogue, catalogue
from ..model import Assessment
from .catalog_view import CatalogLike
from .tracker import PreviousTracker
from .view import DetailLimits, ReportView, build_report_view

if TYPE_CHECKING:
    from .excel_cells import ExcelLimits
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
    brand: Brand | None = None
    """Firm name, logo, colours and texts of the PDF; its logo replaces ``logo``."""
    messages: Catalogue | None = None
    """Message catalogue to use instead of the packaged one for ``language``."""
    previous: PreviousTracker | None = None
    """Tracker entries of an earlier workbook, carried over to the same findings."""

    def catalogue(self) -> Catalogue:
        return self.messages if self.messages is not None else catalogue(self.language)


class ExcelRenderer:
    suffix = ".xlsx"

    def __init__(self, messages: Catalogue, previous: PreviousTracker | None = None, limits: ExcelLimits | None = None):
        self.messages = messages
        self.previous = previous
        self.limits = limits
        """Excel's limits, replaced by small ones in tests."""

    def render(self, report: ReportView, path: Path) -> None:
        from .excel import write_workbook

        write_workbook(report, self.messages, path, self.previous, self.limits)


class PdfRenderer:
    suffix = ".pdf"

    def __init__(
        self,
        messages: Catalogue,
        logo: Path | None = None,
        brand: Brand | None = None,
        assessment_json: bytes | None = None,
    ):
        self.messages = messages
        self.logo = logo
        self.brand = brand
        self.assessment_json = assessment_json
        """The content of assessment.json, embedded in the PDF when given."""
        self.last_result: PdfResult | None = None
        """URLs requested and warnings logged by the latest render, for tests and diagnostics."""

    def render(self, report: ReportView, path: Path) -> None:
        from .pdf import write_pdf

        self.last_result = write_pdf(report, self.messages, path, self.logo, self.brand, self.assessment_json)


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
    """Write ``<basename>.xlsx``, ``<basename>.pdf`` and ``assessment.json`` into ``out_dir``, returning their paths in that order.

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

    # assessment.json is written first, so that the PDF can embed the file just written.
    written_json: list[Path] = []
    pdf = PdfRenderer(messages, options.logo, options.brand)

    def write_assessment_json(path: Path) -> None:
        write_json(assessment, path)
        written_json.append(path)

    def write_pdf(path: Path) -> None:
        pdf.assessment_json = _attachable(written_json[0])
        pdf.render(report, path)

    workbook = ExcelRenderer(messages, options.previous)
    jobs: list[tuple[Path, Callable[[Path], None]]] = [
        (out_dir / JSON_NAME, write_assessment_json),
        (out_dir / f"{basename}{workbook.suffix}", lambda path: workbook.render(report, path)),
        (out_dir / f"{basename}{pdf.suffix}", write_pdf),
    ]

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot create the output folder {out_dir}: {error.strerror}") from error
    json_path, *documents = write_atomically(jobs)
    return [*documents, json_path]


# Largest assessment.json that the PDF embeds. Larger ones (a landscape of many thousand
# systems) would make the customer's PDF many megabytes larger and take seconds to compress.
MAX_ATTACHMENT_BYTES = 16 * 2**20


def _attachable(path: Path) -> bytes | None:
    size = path.stat().st_size
    if size <= MAX_ATTACHMENT_BYTES:
        return path.read_bytes()
    LOGGER.info(
        "assessment.json has %.0f MiB, more than the %.0f MiB the PDF embeds, so the PDF carries no copy of it",
        size / 2**20, MAX_ATTACHMENT_BYTES / 2**20,
    )
    return None


def _check_basename(basename: str) -> None:
    if not basename or basename in (".", "..") or "/" in basename or "\\" in basename or "\x00" in basename:
        raise UsageError(f"invalid report name {basename!r}: give a file name without folders or suffix")


def write_atomically(jobs: Sequence[tuple[Path, Callable[[Path], None]]]) -> list[Path]:
    """Run each writer on a temporary file next to its target, then move all into place.

    When a rename fails part way, the targets already replaced are restored from
    backups, so the folder contains either every new file or every old one. A file
    system error (such as a full disk) raises ``OutputError``; any other error propagates.
    """
    with _unraisable_logged() as interrupts, _signals_recorded(interrupts):
        failure = _write_all(jobs, interrupts)
    if failure is not None:
        raise OutputError(f"cannot write the reports: {failure}. The previous reports are unchanged.")

    LOGGER.info("wrote %s", ", ".join(str(target) for target, _ in jobs))
    return [target for target, _ in jobs]


def _write_all(jobs: Sequence[tuple[Path, Callable[[Path], None]]], interrupts: list[Callable[[], None]]) -> OSError | None:
    """Write and move every file, returning the file system error that stopped it, if any.

    ``interrupts`` collects a function that raises each interrupt the writers may have lost
    (in a finalizer or a C library's callback). The first stops the run before any rename.
    """
    temporaries: list[Path] = []
    backups: dict[Path, Path] = {}
    replaced: list[Path] = []
    try:
        for target, write in jobs:
            temporary = _temporary_path(target)
            temporaries.append(temporary)
            write(temporary)
        if interrupts:
            interrupts[0]()

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
        # The finished frames of the failed writer hold openpyxl's open worksheet streams.
        # Clearing them closes the streams now, while their errors are only logged.
        traceback.clear_frames(error.__traceback__)
        gc.collect()
        failure = _file_system_error(error)
        if failure is None:
            raise
        LOGGER.debug("writing the reports failed", exc_info=True)
        return failure

    for backup in backups.values():
        backup.unlink(missing_ok=True)
    return None


def _file_system_error(error: BaseException) -> OSError | None:
    if isinstance(error, OSError):
        return error
    # lxml, which openpyxl writes through when it is installed, reports a failed write as
    # a SerialisationError named after the errno, such as IO_EFBIG or IO_ENOSPC.
    name = str(error)
    code = getattr(errno, name.removeprefix("IO_"), None)
    if type(error).__name__ == "SerialisationError" and name.startswith("IO_") and isinstance(code, int):
        return OSError(code, os.strerror(code))
    return None


@contextlib.contextmanager
def _unraisable_logged() -> Iterator[list[Callable[[], None]]]:
    """Log exceptions raised while objects are finalized, instead of printing a traceback.

    Yields a list that receives a function raising each interrupt among them: a Ctrl-C
    that arrives while a finalizer runs is raised there and would otherwise be lost.
    """
    interrupts: list[Callable[[], None]] = []

    def log_unraisable(unraisable) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            interrupts.append(functools.partial(_raise, unraisable.exc_value))
        LOGGER.debug("ignored while closing a report writer: %r", unraisable.exc_value)

    previous_hook = sys.unraisablehook
    sys.unraisablehook = log_unraisable
    try:
        yield interrupts
    finally:
        sys.unraisablehook = previous_hook


def _raise(error: BaseException) -> None:
    raise error


@contextlib.contextmanager
def _signals_recorded(interrupts: list[Callable[[], None]]) -> Iterator[None]:
    """Record SIGINT and SIGTERM in ``interrupts`` before the previous handlers raise them.

    A C library that calls back into Python (cffi) prints and drops an exception raised in
    the callback, so the signal is recorded first. Outside the main thread nothing changes.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    # Only signals that a Python handler raises are recorded, so an ignored SIGINT (as in
    # a background job) stays ignored.
    handlers = {number: signal.getsignal(number) for number in (signal.SIGINT, signal.SIGTERM)}
    previous = {number: handler for number, handler in handlers.items() if callable(handler)}

    def record(number: int, frame) -> None:
        again = functools.partial(previous[number], number, None)
        interrupts.append(again)
        again()

    for number in previous:
        signal.signal(number, record)
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _temporary_path(target: Path) -> Path:
    descriptor, name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(descriptor)
    # mkstemp creates the file as 0600; reports get the mode any new file would get.
    os.chmod(name, 0o666 & ~_current_umask())
    return Path(name)


def _current_umask() -> int:
    # The umask can only be read by setting it, so it is set back at once.
    mask = os.umask(0o077)
    os.umask(mask)
    return mask


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
