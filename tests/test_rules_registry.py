"""Rule metadata: docstrings with sources, message texts, readiness effect, generated docs."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from assess.assessment import readiness_of
from assess.catalog import load_catalog
from assess.cli.app import app
from assess.messages import catalogue
from assess.model import Finding
from assess.rules.docs import render
from assess.rules.registry import CATALOG_PARTS, all_rules

RULES = all_rules()
CODES = sorted(RULES)
DOCS = Path(__file__).parent.parent / "docs" / "rules.md"


@pytest.mark.parametrize("code", CODES)
def test_rule_explains_reason(code):
    assert len(RULES[code].reason.split()) >= 8


@pytest.mark.parametrize("code", CODES)
def test_rule_cites_source(code):
    assert RULES[code].source_refs


@pytest.mark.parametrize("code", CODES)
def test_rule_sources_resolve(code):
    facts = load_catalog().facts
    for ref in RULES[code].source_refs:
        kind, _, name = ref.partition(":")
        if kind == "fact":
            assert name in facts, ref
        elif kind == "catalog":
            assert name in CATALOG_PARTS, ref
        else:
            assert ref.startswith("https://"), ref


@pytest.mark.parametrize("code", CODES)
def test_rule_has_messages(code):
    messages = catalogue("en")
    for part in ("title", "explanation", "remediation"):
        assert f"findings.{code}.{part}" in messages, part


@pytest.mark.parametrize("code", CODES)
def test_rule_effect_matches_readiness(code):
    rule = RULES[code]
    finding = Finding(
        id="x", code=code, severity=rule.severity, tenant_key="t", evidence=(), blocks=rule.blocks, needs_evaluation=rule.needs_evaluation
    )
    assert readiness_of([finding]) is rule.effect


@pytest.mark.parametrize("code", CODES)
def test_rule_version_positive(code):
    assert RULES[code].version >= 1


def test_docs_page_current():
    assert DOCS.read_text(encoding="utf-8") == render(), "run: python -m assess.rules.docs > docs/rules.md"


def test_cli_lists_every_rule():
    output = CliRunner().invoke(app, ["rules"]).output
    listed = {line.split()[0] for line in output.splitlines()[1:] if line.strip()}
    assert listed == set(CODES)


def test_cli_line_shows_effect_and_title():
    output = CliRunner().invoke(app, ["rules"]).output
    line = next(line for line in output.splitlines() if line.startswith("AVL-IAG-ONLY"))
    assert "Blocked" in line
    assert "is not available after migration" in line
