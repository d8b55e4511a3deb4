"""Assess an inventory: match connectors, run the rules, roll up readiness, plan each tenant.

The readiness rule, written down in docs/method.md and tested in tests/test_assessment.py:
a system is Blocked when a finding says it cannot run on the tenant after migration; else
Needs evaluation when a finding says data is missing, a name is unmatched or sources
disagree; else Ready after adjustments when a high or medium finding remains; else Ready.
A tenant takes the worst readiness of its systems and of its own findings. A tenant that
already runs on the SAP Cloud Identity infrastructure has nothing to migrate.

Findings that an unexpired waiver accepts are set aside before the roll-up: they count
neither towards readiness nor towards the effort estimate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Iterable, Mapping

from . import __version__
from .config import AssessConfig, apply_config, config_changes, rule_settings
from .effort import estimate, total
from .model import (
    Assessment,
    ConnectorDiffEntry,
    ConnectorMatch,
    EffortRange,
    Finding,
    Infrastructure,
    Inventory,
    Readiness,
    Role,
    Severity,
    SystemAssessment,
    Tenant,
    TenantAssessment,
    TenantModel,
    Waiver,
)
from .render.json import SCHEMA_VERSION
from .rules.context import SystemContext, TenantContext, TenantFacts
from .rules.engine import IssueIndex, enabled_rules, load_rules, system_findings, tenant_findings
from .rules.registry import SCOPE_SYSTEM, Rule
from .waivers import WaiverBook

if TYPE_CHECKING:
    from .catalog import Catalog


@dataclass(frozen=True)
class AssessOptions:
    """Run options that change the result: the assessment date, the customer's name, the
    rule settings of ``--config`` and the accepted risks of ``--waivers``."""

    as_of: dt.date
    customer: str
    generated_at: dt.datetime
    config: AssessConfig = field(default_factory=AssessConfig)
    waivers: tuple[Waiver, ...] = ()
    waivers_file: str | None = None


@dataclass(frozen=True)
class _RunState:
    """State shared by every tenant of one assessment: configured rules, input issues, matcher, waivers."""

    rules: Mapping[str, Rule]
    issues: "IssueIndex"
    matcher: "_Matcher"
    waivers: WaiverBook
    effort_table: Mapping[str, EffortRange]
    system_rules: tuple[Rule, ...] = ()


def readiness_of(findings: Iterable[Finding]) -> Readiness:
    """Apply the readiness rule to the findings of one system or one tenant."""
    findings = list(findings)
    if any(finding.blocks for finding in findings):
        return Readiness.BLOCKED
    if any(finding.needs_evaluation for finding in findings):
        return Readiness.NEEDS_EVALUATION
    if any(finding.severity in (Severity.HIGH, Severity.MEDIUM) for finding in findings):
        return Readiness.READY_AFTER_ADJUSTMENTS
    return Readiness.READY


def worst(readiness: Iterable[Readiness]) -> Readiness:
    return max(readiness, key=lambda value: value.rank, default=Readiness.READY)


def resolve_tenant(tenant: Tenant, catalog: "Catalog") -> TenantFacts:
    """Map the tenant's bundle names and IAMTENANTS codes to catalog bundles."""
    known: list[str] = []
    unknown: list[str] = []
    for raw, bundle_id in _match_bundle_names(tenant.bundles, catalog):
        if bundle_id is None:
            unknown.append(raw)
        elif bundle_id not in known:
            known.append(bundle_id)
    names = tuple(catalog.bundles[bundle_id].name for bundle_id in known if bundle_id in catalog.bundles)
    return TenantFacts(tenant=tenant, bundle_ids=tuple(known), unknown_bundles=tuple(unknown), bundle_names=names)


def _match_bundle_names(parts: tuple[str, ...], catalog: "Catalog") -> list[tuple[str, str | None]]:
    """Match bundle names, rejoining neighbours that ingest split at a comma inside a name
    ("SAP Build Work Zone, advanced edition")."""
    matches: list[tuple[str, str | None]] = []
    index = 0
    while index < len(parts):
        if index + 1 < len(parts):
            joined = f"{parts[index]}, {parts[index + 1]}"
            bundle_id = catalog.match_bundle(joined)
            if bundle_id is not None:
                matches.append((joined, bundle_id))
                index += 2
                continue
        matches.append((parts[index], catalog.match_bundle(parts[index])))
        index += 1
    return matches


