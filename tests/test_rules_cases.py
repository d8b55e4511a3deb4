"""Every rule against its case file: the real engine and the packaged catalog decide each case."""

from __future__ import annotations

import pytest
import yaml

from assess.rules.registry import all_rules
from rules.loader import CASES_DIR, all_cases, case_files, load_cases, run_case

CASES = all_cases()


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_rule_case(case):
    assessment = run_case(case)
    hit = any(finding.code == case.code for finding in assessment.findings)
    assert hit is case.hit


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_has_case_file(code):
    assert code in case_files()


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_has_non_hit_case(code):
    assert any(not case.hit for case in load_cases(code))


@pytest.mark.parametrize("code", sorted(all_rules()))
def test_rule_has_hit_case(code):
    data = yaml.safe_load((CASES_DIR / f"{code}.yml").read_text(encoding="utf-8"))
    if "unreachable" in data:
        pytest.skip(f"{code} cannot hit with the packaged catalog: {data['unreachable']}")
    assert any(case.hit for case in load_cases(code))


def test_case_files_name_rules():
    assert set(case_files()) <= set(all_rules())

