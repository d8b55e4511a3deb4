"""Rules about what a migration changes around a system: connectivity, endpoints,
certificates, transformations and job health.

Sources: "Connect to On-Premise Systems", "Proxy Systems", "Manage Certificates" and the
Identity Provisioning API pages of SAP's guide; the migration prerequisites come from SAP's
migration blog and learning journey (see the catalog facts).
"""

from __future__ import annotations

from typing import Iterable

from ..model import Role, Severity
from .context import SystemContext
from .registry import SCOPE_SYSTEM, Hit, rule

_FAILED_STATUSES = ("error", "fail", "terminated", "fehler", "abgebrochen")


def _neo_system(context: SystemContext) -> bool:
    return context.tenant.on_neo and not context.system.planned


def _params(context: SystemContext) -> dict[str, str]:
    return {"system": context.system.name, "connector": context.connector_name(), "role": context.system.role.value}


def _source(context: SystemContext, key: str) -> tuple[str, ...]:
    fact = context.catalog.facts.get(key)
    return (fact.source,) if fact is not None else ()


@rule("OPS-ON-PREMISE", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="L")
def on_premise(context: SystemContext) -> Iterable[Hit]:
    """The system reaches an on-premise host through a Neo destination or the Cloud Connector.
    On the SAP Cloud Identity infrastructure this needs a Cloud Foundry subaccount with the
    Cloud Identity Services connectivity plan, a Cloud Connector paired with it and a location id.

    Source: fact:on_premise_connectivity
    """
    system = context.system
    if not _neo_system(context) or not _on_premise(system):
        return []
    params = {**_params(context), "via": _connectivity_evidence(system)}
    return [Hit(params=params, sources=_source(context, "on_premise_connectivity"))]


def _connectivity_evidence(system) -> str:
    """Name the input values that show the on-premise connection, as written in the IPS console."""
    parts = []
    if system.destination_name:
        parts.append(f"Destination Name={system.destination_name}")
    if system.proxy_type:
        parts.append(f"ProxyType={system.proxy_type}")
    if system.cloud_connector_location:
        parts.append(f"CloudConnectorLocationId={system.cloud_connector_location}")
    return ", ".join(parts)


def _on_premise(system) -> bool:
    """Tell whether the system goes through the Cloud Connector. A destination with no proxy
    type counts, because Neo destinations default to nothing the input can show."""
    proxy_type = (system.proxy_type or "").strip().lower()
    if proxy_type == "onpremise" or system.cloud_connector_location:
        return True
    return bool(system.destination_name) and not proxy_type


@rule("OPS-NEO-DESTINATION", scope=SCOPE_SYSTEM, severity=Severity.LOW, effort="S", confirm_with_sap=True)
def neo_destination(context: SystemContext) -> Iterable[Hit]:
    """The system reads its connection settings from a destination of the Neo subaccount, which
    the new tenant cannot select. SAP has not published whether the migration copies those
    settings, so move them into the system's properties and compare after migration.

    Source: fact:on_premise_connectivity
    """
    system = context.system
    if not _neo_system(context) or not system.destination_name or _on_premise(system):
        return []
    params = {**_params(context), "destination": system.destination_name}
    return [Hit(params=params, sources=_source(context, "on_premise_connectivity"))]


@rule("OPS-PROXY-CONSUMERS", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="M")
def proxy_consumers(context: SystemContext) -> Iterable[Hit]:
    """A proxy system's consumers (SAP Identity Management, SAP Cloud Identity Access Governance,
    any SCIM client) call Neo URLs with Neo OAuth clients; after migration they must call the new
    tenant's proxy URL with a technical user of that tenant.

    Source: fact:proxy_endpoints
    """
    if not _neo_system(context) or context.system.role is not Role.PROXY:
        return []
    return [Hit(params=_params(context), sources=_source(context, "proxy_endpoints"))]


@rule("OPS-REAL-TIME", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="M")
def real_time(context: SystemContext) -> Iterable[Hit]:
    """Real-time provisioning senders post to a Neo endpoint with a Neo OAuth client; after
    migration they need the new endpoint and a technical user with real-time API access.

    Source: fact:real_time_endpoints
    """
    if not _neo_system(context) or context.system.real_time is not True:
        return []
    return [Hit(params=_params(context), sources=_source(context, "real_time_endpoints"))]


@rule("OPS-INBOUND-CERT", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S")
def inbound_certificate(context: SystemContext) -> Iterable[Hit]:
    """Inbound certificates are imported in the Neo console but uploaded on a technical user of
    Identity Authentication on the new infrastructure, so they must be uploaded again.

    Source: fact:inbound_certificates
    """
    system = context.system
    if not _neo_system(context):
        return []
    certificate_auth = system.role is Role.PROXY and "cert" in (system.authentication or "").lower()
    if system.inbound_certificate is not True and not certificate_auth:
        return []
    return [Hit(params=_params(context), sources=_source(context, "inbound_certificates"))]


@rule("OPS-TRANSFORMATIONS", scope=SCOPE_SYSTEM, severity=Severity.LOW, effort="M", confirm_with_sap=True)
def transformations_modified(context: SystemContext) -> Iterable[Hit]:
    """The system's transformations were changed from SAP's defaults. SAP has not published what
    the migration does with them, so keep a copy and compare after migration.

    Source: fact:migration_scope
    """
    if not _neo_system(context) or context.system.transformations_modified is not True:
        return []
    return [Hit(params=_params(context), sources=_source(context, "migration_scope"))]


@rule("OPS-LAST-JOB-FAILED", scope=SCOPE_SYSTEM, severity=Severity.LOW, effort="S")
def last_job_failed(context: SystemContext) -> Iterable[Hit]:
    """The last provisioning job of the system did not succeed; fix it before migrating so that
    errors after migration are not mistaken for migration problems.

    Source: fact:migration_prerequisites
    """
    status = (context.system.last_status or "").strip().lower()
    if not _neo_system(context) or not any(word in status for word in _FAILED_STATUSES):
        return []
    return [Hit(params={**_params(context), "status": context.system.last_status or ""})]


@rule("OPS-DISABLED", scope=SCOPE_SYSTEM, severity=Severity.INFO, effort="S")
def disabled(context: SystemContext) -> Iterable[Hit]:
    """The system is disabled: decide before migration whether it is still needed, so that the
    migration and the checks after it cover only the systems in use.

    Source: fact:migration_prerequisites
    """
    if not _neo_system(context) or context.system.enabled is not False:
        return []
    return [Hit(params=_params(context))]
