"""Findings that the engine builds without the dataclass __init__ equal those built with it."""

from __future__ import annotations

import dataclasses

import pytest

from assess.model import Confidence, Finding, Role, SourceRef
from assess.rules.engine import _finding
from assess.rules.registry import Hit, all_rules

RULE = all_rules()["AVL-IAG-ONLY"]
SOURCE = SourceRef("systems.xlsx", "Systems", 4, None)


def _built() -> Finding:
    hit = Hit(params={"system": "HR"}, sources=("https://help.sap.com/x", ""))
    return _finding(RULE, hit, tenant_key="t1", evidence=(SOURCE,), confidence=Confidence.MEDIUM, system="HR",
                    role=Role.TARGET)


def _expected() -> Finding:
    return Finding(
        id=f"{RULE.code}|t1|HR|target", code=RULE.code, severity=RULE.severity, tenant_key="t1", evidence=(SOURCE,),
        params={"system": "HR"}, system_name="HR", role=Role.TARGET, sources=("https://help.sap.com/x",),
        confidence=Confidence.MEDIUM, effort=RULE.effort, remediable=RULE.remediable,
        confirm_with_sap=RULE.confirm_with_sap, blocks=RULE.blocks, needs_evaluation=RULE.needs_evaluation,
    )


def test_finding_sets_every_field():
    assert set(vars(_built())) == {field.name for field in dataclasses.fields(Finding)}


def test_finding_equals_dataclass():
    assert _built() == _expected()


def test_finding_stays_frozen():
    finding = _built()

    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.code = "changed"
