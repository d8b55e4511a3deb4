"""Streaming workbook writer: Excel tables split at Excel's row limit, small sheets buffered.

The workbook is an openpyxl write-only workbook, so a sheet of a million rows never sits
in memory as cell objects. Rows of a write-only sheet must be written top to bottom. The
small free-form sheets (Summary, About, the rows above a table) therefore collect their
cells in a ``SheetBuffer``, which writes them when the table starts or the workbook ends.

The data rows of the tables bypass openpyxl's cell objects: ``excel_rows`` streams
them as XML and inserts them when the workbook is saved.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Any, Callable, Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import Cell, WriteOnlyCell
from openpyxl.formatting.formatting import ConditionalFormattingList
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.filters import AutoFilter
from openpyxl.worksheet.table import Table, TableColumn, TableStyleInfo

from ..messages import Catalogue
from .excel_cells import ExcelLimits, put, sheet_title
from .excel_rows import CellStyles, RowStream, link_hyperlink, save_with_rows, string_cell, text_xml
from .view import Link

HEADER_FONT = Font(bold=True)
LINK_FONT = Font(color="0B5CAD", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
TABLE_STYLE = "TableStyleMedium2"

# Header and column fills that set the consultant's tracker columns apart from the computed ones.
TRACKER_HEADER_FILL = PatternFill("solid", start_color="F6C46A", end_color="F6C46A")
TRACKER_HEADER_FONT = Font(bold=True, color="5C3B00")
TRACKER_COLUMN_FILL = PatternFill("solid", start_color="FFF8E6", end_color="FFF8E6")
SEPARATOR_FILL = PatternFill("solid", start_color="7F7F7F", end_color="7F7F7F")
SEPARATOR_FONT = Font(bold=True, color="FFFFFF")

# Fill and font colour per enum value, shared by readiness, severity, diff status and issue kind.
COLOURS = {
    "blocked": ("FDE8E7", "B42318"),
    "high": ("FDE8E7", "B42318"),
    "lost": ("FDE8E7", "B42318"),
    "error": ("FDE8E7", "B42318"),
    "needs_evaluation": ("FEF0DC", "93370D"),
    "medium": ("FEF0DC", "93370D"),
    "evaluate": ("FEF0DC", "93370D"),
    "on_request": ("FEF0DC", "93370D"),
    "warning": ("FEF0DC", "93370D"),
    "ready_after_adjustments": ("E6EFFF", "1849A9"),
    "low": ("E6EFFF", "1849A9"),
    "changed": ("E6EFFF", "1849A9"),
    "ready": ("E3F6EC", "05603A"),
    "kept": ("E3F6EC", "05603A"),
    "gained": ("E3F6EC", "05603A"),
    "nothing_to_migrate": ("EEF0F3", "344054"),
    "info": ("EEF0F3", "344054"),
}

MAX_WIDTH = 60
WRAP_WIDTH = 60
SEPARATOR_WIDTH = 3
WIDTH_SAMPLE_ROWS = 500


@dataclass(frozen=True)
class Column:
    """One column of a detail table: its stable key, how to read it from a row, and its layout."""

    key: str
    value: Callable[[Any], object]
    wrap: bool = False
    coloured: bool = False
    """Colour cells by their enum value (readiness, severity, status)."""
    number_format: str | None = None
    kind: str = "computed"
    """``computed`` for what the assessment fills in, ``tracker`` for what the consultant
    fills in, ``separator`` for the empty column between the two."""
    validation: Callable[[], DataValidation] | None = None
    """Data validation for the column's data cells, such as a drop-down list."""
    width: float | None = None
    """Fixed width; otherwise the width fits the first rows' values."""


@dataclass
class TablePart:
    """One sheet of a table that is split at Excel's row limit."""

    title: str
    rows: int


@dataclass
class WorkbookNotes:
    """Limits the writer ran into, for the notes on the Summary sheet."""

    splits: dict[str, list[TablePart]] = field(default_factory=dict)
    """Parts of each table that needed more than one sheet, by table name."""
    capped_links: list[tuple[str, int]] = field(default_factory=list)
    """Sheet title and first row whose URL is plain text because the sheet ran out of links."""