def route_of(facts: TenantFacts) -> str:
    """Name the migration route: the wizard for bundle tenants, SAP's note for standalone ones."""
    if facts.tenant.infrastructure is Infrastructure.SCI:
        return "none"
    if facts.tenant.infrastructure is not Infrastructure.NEO:
        return "unknown"
    if facts.model is TenantModel.BUNDLE:
        return "wizard"
    if facts.model is TenantModel.STANDALONE:
        return "standalone_note"
    return "unknown"


def checklist_of(facts: TenantFacts, findings: list[Finding]) -> tuple[str, ...]:
    """Derive the pre-flight checklist keys of a Neo tenant from its findings."""
    if not facts.on_neo:
        return ()
    codes = {finding.code for finding in findings}
    steps = ["target_ias_admin", "export_systems", "pause_jobs", "keep_destinations", "verify_credentials"]
    conditional = [
        ("switch_api_versions", {"API-IAS-V1-ENDED", "API-IAS-V1-ENDING", "API-CONCUR-V1", "API-C4C-SOAP-V1"}),
        ("resolve_blockers", {"AVL-IAG-ONLY", "AVL-JAM-IAG-ONLY", "AVL-NOT-ON-SCI", "AVL-STANDALONE-MISSING", "AVL-BUNDLE-MISSING"}),
        ("setup_connectivity", {"OPS-ON-PREMISE"}),
        ("reupload_certificates", {"OPS-INBOUND-CERT"}),
        ("repoint_proxy_consumers", {"OPS-PROXY-CONSUMERS"}),
        ("repoint_real_time", {"OPS-REAL-TIME"}),
        ("save_transformations", {"OPS-TRANSFORMATIONS"}),
    ]
    steps += [key for key, triggers in conditional if codes & triggers]
    steps += ["verify_after_migration", "thirty_day_window"]
    return tuple(steps)


def _system_readiness(context: SystemContext, findings: list[Finding]) -> Readiness:
    if context.tenant.tenant.infrastructure is Infrastructure.SCI:
        return Readiness.NOTHING_TO_MIGRATE
    return readiness_of(findings)


def _tenant_readiness(facts: TenantFacts, systems: list[SystemAssessment], own: list[Finding]) -> Readiness:
    if facts.tenant.infrastructure is Infrastructure.SCI:
        return Readiness.NOTHING_TO_MIGRATE
    return worst([readiness_of(own), *(system.readiness for system in systems)])


class _Matcher:
    """Connector matching with a cache: a landscape repeats the same few names many times."""

    def __init__(self, catalog: "Catalog"):
        self._catalog = catalog
        self._cache: dict[str, ConnectorMatch] = {}

    def __call__(self, raw: str) -> ConnectorMatch:
        if raw not in self._cache:
            self._cache[raw] = self._catalog.match_connector(raw)
        return self._cache[raw]


def assess_tenant(
    facts: TenantFacts,
    systems: list,
    catalog: "Catalog",
    options: AssessOptions,
    state: _RunState,
) -> TenantAssessment:
    """Assess one tenant and its systems; waived findings go to ``accepted``."""
    contexts = [SystemContext(facts, system, state.matcher(system.connector_raw), catalog, options.as_of) for system in systems]

    findings: list[Finding] = []
    accepted: list[Finding] = []
    assessed: list[SystemAssessment] = []
    for context in contexts:
        own, waived = state.waivers.split(facts.tenant, system_findings(context, state.issues, state.system_rules))
        findings.extend(own)
        accepted.extend(waived)
        assessed.append(
            SystemAssessment(
                system=context.system,
                match=context.match,
                readiness=_system_readiness(context, own),
                finding_ids=tuple(finding.id for finding in own),
            )
        )

    tenant_context = TenantContext(facts, tuple(contexts), catalog, options.as_of)
    tenant_level, waived = state.waivers.split(facts.tenant, tenant_findings(tenant_context, state.issues, state.rules))
    findings = tenant_level + findings
    accepted = waived + accepted

    return TenantAssessment(
        tenant=facts.tenant,
        readiness=_tenant_readiness(facts, assessed, tenant_level),
        route=route_of(facts),
        systems=tuple(assessed),
        findings=_most_severe_first(findings),
        diff=connector_diff(facts, contexts, catalog),
        checklist=checklist_of(facts, findings),
        accepted=_most_severe_first(accepted),
        effort=estimate(findings, state.effort_table),
    )


def _most_severe_first(findings: list[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings, key=lambda finding: -finding.severity.rank))


