"""Benchmark ips-assess on generated landscapes and compare runs.

Usage:
    python benchmarks/run.py [--sizes typical,large] [--repeat 5] [--json OUT] [--compare OLD.json]

Each measured step runs in a fresh Python process, ``--repeat`` times. The table shows
the median wall time, the median CPU time (user plus system) and the highest peak
memory (maximum resident set size) of those processes. Command-line steps are timed
from process start to exit. The other steps are timed inside their process, after
their imports and prerequisites (see ``steps.py``). Needs Linux or macOS (``os.wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from landscape import SIZES, write_landscape  # noqa: E402
from report import Measurement, compare_runs, describe_machine, format_table, ratios  # noqa: E402

CLI_STEPS = ("--help", "--version", "run")
IN_PROCESS_STEPS = ("ingest", "assessment", "report view", "workbook", "pdf")
REFERENCE_STEPS = ("pandas+openpyxl", "python-calamine", "fastexcel (text)")
STEPS = (*CLI_STEPS, *IN_PROCESS_STEPS, *REFERENCE_STEPS)
# --help and --version do not depend on the landscape, so they are measured once per run.
SIZE_INDEPENDENT = ("--help", "--version")


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="Benchmark ips-assess on generated landscapes.")
    parser.add_argument("--sizes", default="typical,large",
                        help=f"Comma-separated landscape sizes: {', '.join(SIZES)} (default: typical,large).")
    parser.add_argument("--repeat", type=int, default=5, help="Runs of each step; the median is reported (default: 5).")
    parser.add_argument("--steps", default=",".join(STEPS), help="Comma-separated steps to measure (default: all).")
    parser.add_argument("--json", type=Path, help="Write the results as JSON to this file.")
    parser.add_argument("--compare", type=Path, help="JSON file of an earlier run to compare with.")
    parser.add_argument("--workdir", type=Path,
                        help="Folder for generated workbooks and reports, reused between runs (default: a new temporary folder).")
    parser.add_argument("--seed", type=int, default=7, help="Seed of the generated landscapes (default: 7).")
    arguments = parser.parse_args(argv)
    arguments.sizes = _choices(parser, arguments.sizes, SIZES, "--sizes")
    arguments.steps = _choices(parser, arguments.steps, STEPS, "--steps")
    if arguments.repeat < 1:
        parser.error("--repeat must be at least 1")
    return arguments


def _choices(parser: argparse.ArgumentParser, text: str, known, option: str) -> list[str]:
    chosen = [part.strip() for part in text.split(",") if part.strip()]
    unknown = [part for part in chosen if part not in known]
    if unknown:
        parser.error(f"{option}: unknown value {', '.join(unknown)}; use {', '.join(known)}")
    return chosen


def measure_process(command: list[str], workdir: Path) -> tuple[float, float, float, str]:
    """Run ``command`` and return its wall seconds, CPU seconds, peak memory in MiB and standard output."""
    with tempfile.TemporaryFile(dir=workdir) as output, tempfile.TemporaryFile(dir=workdir) as errors:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=output, stderr=errors, stdin=subprocess.DEVNULL)
        # os.wait4 returns the resource usage of this child alone, which
        # getrusage(RUSAGE_CHILDREN) cannot: its ru_maxrss is the maximum over all children.
        _pid, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        output.seek(0)
        errors.seek(0)
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed with exit code {process.returncode}:\n"
                               f"{errors.read().decode(errors='replace')[-3000:]}")
        return wall, usage.ru_utime + usage.ru_stime, _mebibytes(usage.ru_maxrss), output.read().decode()


def _mebibytes(max_rss: int) -> float:
    # Linux reports ru_maxrss in KiB, macOS in bytes.
    return max_rss / 2**20 if sys.platform == "darwin" else max_rss / 2**10


def step_command(step: str, workbook: Path, workdir: Path) -> list[str]:
    """Return the command that runs ``step`` once."""
    python = sys.executable
    if step in ("--help", "--version"):
        return [python, "-m", "assess", step]
    if step == "run":
        return [python, "-m", "assess", "run", str(workbook), "--out", str(workdir / "reports"),
                "--customer", "Benchmark Landscape AG", "--as-of", "2026-12-04"]
    return [python, str(HERE / "steps.py"), step, str(workbook), str(workdir)]


def measure_step(step: str, size: str, workbook: Path, workdir: Path, repeat: int) -> Measurement:
    walls, cpus, peaks = [], [], []
    for _ in range(repeat):
        wall, cpu, peak, output = measure_process(step_command(step, workbook, workdir), workdir)
        if step not in CLI_STEPS:
            timed = json.loads(output.strip().splitlines()[-1])
            wall, cpu = timed["wall"], timed["cpu"]
        walls.append(wall)
        cpus.append(cpu)
        peaks.append(peak)
    return Measurement(size, step, statistics.median(walls), statistics.median(cpus), max(peaks), repeat)


def landscape_workbook(size: str, seed: int, workdir: Path) -> Path:
    """Return the generated workbook of ``size``, writing it unless the work folder has it already."""
    path = workdir / f"landscape-{size}-seed{seed}.xlsx"
    if not path.exists():
        print(f"generating the {size} landscape ({SIZES[size].tenants:,} tenants, {SIZES[size].systems:,} systems)",
              file=sys.stderr)
        partial = path.with_suffix(".partial.xlsx")
        write_landscape(partial, SIZES[size], seed)
        partial.replace(path)
    return path


def run_size(size: str, steps: list[str], arguments: argparse.Namespace, workdir: Path) -> list[Measurement]:
    size_dir = workdir / size
    size_dir.mkdir(parents=True, exist_ok=True)
    workbook = landscape_workbook(size, arguments.seed, workdir)
    if any(step in ("assessment", "report view", "workbook", "pdf") for step in steps):
        measure_process(step_command("prepare", workbook, size_dir), size_dir)

    results = []
    for step in steps:
        print(f"measuring {step} on {size}", file=sys.stderr)
        results.append(measure_step(step, size, workbook, size_dir, arguments.repeat))
    return results


def main(argv: list[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    workdir = arguments.workdir or Path(tempfile.mkdtemp(prefix="ips-assess-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    machine = describe_machine()

    results: list[Measurement] = []
    for step in (step for step in arguments.steps if step in SIZE_INDEPENDENT):
        print(f"measuring {step}", file=sys.stderr)
        results.append(measure_step(step, "-", Path(), workdir, arguments.repeat))
    for size in arguments.sizes:
        steps = [step for step in arguments.steps if step not in SIZE_INDEPENDENT]
        results.extend(run_size(size, steps, arguments, workdir))
    machine["load_average_after"] = list(os.getloadavg())

    document = {"machine": machine, "repeat": arguments.repeat, "seed": arguments.seed,
                "results": [asdict(result) for result in results], "ratios": ratios(results)}
    print(format_table(results, document["ratios"], machine))
    if arguments.compare:
        print(compare_runs(json.loads(arguments.compare.read_text()), document))
    if arguments.json:
        arguments.json.write_text(json.dumps(document, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
