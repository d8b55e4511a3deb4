"""View model built from the hand-made landscape: counts, summary, ordering and bounds."""

from __future__ import annotations

import datetime as dt

import pytest

from assess.messages import catalogue
from assess.render import RenderOptions, build_view
from assess.render.view import DetailLimits, count_phrase
from render_fixtures import ENTRA_TARGET_URL, NEO_SUNSET_URL, catalog, landscape, large_landscape


@pytest.fixture(scope="module")
def report():
    return build_view(landscape(), RenderOptions(catalog=catalog()))


def test_headline_counts(report):
    headline = report.headline
    assert headline.tenants == 4
    assert headline.neo_tenants == 3
    assert headline.systems == 9
    assert headline.findings == 7


def test_headline_readiness_per_tenant_and_system(report):
    rows = {row.readiness.key: (row.tenants, row.systems) for row in report.headline.readiness}
    assert rows["blocked"] == (1, 1)
    assert rows["needs_evaluation"] == (1, 3)
    assert rows["ready"] == (1, 3)
    assert rows["nothing_to_migrate"] == (1, 0)


def test_headline_findings_per_severity(report):
    counts = {row.label.key: row.count for row in report.headline.severities}
    assert counts == {"high": 2, "medium": 2, "low": 1, "info": 2}


def test_summary_overall_is_worst_tenant(report):
    assert report.summary.overall.key == "blocked"
    assert report.summary.overall.text == "Blocked"
    assert report.summary.verdict.startswith("1 of 4 tenants cannot be migrated")


def test_summary_deadline_days_left(report):
    deadline = report.summary.deadlines[0]
    assert deadline.date == dt.date(2028, 12, 31)
    assert deadline.days_left == (dt.date(2028, 12, 31) - dt.date(2027, 3, 1)).days
    assert "671 days after the assessment date" in deadline.sentence
    assert deadline.source.url == NEO_SUNSET_URL


def test_summary_without_catalog_has_no_deadline():
    report = build_view(landscape(), RenderOptions())
    assert report.summary.deadlines == ()
    assert report.appendix.catalog.available is False


def test_summary_blockers_use_singular(report):
    blocker = report.summary.blockers[0]
    assert blocker.title == "Microsoft Entra ID as target system is not available after migration"
    assert blocker.sentence == "1 system in 1 tenant"


def test_summary_next_steps_name_counts(report):
    steps = report.summary.next_steps
    assert steps[0] == "Decide how to replace or retire each blocking system: 1 system in 1 blocked tenant."
    assert any("the 2 findings marked" in step for step in steps)
    assert any("3 input issues" in step for step in steps)


def test_tenants_sorted_worst_first(report):
    assert [section.key for section in report.tenants] == ["hr", "procurement", "fieldglass", "sales"]


def test_detailed_tenants_need_attention(report):
    assert [section.key for section in report.detailed] == ["hr", "procurement"]
    assert [section.key for section in report.others] == ["fieldglass", "sales"]


def test_findings_sorted_by_severity(report):
    severities = [finding.severity.key for finding in report.findings]
    assert severities == ["high", "high", "medium", "medium", "low", "info", "info"]


def test_finding_texts_filled_from_params(report):
    finding = next(f for f in report.findings if f.id == "F-0002")
    assert finding.title == "Identity Authentication system uses the decommissioned SCIM API version 1"
    assert "ias.api.version = 1" in finding.explanation
    assert finding.remediation.startswith("Set ias.api.version to 2")


def test_finding_links_only_catalog_urls(report):
    finding = next(f for f in report.findings if f.id == "F-0001")
    assert finding.sources[0].url == ENTRA_TARGET_URL
    disabled = next(f for f in report.findings if f.id == "F-0003")
    assert disabled.sources[0].url is None
    assert disabled.sources[0].label == "SAP Note 3278189"


def test_tenant_section_diff_split(report):
    hr = report.tenants[0]
    assert len(hr.diff) == 6
    assert [row.connector_id for row in hr.diff_in_use] == [
        "sap-successfactors",
        "identity-authentication",
        "microsoft-entra-id",
        "scim-system",
    ]
    assert [(row.label.key, row.count) for row in hr.diff_other] == [("gained", 2)]
    assert hr.diff_in_use[2].note == "Only with the SAP Cloud Identity Access Governance bundle."


def test_tenant_section_route_and_checklist(report):
    hr = report.tenants[0]
    assert hr.route.text == "Migration wizard"
    assert hr.checklist[0].startswith("Settle the blocked systems first")


def test_tenant_facts_mark_derived_infrastructure(report):
    procurement = report.tenants[1]
    facts = {fact.label: fact.value for fact in procurement.facts}
    assert facts["Infrastructure"] == "SAP BTP Neo (derived from the host name)"
    assert facts["Listed in"] == "tenants.xlsx, sheet Tenants, row 3"


def test_appendix_issues_errors_first(report):
    kinds = [issue.kind.key for issue in report.appendix.issues]
    assert kinds == ["error", "warning", "warning"]


def test_appendix_catalog_provenance(report):
    provenance = report.appendix.catalog
    assert provenance.version == "2026.12.04"
    assert provenance.sources[0].url == "https://github.com/SAP-docs/btp-cloud-identity-services"
    assert [fact.key for fact in provenance.facts] == ["max_source_systems", "neo_sunset"]
    assert provenance.facts[1].value == "December 31, 2028"


def test_appendix_unassigned_systems(report):
    assert [row.name for row in report.appendix.unassigned] == ["Orphan target"]


def test_large_landscape_bounds_detail():
    report = build_view(large_landscape(40, 10), RenderOptions(catalog=catalog()))
    assert len(report.tenants) == 50
    assert len(report.detailed) == 25
    assert len(report.others) == 25
    assert report.others_hidden == 0


def test_large_landscape_bounds_summary_rows():
    limits = DetailLimits(tenant_pages=5, other_tenant_rows=10, findings_per_tenant=2)
    report = build_view(large_landscape(40, 10), RenderOptions(catalog=catalog(), limits=limits))
    assert len(report.detailed) == 5
    assert len(report.others) == 10
    assert report.others_hidden == 35
    assert report.detailed[0].findings_hidden == 1


def test_count_phrase_plural_forms():
    messages = catalogue("en")
    assert count_phrase(messages, "tenant", 1) == "1 tenant"
    assert count_phrase(messages, "tenant", 0) == "0 tenants"
    assert count_phrase(messages, "tenant", 12345) == "12,345 tenants"
