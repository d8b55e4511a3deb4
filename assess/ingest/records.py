"""Turn the data rows of a tenant table into tenant drafts, and the parts that the system reader shares.

A draft contains a record's parsed values before linking, because a system's
``tenant_key`` is known only once every tenant table has been read. System tables are
read column by column in ``system_table``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model import Infrastructure, SourceRef, TenantModel
from .formulas import IGNORES_CELL, SKIPS_ROW, formulas_by_row, report_formula
from .headers import ColumnMap, TableKind, field_spec
from .hosts import infrastructure_from_host, normalize_host
from .issues import IssueLog
from .values import (
    Invalid,
    display_value,
    parse_authentication,
    parse_boolean,
    parse_date,
    parse_infrastructure,
    parse_integer,
    parse_managed_by,
    parse_proxy_type,
    parse_role,
    parse_service,
    parse_tenant_model,
    parse_tenant_type,
    parse_text,
    split_list,
)

TENANT_PARSERS: dict[str, Callable[[Any], Any]] = {
    "tenant_id": parse_text,
    "host": parse_text,
    "display_name": parse_text,
    "infrastructure": parse_infrastructure,
    "tenant_model": parse_tenant_model,
    "bundles": parse_text,
    "tenant_type": parse_tenant_type,
    "region": parse_text,
    "created": parse_date,
    "target_ias_tenant": parse_text,
    "wanted_connectors": parse_text,
    "service": parse_service,
}

SYSTEM_PARSERS: dict[str, Callable[[Any], Any]] = {
    "tenant": parse_text,
    "name": parse_text,
    "connector": parse_text,
    "role": parse_role,
    "enabled": parse_boolean,
    "planned": parse_boolean,
    "destination_name": parse_text,
    "proxy_type": parse_proxy_type,
    "cloud_connector_location": parse_text,
    "authentication": parse_authentication,
    "inbound_certificate": parse_boolean,
    "transformations_modified": parse_boolean,
    "real_time": parse_boolean,
    "last_run": parse_date,
    "last_status": parse_text,
    "entity_count": parse_integer,
    "managed_by": parse_managed_by,
    "sap_managed": parse_boolean,
}

# Canonical column name -> the Tenant or System attribute it fills, for ``columns_present``.
TENANT_ATTRIBUTES = {name: name for name in TENANT_PARSERS if name != "service"}
SYSTEM_ATTRIBUTES = {
    "tenant": "tenant_key",
    "connector": "connector_raw",
    "managed_by": "managed_by_sap",
    "sap_managed": "managed_by_sap",
    **{name: name for name in SYSTEM_PARSERS if name not in ("tenant", "connector", "managed_by", "sap_managed")},
}

_INFRASTRUCTURE_NAMES = {
    Infrastructure.NEO: "Neo",
    Infrastructure.SCI: "SAP Cloud Identity",
    Infrastructure.UNKNOWN: "unknown",
}

# IAMTENANTS groups its rows under a line such as "Tenant – ACME Production".
# A plain hyphen counts only with spaces around it, so a tenant ID like "Tenant-1" is no group row.
_GROUP_ROW = re.compile(r"^tenant\s*(?:[–—:]|\s-\s)\s*(.+)$", re.IGNORECASE)


@dataclass
class Table:
    """A detected table: its location, its cells and where each column sits."""

    kind: TableKind
    file: str
    sheet: str | None
    rows: list[list[Any]]
    mapping: ColumnMap
    hidden_rows: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    """(row number, 0-based column index) -> formula of each cell whose result the file does not store."""

    @property
    def ref(self) -> SourceRef:
        return SourceRef(self.file, self.sheet)

    def header_ref(self) -> SourceRef:
        return SourceRef(self.file, self.sheet, self.mapping.header_index + 1)


@dataclass
class TenantDraft:
    values: dict[str, Any]
    source: SourceRef
    cells: dict[str, Any] = field(default_factory=dict)
    """Field -> the row's cell as read, for messages that quote what the user wrote."""
    headers: dict[str, str] = field(default_factory=dict)
    """Field -> the column header as written in the table."""


@dataclass
class SystemDraft:
    values: dict[str, Any]
    tenant_ref: str | None
    source: SourceRef
    table: SourceRef
    tenant_column: str | None
    cells: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    """Field -> (key as written, value as written), for messages that quote what the file contains."""


