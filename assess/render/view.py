"""View models: everything the workbook and the PDF print, prepared from one Assessment.

The builders here look up every text in the message catalogue and order every list, so
the renderers only lay out what they receive. Dates and numbers stay typed: the Jinja
filters format them for the PDF and the workbook writes them as real cells.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from pathlib import PurePath

from babel import Locale

from ..messages import SOURCE_LANGUAGE, Catalogue
from ..model import (
    Assessment,
    ConnectorDiffEntry,
    Finding,
    InputIssue,
    Readiness,
    Role,
    Severity,
    SourceRef,
    SystemAssessment,
    TenantAssessment,
)
from .catalog_view import CatalogLike, catalog_urls, is_web_url
from .formatting import format_date, format_number

ATTENTION = (Readiness.BLOCKED, Readiness.NEEDS_EVALUATION, Readiness.READY_AFTER_ADJUSTMENTS)
"""Readiness levels whose tenants get their own pages in the PDF."""

DEADLINE_FACTS = ("neo_sunset",)
"""Catalog facts that are deadlines of their own; the Neo sunset comes first."""

API_DEADLINE_MARK = "_decommission"
"""Catalog fact keys that contain this mark and hold a date are API decommission deadlines."""

DATE_PARAMS = ("date", "sunset")
"""Finding parameters that hold an ISO date."""


@dataclass(frozen=True)
class DetailLimits:
    """Bounds on the PDF for large landscapes; the workbook always has every row.

    WeasyPrint's layout time grows with the page count, so these bounds also bound the
    render time. A tenant section with the default bounds takes about four pages.
    """

    tenant_pages: int = 25
    """Maximum number of tenants that get their own section."""
    findings_per_tenant: int = 10
    """Maximum findings printed per tenant section, most severe first."""
    other_tenant_rows: int = 100
    """Maximum rows in the table of tenants without their own section."""
    input_issue_rows: int = 100
    diff_rows_per_tenant: int = 30
    effort_rows: int = 25
    """Maximum tenants in the PDF's effort table, largest effort first."""
    blockers: int = 6
    """Maximum kinds of blocker listed in the executive summary."""


@dataclass(frozen=True)
class Label:
    """An enum value with its text in the report language; ``key`` doubles as a CSS class."""

    key: str
    text: str


@dataclass(frozen=True)
class Link:
    """A source reference; ``url`` is set only for URLs the catalog cites."""

    label: str
    url: str | None = None


@dataclass(frozen=True)
class Location:
    """Input location of a record, split into workbook columns and joined as text for the PDF."""

    file: str
    sheet: str | None
    row: int | None
    column: str | None
    text: str


@dataclass(frozen=True)
class CountRow:
    label: Label
    count: int


@dataclass(frozen=True)
class ReadinessRow:
    readiness: Label
    tenants: int
    systems: int


@dataclass(frozen=True)
class Headline:
    tenants: int
    neo_tenants: int
    systems: int
    findings: int
    readiness: tuple[ReadinessRow, ...]
    severities: tuple[CountRow, ...]


@dataclass(frozen=True)
class Deadline:
    title: str
    date: dt.date
    days_left: int
    """Days from the assessment date to ``date``; negative once the date has passed."""
    sentence: str
    source: Link | None
    systems: int = 0
    """Systems with a finding that cites the same source; counted for API deadlines only."""


@dataclass(frozen=True)
class Blocker:
    """One kind of blocking finding, counted over the landscape."""

    code: str
    title: str
    systems: int
    tenants: int
    sentence: str


@dataclass(frozen=True)
class Summary:
    overall: Label
    verdict: str
    blockers: tuple[Blocker, ...]
    more_blockers: int
    deadlines: tuple[Deadline, ...]
    next_steps: tuple[str, ...]


@dataclass(frozen=True)
class FindingView:
    id: str
    code: str
    severity: Label
    tenant_key: str
    tenant_label: str
    system_name: str | None
    role: Label | None
    title: str
    explanation: str
    remediation: str
    confidence: Label
    effort: str
    blocks: bool
    needs_evaluation: bool
    confirm_with_sap: bool
    remediable: bool
    evidence: tuple[Location, ...]
    sources: tuple[Link, ...]


@dataclass(frozen=True)
class SystemRow:
    tenant_key: str
    tenant_label: str
    name: str
    role: Label
    connector_raw: str
    connector_id: str | None
    connector_name: str | None
    match_method: str
    match_confidence: float
    readiness: Label
    enabled: bool | None
    planned: bool
    finding_ids: tuple[str, ...]
    properties: tuple[tuple[str, str | None], ...]
    destination_name: str | None
    proxy_type: str | None
    cloud_connector_location: str | None
    authentication: str | None
    inbound_certificate: bool | None
    transformations_modified: bool | None
    real_time: bool | None
    last_run: dt.date | None
    last_status: str | None
    entity_count: int | None
    managed_by_sap: bool | None
    source: Location


