"""Input issues for formula cells whose result the file does not store.

python-calamine reads such a cell as blank. Without these issues the consultant would
look for a blank cell where the spreadsheet program shows a formula.
"""

from __future__ import annotations

from typing import Any

from ..model import SourceRef
from .issues import IssueLog
from .xlsx_guard import column_letters

# Longer formulas are cut, so that the issue stays one readable line.
_MAX_SHOWN_CHARACTERS = 60

SKIPS_ROW = "so the row is skipped"
IGNORES_CELL = "so the cell is ignored"
_SUGGESTION = "Open the file in Excel or LibreOffice and save it, so that it stores the formula results, then run again"


def shown_formula(formula: str) -> str | None:
    """Return the formula as the spreadsheet program shows it, cut to a readable length.

    A cell that shares the formula of another cell stores no formula text, so it gets None.
    """
    if not formula:
        return None
    text = "=" + formula
    if len(text) > _MAX_SHOWN_CHARACTERS:
        return text[: _MAX_SHOWN_CHARACTERS - 3] + "..."
    return text


def report_formula(
    log: IssueLog,
    source: SourceRef,
    label: str,
    formula: str,
    consequence: str,
    is_error: bool,
) -> None:
    """Report a cell whose formula result was never saved, with what that means for the row."""
    problem = f"the {label} cell contains a formula whose result was never saved, {consequence}"
    report = log.error if is_error else log.warning
    report(source, problem, _SUGGESTION, shown_formula(formula))


def formulas_by_row(formulas: dict[tuple[int, int], str], columns: dict[Any, int]) -> dict[int, dict[Any, str]]:
    """Return row number -> key -> formula for the formulas in ``columns`` (key -> 0-based column index)."""
    if not formulas:
        return {}
    keys = {index: key for key, index in columns.items()}
    rows: dict[int, dict[Any, str]] = {}
    for (row, index), formula in sorted(formulas.items()):
        key = keys.get(index)
        if key is not None:
            rows.setdefault(row, {})[key] = formula
    return rows


def report_header_formulas(formulas: dict[tuple[int, int], str], header: SourceRef, log: IssueLog) -> None:
    """Warn about header cells whose formula result was never saved, since their columns cannot be read."""
    for (row, index), formula in sorted(formulas.items()):
        if row == header.row:
            log.warning(
                SourceRef(header.file, header.sheet, row, column_letters(index + 1)),
                "the header cell contains a formula whose result was never saved, so its column is not read",
                _SUGGESTION,
                shown_formula(formula),
            )
