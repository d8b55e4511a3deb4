"""Workbook report: a summary sheet plus one Excel table per kind of record.

Detail sheets use stable snake_case column names (documented in docs/workbook.md), so
a consultant's filters, pivots and lookups keep working across tool versions and report
languages. Sheet titles and the summary labels come from the message catalogue.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable, Mapping, Sequence

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty
from openpyxl.styles import Alignment, Font
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.datavalidation import DataValidation

from ..messages import Catalogue
from .excel_cells import ExcelLimits
from .excel_summary import TrackerSummary, write_summary
from .excel_writer import HEADER_FONT, Column, SheetBuffer, WorkbookWriter
from .formatting import format_date, format_number
from .tracker import (
    AS_OF_PROPERTY,
    CONTEXT_KEYS,
    LAST_SEEN_KEY,
    SEPARATOR_KEY,
    STATUSES,
    PreviousTracker,
    TrackerEntry,
    closed_entries,
)
from .view import CatalogConnectorRow, FindingView, ReportView, TenantSection

TITLE_FONT = Font(bold=True, size=14, color="0B3D6B")
SECTION_FONT = Font(bold=True, size=11, color="0B3D6B")
WRAP = Alignment(wrap_text=True, vertical="top")

# Due dates outside this range are typing mistakes, such as a two-digit year.
DUE_DATE_RANGE = (dt.date(2000, 1, 1), dt.date(2099, 12, 31))


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


def tracker_columns(messages: Catalogue, entry_of: Callable[[object], TrackerEntry | None]) -> tuple[Column, ...]:
    """Build the separator and the tracker columns; ``entry_of`` maps a row to its tracker entry."""

    def value(key: str) -> Callable[[object], object]:
        def read(row: object) -> object:
            entry = entry_of(row)
            return entry.value(key) if entry is not None else None

        return read

    return (
        Column(SEPARATOR_KEY, lambda row: None, kind="separator", width=3),
        Column("owner", value("owner"), kind="tracker", width=20),
        Column("status", value("status"), kind="tracker", width=14, validation=lambda: _status_validation(messages)),
        Column(
            "due_date",
            value("due_date"),
            kind="tracker",
            width=14,
            number_format="yyyy-mm-dd",
            validation=lambda: _due_date_validation(messages),
        ),
        Column("comment", value("comment"), kind="tracker", wrap=True),
    )


def finding_columns(messages: Catalogue, entries: Mapping[str, TrackerEntry]) -> tuple[Column, ...]:
    """Return the Findings columns: the computed ones, a separator, then the tracker columns."""
    return FINDING_COLUMNS + tracker_columns(messages, lambda finding: entries.get(finding.id))


def closed_columns(messages: Catalogue) -> tuple[Column, ...]:
    """Return the columns of the closed findings: id, the finding as last shown, tracker values, last seen."""
    identity = (Column("finding_id", lambda entry: entry.finding_id),)
    context = tuple(
        Column(key, lambda entry, key=key: entry.context.get(key), coloured=key == "severity", wrap=key == "title")
        for key in CONTEXT_KEYS
    )
    last_seen = (Column(LAST_SEEN_KEY, lambda entry: entry.last_seen, number_format="yyyy-mm-dd"),)
    return identity + context + last_seen + tracker_columns(messages, lambda entry: entry)


def _status_validation(messages: Catalogue) -> DataValidation:
    return DataValidation(
        type="list",
        formula1='"' + ",".join(STATUSES) + '"',
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=messages.text("report_workbook.tracker.status_title"),
        error=messages.text("report_workbook.tracker.status_error"),
        promptTitle=messages.text("report_workbook.tracker.status_title"),
        prompt=messages.text("report_workbook.tracker.status_prompt"),
    )


def _due_date_validation(messages: Catalogue) -> DataValidation:
    first, last = (str(int(to_excel(date))) for date in DUE_DATE_RANGE)
    return DataValidation(
        type="date",
        operator="between",
        formula1=first,
        formula2=last,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle=messages.text("report_workbook.tracker.due_date_title"),
        error=messages.text("report_workbook.tracker.due_date_error"),
        promptTitle=messages.text("report_workbook.tracker.due_date_title"),
        prompt=messages.text("report_workbook.tracker.due_date_prompt"),
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


class _Writer(WorkbookWriter):
    """The workbook writer with the report it writes."""

    def __init__(self, report: ReportView, messages: Catalogue, limits: ExcelLimits):
        super().__init__(messages, limits)
        self.report = report


def write_workbook(
    report: ReportView,
    messages: Catalogue,
    path: Path,
    previous: PreviousTracker | None = None,
    limits: ExcelLimits | None = None,
) -> None:
    """Write the workbook for ``report`` to ``path``.

    ``previous`` contains the tracker entries of an earlier workbook: they fill the tracker
    columns of the same findings, and the entries of findings that are gone are listed
    on the sheet of closed findings. ``limits`` replaces Excel's limits in tests.
    """
    writer = _Writer(report, messages, limits or ExcelLimits())
    entries = previous.entries if previous is not None else {}
    summary = writer.sheet("summary")
    writer.table(writer.sheet("tenants"), "Tenants", TENANT_COLUMNS, report.tenants)
    writer.table(writer.sheet("systems"), "Systems", SYSTEM_COLUMNS, report.systems)
    writer.table(writer.sheet("findings"), "Findings", finding_columns(messages, entries), report.findings)
    closed = writer.new_sheet(writer.text("report_workbook.sheet.closed"))
    closed_rows = closed_entries(previous, (finding.id for finding in report.findings))
    writer.table(closed, "ClosedFindings", closed_columns(messages), closed_rows)
    _effort_sheet(writer)
    _accepted_risks_sheet(writer)
    diff_rows = [(section, row) for section in report.tenants for row in section.diff]
    writer.table(writer.sheet("diff"), "ConnectorDiff", DIFF_COLUMNS, diff_rows)
    _catalog_sheet(writer)
    writer.table(writer.sheet("issues"), "InputIssues", ISSUE_COLUMNS, report.appendix.issues)
    _about_sheet(writer)

    write_summary(writer, report, summary, _tracker_summary(report, previous, closed.title))
    writer.finish()
    writer.workbook.custom_doc_props.append(StringProperty(name=AS_OF_PROPERTY, value=report.as_of.isoformat()))
    writer.workbook.active = 0
    writer.save(path)


def _tracker_summary(report: ReportView, previous: PreviousTracker | None, closed_title: str) -> TrackerSummary | None:
    if previous is None:
        return None
    current = {finding.id for finding in report.findings}
    carried = sum(1 for finding_id in previous.entries if finding_id in current)
    return TrackerSummary(file=previous.path.name, carried=carried, closed_sheet=closed_title)


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

    _rule_settings_rows(writer, sheet, row + 2)
    sheet.column_dimensions["A"].width = 40
    sheet.column_dimensions["B"].width = 45
    sheet.column_dimensions["C"].width = 70
    sheet.column_dimensions["D"].width = 30


# Effort, accepted risks and rule settings: the parts that --config and --waivers shape.

EFFORT_COLUMNS = (
    Column("tenant_key", lambda r: r.tenant_key),
    Column("tenant", lambda r: r.tenant_label),
    Column("readiness", lambda r: r.readiness.key, coloured=True),
    Column("findings_counted", lambda r: r.findings),
    Column("effort_low_days", lambda r: r.low, number_format="0.0"),
    Column("effort_high_days", lambda r: r.high, number_format="0.0"),
)

WAIVER_COLUMNS = (
    Column("status", lambda r: r.status.key),
    Column("rule", lambda r: r.rule),
    Column("title", lambda r: r.title, wrap=True),
    Column("severity", lambda r: r.severity.key if r.severity else None, coloured=True),
    Column("tenant", lambda r: r.tenant),
    Column("system", lambda r: r.system),
    Column("role", lambda r: r.role.key if r.role else None),
    Column("reason", lambda r: r.reason, wrap=True),
    Column("owner", lambda r: r.owner),
    Column("approved_by", lambda r: r.approved_by),
    Column("expires", lambda r: r.expires),
    Column("waiver_entry", lambda r: r.entry),
    Column("finding_ids", lambda r: _join(r.finding_ids)),
)


def _effort_sheet(writer: _Writer) -> None:
    """Write the total, the assumptions and the person-days per size above the table of tenants."""
    effort = writer.report.effort
    sheet = writer.new_sheet(writer.text("effort.workbook.sheet"))
    total = writer.text("effort.total", low=_days(writer, effort.total_low), high=_days(writer, effort.total_high))
    writer.put(sheet, 1, 1, total).font = SECTION_FONT

    row = 2
    for sentence in effort.assumptions:
        row += 1
        writer.put(sheet, row, 1, sentence)

    row += 2
    writer.put(sheet, row, 1, writer.text("effort.column.size")).font = HEADER_FONT
    writer.put(sheet, row, 2, writer.text("effort.column.low")).font = HEADER_FONT
    writer.put(sheet, row, 3, writer.text("effort.column.high")).font = HEADER_FONT
    for size in effort.table:
        row += 1
        writer.put(sheet, row, 1, size.size)
        writer.put(sheet, row, 2, size.low)
        writer.put(sheet, row, 3, size.high)

    writer.table(sheet, "Effort", EFFORT_COLUMNS, effort.rows, first_row=row + 2)


def _days(writer: _Writer, value: float) -> str:
    return format_number(value, writer.report.language)


def _accepted_risks_sheet(writer: _Writer) -> None:
    """Write every waiver with its status: accepted, expired (finding open again) or matching nothing."""
    waivers = writer.report.waivers
    sheet = writer.new_sheet(writer.text("waivers.workbook.sheet"))
    if waivers.file:
        writer.put(sheet, 1, 1, writer.text("waivers.file", file=waivers.file)).font = SECTION_FONT
    else:
        writer.put(sheet, 1, 1, writer.text("waivers.none")).font = SECTION_FONT

    writer.table(sheet, "AcceptedRisks", WAIVER_COLUMNS, waivers.rows, first_row=3)


def _rule_settings_rows(writer: _Writer, sheet: SheetBuffer, row: int) -> int:
    """Write the settings the --config file changed below the About sheet; return the next free row."""
    settings = writer.report.rule_settings
    sheet.cell(row=row, column=1, value=writer.text("config.report.title")).font = SECTION_FONT
    if not settings.changes:
        writer.put(sheet, row + 1, 1, writer.text("config.report.none"))
        return row + 2

    row += 1
    writer.put(sheet, row, 1, writer.text("config.report.file", file=settings.file))
    row += 1
    for column, key in enumerate(("key", "default", "value"), start=1):
        sheet.cell(row=row, column=column, value=writer.text(f"config.report.column.{key}")).font = HEADER_FONT
    for change in settings.changes:
        row += 1
        writer.put(sheet, row, 1, change.key)
        writer.put(sheet, row, 2, change.default)
        writer.put(sheet, row, 3, change.value)
    return row + 1