@dataclass(frozen=True)
class DiffRow:
    connector_id: str
    connector_name: str
    role: Label
    status: Label
    in_use: bool
    systems: tuple[str, ...]
    note: str | None


@dataclass(frozen=True)
class GainGroup:
    """Connectors of one role that the tenant gets only after migration."""

    role: Label
    names: tuple[str, ...]


@dataclass(frozen=True)
class FactRow:
    label: str
    value: str


@dataclass(frozen=True)
class TenantSection:
    """One tenant with everything both reports print about it."""

    key: str
    label: str
    tenant_id: str | None
    host: str | None
    region: str | None
    tenant_type: str | None
    bundles: tuple[str, ...]
    created: dt.date | None
    target_ias_tenant: str | None
    infrastructure: Label
    tenant_model: Label
    readiness: Label
    route: Label
    route_detail: str
    facts: tuple[FactRow, ...]
    systems: tuple[SystemRow, ...]
    diff: tuple[DiffRow, ...]
    diff_in_use: tuple[DiffRow, ...]
    """Diff entries for connectors the tenant uses, at most ``DetailLimits.diff_rows_per_tenant``."""
    diff_other: tuple[CountRow, ...]
    """Diff entries for connectors not in use, counted per status."""
    gains: tuple[GainGroup, ...]
    """Connectors gained with the migration, grouped by role."""
    findings: tuple[FindingView, ...]
    findings_shown: tuple[FindingView, ...]
    findings_hidden: int
    severities: tuple[CountRow, ...]
    high_findings: int
    checklist: tuple[str, ...]
    needs_attention: bool
    source: Location


@dataclass(frozen=True)
class IssueRow:
    is_error: bool
    kind: Label
    location: Location
    value: str | None
    problem: str
    suggestion: str
    related: Location | None


@dataclass(frozen=True)
class InputFileRow:
    path: str
    sha256: str
    size: int
    tables: tuple[str, ...]


@dataclass(frozen=True)
class CatalogFactRow:
    key: str
    label: str
    value: str
    source: Link
    read_on: dt.date | None
    verified: bool


@dataclass(frozen=True)
class CatalogConnectorRow:
    connector_id: str
    connector_name: str
    role: Label
    sci_bundle: object
    neo_bundle: object
    standalone_sci: object
    standalone_neo: object
    page: str
    link: Link
    aliases: tuple[str, ...]
    caveats: tuple[str, ...]


@dataclass(frozen=True)
class CatalogView:
    version: str
    read_on: dt.date
    docs_commit: str
    docs_commit_date: dt.date
    sources: tuple[Link, ...]
    facts: tuple[CatalogFactRow, ...]
    connectors: tuple[CatalogConnectorRow, ...]
    available: bool
    """False when the renderer got no catalog object and only the assessment's provenance."""


@dataclass(frozen=True)
class ReadinessRule:
    readiness: Label
    definition: str


@dataclass(frozen=True)
class Appendix:
    method: tuple[str, ...]
    readiness_rules: tuple[ReadinessRule, ...]
    catalog: CatalogView
    issues: tuple[IssueRow, ...]
    issues_shown: tuple[IssueRow, ...]
    issues_hidden: int
    files: tuple[InputFileRow, ...]
    unassigned: tuple[SystemRow, ...]


@dataclass(frozen=True)
class ReportView:
    """The root object handed to the templates and to the workbook writer."""

    language: str
    customer: str
    as_of: dt.date
    generated_at: dt.datetime
    tool_version: str
    schema_version: int
    headline: Headline
    summary: Summary
    tenants: tuple[TenantSection, ...]
    """Every tenant, worst readiness first."""
    detailed: tuple[TenantSection, ...]
    """Tenants that get their own PDF section."""
    others: tuple[TenantSection, ...]
    """Tenants listed in the PDF's summary table, at most ``DetailLimits.other_tenant_rows``."""
    others_hidden: int
    findings: tuple[FindingView, ...]
    """Every finding, most severe first."""
    systems: tuple[SystemRow, ...]
    appendix: Appendix
    limits: DetailLimits
    effort: "EffortView | None" = None
    """Remediation effort per tenant and in total, with its assumptions."""
    waivers: "WaiversView | None" = None
    """Accepted risks and the waivers that expired or matched nothing."""
    rule_settings: "RuleSettingsView | None" = None
    """Rule and effort settings that the --config file changed."""


def count_phrase(messages: Catalogue, noun: str, value: int) -> str:
    """Format ``value`` with ``noun`` in the plural form the language's CLDR rules pick.

    The texts live under ``report.count.<noun>.<category>``; a language that lacks a
    category falls back to ``other``.
    """
    category = Locale.parse(messages.language).plural_form(value)
    key = f"report.count.{noun}.{category}"
    if key not in messages:
        key = f"report.count.{noun}.other"
    return messages.text(key, count=format_number(value, messages.language))


