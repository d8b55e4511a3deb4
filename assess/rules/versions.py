"""Rules about connector API versions that SAP has decommissioned or deprecated.

Facts and dates come from the catalog (the connector pages and "Update Connector Version"
in SAP's guide); each date is compared with the assessment date, never with today.
"""

from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..model import Severity
from .context import SystemContext
from .registry import SCOPE_SYSTEM, Hit, rule

IAS = "identity-authentication"
CONCUR = "sap-concur"
SALES_SERVICE_CLOUD = "sap-sales-cloud-and-sap-service-cloud"

# Versions that SAP applies when the property is not set on a system.
_UNSET_MEANS_VERSION_1 = {"ias.api.version", "concur.api.version"}


def _version(context: SystemContext, prop: str) -> str | None:
    """Return the configured version ("1", "2", ...), "1" for a blank cell where SAP's
    default is version 1, or None when the input has no column for the property."""
    properties = context.system.properties
    if prop not in properties:
        return None
    raw = properties[prop]
    if raw is None or not str(raw).strip():
        return "1" if prop in _UNSET_MEANS_VERSION_1 else None
    text = str(raw).strip().lower().removeprefix("v")
    try:
        return str(int(float(text)))
    except ValueError:
        return text


def _is(context: SystemContext, connector_id: str) -> bool:
    return context.match.connector_id == connector_id and not context.system.planned


def _params(context: SystemContext, prop: str) -> dict[str, str]:
    value = context.system.properties.get(prop)
    return {
        "system": context.system.name,
        "connector": context.connector_name(),
        "property": prop,
        "value": "(blank)" if value is None or not str(value).strip() else str(value),
    }


def _ias_decommission(context: SystemContext) -> tuple[dt.date, str]:
    fact = context.catalog.facts["ias_api_v1_decommission"]
    return fact.value, fact.source


@rule("API-IAS-V1-ENDED", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="M")
def ias_v1_ended(context: SystemContext) -> Iterable[Hit]:
    """An Identity Authentication system still uses SCIM API version 1 (``ias.api.version``
    blank or 1) on or after the date SAP decommissioned that API (2026-11-30).

    Source: fact:ias_api_v1_decommission
    """
    if not _is(context, IAS) or _version(context, "ias.api.version") != "1":
        return []
    date, source = _ias_decommission(context)
    if context.as_of < date:
        return []
    return [Hit(params={**_params(context, "ias.api.version"), "date": date.isoformat()}, sources=(source,))]


@rule("API-IAS-V1-ENDING", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="M")
def ias_v1_ending(context: SystemContext) -> Iterable[Hit]:
    """An Identity Authentication system uses SCIM API version 1, which SAP decommissions on
    2026-11-30: switch to version 2 before that date.

    Source: fact:ias_api_v1_decommission
    """
    if not _is(context, IAS) or _version(context, "ias.api.version") != "1":
        return []
    date, source = _ias_decommission(context)
    if context.as_of >= date:
        return []
    days = (date - context.as_of).days
    params = {**_params(context, "ias.api.version"), "date": date.isoformat(), "days": str(days)}
    return [Hit(params=params, sources=(source,))]


@rule("API-IAS-UNKNOWN", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def ias_unknown(context: SystemContext) -> Iterable[Hit]:
    """The input has no ``ias.api.version`` column, so the API version of an Identity
    Authentication system cannot be checked against the version 1 decommissioning.

    Source: fact:ias_api_v1_decommission
    """
    if not _is(context, IAS) or "ias.api.version" in context.system.properties:
        return []
    _, source = _ias_decommission(context)
    return [Hit(params={"system": context.system.name, "property": "ias.api.version"}, sources=(source,))]


@rule("API-CONCUR-V1", scope=SCOPE_SYSTEM, severity=Severity.HIGH, effort="M")
def concur_v1(context: SystemContext) -> Iterable[Hit]:
    """An SAP Concur system uses the User v1 API (``concur.api.version`` blank or 1), which
    SAP Concur has decommissioned: the system fails on either infrastructure.

    Source: fact:concur_api_v1
    """
    if not _is(context, CONCUR) or _version(context, "concur.api.version") != "1":
        return []
    fact = context.catalog.facts["concur_api_v1"]
    return [Hit(params=_params(context, "concur.api.version"), sources=(fact.source,))]


@rule("API-CONCUR-UNKNOWN", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def concur_unknown(context: SystemContext) -> Iterable[Hit]:
    """The input has no ``concur.api.version`` column, so an SAP Concur system may still use
    the decommissioned User v1 API.

    Source: fact:concur_api_v1
    """
    if not _is(context, CONCUR) or "concur.api.version" in context.system.properties:
        return []
    fact = context.catalog.facts["concur_api_v1"]
    return [Hit(params={"system": context.system.name, "property": "concur.api.version"}, sources=(fact.source,))]


@rule("API-C4C-SOAP-V1", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="M")
def c4c_soap_v1(context: SystemContext) -> Iterable[Hit]:
    """An SAP Sales Cloud and SAP Service Cloud system uses the SOAP API version 1
    (``c4c.api.version`` blank or 1), which SAP has deprecated.

    Source: fact:c4c_api_v1
    """
    if not _is(context, SALES_SERVICE_CLOUD) or _version(context, "c4c.api.version") != "1":
        return []
    fact = context.catalog.facts["c4c_api_v1"]
    return [Hit(params=_params(context, "c4c.api.version"), sources=(fact.source,))]
