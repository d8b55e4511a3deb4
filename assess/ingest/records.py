"""Turn the data rows of a detected table into tenant and system drafts.

A draft contains a record's parsed values before linking, because a system's
``tenant_key`` is known only once every tenant table has been read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model import Infrastructure, SourceRef, TenantModel
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
    parse_property,
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

    @property
    def ref(self) -> SourceRef:
        return SourceRef(self.file, self.sheet)

    def header_ref(self) -> SourceRef:
        return SourceRef(self.file, self.sheet, self.mapping.header_index + 1)


@dataclass
class TenantDraft:
    values: dict[str, Any]
    source: SourceRef


@dataclass
class SystemDraft:
    values: dict[str, Any]
    tenant_ref: str | None
    source: SourceRef
    table: SourceRef
    tenant_column: str | None


def _report_invalid(log: IssueLog, source: SourceRef, label: str, raw: Any, invalid: Invalid) -> None:
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


def _data_rows(table: Table, include_hidden_rows: bool, log: IssueLog):
    """Yield (row number, row) below the header, skipping hidden rows unless asked not to."""
    skipped: list[int] = []
    for index in range(table.mapping.header_index + 1, len(table.rows)):
        number = index + 1
        if number in table.hidden_rows and not include_hidden_rows:
            skipped.append(number)
            continue
        yield number, table.rows[index]
    if skipped:
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
            _report_invalid(log, SourceRef(table.file, table.sheet, number, header), label, raw, result)
            result = None
        values[name] = result
    return values


def _column_plan(table: Table, parsers: dict[str, Callable[[Any], Any]]):
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
    plan = _column_plan(table, TENANT_PARSERS)
    present = frozenset(TENANT_ATTRIBUTES[name] for name in table.mapping.columns if name in TENANT_ATTRIBUTES)
    drafts: list[TenantDraft] = []
    group: str | None = None
    for number, row in _data_rows(table, include_hidden_rows, log):
        if not any(cell not in ("", None) for cell in row):
            continue
        group_name = _group_name(row)
        if group_name is not None:
            group = group_name
            continue
        values = _parse_row(row, number, plan, table, log)
        if all(value is None for value in values.values()):
            continue
        source = SourceRef(table.file, table.sheet, number)
        draft = _tenant_draft(values, source, table, group, present, log)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _tenant_draft(
    values: dict[str, Any],
    source: SourceRef,
    table: Table,
    group: str | None,
    present: frozenset[str],
    log: IssueLog,
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
            str(service),
        )
        return None

    host_text = values.get("host")
    host = normalize_host(host_text) if host_text else None
    if not values.get("tenant_id") and not host:
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
            f"the infrastructure {_INFRASTRUCTURE_NAMES[infrastructure]} contradicts the host {host}, which is "
            f"a {_INFRASTRUCTURE_NAMES[host_infrastructure]} host; the cell's value is used",
            "Check the Infrastructure cell and the Host cell",
            str(infrastructure.value),
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
    return TenantDraft(fields, source)


def read_systems(table: Table, include_hidden_rows: bool, log: IssueLog) -> list[SystemDraft]:
    mapping = table.mapping
    plan = _column_plan(table, SYSTEM_PARSERS)
    properties = [(key, index) for key, index in mapping.properties.items()]
    present = frozenset(SYSTEM_ATTRIBUTES[name] for name in mapping.columns if name in SYSTEM_ATTRIBUTES)
    tenant_column = mapping.header_of("tenant") if "tenant" in mapping.columns else None
    drafts: list[SystemDraft] = []
    for number, row in _data_rows(table, include_hidden_rows, log):
        values = _parse_row(row, number, plan, table, log)
        width = len(row)
        property_values = {key: parse_property(row[index] if index < width else None) for key, index in properties}
        if all(value is None for value in values.values()) and all(v is None for v in property_values.values()):
            continue
        source = SourceRef(table.file, table.sheet, number)
        draft = _system_draft(values, property_values, source, table, tenant_column, present, log)
        if draft is not None:
            drafts.append(draft)
    return drafts


def _system_draft(
    values: dict[str, Any],
    properties: dict[str, str | None],
    source: SourceRef,
    table: Table,
    tenant_column: str | None,
    present: frozenset[str],
    log: IssueLog,
) -> SystemDraft | None:
    mapping = table.mapping
    columns = mapping.columns

    def at(name: str) -> SourceRef:
        return SourceRef(source.file, source.sheet, source.row, mapping.header_of(name))

    name = values.get("name")
    role = values.get("role")
    usable = True
    if name is None:
        log.error(at("name"), "the system name is blank", "Fill in the system name as shown in the IPS console")
        usable = False
    if role is None and "role" in columns and _cell_is_blank(table, source.row, columns["role"]):
        log.error(at("role"), "the role is blank", "Write source, target or proxy")
        usable = False
    if role is None:
        usable = False
    if not usable:
        return None

    connector = values.get("connector")
    if connector is None and "connector" in columns:
        log.warning(
            at("connector"),
            "the connector type is blank, so the system cannot be matched to a connector",
            "Fill in the connector type as shown in the IPS console (Type)",
        )

    managed_by_sap = values.get("managed_by")
    if managed_by_sap is None:
        managed_by_sap = values.get("sap_managed")

    system_values = {
        "name": name,
        "connector_raw": connector or "",
        "role": role,
        "source": source,
        "enabled": values.get("enabled"),
        "planned": bool(values.get("planned")),
        "properties": properties,
        "destination_name": values.get("destination_name"),
        "proxy_type": values.get("proxy_type"),
        "cloud_connector_location": values.get("cloud_connector_location"),
        "authentication": values.get("authentication"),
        "inbound_certificate": values.get("inbound_certificate"),
        "transformations_modified": values.get("transformations_modified"),
        "real_time": values.get("real_time"),
        "last_run": values.get("last_run"),
        "last_status": values.get("last_status"),
        "entity_count": values.get("entity_count"),
        "managed_by_sap": managed_by_sap,
        "columns_present": present,
    }
    return SystemDraft(system_values, values.get("tenant"), source, table.ref, tenant_column)


def _cell_is_blank(table: Table, row_number: int | None, index: int) -> bool:
    if row_number is None:
        return True
    row = table.rows[row_number - 1]
    return index >= len(row) or parse_text(row[index]) is None
