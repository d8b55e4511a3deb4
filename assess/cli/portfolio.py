"""``ips-assess portfolio``: assess every customer folder of a folder and compare the customers."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from ..messages import catalogue
from .common import configure_logging, reported_errors, text
from .exit_codes import ExitCode


def _help(key: str) -> str:
    return catalogue("en").text(f"compare.portfolio.help.{key}")


def portfolio(
    folder: Path = typer.Argument(..., help=_help("folder")),
    out: Path = typer.Option(Path("reports"), "--out", "-o", help=_help("out")),
    jobs: Optional[int] = typer.Option(None, "--jobs", "-j", min=1, help=_help("jobs")),
    as_of: Optional[str] = typer.Option(None, "--as-of", help=_help("as_of")),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..portfolio import PortfolioRequest, result_line, run_portfolio
        from .run import parse_date

        request = PortfolioRequest(folder=folder, out_dir=out, jobs=jobs, as_of=parse_date(as_of, "--as-of"))
        result = run_portfolio(request, on_result=lambda customer: typer.echo(result_line(customer), err=not customer.succeeded))

    typer.echo(text("wrote", path=result.workbook))
    customers, failed = len(result.customers), len(result.failed)
    typer.echo(catalogue("en").text("compare.portfolio.console.total", customers=customers, assessed=customers - failed, failed=failed))
    if failed:
        raise typer.Exit(ExitCode.USAGE_OR_INPUT_ERROR)


# Typer takes a command's help from its docstring.
portfolio.__doc__ = _help("command")