class _Builder:
    """Holds the catalogue and lookups that every part of the view needs."""

    def __init__(self, assessment: Assessment, catalog: CatalogLike | None, messages: Catalogue):
        self.assessment = assessment
        self.catalog = catalog
        self.messages = messages
        self.language = messages.language
        self.urls = catalog_urls(assessment.catalog, catalog)
        self.tenant_labels = {t.tenant.key: t.tenant.label for t in assessment.tenants}
        # Large landscapes repeat the same few labels and source rows in every finding.
        self._labels: dict[tuple[str, object], Label] = {}
        self._locations: dict[SourceRef, Location] = {}

    def text(self, key: str, **params: object) -> str:
        return self.messages.text(key, **params)

    def label(self, prefix: str, value: object) -> Label:
        found = self._labels.get((prefix, value))
        if found is None:
            key = str(value)
            found = self._labels[(prefix, value)] = Label(key, self.text(f"{prefix}.{key}"))
        return found

    def number(self, value: int) -> str:
        return format_number(value, self.language)

    def count(self, noun: str, value: int) -> str:
        return count_phrase(self.messages, noun, value)

    def link(self, reference: str) -> Link:
        if reference in self.urls and is_web_url(reference):
            return Link(self.urls[reference], reference)
        return Link(reference)

    def location(self, ref: SourceRef) -> Location:
        found = self._locations.get(ref)
        if found is None:
            found = self._locations[ref] = self._location(ref)
        return found

    def _location(self, ref: SourceRef) -> Location:
        # Reports name the file only: the consultant's folder layout means nothing to the
        # customer and may reveal a user name. assessment.json keeps the full path.
        parts = [PurePath(ref.file).name]
        if ref.sheet:
            parts.append(self.text("report.location.sheet", sheet=ref.sheet))
        if ref.row is not None:
            parts.append(self.text("report.location.row", row=ref.row))
        if ref.column:
            parts.append(self.text("report.location.column", column=ref.column))
        return Location(ref.file, ref.sheet, ref.row, ref.column, ", ".join(parts))


def build_report_view(
    assessment: Assessment,
    messages: Catalogue,
    catalog: CatalogLike | None = None,
    limits: DetailLimits = DetailLimits(),
) -> ReportView:
    """Build the view of ``assessment`` in the language of ``messages``.

    Raises ``MissingMessage`` when the catalogue lacks a text the reports need, so a
    gap in a translation fails the run instead of printing a key.
    """
    builder = _Builder(assessment, catalog, messages)

    sections = tuple(sorted((_tenant_section(builder, t, limits) for t in assessment.tenants), key=_attention_order))
    attention = [s for s in sections if s.needs_attention]
    detailed = tuple(attention[: limits.tenant_pages])
    detailed_keys = {s.key for s in detailed}
    rest = [s for s in sections if s.key not in detailed_keys]
    others = tuple(rest[: limits.other_tenant_rows])

    findings = tuple(sorted((f for s in sections for f in s.findings), key=_finding_order))
    systems = tuple(row for s in sections for row in s.systems)
    unassigned = tuple(_system_row(builder, sa, "", "") for sa in assessment.unassigned_systems)

    return ReportView(
        language=builder.language,
        customer=assessment.customer,
        as_of=assessment.as_of,
        generated_at=assessment.generated_at,
        tool_version=assessment.tool_version,
        schema_version=assessment.schema_version,
        headline=_headline(builder, unassigned),
        summary=_summary(builder, sections, limits),
        tenants=sections,
        detailed=detailed,
        others=others,
        others_hidden=len(rest) - len(others),
        findings=findings,
        systems=systems + unassigned,
        appendix=_appendix(builder, unassigned, limits),
        limits=limits,
        effort=_effort_view(builder, limits),
        waivers=_waivers_view(builder),
        rule_settings=_rule_settings_view(builder),
    )


def _attention_order(section: TenantSection) -> tuple:
    return (-Readiness(section.readiness.key).rank, -section.high_findings, section.label.casefold(), section.key)


def _finding_order(finding: FindingView) -> tuple:
    return (-Severity(finding.severity.key).rank, finding.tenant_label.casefold(), finding.system_name or "", finding.id)


