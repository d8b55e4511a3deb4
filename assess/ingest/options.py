"""Options that change how inputs are read."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ReadOptions:
    """Reading options, set by the command line.

    ``sheet`` restricts every workbook to the sheet of that name, which may be hidden.
    ``max_cells`` and ``max_uncompressed_bytes`` guard against workbooks that would
    exhaust memory in the spreadsheet reader; they are checked before it runs.
    """

    sheet: str | None = None
    password: str | None = None
    include_hidden_rows: bool = False
    max_cells: int = 5_000_000
    max_uncompressed_bytes: int = 500 * 2**20
