"""The progress bar of ``run``: drawn on a terminal only, one step per stage of the run."""

from __future__ import annotations

import contextlib
import sys
from typing import Callable, Iterator

import typer

from .common import text


@contextlib.contextmanager
def progress_display(quiet: bool) -> Iterator[Callable[[str], None] | None]:
    """Yield the callback that advances the bar, or None when ``quiet`` is set or stdout is not a terminal."""
    if quiet or not sys.stdout.isatty():
        yield None
        return

    from ..core import RUN_STAGES

    first_label = text(f"progress.{RUN_STAGES[0]}")
    with typer.progressbar(length=len(RUN_STAGES), label=first_label, show_eta=False, show_percent=False,
                           show_pos=True) as bar:
        reached = 0

        def advance(stage: str) -> None:
            nonlocal reached
            position = RUN_STAGES.index(stage)
            bar.label = text(f"progress.{stage}")
            bar.update(position - reached)
            reached = position

        yield advance
        bar.update(len(RUN_STAGES) - reached)
