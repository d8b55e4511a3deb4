"""The Summary sheet: headline numbers, the tables behind three native Excel charts, and notes.

The Summary sheet is created first, so it opens first, but written last: its notes say
which tables were split at Excel's row limit and which sheets ran out of hyperlinks.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from openpyxl.chart import BarChart, Reference
from openpyxl.chart.marker import DataPoint
from openpyxl.styles import Alignment, Font

from .excel_writer import COLOURS, HEADER_FONT, SheetBuffer, WorkbookWriter
from .formatting import format_date, format_number
from .view import ReportView

TITLE_FONT = Font(bold=True, size=14, color="0B3D6B")
SECTION_FONT = Font(bold=True, size=11, color="0B3D6B")
WRAP = Alignment(wrap_text=True, vertical="top")

CONNECTOR_STATUSES = ("kept", "changed", "on_request", "evaluate", "lost", "gained")
"""Diff statuses on the connector usage chart: every status of connectors in use, then gained ones."""
CHART_COLUMN = "E"
CHART_ROWS = 17
"""Rows between the tops of two charts; a chart of 7.5 cm covers about 15 rows."""


@dataclass(frozen=True)
class TrackerSummary:
    """Carried-over tracker entries as the Summary sheet reports them."""

    file: str
    carried: int
    closed_sheet: str


def write_summary(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, tracker: TrackerSummary | None) -> None:
    """Fill the Summary sheet; call after every table is written, so the notes are complete."""
    text = writer.text
    writer.put(sheet, 1, 1, text("report.workbook.summary.title", customer=report.customer)).font = TITLE_FONT
    writer.put(sheet, 2, 1, text("report.workbook.summary.as_of", date=format_date(report.as_of, report.language)))

    row = _headline(writer, report, sheet, 4)
    readiness_row = row + 2
    row = _readiness_table(writer, report, sheet, readiness_row)
    severity_row = row + 2
    row = _severity_table(writer, report, sheet, severity_row)
    connector_row = row + 2
    row = _connector_table(writer, report, sheet, connector_row)

    _charts(writer, report, sheet, readiness_row, severity_row, connector_row)
    row = _deadlines(writer, report, sheet, row)
    row = _notes(writer, sheet, row + 2, tracker)

    note = sheet.cell(row=row + 2, column=1, value=text("report.workbook.summary.note"))
    note.alignment = WRAP
    sheet.merge_cells(start_row=row + 2, start_column=1, end_row=row + 2, end_column=3)
    sheet.row_dimensions[row + 2].height = 45

    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 22


def _headline(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, row: int) -> int:
    headline = report.headline
    sheet.cell(row=row, column=1, value=writer.text("report.workbook.summary.headline")).font = SECTION_FONT
    numbers = [
        ("tenants", headline.tenants),
        ("neo_tenants", headline.neo_tenants),
        ("systems", headline.systems),
        ("findings", headline.findings),
    ]
    for key, value in numbers:
        row += 1
        sheet.cell(row=row, column=1, value=writer.text(f"report.workbook.summary.{key}"))
        sheet.cell(row=row, column=2, value=value)

    row += 1
    sheet.cell(row=row, column=1, value=writer.text("report.workbook.summary.overall"))
    overall = sheet.cell(row=row, column=2, value=report.summary.overall.text)
    writer.colour(overall, report.summary.overall.key)
    return row


def _header(writer: WorkbookWriter, sheet: SheetBuffer, row: int, keys: tuple[str, ...]) -> None:
    for column, key in enumerate(keys, start=1):
        sheet.cell(row=row, column=column, value=writer.text(key)).font = HEADER_FONT


def _readiness_table(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, row: int) -> int:
    keys = ("readiness", "readiness_tenants", "readiness_systems")
    _header(writer, sheet, row, tuple(f"report.workbook.summary.{key}" for key in keys))
    for readiness in report.headline.readiness:
        row += 1
        writer.colour(sheet.cell(row=row, column=1, value=readiness.readiness.text), readiness.readiness.key)
        sheet.cell(row=row, column=2, value=readiness.tenants)
        sheet.cell(row=row, column=3, value=readiness.systems)
    return row


def _severity_table(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, row: int) -> int:
    _header(writer, sheet, row, ("report.workbook.summary.severity", "report.workbook.summary.severity_findings"))
    for severity in report.headline.severities:
        row += 1
        writer.colour(sheet.cell(row=row, column=1, value=severity.label.text), severity.label.key)
        sheet.cell(row=row, column=2, value=severity.count)
    return row


def connector_usage(report: ReportView) -> Counter:
    """Count diff rows per status: connectors in use by status, plus every gained connector."""
    counts: Counter = Counter()
    for section in report.tenants:
        for row in section.diff:
            if row.in_use or row.status.key == "gained":
                counts[row.status.key] += 1
    return counts


def _connector_table(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, row: int) -> int:
    _header(writer, sheet, row, ("report_workbook.summary.connectors", "report_workbook.summary.connectors_count"))
    counts = connector_usage(report)
    for status in CONNECTOR_STATUSES:
        row += 1
        writer.colour(sheet.cell(row=row, column=1, value=writer.text(f"diff_status.{status}")), status)
        sheet.cell(row=row, column=2, value=counts[status])
    return row


def _charts(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, readiness_row: int, severity_row: int, connector_row: int) -> None:
    readiness_keys = [row.readiness.key for row in report.headline.readiness]
    severity_keys = [row.label.key for row in report.headline.severities]
    charts = [
        ("chart_readiness", readiness_row, readiness_keys),
        ("chart_severity", severity_row, severity_keys),
        ("chart_connectors", connector_row, list(CONNECTOR_STATUSES)),
    ]
    for number, (key, header_row, colour_keys) in enumerate(charts):
        chart = _bar_chart(writer.text(f"report_workbook.summary.{key}"), sheet, header_row, colour_keys)
        sheet.sheet.add_chart(chart, f"{CHART_COLUMN}{4 + number * CHART_ROWS}")


def _bar_chart(title: str, sheet: SheetBuffer, header_row: int, colour_keys: list[str]) -> BarChart:
    """Build a bar chart of column B against the labels in column A, one bar colour per value."""
    first, last = header_row + 1, header_row + len(colour_keys)
    chart = BarChart()
    chart.type = "bar"
    chart.title = title
    chart.legend = None
    chart.width = 16
    chart.height = 7.5
    chart.add_data(Reference(sheet.sheet, min_col=2, min_row=first, max_row=last), titles_from_data=False)
    chart.set_categories(Reference(sheet.sheet, min_col=1, min_row=first, max_row=last))
    # Bars read top-down in the order of the table, so the category axis runs in reverse.
    chart.y_axis.majorGridlines = None
    chart.x_axis.scaling.orientation = "maxMin"
    chart.x_axis.delete = False
    chart.y_axis.delete = False

    series = chart.series[0]
    for index, key in enumerate(colour_keys):
        point = DataPoint(idx=index)
        point.graphicalProperties.solidFill = COLOURS.get(key, ("", "7F7F7F"))[1]
        series.dPt.append(point)
    return chart


def _deadlines(writer: WorkbookWriter, report: ReportView, sheet: SheetBuffer, row: int) -> int:
    for deadline in report.summary.deadlines:
        row += 2
        sheet.cell(row=row, column=1, value=writer.text("report.workbook.summary.deadline")).font = HEADER_FONT
        row += 1
        sheet.cell(row=row, column=1, value=deadline.title)
        writer.put(sheet, row, 2, deadline.date)
        row += 1
        writer.put(sheet, row, 1, deadline.sentence).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 45
    return row


def _notes(writer: WorkbookWriter, sheet: SheetBuffer, row: int, tracker: TrackerSummary | None) -> int:
    """Write what the consultant must know about this workbook; return the last row used."""
    language = writer.messages.language
    sentences = []
    if tracker is None:
        sentences.append(writer.text("report_workbook.summary.tracker_new"))
    else:
        carried = format_number(tracker.carried, language)
        sentences.append(
            writer.text("report_workbook.summary.tracker_carried", file=tracker.file, carried=carried, sheet=tracker.closed_sheet)
        )

    for name, parts in writer.notes.splits.items():
        sheets = ", ".join(part.title for part in parts)
        limit = format_number(writer.limits.max_rows, language)
        sentences.append(writer.text("report_workbook.summary.split", table=name, limit=limit, sheets=sheets))
    for title, first_plain_row in writer.notes.capped_links:
        limit = format_number(writer.limits.max_hyperlinks, language)
        sentences.append(writer.text("report_workbook.summary.links_capped", sheet=title, limit=limit, row=first_plain_row))

    sheet.cell(row=row, column=1, value=writer.text("report_workbook.summary.notes")).font = SECTION_FONT
    for sentence in sentences:
        row += 1
        writer.put(sheet, row, 1, sentence).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 45
    return row
