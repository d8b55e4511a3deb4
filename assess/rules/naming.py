"""Rules about the connector name the customer wrote and what the catalog records about it."""

from __future__ import annotations

from typing import Iterable

from ..model import MatchMethod, Severity
from .context import SystemContext
from .registry import SCOPE_SYSTEM, Hit, rule


def _candidates(context: SystemContext) -> str:
    connectors = context.catalog.connectors
    parts = [
        f"{connectors[connector_id].name} ({score:.0%})"
        for connector_id, score in context.match.candidates
        if connector_id in connectors
    ]
    return "; ".join(parts) or "-"


@rule("CON-UNMATCHED", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def unmatched(context: SystemContext) -> Iterable[Hit]:
    """The connector name matches no catalog entry, exactly or by a known former name. Close
    names are suggested with a similarity score but never applied, because a near miss can
    flip the verdict ("UAA" is either SAP BTP XS Advanced UAA or Cloud Foundry UAA Server).

    Source: catalog:names
    """
    if context.match.connector_id is not None or not context.system.connector_raw.strip():
        return []
    params = {"system": context.system.name, "connector": context.system.connector_raw, "candidates": _candidates(context)}
    return [Hit(params=params)]


@rule("CON-MISSING", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="S", needs_evaluation=True)
def missing(context: SystemContext) -> Iterable[Hit]:
    """The input gives no connector type for the system, so nothing about its migration can be
    judged.

    Source: catalog:names
    """
    if context.system.connector_raw.strip():
        return []
    return [Hit(params={"system": context.system.name})]


@rule("CON-RENAMED", scope=SCOPE_SYSTEM, severity=Severity.INFO, effort="S")
def renamed(context: SystemContext) -> Iterable[Hit]:
    """The input uses a former or alternative name of the connector (for example Azure AD for
    Microsoft Entra ID); SAP's documentation and the tenant after migration use the new name.

    Source: catalog:names
    """
    if context.match.method is not MatchMethod.ALIAS:
        return []
    params = {"system": context.system.name, "written": context.system.connector_raw, "connector": context.connector_name()}
    return [Hit(params=params)]


def _caveat_rule(caveat: str):
    def check(context: SystemContext) -> Iterable[Hit]:
        connector = context.connector
        if connector is None or caveat not in connector.caveats:
            return []
        role_entry = connector.roles.get(context.system.role)
        sources = (role_entry.url,) if role_entry else ()
        return [Hit(params={"system": context.system.name, "connector": connector.name}, sources=sources)]

    return check


def _register_caveat(code: str, caveat: str, severity: Severity, doc: str, **flags) -> None:
    check = _caveat_rule(caveat)
    check.__doc__ = f"{doc}\n\nSource: catalog:caveats"
    check.__name__ = f"caveat_{caveat}"
    rule(code, scope=SCOPE_SYSTEM, severity=severity, effort="M", **flags)(check)


_register_caveat(
    "CON-NOT-USABLE",
    "not_usable",
    Severity.HIGH,
    "SAP's connector page says customers cannot use this connector at present (SAP Business Network).",
    needs_evaluation=True,
)
_register_caveat(
    "CON-DEPRECATED",
    "deprecated",
    Severity.MEDIUM,
    "SAP's connector page marks the connector deprecated (SAP Ariba Category Management since 2025-08-25).",
)
_register_caveat(
    "CON-SELECTED-CUSTOMERS",
    "selected_customers",
    Severity.LOW,
    "SAP offered the connector only to selected customers, so its availability after migration needs a check.",
    needs_evaluation=True,
)
_register_caveat(
    "CON-BETA",
    "beta",
    Severity.LOW,
    "The connector is a beta version, which SAP may change or withdraw.",
)


@rule("CON-NEO-BOUND", scope=SCOPE_SYSTEM, severity=Severity.MEDIUM, effort="M")
def neo_bound(context: SystemContext) -> Iterable[Hit]:
    """The connector provisions into SAP BTP Neo itself (SAP BTP Account Members (Neo), SAP BTP
    Java/HTML5 apps (Neo)); it survives the migration but loses its purpose at the Neo sunset.

    Source: fact:neo_sunset
    """
    connector = context.connector
    if connector is None or not connector.neo_bound:
        return []
    sunset = context.catalog.facts["neo_sunset"]
    params = {"system": context.system.name, "connector": connector.name, "sunset": str(sunset.value)}
    return [Hit(params=params, sources=(sunset.source,))]
