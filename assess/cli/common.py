"""Helpers shared by the commands: error reporting, logging setup, message lookup."""

from __future__ import annotations

import contextlib
import logging
import signal
import sys
from typing import Iterator

import typer

from ..errors import AssessError, InputError
from .exit_codes import ExitCode

INTERNAL_ERROR = 3


def text(key: str, **params: object) -> str:
    from ..messages import catalogue

    return catalogue("en").text(f"cli.{key}", **params)


def configure_logging(verbose: bool) -> None:
    logging.basicConfig(
        level=logging.DEBUG if verbose else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not verbose:
        # WeasyPrint and fontTools log layout details at INFO and WARNING; the reports' own
        # checks cover what matters, so only --verbose shows them.
        for name in ("weasyprint", "fontTools"):
            logging.getLogger(name).setLevel(logging.ERROR)


@contextlib.contextmanager
def reported_errors(verbose: bool) -> Iterator[None]:
    """Turn the tool's errors into one line each on stderr and exit code 2, tracebacks only with --verbose."""
    previous_handler = _stop_on_sigterm()
    try:
        yield
    except InputError as error:
        if verbose:
            logging.getLogger("assess").exception("run failed")
        for issue in error.issues:
            prefix = text("error_prefix") if issue.is_error else text("warning_prefix")
            typer.echo(f"{prefix} {issue.line()}", err=True)
        raise typer.Exit(ExitCode.USAGE_OR_INPUT_ERROR) from None
    except AssessError as error:
        if verbose:
            logging.getLogger("assess").exception("run failed")
        for line in error.lines():
            typer.echo(f"{text('error_prefix')} {line}", err=True)
        raise typer.Exit(ExitCode.USAGE_OR_INPUT_ERROR) from None
    except KeyboardInterrupt as error:
        typer.echo(text("interrupted"), err=True)
        raise typer.Exit(143 if isinstance(error, Terminated) else 130) from None
    except (typer.Exit, typer.Abort):
        raise
    except Exception as error:  # noqa: BLE001  (the last line of defence: no traceback without --verbose)
        if verbose:
            raise
        typer.echo(text("internal_error", error=f"{type(error).__name__}: {error}"), err=True)
        raise typer.Exit(INTERNAL_ERROR) from None
    finally:
        signal.signal(signal.SIGTERM, previous_handler)


class Terminated(KeyboardInterrupt):
    """SIGTERM (kill, timeout, a cancelled CI job) raised as an interrupt, so the report
    writer removes its temporary files exactly as it does for Ctrl-C."""


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated()


def _stop_on_sigterm():
    return signal.signal(signal.SIGTERM, _raise_terminated)
