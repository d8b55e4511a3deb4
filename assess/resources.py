"""Locate files that ship with the tool: templates and the sample landscape.

A wheel carries ``templates/`` and ``sample_inputs/`` inside the package (see
pyproject.toml); a source checkout or editable install keeps them at the top of
the repository.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _locate(name: str) -> Path:
    for candidate in (_PACKAGE / name, _PACKAGE.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"the installation has no '{name}' folder; reinstall ips-assess")


def templates_dir() -> Path:
    return _locate("templates")


def sample_inputs_dir() -> Path:
    return _locate("sample_inputs")
