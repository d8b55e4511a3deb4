"""The reports of the sample landscape: workbook cells, PDF text, pages and a rendered image."""

from __future__ import annotations

import datetime as dt

import pypdfium2
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assess.assessment import AssessOptions, assess
from assess.catalog import load_catalog
from assess.ingest import read_inventory
from assess.render import RenderOptions, write_reports
from assess.resources import sample_inputs_dir


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample")
    catalog = load_catalog()
    options = AssessOptions(as_of=dt.date(2026, 12, 4), customer="Example Landscape AG", generated_at=dt.datetime(2026, 12, 4, 9, 0))
    assessment = assess(read_inventory([sample_inputs_dir()]), catalog, options)
    paths = write_reports(assessment, RenderOptions(catalog=catalog), out)
    return {path.suffix: path for path in paths}


@pytest.fixture(scope="module")
def workbook(reports):
    return load_workbook(reports[".xlsx"])


@pytest.fixture(scope="module")
def pdf_text(reports):
    return "\n".join(page.extract_text() for page in PdfReader(reports[".pdf"]).pages)


def rows_as_dicts(sheet):
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, row)) for row in rows if any(value is not None for value in row)]


def test_workbook_sheets(workbook):
    expected = {"Summary", "Tenants", "Systems", "Findings", "Connector diff", "Connector catalog", "Input issues", "About"}
    assert expected <= set(workbook.sheetnames)


def test_findings_sheet_has_blocker_row(workbook):
    findings = rows_as_dicts(workbook["Findings"])
    blocker = next(row for row in findings if row["finding_id"] == "AVL-IAG-ONLY|a7f3e21c9|AD Writeback|target")
    assert blocker["severity"] == "high"
    assert blocker["tenant"] == "HR Provisioning"
    assert blocker["title"] == "Microsoft Active Directory as target system is not available after migration"


def test_systems_sheet_counts_every_system(workbook):
    systems = rows_as_dicts(workbook["Systems"])
    assert len(systems) == 24


def test_tenants_sheet_readiness(workbook):
    tenants = {row["tenant_key"]: row for row in rows_as_dicts(workbook["Tenants"])}
    assert tenants["a7f3e21c9"]["readiness"] == "blocked"
    assert tenants["e0c77b315"]["readiness"] == "ready"
    assert tenants["acme-hr.accounts.ondemand.com"]["readiness"] == "nothing_to_migrate"


def test_input_issue_row_for_orphan(workbook):
    issues = rows_as_dicts(workbook["Input issues"])
    assert any(row["value"] == "f1d2e3a4b" and row["row"] == 26 for row in issues)


def test_pdf_names_customer_and_blocker(pdf_text):
    assert "Example Landscape AG" in pdf_text
    assert "Microsoft Active Directory as target system is not available after migration" in pdf_text


def test_pdf_shows_catalog_provenance(pdf_text):
    assert "6da9f09" in pdf_text
    assert "December 31, 2028" in pdf_text


def test_pdf_page_count(reports):
    pages = len(PdfReader(reports[".pdf"]).pages)
    assert 10 <= pages <= 60


def test_summary_page_renders_as_image(reports, tmp_path):
    texts = [page.extract_text() for page in PdfReader(reports[".pdf"]).pages]
    summary = next(index for index, text in enumerate(texts) if "Recommended next steps" in text)
    document = pypdfium2.PdfDocument(str(reports[".pdf"]))
    image = document[summary].render(scale=1).to_pil()
    image.save(tmp_path / "summary.png")
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > grey.width * grey.height * 0.01
