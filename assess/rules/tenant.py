"""Rules about a tenant as a whole: where it runs, how it migrates, and its system counts."""

from __future__ import annotations

from typing import Iterable

from ..model import Infrastructure, Role, Severity, TenantModel
from .context import TenantContext
from .registry import SCOPE_TENANT, Hit, rule


def _params(context: TenantContext) -> dict[str, str]:
    return {"tenant": context.tenant.tenant.label}


def _source(context: TenantContext, key: str) -> tuple[str, ...]:
    fact = context.catalog.facts.get(key)
    return (fact.source,) if fact is not None else ()


@rule("TEN-ALREADY-SCI", scope=SCOPE_TENANT, severity=Severity.INFO, effort="S")
def already_on_sci(context: TenantContext) -> Iterable[Hit]:
    """The tenant already runs on the SAP Cloud Identity infrastructure: nothing to migrate.

    Source: fact:bundle_tenants_sci_only_since
    """
    if context.tenant.tenant.infrastructure is not Infrastructure.SCI:
        return []
    return [Hit(params=_params(context))]


@rule("TEN-STANDALONE", scope=SCOPE_TENANT, severity=Severity.HIGH, effort="L", confirm_with_sap=True)
def standalone(context: TenantContext) -> Iterable[Hit]:
    """Standalone tenants on Neo cannot use the migration wizard; SAP Note 3278189 describes their
    route, and its content is not public. The tenant is assessed as a standalone tenant on the
    SAP Cloud Identity infrastructure.

    Source: fact:standalone_route, fact:wizard_bundle_tenants_only
    """
    tenant = context.tenant
    if not tenant.on_neo or tenant.model is not TenantModel.STANDALONE:
        return []
    return [Hit(params={**_params(context), "note": "3278189"}, sources=_source(context, "standalone_route"))]


