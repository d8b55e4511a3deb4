"""The rule registry: every rule's stable code, severity, effort and readiness effect.

A rule is a function that receives a context (one system, or one tenant) and returns
zero or more ``Hit`` records; the engine turns hits into ``Finding`` objects with the
rule's metadata. Codes never change meaning once released, so waivers, the workbook
tracker columns and ``compare`` can key on them.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from ..model import Severity

SCOPE_SYSTEM = "system"
SCOPE_TENANT = "tenant"

EFFORT_SIZES = ("S", "M", "L", "XL")


@dataclass(frozen=True)
class Hit:
    """One rule match before the engine adds ids, evidence and metadata."""

    params: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    severity: Severity | None = None


@dataclass(frozen=True)
class Rule:
    """Metadata of one rule; ``check`` returns the hits for one context."""

    code: str
    scope: str
    severity: Severity
    effort: str
    blocks: bool
    needs_evaluation: bool
    remediable: bool
    confirm_with_sap: bool
    check: Callable[..., Iterable[Hit]]
    version: int = 1

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""


_RULES: dict[str, Rule] = {}


def rule(
    code: str,
    *,
    scope: str,
    severity: Severity,
    effort: str,
    blocks: bool = False,
    needs_evaluation: bool = False,
    remediable: bool = True,
    confirm_with_sap: bool = False,
    version: int = 1,
) -> Callable[[Callable[..., Iterable[Hit]]], Callable[..., Iterable[Hit]]]:
    """Register ``check`` under ``code``; a code registered twice is a programming error."""
    if effort not in EFFORT_SIZES:
        raise ValueError(f"rule {code}: effort must be one of {EFFORT_SIZES}, not {effort!r}")

    def register(check: Callable[..., Iterable[Hit]]) -> Callable[..., Iterable[Hit]]:
        if code in _RULES:
            raise ValueError(f"rule code {code} is registered twice")
        _RULES[code] = Rule(
            code=code,
            scope=scope,
            severity=severity,
            effort=effort,
            blocks=blocks,
            needs_evaluation=needs_evaluation,
            remediable=remediable,
            confirm_with_sap=confirm_with_sap,
            check=check,
            version=version,
        )
        return check

    return register


def all_rules() -> dict[str, Rule]:
    """Return every registered rule by code, importing the rule modules first."""
    from . import availability, connectivity, naming, tenant, versions  # noqa: F401  (registration)

    return dict(sorted(_RULES.items()))
