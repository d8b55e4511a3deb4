"""``ips-assess rules``: list every rule with its code, severity, effort, readiness effect and title."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..messages import catalogue
from .common import configure_logging, reported_errors


def rules(
    config: Optional[Path] = typer.Option(None, "--config", help=catalogue("en").text("config.cli.rules_config_help")),
) -> None:
    """List the assessment rules; docs/rules.md explains each one."""
    configure_logging(False)

    with reported_errors(False):
        from ..config import configured_rules

        listed = configured_rules(config)

    for line in rule_lines(listed):
        typer.echo(line)


def rule_lines(listed: dict) -> list[str]:
    """Format one header line and one line per rule; disabled rules show their state as effect."""
    messages = catalogue("en")
    columns = ("code", "severity", "effort", "effect", "title")
    lines = [messages.text("config.rules_list.line", **{name: messages.text(f"config.rules_list.{name}") for name in columns})]
    for code, rule in listed.items():
        effect = messages.text(f"readiness.{rule.effect.value}") if rule.enabled else messages.text("config.rules_list.disabled")
        title = messages.text(rule.title_key)
        lines.append(
            messages.text(
                "config.rules_list.line", code=code, severity=rule.severity.value, effort=rule.effort, effect=effect, title=title
            )
        )
    return lines
