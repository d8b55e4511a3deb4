"""Excel's limits (rows and hyperlinks per sheet), the Summary charts, and a LibreOffice round trip."""

from __future__ import annotations

import shutil
import subprocess
import zipfile

import pytest
from openpyxl import load_workbook

from assess.messages import catalogue
from assess.render import ExcelRenderer, RenderOptions, build_view
from assess.render.excel_cells import ExcelLimits
from render_fixtures import catalog, landscape

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def _render(path, limits=None):
    report = build_view(landscape(), RenderOptions(catalog=catalog()))
    ExcelRenderer(catalogue("en"), limits=limits).render(report, path)
    return path


def _ids(sheet):
    return [row[0] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] is not None]


@pytest.fixture(scope="module")
def split_workbook(tmp_path_factory):
    # Findings has 7 rows: with 4 rows per sheet they need three sheets of 3, 3 and 1 rows.
    path = tmp_path_factory.mktemp("split") / "split.xlsx"
    return load_workbook(_render(path, ExcelLimits(max_rows=4, max_hyperlinks=2)))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory):
    return load_workbook(_render(tmp_path_factory.mktemp("full") / "report.xlsx"))


def test_split_sheet_names(split_workbook):
    names = split_workbook.sheetnames
    assert names[names.index("Findings") : names.index("Findings") + 3] == ["Findings", "Findings (2)", "Findings (3)"]


def test_split_keeps_every_row(split_workbook, workbook):
    parts = ["Findings", "Findings (2)", "Findings (3)"]
    split_ids = [finding_id for title in parts for finding_id in _ids(split_workbook[title])]
    assert split_ids == _ids(workbook["Findings"])


def test_split_tables_respect_limit(split_workbook):
    last_rows = [int(table.ref.rpartition(":")[2].lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) for sheet in split_workbook.worksheets for table in sheet.tables.values()]
    assert max(last_rows) <= 4


def test_split_parts_are_tables(split_workbook):
    assert split_workbook["Findings (2)"].tables["Findings2"].ref == "A1:X4"
    assert split_workbook["Findings (3)"].tables["Findings3"].ref == "A1:X2"


def test_split_parts_have_header(split_workbook):
    assert split_workbook["Findings (3)"]["A1"].value == "finding_id"


def test_split_named_on_summary(split_workbook):
    texts = [cell.value for row in split_workbook["Summary"].iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("Findings, Findings (2), Findings (3)" in text for text in texts)


def test_split_catalog_below_provenance(split_workbook):
    sheet = split_workbook["Connector catalog"]
    assert sheet.tables["ConnectorCatalog"].ref == "A3:K4"


def test_hyperlinks_capped_per_sheet(split_workbook):
    sheet = split_workbook["Findings"]
    links = [cell for row in sheet.iter_rows() for cell in row if cell.hyperlink]
    assert len(links) == 2


def test_capped_link_stays_plain_url(split_workbook):
    sheet = split_workbook["Findings"]
    header = [cell.value for cell in sheet[1]]
    cell = sheet.cell(row=4, column=header.index("source_url") + 1)
    assert cell.hyperlink is None
    assert cell.value.startswith("https://")


def test_capped_links_noted_on_summary(split_workbook):
    texts = [cell.value for row in split_workbook["Summary"].iter_rows() for cell in row if isinstance(cell.value, str)]
    assert any("from row 4 on, its URLs are plain text" in text for text in texts)


def test_summary_has_three_charts(workbook):
    assert len(workbook["Summary"]._charts) == 3


def test_charts_in_package(tmp_path):
    with zipfile.ZipFile(_render(tmp_path / "report.xlsx")) as package:
        charts = [name for name in package.namelist() if name.startswith("xl/charts/chart")]
    assert len(charts) == 3


def test_connector_usage_counts(workbook):
    sheet = workbook["Summary"]
    rows = [row for row in sheet.iter_rows(values_only=True)]
    start = next(index for index, row in enumerate(rows) if row[0] == "Connector usage")
    counts = {row[0]: row[1] for row in rows[start + 1 : start + 7]}
    assert counts["Lost"] == 1
    assert counts["Gained"] >= 0


def test_detail_columns_have_widths(workbook):
    sheet = workbook["Findings"]
    assert sheet.column_dimensions["A"].width > 10
    assert sheet.column_dimensions["T"].width == 3


def test_as_of_document_property(workbook):
    values = {prop.name: prop.value for prop in workbook.custom_doc_props}
    assert values["ips_assess_as_of"] == "2027-03-01"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_without_repair(tmp_path):
    source = _render(tmp_path / "report.xlsx")
    out = tmp_path / "converted"
    profile = (tmp_path / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240)
    converted = load_workbook(out / "report.xlsx")
    assert result.returncode == 0
    assert converted["Findings"]["A1"].value == "finding_id"
    assert converted["Findings"].max_row == 8


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_keeps_split_rows(tmp_path):
    source = _render(tmp_path / "split.xlsx", ExcelLimits(max_rows=4, max_hyperlinks=2))
    out = tmp_path / "converted"
    profile = (tmp_path / "profile").as_uri()
    command = [SOFFICE, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(source)]
    subprocess.run(command, capture_output=True, text=True, timeout=240, check=True)
    converted = load_workbook(out / "split.xlsx")
    assert converted["Findings (3)"]["A2"].value == load_workbook(source)["Findings (3)"]["A2"].value
