"""Remediation effort: T-shirt sizes of findings summed into person-day ranges.

Each finding carries its rule's effort size (S, M, L, XL). The table below turns a size
into a range of person-days. It is an assumption of this tool, not an SAP figure, so the
reports print it next to every estimate and ``--config`` can replace it.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from .model import EffortEstimate, EffortRange, Finding, Severity

DEFAULT_EFFORT_TABLE: Mapping[str, EffortRange] = {
    "S": EffortRange(0.5, 1.0),
    "M": EffortRange(1.0, 3.0),
    "L": EffortRange(3.0, 8.0),
    "XL": EffortRange(8.0, 15.0),
}


def estimate(findings: Iterable[Finding], table: Mapping[str, EffortRange]) -> EffortEstimate:
    """Sum the person-day ranges of ``findings``; info findings count zero.

    Every finding counts on its own: work that several findings share, such as one
    Cloud Connector for many on-premise systems, is counted once per finding.
    """
    by_size = {size: 0 for size in table}
    info = 0
    for finding in findings:
        if finding.severity is Severity.INFO:
            info += 1
        else:
            by_size[finding.effort] += 1

    low = sum(table[size].low * count for size, count in by_size.items())
    high = sum(table[size].high * count for size, count in by_size.items())
    return EffortEstimate(low=low, high=high, by_size=by_size, info_findings=info)


def total(estimates: Iterable[EffortEstimate]) -> EffortEstimate:
    """Add up the estimates of several tenants."""
    estimates = list(estimates)
    sizes: dict[str, int] = {}
    for item in estimates:
        for size, count in item.by_size.items():
            sizes[size] = sizes.get(size, 0) + count

    return EffortEstimate(
        low=sum(item.low for item in estimates),
        high=sum(item.high for item in estimates),
        by_size=sizes,
        info_findings=sum(item.info_findings for item in estimates),
    )