class SheetBuffer:
    """Random-access cells of a write-only sheet, written in row order by ``flush``."""

    def __init__(self, sheet: WriteOnlyWorksheet):
        self.sheet = sheet
        self.title = sheet.title
        self.cells: dict[tuple[int, int], Cell] = {}
        self.next_row = 1
        """First row that ``flush`` has not written yet."""
        self.has_dimension = False
        self.streamed = False
        """True once a table's rows are streamed, which must stay the last rows of the sheet."""

    @property
    def column_dimensions(self):
        return self.sheet.column_dimensions

    @property
    def row_dimensions(self):
        return self.sheet.row_dimensions

    def cell(self, row: int, column: int, value: object = None) -> Cell:
        if row < self.next_row:
            raise ValueError(f"row {row} of sheet {self.title!r} is already written")
        cell = self.cells.get((row, column))
        if cell is None:
            cell = WriteOnlyCell(self.sheet)
            self.cells[(row, column)] = cell
        if value is not None:
            cell.value = value
        return cell

    def merge_cells(self, start_row: int, start_column: int, end_row: int, end_column: int) -> None:
        first = f"{get_column_letter(start_column)}{start_row}"
        last = f"{get_column_letter(end_column)}{end_row}"
        self.sheet.merged_cells.add(f"{first}:{last}")

    def set_dimension(self, last_row: int, last_column: int) -> None:
        """Record the used range, which the sheet writes before its first row."""
        last_column = max([last_column] + [column for _, column in self.cells])
        reference = f"A1:{get_column_letter(max(last_column, 1))}{max(last_row, 1)}"
        # openpyxl writes <dimension> from this method when a sheet has it; readers such
        # as openpyxl's read-only mode take the sheet's size from that element.
        self.sheet.calculate_dimension = lambda: reference
        self.has_dimension = True

    def flush(self, until_row: int | None = None) -> None:
        """Append every buffered row up to ``until_row`` (all rows when None)."""
        last = max((row for row, _ in self.cells), default=self.next_row - 1)
        if until_row is not None:
            last = max(last, until_row)
        if not self.has_dimension:
            self.set_dimension(last, 1)
        if self.streamed and last >= self.next_row:
            # The streamed rows are added at the end of the sheet's data when the workbook is saved.
            raise ValueError(f"rows {self.next_row}-{last} of sheet {self.title!r} would follow a streamed table")
        for row in range(self.next_row, last + 1):
            columns = sorted(column for cell_row, column in self.cells if cell_row == row)
            values: list[object] = [None] * (columns[-1] if columns else 0)
            for column in columns:
                values[column - 1] = self.cells.pop((row, column))
            self.sheet.append(values)
        self.next_row = last + 1


