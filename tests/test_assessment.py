"""Readiness roll-up, date-dependent findings and the connector diff on hand-made inventories."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.assessment import AssessOptions, assess, readiness_of
from assess.catalog import load_catalog
from assess.model import (
    Finding,
    Infrastructure,
    Inventory,
    Readiness,
    Role,
    Severity,
    SourceRef,
    System,
    Tenant,
    TenantModel,
)

SOURCE = SourceRef(file="test.xlsx", sheet="Systems", row=2)


def neo_tenant(key="t1", model=TenantModel.BUNDLE, bundles=("SAP SuccessFactors",)):
    return Tenant(
        key=key,
        source=SourceRef(file="test.xlsx", sheet="Tenants", row=2),
        tenant_id=key,
        infrastructure=Infrastructure.NEO,
        tenant_model=model,
        bundles=bundles,
        target_ias_tenant="target.accounts.ondemand.com",
    )


def system(name, connector, role, tenant_key="t1", **fields):
    return System(tenant_key=tenant_key, name=name, connector_raw=connector, role=role, source=SOURCE, **fields)


def run(tenants, systems, as_of=dt.date(2026, 12, 4)):
    options = AssessOptions(as_of=as_of, customer="Test", generated_at=dt.datetime(2026, 12, 4))
    return assess(Inventory(tenants=tuple(tenants), systems=tuple(systems)), load_catalog(), options)


def finding(severity, **flags):
    return Finding(id="x", code="X", severity=severity, tenant_key="t", evidence=(), **flags)


@pytest.mark.parametrize(
    ("findings", "expected"),
    [
        ([], Readiness.READY),
        ([finding(Severity.LOW), finding(Severity.INFO)], Readiness.READY),
        ([finding(Severity.MEDIUM)], Readiness.READY_AFTER_ADJUSTMENTS),
        ([finding(Severity.HIGH)], Readiness.READY_AFTER_ADJUSTMENTS),
        ([finding(Severity.LOW, needs_evaluation=True), finding(Severity.HIGH)], Readiness.NEEDS_EVALUATION),
        ([finding(Severity.HIGH, blocks=True), finding(Severity.LOW, needs_evaluation=True)], Readiness.BLOCKED),
    ],
)
def test_readiness_rule(findings, expected):
    assert readiness_of(findings) is expected


def test_tenant_takes_worst_system():
    result = run(
        [neo_tenant()],
        [
            system("ok", "SAP SuccessFactors", Role.SOURCE),
            system("scim", "SCIM System", Role.TARGET),
        ],
    )
    assert result.tenants[0].readiness is Readiness.BLOCKED


def test_iag_bundle_keeps_scim_target():
    result = run([neo_tenant(bundles=("SAP Cloud Identity Access Governance",))], [system("scim", "SCIM System", Role.TARGET)])
    assert "AVL-IAG-ONLY" not in {item.code for item in result.findings}


def test_several_bundles_union():
    tenant = neo_tenant(bundles=("SAP SuccessFactors", "SAP Cloud Identity Access Governance"))
    result = run([tenant], [system("scim", "SCIM System", Role.TARGET)])
    assert result.tenants[0].systems[0].readiness is Readiness.READY


def test_uaa_server_blocked_in_bundle():
    result = run([neo_tenant()], [system("uaa", "Cloud Foundry UAA Server", Role.SOURCE)])
    assert "AVL-JAM-IAG-ONLY" in {item.code for item in result.findings}


def test_jam_bundle_keeps_uaa_source():
    result = run([neo_tenant(bundles=("SAP Jam Collaboration",))], [system("uaa", "Cloud Foundry UAA Server", Role.SOURCE)])
    assert "AVL-JAM-IAG-ONLY" not in {item.code for item in result.findings}


def test_jam_bundle_loses_uaa_target():
    result = run([neo_tenant(bundles=("SAP Jam Collaboration",))], [system("uaa", "Cloud Foundry UAA Server", Role.TARGET)])
    assert "AVL-IAG-ONLY" in {item.code for item in result.findings}


def test_ias_v1_before_decommission_is_ending():
    ias = system("ias", "Identity Authentication", Role.TARGET, properties={"ias.api.version": "1"})
    result = run([neo_tenant()], [ias], as_of=dt.date(2026, 10, 31))
    found = {item.code: item for item in result.findings}
    assert "API-IAS-V1-ENDING" in found
    assert found["API-IAS-V1-ENDING"].params["days"] == "30"
    assert "API-IAS-V1-ENDED" not in found


def test_ias_v1_after_decommission_is_ended():
    ias = system("ias", "Identity Authentication", Role.TARGET, properties={"ias.api.version": None})
    result = run([neo_tenant()], [ias], as_of=dt.date(2026, 11, 30))
    assert "API-IAS-V1-ENDED" in {item.code for item in result.findings}


def test_ias_v2_has_no_version_finding():
    ias = system("ias", "Identity Authentication", Role.TARGET, properties={"ias.api.version": "2.0"})
    codes = {item.code for item in run([neo_tenant()], [ias]).findings}
    assert not codes & {"API-IAS-V1-ENDED", "API-IAS-V1-ENDING", "API-IAS-UNKNOWN"}


def test_absent_ias_column_asks_to_verify():
    ias = system("ias", "Identity Authentication", Role.TARGET)
    result = run([neo_tenant()], [ias])
    codes = {item.code for item in result.findings}
    assert "API-IAS-UNKNOWN" in codes
    assert "API-IAS-V1-ENDED" not in codes
    assert result.tenants[0].systems[0].readiness is Readiness.NEEDS_EVALUATION


def test_source_limit_counts_customer_systems():
    systems = [system(f"s{index}", "SAP SuccessFactors", Role.SOURCE) for index in range(21)]
    systems.append(system("sap-made", "SAP SuccessFactors", Role.SOURCE, managed_by_sap=True))
    result = run([neo_tenant()], systems)
    limit = [item for item in result.findings if item.code == "TEN-SOURCE-LIMIT"]
    assert len(limit) == 1
    assert limit[0].params["count"] == "21"


def test_target_limit_not_reached_at_50():
    systems = [system(f"s{index}", "SAP Analytics Cloud", Role.TARGET) for index in range(50)]
    assert "TEN-TARGET-LIMIT" not in {item.code for item in run([neo_tenant()], systems).findings}


def test_unknown_model_needs_evaluation():
    tenant = neo_tenant(model=TenantModel.UNKNOWN, bundles=())
    result = run([tenant], [system("sf", "SAP SuccessFactors", Role.SOURCE)])
    assert result.tenants[0].readiness is Readiness.NEEDS_EVALUATION
    assert result.tenants[0].route == "unknown"


def test_finding_ids_are_stable():
    first = run([neo_tenant()], [system("scim", "SCIM System", Role.TARGET)])
    second = run([neo_tenant()], [system("scim", "SCIM System", Role.TARGET)])
    assert [item.id for item in first.findings] == [item.id for item in second.findings]
    assert "AVL-IAG-ONLY|t1|scim|target" in {item.id for item in first.findings}


def test_checklist_follows_findings():
    proxy = system("proxy", "SCIM System", Role.PROXY)
    checklist = run([neo_tenant()], [proxy]).tenants[0].checklist
    assert "repoint_proxy_consumers" in checklist
    assert "setup_connectivity" not in checklist
    assert checklist[-1] == "thirty_day_window"


def test_bundle_name_with_comma_resolves():
    tenant = neo_tenant(bundles=("SAP Build Work Zone", "advanced edition", "SAP Concur"))
    result = run([tenant], [system("wz", "SAP Build Work Zone, advanced edition", Role.SOURCE)])
    codes = {item.code for item in result.findings}
    assert "TEN-BUNDLE-UNKNOWN" not in codes