def _headline(builder: _Builder, unassigned: tuple[SystemRow, ...]) -> Headline:
    assessment = builder.assessment
    tenant_counts = Counter(t.readiness for t in assessment.tenants)
    system_counts = Counter(s.readiness for t in assessment.tenants for s in t.systems)
    system_counts.update(s.readiness for s in assessment.unassigned_systems)
    severity_counts = Counter(f.severity for f in assessment.findings)

    return Headline(
        tenants=len(assessment.tenants),
        neo_tenants=sum(1 for t in assessment.tenants if t.tenant.infrastructure.value == "neo"),
        systems=sum(len(t.systems) for t in assessment.tenants) + len(unassigned),
        findings=len(assessment.findings),
        readiness=tuple(
            ReadinessRow(builder.label("readiness", level), tenant_counts[level], system_counts[level])
            for level in Readiness
        ),
        severities=tuple(CountRow(builder.label("severity", level), severity_counts[level]) for level in Severity),
    )


def _summary(builder: _Builder, sections: tuple[TenantSection, ...], limits: DetailLimits) -> Summary:
    assessment = builder.assessment
    counts = Counter(t.readiness for t in assessment.tenants)
    overall = min((t.readiness for t in assessment.tenants), key=lambda r: -r.rank, default=Readiness.NOTHING_TO_MIGRATE)
    verdict = builder.text(
        f"report.summary.verdict.{overall.value}",
        tenants=builder.number(len(assessment.tenants)),
        **{level.value: builder.number(counts[level]) for level in Readiness},
    )

    blockers = _blockers(builder)
    deadlines = _deadlines(builder)
    return Summary(
        overall=builder.label("readiness", overall),
        verdict=verdict,
        blockers=blockers[: limits.blockers],
        more_blockers=max(0, len(blockers) - limits.blockers),
        deadlines=deadlines,
        next_steps=_next_steps(builder, counts, deadlines),
    )


def _blockers(builder: _Builder) -> tuple[Blocker, ...]:
    """Group blocking findings by their rendered title, so each connector and role is one line."""
    systems: dict[str, set[tuple[str, str | None]]] = {}
    tenants: dict[str, set[str]] = {}
    codes: dict[str, str] = {}
    for finding in builder.assessment.findings:
        if not finding.blocks:
            continue
        title = builder.text(f"findings.{finding.code}.title", **_finding_params(builder, finding))
        codes.setdefault(title, finding.code)
        systems.setdefault(title, set()).add((finding.tenant_key, finding.system_name))
        tenants.setdefault(title, set()).add(finding.tenant_key)

    blockers = []
    for title in sorted(systems, key=lambda t: (-len(systems[t]), t)):
        system_count = sum(1 for _, name in systems[title] if name is not None)
        blockers.append(
            Blocker(
                code=codes[title],
                title=title,
                systems=system_count,
                tenants=len(tenants[title]),
                sentence=builder.text(
                    "report.summary.blocker_scope",
                    systems=builder.count("system", system_count),
                    tenants=builder.count("tenant", len(tenants[title])),
                ),
            )
        )
    return tuple(blockers)


def _deadlines(builder: _Builder) -> tuple[Deadline, ...]:
    if builder.catalog is None:
        return ()

    deadlines = []
    for key in DEADLINE_FACTS:
        fact = builder.catalog.facts.get(key)
        if fact is None:
            continue
        date = _as_date(fact.value)
        if date is None:
            continue
        days_left = (date - builder.assessment.as_of).days
        tense = "future" if days_left >= 0 else "past"
        deadlines.append(
            Deadline(
                title=builder.text(f"report.deadline.{key}.title"),
                date=date,
                days_left=days_left,
                sentence=builder.text(
                    f"report.deadline.{key}.{tense}",
                    date=format_date(date, builder.language),
                    days=builder.count("day", abs(days_left)),
                ),
                source=builder.link(fact.source) if fact.source else None,
            )
        )

    sunset = deadlines[0].date if deadlines else None
    return tuple(deadlines) + _api_deadlines(builder, sunset)


def _api_deadlines(builder: _Builder, sunset: dt.date | None) -> tuple[Deadline, ...]:
    """List the API decommission dates that fall before the Neo sunset, earliest first."""
    deadlines = []
    for fact in builder.catalog.facts.values():
        date = _as_date(fact.value) if API_DEADLINE_MARK in fact.key else None
        if date is None or (sunset is not None and date >= sunset):
            continue

        days_left = (date - builder.assessment.as_of).days
        tense = "future" if days_left >= 0 else "past"
        systems = {(f.tenant_key, f.system_name) for f in builder.assessment.findings if f.system_name and fact.source in f.sources}
        deadlines.append(
            Deadline(
                title=_fact_label(builder, fact.key),
                date=date,
                days_left=days_left,
                sentence=builder.text(
                    f"report_pdf.deadline.api.{tense}",
                    date=format_date(date, builder.language),
                    days=builder.count("day", abs(days_left)),
                    systems=builder.count("system", len(systems)),
                ),
                source=builder.link(fact.source) if fact.source else None,
                systems=len(systems),
            )
        )
    return tuple(sorted(deadlines, key=lambda deadline: deadline.date))


def _as_date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        return None


