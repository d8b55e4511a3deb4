"""Data rows of the detail tables, written as sheet XML without a cell object per value.

openpyxl's write-only sheets build a cell object and an lxml element for every value,
which took most of the workbook's time on large landscapes. ``RowStream`` writes the
rows of one table as XML text to a temporary file, following the same rules as
``excel_cells.put``. openpyxl still writes everything else (header row, table, filters,
styles, conditional formats, validations), and ``save_with_rows`` inserts the streamed
rows into each sheet's ``sheetData`` when the package is saved.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import IO, Any, Callable, Sequence

from openpyxl.cell.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.hyperlink import Hyperlink

from .excel_cells import FORMULA_PREFIXES, MAX_CELL_CHARS, clean_text, ooxml_escape
from .view import Link

# Text without any of these characters is written as it is: no XML escape, no OOXML
# escape, no illegal character to replace.
_SPECIAL = re.compile("[\x00-\x1f&<>_\ud800-\udfff\ufffe\uffff]")
_SHEET_DATA_END = b"</sheetData>"
_COPY_CHUNK = 1 << 20


class CellStyles:
    """Style indexes of the workbook for the combinations the detail tables use."""

    def __init__(self, sheet, wrap: Alignment, tracker_fill: PatternFill, link_font: Font):
        self.sheet = sheet
        self.wrap = wrap
        self.tracker_fill = tracker_fill
        self.link_font = link_font
        self._ids: dict[tuple, str] = {}

    def attribute(self, wrap: bool = False, number_format: str | None = None, tracker: bool = False,
                  quote: bool = False, link: bool = False) -> str:
        """Return the ``s`` attribute text (with its leading space) of a cell with these styles, or ''."""
        key = (wrap, number_format, tracker, quote, link)
        if key not in self._ids:
            self._ids[key] = self._register(*key)
        return self._ids[key]

    def _register(self, wrap: bool, number_format: str | None, tracker: bool, quote: bool, link: bool) -> str:
        cell = WriteOnlyCell(self.sheet)
        if wrap:
            cell.alignment = self.wrap
        if number_format:
            cell.number_format = number_format
        if tracker:
            cell.fill = self.tracker_fill
        if quote:
            cell.quotePrefix = True
        if link:
            cell.font = self.link_font
        return f' s="{cell.style_id}"' if cell.has_style else ""


def text_xml(value: str, truncation_marker: str) -> tuple[str, bool]:
    """Return the escaped XML text of a string cell and whether it needs Excel's quote prefix."""
    if _SPECIAL.search(value) is None and len(value) <= MAX_CELL_CHARS:
        text = value
    else:
        text = clean_text(value, truncation_marker)
    quote = text.startswith(FORMULA_PREFIXES)
    if _SPECIAL.search(text) is not None:
        text = ooxml_escape(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text, quote


class RowStream:
    """XML rows of one table part, collected in a temporary file until the workbook is saved."""

    def __init__(self, styles: CellStyles, truncation_marker: str):
        self.styles = styles
        self.marker = truncation_marker
        self.file: IO[bytes] = tempfile.TemporaryFile()
        self._buffer: list[str] = []

    def write_rows(self, columns: Sequence[Any], rows: Sequence[Any], first_row: int,
                   link_cell: Callable[[Any, str, int], str | None]) -> None:
        """Write ``rows`` from row ``first_row`` on; ``link_cell`` renders a Link value at a cell reference."""
        letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
        writers = [self._column_writer(column) for column in columns]
        for row_number, row in enumerate(rows, start=first_row):
            cells = [f'<row r="{row_number}">']
            for letter, column, write in zip(letters, columns, writers):
                value = column.value(row)
                if value is None:
                    continue
                reference = f"{letter}{row_number}"
                cell = link_cell(value, reference, row_number) if isinstance(value, Link) else write(reference, value)
                if cell:
                    cells.append(cell)
            cells.append("</row>")
            self._add("".join(cells))
        self._flush()

    def _column_writer(self, column: Any) -> Callable[[str, object], str]:
        wrap = column.wrap
        tracker = column.kind == "tracker"
        plain = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker)
        quoted = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker, quote=True)

        def write(reference: str, value: object) -> str:
            if value == "":
                # Written as openpyxl writes an empty string: a string cell without text.
                return f'<c r="{reference}" t="inlineStr"{plain}/>'
            if isinstance(value, str):
                text, quote = text_xml(value, self.marker)
                return string_cell(reference, text, quoted if quote else plain)
            return self._other_cell(reference, value, column, wrap, tracker)

        return write

    def _other_cell(self, reference: str, value: object, column: Any, wrap: bool, tracker: bool) -> str:
        if isinstance(value, bool):
            style = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker)
            return f'<c r="{reference}" t="b"{style}><v>{int(value)}</v></c>'
        if isinstance(value, (int, float)):
            number = _number_text(value)
            if number is None and isinstance(value, float):
                return ""
            if number is None:
                # An integer too large for a double stays exact as text.
                text, quote = text_xml(str(value), self.marker)
                style = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker, quote=quote)
                return string_cell(reference, text, style)
            style = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker)
            return f'<c r="{reference}" t="n"{style}><v>{number}</v></c>'
        if isinstance(value, dt.date):
            return self._date_cell(reference, value, column, wrap, tracker)
        text, quote = text_xml(str(value), self.marker)
        style = self.styles.attribute(wrap=wrap, number_format=column.number_format, tracker=tracker, quote=quote)
        return string_cell(reference, text, style)

    def _date_cell(self, reference: str, value: dt.date, column: Any, wrap: bool, tracker: bool) -> str:
        if isinstance(value, dt.datetime):
            if value.tzinfo is not None:
                value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
            default_format = "yyyy-mm-dd hh:mm:ss"
        else:
            default_format = "yyyy-mm-dd"
        number_format = column.number_format or default_format
        style = self.styles.attribute(wrap=wrap, number_format=number_format, tracker=tracker)
        return f'<c r="{reference}" t="n"{style}><v>{to_excel(value):.16g}</v></c>'

    def _add(self, row: str) -> None:
        self._buffer.append(row)
        if len(self._buffer) >= 2000:
            self._flush()

    def _flush(self) -> None:
        if self._buffer:
            self.file.write("".join(self._buffer).encode("utf-8"))
            self._buffer.clear()


