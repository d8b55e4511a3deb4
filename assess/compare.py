"""Compare two ``assessment.json`` files and explain each difference by its cause.

An assessment is a function of the customer's inputs, the connector catalog, the rules with
their settings (``--config``), the waivers and the assessment date. For every change in
tenants, systems, findings and readiness, this module names which of these moved. Inputs are
compared field by field on the inventory records of the system or tenant. The JSON is read as
plain data, so files written before a field existed (``rules``, ``config_changes``,
``waivers``) still compare.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from .errors import OutputError, UsageError
from .messages import Catalogue, catalogue
from .render.json import SCHEMA_VERSION

CAUSE_INPUTS = "inputs"
CAUSE_WAIVERS = "waivers"
CAUSE_RULES = "rules"
CAUSE_DATE = "date"
CAUSE_CATALOG = "catalog"
CAUSE_TOOL = "tool"
CAUSE_UNEXPLAINED = "unexplained"
CAUSE_KINDS = (CAUSE_INPUTS, CAUSE_WAIVERS, CAUSE_RULES, CAUSE_DATE, CAUSE_CATALOG, CAUSE_TOOL, CAUSE_UNEXPLAINED)

CHANGE_KINDS = (
    "tenant_added",
    "tenant_removed",
    "system_added",
    "system_removed",
    "finding_new",
    "finding_resolved",
    "finding_accepted",
    "finding_reopened",
    "finding_severity",
    "readiness_tenant",
    "readiness_system",
)

REQUIRED_FIELDS = ("schema_version", "as_of", "catalog", "inventory", "tenants")
"""Top-level fields without which a JSON file is not an assessment."""

AS_OF_PARAMS = frozenset({"date", "days"})
"""Finding parameters of the rules that compare an SAP date with the assessment date."""

INDENT = "  "
"""Indent of the lines under a heading in the terminal report."""

IGNORED_RECORD_FIELDS = frozenset({"source"})
"""Inventory fields that locate a record in its input file rather than describe it."""


@dataclass(frozen=True)
class FieldChange:
    """One inventory field whose value differs between the two runs."""

    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class Cause:
    """Reason for a change. ``kind`` is one of ``CAUSE_KINDS`` and ``key`` selects its message."""

    kind: str
    key: str
    params: Mapping[str, str] = field(default_factory=dict)
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class Change:
    """One difference between the runs, on a tenant or on one of its systems."""

    kind: str
    tenant_key: str
    tenant_label: str
    system: str | None
    params: Mapping[str, str]
    causes: tuple[Cause, ...]


@dataclass(frozen=True)
class SettingChange:
    """A run-wide setting that differs: the assessment date, the catalog, the tool, a rule or a config key.

    ``kind`` selects the label (``as_of``, ``catalog``, ``tool_version``, ``rule``, ``config``);
    ``subject`` is the rule code or config key.
    """

    kind: str
    subject: str
    old: str
    new: str


@dataclass(frozen=True)
class Snapshot:
    """The parts of one assessment.json that the comparison reads, indexed by stable keys."""

    path: Path
    customer: str
    as_of: str
    tool_version: str
    catalog: Mapping[str, str]
    tenants: Mapping[str, Mapping[str, Any]]
    """Inventory tenant records by tenant key."""
    systems: Mapping[str, Mapping[str, Any]]
    """Inventory system records by system key (tenant, name and role)."""
    tenant_readiness: Mapping[str, str]
    system_readiness: Mapping[str, str]
    findings: Mapping[str, Mapping[str, Any]]
    """Open findings by finding id."""
    accepted: Mapping[str, Mapping[str, Any]]
    """Findings a waiver accepted, by finding id."""
    rules: Mapping[str, Mapping[str, Any]]
    config: Mapping[str, str]
    """Changed settings of the ``--config`` file by dotted key."""

    def label(self, tenant_key: str) -> str:
        record = self.tenants.get(tenant_key, {})
        for name in ("display_name", "tenant_id", "host"):
            if record.get(name):
                return str(record[name])
        return tenant_key


@dataclass(frozen=True)
class Comparison:
    """Result of ``compare_files``: the run-wide setting changes and every change with its causes."""

    old: Snapshot
    new: Snapshot
    settings: tuple[SettingChange, ...]
    changes: tuple[Change, ...]


# Reading


def load_snapshot(path: Path) -> Snapshot:
    """Read and check one assessment.json. Raises ``UsageError`` naming the file when it is not one."""
    data = _read_json(path)
    try:
        return _snapshot(path, data)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        raise UsageError(_text("error.not_assessment", path=path, detail=f"{type(error).__name__}: {error}")) from None


def _read_json(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UsageError(_text("error.missing", path=path)) from None
    except IsADirectoryError:
        raise UsageError(_text("error.directory", path=path)) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UsageError(_text("error.not_json", path=path, detail=str(error))) from None

    if not isinstance(data, dict) or any(name not in data for name in REQUIRED_FIELDS):
        missing = [name for name in REQUIRED_FIELDS if not isinstance(data, dict) or name not in data]
        raise UsageError(_text("error.not_assessment", path=path, detail=_text("error.missing_fields", fields=", ".join(missing))))
    if data["schema_version"] != SCHEMA_VERSION:
        raise UsageError(_text("error.schema", path=path, found=data["schema_version"], expected=SCHEMA_VERSION))
    return data


def _snapshot(path: Path, data: dict[str, Any]) -> Snapshot:
    inventory = data["inventory"]
    tenants = {record["key"]: record for record in inventory["tenants"]}
    systems = {system_key(record): record for record in inventory["systems"]}

    tenant_readiness: dict[str, str] = {}
    system_readiness: dict[str, str] = {}
    findings: dict[str, Mapping[str, Any]] = {}
    accepted: dict[str, Mapping[str, Any]] = {}
    for tenant in data["tenants"]:
        tenant_readiness[tenant["tenant"]["key"]] = tenant["readiness"]
        for system in tenant["systems"]:
            system_readiness[system_key(system["system"])] = system["readiness"]
        findings.update((finding["id"], finding) for finding in tenant["findings"])
        accepted.update((finding["id"], finding) for finding in tenant.get("accepted") or ())
    for system in data.get("unassigned_systems") or ():
        system_readiness[system_key(system["system"])] = system["readiness"]

    catalog = data["catalog"]
    return Snapshot(
        path=path,
        customer=str(data.get("customer", "")),
        as_of=str(data["as_of"]),
        tool_version=str(data.get("tool_version", "")),
        catalog={name: str(catalog.get(name, "")) for name in ("version", "read_on", "docs_commit")},
        tenants=tenants,
        systems=systems,
        tenant_readiness=tenant_readiness,
        system_readiness=system_readiness,
        findings=findings,
        accepted=accepted,
        rules=dict(data.get("rules") or {}),
        config={change["key"]: str(change["value"]) for change in data.get("config_changes") or ()},
    )


def system_key(record: Mapping[str, Any]) -> str:
    """Build the key of ``assess.model.System.key`` from a system record."""
    return f"{record['tenant_key']}|{record['name']}|{record['role']}"


def split_system_key(key: str) -> tuple[str, str, str]:
    """Split a system key into tenant key, system name and role. The name may contain ``|``."""
    tenant_key, rest = key.split("|", 1)
    name, role = rest.rsplit("|", 1)
    return tenant_key, name, role


def _finding_subject(finding: Mapping[str, Any]) -> str | None:
    if not finding.get("system_name"):
        return None
    return f"{finding['tenant_key']}|{finding['system_name']}|{finding.get('role') or ''}"


# Comparing


def compare_files(old_path: Path, new_path: Path) -> Comparison:
    """Compare two assessment.json files, the older first."""
    return compare_snapshots(load_snapshot(old_path), load_snapshot(new_path))


def compare_snapshots(old: Snapshot, new: Snapshot) -> Comparison:
    explainer = _Explainer(old, new)

    changes = _membership_changes(old, new)
    changes += _finding_changes(old, new, explainer)
    changes += _readiness_changes(old, new, explainer, changes)

    order = {kind: index for index, kind in enumerate(CHANGE_KINDS)}
    changes.sort(key=lambda change: (change.tenant_label.casefold(), change.tenant_key, change.system or "", order[change.kind]))
    return Comparison(old=old, new=new, settings=setting_changes(old, new), changes=tuple(changes))


def setting_changes(old: Snapshot, new: Snapshot) -> tuple[SettingChange, ...]:
    """List the run-wide settings that differ: date, catalog, tool version, rules and config."""
    settings = [
        SettingChange("as_of", "", old.as_of, new.as_of),
        SettingChange("catalog", "", _catalog_label(old), _catalog_label(new)),
        SettingChange("tool_version", "", old.tool_version, new.tool_version),
    ]
    for code in sorted(_compared_rules(old, new)):
        settings.append(SettingChange("rule", code, _rule_label(old.rules.get(code)), _rule_label(new.rules.get(code))))
    for key in sorted(set(old.config) | set(new.config)):
        settings.append(SettingChange("config", key, old.config.get(key, "-"), new.config.get(key, "-")))
    return tuple(setting for setting in settings if setting.old != setting.new)


def _compared_rules(old: Snapshot, new: Snapshot) -> set[str]:
    """Return the rule codes to compare, none when one file predates the ``rules`` field."""
    if not old.rules or not new.rules:
        return set()
    return set(old.rules) | set(new.rules)


def _catalog_label(snapshot: Snapshot) -> str:
    return f"{snapshot.catalog['version']} (read on {snapshot.catalog['read_on']})"


def _rule_label(rule: Mapping[str, Any] | None) -> str:
    if rule is None:
        return "-"
    state = "on" if rule.get("enabled", True) else "off"
    return f"v{rule.get('version')} {rule.get('severity')} {rule.get('effort')} {state}"


def _membership_changes(old: Snapshot, new: Snapshot) -> list[Change]:
    """List tenants and systems that only one run has. Their findings are counted, not listed."""
    changes = []
    for kind, present, absent in (("added", new, old), ("removed", old, new)):
        for tenant_key in sorted(set(present.tenants) - set(absent.tenants)):
            params = _subject_params(present, tenant_key, None)
            cause = _membership_cause(f"tenant_{kind}")
            changes.append(Change(f"tenant_{kind}", tenant_key, present.label(tenant_key), None, params, (cause,)))

        for key in sorted(set(present.systems) - set(absent.systems)):
            tenant_key = present.systems[key]["tenant_key"]
            if tenant_key in present.tenants and tenant_key not in absent.tenants:
                continue
            params = _subject_params(present, tenant_key, key)
            label = _system_label(present.systems[key])
            cause = _membership_cause(f"system_{kind}")
            changes.append(Change(f"system_{kind}", tenant_key, present.label(tenant_key), label, params, (cause,)))
    return changes


def _membership_cause(kind: str) -> Cause:
    return Cause(CAUSE_INPUTS, f"inputs.{kind}")


def _subject_params(snapshot: Snapshot, tenant_key: str, key: str | None) -> dict[str, str]:
    if key is None:
        readiness = snapshot.tenant_readiness.get(tenant_key, "")
        count = sum(1 for finding in snapshot.findings.values() if finding["tenant_key"] == tenant_key)
    else:
        readiness = snapshot.system_readiness.get(key, "")
        count = sum(1 for finding in snapshot.findings.values() if _finding_subject(finding) == key)
    return {"readiness": readiness, "findings": str(count)}


def _system_label(record: Mapping[str, Any]) -> str:
    return f"{record['name']} ({record['role']})"


def _finding_changes(old: Snapshot, new: Snapshot, explainer: "_Explainer") -> list[Change]:
    changes = []
    for finding_id in sorted(set(old.findings) | set(new.findings)):
        before, after = old.findings.get(finding_id), new.findings.get(finding_id)
        finding = after or before
        if not explainer.subject_in_both(finding):
            continue

        if before is None:
            kind = "finding_reopened" if finding_id in old.accepted else "finding_new"
        elif after is None:
            kind = "finding_accepted" if finding_id in new.accepted else "finding_resolved"
        elif before["severity"] != after["severity"]:
            kind = "finding_severity"
        else:
            continue

        params = {
            "code": finding["code"],
            "title": str(finding.get("title") or finding["code"]),
            "severity": finding["severity"],
            "old_severity": before["severity"] if before else "",
        }
        tenant_label = (new if after is not None else old).label(finding["tenant_key"])
        cause = explainer.finding_cause(kind, finding)
        changes.append(Change(kind, finding["tenant_key"], tenant_label, _finding_system(finding), params, (cause,)))
    return changes


def _finding_system(finding: Mapping[str, Any]) -> str | None:
    if not finding.get("system_name"):
        return None
    return f"{finding['system_name']} ({finding.get('role') or '-'})"


def _readiness_changes(old: Snapshot, new: Snapshot, explainer: "_Explainer", changes: list[Change]) -> list[Change]:
    """List readiness moves. Each takes the causes of the other changes on the same subject."""
    moves = []
    for key in sorted(set(old.system_readiness) & set(new.system_readiness)):
        if old.system_readiness[key] == new.system_readiness[key]:
            continue
        tenant_key, name, role = split_system_key(key)
        label = f"{name} ({role})"
        related = [change for change in changes if change.tenant_key == tenant_key and change.system == label]
        causes = _merged_causes(related) or (explainer.subject_cause(tenant_key, key),)
        params = {"old": old.system_readiness[key], "new": new.system_readiness[key]}
        moves.append(Change("readiness_system", tenant_key, new.label(tenant_key), label, params, causes))

    for tenant_key in sorted(set(old.tenant_readiness) & set(new.tenant_readiness)):
        if old.tenant_readiness[tenant_key] == new.tenant_readiness[tenant_key]:
            continue
        related = [change for change in changes if change.tenant_key == tenant_key]
        causes = _merged_causes(related) or (explainer.subject_cause(tenant_key, None),)
        params = {"old": old.tenant_readiness[tenant_key], "new": new.tenant_readiness[tenant_key]}
        moves.append(Change("readiness_tenant", tenant_key, new.label(tenant_key), None, params, causes))
    return moves


def _merged_causes(changes: list[Change]) -> tuple[Cause, ...]:
    merged: list[Cause] = []
    for change in changes:
        merged.extend(cause for cause in change.causes if cause not in merged)
    return tuple(merged)


class _Explainer:
    """Attribute a change on one tenant or system to the first input of the assessment that moved.

    The order follows how specific each signal is: the subject's own inventory records, then a
    rule setting, the date for findings that compare dates, the catalog, the assessment date
    for anything else, and the tool version. Waivers and severities are decided first.
    """

    def __init__(self, old: Snapshot, new: Snapshot):
        self.old = old
        self.new = new
        self.catalog_moved = old.catalog != new.catalog
        self.date_moved = old.as_of != new.as_of

    def subject_in_both(self, finding: Mapping[str, Any]) -> bool:
        tenant_key = finding["tenant_key"]
        subject = _finding_subject(finding)
        if subject is not None and subject in set(self.old.systems) ^ set(self.new.systems):
            return False
        if tenant_key in self.old.tenants or tenant_key in self.new.tenants:
            return tenant_key in self.old.tenants and tenant_key in self.new.tenants
        return True

    def finding_cause(self, kind: str, finding: Mapping[str, Any]) -> Cause:
        # A finding that moved between open and accepted did so because of a waiver, and a
        # severity comes from the rule settings, whatever else changed on the system.
        if kind in ("finding_accepted", "finding_reopened"):
            return Cause(CAUSE_WAIVERS, f"waivers.{kind}", {"as_of": self.new.as_of})
        rule = self._rule_cause(finding["code"])
        if kind == "finding_severity" and rule is not None:
            return rule

        inputs = self._input_cause(finding["tenant_key"], _finding_subject(finding))
        if inputs is not None:
            return inputs
        if rule is not None:
            return rule
        if self.date_moved and AS_OF_PARAMS & set(finding.get("params") or {}):
            return self._date_cause()
        return self._run_cause()

    def subject_cause(self, tenant_key: str, subject: str | None) -> Cause:
        return self._input_cause(tenant_key, subject) or self._run_cause()

    def _run_cause(self) -> Cause:
        if self.catalog_moved:
            return Cause(CAUSE_CATALOG, "catalog", {"old": _catalog_label(self.old), "new": _catalog_label(self.new)})
        if self.date_moved:
            return self._date_cause()
        if self.old.tool_version != self.new.tool_version:
            return Cause(CAUSE_TOOL, "tool", {"old": self.old.tool_version, "new": self.new.tool_version})
        return Cause(CAUSE_UNEXPLAINED, "unexplained")

    def _date_cause(self) -> Cause:
        return Cause(CAUSE_DATE, "date", {"old": self.old.as_of, "new": self.new.as_of})

    def _rule_cause(self, code: str) -> Cause | None:
        before, after = self.old.rules.get(code), self.new.rules.get(code)
        if code not in _compared_rules(self.old, self.new):
            before = after = None
        config = sorted(key for key in set(self.old.config) | set(self.new.config) if f".{code}." in f".{key}.")
        config_moved = any(self.old.config.get(key) != self.new.config.get(key) for key in config)
        if before == after and not config_moved:
            return None
        if before == after:
            # A file without the ``rules`` field still records the config settings.
            old_text = ", ".join(f"{key}={self.old.config.get(key, '-')}" for key in config)
            new_text = ", ".join(f"{key}={self.new.config.get(key, '-')}" for key in config)
            return Cause(CAUSE_RULES, "rules", {"code": code, "old": old_text, "new": new_text})
        return Cause(CAUSE_RULES, "rules", {"code": code, "old": _rule_label(before), "new": _rule_label(after)})

    def _input_cause(self, tenant_key: str, subject: str | None) -> Cause | None:
        if subject is not None:
            fields = record_changes(self.old.systems.get(subject), self.new.systems.get(subject))
            if fields:
                return Cause(CAUSE_INPUTS, "inputs.system_fields", {"system": split_system_key(subject)[1]}, fields)

        fields = record_changes(self.old.tenants.get(tenant_key), self.new.tenants.get(tenant_key))
        if fields:
            return Cause(CAUSE_INPUTS, "inputs.tenant_fields", {"tenant": self.new.label(tenant_key)}, fields)
        if subject is None:
            return self._tenant_systems_cause(tenant_key)
        return None

    def _tenant_systems_cause(self, tenant_key: str) -> Cause | None:
        """Name the systems of a tenant that were added, removed or changed, because tenant rules count them."""
        old_keys = {key for key, record in self.old.systems.items() if record["tenant_key"] == tenant_key}
        new_keys = {key for key, record in self.new.systems.items() if record["tenant_key"] == tenant_key}
        changed = sorted(
            key for key in old_keys & new_keys if record_changes(self.old.systems[key], self.new.systems[key])
        )
        moved = sorted(old_keys ^ new_keys) + changed
        if not moved:
            return None
        names = ", ".join(split_system_key(key)[1] for key in moved)
        return Cause(CAUSE_INPUTS, "inputs.tenant_systems", {"systems": names})


def record_changes(old: Mapping[str, Any] | None, new: Mapping[str, Any] | None) -> tuple[FieldChange, ...]:
    """Compare two inventory records field by field, and their ``properties`` per property."""
    if old is None or new is None:
        return ()
    changes = []
    for name in sorted(set(old) | set(new)):
        if name in IGNORED_RECORD_FIELDS:
            continue
        if name == "properties":
            changes.extend(_property_changes(old.get(name) or {}, new.get(name) or {}))
        elif old.get(name) != new.get(name):
            changes.append(FieldChange(name, _printable(old.get(name)), _printable(new.get(name))))
    return tuple(changes)


def _property_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[FieldChange]:
    changes = []
    for name in sorted(set(old) | set(new)):
        if name not in new or name not in old or old[name] != new[name]:
            before = _printable(old[name]) if name in old else None
            after = _printable(new[name]) if name in new else None
            changes.append(FieldChange(name, before, after))
    return changes


def _printable(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, (list, tuple)):
        return ", ".join(str(item) for item in value)
    return str(value)


# Describing


def _text(message: str, **params: object) -> str:
    return catalogue("en").text(f"compare.{message}", **params)


def describe_change(change: Change, messages: Catalogue | None = None) -> str:
    """Render what changed, without the cause, with labels for readiness and severity values."""
    messages = messages or catalogue("en")
    params = dict(change.params)
    for name, value in change.params.items():
        if f"readiness.{value}" in messages:
            params[name] = messages.text(f"readiness.{value}")
        elif name in ("severity", "old_severity") and f"severity.{value}" in messages:
            params[name] = messages.text(f"severity.{value}")
    subject = messages.text("compare.subject.system", system=change.system) if change.system else messages.text("compare.subject.tenant")
    return messages.text(f"compare.change.{change.kind}", system=change.system or "", subject=subject, **params)


def describe_cause(cause: Cause, messages: Catalogue | None = None) -> str:
    messages = messages or catalogue("en")
    fields = "; ".join(
        messages.text(
            "compare.field_change",
            field=item.field,
            old=item.old if item.old is not None else messages.text("compare.blank"),
            new=item.new if item.new is not None else messages.text("compare.blank"),
        )
        for item in cause.fields
    )
    return messages.text(f"compare.cause.{cause.key}", fields=fields, **cause.params)


def describe_causes(change: Change, messages: Catalogue | None = None) -> str:
    return "; ".join(describe_cause(cause, messages) for cause in change.causes)


def report_lines(comparison: Comparison) -> list[str]:
    """Build the terminal report: the run-wide settings, then one line per change grouped by tenant."""
    lines = [_text("report.heading", old=comparison.old.path, new=comparison.new.path)]
    for setting in comparison.settings:
        lines.append(INDENT + _text("report.setting", setting=describe_setting(setting), old=setting.old, new=setting.new))

    if not comparison.changes:
        lines.append(_text("report.no_changes"))
        return lines

    tenant = None
    for change in comparison.changes:
        if change.tenant_key != tenant:
            tenant = change.tenant_key
            heading = "report.tenant_key_only" if change.tenant_label == change.tenant_key else "report.tenant"
            lines.append(_text(heading, tenant=change.tenant_label, tenant_key=change.tenant_key))
        lines.append(INDENT + _text("report.change", change=describe_change(change), cause=describe_causes(change)))

    counts = cause_counts(comparison)
    parts = [_text(f"report.cause_count.{kind}", count=counts[kind]) for kind in CAUSE_KINDS if counts[kind]]
    lines.append(_text("report.total", changes=counts["changes"], causes=", ".join(parts)))
    return lines


def describe_setting(setting: SettingChange, messages: Catalogue | None = None) -> str:
    return (messages or catalogue("en")).text(f"compare.setting.{setting.kind}", subject=setting.subject)


def cause_counts(comparison: Comparison) -> dict[str, int]:
    """Count the changes per cause kind (a change with several causes counts for each) and in total."""
    counts = {kind: 0 for kind in CAUSE_KINDS}
    for change in comparison.changes:
        for kind in {cause.kind for cause in change.causes}:
            counts[kind] += 1
    return {"changes": len(comparison.changes), **counts}


# Workbook


def write_comparison_workbook(comparison: Comparison, path: Path) -> Path:
    """Write the Changes and Summary sheets to ``path`` (through a temporary file) and return it."""
    from openpyxl import Workbook

    from .render.excel_cells import put_rows, save_through_partial

    messages = catalogue("en")
    marker = messages.text("compare.workbook.truncated")
    workbook = Workbook()

    changes = workbook.active
    changes.title = messages.text("compare.workbook.changes_sheet")
    columns = ("tenant", "tenant_key", "system", "change", "detail", "cause", "cause_detail")
    headers = [messages.text(f"compare.workbook.column.{name}") for name in columns]
    put_rows(changes, [headers] + [_change_row(change, messages) for change in comparison.changes], marker, "A2")

    summary = workbook.create_sheet(messages.text("compare.workbook.summary_sheet"))
    put_rows(summary, _summary_rows(comparison, messages), marker, "A2")

    try:
        save_through_partial(workbook, path)
    except OSError as error:
        raise OutputError(_text("error.write", path=path, detail=error.strerror or error)) from None
    return path


def _change_row(change: Change, messages: Catalogue) -> list[object]:
    kinds = ", ".join(dict.fromkeys(messages.text(f"compare.cause_kind.{cause.kind}") for cause in change.causes))
    return [
        change.tenant_label,
        change.tenant_key,
        change.system,
        messages.text(f"compare.change_kind.{change.kind}"),
        describe_change(change, messages),
        kinds,
        describe_causes(change, messages),
    ]


def _summary_rows(comparison: Comparison, messages: Catalogue) -> list[list[object]]:
    def label(key: str) -> str:
        return messages.text(f"compare.workbook.summary.{key}")

    old, new = comparison.old, comparison.new
    rows: list[list[object]] = [
        [label("item"), label("old"), label("new")],
        [label("file"), str(old.path), str(new.path)],
        [label("customer"), old.customer, new.customer],
        [label("as_of"), old.as_of, new.as_of],
        [label("catalog"), _catalog_label(old), _catalog_label(new)],
        [label("tool_version"), old.tool_version, new.tool_version],
    ]
    rows += [[describe_setting(setting, messages), setting.old, setting.new] for setting in comparison.settings if setting.subject]

    counts = cause_counts(comparison)
    rows += [[], [label("by_change"), label("count")]]
    for kind in CHANGE_KINDS:
        rows.append([messages.text(f"compare.change_kind.{kind}"), sum(1 for change in comparison.changes if change.kind == kind)])
    rows.append([label("changes"), counts["changes"]])
    rows += [[], [label("by_cause"), label("count")]]
    rows += [[messages.text(f"compare.cause_kind.{kind}"), counts[kind]] for kind in CAUSE_KINDS]
    return rows
