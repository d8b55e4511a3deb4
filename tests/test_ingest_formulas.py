"""Formula cells without a stored result, as openpyxl and other libraries write them.

python-calamine reads such a cell as blank, so each one must get its own input issue
that shows the formula, instead of an issue about a blank cell.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assess.errors import InputError
from assess.ingest import ReadOptions, read_inventory
from assess.ingest.xlsx_guard import scan_sheet

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
FORMULAS = FIXTURES / "formula_without_saved_value.xlsx"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
SUGGESTION = (
    "Open the file in Excel or LibreOffice and save it, so that it stores the formula results, then run again"
)


def issues_of(*paths: Path) -> list:
    with pytest.raises(InputError) as raised:
        read_inventory(list(paths), ReadOptions())
    return list(raised.value.issues)


def all_issues(path: Path) -> list:
    try:
        return list(read_inventory([path]).issues)
    except InputError as error:
        return list(error.issues)


def lines_at(path: Path, sheet: str, row: int) -> list[str]:
    return [issue.line() for issue in issues_of(path) if (issue.source.sheet, issue.source.row) == (sheet, row)]


def write_workbook(path: Path, tenants: list[list], systems: list[list]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.active.title = "Tenants"
    for row in tenants:
        workbook.active.append(row)
    sheet = workbook.create_sheet("Systems")
    for row in systems:
        sheet.append(row)
    workbook.save(path)
    return path


ONE_TENANT = [["Tenant ID", "Host"], ["a1b2c3", "ips-a1b2c3.dispatcher.eu2.hana.ondemand.com"]]
SYSTEM_HEADER = ["Tenant", "System Name", "Connector Type", "Role", "ias.api.version"]


def test_formula_system_name_is_error():
    assert lines_at(FORMULAS, "Systems", 3) == [
        f"{FORMULAS}, sheet 'Systems', row 3, column 'System Name': value '=B2&\" Test\"': the System Name cell "
        f"contains a formula whose result was never saved, so the row is skipped. {SUGGESTION}"
    ]


def test_formula_tenant_id_replaces_blank_key_error():
    assert lines_at(FORMULAS, "Tenants", 4) == [
        f"{FORMULAS}, sheet 'Tenants', row 4, column 'Tenant ID': value '=A2&\"x\"': the Tenant ID cell contains "
        f"a formula whose result was never saved, so the row is skipped. {SUGGESTION}"
    ]


def test_formula_long_display_name_shortened():
    assert lines_at(FORMULAS, "Tenants", 3) == [
        f"{FORMULAS}, sheet 'Tenants', row 3, column 'Display Name': value "
        "'=IF(ISBLANK(C2),\"\",CONCATENATE(C2,\" (test tenant of \",A2,...': the Display Name cell contains a "
        f"formula whose result was never saved, so the cell is ignored. {SUGGESTION}"
    ]


def test_formula_connector_and_api_version_warnings():
    assert lines_at(FORMULAS, "Systems", 4) == [
        f"{FORMULAS}, sheet 'Systems', row 4, column 'Connector Type': value '=C2': the Connector Type cell "
        f"contains a formula whose result was never saved, so the system cannot be matched to a connector. "
        f"{SUGGESTION}",
        f"{FORMULAS}, sheet 'Systems', row 4, column 'ias.api.version': value '=E2': the ias.api.version cell "
        f"contains a formula whose result was never saved, so the API version counts as unknown. {SUGGESTION}",
    ]


def test_formula_tenant_of_system_is_error():
    assert lines_at(FORMULAS, "Systems", 5) == [
        f"{FORMULAS}, sheet 'Systems', row 5, column 'Tenant': value '=A2': the Tenant cell contains a formula "
        f"whose result was never saved, so the row is skipped. {SUGGESTION}"
    ]


def test_formula_only_row_below_last_value():
    # python-calamine ends the sheet at row 5, the last row with a stored value.
    problems = [(issue.source.column, issue.problem.split(",")[-1]) for issue in issues_of(FORMULAS)
                if (issue.source.sheet, issue.source.row) == ("Systems", 6)]
    assert problems == [
        ("System Name", " so the row is skipped"),
        ("Role", " so the row is skipped"),
        ("Tenant", " so the cell is ignored"),
        ("Connector Type", " so the cell is ignored"),
    ]


def test_formula_issue_severity():
    severities = {(issue.source.sheet, issue.source.row, issue.source.column): issue.is_error
                  for issue in issues_of(FORMULAS)}
    assert severities == {
        ("Tenants", 3, "Display Name"): False,
        ("Tenants", 4, "Tenant ID"): True,
        ("Systems", 3, "System Name"): True,
        ("Systems", 4, "Connector Type"): False,
        ("Systems", 4, "ias.api.version"): False,
        ("Systems", 5, "Tenant"): True,
        ("Systems", 6, "Tenant"): False,
        ("Systems", 6, "System Name"): True,
        ("Systems", 6, "Connector Type"): False,
        ("Systems", 6, "Role"): True,
    }


def test_formula_xlsm_same_issues():
    macro = FIXTURES / "formula_without_saved_value.xlsm"
    lines = [issue.line().replace(str(macro), "WORKBOOK") for issue in issues_of(macro)]
    assert lines == [issue.line().replace(str(FORMULAS), "WORKBOOK") for issue in issues_of(FORMULAS)]


def test_formula_api_version_key_left_out(tmp_path):
    path = write_workbook(tmp_path / "api.xlsx", ONE_TENANT, [
        SYSTEM_HEADER,
        ["a1b2c3", "IAS", "Identity Authentication", "target", None],
        ["a1b2c3", "IAS Test", "Identity Authentication", "target", '=IF(A2="a1b2c3",2,1)'],
    ])
    properties = {system.name: system.properties for system in read_inventory([path]).systems}
    assert properties == {"IAS": {"ias.api.version": None}, "IAS Test": {}}


def test_formula_tenant_with_only_tenant_is_warning(tmp_path):
    path = write_workbook(tmp_path / "one.xlsx", ONE_TENANT, [
        SYSTEM_HEADER, ["=Tenants!A2", "SF", "SAP SuccessFactors", "source", None],
    ])
    inventory = read_inventory([path])
    assert [system.tenant_key for system in inventory.systems] == ["a1b2c3"]
    assert [issue.line() for issue in inventory.issues] == [
        f"{path}, sheet 'Systems', row 2, column 'Tenant': value '=Tenants!A2': the Tenant cell contains a formula "
        f"whose result was never saved, so the system is assigned to the only tenant, 'a1b2c3'. {SUGGESTION}"
    ]


def test_formula_in_header_row(tmp_path):
    path = write_workbook(tmp_path / "header.xlsx", ONE_TENANT, [
        ["Tenant", "System Name", "Connector Type", "Role", '="Enabled"'],
        ["a1b2c3", "SF", "SAP SuccessFactors", "source", "yes"],
    ])
    assert [issue.line() for issue in read_inventory([path]).issues] == [
        f"{path}, sheet 'Systems', row 1, column 'E': value '=\"Enabled\"': the header cell contains a formula "
        f"whose result was never saved, so its column is not read. {SUGGESTION}"
    ]


def test_formula_with_saved_value_not_reported(tmp_path):
    path = write_workbook(tmp_path / "saved.xlsx", ONE_TENANT, [
        SYSTEM_HEADER, ["a1b2c3", "=B3", "SAP SuccessFactors", "source", None],
    ])
    saved = tmp_path / "saved_by_excel.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(saved, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<c r="B2"><f>B3</f><v></v></c>',
                                    b'<c r="B2" t="str"><f>B3</f><v>SF</v></c>')
                assert b"<v>SF</v>" in data
            target.writestr(info.filename, data)
    assert read_inventory([saved]).issues == ()


# Formula cells in the forms that spreadsheet programs and libraries write. B1, C1, F1 and H1
# have a stored result. B2 has an empty text result, which LibreOffice stores as t="str" with
# an empty <v>.
SHEET_ROWS = (
    '<row r="1"><c r="A1"><f>A2&amp;"x"</f><v></v></c><c r="B1"><f>1+1</f><v>2</v></c>'
    '<c r="C1" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D1"><f t="shared" si="0"/><v/></c>'
    '<c r="E1">\n  <f>SUM(A1:A3)</f>\n</c><c r="F1" t="str"><f>A1</f><v>x</v></c>'
    '<c r="G1" t="str"><f>A1</f></c><c r="H1" t="inlineStr"><f>A1</f><is><t>x</t></is></c></row>'
    '<row r="2"><c r="A2" s="1"/><c r="B2" t="str"><f>""</f><v></v></c></row>'
)
EXPECTED_FORMULAS = {(1, 1): 'A2&"x"', (1, 4): "", (1, 5): "SUM(A1:A3)", (1, 7): "A1"}


def sheet_xml(prefix: str) -> bytes:
    """Return a worksheet part with SHEET_ROWS, its element names written with ``prefix`` ("x:" or "")."""
    rows = re.sub(r"<(/?)", rf"<\g<1>{prefix}", SHEET_ROWS)
    namespace = "xmlns:x" if prefix else "xmlns"
    return (
        f'<{prefix}worksheet {namespace}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<{prefix}sheetData>{rows}</{prefix}sheetData></{prefix}worksheet>"
    ).encode()


# Prefixed element names make the scan fall back from regular expressions to expat.
@pytest.mark.parametrize("prefix", ["", "x:"], ids=["regular expression pass", "expat pass"])
def test_scan_finds_formulas_without_value(prefix):
    scan = scan_sheet(lambda: io.BytesIO(sheet_xml(prefix)), 1000)
    assert scan.formulas_without_value == EXPECTED_FORMULAS


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_formula_saved_by_libreoffice_has_value(tmp_path):
    out = tmp_path / "saved"
    profile = (tmp_path / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir",
               str(out), str(FORMULAS)]
    subprocess.run(command, capture_output=True, text=True, timeout=240, check=True)
    saved = out / FORMULAS.name
    assert saved.is_file()
    problems = [issue.problem for issue in all_issues(saved)]
    assert [problem for problem in problems if "formula" in problem] == []
