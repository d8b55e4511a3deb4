"""Build the final tenants and systems: tenant keys, system-to-tenant links, duplicates."""

from __future__ import annotations

from typing import Any

from ..model import SourceRef, System, Tenant
from .hosts import normalize_host
from .issues import IssueLog
from .records import SystemDraft, TenantDraft

_AMBIGUOUS = object()


def build_tenants(drafts: list[TenantDraft], log: IssueLog) -> list[Tenant]:
    """Create tenants keyed by tenant ID, else host. A later row with the same key is dropped with a warning."""
    tenants: dict[str, Tenant] = {}
    for draft in drafts:
        values = draft.values
        key = values["tenant_id"] or values["host"]
        tenant = Tenant(key=key, source=draft.source, **values)
        first = tenants.get(key.casefold())
        if first is None:
            tenants[key.casefold()] = tenant
            continue
        differences = _differences(_comparable(first), _comparable(tenant))
        problem = f"the tenant '{key}' is listed twice" + (
            f" with different values ({', '.join(differences)}); the first row is used" if differences else ""
        )
        log.warning(draft.source, problem, "Delete one of the two rows", related=first.source)
    return list(tenants.values())


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
    drafts: list[SystemDraft],
    tenants: list[Tenant],
    tenant_tables: list[SourceRef],
    log: IssueLog,
) -> list[System]:
    """Link each system to its tenant and drop repeated systems, reporting both locations."""
    index = TenantIndex(tenants)
    only_tenant = tenants[0] if len(tenants) == 1 else None
    tenant_table = tenant_tables[0] if tenant_tables else None
    tables_without_tenant: set[SourceRef] = set()
    unknown: dict[str, tuple[SourceRef, int]] = {}
    systems: dict[tuple[str, str, str], System] = {}

    for draft in drafts:
        tenant_key = _tenant_key(draft, index, only_tenant, tenant_table, tables_without_tenant, unknown, log)
        if tenant_key is None:
            continue
        system = System(tenant_key=tenant_key, **draft.values)
        identity = (tenant_key.casefold(), system.name.casefold(), system.role.value)
        first = systems.get(identity)
        if first is None:
            systems[identity] = system
            continue
        differences = _differences(_comparable(first), _comparable(system))
        if differences:
            problem = (f"the {system.role.value} system '{system.name}' of tenant '{tenant_key}' is listed twice "
                       f"with different values ({', '.join(differences)}); the first row is used")
        else:
            problem = f"the {system.role.value} system '{system.name}' of tenant '{tenant_key}' is listed twice"
        log.warning(draft.source, problem, "Delete one of the two rows", related=first.source)

    # Without any tenant table every reference is unknown, and the missing table is already an error.
    if not tenants:
        unknown.clear()
    for reference, (source, count) in unknown.items():
        others = f" ({count} systems refer to it, this is the first)" if count > 1 else ""
        log.warning(
            source,
            f"the tenant '{reference}' is not in the tenant list{others}",
            "Add the tenant to the tenant table, or correct the tenant ID, host or name in the system row",
            reference,
            related=tenant_table,
        )
    return list(systems.values())


def _tenant_key(
    draft: SystemDraft,
    index: TenantIndex,
    only_tenant: Tenant | None,
    tenant_table: SourceRef | None,
    tables_without_tenant: set[SourceRef],
    unknown: dict[str, tuple[SourceRef, int]],
    log: IssueLog,
) -> str | None:
    reference = draft.tenant_ref
    if reference is None:
        if only_tenant is not None:
            return only_tenant.key
        if draft.tenant_column is None:
            if draft.table not in tables_without_tenant:
                tables_without_tenant.add(draft.table)
                log.error(
                    draft.table,
                    f"the systems have no tenant column, and the inputs list {len(index.tenants)} tenants, so "
                    "the systems cannot be assigned to one",
                    "Add a Tenant column with the tenant ID, host or display name of each system's tenant",
                )
            return None
        log.error(
            SourceRef(draft.source.file, draft.source.sheet, draft.source.row, draft.tenant_column),
            "the tenant is blank",
            "Fill in the tenant ID, host or display name of the system's tenant",
        )
        return None

    tenant = index.find(reference)
    if isinstance(tenant, Tenant):
        return tenant.key
    location = SourceRef(draft.source.file, draft.source.sheet, draft.source.row, draft.tenant_column)
    if tenant is _AMBIGUOUS:
        log.warning(location, f"the tenant '{reference}' matches the display name of several tenants",
                    "Use the tenant ID or host instead of the display name", reference, related=tenant_table)
    else:
        first, count = unknown.get(reference, (location, 0))
        unknown[reference] = (first, count + 1)
    return reference