class WorkbookWriter:
    """A write-only workbook with the message catalogue, Excel's limits and unique sheet titles."""

    def __init__(self, messages: Catalogue, limits: ExcelLimits):
        self.messages = messages
        self.limits = limits
        self.marker = messages.text("report.workbook.truncated")
        self.workbook = Workbook(write_only=True)
        self.used_titles: set[str] = set()
        self.buffers: list[SheetBuffer] = []
        self.notes = WorkbookNotes()
        self.fills = {key: PatternFill("solid", start_color=fill, end_color=fill) for key, (fill, _) in COLOURS.items()}
        self.fonts = {key: Font(color=font) for key, (_, font) in COLOURS.items()}
        self.styles: CellStyles | None = None
        self.streams: dict[WriteOnlyWorksheet, list[RowStream]] = {}

    def text(self, key: str, **params: object) -> str:
        return self.messages.text(key, **params)

    def new_sheet(self, title: str) -> SheetBuffer:
        sheet = self.workbook.create_sheet(sheet_title(title, self.used_titles))
        # Write-only sheets lack the conditional formats list that normal sheets have.
        sheet.conditional_formatting = ConditionalFormattingList()
        buffer = SheetBuffer(sheet)
        self.buffers.append(buffer)
        return buffer

    def sheet(self, key: str) -> SheetBuffer:
        return self.new_sheet(self.text(f"report.workbook.sheet.{key}"))

    def put(self, sheet: SheetBuffer, row: int, column: int, value: object) -> Cell:
        cell = sheet.cell(row, column)
        if isinstance(value, Link):
            put(cell, value.url or value.label, self.marker)
            if value.url:
                # Only URLs the catalog cites reach a Link with a url, so input text never becomes a link.
                cell.hyperlink = value.url
                cell.font = LINK_FONT
            return cell
        put(cell, value, self.marker)
        return cell

    def colour(self, cell: Cell, key: str | None) -> None:
        if key in self.fills:
            cell.fill = self.fills[key]
            cell.font = self.fonts[key]

    def finish(self) -> None:
        """Write the buffered cells of every sheet; call once, before saving."""
        for buffer in self.buffers:
            buffer.flush()

    def table(self, sheet: SheetBuffer, name: str, columns: Sequence[Column], rows: Sequence[Any], first_row: int = 1) -> None:
        """Write ``rows`` as Excel tables with a filter, a frozen header and readable widths.

        Rows beyond Excel's row limit continue on new sheets named like the first with
        " (2)", " (3)" and so on; their tables are named ``<name>2``, ``<name>3``.
        """
        capacity = self.limits.max_rows - first_row
        if capacity < 1:
            # The rows above the table fill the sheet, so the table starts on the next one.
            sheet.flush()
            sheet = self.new_sheet(self._base_title(sheet.title))
            first_row, capacity = 1, self.limits.max_rows - 1
        parts: list[TablePart] = []
        start = 0
        while True:
            chunk = rows[start : start + capacity]
            if parts:
                sheet = self.new_sheet(self._base_title(sheet.title))
            table_name = name if not parts else f"{name}{len(parts) + 1}"
            self._table_part(sheet, table_name, columns, chunk, first_row)
            parts.append(TablePart(sheet.title, len(chunk)))
            start += capacity
            if start >= len(rows):
                break
            first_row = 1
            capacity = self.limits.max_rows - 1

        if len(parts) > 1:
            self.notes.splits[name] = parts

    def _base_title(self, title: str) -> str:
        # "Findings (2)" continues as "Findings (3)", not "Findings (2) (2)".
        base, _, number = title.rpartition(" (")
        return base if base and number.rstrip(")").isdigit() else title

    def _table_part(self, sheet: SheetBuffer, name: str, columns: Sequence[Column], rows: Sequence[Any], first_row: int) -> None:
        for index, column in enumerate(columns, start=1):
            self._column_layout(sheet, index, column, rows)
        sheet.sheet.freeze_panes = f"A{first_row + 1}"
        sheet.set_dimension(first_row + max(len(rows), 1), len(columns))
        sheet.flush(until_row=first_row - 1)

        sheet.sheet.append([self._header_cell(sheet, column) for column in columns])
        if rows:
            links_left = [self.limits.max_hyperlinks]

            def link_cell(link: Link, reference: str, row: int) -> str:
                return self._streamed_link(sheet, link, reference, row, links_left)

            self._row_stream(sheet).write_rows(columns, rows, first_row + 1, link_cell)

        # NOTE: an empty table keeps one blank data row, because a header-only table range is
        # reported to make Excel repair the file. This was not checked against Excel itself.
        last_row = first_row + max(len(rows), 1)
        if not rows:
            sheet.sheet.append([])
        sheet.next_row = last_row + 1
        self._add_table(sheet, name, columns, first_row, last_row)

    def _column_layout(self, sheet: SheetBuffer, index: int, column: Column, rows: Sequence[Any]) -> None:
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = column.width or self._width(column, rows)
        if column.kind == "tracker":
            dimension.fill = TRACKER_COLUMN_FILL
        elif column.kind == "separator":
            dimension.fill = SEPARATOR_FILL
        if column.number_format and column.kind == "tracker":
            dimension.number_format = column.number_format

    def _header_cell(self, sheet: SheetBuffer, column: Column) -> object:
        if column.kind == "computed":
            return column.key
        cell = WriteOnlyCell(sheet.sheet, column.key)
        cell.fill = TRACKER_HEADER_FILL if column.kind == "tracker" else SEPARATOR_FILL
        cell.font = TRACKER_HEADER_FONT if column.kind == "tracker" else SEPARATOR_FONT
        return cell

    def _row_stream(self, sheet: SheetBuffer) -> RowStream:
        if self.styles is None:
            self.styles = CellStyles(sheet.sheet, WRAP, TRACKER_COLUMN_FILL, LINK_FONT)
        stream = RowStream(self.styles, self.marker)
        self.streams.setdefault(sheet.sheet, []).append(stream)
        sheet.streamed = True
        return stream

    def _streamed_link(self, sheet: SheetBuffer, link: Link, reference: str, row: int, links_left: list[int]) -> str:
        if not link.url:
            text, quote = text_xml(link.label, self.marker)
            return string_cell(reference, text, self.styles.attribute(quote=quote))
        text, quote = text_xml(link.url, self.marker)
        if links_left[0] <= 0:
            if links_left[0] == 0:
                self.notes.capped_links.append((sheet.title, row))
            links_left[0] -= 1
            return string_cell(reference, text, self.styles.attribute(quote=quote))
        # Only URLs the catalog cites reach a Link with a url, so input text never becomes a link.
        link_hyperlink(sheet.sheet, reference, link.url)
        links_left[0] -= 1
        return string_cell(reference, text, self.styles.attribute(quote=quote, link=True))

    def save(self, path) -> None:
        """Save the workbook to ``path`` with the streamed table rows."""
        save_with_rows(self.workbook, path, self.streams)

    def _add_table(self, sheet: SheetBuffer, name: str, columns: Sequence[Column], first_row: int, last_row: int) -> None:
        last_column = get_column_letter(len(columns))
        reference = f"A{first_row}:{last_column}{last_row}"
        # A write-only sheet cannot read its header back, so the table columns are named here.
        table = Table(
            displayName=name,
            ref=reference,
            autoFilter=AutoFilter(ref=reference),
            tableColumns=[TableColumn(id=index, name=column.key) for index, column in enumerate(columns, start=1)],
        )
        table.tableStyleInfo = TableStyleInfo(name=TABLE_STYLE, showRowStripes=True)
        with warnings.catch_warnings():
            # openpyxl warns on every write-only table that its columns must be named by hand.
            warnings.filterwarnings("ignore", message="In write-only mode you must add table columns manually")
            sheet.sheet.add_table(table)

        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            cells = f"{letter}{first_row + 1}:{letter}{last_row}"
            if column.coloured:
                self._colour_rule(sheet, cells)
            if column.validation is not None:
                validation = column.validation()
                validation.add(cells)
                sheet.sheet.data_validations.append(validation)

    def _colour_rule(self, sheet: SheetBuffer, cells: str) -> None:
        # Conditional formats rather than fills, so colours follow the value after sorting or editing.
        for key in COLOURS:
            rule = CellIsRule(operator="equal", formula=[f'"{key}"'], fill=self.fills[key], font=self.fonts[key])
            sheet.sheet.conditional_formatting.add(cells, rule)

    @staticmethod
    def _width(column: Column, rows: Sequence[Any]) -> float:
        if column.wrap:
            return WRAP_WIDTH
        longest = len(column.key)
        for row in rows[:WIDTH_SAMPLE_ROWS]:
            value = column.value(row)
            if isinstance(value, Link):
                value = value.url or value.label
            text = "" if value is None else str(value)
            longest = max(longest, max((len(line) for line in text.splitlines()), default=0))
        return min(longest + 3, MAX_WIDTH)
