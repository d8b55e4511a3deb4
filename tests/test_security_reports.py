"""Reports from hostile inputs: formula text, markup, control characters, long values, URLs.

One run of the command assesses a copy of the sample landscape. In the copy, every
free-text cell starts with a formula prefix and ends with HTML and CSS that would fetch
from a local HTTP server. A CSV of extra systems adds control characters, URLs as system
names and a value longer than Excel's cell limit. The tests read the workbook back with openpyxl and
the PDF with pypdf and pypdfium2.
"""

from __future__ import annotations

import csv
import http.server
import re
import threading
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pypdfium2
import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.render import pdf as pdf_module
from assess.render.excel_cells import MAX_CELL_CHARS
from assess.resources import sample_inputs_dir, templates_dir
from assess.render.pdf import MAX_WORD_CHARS

CATALOG_DATA = Path(__file__).resolve().parent.parent / "assess" / "catalog" / "data"

FORMULA_PREFIXES = ("=", "+", "-", "@", "")
"""Prepended to the free-text cells in turn; tab and CR are stripped by ingest, so the
workbook unit tests cover them."""

# Columns whose values must parse (roles, flags, codes), so they keep their sample values.
PARSED_COLUMNS = {
    "role", "enabled", "planned", "infrastructure", "tenant model", "bundle", "bundles", "service",
    "inbound certificate", "transformations modified", "real-time provisioning", "proxytype", "type",
    "default", "additional", "customer",
}

EVIL_URL = "https://evil.example"
LONG_URL = "https://" + "a" * 284 + ".example/x"
CONTROL_NAMES = ("Null\x00byte", "Escape\x1b[31mred", "Bidi\u202eoverride", "Bell\x07and\x7fdelete")
LONG_VALUE = "v" * (MAX_CELL_CHARS + 5_000)

MM = 72 / 25.4
SIDE_MARGIN_MM = 18
"""Left and right page margin of templates/report.css; running headers and footers sit above and below the text."""


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def markup(port: int) -> str:
    return (
        "<img src=file:///etc/passwd><script>alert(1)</script></td>"
        f"<link rel=stylesheet href=http://127.0.0.1:{port}/link.css>"
        f'<style>@import "http://127.0.0.1:{port}/import.css";</style>'
        f'<p style="background:url(http://127.0.0.1:{port}/bg.png)">'
    )


def hostile(text: str, port: int) -> str:
    """Return the text with a formula prefix chosen by its length and the markup appended.

    The same text always gets the same result, so tenant IDs still link systems to tenants.
    """
    prefix = FORMULA_PREFIXES[len(text) % len(FORMULA_PREFIXES)]
    return f"{prefix}{text} {markup(port)}"


def rewrite_workbook(source: Path, target: Path, port: int) -> None:
    workbook = openpyxl.load_workbook(source)
    for sheet in workbook.worksheets:
        header: dict[int, str] | None = None
        for row in sheet.iter_rows():
            texts = [cell for cell in row if isinstance(cell.value, str)]
            if header is None:
                if len(texts) >= 3:
                    header = {cell.column: cell.value.lower() for cell in texts}
                continue
            for cell in texts:
                if header.get(cell.column) not in PARSED_COLUMNS:
                    cell.value = hostile(cell.value, port)
                    # openpyxl stores text starting with "=" as a formula unless the type is set.
                    cell.data_type = "s"
    workbook.save(target)


def write_extra_tenants(path: Path) -> None:
    # Every tenant is listed in the PDF's overview, so these names reach the PDF for sure.
    names = (EVIL_URL, LONG_URL, *CONTROL_NAMES)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Tenant ID", "Host", "Display Name"])
        for number, name in enumerate(names, start=1):
            writer.writerow([f"f{number:08x}", f"ips-f{number:08x}.dispatcher.eu2.hana.ondemand.com", name])


def write_extra_systems(path: Path, port: int) -> None:
    tenant = hostile("a7f3e21c9", port)
    rows = [[tenant, name, "Homegrown Directory", "Source", "Basic"] for name in (EVIL_URL, LONG_URL, *CONTROL_NAMES)]
    rows.append([tenant, "Long authentication", "Homegrown Directory", "Target", LONG_VALUE])
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["Tenant", "System Name", "Connector Type", "Role", "Authentication"])
        writer.writerows(rows)


@pytest.fixture(scope="module")
def server():
    RecordingHandler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory, server):
    port = server.server_address[1]
    inputs = tmp_path_factory.mktemp("hostile_inputs")
    for source in sorted(sample_inputs_dir().glob("*.xlsx")):
        rewrite_workbook(source, inputs / source.name, port)
    write_extra_systems(inputs / "extra_systems.csv", port)
    write_extra_tenants(inputs / "extra_tenants.csv")
    out = tmp_path_factory.mktemp("hostile_reports")

    fetched: list[str] = []
    original_fetch = pdf_module.TemplateFetcher.fetch

    def recording_fetch(self, url, headers=None):
        fetched.append(url)
        return original_fetch(self, url, headers)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_module.TemplateFetcher, "fetch", recording_fetch)
        result = CliRunner().invoke(app, ["run", str(inputs), "--out", str(out), "--as-of", "2026-12-04"])
    return result, out, port, fetched


def report(out: Path, suffix: str) -> Path:
    (path,) = out.glob(f"*{suffix}")
    return path


@pytest.fixture(scope="module")
def workbook(hostile_run):
    _, out, _, _ = hostile_run
    return openpyxl.load_workbook(report(out, ".xlsx"))


@pytest.fixture(scope="module")
def pdf_text(hostile_run):
    _, out, _, _ = hostile_run
    reader = pypdf.PdfReader(report(out, ".pdf"))
    return "\n".join(page.extract_text() for page in reader.pages)


