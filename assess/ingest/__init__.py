"""Read customer inventories (workbooks, CSV files, IPS system exports) into an ``Inventory``.

Importing this package is cheap: pandas-free, and python-calamine is imported only
when a workbook is read.
"""

from .options import ReadOptions
from .reader import read_inventory

__all__ = ["ReadOptions", "read_inventory"]
