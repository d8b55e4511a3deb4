"""Rules about whether a connector, in its role, exists for the tenant after migration.

Source of the availability facts: the connector pages and the bundles page of SAP's
"SAP Cloud Identity Services" guide, as parsed into the connector catalog.
"""

from __future__ import annotations

from typing import Iterable

from ..model import Role, Severity, TenantModel
from .context import SystemContext
from .registry import SCOPE_SYSTEM, Hit, rule

_IAG_ONLY = {"iag_only"}
_JAM_OR_IAG_ONLY = {"jam_or_iag_only"}
_NOT_ON_SCI = {"not_on_sci", "standalone_neo_only"}


def _after(context: SystemContext):
    return context.catalog.availability_after(
        context.match.connector_id, context.system.role, context.tenant.model, context.tenant.bundle_ids
    )


def _neo_tenant_with_match(context: SystemContext) -> bool:
    return context.tenant.on_neo and context.connector is not None


def _params(context: SystemContext) -> dict[str, str]:
    return {
        "system": context.system.name,
        "connector": context.connector_name(),
        "role": context.system.role.value,
        "bundles": ", ".join(context.tenant.bundle_names) or "-",
    }


def _unavailable_because(context: SystemContext, reasons: set[str]) -> Iterable[Hit]:
    if not _neo_tenant_with_match(context):
        return []
    availability = _after(context)
    if availability.status != "unavailable" or availability.reason not in reasons:
        return []
    return [Hit(params=_params(context), sources=(availability.source_url,))]


@rule("AVL-IAG-ONLY", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="L", blocks=True, remediable=False)
def iag_only(context: SystemContext) -> Iterable[Hit]:
    """The connector in this role reaches bundle tenants on the SAP Cloud Identity infrastructure
    only through the SAP Cloud Identity Access Governance bundle, which the tenant does not have.

    SCIM System, LDAP Server, Microsoft Active Directory, Microsoft Entra ID and Google G Suite
    are the usual cases as target systems (bundles page and the connector pages' restriction box).

    Source: catalog:availability, catalog:bundles
    """
    return _unavailable_because(context, _IAG_ONLY)


@rule("AVL-JAM-IAG-ONLY", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="L", blocks=True, remediable=False)
def jam_or_iag_only(context: SystemContext) -> Iterable[Hit]:
    """The connector in this role reaches bundle tenants only through the SAP Jam Collaboration or
    SAP Cloud Identity Access Governance bundles (Cloud Foundry UAA Server is the main case).

    Source: catalog:availability, catalog:bundles
    """
    return _unavailable_because(context, _JAM_OR_IAG_ONLY)


@rule("AVL-NOT-ON-SCI", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="XL", blocks=True, remediable=False)
def not_on_sci(context: SystemContext) -> Iterable[Hit]:
    """The connector is offered only to standalone tenants on Neo, so no tenant on the SAP Cloud
    Identity infrastructure can use it (SAP HANA Database (Beta) target).

    Source: catalog:availability
    """
    return _unavailable_because(context, _NOT_ON_SCI)


@rule("AVL-STANDALONE-MISSING", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="L", blocks=True, remediable=False)
def standalone_missing(context: SystemContext) -> Iterable[Hit]:
    """A standalone tenant uses a connector and role that standalone tenants on the SAP Cloud
    Identity infrastructure do not get, for a reason other than those of the rules above.

    Source: catalog:availability
    """
    if context.tenant.model is not TenantModel.STANDALONE:
        return []
    # NOTE: the catalog gives no other reason for unavailability yet, so this rule cannot
    # hit today; it catches a reason that a future catalog adds.
    known = _IAG_ONLY | _JAM_OR_IAG_ONLY | _NOT_ON_SCI | {"role_not_offered", "unknown_connector"}
    return _unavailable_because_other(context, known)