def _next_steps(builder: _Builder, counts: Counter, deadlines: tuple[Deadline, ...] = ()) -> tuple[str, ...]:
    assessment = builder.assessment
    findings = assessment.findings
    steps = []

    blocking = {(f.tenant_key, f.system_name) for f in findings if f.blocks}
    if blocking:
        steps.append(
            builder.text(
                "report.summary.next.resolve_blockers",
                systems=builder.count("system", len(blocking)),
                tenants=builder.count("blocked_tenant", counts[Readiness.BLOCKED]),
            )
        )

    api_deadlines = [deadline for deadline in deadlines if deadline.systems]
    if api_deadlines:
        first = api_deadlines[0]
        steps.append(
            builder.text(
                "report_pdf.summary.next.switch_api_" + ("before" if first.days_left >= 0 else "now"),
                systems=builder.count("system", sum(deadline.systems for deadline in api_deadlines)),
                date=format_date(first.date, builder.language),
            )
        )

    confirm = sum(1 for f in findings if f.confirm_with_sap)
    if confirm:
        steps.append(builder.text("report.summary.next.confirm_with_sap", findings=builder.count("finding", confirm)))

    if counts[Readiness.NEEDS_EVALUATION]:
        steps.append(
            builder.text("report.summary.next.evaluate", tenants=builder.count("tenant", counts[Readiness.NEEDS_EVALUATION]))
        )

    issues = len(assessment.inventory.issues)
    if issues:
        steps.append(builder.text("report.summary.next.fix_inputs", issues=builder.count("input_issue", issues)))

    routes = Counter(t.route for t in assessment.tenants if t.readiness != Readiness.NOTHING_TO_MIGRATE)
    if routes["wizard"]:
        steps.append(builder.text("report.summary.next.plan_wizard", tenants=builder.count("bundle_tenant", routes["wizard"])))
    if routes["standalone_note"]:
        steps.append(
            builder.text("report.summary.next.plan_standalone", tenants=builder.count("standalone_tenant", routes["standalone_note"]))
        )

    steps.append(builder.text("report.summary.next.workbook"))
    return tuple(steps)


def _tenant_section(builder: _Builder, assessed: TenantAssessment, limits: DetailLimits) -> TenantSection:
    tenant = assessed.tenant
    findings = tuple(sorted((_finding_view(builder, f) for f in assessed.findings), key=_finding_order))
    severity_counts = Counter(f.severity for f in assessed.findings)
    systems = tuple(_system_row(builder, sa, tenant.key, tenant.label) for sa in assessed.systems)
    diff = tuple(_diff_row(builder, entry) for entry in assessed.diff)
    in_use = tuple(row for row in diff if row.in_use)
    other_counts = Counter(row.status.key for row in diff if not row.in_use)
    status_order = [row.status for row in diff if not row.in_use]
    seen: dict[str, Label] = {}
    for status in status_order:
        seen.setdefault(status.key, status)

    return TenantSection(
        key=tenant.key,
        label=tenant.label,
        tenant_id=tenant.tenant_id,
        host=tenant.host,
        region=tenant.region,
        tenant_type=tenant.tenant_type,
        bundles=tenant.bundles,
        created=tenant.created,
        target_ias_tenant=tenant.target_ias_tenant,
        infrastructure=builder.label("report.infrastructure", tenant.infrastructure),
        tenant_model=builder.label("report.tenant_model", tenant.tenant_model),
        readiness=builder.label("readiness", assessed.readiness),
        route=builder.label("route", assessed.route),
        route_detail=builder.text(f"route.{assessed.route}_detail"),
        facts=_tenant_facts(builder, assessed),
        systems=systems,
        diff=diff,
        diff_in_use=in_use[: limits.diff_rows_per_tenant],
        diff_other=tuple(CountRow(label, other_counts[key]) for key, label in seen.items()),
        gains=_gains(builder, assessed),
        findings=findings,
        findings_shown=findings[: limits.findings_per_tenant],
        findings_hidden=max(0, len(findings) - limits.findings_per_tenant),
        severities=tuple(CountRow(builder.label("severity", level), severity_counts[level]) for level in Severity),
        high_findings=severity_counts[Severity.HIGH],
        checklist=tuple(builder.text(f"checklist.{key}") for key in assessed.checklist),
        needs_attention=assessed.readiness in ATTENTION,
        source=builder.location(tenant.source),
    )


