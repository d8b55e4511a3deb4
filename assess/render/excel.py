"""Workbook report: a summary sheet plus one Excel table per kind of record.

Detail sheets use stable snake_case column names (documented in docs/workbook.md), so
a consultant's filters, pivots and lookups keep working across tool versions and report
languages. Sheet titles and the summary labels come from the message catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence

from openpyxl import Workbook
from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from ..messages import Catalogue
from .excel_cells import put, sheet_title
from .formatting import format_date
from .view import CatalogConnectorRow, Link, ReportView, TenantSection

HEADER_FONT = Font(bold=True)
TITLE_FONT = Font(bold=True, size=14, color="0B3D6B")
SECTION_FONT = Font(bold=True, size=11, color="0B3D6B")
LINK_FONT = Font(color="0B5CAD", underline="single")
WRAP = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")

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


def _join(values: Sequence[object]) -> str:
    return "; ".join(str(value) for value in values)


TENANT_COLUMNS = (
    Column("tenant_key", lambda s: s.key),
    Column("tenant", lambda s: s.label),
    Column("tenant_id", lambda s: s.tenant_id),
    Column("host", lambda s: s.host),
    Column("infrastructure", lambda s: s.infrastructure.key),
    Column("tenant_model", lambda s: s.tenant_model.key),
    Column("bundles", lambda s: _join(s.bundles)),
    Column("tenant_type", lambda s: s.tenant_type),
    Column("region", lambda s: s.region),
    Column("created", lambda s: s.created),
    Column("target_ias_tenant", lambda s: s.target_ias_tenant),
    Column("readiness", lambda s: s.readiness.key, coloured=True),
    Column("route", lambda s: s.route.key),
    Column("systems", lambda s: len(s.systems)),
    Column("findings_high", lambda s: _severity_count(s, "high")),
    Column("findings_medium", lambda s: _severity_count(s, "medium")),
    Column("findings_low", lambda s: _severity_count(s, "low")),
    Column("findings_info", lambda s: _severity_count(s, "info")),
    Column("checklist", lambda s: "\n".join(s.checklist), wrap=True),
    Column("source_file", lambda s: s.source.file),
    Column("source_sheet", lambda s: s.source.sheet),
    Column("source_row", lambda s: s.source.row),
)

SYSTEM_COLUMNS = (
    Column("tenant_key", lambda r: r.tenant_key),
    Column("tenant", lambda r: r.tenant_label),
    Column("system", lambda r: r.name),
    Column("role", lambda r: r.role.key),
    Column("connector_raw", lambda r: r.connector_raw),
    Column("connector_id", lambda r: r.connector_id),
    Column("connector_name", lambda r: r.connector_name),
    Column("match_method", lambda r: r.match_method),
    Column("match_confidence", lambda r: r.match_confidence, number_format="0%"),
    Column("readiness", lambda r: r.readiness.key, coloured=True),
    Column("enabled", lambda r: r.enabled),
    Column("planned", lambda r: r.planned),
    Column("finding_ids", lambda r: _join(r.finding_ids)),
    Column("properties", lambda r: "\n".join(f"{k}={'' if v is None else v}" for k, v in r.properties), wrap=True),
    Column("destination_name", lambda r: r.destination_name),
    Column("proxy_type", lambda r: r.proxy_type),
    Column("cloud_connector_location", lambda r: r.cloud_connector_location),
    Column("authentication", lambda r: r.authentication),
    Column("inbound_certificate", lambda r: r.inbound_certificate),
    Column("transformations_modified", lambda r: r.transformations_modified),
    Column("real_time", lambda r: r.real_time),
    Column("last_run", lambda r: r.last_run),
    Column("last_status", lambda r: r.last_status),
    Column("entity_count", lambda r: r.entity_count),
    Column("managed_by_sap", lambda r: r.managed_by_sap),
    Column("source_file", lambda r: r.source.file),
    Column("source_sheet", lambda r: r.source.sheet),
    Column("source_row", lambda r: r.source.row),
)

FINDING_COLUMNS = (
    Column("finding_id", lambda f: f.id),
    Column("severity", lambda f: f.severity.key, coloured=True),
    Column("code", lambda f: f.code),
    Column("tenant_key", lambda f: f.tenant_key),
    Column("tenant", lambda f: f.tenant_label),
    Column("system", lambda f: f.system_name),
    Column("role", lambda f: f.role.key if f.role else None),
    Column("title", lambda f: f.title, wrap=True),
    Column("explanation", lambda f: f.explanation, wrap=True),
    Column("remediation", lambda f: f.remediation, wrap=True),
    Column("confidence", lambda f: f.confidence.key),
    Column("effort", lambda f: f.effort),
    Column("blocks", lambda f: f.blocks),
    Column("needs_evaluation", lambda f: f.needs_evaluation),
    Column("confirm_with_sap", lambda f: f.confirm_with_sap),
    Column("remediable", lambda f: f.remediable),
    Column("evidence", lambda f: "\n".join(location.text for location in f.evidence), wrap=True),
    Column("sources", lambda f: "\n".join(link.url or link.label for link in f.sources), wrap=True),
    Column("source_url", lambda f: next((link for link in f.sources if link.url), None)),
)

DIFF_COLUMNS = (
    Column("tenant_key", lambda d: d[0].key),
    Column("tenant", lambda d: d[0].label),
    Column("connector_id", lambda d: d[1].connector_id),
    Column("connector_name", lambda d: d[1].connector_name),
    Column("role", lambda d: d[1].role.key),
    Column("status", lambda d: d[1].status.key, coloured=True),
    Column("in_use", lambda d: d[1].in_use),
    Column("systems", lambda d: _join(d[1].systems)),
    Column("note", lambda d: d[1].note, wrap=True),
)

CATALOG_COLUMNS = (
    Column("connector_id", lambda c: c.connector_id),
    Column("connector_name", lambda c: c.connector_name),
    Column("role", lambda c: c.role.key),
    Column("sci_bundle", lambda c: _availability(c.sci_bundle)),
    Column("neo_bundle", lambda c: _availability(c.neo_bundle)),
    Column("standalone_sci", lambda c: _availability(c.standalone_sci)),
    Column("standalone_neo", lambda c: _availability(c.standalone_neo)),
    Column("page", lambda c: c.page),
    Column("url", lambda c: c.link),
    Column("aliases", lambda c: _join(c.aliases), wrap=True),
    Column("caveats", lambda c: "\n".join(c.caveats), wrap=True),
)

ISSUE_COLUMNS = (
    Column("kind", lambda i: i.kind.key, coloured=True),
    Column("file", lambda i: i.location.file),
    Column("sheet", lambda i: i.location.sheet),
    Column("row", lambda i: i.location.row),
    Column("column", lambda i: i.location.column),
    Column("value", lambda i: i.value),
    Column("problem", lambda i: i.problem, wrap=True),
    Column("suggestion", lambda i: i.suggestion, wrap=True),
    Column("related", lambda i: i.related.text if i.related else None),
)


def _severity_count(section: TenantSection, severity: str) -> int:
    return next((row.count for row in section.severities if row.label.key == severity), 0)


def _availability(value: object) -> object:
    """Keep booleans as Excel booleans and everything else as text."""
    return value if isinstance(value, bool) or value is None else str(value)


class _Writer:
    def __init__(self, report: ReportView, messages: Catalogue):
        self.report = report
        self.messages = messages
        self.marker = messages.text("report.workbook.truncated")
        self.workbook = Workbook()
        self.workbook.remove(self.workbook.active)
        self.used_titles: set[str] = set()
        self.fills = {key: PatternFill("solid", start_color=fill, end_color=fill) for key, (fill, _) in COLOURS.items()}
        self.fonts = {key: Font(color=font) for key, (_, font) in COLOURS.items()}

    def text(self, key: str, **params: object) -> str:
        return self.messages.text(key, **params)

    def sheet(self, key: str) -> Worksheet:
        title = sheet_title(self.text(f"report.workbook.sheet.{key}"), self.used_titles)
        return self.workbook.create_sheet(title)

    def put(self, worksheet: Worksheet, row: int, column: int, value: object):
        cell = worksheet.cell(row=row, column=column)
        if isinstance(value, Link):
            put(cell, value.url or value.label, self.marker)
            if value.url:
                # Only URLs the catalog cites reach a Link with a url, so input text never becomes a link.
                cell.hyperlink = value.url
                cell.font = LINK_FONT
            return cell
        put(cell, value, self.marker)
        return cell

    def colour(self, cell, key: str | None) -> None:
        if key in self.fills:
            cell.fill = self.fills[key]
            cell.font = self.fonts[key]

    def table(self, worksheet: Worksheet, name: str, columns: Sequence[Column], rows: Sequence[Any], first_row: int = 1) -> None:
        """Write ``rows`` as an Excel table with a filter, a frozen header and readable widths."""
        for index, column in enumerate(columns, start=1):
            cell = worksheet.cell(row=first_row, column=index, value=column.key)
            cell.font = HEADER_FONT

        row_number = first_row
        for row_number, row in enumerate(rows, start=first_row + 1):
            for index, column in enumerate(columns, start=1):
                cell = self.put(worksheet, row_number, index, column.value(row))
                if column.number_format:
                    cell.number_format = column.number_format
                cell.alignment = WRAP if column.wrap else TOP

        # NOTE: an empty table keeps one blank data row, because a header-only table range is
        # reported to make Excel repair the file. This was not checked against Excel itself.
        last_row = max(row_number, first_row + 1)
        last_column = get_column_letter(len(columns))
        reference = f"A{first_row}:{last_column}{last_row}"
        table = Table(displayName=name, ref=reference)
        table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        worksheet.add_table(table)
        worksheet.freeze_panes = worksheet.cell(row=first_row + 1, column=1)

        for index, column in enumerate(columns, start=1):
            letter = get_column_letter(index)
            if column.coloured:
                self._colour_rule(worksheet, f"{letter}{first_row + 1}:{letter}{last_row}")
            worksheet.column_dimensions[letter].width = self._width(column, rows)

    def _colour_rule(self, worksheet: Worksheet, cells: str) -> None:
        # Conditional formats rather than fills, so colours follow the value after sorting or editing.
        for key in COLOURS:
            rule = CellIsRule(operator="equal", formula=[f'"{key}"'], fill=self.fills[key], font=self.fonts[key])
            worksheet.conditional_formatting.add(cells, rule)

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


def write_workbook(report: ReportView, messages: Catalogue, path: Path) -> None:
    """Write the workbook for ``report`` to ``path``."""
    writer = _Writer(report, messages)
    _summary_sheet(writer)
    writer.table(writer.sheet("tenants"), "Tenants", TENANT_COLUMNS, report.tenants)
    writer.table(writer.sheet("systems"), "Systems", SYSTEM_COLUMNS, report.systems)
    writer.table(writer.sheet("findings"), "Findings", FINDING_COLUMNS, report.findings)
    diff_rows = [(section, row) for section in report.tenants for row in section.diff]
    writer.table(writer.sheet("diff"), "ConnectorDiff", DIFF_COLUMNS, diff_rows)
    _catalog_sheet(writer)
    writer.table(writer.sheet("issues"), "InputIssues", ISSUE_COLUMNS, report.appendix.issues)
    _about_sheet(writer)
    writer.workbook.active = 0
    writer.workbook.save(str(path))


def _summary_sheet(writer: _Writer) -> None:
    report = writer.report
    headline = report.headline
    sheet = writer.sheet("summary")
    text = writer.text

    writer.put(sheet, 1, 1, text("report.workbook.summary.title", customer=report.customer)).font = TITLE_FONT
    writer.put(sheet, 2, 1, text("report.workbook.summary.as_of", date=format_date(report.as_of, report.language)))

    row = 4
    sheet.cell(row=row, column=1, value=text("report.workbook.summary.headline")).font = SECTION_FONT
    numbers = [
        ("tenants", headline.tenants),
        ("neo_tenants", headline.neo_tenants),
        ("systems", headline.systems),
        ("findings", headline.findings),
    ]
    for key, value in numbers:
        row += 1
        sheet.cell(row=row, column=1, value=text(f"report.workbook.summary.{key}"))
        sheet.cell(row=row, column=2, value=value)
    row += 1
    sheet.cell(row=row, column=1, value=text("report.workbook.summary.overall"))
    overall = sheet.cell(row=row, column=2, value=report.summary.overall.text)
    writer.colour(overall, report.summary.overall.key)

    row += 2
    for column, key in enumerate(("readiness", "readiness_tenants", "readiness_systems"), start=1):
        sheet.cell(row=row, column=column, value=text(f"report.workbook.summary.{key}")).font = HEADER_FONT
    for readiness in headline.readiness:
        row += 1
        writer.colour(sheet.cell(row=row, column=1, value=readiness.readiness.text), readiness.readiness.key)
        sheet.cell(row=row, column=2, value=readiness.tenants)
        sheet.cell(row=row, column=3, value=readiness.systems)

    row += 2
    for column, key in enumerate(("severity", "severity_findings"), start=1):
        sheet.cell(row=row, column=column, value=text(f"report.workbook.summary.{key}")).font = HEADER_FONT
    for severity in headline.severities:
        row += 1
        writer.colour(sheet.cell(row=row, column=1, value=severity.label.text), severity.label.key)
        sheet.cell(row=row, column=2, value=severity.count)

    for deadline in report.summary.deadlines:
        row += 2
        sheet.cell(row=row, column=1, value=text("report.workbook.summary.deadline")).font = HEADER_FONT
        row += 1
        sheet.cell(row=row, column=1, value=deadline.title)
        writer.put(sheet, row, 2, deadline.date)
        row += 1
        writer.put(sheet, row, 1, deadline.sentence).alignment = WRAP
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
        sheet.row_dimensions[row].height = 45

    row += 2
    note = sheet.cell(row=row, column=1, value=text("report.workbook.summary.note"))
    note.alignment = WRAP
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=3)
    sheet.row_dimensions[row].height = 45

    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 22
    sheet.column_dimensions["C"].width = 22


def _catalog_sheet(writer: _Writer) -> None:
    catalog = writer.report.appendix.catalog
    language = writer.report.language
    sheet = writer.sheet("catalog")
    provenance = writer.text(
        "report.workbook.catalog.provenance",
        version=catalog.version,
        read_on=format_date(catalog.read_on, language),
        commit=catalog.docs_commit,
        commit_date=format_date(catalog.docs_commit_date, language),
    )
    writer.put(sheet, 1, 1, provenance).font = SECTION_FONT
    if not catalog.available:
        writer.put(sheet, 2, 1, writer.text("report.workbook.catalog.not_supplied"))
    rows: Sequence[CatalogConnectorRow] = catalog.connectors
    writer.table(sheet, "ConnectorCatalog", CATALOG_COLUMNS, rows, first_row=3)


def _about_sheet(writer: _Writer) -> None:
    report = writer.report
    catalog = report.appendix.catalog
    sheet = writer.sheet("about")
    text = writer.text

    writer.put(sheet, 1, 1, text("report.workbook.about.title")).font = TITLE_FONT
    pairs = [
        ("tool", "ips-assess"),
        ("tool_version", report.tool_version),
        ("schema_version", report.schema_version),
        ("customer", report.customer),
        ("as_of", report.as_of),
        ("generated", report.generated_at),
        ("language", report.language),
        ("catalog_version", catalog.version),
        ("catalog_read_on", catalog.read_on),
        ("docs_commit", catalog.docs_commit),
        ("docs_commit_date", catalog.docs_commit_date),
    ]
    row = 2
    for key, value in pairs:
        row += 1
        sheet.cell(row=row, column=1, value=text(f"report.workbook.about.{key}")).font = HEADER_FONT
        writer.put(sheet, row, 2, value).alignment = Alignment(horizontal="left")

    row += 2
    sheet.cell(row=row, column=1, value=text("report.workbook.about.files")).font = SECTION_FONT
    row += 1
    for column, key in enumerate(("file", "size", "sha256", "tables"), start=1):
        sheet.cell(row=row, column=column, value=text(f"report.workbook.about.{key}")).font = HEADER_FONT
    for file in report.appendix.files:
        row += 1
        writer.put(sheet, row, 1, file.path)
        writer.put(sheet, row, 2, file.size)
        writer.put(sheet, row, 3, file.sha256)
        writer.put(sheet, row, 4, _join(file.tables))

    if catalog.sources:
        row += 2
        sheet.cell(row=row, column=1, value=text("report.workbook.about.sources")).font = SECTION_FONT
        for link in catalog.sources:
            row += 1
            writer.put(sheet, row, 1, link.label)
            writer.put(sheet, row, 2, link)

    if catalog.facts:
        row += 2
        sheet.cell(row=row, column=1, value=text("report.workbook.about.facts")).font = SECTION_FONT
        for fact in catalog.facts:
            row += 1
            writer.put(sheet, row, 1, fact.label)
            writer.put(sheet, row, 2, fact.value)
            writer.put(sheet, row, 3, fact.source)
            writer.put(sheet, row, 4, fact.read_on)

    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 30
