"""One measured step of the benchmark, run in a fresh Python process by ``run.py``.

Usage: python benchmarks/steps.py STEP WORKBOOK WORKDIR

The step's prerequisites (imports, the pickled inventory or assessment) are loaded
first and are not timed. The step then runs once and the process prints one JSON
line with its wall time and CPU time in seconds. Peak memory is read by the parent,
for the whole process, prerequisites included.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import pickle
import sys
import time
from pathlib import Path
from typing import Any, Callable

AS_OF = dt.date(2026, 12, 4)
GENERATED_AT = dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone.utc)
CUSTOMER = "Benchmark Landscape AG"


def prepare(workbook: Path, workdir: Path) -> None:
    """Pickle the inventory and the assessment of ``workbook`` for the later steps."""
    inventory = _read(workbook)
    (workdir / "inventory.pickle").write_bytes(pickle.dumps(inventory, pickle.HIGHEST_PROTOCOL))
    assessment = _assess(inventory)
    (workdir / "assessment.pickle").write_bytes(pickle.dumps(assessment, pickle.HIGHEST_PROTOCOL))


def _read(workbook: Path):
    from assess.ingest import read_inventory

    return read_inventory([workbook])


def _assess(inventory):
    from assess.assessment import AssessOptions, assess
    from assess.catalog import load_catalog

    options = AssessOptions(as_of=AS_OF, customer=CUSTOMER, generated_at=GENERATED_AT)
    return assess(inventory, load_catalog(), options)


def _load(workdir: Path, name: str) -> Any:
    return pickle.loads((workdir / f"{name}.pickle").read_bytes())


def _ingest(workbook: Path, workdir: Path) -> Callable[[], object]:
    # Ingest imports these on first use; like the reference readers' imports, they are not timed.
    import python_calamine  # noqa: F401

    import assess.ingest.exports  # noqa: F401
    import assess.ingest.linking  # noqa: F401
    import assess.ingest.reader  # noqa: F401
    import assess.ingest.sources  # noqa: F401

    return lambda: _read(workbook)


def _assessment(workbook: Path, workdir: Path) -> Callable[[], object]:
    from assess.catalog import load_catalog

    inventory = _load(workdir, "inventory")
    load_catalog()
    return lambda: _assess(inventory)


def _report_view(workbook: Path, workdir: Path) -> Callable[[], object]:
    from assess.catalog import load_catalog
    from assess.render import RenderOptions, build_view

    assessment = _load(workdir, "assessment")
    options = RenderOptions(catalog=load_catalog())
    return lambda: build_view(assessment, options)


def _renderer_step(kind: str) -> Callable[[Path, Path], Callable[[], object]]:
    def step(workbook: Path, workdir: Path) -> Callable[[], object]:
        from assess.catalog import load_catalog
        from assess.messages import catalogue
        from assess.render import ExcelRenderer, PdfRenderer, RenderOptions, build_view

        assessment = _load(workdir, "assessment")
        report = build_view(assessment, RenderOptions(catalog=load_catalog()))
        messages = catalogue("en")
        renderer = ExcelRenderer(messages) if kind == "xlsx" else PdfRenderer(messages)
        target = workdir / f"report.{kind}"
        return lambda: renderer.render(report, target)

    return step


def _pandas(workbook: Path, workdir: Path) -> Callable[[], object]:
    import openpyxl  # noqa: F401
    import pandas

    return lambda: pandas.read_excel(workbook, sheet_name=None, engine="openpyxl")


def _calamine(workbook: Path, workdir: Path) -> Callable[[], object]:
    import python_calamine

    def read() -> list:
        book = python_calamine.CalamineWorkbook.from_path(str(workbook))
        return [book.get_sheet_by_name(name).to_python() for name in book.sheet_names]

    return read


def _fastexcel(workbook: Path, workdir: Path) -> Callable[[], object]:
    import fastexcel
    import pyarrow  # noqa: F401  (to_arrow hands the columns over as pyarrow arrays)

    def read() -> list:
        reader = fastexcel.read_excel(str(workbook))
        return [reader.load_sheet(name, dtypes="string").to_arrow() for name in reader.sheet_names]

    return read


STEPS: dict[str, Callable[[Path, Path], Callable[[], object]]] = {
    "ingest": _ingest,
    "assessment": _assessment,
    "report view": _report_view,
    "workbook": _renderer_step("xlsx"),
    "pdf": _renderer_step("pdf"),
    "pandas+openpyxl": _pandas,
    "python-calamine": _calamine,
    "fastexcel (text)": _fastexcel,
}


# Steps of ips-assess itself. They run with the garbage collector settings of ``run``;
# the reference readers run with Python's defaults.
TOOL_STEPS = ("ingest", "assessment", "report view", "workbook", "pdf")


def _as_in_run():
    from assess.core import fewer_collections

    return fewer_collections()


def main(argv: list[str]) -> None:
    step, workbook, workdir = argv[0], Path(argv[1]), Path(argv[2])
    if step == "prepare":
        prepare(workbook, workdir)
        return
    work = STEPS[step](workbook, workdir)
    settings = _as_in_run() if step in TOOL_STEPS else contextlib.nullcontext()
    with settings:
        wall, cpu = time.perf_counter(), time.process_time()
        work()
    print(json.dumps({"wall": time.perf_counter() - wall, "cpu": time.process_time() - cpu}))


if __name__ == "__main__":
    main(sys.argv[1:])
