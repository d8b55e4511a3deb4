"""The ``ips-assess`` command: a Typer app with one module per command.

Heavy libraries (pandas, openpyxl, WeasyPrint) are imported inside the commands, so
``--help`` and ``--version`` stay fast.
"""

from __future__ import annotations

import os
import sys
from typing import Optional

import typer

from .. import __version__
from . import catalog as catalog_command
from . import compare as compare_command
from . import portfolio as portfolio_command
from . import run as run_command
from . import rules as rules_command
from . import template as template_command
from . import validate as validate_command

app = typer.Typer(
    name="ips-assess",
    help="Assess SAP Identity Provisioning tenants for their migration off SAP BTP Neo.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"ips-assess {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Optional[bool] = typer.Option(
        None, "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
    ),
) -> None:
    """Assess SAP Identity Provisioning tenants for their migration off SAP BTP Neo.

    Exit codes: 0 assessed, 1 findings at or above --fail-on, 2 usage or input error,
    3 internal error.
    """


app.command("run")(run_command.run)
app.command("validate")(validate_command.validate)
app.command("rules")(rules_command.rules)
app.command("template")(template_command.template)
app.add_typer(catalog_command.app, name="catalog")
app.command("compare")(compare_command.compare)
app.command("portfolio")(portfolio_command.portfolio)


# Exit codes after an interrupt: 128 plus the signal number of SIGINT and SIGTERM.
_INTERRUPTED = (130, 143)


def main() -> None:
    try:
        app()
    except SystemExit as exit_request:
        if exit_request.code not in _INTERRUPTED:
            raise
        # After a handled Ctrl-C, Python sometimes still ended the process through SIGINT
        # at shutdown (seen when the interrupt landed while WeasyPrint was loading), so a
        # caller saw -2 instead of 130. The reports are cleaned up by now, so exit at once.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(exit_request.code)