def report_invalid(log: IssueLog, source: SourceRef, label: str, raw: Any, invalid: Invalid) -> None:
    """Report an invalid cell: an error when the row is skipped, else a warning that the cell is ignored."""
    if invalid.is_error:
        ignored = ", so the row is skipped"
    elif invalid.problem.startswith("is ambiguous"):
        ignored = ""
    else:
        ignored = ", so the cell is ignored"
    problem = f"the {label} value {invalid.problem}{ignored}"
    suggestion = invalid.accepted[0].upper() + invalid.accepted[1:]
    if not suggestion.startswith("Write"):
        suggestion = f"Write {invalid.accepted}"
    report = log.error if invalid.is_error else log.warning
    report(source, problem, suggestion, display_value(raw))


def visible_rows(table: Table, include_hidden_rows: bool) -> tuple[list[int], list[list[Any]], list[int]]:
    """Return the numbers and cells of the rows below the header, and the numbers of the hidden rows skipped."""
    numbers: list[int] = []
    skipped: list[int] = []
    for number in range(table.mapping.header_index + 2, len(table.rows) + 1):
        if number in table.hidden_rows and not include_hidden_rows:
            skipped.append(number)
        else:
            numbers.append(number)
    rows = table.rows
    return numbers, [rows[number - 1] for number in numbers], skipped


def report_hidden_rows(table: Table, skipped: list[int], log: IssueLog) -> None:
    if not skipped:
        return
    listed = ", ".join(str(n) for n in skipped[:10]) + (", ..." if len(skipped) > 10 else "")
    counted = "1 hidden row was" if len(skipped) == 1 else f"{len(skipped)} hidden rows were"
    log.warning(
        table.ref,
        f"{counted} skipped (row {listed})" if len(skipped) == 1 else f"{counted} skipped (rows {listed})",
        "Unhide them in the spreadsheet program, or run again with --include-hidden-rows to read them",
    )