def _tenant_facts(builder: _Builder, assessed: TenantAssessment) -> tuple[FactRow, ...]:
    tenant = assessed.tenant
    infrastructure = builder.text(f"report.infrastructure.{tenant.infrastructure.value}")
    if tenant.infrastructure_derived:
        infrastructure = builder.text("report.tenant.derived", value=infrastructure)
    candidates = [
        ("tenant_id", tenant.tenant_id),
        ("host", tenant.host),
        ("infrastructure", infrastructure),
        ("tenant_model", builder.text(f"report.tenant_model.{tenant.tenant_model.value}")),
        ("bundles", ", ".join(tenant.bundles) or tenant.bundles_raw),
        ("unknown_bundle_codes", ", ".join(tenant.unknown_bundle_codes)),
        ("tenant_type", tenant.tenant_type),
        ("region", tenant.region),
        ("created", format_date(tenant.created, builder.language) if tenant.created else None),
        ("target_ias_tenant", tenant.target_ias_tenant),
        ("systems", builder.number(len(assessed.systems))),
        ("source", builder.location(tenant.source).text),
    ]
    return tuple(FactRow(builder.text(f"report.tenant.fact.{key}"), value) for key, value in candidates if value)


def _finding_view(builder: _Builder, finding: Finding) -> FindingView:
    params = _finding_params(builder, finding)
    return FindingView(
        id=finding.id,
        code=finding.code,
        severity=builder.label("severity", finding.severity),
        tenant_key=finding.tenant_key,
        tenant_label=builder.tenant_labels.get(finding.tenant_key, finding.tenant_key),
        system_name=finding.system_name,
        role=builder.label("role", finding.role) if finding.role else None,
        title=builder.text(f"findings.{finding.code}.title", **params),
        explanation=builder.text(f"findings.{finding.code}.explanation", **params),
        remediation=builder.text(f"findings.{finding.code}.remediation", **params),
        confidence=builder.label("confidence", finding.confidence),
        effort=finding.effort,
        blocks=finding.blocks,
        needs_evaluation=finding.needs_evaluation,
        confirm_with_sap=finding.confirm_with_sap,
        remediable=finding.remediable,
        evidence=tuple(builder.location(ref) for ref in finding.evidence),
        sources=tuple(builder.link(source) for source in finding.sources),
    )


def _finding_params(builder: _Builder, finding: Finding) -> dict[str, str]:
    """Prepare a finding's parameters for its texts in the report language.

    Rules store dates as ISO text and roles as enum values ("target"). Dates get the
    report's date format. The English texts use the role values as words, so only the
    other languages replace them with the role's label.
    """
    params = dict(finding.params)

    for key in DATE_PARAMS:
        date = _as_date(params[key]) if key in params else None
        if date is not None:
            params[key] = format_date(date, builder.language)

    if builder.language != SOURCE_LANGUAGE:
        if "role" in params:
            params["role"] = _role_text(builder, params["role"])
        if "offered" in params:
            params["offered"] = ", ".join(_role_text(builder, role.strip()) for role in params["offered"].split(","))

    return params


def _role_text(builder: _Builder, role: str) -> str:
    key = f"role.{role}"
    return builder.text(key) if key in builder.messages else role


def _system_row(builder: _Builder, assessed: SystemAssessment, tenant_key: str, tenant_label: str) -> SystemRow:
    system = assessed.system
    match = assessed.match
    return SystemRow(
        tenant_key=tenant_key or system.tenant_key,
        tenant_label=tenant_label,
        name=system.name,
        role=builder.label("role", system.role),
        connector_raw=system.connector_raw,
        connector_id=match.connector_id,
        connector_name=match.connector_name,
        match_method=match.method.value,
        match_confidence=match.confidence,
        readiness=builder.label("readiness", assessed.readiness),
        enabled=system.enabled,
        planned=system.planned,
        finding_ids=assessed.finding_ids,
        properties=tuple(sorted(system.properties.items())),
        destination_name=system.destination_name,
        proxy_type=system.proxy_type,
        cloud_connector_location=system.cloud_connector_location,
        authentication=system.authentication,
        inbound_certificate=system.inbound_certificate,
        transformations_modified=system.transformations_modified,
        real_time=system.real_time,
        last_run=system.last_run,
        last_status=system.last_status,
        entity_count=system.entity_count,
        managed_by_sap=system.managed_by_sap,
        source=builder.location(system.source),
    )


def _gains(builder: _Builder, assessed: TenantAssessment) -> tuple[GainGroup, ...]:
    groups = []
    for role in Role:
        names = sorted({entry.connector_name for entry in assessed.diff if entry.status == "gained" and entry.role is role})
        if names:
            groups.append(GainGroup(role=builder.label("role", role), names=tuple(names)))
    return tuple(groups)


def _diff_row(builder: _Builder, entry: ConnectorDiffEntry) -> DiffRow:
    return DiffRow(
        connector_id=entry.connector_id,
        connector_name=entry.connector_name,
        role=builder.label("role", entry.role),
        status=builder.label("diff_status", entry.status),
        in_use=entry.in_use,
        systems=entry.systems,
        note=builder.text(entry.note_key) if entry.note_key else None,
    )


