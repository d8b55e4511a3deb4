"""Hand-built assessments for the renderer tests.

``landscape()`` is a small realistic customer: a blocked SuccessFactors bundle tenant, a
standalone tenant that needs evaluation, a ready Fieldglass bundle tenant and a tenant
already on the SAP Cloud Identity infrastructure. ``hostile_landscape()`` puts markup and
formula-looking text into every text field that comes from the inputs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Mapping

from assess.catalog.model import Connector, Fact, RoleAvailability
from assess.model import (
    Assessment,
    CatalogInfo,
    Confidence,
    ConnectorDiffEntry,
    ConnectorMatch,
    Finding,
    Infrastructure,
    InputFile,
    InputIssue,
    Inventory,
    MatchMethod,
    Readiness,
    Role,
    Severity,
    SourceRef,
    System,
    SystemAssessment,
    Tenant,
    TenantAssessment,
    TenantModel,
)

AS_OF = dt.date(2027, 3, 1)
CUSTOMER = "Müller Industrie AG"
FORMULA_TEXT = '=HYPERLINK("http://x")'
MARKUP = '<img src="file:///etc/passwd"><script>alert(1)</script></td> url(http://127.0.0.1:9/x)'

DOCS = "https://help.sap.com/doc/f48e822d6d484fa5ade7dda78b64d9f5/Cloud/en-US/"
SCI_DOCS = "https://github.com/SAP-docs/btp-cloud-identity-services"
NEO_SUNSET_URL = DOCS + "460766b1b08d48a0b4adfb230c60a001.html"
ENTRA_TARGET_URL = DOCS + "3d287fa.html"
IAS_TARGET_URL = DOCS + "f217bd3.html"

TENANTS_FILE = "tenants.xlsx"
SYSTEMS_FILE = "systems.xlsx"

CATALOG_INFO = CatalogInfo(
    version="2026.12.04",
    read_on=dt.date(2026, 12, 4),
    docs_commit="6da9f09",
    docs_commit_date=dt.date(2026, 8, 21),
    sources=(
        ("SAP Cloud Identity Services documentation source", SCI_DOCS),
        ("Identity Provisioning Service in the Neo Environment", DOCS + "index.html"),
    ),
)


@dataclass(frozen=True)
class CatalogStandIn:
    """The attributes of ``assess.catalog.Catalog`` that the renderers read."""

    info: CatalogInfo
    connectors: Mapping[str, Connector] = field(default_factory=dict)
    facts: Mapping[str, Fact] = field(default_factory=dict)


def _availability(role: Role, page: str, url: str, sci_bundle: str, neo_bundle: str) -> RoleAvailability:
    return RoleAvailability(
        role=role,
        page=page,
        url=url,
        sci_bundle=sci_bundle,
        neo_bundle=neo_bundle,
        standalone_sci=True,
        standalone_neo=True,
    )


def catalog() -> CatalogStandIn:
    connectors = {
        "identity-authentication": Connector(
            id="identity-authentication",
            name="Identity Authentication",
            roles={
                Role.SOURCE: _availability(Role.SOURCE, "identity-authentication-e4e25f1.md", DOCS + "e4e25f1.html", "all", "all"),
                Role.TARGET: _availability(Role.TARGET, "identity-authentication-f217bd3.md", IAS_TARGET_URL, "all", "all"),
            },
            aliases=("IAS", "Identity Directory"),
            protocol="scim",
            neo_bound=False,
            caveats=(),
        ),
        "microsoft-entra-id": Connector(
            id="microsoft-entra-id",
            name="Microsoft Entra ID",
            roles={
                Role.TARGET: _availability(Role.TARGET, "microsoft-entra-id-3d287fa.md", ENTRA_TARGET_URL, "iag", "iag"),
            },
            aliases=("Azure AD",),
            protocol="http",
            neo_bound=False,
            caveats=(),
        ),
        "sap-business-network": Connector(
            id="sap-business-network",
            name="SAP Business Network",
            roles={
                Role.SOURCE: _availability(Role.SOURCE, "sap-business-network-4577f7f.md", DOCS + "4577f7f.html", "all", "per_bundle"),
            },
            aliases=("Ariba Network",),
            protocol="scim",
            neo_bound=False,
            caveats=("not_usable",),
        ),
    }
    facts = {
        "neo_sunset": Fact("neo_sunset", dt.date(2028, 12, 31), NEO_SUNSET_URL, dt.date(2026, 12, 4), True),
        "max_source_systems": Fact("max_source_systems", 20, DOCS + "e59ae54.html", dt.date(2026, 12, 4), True),
    }
    return CatalogStandIn(info=CATALOG_INFO, connectors=connectors, facts=facts)


def _tenant(key: str, row: int, **fields) -> Tenant:
    return Tenant(key=key, source=SourceRef(TENANTS_FILE, "Tenants", row), **fields)


def _system(tenant: str, name: str, connector: str, role: Role, row: int, **fields) -> System:
    return System(
        tenant_key=tenant,
        name=name,
        connector_raw=connector,
        role=role,
        source=SourceRef(SYSTEMS_FILE, "Systems", row),
        **fields,
    )


def _match(raw: str, connector_id: str | None, name: str | None, method: MatchMethod = MatchMethod.EXACT, confidence: float = 1.0):
    return ConnectorMatch(raw=raw, connector_id=connector_id, connector_name=name, method=method, confidence=confidence)


def _hr_tenant() -> TenantAssessment:
    tenant = _tenant(
        "hr",
        2,
        tenant_id="a1b2c3d4",
        host="ips-muellerhr.dispatcher.eu2.hana.ondemand.com",
        display_name="HR production (SuccessFactors bundle)",
        infrastructure=Infrastructure.NEO,
        tenant_model=TenantModel.BUNDLE,
        bundles=("sap-successfactors",),
        tenant_type="Productive",
        region="Europe (Frankfurt)",
        created=dt.date(2019, 5, 14),
        target_ias_tenant="mueller.accounts.ondemand.com",
    )
    sf = _system("hr", "SF Employee Central", "SAP SuccessFactors", Role.SOURCE, 2, enabled=True, properties={"sf.api.version": "2"})
    ias = _system("hr", "IAS users", "Identity Authentication", Role.TARGET, 3, enabled=True, properties={"ias.api.version": "1"})
    entra = _system("hr", "Entra ID (Azure AD) sync", "Microsoft Azure AD", Role.TARGET, 4, enabled=True, properties={})
    # The input wrote a formula into the system name; the workbook must keep it as text.
    formula = _system("hr", FORMULA_TEXT, "SCIM System", Role.PROXY, 5, enabled=False)

    findings = (
        Finding(
            id="F-0001",
            code="AVL-IAG-ONLY",
            severity=Severity.HIGH,
            tenant_key="hr",
            evidence=(entra.source,),
            params={"connector": "Microsoft Entra ID", "role": "target", "system": entra.name, "bundles": "SAP SuccessFactors"},
            system_name=entra.name,
            role=Role.TARGET,
            sources=(ENTRA_TARGET_URL,),
            effort="L",
            remediable=False,
            blocks=True,
        ),
        Finding(
            id="F-0002",
            code="API-IAS-V1-ENDED",
            severity=Severity.HIGH,
            tenant_key="hr",
            evidence=(SourceRef(SYSTEMS_FILE, "Systems", 3, "ias.api.version"),),
            params={"system": ias.name, "property": "ias.api.version", "value": "1", "date": "30 November 2026"},
            system_name=ias.name,
            role=Role.TARGET,
            sources=(IAS_TARGET_URL,),
            effort="M",
        ),
        Finding(
            id="F-0003",
            code="OPS-DISABLED",
            severity=Severity.LOW,
            tenant_key="hr",
            evidence=(formula.source,),
            params={"system": formula.name},
            system_name=formula.name,
            role=Role.PROXY,
            sources=("SAP Note 3278189",),
        ),
    )
    systems = (
        SystemAssessment(sf, _match(sf.connector_raw, "sap-successfactors", "SAP SuccessFactors"), Readiness.READY),
        SystemAssessment(ias, _match(ias.connector_raw, "identity-authentication", "Identity Authentication"), Readiness.READY_AFTER_ADJUSTMENTS, ("F-0002",)),
        SystemAssessment(entra, _match(entra.connector_raw, "microsoft-entra-id", "Microsoft Entra ID", MatchMethod.ALIAS), Readiness.BLOCKED, ("F-0001",)),
        SystemAssessment(formula, _match(formula.connector_raw, "scim-system", "SCIM System"), Readiness.READY_AFTER_ADJUSTMENTS, ("F-0003",)),
    )
    diff = (
        ConnectorDiffEntry("sap-successfactors", "SAP SuccessFactors", Role.SOURCE, "kept", True, (sf.name,)),
        ConnectorDiffEntry("identity-authentication", "Identity Authentication", Role.TARGET, "kept", True, (ias.name,)),
        ConnectorDiffEntry("microsoft-entra-id", "Microsoft Entra ID", Role.TARGET, "lost", True, (entra.name,), "availability_reason.iag_only"),
        ConnectorDiffEntry("scim-system", "SCIM System", Role.PROXY, "changed", True, (formula.name,), "availability_reason.read_only_proxy"),
        ConnectorDiffEntry("sap-fieldglass", "SAP Fieldglass", Role.TARGET, "gained", False),
        ConnectorDiffEntry("sap-concur", "SAP Concur", Role.TARGET, "gained", False),
    )
    return TenantAssessment(
        tenant=tenant,
        readiness=Readiness.BLOCKED,
        route="wizard",
        systems=systems,
        findings=findings,
        diff=diff,
        checklist=("resolve_blockers", "target_ias_admin", "export_systems", "switch_api_versions", "pause_jobs", "thirty_day_window"),
    )


def _procurement_tenant() -> TenantAssessment:
    tenant = _tenant(
        "procurement",
        3,
        tenant_id="p9q8r7",
        host="ips-muellerproc.dispatcher.hana.ondemand.com",
        infrastructure=Infrastructure.NEO,
        infrastructure_derived=True,
        tenant_model=TenantModel.STANDALONE,
        region="Europe (Rot)",
    )
    feed = _system("procurement", "Workday feed", "Workday HCM", Role.SOURCE, 6)
    network = _system("procurement", "Supplier users", "Ariba Network", Role.SOURCE, 7)
    findings = (
        Finding(
            id="F-0004",
            code="CON-UNMATCHED",
            severity=Severity.MEDIUM,
            tenant_key="procurement",
            evidence=(feed.source,),
            params={"connector": "Workday HCM", "system": feed.name, "candidates": "SAP Fieldglass (41%)"},
            system_name=feed.name,
            role=Role.SOURCE,
            confidence=Confidence.LOW,
            needs_evaluation=True,
        ),
        Finding(
            id="F-0005",
            code="TEN-STANDALONE",
            severity=Severity.INFO,
            tenant_key="procurement",
            evidence=(tenant.source,),
            params={"tenant": "p9q8r7", "note": "3278189"},
            confirm_with_sap=True,
            confidence=Confidence.MEDIUM,
        ),
        Finding(
            id="F-0006",
            code="CON-NOT-USABLE",
            severity=Severity.MEDIUM,
            tenant_key="procurement",
            evidence=(network.source,),
            params={"connector": "SAP Business Network", "system": network.name},
            system_name=network.name,
            role=Role.SOURCE,
            sources=(DOCS + "4577f7f.html",),
            confirm_with_sap=True,
            needs_evaluation=True,
        ),
    )
    systems = (
        SystemAssessment(feed, _match(feed.connector_raw, None, None, MatchMethod.NONE, 0.0), Readiness.NEEDS_EVALUATION, ("F-0004",)),
        SystemAssessment(network, _match(network.connector_raw, "sap-business-network", "SAP Business Network", MatchMethod.ALIAS), Readiness.NEEDS_EVALUATION, ("F-0006",)),
    )
    diff = (
        ConnectorDiffEntry("sap-business-network", "SAP Business Network", Role.SOURCE, "evaluate", True, (network.name,)),
    )
    return TenantAssessment(
        tenant=tenant,
        readiness=Readiness.NEEDS_EVALUATION,
        route="standalone_note",
        systems=systems,
        findings=findings,
        diff=diff,
        checklist=("target_ias_admin", "export_systems", "verify_credentials"),
    )


def _fieldglass_tenant() -> TenantAssessment:
    tenant = _tenant(
        "fieldglass",
        4,
        tenant_id="fg1234",
        host="ips-muellerfg.dispatcher.eu2.hana.ondemand.com",
        display_name="Fieldglass",
        infrastructure=Infrastructure.NEO,
        tenant_model=TenantModel.BUNDLE,
        bundles=("sap-fieldglass",),
        target_ias_tenant="mueller.accounts.ondemand.com",
    )
    source = _system("fieldglass", "Corporate IAS", "Identity Authentication", Role.SOURCE, 8, properties={"ias.api.version": "2"})
    target = _system("fieldglass", "Fieldglass users", "SAP Fieldglass", Role.TARGET, 9)
    systems = (
        SystemAssessment(source, _match(source.connector_raw, "identity-authentication", "Identity Authentication"), Readiness.READY),
        SystemAssessment(target, _match(target.connector_raw, "sap-fieldglass", "SAP Fieldglass"), Readiness.READY),
    )
    diff = (
        ConnectorDiffEntry("identity-authentication", "Identity Authentication", Role.SOURCE, "kept", True, (source.name,)),
        ConnectorDiffEntry("sap-fieldglass", "SAP Fieldglass", Role.TARGET, "kept", True, (target.name,)),
    )
    return TenantAssessment(
        tenant=tenant,
        readiness=Readiness.READY,
        route="wizard",
        systems=systems,
        findings=(),
        diff=diff,
        checklist=("target_ias_admin", "export_systems", "pause_jobs", "verify_after_migration"),
    )


def _sales_tenant() -> TenantAssessment:
    tenant = _tenant(
        "sales",
        5,
        tenant_id="sl5678",
        host="mueller.accounts.ondemand.com",
        display_name="Sales (already on SCI)",
        infrastructure=Infrastructure.SCI,
        tenant_model=TenantModel.BUNDLE,
    )
    finding = Finding(
        id="F-0007",
        code="TEN-ALREADY-SCI",
        severity=Severity.INFO,
        tenant_key="sales",
        evidence=(tenant.source,),
        params={"tenant": "sl5678"},
    )
    return TenantAssessment(
        tenant=tenant,
        readiness=Readiness.NOTHING_TO_MIGRATE,
        route="none",
        systems=(),
        findings=(finding,),
        diff=(),
        checklist=(),
    )


def _issues() -> tuple[InputIssue, ...]:
    return (
        InputIssue(
            source=SourceRef(SYSTEMS_FILE, "Systems", 12, "Connector"),
            problem="the connector cell is empty",
            suggestion="Enter the system type shown in the IPS console",
            is_error=True,
        ),
        InputIssue(
            source=SourceRef(SYSTEMS_FILE, "Systems", 5, "Name"),
            problem="the system name looks like a spreadsheet formula",
            suggestion="Check the name in the IPS console",
            value=FORMULA_TEXT,
        ),
        InputIssue(
            source=SourceRef(TENANTS_FILE, "Tenants", 3, "Infrastructure"),
            problem="the infrastructure column is blank, so it was derived from the host name",
            suggestion="Fill in Neo or SCI",
            related=SourceRef(TENANTS_FILE, "Tenants", 3, "Host"),
        ),
    )


def landscape(tenants: tuple[TenantAssessment, ...] | None = None, customer: str = CUSTOMER) -> Assessment:
    if tenants is None:
        tenants = (_hr_tenant(), _procurement_tenant(), _fieldglass_tenant(), _sales_tenant())
    orphan = _system("missing", "Orphan target", "LDAP Server", Role.TARGET, 20)
    inventory = Inventory(
        tenants=tuple(t.tenant for t in tenants),
        systems=tuple(s.system for t in tenants for s in t.systems) + (orphan,),
        issues=_issues(),
        files=(
            InputFile(TENANTS_FILE, "9f2c" * 16, 18_432, ("Tenants",)),
            InputFile(SYSTEMS_FILE, "41ab" * 16, 52_110, ("Systems",)),
        ),
    )
    return Assessment(
        schema_version=1,
        tool_version="0.1.0",
        as_of=AS_OF,
        generated_at=dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.timezone.utc),
        customer=customer,
        catalog=CATALOG_INFO,
        inventory=inventory,
        tenants=tenants,
        unassigned_systems=(
            SystemAssessment(orphan, _match(orphan.connector_raw, "ldap-server", "LDAP Server"), Readiness.NEEDS_EVALUATION),
        ),
    )


def large_landscape(blocked_tenants: int = 40, ready_tenants: int = 10) -> Assessment:
    """Many copies of the blocked HR tenant and the ready tenant, for the PDF bounds."""
    template_blocked = _hr_tenant()
    template_ready = _fieldglass_tenant()
    tenants = []
    for number in range(blocked_tenants):
        tenant = _copy_tenant(template_blocked, f"hr-{number:03d}", f"HR tenant {number:03d}")
        tenants.append(tenant)
    for number in range(ready_tenants):
        tenants.append(_copy_tenant(template_ready, f"fg-{number:03d}", f"Fieldglass tenant {number:03d}"))
    return landscape(tuple(tenants))


def _copy_tenant(assessed: TenantAssessment, key: str, label: str) -> TenantAssessment:
    tenant = replace(assessed.tenant, key=key, display_name=label)
    systems = tuple(replace(s, system=replace(s.system, tenant_key=key)) for s in assessed.systems)
    findings = tuple(replace(f, tenant_key=key, id=f"{key}-{f.id}") for f in assessed.findings)
    return replace(assessed, tenant=tenant, systems=systems, findings=findings)


def hostile_landscape() -> Assessment:
    """One tenant whose every input-derived text is ``MARKUP``."""
    ref = SourceRef(MARKUP, MARKUP, 2, MARKUP)
    tenant = Tenant(
        key=MARKUP,
        source=ref,
        tenant_id=MARKUP,
        host=MARKUP,
        display_name=MARKUP,
        infrastructure=Infrastructure.NEO,
        tenant_model=TenantModel.BUNDLE,
        bundles=(MARKUP,),
        bundles_raw=MARKUP,
        unknown_bundle_codes=(MARKUP,),
        tenant_type=MARKUP,
        region=MARKUP,
        target_ias_tenant=MARKUP,
    )
    system = System(
        tenant_key=MARKUP,
        name=MARKUP,
        connector_raw=MARKUP,
        role=Role.TARGET,
        source=ref,
        properties={MARKUP: MARKUP},
        destination_name=MARKUP,
        proxy_type=MARKUP,
        cloud_connector_location=MARKUP,
        authentication=MARKUP,
        last_status=MARKUP,
    )
    params = {name: MARKUP for name in ("connector", "role", "system", "bundles", "candidates", "tenant", "note")}
    finding = Finding(
        id=MARKUP,
        code="CON-UNMATCHED",
        severity=Severity.HIGH,
        tenant_key=MARKUP,
        evidence=(ref,),
        params=params,
        system_name=MARKUP,
        role=Role.TARGET,
        sources=(MARKUP, "http://127.0.0.1:9/x"),
        effort=MARKUP,
        blocks=True,
    )
    assessed = TenantAssessment(
        tenant=tenant,
        readiness=Readiness.BLOCKED,
        route="wizard",
        systems=(SystemAssessment(system, _match(MARKUP, None, None, MatchMethod.NONE, 0.0), Readiness.BLOCKED, (MARKUP,)),),
        findings=(finding,),
        diff=(ConnectorDiffEntry(MARKUP, MARKUP, Role.TARGET, "lost", True, (MARKUP,)),),
        checklist=("export_systems",),
    )
    issue = InputIssue(source=ref, problem=MARKUP, suggestion=MARKUP, value=MARKUP, related=ref)
    inventory = Inventory(
        tenants=(tenant,),
        systems=(system,),
        issues=(issue,),
        files=(InputFile(MARKUP, "0" * 64, 10, (MARKUP,)),),
    )
    return Assessment(
        schema_version=1,
        tool_version="0.1.0",
        as_of=AS_OF,
        generated_at=dt.datetime(2027, 3, 1, 9, 30, tzinfo=dt.timezone.utc),
        customer=MARKUP,
        catalog=CATALOG_INFO,
        inventory=inventory,
        tenants=(assessed,),
    )
