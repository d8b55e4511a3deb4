"""``ips-assess compare``: explain what changed between two assessment.json files and why."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..messages import catalogue
from .common import configure_logging, reported_errors, text


def _help(key: str) -> str:
    return catalogue("en").text(f"compare.help.{key}")


def compare(
    old: Path = typer.Argument(..., help=_help("old")),
    new: Path = typer.Argument(..., help=_help("new")),
    out: Optional[Path] = typer.Option(None, "--out", "-o", help=_help("out")),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..compare import compare_files, report_lines, write_comparison_workbook

        comparison = compare_files(old, new)
        written = write_comparison_workbook(comparison, out) if out is not None else None

    for line in report_lines(comparison):
        typer.echo(line)
    if written is not None:
        typer.echo(text("wrote", path=written))


# Typer takes a command's help from its docstring.
compare.__doc__ = _help("command")
