"""Build the final tenants and systems: tenant keys, system-to-tenant links, duplicates."""

from __future__ import annotations

from typing import Any

from ..model import Role, SourceRef, System, Tenant
from .formulas import SKIPS_ROW, report_formula
from .headers import FIELDS, PROPERTY_PREFIX, TableKind
from .hosts import normalize_host
from .issues import IssueLog
from .records import SYSTEM_PARSERS, TENANT_PARSERS, TenantDraft
from .system_table import SYSTEM_FIELDS, SystemBatch, make_system
from .values import display_value
from .written import ExportCells, TableCells, Written, describe_differences

_AMBIGUOUS = object()
_ROLE_VALUES = {role: role.value for role in Role}
_LABELS = {kind: {spec.name: spec.label for spec in FIELDS[kind]} for kind in TableKind}
_TENANT_LABEL = _LABELS[TableKind.SYSTEMS]["tenant"]

# Attributes filled from another column than their own name. The others that the parsers
# do not fill (the key, for one) follow from columns that are compared anyway.
_TENANT_COLUMNS = {"infrastructure_derived": ("infrastructure",), "bundles_raw": ("bundles",)}
_SYSTEM_COLUMNS = {"connector_raw": ("connector",), "managed_by_sap": ("managed_by", "sap_managed")}


def build_tenants(drafts: list[TenantDraft], log: IssueLog) -> list[Tenant]:
    """Create tenants keyed by tenant ID, else host. A later row with the same key is dropped with a warning."""
    tenants: dict[str, Tenant] = {}
    first_drafts: dict[str, TenantDraft] = {}
    for draft in drafts:
        values = draft.values
        key = values["tenant_id"] or values["host"]
        tenant = Tenant(key=key, source=draft.source, **values)
        first = tenants.get(key.casefold())
        if first is None:
            tenants[key.casefold()] = tenant
            first_drafts[key.casefold()] = draft
        else:
            _report_repeated_tenant(first, first_drafts[key.casefold()], tenant, draft, log)
    return list(tenants.values())


def _report_repeated_tenant(
    first: Tenant,
    first_draft: TenantDraft,
    tenant: Tenant,
    draft: TenantDraft,
    log: IssueLog,
) -> None:
    attributes = _differences(_comparable(first), _comparable(tenant))
    keys = [key for name in attributes for key in _TENANT_COLUMNS.get(name, (name,)) if key in TENANT_PARSERS]
    details = describe_differences(keys, _tenant_cells(first_draft), _tenant_cells(draft), first.source,
                                   tenant.source, _LABELS[TableKind.TENANTS])
    written_key = display_value(draft.cells.get("tenant_id")) or display_value(draft.cells.get("host")) or tenant.key
    problem = f"the tenant '{written_key}' is listed twice{_with_values(attributes, details)}"
    log.warning(draft.source, problem, "Delete one of the two rows", related=first.source)


def _tenant_cells(draft: TenantDraft) -> Written:
    return {name: (draft.headers.get(name), display_value(cell)) for name, cell in draft.cells.items()}


def _with_values(attributes: list[str], details: str | None) -> str:
    # NOTE: --redact-column replaces only values that the kept tenants and systems contain,
    # so a cell quoted from the dropped row can reach the reports unredacted.
    if not attributes:
        return ""
    if details is None:
        return " with different values, and only the first row is used"
    return f" with different values ({details}), and only the first row is used"


def _comparable(record: Any) -> dict[str, Any]:
    values = dict(vars(record))
    values.pop("source", None)
    values.pop("columns_present", None)
    return values


