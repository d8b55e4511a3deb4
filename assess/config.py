"""The ``--config`` file: per-rule severity, effort and on/off, and the effort table.

A config file is YAML (``.yaml``, ``.yml``) or TOML (``.toml``) with two optional tables::

    rules:
      OPS-DISABLED: {enabled: false}
      API-C4C-SOAP-V1: {severity: high, effort: L}
    effort:
      M: 1-4          # person-days, "low-high", a list [1, 4] or one number

Every problem in the file is collected, and ``ConfigError`` reports one line per problem
with the file, the key, the value and what to write instead.
"""

from __future__ import annotations

import dataclasses
import difflib
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

import yaml

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

from .effort import DEFAULT_EFFORT_TABLE
from .errors import AssessError
from .messages import catalogue
from .model import ConfigChange, EffortRange, RuleSetting, Severity
from .rules.registry import EFFORT_SIZES, Rule

RULE_FIELDS = ("severity", "effort", "enabled")
TOP_LEVEL_KEYS = ("rules", "effort")


class ConfigError(AssessError):
    """The config file is invalid; carries one line per problem."""

    def __init__(self, problems: list[str]):
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))

    def lines(self) -> list[str]:
        return list(self.problems)


@dataclass(frozen=True)
class RuleOverride:
    """The settings a config file gives one rule; None keeps the rule's default."""

    severity: Severity | None = None
    effort: str | None = None
    enabled: bool | None = None


@dataclass(frozen=True)
class AssessConfig:
    """A validated config file, or the defaults when ``file`` is None."""

    file: str | None = None
    rules: Mapping[str, RuleOverride] = field(default_factory=dict)
    effort_table: Mapping[str, EffortRange] = field(default_factory=lambda: dict(DEFAULT_EFFORT_TABLE))


def load_config(path: Path, rules: Mapping[str, Rule]) -> AssessConfig:
    """Read and validate ``path`` against the registered ``rules``; raise ``ConfigError`` on any problem."""
    reader = _Reader(str(path), rules)
    data = reader.parse(path)

    overrides = reader.rule_overrides(data.get("rules", {}))
    table = reader.effort_table(data.get("effort", {}))

    if reader.problems:
        raise ConfigError(reader.problems)
    return AssessConfig(file=str(path), rules=overrides, effort_table=table)


def configured_rules(path: Path | None) -> dict[str, Rule]:
    """Return every registered rule with the settings of the config file at ``path``, if any."""
    from .rules.engine import load_rules

    rules = load_rules()
    if path is None:
        return rules
    return apply_config(rules, load_config(path, rules))


def apply_config(rules: Mapping[str, Rule], config: AssessConfig) -> dict[str, Rule]:
    """Return the rules with the config's severity, effort and enabled settings applied."""
    configured = dict(rules)
    for code, override in config.rules.items():
        changes = {name: value for name, value in dataclasses.asdict(override).items() if value is not None}
        configured[code] = dataclasses.replace(rules[code], **changes)
    return configured


def config_changes(rules: Mapping[str, Rule], config: AssessConfig) -> tuple[ConfigChange, ...]:
    """List every setting of ``config`` that differs from the default, rules first."""
    changes = []
    for code, override in sorted(config.rules.items()):
        default = rules[code]
        for name in RULE_FIELDS:
            value = getattr(override, name)
            if value is not None and value != getattr(default, name):
                changes.append(ConfigChange(f"rules.{code}.{name}", _printable(getattr(default, name)), _printable(value)))

    for size in EFFORT_SIZES:
        default, value = DEFAULT_EFFORT_TABLE[size], config.effort_table[size]
        if value != default:
            changes.append(ConfigChange(f"effort.{size}", _printable(default), _printable(value)))
    return tuple(changes)


def rule_settings(rules: Mapping[str, Rule]) -> dict[str, RuleSetting]:
    """Record the version and the settings each rule ran with, for assessment.json and ``compare``."""
    return {
        code: RuleSetting(version=rule.version, severity=rule.severity, effort=rule.effort, enabled=rule.enabled)
        for code, rule in sorted(rules.items())
    }


