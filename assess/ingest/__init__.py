"""Read customer inventories (workbooks, CSV files, IPS system exports) into an ``Inventory``.

Importing this package is cheap: ``read_inventory`` and its modules load on first use,
so a command that only needs ``ReadOptions`` (such as ``--help``, for its defaults)
does not pay for them. python-calamine is imported only when a workbook is read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .options import ReadOptions

if TYPE_CHECKING:
    from .reader import read_inventory

__all__ = ["ReadOptions", "read_inventory"]


def __getattr__(name: str) -> Any:
    if name == "read_inventory":
        from .reader import read_inventory

        return read_inventory
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
