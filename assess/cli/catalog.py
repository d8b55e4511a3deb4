"""``ips-assess catalog``: show the connector catalog in use and rebuild it from SAP's docs."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .common import configure_logging, reported_errors

app = typer.Typer(help="Show or rebuild the connector catalog.", no_args_is_help=True, rich_markup_mode=None)


@app.command("refresh")
def refresh(
    docs: Path = typer.Option(..., "--docs", help="Checkout of SAP-docs/btp-cloud-identity-services, or its docs folder."),
    out: Optional[Path] = typer.Option(None, "--out", help="Folder for the regenerated parsed.yaml. Default: the package's data folder."),
    read_on: Optional[str] = typer.Option(None, "--read-on", help="Date the docs were read (YYYY-MM-DD). Default: today."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    """Rebuild the parsed layer of the catalog from a checkout of SAP's documentation source."""
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..catalog.loader import default_data_dir
        from ..catalog.refresh import refresh_catalog
        from .run import parse_date

        written = refresh_catalog(docs, out or default_data_dir(), parse_date(read_on, "--read-on"))
    typer.echo(f"wrote {written}")


@app.command("show")
def show() -> None:
    """Print the catalog's provenance and every connector with its roles."""
    from ..catalog import load_catalog

    catalog = load_catalog()
    info = catalog.info
    typer.echo(f"catalog {info.version}: SAP docs commit {info.docs_commit[:7]} of {info.docs_commit_date}, read on {info.read_on}")
    for connector in catalog.connectors.values():
        roles = ", ".join(role.value for role in connector.roles)
        typer.echo(f"  {connector.name} ({roles})")


def _diff_help(key: str) -> str:
    from ..messages import catalogue

    return catalogue("en").text(f"compare.catalog_diff.help.{key}")


@app.command("diff", help=_diff_help("command"))
def diff(
    against: Optional[Path] = typer.Option(None, "--against", envvar="IPS_ASSESS_SAP_DOCS", show_envvar=False, help=_diff_help("against")),
    catalog: Optional[Path] = typer.Option(None, "--catalog", help=_diff_help("catalog")),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Show debug logging and tracebacks."),
) -> None:
    configure_logging(verbose)

    with reported_errors(verbose):
        from ..catalog.diff import diff_catalogs, diff_lines, read_against, read_catalog_data
        from ..catalog.loader import default_data_dir
        from ..errors import UsageError
        from ..messages import catalogue

        if against is None:
            raise UsageError(catalogue("en").text("compare.catalog_diff.error.no_against"))
        base = read_catalog_data(catalog or default_data_dir())
        other = read_against(against, catalog)
        lines = diff_lines(base, other, diff_catalogs(base, other))
    for line in lines:
        typer.echo(line)
