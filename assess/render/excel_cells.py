"""Cell and sheet-name rules that keep input text inert and valid in an .xlsx file.

Text from the customer's inputs may look like a formula (``=HYPERLINK(...)``), contain
characters that XML 1.0 forbids, or exceed Excel's cell limit. Every value the workbook
writes goes through ``put``, or through ``excel_rows`` for table rows, which applies the
same rules, so none of these can change what Excel does with the file.
"""

from __future__ import annotations

import datetime as dt
import re

from dataclasses import dataclass
from pathlib import Path

from openpyxl.cell.cell import Cell

MAX_CELL_CHARS = 32_767
"""Excel's limit on the characters in one cell ("Excel specifications and limits")."""

MAX_SHEET_TITLE = 31

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
"""Leading characters that make Excel or a CSV importer treat typed text as a formula."""

# XML 1.0 allows tab, LF and CR below U+0020, and excludes surrogates, U+FFFE and U+FFFF.
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_REPLACEMENT = "\ufffd"
_SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
# OOXML string escapes (ECMA-376 ST_Xstring): Excel decodes _xHHHH_ in cell text.
_LITERAL_ESCAPE = re.compile(r"_x(?=[0-9A-Fa-f]{4}_)")


def clean_text(text: str, truncation_marker: str) -> str:
    """Replace characters XML forbids and cut text to Excel's cell limit.

    ``truncation_marker`` may contain ``{count}``, the number of characters removed; the
    marker is appended so a reader sees that the cell is incomplete.
    """
    text = _ILLEGAL_XML.sub(_REPLACEMENT, text)
    if len(text) <= MAX_CELL_CHARS:
        return text

    # The marker's own length depends on the count, so size it for the largest count.
    marker_room = len(truncation_marker.replace("{count}", str(len(text))))
    keep = MAX_CELL_CHARS - marker_room - 1
    marker = truncation_marker.replace("{count}", str(len(text) - keep))
    return text[:keep] + " " + marker


def ooxml_escape(text: str) -> str:
    """Escape text so Excel reads back exactly ``text``.

    XML parsers turn a carriage return into a line feed, so CR is written as ``_x000D_``.
    A literal ``_xHHHH_`` in the text gets its underscore escaped as ``_x005F_``, or Excel
    would decode it. openpyxl does not decode these escapes when it reads a file.
    """
    return _LITERAL_ESCAPE.sub("_x005F_x", text).replace("\r", "_x000D_")


def put(cell: Cell, value: object, truncation_marker: str) -> None:
    """Write ``value`` to ``cell`` as data, never as a formula.

    Text starting with a formula prefix is stored as an inline string with Excel's
    quote-prefix flag, so Excel shows it literally and keeps it text after an edit.
    Timezone-aware datetimes are stored in UTC, because Excel has no time zones.
    """
    if value is None:
        cell.value = None
        return

    if isinstance(value, str):
        text = clean_text(value, truncation_marker)
        cell.value = ooxml_escape(text)
        if text.startswith(FORMULA_PREFIXES):
            cell.data_type = "s"
            cell.quotePrefix = True
        return

    if isinstance(value, dt.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
        cell.value = value
        cell.number_format = "yyyy-mm-dd hh:mm:ss"
        return

    if isinstance(value, dt.date):
        cell.value = value
        cell.number_format = "yyyy-mm-dd"
        return

    if isinstance(value, (bool, int, float)):
        cell.value = value
        return

    put(cell, str(value), truncation_marker)


@dataclass(frozen=True)
class ExcelLimits:
    """Limits of one worksheet, from Microsoft's "Excel specifications and limits" page.

    Tests pass small values to exercise the split and the link cap without a million rows.
    """

    max_rows: int = 1_048_576
    """Rows per sheet, header and title rows included."""
    max_hyperlinks: int = 65_530
    """Hyperlinks per sheet."""


def sheet_title(name: str, used: set[str]) -> str:
    """Make ``name`` a valid, unique Excel sheet name and record it in ``used``.

    Excel rejects ``[ ] : * ? / \\``, a leading or trailing apostrophe, names over 31
    characters, blank names, the reserved name "History", and names that differ from
    another sheet's only in letter case.
    """
    title = _SHEET_TITLE_FORBIDDEN.sub("_", _ILLEGAL_XML.sub("", name)).strip().strip("'").strip()
    if not title:
        title = "Sheet"
    if title.casefold() == "history":
        title = "History_"
    title = title[:MAX_SHEET_TITLE].strip("'")

    candidate = title
    number = 2
    while candidate.casefold() in used:
        suffix = f" ({number})"
        candidate = title[: MAX_SHEET_TITLE - len(suffix)].rstrip("'") + suffix
        number += 1

    used.add(candidate.casefold())
    return candidate


def put_rows(sheet, rows: list[list[object]], truncation_marker: str, freeze_panes: str) -> None:
    """Write ``rows`` from A1 with ``put``, so no text becomes a formula, and freeze the panes."""
    for row_number, row in enumerate(rows, start=1):
        for column_number, value in enumerate(row, start=1):
            put(sheet.cell(row=row_number, column=column_number), value, truncation_marker)
    sheet.freeze_panes = freeze_panes


def save_through_partial(workbook, path: Path) -> None:
    """Save ``workbook`` to ``path`` through a ``.partial`` file renamed into place.

    An ``OSError`` propagates after the partial file is removed, so ``path`` is never left
    half-written and an earlier file of that name stays as it was.
    """
    partial = path.with_name(path.name + ".partial")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        workbook.save(partial)
        partial.replace(path)
    except OSError:
        partial.unlink(missing_ok=True)
        raise
