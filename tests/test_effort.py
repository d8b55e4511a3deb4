"""Effort estimates: person-day ranges per finding size, per tenant and in total."""

from __future__ import annotations

import datetime as dt

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.effort import DEFAULT_EFFORT_TABLE, estimate, total
from assess.model import EffortRange, Finding, Infrastructure, Inventory, Role, Severity, SourceRef, System, Tenant, TenantModel


def finding(severity, effort):
    return Finding(id=f"{severity}{effort}", code="X", severity=severity, tenant_key="t", evidence=(), effort=effort)


def test_estimate_sums_ranges():
    result = estimate([finding(Severity.HIGH, "M"), finding(Severity.LOW, "S")], DEFAULT_EFFORT_TABLE)
    assert result.low == 1.5
    assert result.high == 4.0


def test_estimate_info_counts_zero():
    result = estimate([finding(Severity.INFO, "XL")], DEFAULT_EFFORT_TABLE)
    assert result.high == 0.0
    assert result.info_findings == 1
    assert sum(result.by_size.values()) == 0


def test_estimate_uses_given_table():
    table = {**DEFAULT_EFFORT_TABLE, "M": EffortRange(2.0, 5.0)}
    result = estimate([finding(Severity.MEDIUM, "M")], table)
    assert (result.low, result.high) == (2.0, 5.0)


def test_total_adds_tenants():
    first = estimate([finding(Severity.HIGH, "L")], DEFAULT_EFFORT_TABLE)
    second = estimate([finding(Severity.HIGH, "L"), finding(Severity.INFO, "S")], DEFAULT_EFFORT_TABLE)
    combined = total([first, second])
    assert combined.high == 16.0
    assert combined.by_size["L"] == 2
    assert combined.info_findings == 1


def test_assessment_carries_effort():
    tenant = Tenant(
        key="t1",
        source=SourceRef(file="t.xlsx", row=2),
        tenant_id="t1",
        infrastructure=Infrastructure.NEO,
        tenant_model=TenantModel.BUNDLE,
        bundles=("SAP SuccessFactors",),
        target_ias_tenant="target.accounts.ondemand.com",
    )
    scim = System(tenant_key="t1", name="scim", connector_raw="SCIM System", role=Role.TARGET, source=SourceRef(file="s.xlsx", row=2))
    options = AssessOptions(as_of=dt.date(2026, 12, 4), customer="Test", generated_at=dt.datetime(2026, 12, 4))
    result = assess(Inventory(tenants=(tenant,), systems=(scim,)), load_catalog(), options)
    assert result.tenants[0].effort.by_size["L"] == 1
    assert result.effort.high == result.tenants[0].effort.high
    assert result.effort_table == DEFAULT_EFFORT_TABLE