def _differences(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    return [name for name in first if first[name] != second.get(name)]


class TenantIndex:
    """Find a tenant by tenant ID, host, host's first label or display name."""

    def __init__(self, tenants: list[Tenant]):
        self.tenants = tenants
        self._by_id = {t.tenant_id.casefold(): t for t in tenants if t.tenant_id}
        self._by_host = {t.host: t for t in tenants if t.host}
        self._by_label: dict[str, Any] = {}
        self._by_name: dict[str, Any] = {}
        for tenant in tenants:
            if tenant.host:
                self._add_unique(self._by_label, tenant.host.split(".", 1)[0], tenant)
            if tenant.display_name:
                self._add_unique(self._by_name, tenant.display_name.casefold(), tenant)
        self._cache: dict[str, Any] = {}

    @staticmethod
    def _add_unique(index: dict[str, Any], key: str, tenant: Tenant) -> None:
        index[key] = tenant if key not in index or index[key] is tenant else _AMBIGUOUS

    def find(self, reference: str) -> Tenant | object | None:
        """Return the tenant, _AMBIGUOUS when a display name fits several, or None."""
        if reference not in self._cache:
            self._cache[reference] = self._find(reference)
        return self._cache[reference]

    def _find(self, reference: str) -> Tenant | object | None:
        folded = reference.casefold()
        if folded in self._by_id:
            return self._by_id[folded]
        host = normalize_host(reference)
        if host in self._by_host:
            return self._by_host[host]
        if folded in self._by_name:
            return self._by_name[folded]
        return self._by_label.get(host)


def build_systems(
    batches: list[SystemBatch],
    tenants: list[Tenant],
    tenant_tables: list[SourceRef],
    log: IssueLog,
) -> list[System]:
    """Link each system to its tenant and drop repeated systems, reporting both locations."""
    linker = _TenantLinker(tenants, tenant_tables, log)
    systems: dict[tuple[str, str, str], System] = {}
    source_position = SYSTEM_FIELDS.index("source")
    found, folded = linker.found, linker.folded
    cells = {batch.table: batch.cells for batch in batches}

    for batch in batches:
        rows = zip(*(batch.fields[name] for name in SYSTEM_FIELDS))
        for reference, tenant_column, values in zip(batch.tenant_refs, batch.tenant_columns, rows):
            tenant_key = found.get(reference)
            if tenant_key is None:
                tenant_key = linker.key(reference, tenant_column, values[source_position], batch)
                if tenant_key is None:
                    continue
            system = make_system(tenant_key, values)
            identity = (folded[tenant_key], system.name.casefold(), _ROLE_VALUES[system.role])
            first = systems.get(identity)
            if first is None:
                systems[identity] = system
            else:
                _report_repeated(first, system, cells, log)

    linker.report_unknown()
    return list(systems.values())


def _report_repeated(first: System, system: System, cells: dict[SourceRef, TableCells | ExportCells],
                     log: IssueLog) -> None:
    attributes = _differences(_comparable(first), _comparable(system))
    keys = _system_keys(attributes, first, system)
    details = describe_differences(keys, _system_cells(first, cells), _system_cells(system, cells), first.source,
                                   system.source, _LABELS[TableKind.SYSTEMS])
    problem = (f"the {system.role.value} system '{system.name}' of tenant '{system.tenant_key}' is listed twice"
               f"{_with_values(attributes, details)}")
    log.warning(system.source, problem, "Delete one of the two rows", related=first.source)


def _system_keys(attributes: list[str], first: System, system: System) -> list[str]:
    """Return the columns that the differing attributes come from, API version columns one by one."""
    keys: list[str] = []
    for name in attributes:
        if name == "properties":
            # A key that only one of the systems has differs too, so absence is not None here.
            absent = object()
            for key in sorted(first.properties.keys() | system.properties.keys()):
                if first.properties.get(key, absent) != system.properties.get(key, absent):
                    keys.append(PROPERTY_PREFIX + key)
        else:
            keys.extend(key for key in _SYSTEM_COLUMNS.get(name, (name,)) if key in SYSTEM_PARSERS)
    return keys


def _system_cells(system: System, cells: dict[SourceRef, TableCells | ExportCells]) -> Written:
    table = cells.get(SourceRef(system.source.file, system.source.sheet))
    return table.row(system.source) if table is not None else {}


class _TenantLinker:
    """Find the tenant key of each system row, reporting blank, ambiguous and unknown tenant references."""

    def __init__(self, tenants: list[Tenant], tenant_tables: list[SourceRef], log: IssueLog):
        self.index = TenantIndex(tenants)
        self.only_tenant = tenants[0] if len(tenants) == 1 else None
        self.tenant_table = tenant_tables[0] if tenant_tables else None
        self.log = log
        self.tables_without_tenant: set[SourceRef] = set()
        self.unknown: dict[str, tuple[SourceRef, int]] = {}
        self.found: dict[str | None, str] = {}
        """Tenant key of each reference that names a tenant, for the caller's fast path."""
        self.folded: dict[str, str] = {}
        """Case-folded form of every tenant key that ``key`` returned."""

    def key(
        self, reference: str | None, tenant_column: str | None, source: SourceRef, batch: SystemBatch
    ) -> str | None:
        """Return the tenant key of a system row, or None when the row cannot be assigned to a tenant."""
        tenant_key = self._key(reference, tenant_column, source, batch)
        if tenant_key is not None and tenant_key not in self.folded:
            self.folded[tenant_key] = tenant_key.casefold()
        return tenant_key

    def _key(
        self, reference: str | None, tenant_column: str | None, source: SourceRef, batch: SystemBatch
    ) -> str | None:
        if reference is None:
            return self._without_reference(tenant_column, source, batch)

        tenant = self.index.find(reference)
        if isinstance(tenant, Tenant):
            self.found[reference] = tenant.key
            return tenant.key
        location = SourceRef(source.file, source.sheet, source.row, tenant_column)
        if tenant is _AMBIGUOUS:
            self.log.warning(location, f"the tenant '{reference}' matches the display name of several tenants",
                             "Use the tenant ID or host instead of the display name", reference,
                             related=self.tenant_table)
        else:
            first, count = self.unknown.get(reference, (location, 0))
            self.unknown[reference] = (first, count + 1)
        return reference

    def _without_reference(self, tenant_column: str | None, source: SourceRef, batch: SystemBatch) -> str | None:
        table = batch.table
        formula = batch.tenant_formulas.get(source.row) if source.row is not None else None
        cell = SourceRef(source.file, source.sheet, source.row, tenant_column)
        if self.only_tenant is not None:
            if formula is not None:
                consequence = f"so the system is assigned to the only tenant, '{self.only_tenant.label}'"
                report_formula(self.log, cell, _TENANT_LABEL, formula, consequence, is_error=False)
            return self.only_tenant.key
        if formula is not None:
            report_formula(self.log, cell, _TENANT_LABEL, formula, SKIPS_ROW, is_error=True)
            return None
        if tenant_column is None:
            if table not in self.tables_without_tenant:
                self.tables_without_tenant.add(table)
                self.log.error(
                    table,
                    f"the systems have no tenant column, and the inputs list {len(self.index.tenants)} tenants, so "
                    "the systems cannot be assigned to one",
                    "Add a Tenant column with the tenant ID, host or display name of each system's tenant",
                )
            return None
        self.log.error(
            cell,
            "the tenant is blank",
            "Fill in the tenant ID, host or display name of the system's tenant",
        )
        return None

    def report_unknown(self) -> None:
        # Without any tenant table every reference is unknown, and the missing table is already an error.
        if not self.index.tenants:
            return
        for reference, (source, count) in self.unknown.items():
            others = f" ({count} systems refer to it, this is the first)" if count > 1 else ""
            self.log.warning(
                source,
                f"the tenant '{reference}' is not in the tenant list{others}",
                "Add the tenant to the tenant table, or correct the tenant ID, host or name in the system row",
                reference,
                related=self.tenant_table,
            )
