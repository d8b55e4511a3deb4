"""The input template: the workbook read back with openpyxl, then read by the ingest and the CLI."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import range_boundaries

from assess.catalog import load_catalog
from assess.ingest import read_inventory
from assess.ingest.headers import FIELDS, PROPERTY_PREFIX, TableKind, match_header
from assess.ingest.values import split_list
from assess.model import Infrastructure, Role, TenantModel
from assess.template import DEFAULT_NAME, EXAMPLE_TENANT_ID, EXCEL_MAX_ROW, write_template

BOOLEAN_SYSTEM_HEADERS = (
    "Enabled", "Planned", "Inbound Certificate", "Transformations Modified", "Real-Time Provisioning", "SAP Managed",
)


def ips_assess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "assess", *args], capture_output=True, text=True, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def catalog():
    return load_catalog()


@pytest.fixture(scope="module")
def template_path(tmp_path_factory, catalog) -> Path:
    return write_template(tmp_path_factory.mktemp("template") / DEFAULT_NAME, catalog=catalog)


@pytest.fixture(scope="module")
def workbook(template_path):
    return openpyxl.load_workbook(template_path)


def header_row(sheet) -> list[str]:
    return [cell.value for cell in sheet[1]]


def column_letter(sheet, header: str) -> str:
    for cell in sheet[1]:
        if cell.value == header:
            return cell.column_letter
    raise AssertionError(f"no column {header!r} in sheet {sheet.title!r}")


def example_value(sheet, header: str):
    return sheet[f"{column_letter(sheet, header)}2"].value


def validation_for(sheet, header: str):
    letter = column_letter(sheet, header)
    found = [
        validation for validation in sheet.data_validations.dataValidation
        if any(str(cell_range).startswith(f"{letter}2:") for cell_range in validation.sqref.ranges)
    ]
    assert len(found) == 1, f"expected one data validation on column {header!r}, found {len(found)}"
    return found[0]


def list_values(workbook, validation) -> list[str]:
    """Return the values that a list validation's formula points to on the Lists sheet."""
    sheet_part, _, cell_range = validation.formula1.partition("!")
    sheet = workbook[sheet_part.strip("'")]
    min_col, min_row, max_col, max_row = range_boundaries(cell_range.replace("$", ""))
    assert min_col == max_col
    return [sheet.cell(row=row, column=min_col).value for row in range(min_row, max_row + 1)]


# The workbook as written


def test_template_sheets(workbook):
    assert workbook.sheetnames == ["Tenants", "Systems", "Lists"]


def test_template_lists_sheet_hidden(workbook):
    assert workbook["Lists"].sheet_state == "hidden"
    assert workbook["Tenants"].sheet_state == "visible"
    assert workbook["Systems"].sheet_state == "visible"


def test_template_tenant_headers(workbook):
    assert header_row(workbook["Tenants"]) == [spec.label for spec in FIELDS[TableKind.TENANTS]]


def test_template_system_headers(workbook, catalog):
    properties = list(dict.fromkeys(version_rule.property for version_rule in catalog.api_versions))
    expected = [spec.label for spec in FIELDS[TableKind.SYSTEMS]] + properties
    assert header_row(workbook["Systems"]) == expected


@pytest.mark.parametrize("kind", list(TableKind))
def test_template_headers_match_ingest(workbook, kind):
    sheet = workbook["Tenants" if kind is TableKind.TENANTS else "Systems"]
    expected = {spec.label: spec.name for spec in FIELDS[kind]}
    for header in header_row(sheet):
        matched = match_header(header, kind)
        if header in expected:
            assert matched == expected[header], header
        else:
            assert matched == f"{PROPERTY_PREFIX}{header}", header


@pytest.mark.parametrize("sheet_name", ["Tenants", "Systems"])
def test_template_every_header_has_comment(workbook, sheet_name):
    sheet = workbook[sheet_name]
    missing = [cell.value for cell in sheet[1] if cell.comment is None or not cell.comment.text.strip()]
    assert missing == []


def test_template_role_comment_lists_values(workbook):
    sheet = workbook["Systems"]
    comment = sheet[f"{column_letter(sheet, 'Role')}1"].comment.text
    assert "source, target or proxy" in comment


def test_template_api_version_comment_names_default(workbook):
    sheet = workbook["Systems"]
    comment = sheet[f"{column_letter(sheet, 'ias.api.version')}1"].comment.text
    assert "Identity Authentication" in comment
    assert "version 1" in comment


@pytest.mark.parametrize("sheet_name", ["Tenants", "Systems"])
def test_template_header_row_frozen(workbook, sheet_name):
    assert workbook[sheet_name].freeze_panes == "A2"