@rule("AVL-BUNDLE-MISSING", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="L", blocks=True, remediable=False)
def bundle_missing(context: SystemContext) -> Iterable[Hit]:
    """A bundle tenant uses a connector and role that the catalog marks unavailable for its
    bundles after migration, for a reason other than those of the rules above.

    Source: catalog:availability, catalog:bundles
    """
    if context.tenant.model is not TenantModel.BUNDLE:
        return []
    # NOTE: unreachable with the current catalog, like AVL-STANDALONE-MISSING.
    known = _IAG_ONLY | _JAM_OR_IAG_ONLY | _NOT_ON_SCI | {"role_not_offered", "unknown_connector"}
    return _unavailable_because_other(context, known)


def _unavailable_because_other(context: SystemContext, known: set[str]) -> Iterable[Hit]:
    if not _neo_tenant_with_match(context):
        return []
    availability = _after(context)
    if availability.status != "unavailable" or availability.reason in known:
        return []
    return [Hit(params=_params(context), sources=(availability.source_url,))]


@rule("AVL-ROLE-NOT-OFFERED", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def role_not_offered(context: SystemContext) -> Iterable[Hit]:
    """SAP's guide does not offer the connector in the role the input names (for example SAP
    Enterprise Portal as a target), so either the input row or the catalog is wrong.

    Source: catalog:roles
    """
    connector = context.connector
    if connector is None or context.system.role in connector.roles:
        return []
    offered = ", ".join(role.value for role in Role if role in connector.roles)
    return [Hit(params={**_params(context), "offered": offered})]


@rule("AVL-UNKNOWN", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def availability_unknown(context: SystemContext) -> Iterable[Hit]:
    """The catalog cannot tell whether the connector is available after migration, because the
    tenant's model or infrastructure is unknown or its sources disagree.

    Source: catalog:availability
    """
    if not _neo_tenant_with_match(context) or context.system.role not in context.connector.roles:
        return []
    availability = _after(context)
    if availability.status != "unknown" and not availability.conflict:
        return []
    return [Hit(params=_params(context), sources=(availability.source_url,))]


@rule("AVL-PROXY-READ-ONLY", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="M")
def proxy_read_only(context: SystemContext) -> Iterable[Hit]:
    """SCIM System and LDAP Server proxies read entities only in bundle tenants, on both
    infrastructures: consumers that write through the proxy must be changed.

    Source: catalog:availability
    """
    if not _neo_tenant_with_match(context) or context.system.role is not Role.PROXY:
        return []
    availability = _after(context)
    if availability.status != "read_only":
        return []
    return [Hit(params=_params(context), sources=(availability.source_url,))]


@rule("AVL-NEO-ON-REQUEST", scope=SCOPE_SYSTEM, severity=Severity.INFO, effort="S")
def neo_on_request(context: SystemContext) -> Iterable[Hit]:
    """The system runs on a Neo bundle tenant although the bundle's documented Neo connector set
    does not include it, so SAP enabled it on request; keep the evidence of that enablement.

    Source: catalog:bundles
    """
    if not _neo_tenant_with_match(context) or context.tenant.model is not TenantModel.BUNDLE:
        return []
    if context.system.planned or context.system.role not in context.connector.roles:
        return []
    on_neo = context.catalog.availability_on_neo(
        context.match.connector_id, context.system.role, context.tenant.model, context.tenant.bundle_ids
    )
    if on_neo.status != "unavailable":
        return []
    return [Hit(params=_params(context), sources=(on_neo.source_url,))]


@rule("AVL-PLANNED-GAIN", scope=SCOPE_SYSTEM, severity=Severity.INFO, effort="S")
def planned_gain(context: SystemContext) -> Iterable[Hit]:
    """A system the customer plans is not available to the tenant on Neo but will be after
    migration: a reason to migrate before building it.

    Source: catalog:availability, catalog:bundles
    """
    if not context.system.planned or not _neo_tenant_with_match(context):
        return []
    if context.system.role not in context.connector.roles:
        return []
    on_neo = context.catalog.availability_on_neo(
        context.match.connector_id, context.system.role, context.tenant.model, context.tenant.bundle_ids
    )
    after = _after(context)
    if on_neo.status != "unavailable" or after.status not in ("available", "read_only"):
        return []
    return [Hit(params=_params(context), sources=(after.source_url,))]