@rule("TEN-INFRA-UNKNOWN", scope=SCOPE_TENANT, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def infrastructure_unknown(context: TenantContext) -> Iterable[Hit]:
    """Neither the input nor the host name shows whether the tenant runs on Neo or on the SAP
    Cloud Identity infrastructure.

    Source: fact:bundle_tenants_sci_only_since
    """
    if context.tenant.tenant.infrastructure is not Infrastructure.UNKNOWN:
        return []
    return [Hit(params={**_params(context), "host": context.tenant.tenant.host or "-"})]


@rule("TEN-MODEL-UNKNOWN", scope=SCOPE_TENANT, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def model_unknown(context: TenantContext) -> Iterable[Hit]:
    """A Neo tenant is neither marked bundle nor standalone and lists no bundle, so its route and
    its connector set after migration are unknown.

    Source: fact:wizard_bundle_tenants_only
    """
    tenant = context.tenant
    if not tenant.on_neo or tenant.model is not TenantModel.UNKNOWN:
        return []
    return [Hit(params=_params(context))]


@rule("TEN-BUNDLE-UNKNOWN", scope=SCOPE_TENANT, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def bundle_unknown(context: TenantContext) -> Iterable[Hit]:
    """A bundle name or IAMTENANTS bundle code matches no bundle in the catalog; the product
    name is needed to know the tenant's connectors.

    Source: catalog:bundles
    """
    return [
        Hit(params={**_params(context), "bundle": raw}, subject=raw)
        for raw in context.tenant.unknown_bundles
    ]


@rule("TEN-BUNDLE-SET-UNKNOWN", scope=SCOPE_TENANT, severity=Severity.LOW, effort="S", confirm_with_sap=True)
def bundle_set_unknown(context: TenantContext) -> Iterable[Hit]:
    """SAP has not published the Neo connector set of this bundle (SAP Business Technology
    Platform), so systems enabled on request and gains cannot be distinguished.

    Source: catalog:bundles
    """
    if not context.tenant.on_neo:
        return []
    bundles = context.catalog.bundles
    hits = []
    for bundle_id in context.tenant.bundle_ids:
        bundle = bundles.get(bundle_id)
        if bundle is not None and not bundle.neo_set_known:
            hits.append(Hit(params={**_params(context), "bundle": bundle.name}, sources=(bundle.url,), subject=bundle.name))
    return hits


def _count(context: TenantContext, role: Role) -> int:
    return sum(
        1
        for system in context.systems
        if system.system.role is role and system.system.managed_by_sap is not True and not system.system.planned
    )


@rule("TEN-SOURCE-LIMIT", scope=SCOPE_TENANT, severity=Severity.MEDIUM, effort="S")
def source_limit(context: TenantContext) -> Iterable[Hit]:
    """The tenant has more customer-managed source systems than SAP's default limit of 20 per
    tenant; a higher limit must be requested from SAP before migration.

    Source: fact:max_source_systems
    """
    limit = int(context.fact("max_source_systems"))
    count = _count(context, Role.SOURCE)
    if count <= limit:
        return []
    return [Hit(params={**_params(context), "count": str(count), "limit": str(limit)}, sources=_source(context, "max_source_systems"))]


@rule("TEN-TARGET-LIMIT", scope=SCOPE_TENANT, severity=Severity.MEDIUM, effort="S")
def target_limit(context: TenantContext) -> Iterable[Hit]:
    """The tenant has more target systems than SAP's default limit of 50 per tenant.

    Source: fact:max_target_systems
    """
    limit = int(context.fact("max_target_systems"))
    count = _count(context, Role.TARGET)
    if count <= limit:
        return []
    return [Hit(params={**_params(context), "count": str(count), "limit": str(limit)}, sources=_source(context, "max_target_systems"))]


@rule("TEN-NO-SYSTEMS", scope=SCOPE_TENANT, severity=Severity.LOW, effort="S", needs_evaluation=True)
def no_systems(context: TenantContext) -> Iterable[Hit]:
    """A Neo tenant has no systems in the input: either the system list is incomplete or the
    tenant is unused and can be left to expire.

    Source: fact:neo_sunset
    """
    if not context.tenant.on_neo or context.systems:
        return []
    return [Hit(params=_params(context))]


@rule("TEN-NO-TARGET-IAS", scope=SCOPE_TENANT, severity=Severity.LOW, effort="S")
def no_target_tenant(context: TenantContext) -> Iterable[Hit]:
    """The migration moves a Neo tenant into an Identity Authentication tenant, and the input
    names none; choose it and make sure an administrator user exists there.

    Source: fact:migration_prerequisites
    """
    tenant = context.tenant
    if not tenant.on_neo or tenant.tenant.target_ias_tenant:
        return []
    return [Hit(params=_params(context), sources=_source(context, "migration_prerequisites"))]


def _roles(catalog, connector_id: str, tenant, on_neo: bool) -> str:
    check = catalog.availability_on_neo if on_neo else catalog.availability_after
    roles = [
        role.value
        for role in catalog.connectors[connector_id].roles
        if check(connector_id, role, tenant.model, tenant.bundle_ids).status in ("available", "read_only")
    ]
    return ", ".join(roles) or "-"


@rule("TEN-WANTED-CONNECTOR", scope=SCOPE_TENANT, severity=Severity.INFO, effort="S")
def wanted_connector(context: TenantContext) -> Iterable[Hit]:
    """The customer wants a connector on this Neo tenant. The finding lists the roles the tenant
    has it in on Neo and after migration, which shows when only the migration brings it.

    Source: catalog:availability
    """
    tenant = context.tenant
    if not tenant.on_neo:
        return []
    hits = []
    for raw in tenant.tenant.wanted_connectors:
        match = context.catalog.match_connector(raw)
        if match.connector_id is None:
            continue
        params = {
            **_params(context),
            "connector": match.connector_name,
            "neo_roles": _roles(context.catalog, match.connector_id, tenant, on_neo=True),
            "sci_roles": _roles(context.catalog, match.connector_id, tenant, on_neo=False),
        }
        hits.append(Hit(params=params, subject=match.connector_name))
    return hits


@rule("TEN-WANTED-UNKNOWN", scope=SCOPE_TENANT, severity=Severity.LOW, effort="S")
def wanted_unknown(context: TenantContext) -> Iterable[Hit]:
    """A connector the customer wants matches no catalog entry, so its availability cannot be
    checked; close names are suggested but never applied.

    Source: catalog:names
    """
    hits = []
    for raw in context.tenant.tenant.wanted_connectors:
        match = context.catalog.match_connector(raw)
        if match.connector_id is not None:
            continue
        names = [context.catalog.connectors[item].name for item, _ in match.candidates if item in context.catalog.connectors]
        params = {**_params(context), "connector": raw, "candidates": "; ".join(names) or "-"}
        hits.append(Hit(params=params, subject=raw))
    return hits
