"""``ips-assess template``: write the empty input workbook that customers fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import configure_logging, reported_errors


def template(
    out: Optional[Path] = typer.Option(
        None, "--out", "-o", help="Workbook file to write (.xlsx). Default: ips-assess-input-template.xlsx in the current folder."
    ),
    force: bool = typer.Option(False, "--force", help="Overwrite the file when it already exists."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    """Write an input workbook with Tenants and Systems sheets, drop-down lists and an example row each."""
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..messages import catalogue
        from ..template import DEFAULT_NAME, write_template

        written = write_template(out if out is not None else Path(DEFAULT_NAME), force=force)

    typer.echo(catalogue("en").text("template.wrote", path=written))
