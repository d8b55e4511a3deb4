"""Frozen records that cross stage boundaries: ingest -> assess -> render.

Every stage imports its inputs and outputs from here, so the JSON written to
``assessment.json`` and the objects the tests inspect have one definition.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import Enum
from typing import Mapping


class StrEnum(str, Enum):
    """String enum whose JSON form is its value (Python 3.10 has no enum.StrEnum)."""

    def __str__(self) -> str:
        return self.value


class Severity(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Order for sorting and thresholds: high is 3, info is 0."""
        return {"high": 3, "medium": 2, "low": 1, "info": 0}[self.value]


class Role(StrEnum):
    SOURCE = "source"
    TARGET = "target"
    PROXY = "proxy"


class Infrastructure(StrEnum):
    NEO = "neo"
    SCI = "sci"
    UNKNOWN = "unknown"


class TenantModel(StrEnum):
    BUNDLE = "bundle"
    STANDALONE = "standalone"
    UNKNOWN = "unknown"


class Readiness(StrEnum):
    BLOCKED = "blocked"
    NEEDS_EVALUATION = "needs_evaluation"
    READY_AFTER_ADJUSTMENTS = "ready_after_adjustments"
    READY = "ready"
    NOTHING_TO_MIGRATE = "nothing_to_migrate"

    @property
    def rank(self) -> int:
        """Urgency for sorting: blocked is highest, so a tenant takes the maximum over its systems."""
        order = ["blocked", "needs_evaluation", "ready_after_adjustments", "ready", "nothing_to_migrate"]
        return len(order) - order.index(self.value)


class Confidence(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


class MatchMethod(StrEnum):
    EXACT = "exact"
    ALIAS = "alias"
    FUZZY = "fuzzy"
    NONE = "none"


@dataclass(frozen=True)
class SourceRef:
    """Location of a value in an input: the row number is the one the spreadsheet program shows."""

    file: str
    sheet: str | None = None
    row: int | None = None
    column: str | None = None

    def describe(self) -> str:
        parts = [self.file]
        if self.sheet:
            parts.append(f"sheet '{self.sheet}'")
        if self.row is not None:
            parts.append(f"row {self.row}")
        if self.column:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)


@dataclass(frozen=True)
class InputIssue:
    """Problem found in an input cell or file; errors stop the run, warnings lower confidence."""

    source: SourceRef
    problem: str
    suggestion: str
    value: str | None = None
    is_error: bool = False
    related: SourceRef | None = None

    def line(self) -> str:
        value = f" value {self.value!r}:" if self.value is not None else ""
        where = self.source.describe()
        also = f" (see also {self.related.describe()})" if self.related else ""
        return f"{where}:{value} {self.problem}{also}. {self.suggestion}"


@dataclass(frozen=True)
class InputFile:
    """One input file as read: name, SHA-256 and size, for the report's About section."""

    path: str
    sha256: str
    size: int
    tables: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tenant:
    """An IPS tenant row. Optional fields are None when the cell was blank or the column absent."""

    key: str
    source: SourceRef
    tenant_id: str | None = None
    host: str | None = None
    display_name: str | None = None
    infrastructure: Infrastructure = Infrastructure.UNKNOWN
    infrastructure_derived: bool = False
    tenant_model: TenantModel = TenantModel.UNKNOWN
    bundles: tuple[str, ...] = ()
    bundles_raw: str | None = None
    unknown_bundle_codes: tuple[str, ...] = ()
    tenant_type: str | None = None
    region: str | None = None
    created: dt.date | None = None
    target_ias_tenant: str | None = None
    wanted_connectors: tuple[str, ...] = ()
    columns_present: frozenset[str] = frozenset()

    @property
    def label(self) -> str:
        return self.display_name or self.tenant_id or self.host or self.key


@dataclass(frozen=True)
class System:
    """A source, target or proxy system configured on a tenant.

    ``properties`` contains connector API version properties such as ``ias.api.version``:
    a key that is present with None means the cell was blank (SAP treats unset as the
    oldest version), while an absent key means the input had no such column.
    """

    tenant_key: str
    name: str
    connector_raw: str
    role: Role
    source: SourceRef
    enabled: bool | None = None
    planned: bool = False
    properties: Mapping[str, str | None] = field(default_factory=dict)
    destination_name: str | None = None
    proxy_type: str | None = None
    cloud_connector_location: str | None = None
    authentication: str | None = None
    inbound_certificate: bool | None = None
    transformations_modified: bool | None = None
    real_time: bool | None = None
    last_run: dt.date | None = None
    last_status: str | None = None
    entity_count: int | None = None
    managed_by_sap: bool | None = None
    columns_present: frozenset[str] = frozenset()

    @property
    def key(self) -> str:
        return f"{self.tenant_key}|{self.name}|{self.role.value}"


@dataclass(frozen=True)
class Inventory:
    """Everything read from the inputs, before any judgement about migration."""

    tenants: tuple[Tenant, ...]
    systems: tuple[System, ...]
    issues: tuple[InputIssue, ...] = ()
    files: tuple[InputFile, ...] = ()


