"""Every sentence a customer or consultant reads, one catalogue per language.

A catalogue is the merge of the YAML files in ``messages/<language>/``. Keys are
dotted paths (``findings.SYS-TARGET-BLOCKED.title``); values are ``str.format``
templates whose placeholders come from the caller.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any, Mapping

import yaml

LANGUAGES = ("en",)


class MissingMessage(KeyError):
    """A key has no text in the requested language."""


class Catalogue:
    """Lookup of message templates for one language."""

    def __init__(self, language: str, entries: Mapping[str, str]):
        self.language = language
        self._entries = dict(entries)

    def __contains__(self, key: str) -> bool:
        return key in self._entries

    def keys(self) -> list[str]:
        return sorted(self._entries)

    def text(self, key: str, **params: Any) -> str:
        """Format the template for ``key`` with ``params``; a missing placeholder stays visible."""
        try:
            template = self._entries[key]
        except KeyError:
            raise MissingMessage(f"no '{self.language}' message for key '{key}'") from None

        return template.format_map(_KeepMissing(params))


class _KeepMissing(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _flatten(prefix: str, node: Any, into: dict[str, str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            _flatten(f"{prefix}.{key}" if prefix else str(key), value, into)
    else:
        into[prefix] = str(node).strip()


@lru_cache(maxsize=None)
def catalogue(language: str = "en") -> Catalogue:
    """Load and merge every YAML file of ``language``; duplicate keys are a packaging error."""
    if language not in LANGUAGES:
        raise MissingMessage(f"unsupported report language '{language}'; use one of {', '.join(LANGUAGES)}")

    folder = resources.files("assess.messages") / language
    entries: dict[str, str] = {}
    for item in sorted(folder.iterdir(), key=lambda entry: entry.name):
        if not item.name.endswith(".yaml"):
            continue
        flat: dict[str, str] = {}
        _flatten("", yaml.safe_load(item.read_text(encoding="utf-8")) or {}, flat)
        duplicated = entries.keys() & flat.keys()
        if duplicated:
            raise ValueError(f"message keys defined twice in {item.name}: {sorted(duplicated)}")
        entries.update(flat)

    return Catalogue(language, entries)