def connector_diff(facts: TenantFacts, contexts: list[SystemContext], catalog: "Catalog") -> tuple[ConnectorDiffEntry, ...]:
    """Compare the connectors the tenant uses on Neo with what it gets after migration, both ways."""
    if not facts.on_neo or facts.model is TenantModel.UNKNOWN:
        return ()

    used: dict[tuple[str, Role], list[str]] = {}
    for context in contexts:
        if context.match.connector_id is not None and not context.system.planned:
            used.setdefault((context.match.connector_id, context.system.role), []).append(context.system.name)

    entries = [_used_entry(facts, connector_id, role, names, catalog) for (connector_id, role), names in used.items()]
    entries += _gains(facts, used, catalog)
    order = {"lost": 0, "evaluate": 1, "changed": 2, "on_request": 3, "kept": 4, "gained": 5}
    return tuple(sorted(entries, key=lambda entry: (order[entry.status], entry.connector_name, entry.role.value)))


def _used_entry(facts: TenantFacts, connector_id: str, role: Role, names: list[str], catalog: "Catalog") -> ConnectorDiffEntry:
    connector = catalog.connectors[connector_id]
    after = catalog.availability_after(connector_id, role, facts.model, facts.bundle_ids)
    before = catalog.availability_on_neo(connector_id, role, facts.model, facts.bundle_ids)
    if after.status == "unavailable":
        status = "lost"
    elif after.status == "unknown" or after.conflict:
        status = "evaluate"
    elif after.status == "read_only" and before.status != "read_only":
        status = "changed"
    elif before.status == "unavailable":
        status = "on_request"
    else:
        status = "kept"
    return ConnectorDiffEntry(
        connector_id=connector_id,
        connector_name=connector.name,
        role=role,
        status=status,
        in_use=True,
        systems=tuple(names),
        note_key=f"availability_reason.{after.reason}",
    )


def _gains(facts: TenantFacts, used: dict, catalog: "Catalog") -> list[ConnectorDiffEntry]:
    gains = []
    for connector in catalog.connectors.values():
        for role in connector.roles:
            if (connector.id, role) in used:
                continue
            after = catalog.availability_after(connector.id, role, facts.model, facts.bundle_ids)
            before = catalog.availability_on_neo(connector.id, role, facts.model, facts.bundle_ids)
            if after.status in ("available", "read_only") and before.status == "unavailable":
                gains.append(
                    ConnectorDiffEntry(
                        connector_id=connector.id,
                        connector_name=connector.name,
                        role=role,
                        status="gained",
                        in_use=False,
                        note_key=f"availability_reason.{after.reason}",
                    )
                )
    return gains


def assess(inventory: Inventory, catalog: "Catalog", options: AssessOptions) -> Assessment:
    """Assess every tenant of the inventory; systems of unknown tenants are kept apart."""
    defaults = load_rules()
    rules = apply_config(defaults, options.config)
    state = _RunState(
        rules=rules,
        issues=IssueIndex(inventory.issues),
        matcher=_Matcher(catalog),
        waivers=WaiverBook(options.waivers, options.as_of),
        effort_table=options.config.effort_table,
        system_rules=enabled_rules(rules, SCOPE_SYSTEM),
    )

    by_tenant: dict[str, list] = {tenant.key: [] for tenant in inventory.tenants}
    orphans = []
    for system in inventory.systems:
        if system.tenant_key in by_tenant:
            by_tenant[system.tenant_key].append(system)
        else:
            orphans.append(system)

    assessed = [
        assess_tenant(resolve_tenant(tenant, catalog), by_tenant[tenant.key], catalog, options, state)
        for tenant in inventory.tenants
    ]
    # Reports list the tenants that need the most attention first.
    tenants = tuple(sorted(assessed, key=lambda tenant: (-tenant.readiness.rank, tenant.tenant.label.lower())))
    unassigned = tuple(
        SystemAssessment(system=system, match=state.matcher(system.connector_raw), readiness=Readiness.NEEDS_EVALUATION)
        for system in orphans
    )

    return Assessment(
        schema_version=SCHEMA_VERSION,
        tool_version=__version__,
        as_of=options.as_of,
        generated_at=options.generated_at,
        customer=options.customer,
        catalog=catalog.info,
        inventory=inventory,
        tenants=tenants,
        unassigned_systems=unassigned,
        effort=total(tenant.effort for tenant in tenants),
        effort_table=dict(options.config.effort_table),
        rules=rule_settings(rules),
        config_file=options.config.file,
        config_changes=config_changes(defaults, options.config),
        waivers_file=options.waivers_file,
        waivers=state.waivers.outcomes(),
    )
