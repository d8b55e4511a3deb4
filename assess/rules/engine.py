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
    fields = {
        "id": finding_id(rule.code, tenant_key, system, role.value if role else None),
        "tenant_key": tenant_key,
        "evidence": evidence,
        "params": dict(hit.params),
        "system_name": system,
        "role": role,
        "sources": tuple(source for source in hit.sources if source),
        "confidence": confidence,
    }
    return _build_finding(_rule_fields(rule), fields)


def _rule_fields(rule: Rule) -> dict[str, object]:
    return {
        "code": rule.code,
        "severity": rule.severity,
        "effort": rule.effort,
        "remediable": rule.remediable,
        "confirm_with_sap": rule.confirm_with_sap,
        "blocks": rule.blocks,
        "needs_evaluation": rule.needs_evaluation,
    }


def _build_finding(rule_fields: dict[str, object], fields: dict[str, object]) -> Finding:
    # The generated __init__ of a frozen dataclass sets each field with object.__setattr__,
    # which took a fifth of the assessment time on 20,000 systems. Every field is given
    # here, so filling the instance dictionary builds the same object.
    finding = object.__new__(Finding)
    finding.__dict__.update(rule_fields, **fields)
    return finding


def enabled_rules(rules: dict[str, Rule], scope: str) -> tuple[Rule, ...]:
    """Return the enabled rules of one scope, in registry order."""
    return tuple(rule for rule in rules.values() if rule.scope == scope and rule.enabled)


def system_findings(context: SystemContext, issues: IssueIndex, rules: tuple[Rule, ...]) -> list[Finding]:
    """Run the system rules (see ``enabled_rules``) on one system."""
    hits = [(rule, hit) for rule in rules for hit in rule.check(context)]
    if not hits:
        return []

    confidence = _confidence(context, issues)
    system = context.system
    evidence = (system.source,)
    return [
        _finding(rule, hit, tenant_key=context.tenant.tenant.key, evidence=evidence, confidence=confidence,
                 system=system.name, role=system.role)
        for rule, hit in hits
    ]


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


__all__ = ["IssueIndex", "enabled_rules", "finding_id", "load_rules", "system_findings", "tenant_findings", "SCOPE_SYSTEM", "SCOPE_TENANT"]
