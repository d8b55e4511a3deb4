"""The ``--waivers`` file: findings the customer accepts as risks, with owner and expiry.

A waivers file is YAML: a list of entries, or a table whose ``waivers`` key contains the list::

    waivers:
      - rule: OPS-DISABLED
        tenant: a7f3e21c9          # tenant id, host, display name or key
        system: Old HR Feed        # required for system rules, absent for tenant rules
        role: source               # optional: without it every role of the system matches
        reason: Kept for the audit trail until the HR cut-over.
        owner: HR IT
        expires: 2027-03-31
        approved_by: J. Doe (CISO)

A waiver applies while the assessment date is on or before ``expires``. An applied waiver
moves the finding out of the readiness roll-up and ``--fail-on`` into the accepted risks;
an expired one leaves the finding open, and a waiver that matches no finding is reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, Iterable, Mapping

import yaml

from .errors import AssessError
from .messages import catalogue
from .model import Assessment, Finding, Role, Tenant, Waiver, WaiverOutcome, WaiverStatus
from .rules.registry import SCOPE_SYSTEM, Rule

REQUIRED_FIELDS = ("rule", "tenant", "reason", "owner", "expires", "approved_by")
OPTIONAL_FIELDS = ("system", "role")


class WaiverError(AssessError):
    """The waivers file is invalid; carries one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return list(self.problems)


def load_waivers(path: Path, rules: Mapping[str, Rule]) -> tuple[Waiver, ...]:
    """Read and validate ``path``; raise ``WaiverError`` listing every invalid entry and field."""
    reader = _Reader(str(path), rules)
    entries = reader.entries(path)

    waivers = [reader.waiver(index, entry) for index, entry in enumerate(entries, start=1)]

    if reader.problems:
        raise WaiverError(reader.problems)
    return tuple(waiver for waiver in waivers if waiver is not None)


class WaiverBook:
    """Matches findings against waivers during one assessment and records what each waiver did."""

    def __init__(self, waivers: Iterable[Waiver], as_of: dt.date):
        self.waivers = tuple(waivers)
        self.as_of = as_of
        self._matched: dict[int, list[str]] = {index: [] for index in range(len(self.waivers))}

    def split(self, tenant: Tenant, findings: Iterable[Finding]) -> tuple[list[Finding], list[Finding]]:
        """Split a tenant's findings into open ones and ones an unexpired waiver accepts."""
        open_findings: list[Finding] = []
        accepted: list[Finding] = []
        for finding in findings:
            if self._accepts(tenant, finding):
                accepted.append(finding)
            else:
                open_findings.append(finding)
        return open_findings, accepted

    def _accepts(self, tenant: Tenant, finding: Finding) -> bool:
        accepted = False
        for index, waiver in enumerate(self.waivers):
            if matches(waiver, tenant, finding):
                self._matched[index].append(finding.id)
                accepted = accepted or not self.expired(waiver)
        return accepted

    def expired(self, waiver: Waiver) -> bool:
        """Tell whether the waiver's expiry date lies before the assessment date."""
        return waiver.expires < self.as_of

    def outcomes(self) -> tuple[WaiverOutcome, ...]:
        """Return what each waiver did, in file order; call after every tenant is split."""
        outcomes = []
        for index, waiver in enumerate(self.waivers):
            ids = tuple(self._matched[index])
            if not ids:
                status = WaiverStatus.UNMATCHED
            elif self.expired(waiver):
                status = WaiverStatus.EXPIRED
            else:
                status = WaiverStatus.APPLIED
            outcomes.append(WaiverOutcome(waiver=waiver, status=status, finding_ids=ids))
        return tuple(outcomes)


def matches(waiver: Waiver, tenant: Tenant, finding: Finding) -> bool:
    """Tell whether ``waiver`` names ``finding``: same rule, tenant, and system and role when given."""
    if waiver.rule != finding.code or not _names_tenant(waiver.tenant, tenant):
        return False
    if waiver.system is not None and waiver.system.casefold() != (finding.system_name or "").casefold():
        return False
    return waiver.role is None or waiver.role is finding.role


def _names_tenant(name: str, tenant: Tenant) -> bool:
    candidates = (tenant.key, tenant.tenant_id, tenant.host, tenant.display_name)
    return any(candidate is not None and candidate.casefold() == name.casefold() for candidate in candidates)


