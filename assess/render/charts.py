"""Chart view models for the PDF: bar geometry in SVG user units, prepared from a ReportView.

``templates/partials/charts.html.j2`` turns these records into inline SVG, so the charts
stay vector graphics in the PDF. Charts over tenants show at most ``TENANT_ROWS`` tenants
and combine the rest into one last bar, which keeps them readable for thousands of tenants.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Sequence

from ..messages import Catalogue
from .formatting import format_number
from .view import Label, ReportView, TenantSection, count_phrase

TENANT_ROWS = 15
"""Maximum tenant bars per chart; further tenants are combined into one bar."""

LABEL_CHARACTERS = 34
"""Tenant names longer than this are cut and end in an ellipsis."""

CHART_WIDTH = 490.0
"""Width of a full-width chart in SVG user units (1 unit = 1 pt): the A4 text width."""

HALF_WIDTH = 235.0

ROW_HEIGHT = 15.0
BAR_HEIGHT = 9.5
LABEL_WIDTH = 150.0
VALUE_WIDTH = 70.0
LEGEND_HEIGHT = 18.0
CHARACTER_WIDTH = 4.3
"""Estimated width of one character at the charts' 7 pt font size, for legend spacing."""

FILLS = {
    "blocked": "#d92d20",
    "needs_evaluation": "#f79009",
    "ready_after_adjustments": "#2e90fa",
    "ready": "#12b76a",
    "nothing_to_migrate": "#98a2b3",
    "high": "#d92d20",
    "medium": "#f79009",
    "low": "#2e90fa",
    "info": "#98a2b3",
    "lost": "#d92d20",
    "evaluate": "#f79009",
    "on_request": "#fdb022",
    "changed": "#2e90fa",
    "kept": "#12b76a",
}
"""Fill colour per readiness, severity and diff status; the same hues as the report's badges."""

DIFF_IN_USE_ORDER = ("lost", "evaluate", "changed", "on_request", "kept")


@dataclass(frozen=True)
class Segment:
    """One coloured part of a bar; ``labelled`` when the count fits inside it."""

    key: str
    x: float
    width: float
    count: int
    labelled: bool


def _segment(key: str, x: float, width: float, count: int) -> Segment:
    # Coordinates are rounded to 0.1 pt, which keeps the HTML short and stable.
    fits = width >= 5.0 + CHARACTER_WIDTH * len(str(count))
    return Segment(key, round(x, 1), round(width, 1), count, fits)


@dataclass(frozen=True)
class BarRow:
    """One bar with its label; ``segments`` are empty when the total is zero."""

    label: str
    y: float
    segments: tuple[Segment, ...]
    total: int
    note: str | None = None
    """Text after the total, such as the connectors gained."""
    combined: bool = False
    """True for the last bar that combines the tenants without a bar of their own."""


@dataclass(frozen=True)
class LegendItem:
    label: Label
    x: float
    fill: str


@dataclass(frozen=True)
class BarChart:
    """A horizontal bar chart: label column, bar area, value column and a legend below."""

    width: float
    height: float
    label_width: float
    bar_width: float
    bar_height: float
    rows: tuple[BarRow, ...]
    legend: tuple[LegendItem, ...]
    legend_y: float
    fills: dict[str, str]
    truncated: str | None = None
    """Sentence saying which tenants the chart leaves out; None when it shows every one."""


@dataclass(frozen=True)
class Charts:
    """The charts of one report."""

    tenant_readiness: BarChart
    """Tenants per readiness level, for the executive summary."""
    readiness_by_tenant: BarChart
    """Systems per readiness level, one bar per tenant."""
    severity: BarChart
    """Findings per severity."""
    connectors: BarChart | None
    """Connectors in use per diff status, one bar per Neo tenant; None without Neo tenants."""


def build_charts(report: ReportView, messages: Catalogue) -> Charts:
    """Build every chart of the PDF from the report's view."""
    headline = report.headline
    readiness_labels = tuple(row.readiness for row in headline.readiness)

    tenant_readiness = _count_chart(((row.readiness, row.tenants) for row in headline.readiness), HALF_WIDTH)
    severity = _count_chart(((row.label, row.count) for row in headline.severities), HALF_WIDTH)

    return Charts(
        tenant_readiness=tenant_readiness,
        readiness_by_tenant=_readiness_by_tenant(report.tenants, readiness_labels, messages),
        severity=severity,
        connectors=_connectors(report.tenants, messages),
    )


