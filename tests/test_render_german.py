"""The sample landscape reported in German: PDF text, workbook cells and stable column keys."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from assess.render.formatting import format_date, format_number

AS_OF = "2026-12-04"


def ips_assess(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "assess", *args], capture_output=True, text=True, timeout=300)


def sample_run(out: Path, language: str) -> dict[str, Path]:
    result = ips_assess("run", "--language", language, "--as-of", AS_OF, "--out", str(out))
    assert result.returncode == 0, result.stderr
    return {path.suffix: path for path in out.iterdir()}


@pytest.fixture(scope="module")
def german(tmp_path_factory):
    return sample_run(tmp_path_factory.mktemp("de"), "de")


@pytest.fixture(scope="module")
def english(tmp_path_factory):
    return sample_run(tmp_path_factory.mktemp("en"), "en")


@pytest.fixture(scope="module")
def pdf_text(german):
    """Return the PDF's text with line breaks as spaces, so sentences match across lines."""
    text = " ".join(page.extract_text() for page in PdfReader(german[".pdf"]).pages)
    return " ".join(text.split())


def table_headers(path: Path) -> dict[str, list[str]]:
    """Return the header row of every Excel table in the workbook, by table name."""
    workbook = load_workbook(path)
    headers = {}
    for sheet in workbook.worksheets:
        for name, reference in sheet.tables.items():
            first_row = sheet[reference.split(":")[0]].row
            headers[name] = [cell.value for cell in sheet[first_row] if cell.value is not None]
    return headers


def rows_as_dicts(sheet) -> list[dict]:
    rows = sheet.iter_rows(values_only=True)
    headers = next(rows)
    return [dict(zip(headers, row)) for row in rows if any(value is not None for value in row)]


def sheet_with_table(path: Path, table_name: str):
    workbook = load_workbook(path)
    return next(sheet for sheet in workbook.worksheets if table_name in sheet.tables)


def test_german_date_format():
    assert format_date(dt.date(2026, 12, 4), "de") == "4. Dezember 2026"


def test_german_number_format():
    assert format_number(1234, "de") == "1.234"


def test_pdf_german_headings(pdf_text):
    assert "Zusammenfassung für das Management" in pdf_text
    assert "Befunde und Maßnahmen" in pdf_text
    assert "Checkliste vor der Migration" in pdf_text


def test_pdf_german_assessment_date(pdf_text):
    assert "4. Dezember 2026" in pdf_text


def test_pdf_german_page_footer(pdf_text):
    assert "Seite 2 von" in pdf_text


def test_pdf_german_finding_with_role(pdf_text):
    assert "Microsoft Active Directory als Zielsystem ist nach der Migration nicht verfügbar" in pdf_text


def test_pdf_german_finding_date_param(pdf_text):
    assert "API am 30. November 2026 abgeschaltet" in pdf_text


def test_pdf_has_no_english_heading(pdf_text):
    assert "Executive summary" not in pdf_text


def test_workbook_detail_headers_match(german, english):
    assert table_headers(german[".xlsx"]) == table_headers(english[".xlsx"])


def test_workbook_detail_headers_found(german):
    assert set(table_headers(german[".xlsx"])) >= {"Tenants", "Systems", "Findings", "ConnectorDiff", "InputIssues"}


def test_workbook_summary_in_german(german):
    summary = load_workbook(german[".xlsx"]).worksheets[0]
    assert summary["A1"].value == "IPS-Migrationsbewertung: Example Landscape AG"
    assert summary["A2"].value == "Bewertungsstichtag: 4. Dezember 2026"


def test_workbook_sheet_titles_in_german(german):
    assert load_workbook(german[".xlsx"]).sheetnames[:4] == ["Zusammenfassung", "Mandanten", "Systeme", "Befunde"]


def test_workbook_enum_cells_stable(german):
    tenants = {row["tenant_key"]: row for row in rows_as_dicts(sheet_with_table(german[".xlsx"], "Tenants"))}
    assert tenants["a7f3e21c9"]["readiness"] == "blocked"
    assert tenants["a7f3e21c9"]["route"] == "wizard"
    assert tenants["a7f3e21c9"]["infrastructure"] == "neo"


def test_workbook_finding_texts_in_german(german):
    findings = rows_as_dicts(sheet_with_table(german[".xlsx"], "Findings"))
    blocker = next(row for row in findings if row["finding_id"] == "AVL-IAG-ONLY|a7f3e21c9|AD Writeback|target")
    assert blocker["title"] == "Microsoft Active Directory als Zielsystem ist nach der Migration nicht verfügbar"
    assert blocker["severity"] == "high"
    assert blocker["role"] == "target"


def test_cli_rejects_unknown_language(tmp_path):
    result = ips_assess("run", "--language", "fr", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "--language 'fr' is not a report language; use one of en, de" in result.stderr
