"""Tracker columns carried over from a previous workbook, read back with openpyxl."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from openpyxl import Workbook, load_workbook

from assess.core import RunRequest, run
from assess.messages import catalogue
from assess.render import ExcelRenderer, RenderOptions, build_view
from assess.render.tracker import TRACKER_KEYS, closed_entries, read_previous
from render_fixtures import catalog, landscape

ENTRA_ID = "F-0001"


def _write(path, assessment=None, previous=None):
    report = build_view(assessment or landscape(), RenderOptions(catalog=catalog()))
    ExcelRenderer(catalogue("en"), previous).render(report, path)
    return path


def _rows(sheet):
    header = [cell.value for cell in sheet[1]]
    return [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2, values_only=True)]


def _fill_tracker(path, values_by_id):
    """Type tracker values into a written workbook as a consultant would, and save it."""
    workbook = load_workbook(path)
    sheet = workbook["Findings"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        values = values_by_id.get(row[0].value, {})
        for key, value in values.items():
            row[header.index(key)].value = value
    workbook.save(path)
    return path


@pytest.fixture
def previous_path(tmp_path):
    path = _write(tmp_path / "previous.xlsx")
    return _fill_tracker(
        path,
        {
            ENTRA_ID: {"owner": "Ana", "status": "in_progress", "due_date": dt.datetime(2027, 3, 31), "comment": "- check with SAP"},
            "F-0002": {"owner": "Ben", "status": "done"},
        },
    )


def test_read_previous_entries(previous_path):
    previous = read_previous(previous_path)
    entry = previous.entries[ENTRA_ID]
    assert previous.problem is None
    assert entry.owner == "Ana"
    assert entry.status == "in_progress"
    assert entry.due_date == dt.date(2027, 3, 31)
    assert entry.comment == "- check with SAP"


def test_read_previous_records_last_seen(previous_path):
    entry = read_previous(previous_path).entries[ENTRA_ID]
    assert entry.last_seen == landscape().as_of
    assert entry.context["code"] == "AVL-IAG-ONLY"


def test_carry_over_to_same_finding(tmp_path, previous_path):
    path = _write(tmp_path / "next.xlsx", previous=read_previous(previous_path))
    rows = {row["finding_id"]: row for row in _rows(load_workbook(path)["Findings"])}
    assert rows[ENTRA_ID]["owner"] == "Ana"
    assert rows[ENTRA_ID]["status"] == "in_progress"
    assert rows[ENTRA_ID]["due_date"] == dt.datetime(2027, 3, 31)
    assert rows["F-0002"]["status"] == "done"


def test_carried_formula_text_stays_text(tmp_path, previous_path):
    path = _write(tmp_path / "next.xlsx", previous=read_previous(previous_path))
    sheet = load_workbook(path)["Findings"]
    header = [cell.value for cell in sheet[1]]
    cell = next(row[header.index("comment")] for row in sheet.iter_rows(min_row=2) if row[0].value == ENTRA_ID)
    assert cell.data_type == "s"
    assert cell.value == "- check with SAP"


def test_escaped_comment_decoded(tmp_path):
    # openpyxl returns the file's text, where Excel writes a carriage return as _x000D_.
    path = _fill_tracker(_write(tmp_path / "previous.xlsx"), {ENTRA_ID: {"comment": "line1_x000D_\nline2 _x005F_x0041_"}})
    assert read_previous(path).entries[ENTRA_ID].comment == "line1\r\nline2 _x0041_"


def test_escaped_comment_stable_over_runs(tmp_path):
    path = _fill_tracker(_write(tmp_path / "run0.xlsx"), {ENTRA_ID: {"comment": "line1_x000D_\nline2 _x005F_x0041_"}})
    for number in range(1, 4):
        path = _write(tmp_path / f"run{number}.xlsx", previous=read_previous(path))
    assert read_previous(path).entries[ENTRA_ID].comment == "line1\r\nline2 _x0041_"


def test_closed_finding_listed_with_old_values(tmp_path, previous_path):
    assessment = landscape()
    tenants = tuple(
        replace(tenant, findings=tuple(f for f in tenant.findings if f.id != ENTRA_ID)) for tenant in assessment.tenants
    )
    path = _write(tmp_path / "next.xlsx", replace(assessment, tenants=tenants), read_previous(previous_path))
    workbook = load_workbook(path)
    closed = _rows(workbook["Closed findings"])
    assert [row["finding_id"] for row in closed] == [ENTRA_ID]
    assert closed[0]["owner"] == "Ana"
    assert closed[0]["code"] == "AVL-IAG-ONLY"
    assert closed[0]["last_seen"] == dt.datetime(2027, 3, 1)
    assert ENTRA_ID not in {row["finding_id"] for row in _rows(workbook["Findings"])}


def test_closed_entry_returns_with_its_finding(tmp_path, previous_path):
    assessment = landscape()
    tenants = tuple(
        replace(tenant, findings=tuple(f for f in tenant.findings if f.id != ENTRA_ID)) for tenant in assessment.tenants
    )
    second = _write(tmp_path / "second.xlsx", replace(assessment, tenants=tenants), read_previous(previous_path))
    third = _write(tmp_path / "third.xlsx", previous=read_previous(second))
    rows = {row["finding_id"]: row for row in _rows(load_workbook(third)["Findings"])}
    assert rows[ENTRA_ID]["owner"] == "Ana"
    assert ENTRA_ID not in {row["finding_id"] for row in _rows(load_workbook(third)["Closed findings"])}


def test_closed_entries_without_previous():
    assert closed_entries(None, []) == []


def test_previous_not_a_workbook(tmp_path):
    path = tmp_path / "notes.xlsx"
    path.write_text("not a workbook")
    previous = read_previous(path)
    assert previous.entries == {}
    assert previous.problem.key == "unreadable"


def test_previous_foreign_workbook(tmp_path):
    path = tmp_path / "foreign.xlsx"
    workbook = Workbook()
    workbook.active.append(["id", "owner"])
    workbook.active.append(["x", "Ana"])
    workbook.save(path)
    previous = read_previous(path)
    assert previous.entries == {}
    assert previous.problem.key == "no_findings"


def test_previous_missing_column(tmp_path, previous_path):
    workbook = load_workbook(previous_path)
    sheet = workbook["Findings"]
    header = [cell.value for cell in sheet[1]]
    sheet.cell(row=1, column=header.index("owner") + 1).value = "owner_name"
    workbook.save(previous_path)
    previous = read_previous(previous_path)
    assert previous.problem.key == "missing_columns"
    assert previous.problem.params["columns"] == "owner"
    assert previous.entries[ENTRA_ID].status == "in_progress"
    assert previous.entries[ENTRA_ID].owner is None


def test_previous_renamed_sheet(tmp_path, previous_path):
    workbook = load_workbook(previous_path)
    workbook["Findings"].title = "Meine Befunde"
    workbook.save(previous_path)
    previous = read_previous(previous_path)
    assert previous.problem is None
    assert previous.entries[ENTRA_ID].owner == "Ana"


def test_previous_text_due_date_kept(tmp_path, previous_path):
    _fill_tracker(previous_path, {ENTRA_ID: {"due_date": "end of March"}})
    assert read_previous(previous_path).entries[ENTRA_ID].due_date == "end of March"


def test_tracker_keys_on_findings_header(tmp_path):
    sheet = load_workbook(_write(tmp_path / "report.xlsx"))["Findings"]
    header = [cell.value for cell in sheet[1]]
    assert header[-len(TRACKER_KEYS) :] == list(TRACKER_KEYS)
    assert header[-len(TRACKER_KEYS) - 1] == "tracker"


def test_status_drop_down(tmp_path):
    sheet = load_workbook(_write(tmp_path / "report.xlsx"))["Findings"]
    validations = {validation.type: validation for validation in sheet.data_validations.dataValidation}
    assert validations["list"].formula1 == '"open,in_progress,done,accepted"'
    assert str(validations["list"].sqref) == "V2:V8"
    assert validations["date"].operator == "between"


def test_tracker_header_colour_differs(tmp_path):
    sheet = load_workbook(_write(tmp_path / "report.xlsx"))["Findings"]
    header = {cell.value: cell for cell in sheet[1]}
    assert header["owner"].fill.fgColor.rgb != header["title"].fill.fgColor.rgb
    assert header["tracker"].fill.fgColor.rgb != header["owner"].fill.fgColor.rgb


def _sample_run(out, **options):
    request = RunRequest(inputs=(), out_dir=out, as_of=dt.date(2026, 12, 4), **options)
    return run(request)


def test_run_uses_workbook_in_out_folder(tmp_path):
    first = _sample_run(tmp_path)
    workbook_path = next(path for path in first.written if path.suffix == ".xlsx")
    finding_id = first.assessment.findings[0].id
    _fill_tracker(workbook_path, {finding_id: {"owner": "Ana"}})
    second = _sample_run(tmp_path)
    rows = {row["finding_id"]: row for row in _rows(load_workbook(workbook_path)["Findings"])}
    assert second.notices == (f"Carrying the tracker columns over from the previous workbook {workbook_path}.",)
    assert rows[finding_id]["owner"] == "Ana"


def test_run_warns_on_foreign_previous(tmp_path):
    path = tmp_path / "foreign.xlsx"
    Workbook().save(path)
    result = _sample_run(tmp_path / "out", previous=path)
    assert len(result.notices) == 1
    assert result.notices[0].startswith("warning: the previous workbook")
