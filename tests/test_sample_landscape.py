"""The bundled sample landscape produces the findings it was built to show."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.ingest import read_inventory
from assess.model import Readiness
from assess.resources import sample_inputs_dir

AS_OF = dt.date(2026, 12, 4)


@pytest.fixture(scope="module")
def assessment():
    inventory = read_inventory([sample_inputs_dir()])
    options = AssessOptions(as_of=AS_OF, customer="Example Landscape AG", generated_at=dt.datetime(2026, 12, 4, 12, 0))
    return assess(inventory, load_catalog(), options)


def tenant(assessment, key):
    return next(item for item in assessment.tenants if item.tenant.key == key)


def codes(tenant_assessment, system=None):
    return {finding.code for finding in tenant_assessment.findings if finding.system_name == system}


def readiness(tenant_assessment, system):
    return next(item.readiness for item in tenant_assessment.systems if item.system.name == system)


def test_successfactors_bundle_tenant_is_blocked(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    assert hr.readiness is Readiness.BLOCKED
    assert hr.route == "wizard"


def test_active_directory_target_blocks_bundle(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    assert {"AVL-IAG-ONLY", "OPS-ON-PREMISE", "AVL-NEO-ON-REQUEST"} <= codes(hr, "AD Writeback")
    assert readiness(hr, "AD Writeback") is Readiness.BLOCKED


def test_blank_ias_version_is_version_1(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    assert "API-IAS-V1-ENDED" in codes(hr, "IAS Corporate Users")
    assert readiness(hr, "IAS Corporate Users") is Readiness.READY_AFTER_ADJUSTMENTS


def test_azure_ad_alias_is_entra_id(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    system = next(item for item in hr.systems if item.system.name == "Azure AD Groups")
    assert system.match.connector_id == "microsoft-entra-id"
    assert "CON-RENAMED" in codes(hr, "Azure AD Groups")
    assert system.readiness is Readiness.READY


def test_diff_lists_lost_and_gained(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    statuses = {(entry.connector_id, entry.role.value): entry.status for entry in hr.diff}
    assert statuses[("microsoft-active-directory", "target")] == "lost"
    assert statuses[("sap-successfactors", "source")] == "kept"
    assert statuses[("sap-concur", "target")] == "gained"


def test_ariba_proxy_and_on_premise(assessment):
    ariba = tenant(assessment, "b52c08d41")
    assert ariba.readiness is Readiness.READY_AFTER_ADJUSTMENTS
    assert {"AVL-PROXY-READ-ONLY", "OPS-PROXY-CONSUMERS", "OPS-INBOUND-CERT"} <= codes(ariba, "IdM Proxy")
    assert "OPS-ON-PREMISE" in codes(ariba, "ERP Users")


def test_standalone_tenant_route_and_blocker(assessment):
    hub = tenant(assessment, "c9e1d7f02")
    assert hub.route == "standalone_note"
    assert "TEN-STANDALONE" in codes(hub)
    assert "AVL-NOT-ON-SCI" in codes(hub, "HANA DB Users")
    assert hub.readiness is Readiness.BLOCKED


def test_standalone_keeps_google_target(assessment):
    hub = tenant(assessment, "c9e1d7f02")
    assert readiness(hub, "Google Workspace") is Readiness.READY


def test_concur_v1_and_neo_bound(assessment):
    hub = tenant(assessment, "c9e1d7f02")
    assert "API-CONCUR-V1" in codes(hub, "Concur Travel")
    assert "CON-NEO-BOUND" in codes(hub, "Neo Account Members")
    assert "OPS-REAL-TIME" in codes(hub, "IAS Real-Time")


def test_unknown_connectors_need_evaluation(assessment):
    s4 = tenant(assessment, "d4410aa8e")
    assert s4.readiness is Readiness.NEEDS_EVALUATION
    assert "CON-UNMATCHED" in codes(s4, "Platform Users")
    assert readiness(s4, "Platform Users") is Readiness.NEEDS_EVALUATION


def test_uaa_is_never_auto_matched(assessment):
    s4 = tenant(assessment, "d4410aa8e")
    system = next(item for item in s4.systems if item.system.name == "Platform Users")
    suggested = {connector_id for connector_id, _ in system.match.candidates}
    assert system.match.connector_id is None
    assert {"cloud-foundry-uaa-server", "sap-btp-xs-advanced-uaa-cloud-foundry"} <= suggested


def test_old_names_and_planned_gain(assessment):
    s4 = tenant(assessment, "d4410aa8e")
    assert {"CON-RENAMED", "API-C4C-SOAP-V1", "AVL-NEO-ON-REQUEST"} <= codes(s4, "C4C Sales")
    assert "AVL-PLANNED-GAIN" in codes(s4, "Concur Expenses")
    assert "TEN-NO-TARGET-IAS" in codes(s4)


def test_commissions_bundle_alias_is_ready(assessment):
    commissions = tenant(assessment, "e0c77b315")
    assert commissions.readiness is Readiness.READY
    assert "CON-RENAMED" in codes(commissions, "Commissions Payees")


def test_sci_tenants_have_nothing_to_migrate(assessment):
    sci = [item for item in assessment.tenants if item.tenant.infrastructure.value == "sci"]
    assert len(sci) == 2
    assert all(item.readiness is Readiness.NOTHING_TO_MIGRATE for item in sci)


def test_sci_tenant_still_gets_api_finding(assessment):
    hr_sci = tenant(assessment, "acme-hr.accounts.ondemand.com")
    assert "API-IAS-V1-ENDED" in codes(hr_sci, "IAS Legacy Source")
    assert "TEN-ALREADY-SCI" in codes(hr_sci)


def test_unknown_iamtenants_code_reported(assessment):
    lab = tenant(assessment, "acme-lab.accounts.cloud.sap")
    assert "TEN-BUNDLE-UNKNOWN" in codes(lab)


def test_bizx_code_resolves_to_successfactors(assessment):
    hr_sci = tenant(assessment, "acme-hr.accounts.ondemand.com")
    assert "TEN-BUNDLE-UNKNOWN" not in codes(hr_sci)


def test_orphan_system_kept_apart(assessment):
    assert [item.system.name for item in assessment.unassigned_systems] == ["Orphan Target"]
    assert any("f1d2e3a4b" in (issue.value or "") for issue in assessment.inventory.issues)


def test_evidence_names_file_sheet_row(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    finding = next(item for item in hr.findings if item.code == "AVL-IAG-ONLY")
    evidence = finding.evidence[0]
    assert evidence.file.endswith("systems.xlsx")
    assert evidence.sheet == "Systems"
    assert evidence.row == 5


def test_tenants_sorted_worst_first(assessment):
    ranks = [item.readiness.rank for item in assessment.tenants]
    assert ranks == sorted(ranks, reverse=True)


def test_wanted_connectors_checked(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    wanted = next(item for item in hr.findings if item.code == "TEN-WANTED-CONNECTOR")
    assert wanted.params["connector"] == "SAP Commerce Cloud"
    assert wanted.params["neo_roles"] == "-"
    assert "target" in wanted.params["sci_roles"]


def test_unknown_wanted_connector_reported(assessment):
    hr = tenant(assessment, "a7f3e21c9")
    assert "TEN-WANTED-UNKNOWN" in codes(hr)
