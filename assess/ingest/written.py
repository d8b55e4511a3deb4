"""Cells as the input file wrote them, for messages that compare two rows.

Parsed values are what the assessment needs ('sci', True, 2024-06-05), while a message
must show what the user typed ('SAP Cloud Identity', 'yes', '05.06.2024') under the
column header of their file. Keys are field names such as ``connector``, and
``property:<name>`` for connector API version columns.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import Any, Iterable, Mapping, Sequence

from ..model import SourceRef
from .headers import PROPERTY_PREFIX
from .values import display_value

Written = Mapping[str, tuple[str, "str | None"]]
"""Key -> (column header, cell text as written, or None when blank) of one row."""

# A repeated row can differ in every column, and the message has to stay one line.
_MAX_LISTED_COLUMNS = 3


@dataclass
class TableCells:
    """The data rows of a system table as read, one sequence of cells per column."""

    headers: dict[str, str]
    columns: dict[str, Sequence[Any]]
    numbers: list[int]
    """Row number of each position in ``columns``, ascending."""

    def row(self, source: SourceRef) -> Written:
        if source.row is None:
            return {}
        position = bisect.bisect_left(self.numbers, source.row)
        if position == len(self.numbers) or self.numbers[position] != source.row:
            return {}
        return {key: (self.headers[key], display_value(column[position])) for key, column in self.columns.items()}


@dataclass
class ExportCells:
    """The systems of an IPS system export, by their location in the file (``[1]``, or None for a single object)."""

    systems: dict[str | None, Written]

    def row(self, source: SourceRef) -> Written:
        return self.systems.get(source.column, {})


def describe_differences(
    keys: Iterable[str],
    first: Written,
    second: Written,
    first_source: SourceRef,
    second_source: SourceRef,
    labels: Mapping[str, str],
) -> str | None:
    """Return the columns among ``keys`` whose written values differ, with both values, or None when none differ.

    ``second_source`` is the row that the message is about. A column that only one of the
    rows has counts as blank in the other. ``labels`` gives the template's column label
    of a key, used when neither row has a header for it.
    """
    listed: list[str] = []
    for key in dict.fromkeys(keys):
        first_header, first_text = first.get(key, (None, None))
        second_header, second_text = second.get(key, (None, None))
        if first_text == second_text:
            continue
        header = second_header or first_header or labels.get(key) or key.removeprefix(PROPERTY_PREFIX)
        listed.append(
            f"{header}: {_quoted(first_text)} in {_place(first_source, second_source)}, "
            f"{_quoted(second_text)} in {_place(second_source, second_source)}"
        )
    if not listed:
        return None
    entries = listed[:_MAX_LISTED_COLUMNS]
    if len(listed) > _MAX_LISTED_COLUMNS:
        entries.append(f"and {len(listed) - _MAX_LISTED_COLUMNS} more")
    # Each entry contains a comma, so entries are separated by semicolons.
    return "; ".join(entries)


def _quoted(text: str | None) -> str:
    return "blank" if text is None else f"'{text}'"


def _place(source: SourceRef, other: SourceRef) -> str:
    """Name a row briefly when the other row is in the same file and sheet, else in full."""
    same_table = (source.file, source.sheet) == (other.file, other.sheet)
    if same_table and source.row is not None:
        return f"row {source.row}"
    if same_table and source.column is not None:
        return source.column
    return source.describe()
