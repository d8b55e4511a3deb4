"""Workbook written by openpyxl and read back cell by cell."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils.escape import unescape

from assess.messages import catalogue
from assess.render import ExcelRenderer, RenderOptions, build_view
from assess.render.excel import SYSTEM_COLUMNS, TENANT_COLUMNS, finding_columns
from assess.render.excel_cells import MAX_CELL_CHARS, clean_text, put, sheet_title
from render_fixtures import CUSTOMER, ENTRA_TARGET_URL, FORMULA_TEXT, catalog, landscape

SHEETS = [
    "Summary",
    "Tenants",
    "Systems",
    "Findings",
    "Closed findings",
    "Effort",
    "Accepted risks",
    "Connector diff",
    "Connector catalog",
    "Input issues",
    "About",
]


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    path = tmp_path_factory.mktemp("excel") / "report.xlsx"
    report = build_view(landscape(), RenderOptions(catalog=catalog()))
    ExcelRenderer(catalogue("en")).render(report, path)
    return load_workbook(path)


def _rows(sheet, header_row=1):
    header = [cell.value for cell in sheet[header_row]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=header_row + 1)]


def _values(rows):
    return [{key: cell.value for key, cell in row.items()} for row in rows]


def test_sheet_names(workbook):
    assert workbook.sheetnames == SHEETS


def test_detail_headers_are_stable_keys(workbook):
    assert [cell.value for cell in workbook["Tenants"][1]] == [column.key for column in TENANT_COLUMNS]
    assert [cell.value for cell in workbook["Systems"][1]] == [column.key for column in SYSTEM_COLUMNS]
    assert [cell.value for cell in workbook["Findings"][1]] == [column.key for column in finding_columns(catalogue("en"), {})]


def test_detail_sheets_are_tables_with_frozen_header(workbook):
    for title, table_name in [("Tenants", "Tenants"), ("Findings", "Findings"), ("Input issues", "InputIssues")]:
        sheet = workbook[title]
        assert table_name in sheet.tables
        assert sheet.freeze_panes == "A2"


def test_catalog_table_below_provenance(workbook):
    sheet = workbook["Connector catalog"]
    assert sheet["A1"].value.startswith("Connector catalog version 2026.12.04")
    assert sheet.tables["ConnectorCatalog"].ref.startswith("A3:")
    assert sheet.freeze_panes == "A4"


def test_finding_row(workbook):
    rows = _values(_rows(workbook["Findings"]))
    entra = next(row for row in rows if row["finding_id"] == "F-0001")
    assert entra["severity"] == "high"
    assert entra["code"] == "AVL-IAG-ONLY"
    assert entra["tenant"] == "HR production (SuccessFactors bundle)"
    assert entra["system"] == "Entra ID (Azure AD) sync"
    assert entra["title"] == "Microsoft Entra ID as target system is not available after migration"
    assert entra["blocks"] is True
    assert entra["evidence"] == "systems.xlsx, sheet Systems, row 4"


def test_finding_hyperlink_is_catalog_url(workbook):
    sheet = workbook["Findings"]
    header = [cell.value for cell in sheet[1]]
    column = header.index("source_url") + 1
    cell = next(sheet.cell(row=row, column=column) for row in range(2, sheet.max_row + 1) if sheet.cell(row=row, column=1).value == "F-0001")
    assert cell.hyperlink.target == ENTRA_TARGET_URL
    assert cell.value == ENTRA_TARGET_URL


def test_hyperlinks_only_to_catalog_urls(workbook):
    allowed = {ENTRA_TARGET_URL}
    info = catalog()
    allowed |= {url for _, url in info.info.sources}
    allowed |= {a.url for c in info.connectors.values() for a in c.roles.values()}
    allowed |= {f.source for f in info.facts.values()}
    targets = [cell.hyperlink.target for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.hyperlink]
    assert targets
    assert set(targets) <= allowed


def test_formula_text_stays_string(workbook):
    rows = _rows(workbook["Systems"])
    cell = next(row["system"] for row in rows if row["system"].value == FORMULA_TEXT)
    assert cell.data_type == "s"
    assert cell.value == FORMULA_TEXT
    assert cell.quotePrefix is True


def test_formula_text_in_issue_value(workbook):
    rows = _rows(workbook["Input issues"])
    cell = next(row["value"] for row in rows if row["value"].value)
    assert cell.data_type == "s"
    assert cell.value == FORMULA_TEXT


def test_no_formula_cells_anywhere(workbook):
    formulas = [cell.coordinate for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


def test_tenant_row_values(workbook):
    rows = _values(_rows(workbook["Tenants"]))
    hr = rows[0]
    assert hr["tenant_key"] == "hr"
    assert hr["readiness"] == "blocked"
    assert hr["route"] == "wizard"
    assert hr["created"] == dt.datetime(2019, 5, 14)
    assert hr["findings_high"] == 2
    assert hr["source_row"] == 2


def test_severity_colours_are_conditional(workbook):
    sheet = workbook["Findings"]
    ranges = [str(rule_range.sqref) for rule_range in sheet.conditional_formatting]
    assert "B2:B8" in ranges


def test_summary_sheet_numbers(workbook):
    sheet = workbook["Summary"]
    assert sheet["A1"].value == f"IPS readiness assessment: {CUSTOMER}"
    labels = {sheet.cell(row=row, column=1).value: sheet.cell(row=row, column=2).value for row in range(1, sheet.max_row + 1)}
    assert labels["IPS tenants assessed"] == 4
    assert labels["Tenants on SAP BTP Neo"] == 3
    assert labels["Overall readiness"] == "Blocked"


def test_about_sheet_lists_files_and_hashes(workbook):
    sheet = workbook["About"]
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "tenants.xlsx" in values
    assert "9f2c" * 16 in values
    assert "2026.12.04" in values


def test_empty_table_keeps_one_row(tmp_path):
    report = build_view(landscape(), RenderOptions())
    path = tmp_path / "no-catalog.xlsx"
    ExcelRenderer(catalogue("en")).render(report, path)
    sheet = load_workbook(path)["Connector catalog"]
    assert sheet.tables["ConnectorCatalog"].ref == "A3:K4"
    assert sheet["A2"].value.startswith("The connector catalog was not passed")


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", '=HYPERLINK("http://x")'])
def test_put_formula_prefixes(tmp_path, text):
    workbook = Workbook()
    put(workbook.active["A1"], text, "[cut]")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    cell = load_workbook(path).active["A1"]
    assert cell.data_type == "s"
    assert unescape(cell.value) == text


def test_put_replaces_illegal_characters(tmp_path):
    workbook = Workbook()
    put(workbook.active["A1"], "a\x00b\x1fc\ud800d\ufffe", "[cut]")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    assert load_workbook(path).active["A1"].value == "a\ufffdb\ufffdc\ufffdd\ufffd"


def test_put_escapes_literal_ooxml_escape(tmp_path):
    workbook = Workbook()
    put(workbook.active["A1"], "id_x0041_\r\nnext", "[cut]")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    assert unescape(load_workbook(path).active["A1"].value) == "id_x0041_\r\nnext"


def test_put_keeps_newlines_and_tabs_inside():
    assert clean_text("line 1\nline\t2", "[cut]") == "line 1\nline\t2"


def test_put_truncates_long_text(tmp_path):
    workbook = Workbook()
    put(workbook.active["A1"], "x" * 40_000, "[truncated: {count} characters removed]")
    path = tmp_path / "cells.xlsx"
    workbook.save(path)
    value = load_workbook(path).active["A1"].value
    assert len(value) <= MAX_CELL_CHARS
    assert value.endswith("characters removed]")
    removed = int(value.rsplit("truncated: ", 1)[1].split(" ")[0])
    assert value.count("x") + removed == 40_000


def test_put_stores_aware_datetime_as_utc():
    workbook = Workbook()
    cell = workbook.active["A1"]
    put(cell, dt.datetime(2027, 3, 1, 10, 30, tzinfo=dt.timezone(dt.timedelta(hours=1))), "[cut]")
    assert cell.value == dt.datetime(2027, 3, 1, 9, 30)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Summary", "Summary"),
        ("a/b\\c?d*e:f[g]h", "a_b_c_d_e_f_g_h"),
        ("'quoted'", "quoted"),
        ("", "Sheet"),
        ("History", "History_"),
        ("x" * 40, "x" * 31),
    ],
)
def test_sheet_title_rules(name, expected):
    assert sheet_title(name, set()) == expected


def test_sheet_title_unique_ignoring_case():
    used: set[str] = set()
    assert sheet_title("Findings", used) == "Findings"
    assert sheet_title("FINDINGS", used) == "FINDINGS (2)"
    assert sheet_title("y" * 31, used) == "y" * 31
    assert sheet_title("y" * 31, used) == "y" * 27 + " (2)"