def _parse_row(
    row: list[Any],
    number: int,
    columns: list[tuple[str, int, Callable[[Any], Any], str, str]],
    table: Table,
    log: IssueLog,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    width = len(row)
    for name, index, parser, header, label in columns:
        raw = row[index] if index < width else None
        result = parser(raw)
        if type(result) is Invalid:
            report_invalid(log, SourceRef(table.file, table.sheet, number, header), label, raw, result)
            result = None
        values[name] = result
    return values


def column_plan(table: Table, parsers: dict[str, Callable[[Any], Any]]):
    """Return (field, column index, parser, header, label) for each mapped column that ``parsers`` reads."""
    mapping = table.mapping
    plan = []
    for name, index in mapping.columns.items():
        if name in parsers:
            plan.append((name, index, parsers[name], mapping.headers[index], field_spec(mapping.kind, name).label))
    return plan


def _group_name(row: list[Any]) -> str | None:
    texts = [cell for cell in row if cell not in ("", None)]
    if len(texts) == 1 and isinstance(texts[0], str):
        match = _GROUP_ROW.match(texts[0].strip())
        if match:
            return match[1].strip()
    return None


def read_tenants(table: Table, include_hidden_rows: bool, log: IssueLog) -> list[TenantDraft]:
    plan = column_plan(table, TENANT_PARSERS)
    present = frozenset(TENANT_ATTRIBUTES[name] for name in table.mapping.columns if name in TENANT_ATTRIBUTES)
    headers = {name: header for name, _index, _parser, header, _label in plan}
    formulas = formulas_by_row(table.formulas, table.mapping.columns)
    drafts: list[TenantDraft] = []
    group: str | None = None
    numbers, rows, skipped = visible_rows(table, include_hidden_rows)
    for number, row in zip(numbers, rows):
        row_formulas = formulas.get(number, {})
        if not row_formulas and not any(cell not in ("", None) for cell in row):
            continue
        group_name = _group_name(row)
        if group_name is not None:
            group = group_name
            continue
        values = _parse_row(row, number, plan, table, log)
        if not row_formulas and all(value is None for value in values.values()):
            continue

        source = SourceRef(table.file, table.sheet, number)
        _report_tenant_formulas(values, row_formulas, source, table, log)
        cells = _cells(row, plan, group)
        draft = _tenant_draft(values, cells, source, table, group, present, log, row_formulas)
        if draft is not None:
            draft.headers = headers
            drafts.append(draft)
    report_hidden_rows(table, skipped, log)
    return drafts


def _cells(row: list[Any], plan, group: str | None) -> dict[str, Any]:
    width = len(row)
    cells = {name: row[index] if index < width else None for name, index, _parser, _header, _label in plan}
    # The display name of an IAMTENANTS row comes from its group line when its own cell is blank.
    if group is not None and cells.get("display_name") in ("", None):
        cells["display_name"] = group
    return cells


def _report_tenant_formulas(
    values: dict[str, Any],
    row_formulas: dict[str, str],
    source: SourceRef,
    table: Table,
    log: IssueLog,
) -> None:
    """Report each formula cell without a saved result: an error when the row has no other tenant ID or host."""
    host = values.get("host")
    keyless = not values.get("tenant_id") and not (host and normalize_host(host))
    for name, formula in row_formulas.items():
        cell = SourceRef(source.file, source.sheet, source.row, table.mapping.header_of(name))
        is_error = keyless and name in ("tenant_id", "host")
        label = field_spec(TableKind.TENANTS, name).label
        report_formula(log, cell, label, formula, SKIPS_ROW if is_error else IGNORES_CELL, is_error)


def _tenant_draft(
    values: dict[str, Any],
    cells: dict[str, Any],
    source: SourceRef,
    table: Table,
    group: str | None,
    present: frozenset[str],
    log: IssueLog,
    row_formulas: dict[str, str],
) -> TenantDraft | None:
    mapping = table.mapping
    service = values.pop("service", None)
    if service == "IAS":
        return None
    if service not in (None, "IPS"):
        log.warning(
            SourceRef(source.file, source.sheet, source.row, mapping.header_of("service")),
            "the Service value is neither IPS nor IAS, so the row is skipped",
            "Write IPS for Identity Provisioning tenants and IAS for Identity Authentication tenants",
            display_value(cells["service"]),
        )
        return None

    host_text = values.get("host")
    host = normalize_host(host_text) if host_text else None
    if not values.get("tenant_id") and not host:
        if "tenant_id" in row_formulas or "host" in row_formulas:
            return None
        columns = " or ".join(f"'{mapping.header_of(name)}'" for name in ("tenant_id", "host") if name in mapping.columns)
        log.error(source, f"the tenant has neither a tenant ID nor a host ({columns} is blank)",
                  "Fill in the tenant ID or the host URL of the IPS tenant")
        return None

    infrastructure = values.get("infrastructure")
    derived = False
    host_infrastructure = infrastructure_from_host(host) if host else Infrastructure.UNKNOWN
    if infrastructure is None:
        infrastructure = host_infrastructure
        derived = infrastructure is not Infrastructure.UNKNOWN
    elif host_infrastructure not in (Infrastructure.UNKNOWN, infrastructure):
        log.warning(
            SourceRef(source.file, source.sheet, source.row, mapping.header_of("infrastructure")),
            f"the infrastructure, read as {_INFRASTRUCTURE_NAMES[infrastructure]}, contradicts the host "
            f"'{host_text}', a {_INFRASTRUCTURE_NAMES[host_infrastructure]} host, and the cell's value is used",
            "Check the Infrastructure cell and the Host cell",
            display_value(cells["infrastructure"]),
        )

    bundles_raw = values.get("bundles")
    bundles = split_list(bundles_raw)
    tenant_model = values.get("tenant_model")
    if tenant_model is None:
        tenant_model = TenantModel.BUNDLE if bundles else TenantModel.UNKNOWN

    display_name = values.get("display_name") or group
    fields = {
        "tenant_id": values.get("tenant_id"),
        "host": host,
        "display_name": display_name,
        "infrastructure": infrastructure,
        "infrastructure_derived": derived,
        "tenant_model": tenant_model,
        "bundles": bundles,
        "bundles_raw": bundles_raw,
        "tenant_type": values.get("tenant_type"),
        "region": values.get("region"),
        "created": values.get("created"),
        "target_ias_tenant": values.get("target_ias_tenant"),
        "wanted_connectors": split_list(values.get("wanted_connectors")),
        "columns_present": present,
    }
    return TenantDraft(fields, source, cells)