def _appendix(builder: _Builder, unassigned: tuple[SystemRow, ...], limits: DetailLimits) -> Appendix:
    issues = tuple(_issue_row(builder, issue) for issue in builder.assessment.inventory.issues)
    issues = tuple(sorted(issues, key=lambda row: (not row.is_error, row.location.file, row.location.row or 0)))
    files = tuple(
        InputFileRow(PurePath(f.path).name, f.sha256, f.size, f.tables) for f in builder.assessment.inventory.files
    )
    return Appendix(
        method=tuple(builder.text(f"report.appendix.method.paragraph_{n}") for n in (1, 2, 3, 4)),
        readiness_rules=tuple(
            ReadinessRule(builder.label("readiness", level), builder.text(f"report.appendix.rule.{level.value}"))
            for level in Readiness
        ),
        catalog=_catalog_view(builder),
        issues=issues,
        issues_shown=issues[: limits.input_issue_rows],
        issues_hidden=max(0, len(issues) - limits.input_issue_rows),
        files=files,
        unassigned=unassigned,
    )


def _issue_row(builder: _Builder, issue: InputIssue) -> IssueRow:
    return IssueRow(
        is_error=issue.is_error,
        kind=builder.label("report.issue_kind", "error" if issue.is_error else "warning"),
        location=builder.location(issue.source),
        value=issue.value,
        problem=issue.problem,
        suggestion=issue.suggestion,
        related=builder.location(issue.related) if issue.related else None,
    )


def _catalog_view(builder: _Builder) -> CatalogView:
    info = builder.assessment.catalog
    catalog = builder.catalog
    sources = tuple(Link(label, url) for url, label in builder.urls.items() if any(url in pair for pair in info.sources))
    facts: tuple[CatalogFactRow, ...] = ()
    connectors: tuple[CatalogConnectorRow, ...] = ()

    if catalog is not None:
        facts = tuple(
            CatalogFactRow(
                key=fact.key,
                label=_fact_label(builder, fact.key),
                value=_fact_value(builder, fact.value),
                source=builder.link(fact.source),
                read_on=fact.read_on,
                verified=fact.verified,
            )
            for fact in sorted(catalog.facts.values(), key=lambda fact: fact.key)
        )
        connectors = tuple(
            CatalogConnectorRow(
                connector_id=connector.id,
                connector_name=connector.name,
                role=builder.label("role", role),
                sci_bundle=availability.sci_bundle,
                neo_bundle=availability.neo_bundle,
                standalone_sci=availability.standalone_sci,
                standalone_neo=availability.standalone_neo,
                page=availability.page,
                link=builder.link(availability.url),
                aliases=tuple(connector.aliases or ()),
                caveats=tuple(str(caveat) for caveat in connector.caveats or ()),
            )
            for connector in sorted(catalog.connectors.values(), key=lambda c: c.name.casefold())
            for role, availability in sorted(connector.roles.items(), key=lambda item: _role_order(item[0]))
        )

    return CatalogView(
        version=info.version,
        read_on=info.read_on,
        docs_commit=info.docs_commit,
        docs_commit_date=info.docs_commit_date,
        sources=sources,
        facts=facts,
        connectors=connectors,
        available=catalog is not None,
    )


def _role_order(role: Role | str) -> int:
    order = [Role.SOURCE.value, Role.TARGET.value, Role.PROXY.value]
    value = str(role)
    return order.index(value) if value in order else len(order)


def _fact_label(builder: _Builder, key: str) -> str:
    message_key = f"report.catalog_fact.{key}"
    return builder.text(message_key) if message_key in builder.messages else key


def _fact_value(builder: _Builder, value: object) -> str:
    if isinstance(value, bool):
        return builder.text("report.common.yes" if value else "report.common.no")
    if isinstance(value, dt.date):
        return format_date(value, builder.language)
    if isinstance(value, (int, float)):
        return builder.number(value)
    return str(value)


# Effort, accepted risks and rule settings: the sections that --config and --waivers shape.


@dataclass(frozen=True)
class EffortRow:
    """Estimated remediation effort of one tenant, in person-days."""

    tenant_key: str
    tenant_label: str
    readiness: Label
    findings: int
    """Findings counted: open findings other than info."""
    low: float
    high: float


@dataclass(frozen=True)
class EffortSizeRow:
    size: str
    low: float
    high: float


@dataclass(frozen=True)
class EffortView:
    """Effort per tenant and in total, with the table and the assumptions behind it."""

    rows: tuple[EffortRow, ...]
    rows_shown: tuple[EffortRow, ...]
    """The tenants the PDF lists; the workbook lists ``rows``."""
    rows_hidden: int
    total_findings: int
    total_low: float
    total_high: float
    table: tuple[EffortSizeRow, ...]
    assumptions: tuple[str, ...]


