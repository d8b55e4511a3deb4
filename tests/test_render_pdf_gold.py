"""Gold test of the HTML that WeasyPrint lays out for the sample landscape.

The sample is assessed as of 2026-12-04 with a fixed generation time; the tool version
and the generation time are scrubbed. After an intended change to the templates, the
view or the messages, rewrite the gold file and review its diff:

    IPS_ASSESS_UPDATE_GOLD=1 pytest tests/test_render_pdf_gold.py
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import re
from pathlib import Path

import pytest

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.ingest import read_inventory
from assess.messages import catalogue
from assess.render import RenderOptions, build_view
from assess.render.pdf import render_html, write_pdf
from assess.resources import sample_inputs_dir

GOLD = Path(__file__).parent / "gold" / "sample_report.html"
AS_OF = dt.date(2026, 12, 4)
GENERATED_AT = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture(scope="module")
def sample_report():
    catalog = load_catalog()
    options = AssessOptions(as_of=AS_OF, customer="Example Landscape AG", generated_at=GENERATED_AT)
    assessment = assess(read_inventory([sample_inputs_dir()]), catalog, options)
    return build_view(assessment, RenderOptions(catalog=catalog))


def scrub(html: str, version: str) -> str:
    """Replace the tool version and the generation time, which change between runs."""
    html = html.replace(f"ips-assess {version}", "ips-assess VERSION")
    html = re.sub(r'(name="dcterms.created" content=")[^"]*"', r'\1GENERATED"', html)
    return re.sub(r"(<th>Report generated</th><td>)[^<]*(</td>)", r"\1GENERATED\2", html)


def test_sample_html_matches_gold(sample_report):
    html = scrub(render_html(sample_report, catalogue("en")), sample_report.tool_version)

    if os.environ.get("IPS_ASSESS_UPDATE_GOLD") == "1":
        GOLD.write_text(html, encoding="utf-8")
    expected = GOLD.read_text(encoding="utf-8")

    diff = "".join(difflib.unified_diff(expected.splitlines(True), html.splitlines(True), "gold", "rendered", n=2))
    assert html == expected, f"the HTML differs from {GOLD.name}; rerun with IPS_ASSESS_UPDATE_GOLD=1 if intended:\n{diff[:4000]}"


def test_scrub_removes_run_details(sample_report):
    html = scrub(render_html(sample_report, catalogue("en")), sample_report.tool_version)
    assert f"ips-assess {sample_report.tool_version}" not in html
    assert "2026-12-04T09:00:00Z" not in html


def test_sample_pdf_logs_no_warning(sample_report, tmp_path):
    result = write_pdf(sample_report, catalogue("en"), tmp_path / "sample.pdf")
    assert result.warnings == []


def test_sample_deadline_api_decommission(sample_report):
    deadline = sample_report.summary.deadlines[1]
    assert deadline.title == "Identity Authentication SCIM API version 1 decommissioned"
    assert deadline.days_left == -4
    assert deadline.systems == 2


def test_sample_next_step_switch_api(sample_report):
    steps = sample_report.summary.next_steps
    assert "Switch 2 systems to a supported API version now" in steps[1]