def _count_chart(counts: Iterable[tuple[Label, int]], width: float) -> BarChart:
    """Build a chart with one bar per label, scaled to the largest count."""
    counts = list(counts)
    label_width = round(width * 0.45, 1)
    bar_width = round(width - label_width - 40.0, 1)
    largest = max((count for _, count in counts), default=0) or 1

    rows = []
    for index, (label, count) in enumerate(counts):
        # The count is printed right of the bar, so the bar itself gets no label.
        segment = Segment(label.key, label_width, round(bar_width * count / largest, 1), count, False)
        rows.append(BarRow(label.text, index * ROW_HEIGHT, (segment,) if count else (), count))

    return BarChart(
        width=width,
        height=len(rows) * ROW_HEIGHT,
        label_width=label_width,
        bar_width=bar_width,
        bar_height=BAR_HEIGHT,
        rows=tuple(rows),
        legend=(),
        legend_y=len(rows) * ROW_HEIGHT,
        fills=FILLS,
    )


def _readiness_by_tenant(
    sections: Sequence[TenantSection], levels: tuple[Label, ...], messages: Catalogue
) -> BarChart:
    def counts(group: Sequence[TenantSection]) -> Counter:
        return Counter(row.readiness.key for section in group for row in section.systems)

    order = [level.key for level in levels]
    return _stacked_chart(sections, counts, order, levels, messages)


def _connectors(sections: Sequence[TenantSection], messages: Catalogue) -> BarChart | None:
    with_diff = [section for section in sections if section.diff]
    if not with_diff:
        return None

    def counts(group: Sequence[TenantSection]) -> Counter:
        return Counter(row.status.key for section in group for row in section.diff if row.in_use)

    def gained(group: Sequence[TenantSection]) -> str:
        count = sum(1 for section in group for row in section.diff if row.status.key == "gained")
        return messages.text("report_pdf.chart.connectors.gained", count=_number(messages, count))

    labels = {row.status.key: row.status for section in with_diff for row in section.diff}
    levels = tuple(labels[key] for key in DIFF_IN_USE_ORDER if key in labels)
    return _stacked_chart(with_diff, counts, list(DIFF_IN_USE_ORDER), levels, messages, gained)


def _stacked_chart(sections, counts, order, levels, messages, note=None) -> BarChart:
    """Build a chart with one bar per tenant, split by ``counts`` into shares of 100 %.

    Tenants after the first ``TENANT_ROWS`` are combined into the last bar.
    """
    shown = list(sections[:TENANT_ROWS])
    rest = list(sections[TENANT_ROWS:])
    groups = [([section], _short(section.label), False) for section in shown]
    if rest:
        rest_label = messages.text("report_pdf.chart.rest", tenants=count_phrase(messages, "further_tenant", len(rest)))
        groups.append((rest, rest_label, True))

    bar_width = CHART_WIDTH - LABEL_WIDTH - VALUE_WIDTH
    rows = []
    for index, (group, label, combined) in enumerate(groups):
        tally = counts(group)
        rows.append(
            BarRow(
                label=label,
                y=index * ROW_HEIGHT,
                segments=_segments(tally, order, LABEL_WIDTH, bar_width),
                total=sum(tally.values()),
                note=note(group) if note else None,
                combined=combined,
            )
        )

    truncated = None
    if rest:
        truncated = messages.text(
            "report_pdf.chart.truncated",
            shown=_number(messages, len(shown)),
            rest=count_phrase(messages, "further_tenant", len(rest)),
        )

    height = len(rows) * ROW_HEIGHT
    return BarChart(
        width=CHART_WIDTH,
        height=height + LEGEND_HEIGHT,
        label_width=LABEL_WIDTH,
        bar_width=bar_width,
        bar_height=BAR_HEIGHT,
        rows=tuple(rows),
        legend=_legend(levels, 0.0),
        legend_y=height + 6.0,
        fills=FILLS,
        truncated=truncated,
    )


def _segments(tally: Counter, order: Sequence[str], x: float, width: float) -> tuple[Segment, ...]:
    total = sum(tally.values())
    if not total:
        return ()

    segments = []
    for key in order:
        if tally[key]:
            share = width * tally[key] / total
            segments.append(_segment(key, x, share, tally[key]))
            x += share
    return tuple(segments)


def _legend(levels: Sequence[Label], x: float) -> tuple[LegendItem, ...]:
    items = []
    for level in levels:
        items.append(LegendItem(level, round(x, 1), FILLS.get(level.key, "#98a2b3")))
        x += 18.0 + CHARACTER_WIDTH * len(level.text)
    return tuple(items)


def _short(label: str) -> str:
    if len(label) <= LABEL_CHARACTERS:
        return label
    return label[: LABEL_CHARACTERS - 1].rstrip() + "…"


def _number(messages: Catalogue, value: int) -> str:
    return format_number(value, messages.language)
