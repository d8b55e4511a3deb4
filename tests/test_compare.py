"""``compare``: each difference between two assessments is reported with the right cause."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from assess.catalog.loader import default_data_dir
from assess.compare import (
    CAUSE_CATALOG,
    CAUSE_DATE,
    CAUSE_INPUTS,
    CAUSE_RULES,
    compare_files,
    describe_causes,
    report_lines,
    write_comparison_workbook,
)
from assess.core import RunRequest, run
from assess.errors import UsageError
from assess.render.json import write_json
from assess.resources import sample_inputs_dir

AS_OF = dt.date(2026, 12, 4)


def assessment_json(path: Path, inputs: tuple[Path, ...] = (), **options) -> Path:
    """Assess ``inputs`` (the sample landscape when empty) and write only assessment.json."""
    options.setdefault("as_of", AS_OF)
    result = run(RunRequest(inputs=inputs, out_dir=path.parent / "unused", write=False, **options))
    write_json(result.assessment, path)
    return path


def changed_sample_inputs(folder: Path) -> Path:
    """Copy the sample inputs and change them the way a customer's second export might."""
    shutil.copytree(sample_inputs_dir(), folder)

    systems = openpyxl.load_workbook(folder / "systems.xlsx")
    sheet = systems["Systems"]
    for row in sheet.iter_rows(min_row=3):
        if row[1].value == "SAC Reporting":
            row[2].value = "Microsoft Active Directory"
        if row[1].value == "IAS Corporate Users":
            row[6].value = "2"
    erp_row = next(row[0].row for row in sheet.iter_rows(min_row=3) if row[1].value == "ERP Users")
    sheet.delete_rows(erp_row)
    systems.save(folder / "systems.xlsx")

    tenants = openpyxl.load_workbook(folder / "tenants.xlsx")
    sheet = tenants["IPS tenants"]
    host = "https://ips-f9a8b7c6d.dispatcher.eu2.hana.ondemand.com/webapp/index.html"
    sheet.append(["f9a8b7c6d", host, "New HR Tenant", "Neo", "Bundle", "SAP SuccessFactors", "Test", "Europe (Frankfurt)"])
    tenants.save(folder / "tenants.xlsx")
    return folder


def edited_catalog(folder: Path) -> Path:
    """Copy the catalog data and let SAP HANA Database (Beta) reach standalone tenants on SCI."""
    shutil.copytree(default_data_dir(), folder)
    parsed = folder / "parsed.yaml"
    text = parsed.read_text(encoding="utf-8")
    start = text.index("  sap-hana-database-beta:")
    field = text.index("standalone_sci: false", start)
    text = text[:field] + "standalone_sci: true" + text[field + len("standalone_sci: false") :]
    # A refresh records the day it read SAP's pages.
    text = text.replace("read_on: 2026-12-04", "read_on: 2027-01-15", 1)
    parsed.write_text(text, encoding="utf-8")
    return folder


def find(changes, kind: str, code: str | None = None, system: str | None = None):
    found = [
        change
        for change in changes
        if change.kind == kind
        and (code is None or change.params.get("code") == code)
        and (system is None or change.system == system)
    ]
    assert len(found) == 1, [f"{change.kind} {change.system} {dict(change.params)}" for change in changes]
    return found[0]


@pytest.fixture(scope="module")
def baseline(tmp_path_factory) -> Path:
    return assessment_json(tmp_path_factory.mktemp("baseline") / "assessment.json")


