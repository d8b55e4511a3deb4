"""PDF rendered by WeasyPrint: extracted text, page count, requested URLs and warnings."""

from __future__ import annotations

from pathlib import Path

import datetime as dt
import json
import re

import pytest
from markupsafe import Markup
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.urls import FatalURLFetchingError

from assess.core import RunRequest, run
from assess.errors import OutputError
from assess.messages import catalogue
import assess.render as render_package
from assess.render import PdfRenderer, RenderOptions, build_view, write_reports
from assess.render.pdf import MAX_TEXT_CHARS, MAX_WORD_CHARS, RejectedResource, TemplateFetcher, bounded_text, render_html, write_pdf
from assess.resources import templates_dir
from render_fixtures import CUSTOMER, MARKUP, catalog, hostile_landscape, landscape, large_landscape

STYLESHEET_URL = (templates_dir() / "report.css").resolve().as_uri()
SUMMARY_PAGE = 2
"""Index of the executive summary: after the cover and the contents page."""
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def _render(tmp_path: Path, assessment, options: RenderOptions | None = None):
    options = options or RenderOptions(catalog=catalog())
    path = tmp_path / "report.pdf"
    renderer = PdfRenderer(options.catalogue())
    renderer.render(build_view(assessment, options), path)
    return path, renderer.last_result


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    return _render(tmp_path_factory.mktemp("pdf"), landscape())


def test_pdf_contains_customer_and_finding(rendered):
    text = _text(rendered[0])
    assert CUSTOMER in text
    assert "Microsoft Entra ID as target system is not available after migration" in text
    assert "Decide before migration how this provisioning flow continues" in text


def test_pdf_page_count(rendered):
    assert len(PdfReader(rendered[0]).pages) > 3


def test_pdf_footer_page_x_of_y(rendered):
    reader = PdfReader(rendered[0])
    total = len(reader.pages)
    assert f"Page 2 of {total}" in reader.pages[1].extract_text()
    assert "Page 1 of" not in reader.pages[0].extract_text()


def test_pdf_sections_present(rendered):
    text = _text(rendered[0])
    for heading in ["Executive summary", "Readiness per tenant", "Connectors used on Neo and after the migration", "Pre-flight checklist", "Appendix", "Readiness rule", "Input issues", "Input files"]:
        assert heading in text


def test_pdf_deadline_in_summary(rendered):
    summary_page = " ".join(PdfReader(rendered[0]).pages[SUMMARY_PAGE].extract_text().split())
    assert "December 31, 2028" in summary_page
    assert "671 days after the assessment date" in summary_page
    assert "671 days left" in summary_page


def test_summary_fits_one_page(rendered):
    reader = PdfReader(rendered[0])
    assert reader.pages[SUMMARY_PAGE].extract_text().startswith("Executive summary")
    assert reader.pages[SUMMARY_PAGE + 1].extract_text().startswith("Readiness per tenant")


def test_toc_page_numbers(rendered):
    reader = PdfReader(rendered[0])
    toc = reader.pages[1].extract_text()
    appendix_page = next(number for number, page in enumerate(reader.pages, start=1) if page.extract_text().startswith("Appendix"))
    assert toc.startswith("Contents")
    assert re.search(r"Executive summary\s*\.+\s*3\b", toc)
    assert re.search(rf"\nAppendix\s*\.+\s*{appendix_page}\b", toc)


def test_toc_lists_detailed_tenants(rendered):
    toc = PdfReader(rendered[0]).pages[1].extract_text()
    assert "HR production (SuccessFactors bundle)" in toc
    assert "Fieldglass" not in toc


def test_footer_confidential_line(rendered):
    page = PdfReader(rendered[0]).pages[SUMMARY_PAGE].extract_text()
    assert f"Confidential · prepared for {CUSTOMER}" in page


def test_charts_are_inline_svg():
    html = render_html(build_view(landscape(), RenderOptions(catalog=catalog())), catalogue("en"))
    assert html.count("<svg") == 4
    assert "<img" not in html


def test_pdf_has_no_raster_image(rendered):
    for page in PdfReader(rendered[0]).pages:
        assert list(page.images) == []


def test_pdf_is_pdfa_3b(rendered):
    description = PdfReader(rendered[0]).xmp_metadata.rdf_root.getElementsByTagNameNS(RDF, "Description")[0]
    assert description.getAttributeNS(PDFAID, "part") == "3"
    assert description.getAttributeNS(PDFAID, "conformance") == "B"


def test_pdf_metadata_without_customer(rendered):
    metadata = PdfReader(rendered[0]).metadata
    assert metadata.title == "Readiness assessment for the move off SAP BTP Neo"
    assert metadata.author == "ips-assess"
    assert metadata.subject.startswith("Readiness of SAP Identity Provisioning tenants")
    assert CUSTOMER not in str(dict(metadata))


def test_hostile_customer_not_in_metadata(tmp_path):
    path, _ = _render(tmp_path, hostile_landscape())
    reader = PdfReader(path)
    assert "<script>" not in str(dict(reader.metadata))
    assert b"<script>" not in reader.xmp_metadata.stream.get_data()


def test_write_reports_embeds_assessment_json(tmp_path):
    paths = write_reports(landscape(), RenderOptions(catalog=catalog()), tmp_path)
    pdf = next(path for path in paths if path.suffix == ".pdf")
    attachments = PdfReader(pdf).attachments
    assert list(attachments) == ["assessment.json"]
    assert attachments["assessment.json"][0] == (tmp_path / "assessment.json").read_bytes()
    assert json.loads(attachments["assessment.json"][0])["customer"] == CUSTOMER


