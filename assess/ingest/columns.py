"""Column-wise access to a table's cells and column-wise value parsing.

Inventories repeat a few texts ("yes", "Target", a connector name) on most rows, so a
column is parsed once per distinct cell value and the results are spread back to the
rows. This keeps large tables cheap without changing what any parser returns.
"""

from __future__ import annotations

from itertools import zip_longest
from typing import Any, Callable, Sequence

from .values import Invalid, parse_property, parse_text

_NUMBER_TYPES = frozenset({bool, int, float})
_TEXT_PARSERS = (parse_text, parse_property)


def transpose(rows: Sequence[Sequence[Any]]) -> list[tuple[Any, ...]]:
    """Return the columns of ``rows``; cells missing from a short row are None."""
    if not rows:
        return []
    widths = set(map(len, rows))
    if len(widths) == 1:
        return list(zip(*rows))
    return list(zip_longest(*rows))


def parse_column(cells: Sequence[Any], parser: Callable[[Any], Any]) -> tuple[list[Any], list[int]]:
    """Return the parser's result for every cell and the positions of the ``Invalid`` results.

    True, 1 and 1.0 are equal dictionary keys but parse differently (``parse_text``
    returns "TRUE" and "1", ``parse_integer`` rejects True), so a column that mixes
    number types is keyed by type and value.
    """
    if len(_NUMBER_TYPES.intersection(map(type, cells))) > 1:
        keys: Sequence[Any] = [cell if cell.__class__ is str else (cell.__class__, cell) for cell in cells]
        distinct = dict(zip(keys, cells))
    else:
        keys = cells
        distinct = dict(zip(cells, cells))
    results = _parse_distinct(distinct, parser)
    parsed = list(map(results.__getitem__, keys))

    if not any(result.__class__ is Invalid for result in results.values()):
        return parsed, []
    return parsed, [position for position, result in enumerate(parsed) if result.__class__ is Invalid]


def _parse_distinct(distinct: dict[Any, Any], parser: Callable[[Any], Any]) -> dict[Any, Any]:
    # Each value is parsed once here, so the parsers' own caches would only add work.
    uncached = getattr(parser, "__wrapped__", parser)
    if parser in _TEXT_PARSERS and all(cell.__class__ is str for cell in distinct.values()):
        # The same steps as cell_text for a str cell, without a call per cell.
        return {key: cell.replace("\u00a0", " ").strip() or None for key, cell in distinct.items()}
    return {key: uncached(cell) for key, cell in distinct.items()}


def blank_column(length: int) -> list[None]:
    """Return the parsed values of a column that the table does not have."""
    return [None] * length
