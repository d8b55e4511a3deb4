"""The rule registry: every rule's stable code, severity, effort and readiness effect.

A rule is a function that receives a context (one system, or one tenant) and returns
zero or more ``Hit`` records; the engine turns hits into ``Finding`` objects with the
rule's metadata. Codes never change meaning once released, so waivers, the workbook
tracker columns and ``compare`` can key on them. A rule's ``version`` goes up by one
whenever its check starts to hit different systems or tenants.

Every rule's docstring explains why the rule exists and ends with a ``Source:`` paragraph
of comma-separated references: a URL, ``fact:<key>`` (a fact of the connector catalog)
or ``catalog:<part>`` (a part of the catalog's connector data, see ``CATALOG_PARTS``).
Every rule also has a case file ``tests/rules/cases/<CODE>.yml`` that drives its tests.
"""

from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from ..model import Readiness, Severity

SCOPE_SYSTEM = "system"
SCOPE_TENANT = "tenant"

EFFORT_SIZES = ("S", "M", "L", "XL")

CATALOG_PARTS = ("availability", "bundles", "caveats", "names", "roles")
"""Parts of the connector catalog that a ``catalog:<part>`` source reference may name."""

_SOURCE_PARAGRAPH = re.compile(r"^Source:\s*(?P<refs>.+)\Z", re.DOTALL)


@dataclass(frozen=True)
class Hit:
    """One rule match before the engine adds ids, evidence and metadata."""

    params: Mapping[str, str] = field(default_factory=dict)
    sources: tuple[str, ...] = ()
    subject: str | None = None
    """Subject of a hit (a bundle, a connector) for tenant rules that can hit several times,
    so the finding ids of those hits differ."""


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

    enabled: bool = True

    @property
    def doc(self) -> str:
        return inspect.getdoc(self.check) or ""

    @property
    def reason(self) -> str:
        """The docstring without its ``Source:`` paragraph."""
        paragraphs = self.doc.split("\n\n")
        kept = [paragraph for paragraph in paragraphs if not _SOURCE_PARAGRAPH.match(paragraph)]
        return "\n\n".join(kept)

    @property
    def source_refs(self) -> tuple[str, ...]:
        """The references of the docstring's ``Source:`` paragraph; empty when it has none."""
        for paragraph in self.doc.split("\n\n"):
            match = _SOURCE_PARAGRAPH.match(paragraph)
            if match:
                refs = " ".join(match.group("refs").split())
                return tuple(ref.strip() for ref in refs.split(", ") if ref.strip())
        return ()

    @property
    def title_key(self) -> str:
        """Message catalogue key of the finding title."""
        return f"findings.{self.code}.title"

    @property
    def effect(self) -> Readiness:
        """The readiness a system or tenant gets at worst from this rule's findings alone."""
        if self.blocks:
            return Readiness.BLOCKED
        if self.needs_evaluation:
            return Readiness.NEEDS_EVALUATION
        if self.severity in (Severity.HIGH, Severity.MEDIUM):
            return Readiness.READY_AFTER_ADJUSTMENTS
        return Readiness.READY


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
