"""Tables and comparisons of benchmark results, and the description of the machine."""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from typing import Any


@dataclass
class Measurement:
    """Median wall and CPU seconds and the highest peak memory of one step at one landscape size."""

    size: str
    step: str
    wall: float
    cpu: float
    max_rss_mib: float
    repeats: int


REFERENCES = ("pandas+openpyxl", "python-calamine", "fastexcel (text)")


def describe_machine() -> dict[str, Any]:
    """Return the cores, memory, Python version and current load of this machine."""
    return {
        "cores": os.cpu_count(),
        "memory_gib": round(_memory_bytes() / 2**30, 1) if _memory_bytes() else None,
        "python": sys.version.split()[0],
        "platform": platform.platform(),
        "load_average_before": list(os.getloadavg()),
    }


def _memory_bytes() -> int | None:
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):
        return None


def ratios(results: list[Measurement]) -> list[dict[str, Any]]:
    """Return, per size, the ingest time divided by each reference reader's time (wall and CPU)."""
    by_key = {(result.size, result.step): result for result in results}
    rows = []
    for (size, step), ingest in by_key.items():
        if step != "ingest":
            continue
        for reference in REFERENCES:
            other = by_key.get((size, reference))
            if other is not None and other.wall > 0 and other.cpu > 0:
                rows.append({"size": size, "reference": reference,
                             "wall_ratio": ingest.wall / other.wall, "cpu_ratio": ingest.cpu / other.cpu})
    return rows


def format_table(results: list[Measurement], ratio_rows: list[dict[str, Any]], machine: dict[str, Any]) -> str:
    """Format the results as a Markdown table, followed by the ingest ratios and the machine."""
    lines = ["| size | step | wall s (median) | CPU s (median) | peak RSS MiB |", "|---|---|---:|---:|---:|"]
    for result in results:
        lines.append(f"| {result.size} | {result.step} | {result.wall:.3f} | {result.cpu:.3f} | {result.max_rss_mib:.0f} |")
    if ratio_rows:
        lines += ["", "| size | ingest / reference | wall ratio | CPU ratio |", "|---|---|---:|---:|"]
        for row in ratio_rows:
            lines.append(f"| {row['size']} | {row['reference']} | {row['wall_ratio']:.2f} | {row['cpu_ratio']:.2f} |")
    load_before = ", ".join(f"{value:.2f}" for value in machine["load_average_before"])
    load_after = ", ".join(f"{value:.2f}" for value in machine.get("load_average_after", []))
    lines += ["", f"{machine['cores']} cores, {machine['memory_gib']} GiB, Python {machine['python']}, "
                  f"{machine['platform']}; load average before {load_before}, after {load_after}"]
    return "\n".join(lines)


def compare_runs(old: dict[str, Any], new: dict[str, Any]) -> str:
    """Format the change of each step's median wall and CPU time between two JSON documents."""
    before = {(row["size"], row["step"]): row for row in old["results"]}
    lines = ["", "| size | step | wall s old | wall s new | wall change | CPU s old | CPU s new | CPU change |",
             "|---|---|---:|---:|---:|---:|---:|---:|"]
    for row in new["results"]:
        earlier = before.get((row["size"], row["step"]))
        if earlier is None:
            continue
        lines.append(f"| {row['size']} | {row['step']} | {earlier['wall']:.3f} | {row['wall']:.3f} | "
                     f"{_change(earlier['wall'], row['wall'])} | {earlier['cpu']:.3f} | {row['cpu']:.3f} | "
                     f"{_change(earlier['cpu'], row['cpu'])} |")
    return "\n".join(lines)


def _change(old: float, new: float) -> str:
    if old <= 0:
        return "n/a"
    return f"{(new - old) / old:+.0%}"
