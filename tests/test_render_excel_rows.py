"""Streamed table rows: every kind of value reads back as openpyxl would have written it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from assess.messages import catalogue
from assess.render.excel_cells import MAX_CELL_CHARS, ExcelLimits
from assess.render.excel_writer import Column, WorkbookWriter

VALUES = {
    "plain": "HR Provisioning",
    "spaces": "  padded  ",
    "markup": "a & b <c> d",
    "escape": "_x0041_",
    "carriage_return": "line\r\nbreak",
    "error_code": "#N/A",
    "formula": "=1+1",
    "minus": "-5",
    "control": "a\x01b",
    "long": "x" * (MAX_CELL_CHARS + 10),
    "true": True,
    "number": 3.5,
    "integer": 42,
    "huge_integer": 10**400,
    "largest_float": 1.7976931348623157e308,
    "date": dt.date(2026, 6, 5),
    "aware": dt.datetime(2026, 6, 5, 12, 0, tzinfo=dt.timezone(dt.timedelta(hours=2))),
    "empty": "",
    "missing": None,
}
COLUMNS = [Column(key, lambda row, key=key: row[key]) for key in VALUES]
COLUMNS.append(Column("wrapped", lambda row: row["plain"], wrap=True))
COLUMNS.append(Column("percent", lambda row: 0.25, number_format="0%"))
COLUMNS.append(Column("tracker", lambda row: "open", kind="tracker"))


@pytest.fixture(scope="module")
def path(tmp_path_factory):
    writer = WorkbookWriter(catalogue("en"), ExcelLimits())
    writer.table(writer.new_sheet("Data"), "Data", COLUMNS, [VALUES, VALUES])
    writer.finish()
    target = tmp_path_factory.mktemp("rows") / "rows.xlsx"
    writer.save(target)
    return target


@pytest.fixture(scope="module")
def cells(path):
    sheet = load_workbook(path)["Data"]
    header = [cell.value for cell in sheet[1]]
    return {key: cell for key, cell in zip(header, sheet[2])}


@pytest.mark.parametrize("key", ["plain", "spaces", "markup", "error_code", "formula", "minus", "true",
                                 "number", "integer"])
def test_value_reads_back(cells, key):
    assert cells[key].value == VALUES[key]


@pytest.mark.parametrize("key", ["carriage_return", "escape"])
def test_escaped_text_reads_back(path, key):
    # openpyxl does not decode OOXML escapes such as _x000D_, while Excel and calamine do.
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Data").to_python()
    assert rows[1][list(VALUES).index(key)] == VALUES[key]


@pytest.mark.parametrize("key", ["error_code", "formula", "minus"])
def test_value_stays_text(cells, key):
    assert cells[key].data_type == "s"


@pytest.mark.parametrize("key", ["formula", "minus"])
def test_formula_prefix_quoted(cells, key):
    assert cells[key].quotePrefix


def test_huge_integer_kept_as_text(cells):
    assert cells["huge_integer"].value == str(10**400)


def test_largest_float_exact(cells):
    assert cells["largest_float"].value == 1.7976931348623157e308


def test_control_character_replaced(cells):
    assert cells["control"].value == "a\ufffdb"


def test_long_text_truncated(cells):
    assert len(cells["long"].value) <= MAX_CELL_CHARS


def test_long_text_marked(cells):
    marker = catalogue("en").text("report.workbook.truncated")
    assert marker.split("{count}")[0] in cells["long"].value


def test_date_formatted(cells):
    assert (cells["date"].value, cells["date"].number_format) == (dt.datetime(2026, 6, 5), "yyyy-mm-dd")


def test_aware_datetime_in_utc(cells):
    assert cells["aware"].value == dt.datetime(2026, 6, 5, 10, 0)


@pytest.mark.parametrize("key", ["empty", "missing"])
def test_blank_value_empty(cells, key):
    assert cells[key].value is None


def test_wrap_column_wraps(cells):
    assert cells["wrapped"].alignment.wrap_text


def test_number_format_applied(cells):
    assert cells["percent"].number_format == "0%"


def test_tracker_cell_filled(cells):
    assert cells["tracker"].fill.fgColor.rgb.endswith("FFF8E6")


def test_second_row_written(path):
    assert load_workbook(path)["Data"].max_row == 3


def test_table_covers_rows(path):
    assert load_workbook(path)["Data"].tables["Data"].ref == f"A1:{_last_column()}3"


def test_rows_below_table_rejected():
    writer = WorkbookWriter(catalogue("en"), ExcelLimits())
    sheet = writer.new_sheet("Data")
    writer.table(sheet, "Data", COLUMNS, [VALUES])
    writer.put(sheet, 10, 1, "below")

    with pytest.raises(ValueError):
        writer.finish()

    for sheet in writer.workbook.worksheets:
        sheet.close()


def _last_column() -> str:
    return get_column_letter(len(COLUMNS))