@dataclass(frozen=True)
class WaiverRow:
    """One waiver as the reports list it; ``title`` and ``severity`` are set when it matched a finding."""

    rule: str
    title: str | None
    severity: Label | None
    tenant: str
    system: str | None
    role: Label | None
    reason: str
    owner: str
    approved_by: str
    expires: dt.date
    entry: int
    status: Label
    finding_ids: tuple[str, ...]


@dataclass(frozen=True)
class WaiversView:
    """Accepted risks, expired waivers and waivers that matched no finding."""

    file: str | None
    accepted: tuple[WaiverRow, ...]
    expired: tuple[WaiverRow, ...]
    unmatched: tuple[WaiverRow, ...]

    @property
    def rows(self) -> tuple[WaiverRow, ...]:
        """Every waiver: accepted first, then expired and unmatched ones."""
        return self.accepted + self.expired + self.unmatched


@dataclass(frozen=True)
class SettingRow:
    key: str
    default: str
    value: str


@dataclass(frozen=True)
class RuleSettingsView:
    """The settings of the --config file that differ from the defaults."""

    file: str | None
    changes: tuple[SettingRow, ...]
    disabled_sentence: str | None
    """Sentence counting the disabled rules; None when every rule ran."""


def _effort_view(builder: _Builder, limits: DetailLimits) -> EffortView:
    assessment = builder.assessment
    rows = tuple(
        EffortRow(
            tenant_key=tenant.tenant.key,
            tenant_label=tenant.tenant.label,
            readiness=builder.label("readiness", tenant.readiness),
            findings=sum(tenant.effort.by_size.values()),
            low=tenant.effort.low,
            high=tenant.effort.high,
        )
        for tenant in assessment.tenants
    )
    table = tuple(EffortSizeRow(size, span.low, span.high) for size, span in assessment.effort_table.items())
    rows = tuple(sorted(rows, key=lambda row: (-row.high, row.tenant_label.casefold())))
    return EffortView(
        rows=rows,
        rows_shown=rows[: limits.effort_rows],
        rows_hidden=max(0, len(rows) - limits.effort_rows),
        total_findings=sum(assessment.effort.by_size.values()),
        total_low=assessment.effort.low,
        total_high=assessment.effort.high,
        table=table,
        assumptions=_effort_assumptions(builder),
    )


def _effort_assumptions(builder: _Builder) -> tuple[str, ...]:
    changed = any(change.key.startswith("effort.") for change in builder.assessment.config_changes)
    return (
        builder.text("effort.assumptions.table_changed" if changed else "effort.assumptions.table"),
        builder.text("effort.assumptions.info", count=builder.number(builder.assessment.effort.info_findings)),
        builder.text("effort.assumptions.accepted"),
        builder.text("effort.assumptions.separate"),
        builder.text("effort.assumptions.scope"),
    )


def _waivers_view(builder: _Builder) -> WaiversView:
    assessment = builder.assessment
    findings = {finding.id: finding for finding in assessment.findings + assessment.accepted_findings}
    rows = [_waiver_row(builder, outcome, findings) for outcome in assessment.waivers]
    return WaiversView(
        file=PurePath(assessment.waivers_file).name if assessment.waivers_file else None,
        accepted=tuple(row for row in rows if row.status.key == "applied"),
        expired=tuple(row for row in rows if row.status.key == "expired"),
        unmatched=tuple(row for row in rows if row.status.key == "unmatched"),
    )


def _waiver_row(builder: _Builder, outcome, findings: dict[str, Finding]) -> WaiverRow:
    waiver = outcome.waiver
    matched = [findings[finding_id] for finding_id in outcome.finding_ids if finding_id in findings]
    first = matched[0] if matched else None
    return WaiverRow(
        rule=waiver.rule,
        title=builder.text(f"findings.{first.code}.title", **_finding_params(builder, first)) if first else None,
        severity=builder.label("severity", first.severity) if first else None,
        tenant=builder.tenant_labels.get(first.tenant_key, waiver.tenant) if first else waiver.tenant,
        system=waiver.system,
        role=builder.label("role", waiver.role) if waiver.role else None,
        reason=waiver.reason,
        owner=waiver.owner,
        approved_by=waiver.approved_by,
        expires=waiver.expires,
        entry=waiver.entry,
        status=builder.label("waivers.status", outcome.status),
        finding_ids=outcome.finding_ids,
    )


def _rule_settings_view(builder: _Builder) -> RuleSettingsView:
    assessment = builder.assessment
    disabled = sum(1 for setting in assessment.rules.values() if not setting.enabled)
    sentence = None
    if disabled:
        sentence = builder.text("config.report.disabled", count=builder.number(disabled), total=builder.number(len(assessment.rules)))
    return RuleSettingsView(
        file=PurePath(assessment.config_file).name if assessment.config_file else None,
        changes=tuple(SettingRow(change.key, change.default, change.value) for change in assessment.config_changes),
        disabled_sentence=sentence,
    )