def _printable(value: object) -> str:
    if isinstance(value, EffortRange):
        return f"{value.low:g}-{value.high:g}"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Reader:
    """Validates one config file and collects every problem as a one-line message."""

    def __init__(self, file: str, rules: Mapping[str, Rule]):
        self.file = file
        self.rules = rules
        self.messages = catalogue("en")
        self.problems: list[str] = []

    def problem(self, key: str, message: str, **params: object) -> None:
        detail = self.messages.text(f"config.error.{message}", **params)
        self.problems.append(self.messages.text("config.error.line", file=self.file, setting=key, detail=detail))

    def parse(self, path: Path) -> dict[str, Any]:
        data = self._load(path)
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.problem("(top level)", "not_a_table", value=type(data).__name__)
            return {}

        for key in data:
            if key not in TOP_LEVEL_KEYS:
                self.problem(str(key), "unknown_key", value=key, allowed=", ".join(TOP_LEVEL_KEYS))
        return data

    def _load(self, path: Path) -> Any:
        suffix = path.suffix.lower()
        if suffix not in (".yaml", ".yml", ".toml"):
            self.problem("(file)", "suffix", value=path.suffix or path.name)
            return None
        try:
            raw = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            self.problem("(file)", "not_found")
            return None
        except (OSError, UnicodeDecodeError) as error:
            self.problem("(file)", "unreadable", error=error)
            return None
        try:
            return tomllib.loads(raw) if suffix == ".toml" else yaml.safe_load(raw)
        except (tomllib.TOMLDecodeError, yaml.YAMLError) as error:
            self.problem("(file)", "syntax", error=" ".join(str(error).split()))
            return None

    def rule_overrides(self, section: Any) -> dict[str, RuleOverride]:
        if not isinstance(section, dict):
            self.problem("rules", "not_a_table", value=type(section).__name__)
            return {}

        overrides = {}
        for code, settings in section.items():
            code = str(code)
            if code not in self.rules:
                self.problem(f"rules.{code}", "unknown_rule", value=code, suggestion=self._closest_code(code))
            elif not isinstance(settings, dict):
                self.problem(f"rules.{code}", "rule_not_a_table", value=settings)
            else:
                overrides[code] = self._rule_override(code, settings)
        return overrides

    def _closest_code(self, code: str) -> str:
        close = difflib.get_close_matches(code.upper(), list(self.rules), n=1)
        if close:
            return self.messages.text("config.error.did_you_mean", code=close[0])
        return self.messages.text("config.error.list_codes")

    def _rule_override(self, code: str, settings: dict) -> RuleOverride:
        values: dict[str, Any] = {}
        for name, value in settings.items():
            key = f"rules.{code}.{name}"
            if name not in RULE_FIELDS:
                self.problem(key, "unknown_key", value=name, allowed=", ".join(RULE_FIELDS))
            elif name == "severity":
                values[name] = self._severity(key, value)
            elif name == "effort":
                values[name] = self._size(key, value)
            elif not isinstance(value, bool):
                self.problem(key, "not_boolean", value=value)
            else:
                values[name] = value
        return RuleOverride(**values)

    def _severity(self, key: str, value: Any) -> Severity | None:
        try:
            return Severity(str(value).strip().lower())
        except ValueError:
            self.problem(key, "severity", value=value, allowed=", ".join(severity.value for severity in Severity))
            return None

    def _size(self, key: str, value: Any) -> str | None:
        size = str(value).strip().upper()
        if size not in EFFORT_SIZES:
            self.problem(key, "effort_size", value=value, allowed=", ".join(EFFORT_SIZES))
            return None
        return size

    def effort_table(self, section: Any) -> dict[str, EffortRange]:
        table = dict(DEFAULT_EFFORT_TABLE)
        if not isinstance(section, dict):
            self.problem("effort", "not_a_table", value=type(section).__name__)
            return table

        for size, value in section.items():
            key = f"effort.{size}"
            if str(size).upper() not in EFFORT_SIZES:
                self.problem(key, "unknown_key", value=size, allowed=", ".join(EFFORT_SIZES))
                continue
            parsed = self._range(key, value)
            if parsed is not None:
                table[str(size).upper()] = parsed
        return table

    def _range(self, key: str, value: Any) -> EffortRange | None:
        bounds = _bounds(value)
        if bounds is None:
            self.problem(key, "range_syntax", value=value)
            return None
        low, high = bounds
        if low < 0 or high < low:
            self.problem(key, "range_order", value=value)
            return None
        return EffortRange(low, high)


def _bounds(value: Any) -> tuple[float, float] | None:
    """Read "1-3", "1 - 3", [1, 3] or one number as (low, high); return None for any other value."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value), float(value)
    if isinstance(value, list) and len(value) == 2:
        parts = value
    elif isinstance(value, str) and "-" in value and not value.strip().startswith("-"):
        parts = value.split("-", 1)
    else:
        return None

    try:
        low, high = (float(str(part).strip()) for part in parts)
    except ValueError:
        return None
    return low, high