def cells(workbook):
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            yield from row


def test_hostile_run_exits_0(hostile_run):
    result, _, _, _ = hostile_run
    assert result.exit_code == 0, result.output


def test_workbook_has_no_formulas(workbook):
    formulas = [f"{cell.parent.title}!{cell.coordinate}" for cell in cells(workbook) if cell.data_type == "f"]
    assert formulas == []


@pytest.mark.parametrize("prefix", ["=", "+", "-", "@"])
def test_workbook_prefixed_text_is_string(workbook, prefix):
    prefixed = [cell for cell in cells(workbook) if isinstance(cell.value, str) and cell.value.startswith(prefix)]
    assert prefixed
    assert {cell.data_type for cell in prefixed} == {"s"}


def test_workbook_formula_text_quote_prefixed(workbook):
    prefixed = [cell for cell in cells(workbook) if isinstance(cell.value, str) and cell.value.startswith("=")]
    assert all(cell.quotePrefix for cell in prefixed)


def test_workbook_system_name_literal(workbook, hostile_run):
    _, _, port, _ = hostile_run
    names = {cell.value for cell in cells(workbook)}
    assert hostile("SAC Reporting", port) in names


def test_workbook_long_value_truncated(workbook):
    (cell,) = [cell for cell in cells(workbook) if isinstance(cell.value, str) and cell.value.startswith("vvvv")]
    assert len(cell.value) <= MAX_CELL_CHARS
    assert cell.value.endswith("characters removed, see assessment.json]")


def test_workbook_sheet_names_valid(workbook):
    for title in workbook.sheetnames:
        assert 0 < len(title) <= 31
        assert not re.search(r"[\[\]:*?/\\]", title)


def test_workbook_links_only_catalog_sources(hostile_run):
    _, out, _, _ = hostile_run
    # The catalog's data files and the sources assessment.json records (such as the
    # documentation commit) are every URL the catalog can cite.
    catalog_text = "\n".join(path.read_text(encoding="utf-8") for path in CATALOG_DATA.glob("*.yaml"))
    catalog_text += report(out, ".json").read_text(encoding="utf-8").split('"inventory"')[0]
    with zipfile.ZipFile(report(out, ".xlsx")) as package:
        relations = "".join(package.read(name).decode() for name in package.namelist() if name.endswith(".rels"))
    targets = re.findall(r'Target="([^"]+)"[^>]*TargetMode="External"', relations)
    assert targets
    assert [target for target in targets if target not in catalog_text] == []


def test_workbook_evil_url_not_linked(hostile_run, workbook):
    _, out, _, _ = hostile_run
    with zipfile.ZipFile(report(out, ".xlsx")) as package:
        relations = "".join(package.read(name).decode() for name in package.namelist() if name.endswith(".rels"))
    assert "evil.example" not in relations
    assert [cell.coordinate for cell in cells(workbook) if cell.hyperlink and "evil" in cell.hyperlink.target] == []


def test_workbook_control_characters_removed(workbook):
    texts = [cell.value for cell in cells(workbook) if isinstance(cell.value, str)]
    assert "Nullbyte" in texts
    assert "Escape[31mred" in texts
    assert "Bidioverride" in texts


def test_workbook_counts_cleaned_cells(workbook):
    issues = workbook.worksheets[[title.lower() for title in workbook.sheetnames].index("input issues")]
    problems = [row[6] for row in issues.iter_rows(min_row=2, values_only=True)]
    summaries = [problem for problem in problems if problem and "control characters" in problem]
    assert summaries == [
        "8 cells contained control characters (such as NUL, escape or bidirectional overrides), "
        "which were removed before the assessment"
    ]


def test_pdf_counts_cleaned_cells(pdf_text):
    assert "8cellscontainedcontrolcharacters" in "".join(pdf_text.split())


@pytest.mark.parametrize(
    "fragment",
    ["<imgsrc=file:///etc/passwd>", "<script>alert(1)</script></td>", "<linkrel=stylesheet", "@import",
     "background:url(http://127.0.0.1:"],
)
def test_pdf_shows_markup_as_text(pdf_text, fragment):
    assert fragment in "".join(pdf_text.split())


# The PDF shortens words longer than MAX_WORD_CHARS, which LONG_URL is.
@pytest.mark.parametrize(
    "name",
    [EVIL_URL, LONG_URL[:MAX_WORD_CHARS] + "\u2026", "Nullbyte", "Bidioverride"],
    ids=["evil", "long", "null", "bidi"],
)
def test_pdf_shows_tenant_name(pdf_text, name):
    assert name in "".join(pdf_text.split())


def test_pdf_server_got_no_request(hostile_run):
    assert RecordingHandler.requests == []


def test_pdf_fetched_only_templates(hostile_run):
    _, _, _, fetched = hostile_run
    folder = templates_dir().resolve().as_uri() + "/"
    assert fetched
    assert [url for url in fetched if not url.startswith(folder)] == []


def test_pdf_long_url_stays_inside_margins(hostile_run):
    _, out, _, _ = hostile_run
    document = pypdfium2.PdfDocument(str(report(out, ".pdf")))
    scale = 2
    band = int((SIDE_MARGIN_MM - 1) * MM * scale)
    offending: list[int] = []
    # The cover (page 1) bleeds to the edges by design, so it is skipped.
    for number in range(1, len(document)):
        image = document[number].render(scale=scale).to_pil().convert("L")
        width, height = image.size
        left = image.crop((0, 0, band, height))
        right = image.crop((width - band, 0, width, height))
        if min(left.getextrema()[0], right.getextrema()[0]) < 200:
            offending.append(number + 1)
    assert offending == []
