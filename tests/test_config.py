"""The --config file: rule overrides, the effort table, and one error line per problem."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assess.cli.app import app
from assess.config import ConfigError, apply_config, config_changes, load_config
from assess.core import RunRequest, run
from assess.model import EffortRange, Severity
from assess.rules.engine import load_rules

RULES = load_rules()


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as raised:
        load_config(path, RULES)
    return raised.value.lines()


def test_yaml_overrides_rule(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  API-C4C-SOAP-V1: {severity: High, effort: l}\n")
    rule = apply_config(RULES, load_config(path, RULES))["API-C4C-SOAP-V1"]
    assert rule.severity is Severity.HIGH
    assert rule.effort == "L"


def test_toml_disables_rule(tmp_path):
    path = write(tmp_path, "c.toml", '[rules.OPS-DISABLED]\nenabled = false\n\n[effort]\nM = "1-4"\n')
    config = load_config(path, RULES)
    assert apply_config(RULES, config)["OPS-DISABLED"].enabled is False
    assert config.effort_table["M"] == EffortRange(1.0, 4.0)


@pytest.mark.parametrize(("value", "expected"), [("0.5-2", (0.5, 2.0)), ("[1, 3]", (1.0, 3.0)), ("2", (2.0, 2.0))])
def test_effort_range_forms(tmp_path, value, expected):
    path = write(tmp_path, "c.yaml", f"effort:\n  S: {value}\n")
    span = load_config(path, RULES).effort_table["S"]
    assert (span.low, span.high) == expected


def test_changes_list_only_differences(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  OPS-DISABLED: {enabled: false, severity: info}\neffort:\n  S: 0.5-1\n")
    changes = config_changes(RULES, load_config(path, RULES))
    assert [(change.key, change.default, change.value) for change in changes] == [("rules.OPS-DISABLED.enabled", "true", "false")]


def test_unknown_code_suggests_close_one(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  OPS-DISABLD: {enabled: false}\n")
    assert problems(path) == [f"{path}: rules.OPS-DISABLD: unknown rule code 'OPS-DISABLD'; did you mean OPS-DISABLED?"]


def test_every_problem_reported(tmp_path):
    text = "rules:\n  API-C4C-SOAP-V1: {severity: urgent, effort: XXL, enabled: maybe}\neffort:\n  M: 3-1\n  S: abc\n  Q: 1\nextra: 1\n"
    lines = problems(write(tmp_path, "c.yaml", text))
    assert len(lines) == 7
    assert any("rules.API-C4C-SOAP-V1.severity: value 'urgent' is not a severity" in line for line in lines)
    assert any("effort.M: value '3-1' is not a valid range" in line for line in lines)
    assert any("effort.S: value 'abc' is not a range of person-days" in line for line in lines)
    assert any("extra: unknown key 'extra'" in line for line in lines)


def test_error_line_names_file(tmp_path):
    path = write(tmp_path, "c.yaml", "effort:\n  L: -1-3\n")
    assert problems(path)[0].startswith(f"{path}: effort.L: ")


def test_syntax_error_is_one_line(tmp_path):
    lines = problems(write(tmp_path, "c.toml", "[rules\n"))
    assert len(lines) == 1
    assert "invalid syntax" in lines[0]


def test_unsupported_suffix(tmp_path):
    assert "unsupported file type '.json'" in problems(write(tmp_path, "c.json", "{}"))[0]


def test_missing_file(tmp_path):
    assert "config file not found" in problems(tmp_path / "absent.yaml")[0]


def test_run_records_rule_settings(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  CON-RENAMED: {enabled: false}\n  OPS-ON-PREMISE: {severity: high}\n")
    request = RunRequest(inputs=(), out_dir=tmp_path / "out", as_of=dt.date(2026, 12, 4), config=path, write=False)
    assessment = run(request).assessment
    codes = {finding.code for finding in assessment.findings}
    assert "CON-RENAMED" not in codes
    assert {f.severity for f in assessment.findings if f.code == "OPS-ON-PREMISE"} == {Severity.HIGH}
    assert assessment.rules["CON-RENAMED"].enabled is False
    assert assessment.rules["OPS-ON-PREMISE"].version == 1
    assert assessment.config_file == str(path)
    assert len(assessment.config_changes) == 2


def test_cli_invalid_config_exits_2(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  NOPE: {enabled: false}\n")
    result = CliRunner().invoke(app, ["run", "--config", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert "rules.NOPE: unknown rule code 'NOPE'" in result.output


def test_cli_rules_shows_config(tmp_path):
    path = write(tmp_path, "c.yaml", "rules:\n  OPS-DISABLED: {enabled: false}\n")
    result = CliRunner().invoke(app, ["rules", "--config", str(path)])
    line = next(line for line in result.output.splitlines() if line.startswith("OPS-DISABLED"))
    assert "Disabled by --config" in line