def test_write_reports_skips_large_json(tmp_path, monkeypatch):
    # The limit is lowered so that the small test landscape's assessment.json exceeds it.
    monkeypatch.setattr(render_package, "MAX_ATTACHMENT_BYTES", 1000)
    paths = write_reports(landscape(), RenderOptions(catalog=catalog()), tmp_path)
    pdf = next(path for path in paths if path.suffix == ".pdf")
    assert PdfReader(pdf).attachments == {}


def test_pdf_logged_no_warning(rendered):
    assert rendered[1].warnings == []


def test_pdf_fetched_only_stylesheet(rendered):
    assert rendered[1].requested == [STYLESHEET_URL]
    assert rendered[1].rejected == []


def test_pdf_bounded_for_large_landscape(tmp_path):
    path, result = _render(tmp_path, large_landscape(40, 10))
    text = _text(path)
    assert "HR tenant 024" in text
    assert text.count("Findings and remediation") == 25
    assert "The chart shows the 15 tenants that need the most attention" in " ".join(text.split())
    assert result.warnings == []


def test_markup_in_inputs_stays_text(tmp_path):
    path, result = _render(tmp_path, hostile_landscape())
    text = _text(path).replace("\n", " ")
    assert "<script>alert(1)</script>" in text
    assert '<img src="file:///etc/passwd">' in text
    assert "url(http://127.0.0.1:9/x)" in text
    assert result.requested == [STYLESHEET_URL]
    assert result.rejected == []
    assert result.warnings == []


def test_markup_escaped_in_html():
    messages = catalogue("en")
    html = render_html(build_view(hostile_landscape(), RenderOptions(catalog=catalog())), messages)
    assert MARKUP not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;" in html
    assert '<img src="file:' not in html


def test_markup_source_never_a_link():
    messages = catalogue("en")
    html = render_html(build_view(hostile_landscape(), RenderOptions(catalog=catalog())), messages)
    assert 'href="http://127.0.0.1' not in html


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "https://example.com/logo.png",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "ftp://127.0.0.1/x",
    ],
)
def test_fetcher_rejects_other_urls(url):
    fetcher = TemplateFetcher(templates_dir())
    with pytest.raises(RejectedResource):
        fetcher.fetch(url)
    assert fetcher.rejected == [url]


def test_fetcher_rejects_parent_traversal():
    fetcher = TemplateFetcher(templates_dir())
    with pytest.raises(RejectedResource):
        fetcher.fetch(templates_dir().as_uri() + "/../pyproject.toml")


def test_fetcher_rejects_symlink_out_of_folder(tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    (folder / "link.css").symlink_to(secret)
    fetcher = TemplateFetcher(folder)
    with pytest.raises(RejectedResource):
        fetcher.fetch((folder / "link.css").as_uri())


def test_fetcher_serves_stylesheet():
    fetcher = TemplateFetcher(templates_dir())
    response = fetcher.fetch(STYLESHEET_URL)
    assert response.content_type == "text/css"
    assert b"@page" in response.read()


def test_fetcher_serves_explicit_logo(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>')
    fetcher = TemplateFetcher(templates_dir(), logo)
    assert fetcher.fetch(logo.as_uri()).read().startswith(b"<svg")
    with pytest.raises(RejectedResource):
        fetcher.fetch((tmp_path / "other.svg").as_uri())


def test_fetcher_stops_weasyprint_on_rejected_url(tmp_path):
    fetcher = TemplateFetcher(templates_dir())
    html = HTML(string='<img src="http://127.0.0.1:9/x">', base_url=templates_dir().as_uri() + "/", url_fetcher=fetcher)
    with pytest.raises(FatalURLFetchingError):
        html.write_pdf(str(tmp_path / "x.pdf"))
    assert fetcher.rejected == ["http://127.0.0.1:9/x"]


def test_logo_on_cover(tmp_path):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40" height="10"><rect width="40" height="10" fill="#fff"/></svg>')
    report = build_view(landscape(), RenderOptions(catalog=catalog()))
    result = write_pdf(report, catalogue("en"), tmp_path / "logo.pdf", logo)
    assert result.requested == [STYLESHEET_URL, logo.resolve().as_uri()]
    assert result.warnings == []


def test_output_error_names_resource(tmp_path):
    report = build_view(landscape(), RenderOptions(catalog=catalog()))
    missing_logo = tmp_path / "missing.png"
    with pytest.raises(OutputError, match="outside"):
        write_pdf(report, catalogue("en"), tmp_path / "x.pdf", missing_logo)


def test_bounded_text_shortens_long_word():
    assert bounded_text("a " + "x" * 1000) == "a " + "x" * MAX_WORD_CHARS + "\u2026"


def test_bounded_text_caps_length():
    assert len(bounded_text("word " * 5000)) == MAX_TEXT_CHARS + 1


def test_bounded_text_keeps_markup():
    markup = Markup("<b>" + "x" * 1000 + "</b>")
    assert bounded_text(markup) is markup


def test_long_system_name_shortened_in_pdf(tmp_path):
    # A word of 40,000 characters kept WeasyPrint busy for more than 300 s before the bound.
    name = "y" * 40_000
    (tmp_path / "tenants.csv").write_text("Tenant ID,Host,Infrastructure,Tenant Model\nt1,ips-t1.dispatcher.eu2.hana.ondemand.com,Neo,Standalone\n")
    (tmp_path / "systems.csv").write_text(f"Tenant,System Name,Connector Type,Role\nt1,{name},SCIM System,Target\n")
    result = run(RunRequest(inputs=(tmp_path,), out_dir=tmp_path / "out", as_of=dt.date(2026, 12, 4)))
    pdf = next(path for path in result.written if path.suffix == ".pdf")
    text = "".join(page.extract_text() for page in PdfReader(pdf).pages).replace("\n", "")
    assert "y" * MAX_WORD_CHARS + "\u2026" in text
