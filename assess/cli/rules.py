"""``ips-assess rules``: list every rule with its code, severity, effort and readiness effect."""

from __future__ import annotations

import typer


def rules() -> None:
    """List the assessment rules."""
    from ..rules.registry import all_rules

    for code, rule in all_rules().items():
        effect = "blocks" if rule.blocks else "needs evaluation" if rule.needs_evaluation else "-"
        summary = rule.doc.split("\n\n")[0].replace("\n", " ")
        typer.echo(f"{code:24} {rule.severity.value:7} {rule.effort:3} {effect:17} {summary}")