@pytest.mark.parametrize("sheet_name", ["Tenants", "Systems"])
def test_template_column_widths(workbook, sheet_name):
    sheet = workbook[sheet_name]
    for cell in sheet[1]:
        width = sheet.column_dimensions[cell.column_letter].width
        assert 12 <= width <= 45, (cell.value, width)
        assert width >= min(len(cell.value), 43), (cell.value, width)


# Drop-down lists


@pytest.mark.parametrize(
    ("sheet_name", "header", "values"),
    [
        ("Tenants", "Infrastructure", ["Neo", "SAP Cloud Identity"]),
        ("Tenants", "Tenant Model", ["bundle", "standalone"]),
        ("Tenants", "Type", ["productive", "test"]),
        ("Tenants", "Service", ["IPS", "IAS"]),
        ("Systems", "Role", ["source", "target", "proxy"]),
        ("Systems", "Proxy Type", ["OnPremise", "Internet"]),
        ("Systems", "Managed By", ["SAP", "customer"]),
        *[("Systems", header, ["yes", "no"]) for header in BOOLEAN_SYSTEM_HEADERS],
    ],
)
def test_template_fixed_lists(workbook, sheet_name, header, values):
    validation = validation_for(workbook[sheet_name], header)
    assert validation.type == "list"
    assert validation.errorStyle == "stop"
    assert list_values(workbook, validation) == values


@pytest.mark.parametrize("sheet_name", ["Tenants", "Systems"])
def test_template_validation_ranges(workbook, sheet_name):
    sheet = workbook[sheet_name]
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            min_col, min_row, max_col, max_row = range_boundaries(str(cell_range))
            assert min_col == max_col, str(cell_range)
            assert min_row == 2, str(cell_range)
            assert max_row == EXCEL_MAX_ROW, str(cell_range)


def test_template_validations_read_lists_sheet(workbook):
    for sheet_name in ("Tenants", "Systems"):
        for validation in workbook[sheet_name].data_validations.dataValidation:
            assert validation.formula1.startswith("'Lists'!$"), validation.formula1


def test_template_role_validation_range(workbook):
    validation = validation_for(workbook["Systems"], "Role")
    assert [str(cell_range) for cell_range in validation.sqref.ranges] == [f"D2:D{EXCEL_MAX_ROW}"]


def test_template_connector_list_is_catalog(workbook, catalog):
    validation = validation_for(workbook["Systems"], "Connector Type")
    values = list_values(workbook, validation)
    assert sorted(values) == sorted(connector.name for connector in catalog.connectors.values())
    # The reason for the Lists sheet: Excel rejects inline lists longer than 255 characters.
    assert len(",".join(values)) > 255
    assert validation.errorStyle == "warning"


def test_template_bundle_list_matches_catalog(workbook, catalog):
    validation = validation_for(workbook["Tenants"], "Bundles")
    values = list_values(workbook, validation)
    expected = {bundle_id for bundle_id, bundle in catalog.bundles.items() if bundle.ips_included}
    assert len(values) == len(expected)
    assert validation.errorStyle == "warning"
    matched = set()
    for value in values:
        parts = split_list(value)
        assert parts == (value,), f"the Bundles cell would split {value!r} into {parts}"
        bundle_id = catalog.match_bundle(value)
        assert bundle_id is not None, value
        matched.add(bundle_id)
    assert matched == expected


def test_template_columns_without_list(workbook):
    sheet = workbook["Systems"]
    letters = {column_letter(sheet, header) for header in ("Tenant", "System Name", "Entity Count", "ias.api.version")}
    for validation in sheet.data_validations.dataValidation:
        for cell_range in validation.sqref.ranges:
            assert str(cell_range).split("2:")[0] not in letters, str(cell_range)


# Example rows


def test_template_tenant_example_row(workbook, catalog):
    sheet = workbook["Tenants"]
    assert sheet.max_row == 2
    assert example_value(sheet, "Tenant ID") == EXAMPLE_TENANT_ID
    assert example_value(sheet, "Host") == f"ips-{EXAMPLE_TENANT_ID}.dispatcher.eu2.hana.ondemand.com"
    assert example_value(sheet, "Infrastructure") == "Neo"
    assert example_value(sheet, "Tenant Model") == "bundle"
    assert example_value(sheet, "Bundles") == catalog.bundles["sap-successfactors"].name
    assert example_value(sheet, "Created") == dt.datetime(2019, 4, 15)
    assert sheet[f"{column_letter(sheet, 'Created')}2"].number_format == "yyyy-mm-dd"


