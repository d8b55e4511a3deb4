"""The sheet scan that runs before python-calamine: cell tags written with other whitespace.

XML allows a line break or a tab between an element name and its attributes, and the Rust
reader accepts such a cell, so the scan must count it when it sizes the sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pytest

from assess.errors import InputError
from assess.ingest import ReadOptions, read_inventory


def _workbook_with_far_cell(path: Path, separator: bytes) -> Path:
    """Write a small systems workbook, then add a cell at XFD1048576 whose tag uses ``separator``."""
    plain = path.with_name("plain.xlsx")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Systems"
    sheet.append(["Tenant", "System Name", "Connector Type", "Role"])
    sheet.append(["a1b2c3", "SF", "SAP SuccessFactors", "source"])
    workbook.save(plain)

    far_row = b'<row r="3"><c' + separator + b'r="XFD1048576" t="inlineStr"><is><t>far</t></is></c></row>'
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</sheetData>", far_row + b"</sheetData>")
            target.writestr(info, data)
    return path


@pytest.mark.parametrize("separator", [b"\n", b"\t", b"\r\n"])
def test_scan_counts_cell_after_line_break(tmp_path: Path, separator: bytes) -> None:
    path = _workbook_with_far_cell(tmp_path / "far_cell.xlsx", separator)

    with pytest.raises(InputError) as raised:
        read_inventory([path], ReadOptions())

    problems = [issue.problem for issue in raised.value.issues]
    assert any("more than the limit of 5,000,000 cells" in problem for problem in problems)
