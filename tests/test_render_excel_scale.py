"""The workbook of a generated landscape: every row written, and time and memory when asked.

The landscape repeats the sample landscape's tenants and gives each sample system many
copies, so the findings and the connector diff grow as they would in a real landscape.
Set IPS_ASSESS_SCALE_SYSTEMS (for example to 100000) to measure that many systems:

    IPS_ASSESS_SCALE_SYSTEMS=100000 python -m pytest -q -s tests/test_render_excel_scale.py
"""

from __future__ import annotations

import datetime as dt
import os
import resource
import time
from dataclasses import replace

import pytest
from openpyxl import load_workbook

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.ingest import read_inventory
from assess.messages import catalogue
from assess.model import Inventory
from assess.render import ExcelRenderer, RenderOptions, build_view
from assess.resources import sample_inputs_dir

SCALE_SYSTEMS = int(os.environ.get("IPS_ASSESS_SCALE_SYSTEMS", "0"))


def generated_assessment(systems: int, copies: int):
    """Assess ``copies`` copies of the sample tenants with ``systems`` systems spread over them."""
    sample = read_inventory([sample_inputs_dir()])
    per_system = max(1, round(systems / (copies * len(sample.systems))))
    tenants = []
    rows = []
    for copy in range(copies):
        for tenant in sample.tenants:
            tenant_id = f"{tenant.tenant_id}-{copy}" if tenant.tenant_id else None
            tenants.append(replace(tenant, key=f"{tenant.key}-{copy}", tenant_id=tenant_id))
        for system in sample.systems:
            for number in range(per_system):
                rows.append(replace(system, tenant_key=f"{system.tenant_key}-{copy}", name=f"{system.name} {number}"))

    inventory = Inventory(tenants=tuple(tenants), systems=tuple(rows[:systems]), issues=sample.issues, files=sample.files)
    catalog = load_catalog()
    options = AssessOptions(as_of=dt.date(2026, 12, 4), customer="Scale AG", generated_at=dt.datetime(2026, 12, 4, 12, 0))
    return assess(inventory, catalog, options), catalog


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_generated_workbook_complete(tmp_path):
    assessment, catalog = generated_assessment(systems=2_000, copies=4)
    report = build_view(assessment, RenderOptions(catalog=catalog))
    path = tmp_path / "scale.xlsx"
    ExcelRenderer(catalogue("en")).render(report, path)
    workbook = load_workbook(path, read_only=True)
    assert workbook["Systems"].max_row == len(report.systems) + 1
    assert workbook["Findings"].max_row == len(report.findings) + 1


@pytest.mark.skipif(SCALE_SYSTEMS == 0, reason="set IPS_ASSESS_SCALE_SYSTEMS to measure a large workbook")
def test_generated_workbook_time_and_memory(tmp_path):
    assessment, catalog = generated_assessment(systems=SCALE_SYSTEMS, copies=40)
    report = build_view(assessment, RenderOptions(catalog=catalog))
    path = tmp_path / "scale.xlsx"

    peak_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    started, cpu_started = time.perf_counter(), _cpu_seconds()
    ExcelRenderer(catalogue("en")).render(report, path)
    elapsed, cpu = time.perf_counter() - started, _cpu_seconds() - cpu_started
    peak_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    diff_rows = sum(len(section.diff) for section in report.tenants)
    print(
        f"\n{len(report.systems)} systems, {len(report.tenants)} tenants, {len(report.findings)} findings, "
        f"{diff_rows} diff rows: workbook {elapsed:.1f} s ({cpu:.1f} s CPU), "
        f"peak RSS {peak_before:.0f} MiB before and {peak_after:.0f} MiB after, {path.stat().st_size / 2**20:.0f} MiB file"
    )
    assert peak_after < 1536