def _number_text(value: int | float) -> str | None:
    """Return the cell text of a number, or None when a double cannot hold it (NaN, infinity, huge integers)."""
    try:
        number = float(value)
    except OverflowError:
        return None
    if not math.isfinite(number):
        return None
    # repr gives the shortest text that reads back as the same double.
    return repr(number) if isinstance(value, float) or abs(value) > 2**53 else str(value)


def string_cell(reference: str, text: str, style: str) -> str:
    """Return an inline string cell; leading or trailing spaces are kept with xml:space."""
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{reference}" t="inlineStr"{style}><is><t{space}>{text}</t></is></c>'


def link_hyperlink(sheet, reference: str, url: str) -> None:
    """Record an external hyperlink of ``reference`` on the write-only ``sheet``."""
    # A write-only sheet writes the hyperlinks it collected, and their relationships, when it closes.
    sheet._hyperlinks.append(Hyperlink(ref=reference, target=url))


def save_with_rows(workbook, path: Path, streams: dict[Any, list[RowStream]]) -> None:
    """Save ``workbook`` to ``path``, inserting the rows of ``streams`` at the end of each sheet's data.

    ``streams`` maps a write-only sheet to its row streams, in order. The package
    openpyxl writes is small, because the big rows are not in it, so it is built in
    memory and copied entry by entry into ``path``.
    """
    package = io.BytesIO()
    workbook.save(package)
    parts = {sheet.path.lstrip("/"): rows for sheet, rows in streams.items()}
    with zipfile.ZipFile(package) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as target:
        for info in source.infolist():
            content = source.read(info)
            rows = parts.get(info.filename)
            if rows is None:
                target.writestr(info, content)
            else:
                _write_sheet(target, info, content, rows)
    for rows in streams.values():
        for stream in rows:
            stream.file.close()


def _write_sheet(target: zipfile.ZipFile, info: zipfile.ZipInfo, content: bytes, rows: list[RowStream]) -> None:
    end = content.rfind(_SHEET_DATA_END)
    if end < 0:
        raise ValueError(f"{info.filename} has no sheetData element to add rows to")
    entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    entry.compress_type = zipfile.ZIP_DEFLATED
    # With the size known in advance, zipfile writes ZIP64 headers only for an entry that
    # needs them, as openpyxl's own entries are written.
    entry.file_size = len(content) + sum(os.fstat(stream.file.fileno()).st_size for stream in rows)
    with target.open(entry, "w") as output:
        output.write(content[:end])
        for stream in rows:
            stream.file.seek(0)
            shutil.copyfileobj(stream.file, output, _COPY_CHUNK)
        output.write(content[end:])
