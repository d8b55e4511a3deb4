"""Accepted risks: waiver files, matching, expiry, and how the reports show them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pypdf
import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.core import RunRequest, failing_findings, run
from assess.model import Readiness, Severity, WaiverStatus
from assess.rules.engine import load_rules
from assess.waivers import WaiverError, load_waivers

AS_OF = dt.date(2026, 12, 4)
HR = "a7f3e21c9"

WAIVERS = f"""\
waivers:
  - rule: AVL-IAG-ONLY
    tenant: {HR}
    system: AD Writeback
    role: target
    reason: AD write-back moves to the access governance tenant.
    owner: HR IT
    expires: 2027-06-30
    approved_by: J. Doe
  - rule: OPS-ON-PREMISE
    tenant: HR Provisioning
    system: ad writeback
    reason: Cloud Connector already planned.
    owner: Basis
    expires: 2026-12-03
    approved_by: J. Doe
  - rule: TEN-NO-SYSTEMS
    tenant: no-such-tenant
    reason: Unused tenant.
    owner: Basis
    expires: 2027-01-01
    approved_by: J. Doe
"""


def write(tmp_path: Path, text: str, name: str = "waivers.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(WaiverError) as raised:
        load_waivers(path, load_rules())
    return raised.value.lines()


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    folder = tmp_path_factory.mktemp("waivers")
    path = write(folder, WAIVERS)
    request = RunRequest(inputs=(), out_dir=folder / "out", as_of=AS_OF, waivers=path, fail_on=Severity.HIGH)
    return run(request)


def hr_tenant(assessment):
    return next(tenant for tenant in assessment.tenants if tenant.tenant.key == HR)


def outcome(assessment, rule):
    return next(item for item in assessment.waivers if item.waiver.rule == rule)


def test_load_reads_fields(tmp_path):
    waiver = load_waivers(write(tmp_path, WAIVERS), load_rules())[0]
    assert waiver.expires == dt.date(2027, 6, 30)
    assert waiver.role.value == "target"
    assert waiver.entry == 1


def test_load_accepts_plain_list(tmp_path):
    text = "- {rule: TEN-NO-SYSTEMS, tenant: t, reason: r, owner: o, expires: 2027-01-01, approved_by: a}\n"
    assert len(load_waivers(write(tmp_path, text), load_rules())) == 1


def test_invalid_entries_one_line_each(tmp_path):
    text = "- {rule: NOPE, tenant: t, reason: r, owner: o, expires: soon, approved_by: a, colour: red}\n- text\n"
    lines = problems(write(tmp_path, text))
    assert len(lines) == 4
    assert any("entry 1: field 'rule': value 'NOPE': unknown rule code" in line for line in lines)
    assert any("entry 1: field 'expires': value 'soon': not a date" in line for line in lines)
    assert any("entry 1: field 'colour'" in line for line in lines)
    assert any("entry 2: field '(entry)'" in line for line in lines)


def test_missing_field_named(tmp_path):
    path = write(tmp_path, "- {rule: TEN-NO-SYSTEMS, tenant: t, reason: r, expires: 2027-01-01, approved_by: a}\n")
    assert problems(path) == [f"{path}: entry 1: field 'owner': required field missing; add it to the entry"]


def test_system_rule_needs_system(tmp_path):
    path = write(tmp_path, "- {rule: OPS-DISABLED, tenant: t, reason: r, owner: o, expires: 2027-01-01, approved_by: a}\n")
    assert "must name the system" in problems(path)[0]


def test_invalid_role(tmp_path):
    text = "- {rule: OPS-DISABLED, tenant: t, system: s, role: sink, reason: r, owner: o, expires: 2027-01-01, approved_by: a}\n"
    assert "field 'role': value 'sink': not a role" in problems(write(tmp_path, text))[0]


def test_accepted_finding_leaves_findings(result):
    tenant = hr_tenant(result.assessment)
    assert "AVL-IAG-ONLY" not in {finding.code for finding in tenant.findings}
    assert "AVL-IAG-ONLY" in {finding.code for finding in tenant.accepted}


def test_accepted_finding_leaves_readiness(result):
    assert hr_tenant(result.assessment).readiness is Readiness.READY_AFTER_ADJUSTMENTS


def test_accepted_finding_leaves_fail_on(result):
    assert "AVL-IAG-ONLY" not in {finding.code for finding in failing_findings(result.assessment, Severity.HIGH)}


def test_expired_waiver_reopens_finding(result):
    assert outcome(result.assessment, "OPS-ON-PREMISE").status is WaiverStatus.EXPIRED
    assert "OPS-ON-PREMISE" in {finding.code for finding in hr_tenant(result.assessment).findings}


def test_waiver_on_expiry_day_applies(tmp_path):
    path = write(tmp_path, WAIVERS)
    request = RunRequest(inputs=(), out_dir=tmp_path, as_of=dt.date(2027, 6, 30), waivers=path, write=False)
    assert outcome(run(request).assessment, "AVL-IAG-ONLY").status is WaiverStatus.APPLIED


def test_unmatched_waiver_reported(result):
    assert outcome(result.assessment, "TEN-NO-SYSTEMS").status is WaiverStatus.UNMATCHED


def test_waivers_file_recorded(result):
    assert result.assessment.waivers_file.endswith("waivers.yaml")


def test_workbook_lists_waivers(result):
    workbook = openpyxl.load_workbook(next(path for path in result.written if path.suffix == ".xlsx"))
    sheet = workbook["Accepted risks"]
    statuses = [row[0] for row in sheet.iter_rows(min_row=4, values_only=True)]
    assert statuses == ["applied", "expired", "unmatched"]


def test_pdf_shows_sections(result):
    reader = pypdf.PdfReader(next(path for path in result.written if path.suffix == ".pdf"))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "AD write-back moves to the access governance tenant." in text
    assert "Expired waivers" in text
    assert "Waivers that match no finding" in text


def test_cli_warns_about_unmatched(tmp_path):
    path = write(tmp_path, WAIVERS)
    result = CliRunner().invoke(app, ["run", "--waivers", str(path), "--as-of", "2026-12-04", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0
    assert "entry 3: waiver for TEN-NO-SYSTEMS on tenant no-such-tenant matches no finding" in result.output
    assert "entry 2: waiver for OPS-ON-PREMISE on tenant HR Provisioning expired on 2026-12-03" in result.output


def test_cli_invalid_waivers_exit_2(tmp_path):
    path = write(tmp_path, "- {rule: NOPE}\n")
    result = CliRunner().invoke(app, ["run", "--waivers", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
