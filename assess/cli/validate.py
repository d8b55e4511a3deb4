"""``ips-assess validate``: read the inputs exactly as ``run`` does and list every input issue."""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..errors import InputError
from .common import configure_logging, reported_errors
from .exit_codes import ExitCode
from .run import HIDDEN_ROWS_HELP, MAX_CELLS_OPTION, MAX_UNCOMPRESSED_MB_OPTION, PASSWORD_HELP, SHEET_HELP, mebibytes


def validate(
    inputs: List[Path] = typer.Argument(..., help="Spreadsheets, IPS system JSON exports or folders of them."),
    sheet: str = typer.Option(None, "--sheet", help=SHEET_HELP),
    password: str = typer.Option(None, "--password", envvar="IPS_ASSESS_PASSWORD", help=PASSWORD_HELP),
    include_hidden_rows: bool = typer.Option(False, "--include-hidden-rows", help=HIDDEN_ROWS_HELP),
    max_cells: Optional[int] = MAX_CELLS_OPTION,
    max_uncompressed_mb: Optional[int] = MAX_UNCOMPRESSED_MB_OPTION,
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    """Check the inputs and print every problem: exit 0 when they can be assessed, 2 when not."""
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..core import read_options
        from ..ingest import read_inventory

        missing = [str(path) for path in inputs if not path.exists()]
        if missing:
            from ..errors import UsageError

            raise UsageError("; ".join(f"input not found: {path}; check the path" for path in missing))
        try:
            options = read_options(sheet, password, max_cells, mebibytes(max_uncompressed_mb), include_hidden_rows)
            inventory = read_inventory(list(inputs), options)
        except InputError as error:
            _print_issues(error.issues)
            raise typer.Exit(ExitCode.USAGE_OR_INPUT_ERROR) from None

    _print_issues(inventory.issues)
    typer.echo(f"{len(inventory.tenants)} tenants and {len(inventory.systems)} systems can be assessed.")


def _print_issues(issues) -> None:
    for issue in issues:
        kind = "error" if issue.is_error else "warning"
        typer.echo(f"{kind}: {issue.line()}")