@dataclass(frozen=True)
class ConnectorMatch:
    """Result of matching a customer's connector name against the catalog."""

    raw: str
    connector_id: str | None
    connector_name: str | None
    method: MatchMethod
    confidence: float
    candidates: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Finding:
    """A migration risk or fact about one system or tenant.

    ``params`` fill the placeholders of the message catalogue entries for ``code``,
    so every report language renders the same finding.
    """

    id: str
    code: str
    severity: Severity
    tenant_key: str
    evidence: tuple[SourceRef, ...]
    params: Mapping[str, str] = field(default_factory=dict)
    system_name: str | None = None
    role: Role | None = None
    sources: tuple[str, ...] = ()
    confidence: Confidence = Confidence.HIGH
    effort: str = "S"
    remediable: bool = True
    confirm_with_sap: bool = False
    blocks: bool = False
    needs_evaluation: bool = False


@dataclass(frozen=True)
class ConnectorDiffEntry:
    """One connector in one role, compared between the tenant's Neo set and its SCI set."""

    connector_id: str
    connector_name: str
    role: Role
    status: str
    in_use: bool
    systems: tuple[str, ...] = ()
    note_key: str | None = None


@dataclass(frozen=True)
class SystemAssessment:
    system: System
    match: ConnectorMatch
    readiness: Readiness
    finding_ids: tuple[str, ...] = ()


@dataclass(frozen=True)
class TenantAssessment:
    tenant: Tenant
    readiness: Readiness
    route: str
    systems: tuple[SystemAssessment, ...]
    findings: tuple[Finding, ...]
    diff: tuple[ConnectorDiffEntry, ...]
    checklist: tuple[str, ...]
    accepted: tuple[Finding, ...] = ()
    """Findings a valid waiver accepts: kept out of ``findings``, readiness and ``--fail-on``."""
    effort: "EffortEstimate" = field(default_factory=lambda: EffortEstimate())
    """Remediation effort of ``findings``."""


@dataclass(frozen=True)
class CatalogInfo:
    """Provenance of the connector catalog used for an assessment."""

    version: str
    read_on: dt.date
    docs_commit: str
    docs_commit_date: dt.date
    sources: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Assessment:
    schema_version: int
    tool_version: str
    as_of: dt.date
    generated_at: dt.datetime
    customer: str
    catalog: CatalogInfo
    inventory: Inventory
    tenants: tuple[TenantAssessment, ...]
    unassigned_systems: tuple[SystemAssessment, ...] = ()
    effort: "EffortEstimate" = field(default_factory=lambda: EffortEstimate())
    """Remediation effort of every open finding of every tenant."""
    effort_table: Mapping[str, "EffortRange"] = field(default_factory=dict)
    """Person-days per effort size (S, M, L, XL) that the estimates used."""
    rules: Mapping[str, "RuleSetting"] = field(default_factory=dict)
    """Every registered rule by code, with the settings it ran with."""
    config_file: str | None = None
    config_changes: tuple["ConfigChange", ...] = ()
    """Settings of ``config_file`` that differ from the defaults."""
    waivers_file: str | None = None
    waivers: tuple["WaiverOutcome", ...] = ()
    """Every waiver of ``waivers_file`` with what it did: applied, expired or unmatched."""

    @property
    def findings(self) -> tuple[Finding, ...]:
        return tuple(f for t in self.tenants for f in t.findings)

    @property
    def accepted_findings(self) -> tuple[Finding, ...]:
        return tuple(f for t in self.tenants for f in t.accepted)


@dataclass(frozen=True)
class EffortRange:
    """A span of person-days, from ``low`` to ``high``."""

    low: float
    high: float


@dataclass(frozen=True)
class EffortEstimate:
    """Estimated remediation effort of a set of findings, in person-days."""

    low: float = 0.0
    high: float = 0.0
    by_size: Mapping[str, int] = field(default_factory=dict)
    """Number of counted findings per effort size."""
    info_findings: int = 0
    """Info findings, which count zero person-days."""


@dataclass(frozen=True)
class RuleSetting:
    """A rule as it ran: its version and its severity, effort and state after the config."""

    version: int
    severity: Severity
    effort: str
    enabled: bool


@dataclass(frozen=True)
class ConfigChange:
    """One setting of the ``--config`` file that differs from the default.

    ``key`` is the dotted path in the file, such as ``rules.OPS-DISABLED.enabled`` or
    ``effort.M``; ``default`` and ``value`` are printable forms of the two settings.
    """

    key: str
    default: str
    value: str


@dataclass(frozen=True)
class Waiver:
    """An accepted risk: one finding, identified by its stable id parts, that the customer accepts.

    ``entry`` is the position of the waiver in its file, counting from 1.
    """

    rule: str
    tenant: str
    reason: str
    owner: str
    expires: dt.date
    approved_by: str
    file: str
    entry: int
    system: str | None = None
    role: Role | None = None


class WaiverStatus(StrEnum):
    APPLIED = "applied"
    EXPIRED = "expired"
    UNMATCHED = "unmatched"


@dataclass(frozen=True)
class WaiverOutcome:
    """Result of one waiver in an assessment, with the ids of the findings it matched."""

    waiver: Waiver
    status: WaiverStatus
    finding_ids: tuple[str, ...] = ()