class _Reader:
    """Validates one waivers file and collects every problem as a one-line message."""

    def __init__(self, file: str, rules: Mapping[str, Rule]):
        self.file = file
        self.rules = rules
        self.messages = catalogue("en")
        self.problems: list[str] = []

    def problem(self, entry: int | None, field: str, value: object, message: str, **params: object) -> None:
        detail = self.messages.text(f"waivers.error.{message}", **params)
        if entry is None:
            key = "waivers.error.line_file"
        elif message == "missing":
            key = "waivers.error.line_missing"
        else:
            key = "waivers.error.line_entry"
        self.problems.append(
            self.messages.text(key, file=self.file, entry=entry, field=field, value=repr(value), detail=detail)
        )

    def entries(self, path: Path) -> list[Any]:
        data = self._load(path)
        if isinstance(data, dict) and set(data) == {"waivers"}:
            data = data["waivers"]
        if data is None:
            return []
        if not isinstance(data, list):
            self.problem(None, "(top level)", type(data).__name__, "not_a_list")
            return []
        return data

    def _load(self, path: Path) -> Any:
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem(None, "(file)", str(path), "not_found")
            return None
        except (OSError, UnicodeDecodeError) as error:
            self.problem(None, "(file)", str(path), "unreadable", error=error)
            return None
        try:
            return yaml.safe_load(raw)
        except yaml.YAMLError as error:
            self.problem(None, "(file)", str(path), "syntax", error=" ".join(str(error).split()))
            return None

    def waiver(self, index: int, entry: Any) -> Waiver | None:
        if not isinstance(entry, dict):
            self.problem(index, "(entry)", entry, "entry_not_a_table")
            return None

        before = len(self.problems)
        self._check_fields(index, entry)
        values = {name: self._value(index, name, entry[name]) for name in REQUIRED_FIELDS + OPTIONAL_FIELDS if name in entry}
        self._check_scope(index, entry)

        if len(self.problems) > before:
            return None
        return Waiver(file=self.file, entry=index, **values)

    def _check_fields(self, index: int, entry: dict) -> None:
        for name in entry:
            if name not in REQUIRED_FIELDS + OPTIONAL_FIELDS:
                allowed = ", ".join(REQUIRED_FIELDS + OPTIONAL_FIELDS)
                self.problem(index, str(name), entry[name], "unknown_field", allowed=allowed)
        for name in REQUIRED_FIELDS:
            if name not in entry:
                self.problem(index, name, None, "missing")

    def _value(self, index: int, name: str, value: Any) -> Any:
        if name == "rule":
            return self._rule(index, value)
        if name == "expires":
            return self._date(index, value)
        if name == "role":
            return self._role(index, value)
        if value is None or isinstance(value, (dict, list)) or not str(value).strip():
            self.problem(index, name, value, "empty")
            return None
        return str(value).strip()

    def _rule(self, index: int, value: Any) -> str | None:
        code = str(value).strip().upper()
        if code not in self.rules:
            self.problem(index, "rule", value, "unknown_rule")
            return None
        return code

    def _date(self, index: int, value: Any) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(index, "expires", value, "date")
            return None

    def _role(self, index: int, value: Any) -> Role | None:
        try:
            return Role(str(value).strip().lower())
        except ValueError:
            self.problem(index, "role", value, "role", allowed=", ".join(role.value for role in Role))
            return None

    def _check_scope(self, index: int, entry: dict) -> None:
        rule = self.rules.get(str(entry.get("rule", "")).strip().upper())
        if rule is None:
            return
        if rule.scope == SCOPE_SYSTEM and not entry.get("system"):
            self.problem(index, "system", entry.get("system"), "system_required", rule=rule.code)


def waiver_warnings(assessment: Assessment) -> list[str]:
    """Build one console warning per waiver that expired or matches no finding."""
    messages = catalogue("en")
    lines = []
    for outcome in assessment.waivers:
        if outcome.status is WaiverStatus.APPLIED:
            continue
        waiver = outcome.waiver
        lines.append(
            messages.text(
                f"waivers.console.{outcome.status.value}",
                file=waiver.file,
                entry=waiver.entry,
                rule=waiver.rule,
                tenant=waiver.tenant,
                expires=waiver.expires.isoformat(),
            )
        )
    return lines