def test_template_system_example_row(workbook, catalog):
    sheet = workbook["Systems"]
    assert sheet.max_row == 2
    assert example_value(sheet, "Tenant") == EXAMPLE_TENANT_ID
    assert example_value(sheet, "System Name") == "SuccessFactors Employee Central"
    assert example_value(sheet, "Connector Type") == catalog.connectors["sap-successfactors"].name
    assert example_value(sheet, "Role") == "source"
    assert example_value(sheet, "Entity Count") == 1250
    assert example_value(sheet, "ias.api.version") is None


def test_template_lists_sheet_not_a_table(template_path):
    inventory = read_inventory([template_path])
    tables = inventory.files[0].tables
    assert len(tables) == 2
    assert not any("Lists" in table for table in tables)


# The ingest reads the template with only its example rows


def test_template_read_inventory(template_path):
    inventory = read_inventory([template_path])
    assert len(inventory.tenants) == 1
    assert len(inventory.systems) == 1
    assert inventory.issues == ()


def test_template_read_tenant(template_path):
    tenant = read_inventory([template_path]).tenants[0]
    assert tenant.key == EXAMPLE_TENANT_ID
    assert tenant.infrastructure is Infrastructure.NEO
    assert tenant.infrastructure_derived is False
    assert tenant.tenant_model is TenantModel.BUNDLE
    assert tenant.bundles == ("SAP SuccessFactors",)
    assert tenant.created == dt.date(2019, 4, 15)
    assert tenant.wanted_connectors == ("SAP SuccessFactors", "Identity Authentication")


def test_template_read_system(template_path):
    system = read_inventory([template_path]).systems[0]
    assert system.tenant_key == EXAMPLE_TENANT_ID
    assert system.role is Role.SOURCE
    assert system.enabled is True
    assert system.planned is False
    assert system.transformations_modified is True
    assert system.last_run == dt.date(2024, 3, 28)
    assert system.entity_count == 1250
    assert system.managed_by_sap is False
    assert dict(system.properties) == {"ias.api.version": None, "concur.api.version": None, "c4c.api.version": None}


# The command line


def test_template_command_default_name(tmp_path):
    result = ips_assess("template", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / DEFAULT_NAME).is_file()
    assert DEFAULT_NAME in result.stdout


def test_template_command_validate_exits_0(tmp_path):
    path = tmp_path / "input.xlsx"
    assert ips_assess("template", "--out", str(path)).returncode == 0
    result = ips_assess("validate", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 tenants and 1 systems can be assessed." in result.stdout
    assert "warning" not in result.stdout


def test_template_command_run_writes_reports(tmp_path):
    path = tmp_path / "input.xlsx"
    out = tmp_path / "reports"
    assert ips_assess("template", "--out", str(path)).returncode == 0
    result = ips_assess("run", str(path), "--out", str(out), "--as-of", "2026-12-04")
    assert result.returncode == 0, result.stderr
    names = sorted(child.name for child in out.iterdir())
    assert len(names) == 3
    assert "assessment.json" in names
    assert any(name.endswith(".xlsx") for name in names)
    assert any(name.endswith(".pdf") for name in names)


def test_template_command_rejects_existing_file(tmp_path):
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"customer data")
    result = ips_assess("template", "--out", str(path))
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "already exists" in result.stderr
    assert "--force" in result.stderr
    assert path.read_bytes() == b"customer data"


def test_template_command_force_overwrites(tmp_path):
    path = tmp_path / "input.xlsx"
    path.write_bytes(b"customer data")
    result = ips_assess("template", "--out", str(path), "--force")
    assert result.returncode == 0, result.stderr
    assert openpyxl.load_workbook(path).sheetnames == ["Tenants", "Systems", "Lists"]
    assert [child.name for child in tmp_path.iterdir()] == ["input.xlsx"]


@pytest.mark.parametrize(
    ("target", "expected"),
    [("folder", "is a folder"), ("input.csv", "must end in .xlsx"), ("missing/input.xlsx", "was not found")],
)
def test_template_command_rejects_bad_out(tmp_path, target, expected):
    (tmp_path / "folder").mkdir()
    result = ips_assess("template", "--out", str(tmp_path / target))
    assert result.returncode == 2
    assert expected in result.stderr
    assert sorted(child.name for child in tmp_path.iterdir()) == ["folder"]


def test_template_write_rejects_existing_file(tmp_path, catalog):
    from assess.errors import UsageError

    path = tmp_path / DEFAULT_NAME
    path.write_bytes(b"")
    with pytest.raises(UsageError, match="already exists"):
        write_template(path, catalog=catalog)