@pytest.fixture(scope="module")
def input_changes(baseline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("changed")
    inputs = changed_sample_inputs(folder / "inputs")
    changed = assessment_json(folder / "assessment.json", (inputs,), customer="Example Landscape AG")
    sample = assessment_json(folder / "sample.json", (sample_inputs_dir(),), customer="Example Landscape AG")
    return compare_files(sample, changed)


@pytest.fixture(scope="module")
def catalog_changes(baseline, tmp_path_factory):
    folder = tmp_path_factory.mktemp("catalog")
    changed = assessment_json(folder / "assessment.json", catalog_dir=edited_catalog(folder / "data"))
    return compare_files(baseline, changed)


@pytest.fixture(scope="module")
def date_changes(baseline, tmp_path_factory):
    earlier = assessment_json(tmp_path_factory.mktemp("date") / "assessment.json", as_of=dt.date(2026, 11, 1))
    return compare_files(earlier, baseline)


# Inputs


def test_connector_change_cause_inputs(input_changes):
    change = find(input_changes.changes, "finding_new", "AVL-IAG-ONLY", "SAC Reporting (target)")
    assert change.causes[0].kind == CAUSE_INPUTS
    assert [item.field for item in change.causes[0].fields] == ["connector_raw"]


def test_connector_change_names_values(input_changes):
    change = find(input_changes.changes, "finding_new", "AVL-IAG-ONLY", "SAC Reporting (target)")
    assert "SAP Analytics Cloud -> Microsoft Active Directory" in describe_causes(change)


def test_connector_change_moves_readiness(input_changes):
    change = find(input_changes.changes, "readiness_system", system="SAC Reporting (target)")
    assert (change.params["old"], change.params["new"]) == ("ready", "blocked")
    assert change.causes[0].kind == CAUSE_INPUTS


def test_api_version_change_resolves_finding(input_changes):
    change = find(input_changes.changes, "finding_resolved", "API-IAS-V1-ENDED", "IAS Corporate Users (target)")
    assert change.causes[0].kind == CAUSE_INPUTS
    assert [item.field for item in change.causes[0].fields] == ["ias.api.version"]


def test_api_version_change_values(input_changes):
    change = find(input_changes.changes, "finding_resolved", "API-IAS-V1-ENDED", "IAS Corporate Users (target)")
    field = change.causes[0].fields[0]
    assert (field.old, field.new) == (None, "2")


def test_removed_system_reported(input_changes):
    change = find(input_changes.changes, "system_removed", system="ERP Users (source)")
    assert change.tenant_label == "Procurement"
    assert change.causes[0].key == "inputs.system_removed"


def test_removed_system_findings_folded(input_changes):
    listed = [change for change in input_changes.changes if change.kind.startswith("finding") and change.system == "ERP Users (source)"]
    assert listed == []


def test_added_tenant_reported(input_changes):
    change = find(input_changes.changes, "tenant_added")
    assert change.tenant_label == "New HR Tenant"
    assert change.causes[0].key == "inputs.tenant_added"


def test_input_changes_all_from_inputs(input_changes):
    kinds = {cause.kind for change in input_changes.changes for cause in change.causes}
    assert kinds == {CAUSE_INPUTS}


def test_input_changes_keep_settings(input_changes):
    assert input_changes.settings == ()


# Catalog, date and rules


def test_catalog_change_cause_catalog(catalog_changes):
    change = find(catalog_changes.changes, "finding_resolved", "AVL-NOT-ON-SCI", "HANA DB Users (target)")
    assert change.causes[0].kind == CAUSE_CATALOG


def test_catalog_change_in_settings(catalog_changes):
    assert [setting.kind for setting in catalog_changes.settings] == ["catalog"]


def test_catalog_change_moves_readiness(catalog_changes):
    change = find(catalog_changes.changes, "readiness_system", system="HANA DB Users (target)")
    assert change.params["old"] == "blocked"
    assert change.causes[0].kind == CAUSE_CATALOG


def test_date_change_new_finding(date_changes):
    change = find(date_changes.changes, "finding_new", "API-IAS-V1-ENDED", "IAS Corporate Users (target)")
    assert change.causes[0].kind == CAUSE_DATE


def test_date_change_resolved_finding(date_changes):
    change = find(date_changes.changes, "finding_resolved", "API-IAS-V1-ENDING", "IAS Corporate Users (target)")
    assert change.causes[0].kind == CAUSE_DATE


def test_date_change_every_cause_date(date_changes):
    kinds = {cause.kind for change in date_changes.changes for cause in change.causes}
    assert kinds == {CAUSE_DATE}


def test_rule_severity_change_cause_rules(baseline, tmp_path):
    config = tmp_path / "rules.yaml"
    config.write_text("rules:\n  API-C4C-SOAP-V1:\n    severity: high\n", encoding="utf-8")
    changed = assessment_json(tmp_path / "assessment.json", config=config)

    comparison = compare_files(baseline, changed)

    change = find(comparison.changes, "finding_severity", "API-C4C-SOAP-V1")
    assert change.causes[0].kind == CAUSE_RULES
    assert change.params["old_severity"] == "medium"


def test_disabled_rule_cause_rules(baseline, tmp_path):
    config = tmp_path / "rules.yaml"
    config.write_text("rules:\n  OPS-DISABLED:\n    enabled: false\n", encoding="utf-8")
    changed = assessment_json(tmp_path / "assessment.json", config=config)

    comparison = compare_files(baseline, changed)

    change = find(comparison.changes, "finding_resolved", "OPS-DISABLED")
    assert change.causes[0].kind == CAUSE_RULES


# Same file, older files, invalid files


def test_same_assessment_no_changes(baseline):
    comparison = compare_files(baseline, baseline)
    assert comparison.changes == ()
    assert report_lines(comparison)[-1] == "No tenant, system, finding or readiness changed."


def test_file_without_rule_fields_compares(baseline, tmp_path):
    data = json.loads(baseline.read_text(encoding="utf-8"))
    for name in ("rules", "config_file", "config_changes", "waivers_file", "waivers", "effort", "effort_table"):
        data.pop(name, None)
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")

    comparison = compare_files(older, baseline)

    assert comparison.changes == ()


def test_not_json_rejected(baseline, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    with pytest.raises(UsageError, match="broken.json is not a JSON file"):
        compare_files(broken, baseline)


def test_wrong_schema_rejected(baseline, tmp_path):
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["schema_version"] = 99
    future = tmp_path / "future.json"
    future.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match="future.json has schema version 99"):
        compare_files(baseline, future)


def test_other_json_rejected(baseline, tmp_path):
    other = tmp_path / "package.json"
    other.write_text('{"name": "left-pad"}', encoding="utf-8")
    with pytest.raises(UsageError, match="package.json is not an assessment"):
        compare_files(baseline, other)


def test_malformed_assessment_rejected(baseline, tmp_path):
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data["tenants"] = [{"tenant": 1}]
    malformed = tmp_path / "malformed.json"
    malformed.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(UsageError, match="malformed.json is not an assessment"):
        compare_files(baseline, malformed)


# Report and workbook


def test_report_groups_by_tenant(input_changes):
    lines = report_lines(input_changes)
    heading = lines.index("HR Provisioning [a7f3e21c9]")
    assert lines[heading + 1].startswith("  ")


def test_report_names_cause(input_changes):
    lines = report_lines(input_changes)
    assert any("AVL-IAG-ONLY" in line and "connector_raw" in line for line in lines)


def test_workbook_sheets(input_changes, tmp_path):
    path = write_comparison_workbook(input_changes, tmp_path / "changes.xlsx")
    assert openpyxl.load_workbook(path).sheetnames == ["Changes", "Summary"]


def test_workbook_one_row_per_change(input_changes, tmp_path):
    path = write_comparison_workbook(input_changes, tmp_path / "changes.xlsx")
    sheet = openpyxl.load_workbook(path)["Changes"]
    assert sheet.max_row == len(input_changes.changes) + 1


def test_workbook_cause_column(input_changes, tmp_path):
    path = write_comparison_workbook(input_changes, tmp_path / "changes.xlsx")
    rows = list(openpyxl.load_workbook(path)["Changes"].iter_rows(min_row=2, values_only=True))
    assert {row[5] for row in rows} == {"Inputs"}


def test_workbook_formula_text_inert(baseline, tmp_path):
    inputs = tmp_path / "inputs"
    shutil.copytree(sample_inputs_dir(), inputs)
    systems = openpyxl.load_workbook(inputs / "systems.xlsx")
    for row in systems["Systems"].iter_rows(min_row=3):
        if row[1].value == "SAC Reporting":
            row[1].value = '=HYPERLINK("https://example.invalid","x")'
            row[1].data_type = "s"
    systems.save(inputs / "systems.xlsx")
    changed = assessment_json(tmp_path / "assessment.json", (inputs,), customer="Example Landscape AG")

    path = write_comparison_workbook(compare_files(baseline, changed), tmp_path / "changes.xlsx")

    cells = [row[2] for row in openpyxl.load_workbook(path)["Changes"].iter_rows(min_row=2)]
    formula_like = [cell for cell in cells if str(cell.value or "").startswith("=")]
    assert formula_like
    assert {cell.data_type for cell in formula_like} == {"s"}


# Command line


def ips_assess(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assess", *args], capture_output=True, text=True, timeout=300)


def test_cli_writes_workbook(baseline, tmp_path):
    out = tmp_path / "changes.xlsx"
    result = ips_assess("compare", str(baseline), str(baseline), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file()


def test_cli_invalid_file_exit_2(baseline, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("[]", encoding="utf-8")
    result = ips_assess("compare", str(broken), str(baseline))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "broken.json" in result.stderr


def test_rule_fields_in_one_file_ignored(baseline, tmp_path):
    data = json.loads(baseline.read_text(encoding="utf-8"))
    data.pop("rules")
    older = tmp_path / "older.json"
    older.write_text(json.dumps(data), encoding="utf-8")
    changed = assessment_json(tmp_path / "assessment.json", as_of=dt.date(2026, 11, 1))

    comparison = compare_files(older, changed)

    assert {cause.kind for change in comparison.changes for cause in change.causes} == {CAUSE_DATE}
    assert [setting.kind for setting in comparison.settings] == ["as_of"]
