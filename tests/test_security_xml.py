"""XML in workbooks that declares entities: nothing is expanded, nothing is fetched.

Each test builds a real .xlsx with openpyxl and replaces one part with XML whose document
type declares an external entity pointing at an HTTP server on 127.0.0.1 that the test
starts, or a billion-laughs entity. The tool's ingest must reject the file, and the
libraries it relies on (python-calamine for reading, openpyxl with defusedxml) must not
expand or fetch either, even when the guard is bypassed.
"""

from __future__ import annotations

import http.server
import io
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from assess.errors import InputError
from assess.ingest import read_inventory
from assess.ingest.xlsx_guard import find_document_type

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
LAUGHS = (
    '<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
    + "".join(f'<!ENTITY {name} "{("&" + previous + ";") * 10}">' for previous, name in zip("abcdefgh", "bcdefghi"))
    + "]>"
)


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 (the name http.server calls)
        self.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"fetched")

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture()
def server():
    RecordingHandler.requests = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), RecordingHandler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def external_entity(root: str, port: int) -> str:
    return f'<!DOCTYPE {root} [<!ENTITY ext SYSTEM "http://127.0.0.1:{port}/{root}">]>'


def sheet_xml(document_type: str, entity: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{document_type}<worksheet {MAIN}><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>Tenant ID</t></is></c></row>'
        f'<row r="2"><c r="A2" t="inlineStr"><is><t>&{entity};</t></is></c></row>'
        "</sheetData></worksheet>"
    )


def shared_strings_xml(port: int) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>{external_entity("sst", port)}'
        f'<sst {MAIN} count="2" uniqueCount="2"><si><t>Tenant ID</t></si><si><t>&ext;</t></si></sst>'
    )


def workbook_with(path: Path, part: str, xml: str, shared_strings: bool = False) -> Path:
    """Save a two-cell workbook and replace ``part`` with ``xml``."""
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tenant ID"])
    workbook.active.append(["a7f3e21c9"])
    source = io.BytesIO()
    workbook.save(source)
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as patched:
        for item in original.infolist():
            data = xml.encode() if item.filename == part else original.read(item.filename)
            patched.writestr(item, data)
        if shared_strings and part not in original.namelist():
            patched.writestr(part, xml)
    return path


def ingest_problems(path: Path) -> list[str]:
    with pytest.raises(InputError) as raised:
        read_inventory([path])
    return [issue.problem for issue in raised.value.issues if issue.is_error]


def test_external_entity_in_sheet_rejected(tmp_path, server):
    port = server.server_address[1]
    path = workbook_with(tmp_path / "external.xlsx", "xl/worksheets/sheet1.xml",
                         sheet_xml(external_entity("worksheet", port), "ext"))
    assert ingest_problems(path) == [
        "the part xl/worksheets/sheet1.xml declares an XML document type (DTD), which spreadsheet files never "
        "contain and which can expand entities or fetch other files, so the file was not read"
    ]


def test_external_entity_in_sheet_not_fetched(tmp_path, server):
    port = server.server_address[1]
    path = workbook_with(tmp_path / "external.xlsx", "xl/worksheets/sheet1.xml",
                         sheet_xml(external_entity("worksheet", port), "ext"))
    ingest_problems(path)
    assert RecordingHandler.requests == []


def test_billion_laughs_in_sheet_rejected(tmp_path):
    path = workbook_with(tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(LAUGHS, "i"))
    (problem,) = ingest_problems(path)
    assert problem.startswith("the part xl/worksheets/sheet1.xml declares an XML document type (DTD)")


def test_entity_in_shared_strings_rejected(tmp_path, server):
    port = server.server_address[1]
    path = workbook_with(tmp_path / "strings.xlsx", "xl/sharedStrings.xml", shared_strings_xml(port), True)
    (problem,) = ingest_problems(path)
    assert problem.startswith("the part xl/sharedStrings.xml declares an XML document type (DTD)")


def test_entity_in_workbook_part_rejected(tmp_path, server):
    port = server.server_address[1]
    workbook_part = (
        f'<?xml version="1.0"?>{external_entity("workbook", port)}<workbook {MAIN} '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="&ext;" sheetId="1" r:id="rId1"/></sheets></workbook>'
    )
    path = workbook_with(tmp_path / "workbook.xlsx", "xl/workbook.xml", workbook_part)
    (problem,) = ingest_problems(path)
    assert problem.startswith("the part xl/workbook.xml declares an XML document type (DTD)")
    assert RecordingHandler.requests == []


def test_document_type_after_long_prolog_found(tmp_path):
    # Comments before the document type push it beyond the first read of the part.
    prolog = "<!-- padding -->" * 10_000
    xml = sheet_xml(prolog + LAUGHS, "i")
    path = workbook_with(tmp_path / "padded.xlsx", "xl/worksheets/sheet1.xml", xml)
    with zipfile.ZipFile(path) as package:
        assert find_document_type(package) == "xl/worksheets/sheet1.xml"


def test_plain_workbook_has_no_document_type(tmp_path):
    path = tmp_path / "plain.xlsx"
    openpyxl.Workbook().save(path)
    with zipfile.ZipFile(path) as package:
        assert find_document_type(package) is None


def test_calamine_does_not_fetch_external_entity(tmp_path, server):
    port = server.server_address[1]
    path = workbook_with(tmp_path / "external.xlsx", "xl/worksheets/sheet1.xml",
                         sheet_xml(external_entity("worksheet", port), "ext"))
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    with pytest.raises(python_calamine.XmlError, match="unrecognized entity"):
        workbook.get_sheet_by_name("Sheet").to_python()
    assert RecordingHandler.requests == []


def test_calamine_does_not_expand_laughs(tmp_path):
    path = workbook_with(tmp_path / "laughs.xlsx", "xl/worksheets/sheet1.xml", sheet_xml(LAUGHS, "i"))
    workbook = python_calamine.CalamineWorkbook.from_path(str(path))
    with pytest.raises(python_calamine.XmlError, match="unrecognized entity"):
        workbook.get_sheet_by_name("Sheet").to_python()


def test_openpyxl_rejects_external_entity(tmp_path, server):
    port = server.server_address[1]
    path = workbook_with(tmp_path / "external.xlsx", "xl/worksheets/sheet1.xml",
                         sheet_xml(external_entity("worksheet", port), "ext"))
    # openpyxl parses with defusedxml when it is installed, which forbids entity declarations.
    with pytest.raises(ValueError, match="invalid XML"):
        openpyxl.load_workbook(path)
    assert RecordingHandler.requests == []


def test_openpyxl_uses_defusedxml():
    from openpyxl import DEFUSEDXML

    assert DEFUSEDXML is True


def test_damaged_deflate_data_rejected(tmp_path):
    path = tmp_path / "damaged.xlsx"
    openpyxl.Workbook().save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as package:
        info = package.getinfo("xl/workbook.xml")
    # The local file header is 30 bytes plus the name and extra field; then the deflate data starts.
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    data[start:start + 8] = b"\xff" * 8
    path.write_bytes(bytes(data))
    (problem,) = ingest_problems(path)
    assert problem.startswith("the workbook is damaged: a part of its zip archive cannot be unpacked")
