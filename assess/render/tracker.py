"""Tracker columns of the Findings sheet and their carry-over from a previous workbook.

The consultant fills in owner, status, due date and comment next to each finding. A rerun
reads those values back, keyed by ``finding_id`` (rule code | tenant | system | role, so
it stays the same across runs), and writes them next to the same findings again. Entries
whose finding is gone move to the sheet of closed findings, which is read back as well,
so a finding that returns gets its values back.

Sheets are recognised by their header row, never by their title: titles are translated,
and a consultant may rename a sheet.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

LOGGER = logging.getLogger("assess.render")

ID_KEY = "finding_id"
TRACKER_KEYS = ("owner", "status", "due_date", "comment")
STATUSES = ("open", "in_progress", "done", "accepted")
"""Values of the ``status`` drop-down list."""
SEPARATOR_KEY = "tracker"
"""Empty column that separates the computed columns from the tracker columns."""
LAST_SEEN_KEY = "last_seen"
"""Column of the closed-findings sheet only: assessment date of the last run that had the finding."""
CONTEXT_KEYS = ("severity", "code", "tenant", "system", "role", "title")
"""Computed columns kept with a closed entry, so the consultant still sees what it was about."""
AS_OF_PROPERTY = "ips_assess_as_of"
"""Custom document property that records the assessment date of a workbook."""


@dataclass(frozen=True)
class TrackerEntry:
    """Values the consultant entered for one finding, with the finding as it was shown."""

    finding_id: str
    owner: str | None = None
    status: str | None = None
    due_date: dt.date | str | None = None
    """A date, or the text typed when it is not a date."""
    comment: str | None = None
    context: Mapping[str, object] = field(default_factory=dict)
    """Computed columns of ``CONTEXT_KEYS`` as the previous workbook showed them."""
    last_seen: dt.date | None = None
    closed: bool = False
    """True when the entry was read from the closed-findings sheet."""

    def value(self, key: str) -> object:
        return getattr(self, key)


@dataclass(frozen=True)
class PreviousProblem:
    """Reason why some or all entries were not carried over; ``key`` is under ``report_workbook.previous``."""

    key: str
    params: Mapping[str, object] = field(default_factory=dict)


@dataclass(frozen=True)
class PreviousTracker:
    """Tracker entries read from a previous workbook, by finding id."""

    path: Path
    entries: Mapping[str, TrackerEntry] = field(default_factory=dict)
    problem: PreviousProblem | None = None


# The previous workbook is usually this tool's own, which contains a sheet of every finding:
# 254,000 rows of 24 columns and 626 MiB unpacked for 100,000 systems. The input limits
# would reject it, so it gets four times that many cells and about three times that size.
TRACKER_MAX_CELLS = 24_000_000
TRACKER_MAX_UNPACKED_BYTES = 2 * 2**30


def read_previous(path: Path) -> PreviousTracker:
    """Read the tracker entries of the workbook at ``path``.

    Never raises for the content of the file. A file that is not a workbook, a workbook
    without a ``finding_id`` column, or missing tracker columns yield the entries that
    could be read and a ``problem`` to show as one warning. The workbook passes the
    checks the inputs pass and is read with python-calamine, one row at a time: a large
    tracker took over a minute with openpyxl.
    """
    try:
        opened = _open(path)
        if isinstance(opened, str):
            return PreviousTracker(path, problem=PreviousProblem("unreadable", {"path": path, "error": opened}))
        workbook, rejected = opened
        return _read_sheets(_sheet_rows(workbook, rejected), _as_of(path), path)
    except Exception as error:  # noqa: BLE001 - any file may be passed; every failure means "not readable"
        LOGGER.debug("cannot read the previous workbook %s", path, exc_info=True)
        return PreviousTracker(path, problem=PreviousProblem("unreadable", {"path": path, "error": _reason(error)}))


def _open(path: Path):
    """Return the checked workbook and its rejected sheets, or the first problem as text."""
    from ..ingest.issues import IssueLog
    from ..ingest.options import ReadOptions
    from ..ingest.sources import open_checked_xlsx
    from ..model import SourceRef

    log = IssueLog()
    limits = ReadOptions(max_cells=TRACKER_MAX_CELLS, max_uncompressed_bytes=TRACKER_MAX_UNPACKED_BYTES)
    opened = open_checked_xlsx(path.read_bytes(), SourceRef(str(path)), limits, log)
    if opened is None:
        return log.errors_first()[0].problem
    return opened


def _sheet_rows(workbook, rejected: set[str]) -> Iterator[Iterator[list]]:
    """Yield an iterator over the rows of each readable sheet."""
    for name in workbook.sheet_names:
        if name not in rejected:
            yield workbook.get_sheet_by_name(name).iter_rows()


def _reason(error: Exception) -> str:
    return str(error) or type(error).__name__


def _read_sheets(sheets: Iterable[Iterator[list]], as_of: dt.date | None, path: Path) -> PreviousTracker:
    open_entries: dict[str, TrackerEntry] = {}
    closed_entries: dict[str, TrackerEntry] = {}
    missing: set[str] = set()
    found = False

    for rows in sheets:
        header = _header(next(rows, None))
        if ID_KEY not in header:
            continue
        found = True
        closed = LAST_SEEN_KEY in header
        missing.update(key for key in TRACKER_KEYS if key not in header)
        target = closed_entries if closed else open_entries
        for entry in _entries(rows, header, closed, as_of):
            target.setdefault(entry.finding_id, entry)

    if not found:
        return PreviousTracker(path, problem=PreviousProblem("no_findings", {"path": path, "column": ID_KEY}))

    entries = {**closed_entries, **open_entries}
    problem = None
    if missing:
        columns = ", ".join(key for key in TRACKER_KEYS if key in missing)
        problem = PreviousProblem("missing_columns", {"path": path, "columns": columns})
    return PreviousTracker(path, entries, problem)


def _as_of(path: Path) -> dt.date | None:
    """Return the assessment date that the workbook's custom document property records."""
    import zipfile

    import defusedxml.ElementTree as safe_et

    with zipfile.ZipFile(path) as package:
        if "docProps/custom.xml" not in package.namelist():
            return None
        properties = safe_et.fromstring(package.read("docProps/custom.xml"))
    for prop in properties:
        if prop.get("name") == AS_OF_PROPERTY:
            return _date("".join(prop.itertext()))
    return None


