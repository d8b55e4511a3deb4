"""Run the registered rules over an inventory and turn their hits into findings."""

from __future__ import annotations

from typing import Iterable

from ..model import Confidence, Finding, InputIssue, MatchMethod, SourceRef
from .context import SystemContext, TenantContext
from .registry import SCOPE_SYSTEM, SCOPE_TENANT, Hit, Rule, all_rules


def finding_id(code: str, tenant_key: str, system: str | None = None, role: str | None = None) -> str:
    """Build the stable id of a finding: rule code, tenant, system and role."""
    return "|".join([code, tenant_key, system or "", role or ""])


class IssueIndex:
    """Input warnings by (file, sheet, row), so a finding on a row with issues loses confidence."""

    def __init__(self, issues: Iterable[InputIssue]):
        self._rows = {(i.source.file, i.source.sheet, i.source.row) for i in issues if i.source.row is not None}

    def has_issue(self, source: SourceRef) -> bool:
        return (source.file, source.sheet, source.row) in self._rows


def _confidence(context: SystemContext, issues: IssueIndex) -> Confidence:
    if context.match.method in (MatchMethod.FUZZY, MatchMethod.NONE):
        return Confidence.LOW
    if issues.has_issue(context.system.source) or issues.has_issue(context.tenant.tenant.source):
        return Confidence.MEDIUM
    return Confidence.HIGH


def _finding(rule: Rule, hit: Hit, *, tenant_key: str, evidence: tuple[SourceRef, ...], confidence: Confidence,
             system: str | None = None, role=None) -> Finding:
    return Finding(
        id=finding_id(rule.code, tenant_key, system, role.value if role else None),
        code=rule.code,
        severity=rule.severity,
        tenant_key=tenant_key,
        evidence=evidence,
        params=dict(hit.params),
        system_name=system,
        role=role,
        sources=tuple(source for source in hit.sources if source),
        confidence=confidence,
        effort=rule.effort,
        remediable=rule.remediable,
        confirm_with_sap=rule.confirm_with_sap,
        blocks=rule.blocks,
        needs_evaluation=rule.needs_evaluation,
    )


def system_findings(context: SystemContext, issues: IssueIndex, rules: dict[str, Rule]) -> list[Finding]:
    """Run every enabled system rule on one system."""
    findings = []
    confidence = _confidence(context, issues)
    for rule in rules.values():
        if rule.scope != SCOPE_SYSTEM or not rule.enabled:
            continue
        for hit in rule.check(context):
            findings.append(
                _finding(
                    rule,
                    hit,
                    tenant_key=context.tenant.tenant.key,
                    evidence=(context.system.source,),
                    confidence=confidence,
                    system=context.system.name,
                    role=context.system.role,
                )
            )
    return findings


def tenant_findings(context: TenantContext, issues: IssueIndex, rules: dict[str, Rule]) -> list[Finding]:
    """Run every enabled tenant rule on one tenant."""
    tenant = context.tenant.tenant
    confidence = Confidence.MEDIUM if issues.has_issue(tenant.source) else Confidence.HIGH
    findings = []
    for rule in rules.values():
        if rule.scope != SCOPE_TENANT or not rule.enabled:
            continue
        hits = list(rule.check(context))
        for index, hit in enumerate(hits):
            # A rule that hits a tenant more than once (one unknown bundle each) needs distinct ids.
            suffix = hit.subject if len(hits) > 1 else None
            findings.append(
                _finding(rule, hit, tenant_key=tenant.key, evidence=(tenant.source,), confidence=confidence, system=suffix)
            )
    return findings


def load_rules() -> dict[str, Rule]:
    """Return every registered rule with its default settings, by code."""
    return all_rules()


__all__ = ["IssueIndex", "finding_id", "load_rules", "system_findings", "tenant_findings", "SCOPE_SYSTEM", "SCOPE_TENANT"]
