"""Inputs that must be refused with a clear InputError, and the problems collected across files."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from assess.errors import InputError
from assess.ingest import ReadOptions, read_inventory

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"


def problems(*names: str, **options) -> list[str]:
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / name for name in names], ReadOptions(**options))
    return [issue.problem for issue in raised.value.issues if issue.is_error]


def test_a1_and_xfd1048576_rejected_before_reader():
    assert problems("a1_and_xfd1048576.xlsx") == [
        "the sheet spans 1,048,576 rows by 16,384 columns, more than the limit of 5,000,000 cells, "
        "so the sheet was not read"
    ]


def test_far_cell_found_despite_small_dimension():
    assert problems("far_cell_small_dimension.xlsx") == [
        "the sheet spans 1,048,576 rows by 16,384 columns, more than the limit of 5,000,000 cells, "
        "so the sheet was not read"
    ]


def test_far_cell_without_references_uses_exact_scan(tmp_path):
    # Cells without an r attribute take the next column; 20 of them in one row with a
    # limit of 10 cells must be caught by the element-by-element scan.
    sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row>' + "<c><v>1</v></c>" * 20 + "</row></sheetData></worksheet>")
    source = io.BytesIO()
    openpyxl.Workbook().save(source)
    path = tmp_path / "cells_without_references.xlsx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as patched:
        for item in original.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else original.read(item.filename)
            patched.writestr(item, data)
    with pytest.raises(InputError) as raised:
        read_inventory([path], ReadOptions(max_cells=10))
    assert raised.value.issues[0].problem == (
        "the sheet spans 1 row by 11 columns, more than the limit of 10 cells, so the sheet was not read"
    )


def test_unpacked_size_limit():
    (problem,) = problems("tenants_and_systems.xlsx", max_uncompressed_bytes=10_000)
    assert problem.startswith("the workbook would unpack to ")
    assert problem.endswith(" bytes, more than the limit of 10,000 bytes")


def test_csv_saved_as_xlsx():
    assert problems("csv_saved_as.xlsx") == ["the file is a text (CSV) file, not a .xlsx workbook"]


def test_html_saved_as_xlsx():
    assert problems("html_saved_as.xlsx") == ["the file is an HTML page, not a .xlsx workbook"]


def test_empty_file():
    assert problems("empty.xlsx") == ["the file is empty"]


def test_truncated_zip():
    assert problems("truncated.xlsx") == [
        "the file is damaged or truncated (not a complete zip archive, as .xlsx, .xlsm and .ods files are)"
    ]


def test_workbook_saved_as_csv():
    assert problems("workbook_saved_as.csv") == ["the file is an Excel workbook, not CSV text"]


def test_password_protected_without_password():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "password_protected.xlsx"])
    (issue,) = raised.value.issues
    assert issue.problem == "the workbook is password-protected (encrypted)"
    assert issue.suggestion == "Run again with --password, or save an unprotected copy"


def test_password_wrong():
    assert problems("password_protected.xlsx", password="wrong") == ["the password does not open the workbook"]


def test_no_tables_lists_sheets_and_headers():
    assert problems("no_tables.xlsx") == [
        "no sheet looks like a tenant or system table: sheet 'Cover' (first row with text: 'ACME landscape'); "
        "sheet 'Contacts' (first row with text: 'Person', 'E-mail')"
    ]


def test_missing_role_column_names_closest():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "tenants.csv", FIXTURES / "missing_role_column.csv"])
    (error,) = [issue for issue in raised.value.issues if issue.is_error]
    assert error.problem.startswith("the systems table has no Role column (expected a header such as Role,")
    assert error.suggestion == "Add a Role column; the closest headers found are: 'System Name'"
    assert error.source.row == 1


def test_unknown_and_blank_role_are_errors():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "tenants.csv", FIXTURES / "unknown_role.csv"])
    first, second = raised.value.issues
    assert (first.source.row, first.source.column, first.value) == (2, "Role", "sauce")
    assert first.problem == "the Role value is not a known system role, so the row is skipped"
    assert (second.source.row, second.problem) == (3, "the role is blank")


def test_no_tenant_table():
    assert problems("semicolon_bom.csv") == ["no tenant table was found in the inputs"]


def test_no_system_table():
    assert problems("tenants.csv") == ["no system table and no IPS system export was found in the inputs"]


def test_missing_file_and_unsupported_type(tmp_path):
    text_file = tmp_path / "notes.txt"
    text_file.write_text("x")
    with pytest.raises(InputError) as raised:
        read_inventory([tmp_path / "absent.xlsx", text_file])
    assert [issue.problem for issue in raised.value.issues] == [
        "the file was not found",
        "the file type '.txt' is not supported",
    ]


def test_problems_collected_across_files():
    found = problems("empty.xlsx", "truncated.xlsx", "csv_saved_as.xlsx", "tenants.csv", "unknown_role.csv")
    assert found == [
        "the file is empty",
        "the file is damaged or truncated (not a complete zip archive, as .xlsx, .xlsm and .ods files are)",
        "the file is a text (CSV) file, not a .xlsx workbook",
        "the Role value is not a known system role, so the row is skipped",
        "the role is blank",
    ]


def test_error_lines_name_file_and_cell():
    with pytest.raises(InputError) as raised:
        read_inventory([FIXTURES / "tenants.csv", FIXTURES / "unknown_role.csv"])
    line = raised.value.lines()[0]
    assert line == (
        f"{FIXTURES / 'unknown_role.csv'}, row 2, column 'Role': value 'sauce': the Role value is not a known "
        "system role, so the row is skipped. Write source, target or proxy (German: Quelle, Ziel, Proxy)"
    )