def _header(row: tuple | None) -> dict[str, int]:
    if not row:
        return {}
    return {str(value).strip(): index for index, value in enumerate(row) if isinstance(value, str)}


def _entries(rows: Iterable[tuple], header: dict[str, int], closed: bool, as_of: dt.date | None) -> Iterable[TrackerEntry]:
    for row in rows:
        finding_id = _text(_cell(row, header, ID_KEY))
        if finding_id is None:
            continue
        values = {key: _cell(row, header, key) for key in TRACKER_KEYS}
        context = {key: _cell(row, header, key) for key in CONTEXT_KEYS if key in header}
        last_seen = _date(_cell(row, header, LAST_SEEN_KEY)) if closed else as_of
        yield TrackerEntry(
            finding_id=finding_id,
            owner=_text(values["owner"]),
            status=_text(values["status"]),
            due_date=_due_date(values["due_date"]),
            comment=_text(values["comment"]),
            context=context,
            last_seen=last_seen,
            closed=closed,
        )


def _cell(row: tuple, header: dict[str, int], key: str) -> object:
    index = header.get(key)
    if index is None or index >= len(row):
        return None
    return row[index]


def _text(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


def _due_date(value: object) -> dt.date | str | None:
    return _date(value) or _text(value)


def closed_entries(previous: PreviousTracker | None, current_ids: Iterable[str]) -> list[TrackerEntry]:
    """Return the entries whose finding is not in ``current_ids``, most recently seen first."""
    if previous is None:
        return []
    current = set(current_ids)
    gone = [entry for entry in previous.entries.values() if entry.finding_id not in current]
    gone.sort(key=lambda entry: entry.finding_id)
    gone.sort(key=lambda entry: entry.last_seen or dt.date.min, reverse=True)
    return gone
